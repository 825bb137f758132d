// Issue #21: every foreign key has an index that a delete of the referenced row can use.
// Without one, PostgreSQL checks the key by scanning the whole referencing table: deleting a
// member scanned every meeting (`meetings.lecturer_member_id`), and an import's rollback deletes
// members and orgs. The keys to `users` are the exception: users are never deleted (an account
// is disabled, decision 0039; only the test reset empties the table), so an index on each
// `created_by`, `recorded_by`, `decided_by` would cost every insert and never serve a check.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../src/server/db/client.js';
import { testDatabase } from './harness.js';

/** Referenced tables whose rows are never deleted by the application. */
const NEVER_DELETED = new Set(['users']);

describe('foreign keys', () => {
  it('each has an index whose leading columns are its own (bar the keys to users)', async () => {
    const { db } = await testDatabase();
    const rows = await queryRows(
      db,
      sql`select c.conrelid::regclass::text as "table", c.conname as "constraint",
                 c.confrelid::regclass::text as "references",
                 exists (
                   select 1 from pg_index i
                   where i.indrelid = c.conrelid
                     and i.indnkeyatts >= array_length(c.conkey, 1)
                     -- the index's first n columns are the key's n columns, in any order
                     and (select array_agg(k order by k)
                          from unnest((i.indkey::int2[])[0:array_length(c.conkey, 1) - 1]) k)
                       = (select array_agg(k order by k) from unnest(c.conkey) k)
                 ) as indexed
          from pg_constraint c
          where c.contype = 'f' and c.connamespace = 'public'::regnamespace
          order by 1, 2`,
      z.object({ table: z.string(), constraint: z.string(), references: z.string(), indexed: z.boolean() }),
    );
    expect(rows.length).toBeGreaterThan(50);
    const missing = rows
      .filter((r) => !r.indexed && !NEVER_DELETED.has(r.references))
      .map((r) => r.constraint);
    expect(missing).toEqual([]);
  });
});
