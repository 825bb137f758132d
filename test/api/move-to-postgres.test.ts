/**
 * `npm run db:move-to-postgres` (src/server/db/move-to-postgres.ts): a PGlite DATA_DIR with the
 * suite's fixture and a meeting attachment is moved into the embedded PostgreSQL; every table's
 * rows arrive, the sequences go on past them, the app's files follow, and the PGlite directory is
 * kept beside as `<DATA_DIR>.pglite-old`. Real processes are not needed: the same functions the
 * command calls run here. Once, on the default run (the second, on DATABASE_URL, would repeat it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openPglite, queryRows } from '../../src/server/db/client.js';
import { embeddedPostgresMissing, openEmbeddedPostgres } from '../../src/server/db/embedded-postgres.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import { moveToPostgres } from '../../src/server/db/move-to-postgres.js';
import { orgs } from '../../src/server/db/schema/index.js';
import { seedFixture } from './harness.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-move-'));
// mkdtemp's 0700 would keep out the account the cluster runs as when the tests run as root.
fs.chmodSync(dir, 0o755);
const dataDir = path.join(dir, 'data');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const counted = z.object({ table: z.string(), n: z.number() });
/** Every app table's row count (the same statement on both engines). */
async function counts(db: Parameters<typeof queryRows>[0]) {
  const tables = await queryRows(
    db,
    sql`select tablename as table, 0 as n from pg_tables where schemaname = 'public' order by tablename`,
    counted,
  );
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [r] = await queryRows(
      db,
      sql`select ${t.table} as table, count(*)::int as n from ${sql.identifier(t.table)}`,
      counted,
    );
    out[t.table] = r.n;
  }
  return out;
}

describe.skipIf(!!process.env.DATABASE_URL)(
  'moving a PGlite data directory to the embedded PostgreSQL',
  () => {
    // The timeout only bounds a hang: PGlite's migrations, initdb and the cluster's migrations take a
    // minute or more on a busy machine.
    it('copies every row and sequence, moves the app files, keeps the old directory', {
      timeout: 600_000,
    }, async (ctx) => {
      const missing = await embeddedPostgresMissing();
      if (missing) ctx.skip(); // a platform without the binaries: the command is not needed there

      const lite = await openPglite(dataDir);
      await runMigrations(lite);
      const fx = await seedFixture(lite.db);
      const before = await counts(lite.db);
      const [{ max }] = await queryRows(
        lite.db,
        sql`select max(id)::int as max from orgs`,
        z.object({ max: z.number() }),
      );
      await lite.close();
      fs.mkdirSync(path.join(dataDir, 'attachments'), { recursive: true });
      fs.writeFileSync(path.join(dataDir, 'attachments', 'a.txt'), 'minutes');

      const lines: string[] = [];
      const result = await moveToPostgres(dataDir, (l) => lines.push(l));
      expect(result.tables.find((t) => t.table === 'members')?.rows).toBe(5);
      expect(fs.existsSync(path.join(`${dataDir}.pglite-old`, 'PG_VERSION'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(false);
      expect(fs.readFileSync(path.join(dataDir, 'attachments', 'a.txt'), 'utf8')).toBe('minutes');
      expect(fs.existsSync(`${dataDir}.moving`)).toBe(false);

      const moved = await openEmbeddedPostgres({ dataDir });
      try {
        expect(await counts(moved.db)).toEqual(before);
        const names = await queryRows(
          moved.db,
          sql`select name from orgs where id = ${fx.org.branchA1}`,
          z.object({ name: z.string() }),
        );
        expect(names[0].name).toBe('中共甲区幸福社区支部委员会');
        // The sequence goes on past the copied rows: a new org gets the next id, no clash.
        const [row] = await moved.db
          .insert(orgs)
          .values({
            path: '0',
            depth: 0,
            name: '新组织',
            namePinyin: '',
            nameInitials: '',
            kind: 'committee',
            sector: 'government',
            foundedOn: '2026-01-01',
          })
          .returning({ id: orgs.id });
        expect(row.id).toBe(max + 1);
      } finally {
        await moved.close();
      }
      // A second move finds nothing to move.
      await expect(moveToPostgres(dataDir)).rejects.toThrow(/不是 PGlite 数据库/);
    });
  },
);
