/**
 * Key management for lib/pii.ts (`npm run keys`): rotating the data key that encrypts values,
 * re-wrapping the data keys under a new deployment key, re-encrypting values sealed under a
 * retired key, and counting values per key.
 *
 * The hash key is not rotated here: a new one changes every lookup hash, which needs every value
 * decrypted and re-hashed while the unique index holds old and new alike (left for later). It needs
 * the same care as the enc keys: an ID number has little entropy (the region and birth date leave
 * about 500 candidates), so whoever holds the hash key and the database can test candidates. It is
 * wrapped like the others, and `rewrap` covers a change of the deployment key.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../db/client.js';
import { dataKeys } from '../db/schema/index.js';
import {
  currentKeyId,
  kekIdOf,
  loadDataKeys,
  readDataKeys,
  type Suite,
  sealWith,
  unseal,
  wrapKey,
} from './pii.js';

/** Every column holding sealed values: [table, column, kind]. */
export const SEALED_COLUMNS = [
  ['members', 'id_number_enc', 'idNumber'],
  ['members', 'phone_enc', 'phone'],
  ['development_cases', 'id_number_enc', 'idNumber'],
  ['development_cases', 'phone_enc', 'phone'],
  ['activation_codes', 'code_enc', 'code'],
] as const;

const KEYS_LOCK = 0x6a63_6b79; // the same lock as key creation in pii.ts

/**
 * A new enc data key encrypts from now on; the previous ones are retired (they still decrypt until
 * `reencrypt` has moved their values). Processes already running keep the keys they loaded: restart
 * them after a rotation, before re-encrypting.
 */
export async function rotateEncKey(db: DbOrTx, kek: Buffer): Promise<{ retired: number[]; current: number }> {
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${KEYS_LOCK})`);
    const keys = await readDataKeys(tx, kek);
    const active = keys.filter((k) => k.purpose === 'enc' && !k.retired);
    const suite: Suite = active.at(-1)?.suite ?? keys[0]?.suite ?? 's1';
    await tx.execute(
      sql`update data_keys set retired_at = now() where purpose = 'enc' and retired_at is null`,
    );
    const [row] = await tx
      .insert(dataKeys)
      .values({ purpose: 'enc', wrapped: wrapKey(kek, 'enc', randomBytes(32), suite), kekId: kekIdOf(kek) })
      .returning({ id: dataKeys.id });
    return { retired: active.map((k) => k.id), current: row.id };
  });
  await loadDataKeys(db, { kek });
  return result;
}

/** Every data key unwrapped with the old deployment key and wrapped with the new one, in one transaction. */
export async function rewrapKeys(db: DbOrTx, oldKek: Buffer, newKek: Buffer): Promise<number> {
  const n = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${KEYS_LOCK})`);
    const keys = await readDataKeys(tx, oldKek);
    for (const k of keys) {
      await tx.execute(
        sql`update data_keys set wrapped = ${wrapKey(newKek, k.purpose, k.key, k.suite)}, kek_id = ${kekIdOf(newKek)} where id = ${k.id}`,
      );
    }
    return keys.length;
  });
  await loadDataKeys(db, { kek: newKek });
  return n;
}

const sealedRow = z.object({ id: z.number(), v: z.string() });

/**
 * Moves every value sealed under another key than the current one to the current key, `chunk` rows
 * per transaction. Idempotent and resumable: a value already under the current key is never read
 * again, so a run stopped half-way continues where it stopped.
 */
export async function reencrypt(
  db: DbOrTx,
  opts: { chunk?: number; onChunk?: (table: string, column: string, n: number) => void } = {},
): Promise<number> {
  const chunk = opts.chunk ?? 500;
  const current = currentKeyId();
  let moved = 0;
  for (const [table, column, kind] of SEALED_COLUMNS) {
    const t = sql.identifier(table);
    const c = sql.identifier(column);
    let after = 0;
    for (;;) {
      const rows = await queryRows(
        db,
        sql`select id, ${c} as v from ${t} where ${c} is not null and split_part(${c}, ':', 2) <> ${String(current)}
            and id > ${after} order by id limit ${chunk}`,
        sealedRow,
      );
      if (!rows.length) break;
      const values = sql.join(
        rows.map((r) => sql`(${r.id}::int, ${sealWith(current, kind, unseal(r.v))}::text)`),
        sql`, `,
      );
      await db.transaction(async (tx) => {
        await tx.execute(
          sql`update ${t} as t set ${c} = v.enc from (values ${values}) as v(id, enc) where t.id = v.id`,
        );
      });
      moved += rows.length;
      after = rows[rows.length - 1].id;
      opts.onChunk?.(table, column, rows.length);
    }
  }
  return moved;
}

export interface KeyStatus {
  keys: { id: number; purpose: string; kekId: string; createdAt: string; retiredAt: string | null }[];
  /** Values per table.column per key id. */
  values: { table: string; column: string; keyId: number; n: number }[];
}

/** The data keys and how many values each one encrypts. */
export async function keyStatus(db: DbOrTx): Promise<KeyStatus> {
  const keys = await queryRows(
    db,
    sql`select id, purpose, kek_id as "kekId", created_at::text as "createdAt", retired_at::text as "retiredAt"
        from data_keys order by id`,
    z.object({
      id: z.number(),
      purpose: z.string(),
      kekId: z.string(),
      createdAt: z.string(),
      retiredAt: z.string().nullable(),
    }),
  );
  const values: KeyStatus['values'] = [];
  for (const [table, column] of SEALED_COLUMNS) {
    const c = sql.identifier(column);
    const rows = await queryRows(
      db,
      sql`select split_part(${c}, ':', 2) as k, count(*)::int as n from ${sql.identifier(table)}
          where ${c} is not null group by 1 order by 1`,
      z.object({ k: z.string(), n: z.number() }),
    );
    for (const r of rows) values.push({ table, column, keyId: Number(r.k), n: r.n });
  }
  return { keys, values };
}
