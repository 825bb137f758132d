import { argon2, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { passwordFindings } from '../../domain/auth/passwordPolicy.js';

/*
 * Password hashing: argon2id through node:crypto (Node 24.7+, which the project pins through its
 * `node` dependency) at OWASP's first recommended setting (Password Storage Cheat Sheet):
 * m = 19 MiB, t = 2, p = 1. Stored in the PHC string format that other argon2 libraries read:
 * `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (unpadded base64).
 *
 * Hashes of the earlier scheme (`scrypt$32768$8$1$salt$key`, below OWASP's minimum) keep
 * verifying, and are replaced on the owner's next successful sign-in (`needsRehash`).
 */
const ARGON2 = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 } as const;
const PHC_PREFIX = `$argon2id$v=19$m=${ARGON2.memory},t=${ARGON2.passes},p=${ARGON2.parallelism}$`;
/** The most a stored hash may ask for: a forged or corrupt row must not make us allocate gigabytes. */
const MAX_MEMORY_KIB = 256 * 1024;
const MAX_SCRYPT_N = 2 ** 17;

/*
 * At most this many hashes at once. Hashing runs on libuv's pool of four threads, which file reads
 * and the database driver share: a login flood must queue behind two hashing slots rather than
 * take every thread at once (issue #18: a flood slowed real logins to ~1.9 s).
 */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next waiter (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** How many hashes are waiting for a slot: sign-in refuses new attempts beyond a bound. */
export const hashQueueLength = () => waiting.length;

function deriveArgon2(
  password: string,
  salt: Buffer,
  p: { memory: number; passes: number; parallelism: number; tagLength: number },
): Promise<Buffer> {
  return withSlot(
    () =>
      new Promise((resolve, reject) => {
        argon2('argon2id', { message: password, nonce: salt, ...p }, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );
}

function deriveScrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return withSlot(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password, salt, 32, { N: n, r, p, maxmem: 256 * 1024 * 1024 }, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await deriveArgon2(password, salt, ARGON2);
  return `${PHC_PREFIX}${b64(salt)}$${b64(key)}`;
}

type Parsed =
  | { kind: 'argon2id'; memory: number; passes: number; parallelism: number; salt: Buffer; key: Buffer }
  | { kind: 'scrypt'; n: number; r: number; p: number; salt: Buffer; key: Buffer };

const small = (v: number) => Number.isInteger(v) && v >= 1 && v <= 16;

function parse(stored: string): Parsed | null {
  const argon = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
    stored,
  );
  if (argon) {
    const [memory, passes, parallelism] = [Number(argon[1]), Number(argon[2]), Number(argon[3])];
    if (memory < 8 * parallelism || memory > MAX_MEMORY_KIB || !small(passes) || !small(parallelism))
      return null;
    const salt = Buffer.from(argon[4], 'base64');
    const key = Buffer.from(argon[5], 'base64');
    return salt.length >= 8 && key.length >= 16
      ? { kind: 'argon2id', memory, passes, parallelism, salt, key }
      : null;
  }
  const [algo, n, r, p, salt, key] = stored.split('$');
  const params = { n: Number(n), r: Number(r), p: Number(p) };
  const sane =
    algo === 'scrypt' &&
    !!salt &&
    !!key &&
    Number.isInteger(params.n) &&
    params.n > 1 &&
    params.n <= MAX_SCRYPT_N &&
    small(params.r) &&
    small(params.p);
  return sane
    ? { kind: 'scrypt', ...params, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') }
    : null;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (!h) return false;
  const actual =
    h.kind === 'argon2id'
      ? await deriveArgon2(password, h.salt, { ...h, tagLength: h.key.length })
      : await deriveScrypt(password, h.salt, h.n, h.r, h.p);
  return actual.length === h.key.length && timingSafeEqual(actual, h.key);
}

/** True when the stored hash is not argon2id at today's parameters: rehash after a good sign-in. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(PHC_PREFIX) || parse(stored) === null;
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '-_!@#%';

/**
 * A random password for generated accounts (demo, first administrator) that meets the password
 * policy: 16 characters, every class present, no look-alikes (0/O, 1/l/I).
 */
export function generatePassword(): string {
  for (;;) {
    const candidate = randomCandidate();
    // A random draw may still hold a run like "abcd"; draw again (rare).
    if (!passwordFindings(candidate, { minLength: 16, minClasses: 4 }).length) return candidate;
  }
}

function randomCandidate(): string {
  const pick = (set: string) => set[randomInt(set.length)];
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < 16) chars.push(pick(all));
  // Shuffle so the classes are not always in the first four places.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
