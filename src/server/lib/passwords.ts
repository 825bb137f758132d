import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/*
 * Password hashing: scrypt at one of OWASP's equivalent minimum settings (Password Storage Cheat
 * Sheet: N=2^17 r=8 p=1, or N=2^16 r=8 p=2, …). Why scrypt and not argon2id: `crypto.argon2` exists
 * only from Node 24.7, and the Node that runs this project's tests and CI is older; a hash store
 * whose verification depends on the runtime's minor version would lock every user out after a
 * Node downgrade. Why N=2^16 p=2 rather than N=2^17 p=1: the same CPU work (OpenSSL runs the p
 * lanes one after the other) with half the memory, 64 MiB instead of 128 MiB per hash, which
 * matters with two hashes running at once on a small server.
 *
 * The stored form names its parameters (`scrypt$N$r$p$salt$key`), so older hashes (N=2^15 p=1)
 * keep verifying and are replaced on the next successful sign-in (`needsRehash`), and a future
 * move to argon2id is a new prefix plus the same rehash.
 */
const N = 2 ** 16;
const R = 8;
const P = 2;
const KEYLEN = 32;
// 128 × N × r bytes for the work array plus the lanes: above 64 MiB, so raise Node's 32 MiB cap.
const MAXMEM = 160 * 1024 * 1024;
/** The most a stored hash may ask for: a forged or corrupt row must not make us allocate gigabytes. */
const MAX_N = 2 ** 17;

/*
 * At most this many hashes at once. scrypt runs on libuv's pool of four threads, which file reads
 * and the database driver share: a login flood must queue behind two hashing slots rather than
 * take every thread and every 64 MiB at once (issue #18: a flood slowed real logins to ~1.9 s).
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

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return withSlot(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password, salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function parse(stored: string) {
  const [algo, n, r, p, salt, key] = stored.split('$');
  const params = { n: Number(n), r: Number(r), p: Number(p) };
  const sane =
    algo === 'scrypt' &&
    !!salt &&
    !!key &&
    Number.isInteger(params.n) &&
    params.n > 1 &&
    params.n <= MAX_N &&
    [params.r, params.p].every((v) => Number.isInteger(v) && v >= 1 && v <= 16);
  return sane ? { ...params, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') } : null;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (!h) return false;
  const actual = await derive(password, h.salt, h.n, h.r, h.p);
  return actual.length === h.key.length && timingSafeEqual(actual, h.key);
}

/** True when the stored hash was made with other parameters than today's: rehash after a good sign-in. */
export function needsRehash(stored: string): boolean {
  const h = parse(stored);
  return !h || h.n !== N || h.r !== R || h.p !== P;
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
