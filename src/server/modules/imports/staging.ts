/**
 * The staging rows of an import (`import_rows`): the validated values kept between the check and
 * the commit. They are copies of personal data, so they live no longer than needed (issue #18):
 * purged when the import is committed or rolled back, when a parse or commit fails for good, and
 * by the daily job after the retention period otherwise (an import checked and never committed).
 * `imports.purged_at` records when; the import's page keeps its counts in `imports.summary`.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';

/** How long the rows of an import checked but never committed are kept (days). */
export const STAGING_RETENTION_DAYS = 7;

/**
 * How a member's staging row becomes a `members` row: the column and its expression over the
 * row's data `d` (used by the chunked commit's insert-select, see ./chunks.ts).
 */
export const MEMBER_ROW_COLUMNS: readonly { column: string; expr: string }[] = [
  { column: 'name', expr: `d->>'name'` },
  { column: 'name_pinyin', expr: `d->>'namePinyin'` },
  { column: 'name_initials', expr: `d->>'nameInitials'` },
  { column: 'gender', expr: `d->>'gender'` },
  { column: 'ethnicity', expr: `d->>'ethnicity'` },
  { column: 'birth_date', expr: `(d->>'birthDate')::date` },
  // Sealed at the check (./parse.ts): ciphertext, keyed hash and mask, never the clear value.
  { column: 'id_number_enc', expr: `d->>'idNumberEnc'` },
  { column: 'id_number_hash', expr: `d->>'idNumberHash'` },
  { column: 'id_number_masked', expr: `d->>'idNumberMasked'` },
  { column: 'phone_enc', expr: `d->>'phoneEnc'` },
  { column: 'phone_hash', expr: `d->>'phoneHash'` },
  { column: 'phone_masked', expr: `d->>'phoneMasked'` },
  { column: 'education', expr: `d->>'education'` },
  { column: 'work_unit', expr: `d->>'workUnit'` },
  { column: 'category', expr: `d->>'category'` },
  { column: 'joined_on', expr: `(d->>'joinedOn')::date` },
  { column: 'confirmed_on', expr: `(d->>'confirmedOn')::date` },
];

/** Deletes an import's staging rows and records when. */
export async function purgeStaging(db: DbOrTx, importId: number) {
  await db.execute(sql`delete from import_rows where import_id = ${importId}`);
  await db.execute(sql`update imports set purged_at = now() where id = ${importId} and purged_at is null`);
}

/**
 * The daily step: purges the staging rows of imports left unfinished longer than the retention
 * period (never those of an import being committed). Answers the number of imports purged.
 */
export async function purgeStale(db: DbOrTx, today: string, days = STAGING_RETENTION_DAYS) {
  const stale = await queryRows(
    db,
    sql`select id from imports where purged_at is null and status not in ('parsing', 'committing')
        and created_at < ${today}::date - ${days}::int`,
    z.object({ id: z.number() }),
  );
  for (const { id } of stale) await purgeStaging(db, id);
  return stale.length;
}
