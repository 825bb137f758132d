/**
 * Sign-in back-off: after a few free failures, each further failure makes the next attempt wait
 * twice as long, up to a cap. Nothing locks: the owner who waits gets in, the guesser gets a handful
 * of tries an hour. Pure numbers; the server keeps the counters (modules/auth/throttle.ts).
 *
 * Three counters, each with its own curve (OWASP Authentication Cheat Sheet: throttle per account
 * and per source, prefer delays to lock-outs):
 * - pair (username, address): the usual guesser, and the owner who mistypes; strict.
 * - address: one source trying many usernames (credential stuffing). Generous free count, because
 *   a whole office may sit behind one NAT address.
 * - account: many sources against one username (a botnet). Gentle and with a short cap, so that an
 *   attacker elsewhere cannot keep the owner out for long: at worst a minute between tries.
 */
export interface BackoffCurve {
  /** Failures allowed before any wait. */
  free: number;
  /** Wait after the first failure beyond the free ones, in seconds; doubled per further failure. */
  baseSeconds: number;
  /** The longest wait, in seconds. */
  capSeconds: number;
}

export type BackoffKey = 'pair' | 'address' | 'account';

export const BACKOFF: Readonly<Record<BackoffKey, BackoffCurve>> = {
  pair: { free: 3, baseSeconds: 2, capSeconds: 15 * 60 },
  address: { free: 20, baseSeconds: 1, capSeconds: 15 * 60 },
  account: { free: 10, baseSeconds: 1, capSeconds: 60 },
};

/** Failures are forgotten this long after the last one: yesterday's typos cost nothing today. */
export const BACKOFF_FORGET_SECONDS = 24 * 60 * 60;

/** Seconds to wait after `failures` consecutive failures (0 while still within the free ones). */
export function backoffSeconds(failures: number, curve: BackoffCurve): number {
  if (failures <= curve.free) return 0;
  const exponent = Math.min(failures - curve.free - 1, 30);
  return Math.min(curve.capSeconds, curve.baseSeconds * 2 ** exponent);
}

/** "请在 N 秒后再试" in the unit a person reads: seconds under two minutes, then minutes (rounded up). */
export function waitMessage(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  const wait = s < 120 ? `${s}秒` : `${Math.ceil(s / 60)}分钟`;
  return `登录尝试过于频繁，请${wait}后再试`;
}
