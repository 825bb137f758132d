/**
 * Member accounts (issue #19, decision 0039): the activation code a secretary hands out on a slip,
 * the generated username, the ID-number tail a member types with the code, and the limits of
 * activation and SMS codes. Pure: the server draws the random bytes and reads the clock.
 */
import { normalizeIdNumber } from '../member/id-number.js';

/**
 * The letters of an activation code: no 0/O and no 1/I (read aloud or typed from paper, they are
 * confused), 32 symbols, so each character carries 5 bits and 8 characters carry 40.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;

/** A code from random bytes (one byte per character; 256 is a multiple of 32, so no bias). */
export function codeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < CODE_LENGTH) throw new Error('activation code: not enough random bytes');
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[bytes[i] % CODE_ALPHABET.length];
  return out;
}

/**
 * What a member typed, in the form the code is hashed in: upper case, without the spaces and
 * dashes of the printed form (ABCD-EFGH). Look-alikes are not mapped: the alphabet has none of
 * them, so a typed O or 1 is simply a wrong code.
 */
export function normaliseCode(typed: string): string {
  return typed
    .normalize('NFKC')
    .replace(/[\s-]+/g, '')
    .toUpperCase();
}

/** The printed form: two groups of four. */
export function formatCode(code: string): string {
  return code.length === CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** Whether a typed code can be one at all (checked before any database read). */
export function isCodeShape(normalised: string): boolean {
  return normalised.length === CODE_LENGTH && [...normalised].every((c) => CODE_ALPHABET.includes(c));
}

/** The generated username: `m` and 8 lower-case base32 characters (never the phone: decision 0035). */
export function usernameFromBytes(bytes: Uint8Array): string {
  return `m${codeFromBytes(bytes).toLowerCase()}`;
}

/** The last six characters of an ID number, compared case-insensitively (the check character X). */
export function idTailMatches(idNumber: string, typedTail: string): boolean {
  const id = normalizeIdNumber(idNumber);
  const tail = normalizeIdNumber(typedTail);
  return tail.length === 6 && id.length >= 6 && id.slice(-6) === tail;
}

/** A mainland mobile number as typed in the sign-in field (11 digits, 1[3-9]…), spaces allowed. */
export function asMobile(typed: string): string | null {
  const s = typed
    .normalize('NFKC')
    .replace(/[\s-]+/g, '')
    .replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}

export interface ActivationLimits {
  /** Wrong tries per code before it locks (rule accounts.activationMaxAttempts). */
  maxAttempts: number;
  /** Minutes a locked code stays locked (rule accounts.activationLockMinutes). */
  lockMinutes: number;
}

/** The code's counters after one more wrong try: locked for the period when it reaches the limit. */
export function afterWrongTry(
  failedAttempts: number,
  limits: ActivationLimits,
  now: Date,
): { failedAttempts: number; lockedUntil: Date | null } {
  const n = failedAttempts + 1;
  if (n < limits.maxAttempts) return { failedAttempts: n, lockedUntil: null };
  // Locked, and the count starts afresh when the lock ends: another full round of tries.
  return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + limits.lockMinutes * 60_000) };
}

export interface SmsLimits {
  /** Seconds between two codes to one phone. */
  phoneIntervalSeconds: number;
  /** Codes to one phone per calendar day (the last 24 hours). */
  phoneDailyMax: number;
  /** Codes requested from one address per hour. */
  ipHourlyMax: number;
}

export interface SmsHistory {
  /** When the phone's latest code was sent, if any in the last day. */
  phoneLastAt: Date | null;
  /** Codes sent to the phone in the last 24 hours. */
  phoneLastDay: number;
  /** Codes requested from the address in the last hour. */
  ipLastHour: number;
}

/**
 * Whether one more SMS code may be sent, and if not the seconds to wait (rounded up). The same
 * answer whether the phone is registered or not: the history counts requests, sent or not.
 */
export function smsRefusal(h: SmsHistory, limits: SmsLimits, now: Date): { waitSeconds: number } | null {
  if (h.ipLastHour >= limits.ipHourlyMax) return { waitSeconds: 3600 };
  if (h.phoneLastDay >= limits.phoneDailyMax) return { waitSeconds: 24 * 3600 };
  if (h.phoneLastAt) {
    const wait = limits.phoneIntervalSeconds * 1000 - (now.getTime() - h.phoneLastAt.getTime());
    if (wait > 0) return { waitSeconds: Math.ceil(wait / 1000) };
  }
  return null;
}

/** A six-digit SMS code from random bytes (four bytes: the bias over 10^6 is below 0.03 %). */
export function smsCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 4) throw new Error('sms code: not enough random bytes');
  const n = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  return String(n % 1_000_000).padStart(6, '0');
}

/** The wait in Chinese: 60 秒, 5 分钟, 1 小时. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} 秒`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} 分钟`;
  return `${Math.ceil(seconds / 3600)} 小时`;
}
