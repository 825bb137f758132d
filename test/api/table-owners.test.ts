// Every table the migrations create belongs to a module: in its Drizzle `tables`, its `seededTables`,
// or its `sqlTables` (tables that exist only in SQL migrations, such as kept figures maintained by
// triggers). The unit test in registry.test.ts checks the Drizzle schema; this one checks the
// database itself, because a table made only in SQL is invisible there — and one the test reset does
// not empty carries one file's kept figures into the next file on a shared database (CI's pass with
// DATABASE_URL failed exactly so).
import { getTableName, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../src/server/db/client.js';
import { MODULES } from '../../src/server/modules/registry.js';
import { testDatabase } from './harness.js';

describe('table ownership in the migrated database', () => {
  it('every table of the public schema is owned by a module', async () => {
    const { db } = await testDatabase();
    const rows = await queryRows(
      db,
      sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`,
      z.object({ name: z.string() }),
    );
    const owned = new Set(
      MODULES.flatMap((m) => [
        ...[...m.tables, ...(m.seededTables ?? [])].map((t) => getTableName(t)),
        ...(m.sqlTables ?? []),
      ]),
    );
    expect(rows.map((r) => r.name).filter((name) => !owned.has(name))).toEqual([]);
  });
});
