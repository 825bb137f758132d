/**
 * Personal data at rest (issue #18): ID numbers and phones are stored encrypted, with a keyed hash
 * for uniqueness and exact lookup and a mask for what lists show.
 *
 * Envelope encryption. The deployment key (KEK: JICENG_DATA_KEY, JICENG_DATA_KEY_FILE or, for the
 * embedded database only, a key file beside the data directory) never touches a value: it wraps
 * random data keys stored in `data_keys`. An `enc` key encrypts values (rotated: the newest
 * unretired one encrypts, retired ones still decrypt until `npm run keys -- reencrypt` moves their
 * values); the `hash` key keys the lookup hashes. Rotating the KEK re-wraps the data keys only.
 *
 * Algorithms: the national ones through Node's OpenSSL, which ships SM4 and SM3 but no SM4-GCM, so
 * a value is SM4-CTR then HMAC-SM3 over version|keyId|iv|ciphertext (encrypt-then-MAC), with
 * separate encryption and MAC subkeys derived from the data key by HMAC-SM3 with labels; the lookup
 * hash is HMAC-SM3. An OpenSSL built without SM (some distributions drop it) falls back to
 * AES-256-GCM and HMAC-SHA-256, chosen when the deployment's keys are created and recorded in them:
 * a deployment whose keys are SM refuses to start on a runtime without SM rather than mixing.
 *
 * Keys are cached per process: `loadDataKeys` (re)loads them for the database it is given, and
 * every entry point that opens a database calls it before seal/unseal.
 */
import {
  type Cipheriv,
  createCipheriv,
  createDecipheriv,
  createHmac,
  getCiphers,
  getHashes,
  hash as oneShotHash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { maskIdNumber, maskPhone, normalizeIdNumber } from '../../domain/member/id-number.js';
import { type DbOrTx, queryRows } from '../db/client.js';
import { dataKeys } from '../db/schema/index.js';

/**
 * What a sealed value is. `code`: a member's activation code (issue #19), sealed so that the org can
 * print the slip again until it is used, and hashed (its own label) for the check; never masked.
 */
export type PiiKind = 'idNumber' | 'phone' | 'code';
/** s1: SM4-CTR + HMAC-SM3; a1: AES-256-GCM (+ HMAC-SHA-256 for hashes), the fallback. */
export type Suite = 's1' | 'a1';

const SM_AVAILABLE = getCiphers().includes('sm4-ctr') && getHashes().includes('sm3');
/** The suite a new deployment's keys are made for. */
export const DEFAULT_SUITE: Suite = SM_AVAILABLE ? 's1' : 'a1';

/**
 * HMAC (RFC 2104) from its definition, H((K ^ opad) | H((K ^ ipad) | m)), with the two padded keys
 * worked out once per key and the two hashes one-shot calls. The same bytes as `createHmac`, which
 * on Node 24's OpenSSL 3.5 spends ~30 µs per call setting up its context (~5 µs for a one-shot
 * hash): a member's two values take four MACs and hashes, and the generator seals millions.
 */
const pads = new WeakMap<Buffer, { alg: string; inner: Buffer; outer: Buffer }>();
function hmacPads(alg: string, key: Buffer) {
  const p = pads.get(key);
  if (p?.alg === alg) return p;
  // Both SM3 and SHA-256 work on 64-byte blocks; a longer key is hashed first, as HMAC says.
  const k = Buffer.alloc(64);
  (key.length > 64 ? oneShotHash(alg, key, 'buffer') : key).copy(k);
  const inner = Buffer.allocUnsafe(64);
  const outer = Buffer.allocUnsafe(64);
  for (let i = 0; i < 64; i++) {
    inner[i] = k[i] ^ 0x36;
    outer[i] = k[i] ^ 0x5c;
  }
  const made = { alg, inner, outer };
  pads.set(key, made);
  return made;
}
const hmac = (suite: Suite, key: Buffer, ...parts: (Buffer | string)[]) => {
  const { alg, inner, outer } = hmacPads(suite === 's1' ? 'sm3' : 'sha256', key);
  const msg = Buffer.concat([
    inner,
    ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)),
  ]);
  return oneShotHash(alg, Buffer.concat([outer, oneShotHash(alg, msg, 'buffer')]), 'buffer');
};
/**
 * Subkeys by label, so encryption, MAC and hashing never share a key; derived once per key (the
 * generator seals hundreds of thousands of values, and a derivation costs as much as the MAC).
 */
