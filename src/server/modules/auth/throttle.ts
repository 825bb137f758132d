import {
  BACKOFF,
  BACKOFF_FORGET_SECONDS,
  type BackoffKey,
  backoffSeconds,
} from '../../../domain/auth/backoff.js';

/*
 * The sign-in back-off counters, in memory. Why not in the users row: an unknown username has no
 * row, and it must be throttled exactly like a real one (anything else tells which names exist);
 * a failed attempt then costs no database write; and the check runs before any hashing or query,
 * so a throttled flood costs almost nothing. What that gives up: counters reset on restart (an
 * attacker gains one round of free tries per restart) and are per process; the embedded database
 * allows one process (src/server/db/lock.ts), and several processes behind one PostgreSQL divide
 * the guessing rate by at most their number.
 */

interface Entry {
  failures: number;
  /** Epoch ms of the last failure. */
  last: number;
  /** Epoch ms before which the next attempt is refused. */
  until: number;
}

/** At most this many counters; the least recently failed are dropped first (a few MB at most). */
const MAX_ENTRIES = 50_000;

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  private keys(username: string, ip: string): [BackoffKey, string][] {
    // The separator cannot occur in a username (trimmed, validated) nor in an address.
    return [
      ['pair', `p\n${username}\n${ip}`],
      ['address', `a\n${ip}`],
      ['account', `u\n${username}`],
    ];
  }

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.last > BACKOFF_FORGET_SECONDS * 1000) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /**
   * Starts an attempt: answers `refused` (seconds to wait; nothing counted) or counts it as a failure
   * at once, before the password is checked, and answers the wait that count imposes on the next
   * attempt. Counting first is what makes concurrent attempts safe: a burst of 200 requests cannot
   * all pass the check while the first ones are still hashing. `succeeded` or `cancel` undo it.
   */
  attempt(username: string, ip: string, now: Date): { refused: number } | { imposed: number } {
    const t = now.getTime();
    const keys = this.keys(username, ip);
    let until = 0;
    for (const [, key] of keys) until = Math.max(until, this.live(key, t)?.until ?? 0);
    if (until > t) return { refused: (until - t) / 1000 };
    let imposed = 0;
    for (const [kind, key] of keys) {
      const failures = (this.live(key, t)?.failures ?? 0) + 1;
      const seconds = backoffSeconds(failures, BACKOFF[kind]);
      // Re-inserted so that Map order is least-recently-failed first, for the eviction below.
      this.entries.delete(key);
      this.entries.set(key, { failures, last: t, until: t + seconds * 1000 });
      imposed = Math.max(imposed, seconds);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return { imposed };
  }

  /** Takes back the count of one attempt on a counter, and the wait it imposed. */
  private uncount(kind: BackoffKey, key: string) {
    const e = this.entries.get(key);
    if (!e) return;
    const failures = e.failures - 1;
    if (failures <= 0) this.entries.delete(key);
    else
      this.entries.set(key, {
        ...e,
        failures,
        until: e.last + backoffSeconds(failures, BACKOFF[kind]) * 1000,
      });
  }

  /**
   * The password was right: the pair and the account counters are cleared, the owner proved
   * themselves. The address counter only loses this attempt: an attacker holding one valid account
   * must not reset the counter of the address they guess other accounts from.
   */
  succeeded(username: string, ip: string) {
    for (const [kind, key] of this.keys(username, ip)) {
      if (kind === 'address') this.uncount(kind, key);
      else this.entries.delete(key);
    }
  }

  /** The attempt was not made after all (the server was too busy to check it). */
  cancel(username: string, ip: string) {
    for (const [kind, key] of this.keys(username, ip)) this.uncount(kind, key);
  }
}