const subkeys = new WeakMap<Buffer, Map<string, Buffer>>();
function subkey(suite: Suite, key: Buffer, label: string): Buffer {
  const byLabel = subkeys.get(key) ?? new Map<string, Buffer>();
  subkeys.set(key, byLabel);
  const k = byLabel.get(label) ?? hmac(suite, key, `jiceng/${label}/v1`);
  byLabel.set(label, k);
  return k;
}

/** IVs cut from a pool of random bytes: one call into the generator per 256 values, not per value. */
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomIv(n: number): Buffer {
  if (poolAt + n > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

/**
 * SM4-CTR, the same bytes as OpenSSL's `sm4-ctr` with this IV: the keystream is the SM4 encryption
 * of the counter blocks IV, IV+1, … (the whole 16-byte block counts up, big-endian), XORed with the
 * text. The block cipher's context is made once per key and kept (ECB, no padding, never
 * finalised, so one context serves every value), where a `createCipheriv` per value cost ~40 µs.
 */
const ecbs = new WeakMap<Buffer, Cipheriv>();
function sm4Ctr(key: Buffer, iv: Buffer, text: Buffer): Buffer {
  let ecb = ecbs.get(key);
  if (!ecb) {
    ecb = createCipheriv('sm4-ecb', key.subarray(0, 16), null).setAutoPadding(false);
    ecbs.set(key, ecb);
  }
  const blocks = Math.ceil(text.length / 16);
  const counters = Buffer.allocUnsafe(blocks * 16);
  iv.copy(counters, 0, 0, 16);
  for (let b = 1; b < blocks; b++) {
    const at = b * 16;
    counters.copy(counters, at, at - 16, at);
    for (let i = at + 15; i >= at; i--) {
      counters[i] = (counters[i] + 1) & 0xff;
      if (counters[i] !== 0) break;
    }
  }
  const stream = ecb.update(counters);
  const out = Buffer.allocUnsafe(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text[i] ^ stream[i];
  return out;
}

/** Authenticated encryption of `plain` with associated data `ad` (which is not stored). */
function encrypt(suite: Suite, key: Buffer, ad: string, plain: Buffer): Buffer {
  if (suite === 's1') {
    const iv = randomIv(16);
    const ct = sm4Ctr(subkey(suite, key, 'enc'), iv, plain);
    const tag = hmac(suite, subkey(suite, key, 'mac'), ad, '\0', iv, ct);
    return Buffer.concat([iv, ct, tag]);
  }
  const iv = randomIv(12);
  const c = createCipheriv('aes-256-gcm', subkey(suite, key, 'enc'), iv);
  c.setAAD(Buffer.from(ad));
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, ct, c.getAuthTag()]);
}

class PiiIntegrityError extends Error {
  constructor(what: string) {
    // Names the key and the place, never the value.
    super(`加密数据校验失败（${what}）：数据被篡改或密钥不符 (integrity check failed)`);
    this.name = 'PiiIntegrityError';
  }
}

function decrypt(suite: Suite, key: Buffer, ad: string, blob: Buffer, what: string): Buffer {
  if (suite === 's1') {
    if (blob.length < 16 + 32) throw new PiiIntegrityError(what);
    const iv = blob.subarray(0, 16);
    const ct = blob.subarray(16, blob.length - 32);
    const tag = blob.subarray(blob.length - 32);
    const expected = hmac(suite, subkey(suite, key, 'mac'), ad, '\0', iv, ct);
    if (!timingSafeEqual(tag, expected)) throw new PiiIntegrityError(what);
    return sm4Ctr(subkey(suite, key, 'enc'), iv, ct);
  }
  if (blob.length < 12 + 16) throw new PiiIntegrityError(what);
  try {
    const d = createDecipheriv('aes-256-gcm', subkey(suite, key, 'enc'), blob.subarray(0, 12));
    d.setAAD(Buffer.from(ad));
    d.setAuthTag(blob.subarray(blob.length - 16));
    return Buffer.concat([d.update(blob.subarray(12, blob.length - 16)), d.final()]);
  } catch {
    throw new PiiIntegrityError(what);
  }
}

function requireSuite(suite: string, what: string): Suite {
  if (suite !== 's1' && suite !== 'a1') throw new PiiIntegrityError(`${what}: unknown format ${suite}`);
  if (suite === 's1' && !SM_AVAILABLE) {
    throw new Error(
      `${what} 使用国密算法 SM4/SM3，但本机 Node 的 OpenSSL 不提供（need an OpenSSL with sm4-ctr and sm3）`,
    );
  }
  return suite;
}

// ---- the deployment key (KEK) and the wrapped data keys ----

/** Which deployment key wrapped a data key: a fingerprint, not the key (SHA-256 on every runtime). */
export function kekIdOf(kek: Buffer): string {
  return createHmac('sha256', kek).update('jiceng/kek-id/v1').digest('hex').slice(0, 16);
}

export function wrapKey(kek: Buffer, purpose: string, key: Buffer, suite: Suite = DEFAULT_SUITE): string {
  return `${suite}:${encrypt(suite, kek, `wrap|${purpose}`, key).toString('base64')}`;
}

export function unwrapKey(kek: Buffer, purpose: string, wrapped: string, id: number): Buffer {
  const [suite, b64] = wrapped.split(':');
  const s = requireSuite(suite, `数据密钥 ${id}`);
  return decrypt(s, kek, `wrap|${purpose}`, Buffer.from(b64 ?? '', 'base64'), `数据密钥 ${id}`);
}

export { deploymentKey, parseKek } from './pii-kek.js';

interface Keyring {
  suite: Suite;
  /** Every enc key by id, retired ones included (they still decrypt). */
  enc: Map<number, { key: Buffer; suite: Suite }>;
  current: { id: number; key: Buffer };
  hash: { suite: Suite; key: Buffer };
}
let ring: Keyring | null = null;

function keyring(): Keyring {
  if (!ring) throw new Error('数据密钥尚未加载：打开数据库后先调用 loadDataKeys (data keys not loaded)');
  return ring;
}

const keyRow = z.object({
  id: z.number(),
  purpose: z.string(),
  wrapped: z.string(),
  kek_id: z.string(),
  retired: z.boolean(),
});

/** The data_keys rows, unwrapped with `kek`; a key wrapped by another KEK fails with both fingerprints. */
export async function readDataKeys(db: DbOrTx, kek: Buffer) {
  const rows = await queryRows(
    db,
    sql`select id, purpose, wrapped, kek_id, retired_at is not null as retired from data_keys order by id`,
    keyRow,
  );
  const kekId = kekIdOf(kek);
  return rows.map((r) => {
    if (r.kek_id !== kekId) {
      throw new Error(
        `部署密钥与数据库中的数据密钥不符：数据密钥 ${r.id} 由部署密钥 ${r.kek_id} 加密，当前配置的是 ${kekId}（检查 JICENG_DATA_KEY / JICENG_DATA_KEY_FILE）`,
      );
    }
    return {
      ...r,
      suite: requireSuite(r.wrapped.split(':')[0], `数据密钥 ${r.id}`),
      key: unwrapKey(kek, r.purpose, r.wrapped, r.id),
    };
  });
}

/** Serialises key creation between processes on one database (PostgreSQL and PGlite alike). */
const KEYS_LOCK = 0x6a63_6b79; // 'jcky'

/**
 * Loads the data keys into this process, creating them on first use (an enc and a hash key, under
 * an advisory lock so two processes starting together agree on one set); then seals any clear
 * ID number or phone left in the legacy columns by a version before issue #18.
 */
export async function loadDataKeys(db: DbOrTx, opts: { kek: Buffer }): Promise<void> {
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${KEYS_LOCK})`);
    const existing = await readDataKeys(tx, opts.kek);
    const suite = existing[0]?.suite ?? DEFAULT_SUITE;
    const missing = (['enc', 'hash'] as const).filter(
      (p) => !existing.some((r) => r.purpose === p && !r.retired),
    );
    if (!missing.length) return existing;
    for (const purpose of missing) {
      const key = randomBytes(32);
      await tx
        .insert(dataKeys)
        .values({ purpose, wrapped: wrapKey(opts.kek, purpose, key, suite), kekId: kekIdOf(opts.kek) });
    }
    return readDataKeys(tx, opts.kek);
  });
  const encs = rows.filter((r) => r.purpose === 'enc');
  const current = encs.filter((r) => !r.retired).at(-1);
  const hash = rows.find((r) => r.purpose === 'hash' && !r.retired);
  if (!current || !hash) throw new Error('data_keys: no current enc or hash key');
  ring = {
    suite: current.suite,
    enc: new Map(encs.map((r) => [r.id, { key: r.key, suite: r.suite }])),
    current: { id: current.id, key: current.key },
    hash: { suite: hash.suite, key: hash.key },
  };
  await sealLegacyValues(db);
  await hashCasePhones(db);
}

/** The data keys as plain data, for a worker thread of this process that seals (the generator's). */
export interface KeyringData {
  suite: Suite;
  enc: Array<[number, { key: Uint8Array; suite: Suite }]>;
  current: { id: number; key: Uint8Array };
  hash: { suite: Suite; key: Uint8Array };
}

export function keyringData(): KeyringData {
  const r = keyring();
  return { suite: r.suite, enc: [...r.enc], current: r.current, hash: r.hash };
}

/** Installs keys handed over by `keyringData` (in a worker thread, which opens no database). */
export function installKeyringData(d: KeyringData): void {
  const buf = (k: Uint8Array) => Buffer.from(k.buffer, k.byteOffset, k.byteLength);
  ring = {
    suite: d.suite,
    enc: new Map(d.enc.map(([id, k]) => [id, { key: buf(k.key), suite: k.suite }])),
    current: { id: d.current.id, key: buf(d.current.key) },
    hash: { suite: d.hash.suite, key: buf(d.hash.key) },
  };
}

/** Whether this process holds data keys (a seed run inside an already started process may reuse them). */
export function dataKeysLoaded(): boolean {
  return ring !== null;
}

/** The id of the key new values are sealed with (the re-encryption moves the others to it). */
export function currentKeyId(): number {
  return keyring().current.id;
}

// ---- values ----

/** The form a value is hashed, encrypted and masked in: an ID number canonical (NFKC, no spaces, upper-case X), a phone trimmed. */
export function normalise(kind: PiiKind, value: string): string {
  return kind === 'idNumber' ? normalizeIdNumber(value) : value.normalize('NFKC').trim();
}

/** Keyed hash for uniqueness and exact lookup (hex, 64 characters); the kind keeps an ID and a phone apart. */
export function hashOf(kind: PiiKind, value: string): string {
  const { suite, key } = keyring().hash;
  return hmac(suite, subkey(suite, key, `hash/${kind}`), normalise(kind, value)).toString('hex');
}

// The masks are the domain's (the web and the import's messages use the same ones).
export { maskIdNumber, maskPhone };

export function sealWith(keyId: number, kind: PiiKind, value: string) {
  const k = keyring().enc.get(keyId);
  if (!k) throw new Error(`数据密钥 ${keyId} 不存在`);
  const plain = normalise(kind, value);
  const ad = `${k.suite}|${keyId}`;
  return `${k.suite}:${keyId}:${encrypt(k.suite, k.key, ad, Buffer.from(plain, 'utf8')).toString('base64')}`;
}

export function seal(kind: PiiKind, value: string): { enc: string; hash: string; masked: string } {
  const plain = normalise(kind, value);
  return {
    enc: sealWith(keyring().current.id, kind, plain),
    hash: hashOf(kind, plain),
    masked: kind === 'idNumber' ? maskIdNumber(plain) : maskPhone(plain),
  };
}

/** Sealed columns of an optional value: all null when there is none. */
export function sealOptional(
  kind: PiiKind,
  value: string | null | undefined,
): { enc: string | null; hash: string | null; masked: string | null } {
  if (value == null || value.trim() === '') return { enc: null, hash: null, masked: null };
  return seal(kind, value);
}

/** The clear value; throws on a value that was altered (or sealed under a key this database lacks). */
export function unseal(enc: string): string {
  const [suite, id, b64] = enc.split(':');
  const keyId = Number(id);
  const k = keyring().enc.get(keyId);
  if (!k || b64 === undefined || k.suite !== suite) throw new PiiIntegrityError(`数据密钥 ${id}`);
  return decrypt(k.suite, k.key, `${suite}|${keyId}`, Buffer.from(b64, 'base64'), `数据密钥 ${id}`).toString(
    'utf8',
  );
}

/** The key id a sealed value names (for the status and re-encryption commands). */
export function keyIdOf(enc: string): number {
  return Number(enc.split(':')[1]);
}

// ---- clear values left by a version before issue #18 ----

const LEGACY_CHUNK = 500;
const legacyRow = z.object({
  id: z.number(),
  id_number: z.string().nullable(),
  phone: z.string().nullable(),
});

/**
 * Seals the clear ID numbers and phones that a data directory from before issue #18 still holds in
 * the legacy columns, and empties those, in chunks of 500 rows each in its own transaction (a crash
 * half-way leaves the rest for the next start). A member whose number is already registered under
 * another member keeps it encrypted but without a lookup hash (the unique index would refuse it);
 * the log names the member, never the number.
 */
export async function sealLegacyValues(db: DbOrTx): Promise<number> {
  let sealed = 0;
  for (const table of ['members', 'development_cases'] as const) {
    const t = sql.identifier(table);
    for (;;) {
      const rows = await queryRows(
        db,
        sql`select id, id_number, phone from ${t} where id_number is not null or phone is not null order by id limit ${LEGACY_CHUNK}`,
        legacyRow,
      );
      if (!rows.length) break;
      await db.transaction(async (tx) => {
        const sealedRows = rows.map((r) => ({
          id: r.id,
          idn: sealOptional('idNumber', r.id_number),
          ph: sealOptional('phone', r.phone),
        }));
        if (table === 'members') {
          const hashes = sealedRows.flatMap((r) => (r.idn.hash ? [r.idn.hash] : []));
          const taken = new Set(
            hashes.length
              ? (
                  await queryRows(
                    tx,
                    sql`select id_number_hash as h from members where id_number_hash in (${sql.join(
                      hashes.map((h) => sql`${h}`),
                      sql`, `,
                    )})`,
                    z.object({ h: z.string() }),
                  )
                ).map((r) => r.h)
              : [],
          );
          for (const r of sealedRows) {
            if (!r.idn.hash) continue;
            if (taken.has(r.idn.hash)) {
              console.warn(`党员 ${r.id} 的身份证号与另一名党员重复：已加密保存，但不参与唯一性检查`);
              r.idn.hash = null;
            } else taken.add(r.idn.hash);
          }
        }
        const values = sql.join(
          sealedRows.map(
            (r) =>
              sql`(${r.id}::int, ${r.idn.enc}::text, ${r.idn.hash}::text, ${r.idn.masked}::text, ${r.ph.enc}::text, ${r.ph.hash}::text, ${r.ph.masked}::text)`,
          ),
          sql`, `,
        );
        await tx.execute(sql`
          update ${t} as t set
            id_number_enc = coalesce(v.ie, t.id_number_enc),
            id_number_hash = case when v.ie is null then t.id_number_hash else v.ih end,
            id_number_masked = coalesce(v.im, t.id_number_masked),
            phone_enc = coalesce(v.pe, t.phone_enc), phone_hash = coalesce(v.ph, t.phone_hash),
            phone_masked = coalesce(v.pm, t.phone_masked),
            id_number = null, phone = null
          from (values ${values}) as v(id, ie, ih, im, pe, ph, pm)
          where t.id = v.id`);
      });
      sealed += rows.length;
    }
  }
  return sealed;
}

/**
 * Fills `development_cases.phone_hash` from the sealed phone where it is missing: cases written
 * before the hash existed (issue #19, an applicant's account signs in by phone through it).
 * Idempotent, in chunks of 500 rows each in its own transaction; a run stopped half-way continues
 * at the next start.
 */
export async function hashCasePhones(db: DbOrTx): Promise<number> {
  let hashed = 0;
  for (;;) {
    const rows = await queryRows(
      db,
      sql`select id, phone_enc as enc from development_cases where phone_hash is null and phone_enc is not null
          order by id limit ${LEGACY_CHUNK}`,
      z.object({ id: z.number(), enc: z.string() }),
    );
    if (!rows.length) break;
    const values = sql.join(
      rows.map((r) => sql`(${r.id}::int, ${hashOf('phone', unseal(r.enc))}::text)`),
      sql`, `,
    );
    await db.transaction(async (tx) => {
      await tx.execute(
        sql`update development_cases as t set phone_hash = v.h from (values ${values}) as v(id, h) where t.id = v.id`,
      );
    });
    hashed += rows.length;
  }
  return hashed;
}

/** The two primitives above, for the test that holds them to OpenSSL's `createHmac` and `sm4-ctr`. */
export const primitivesForTest = { hmac, sm4Ctr };
