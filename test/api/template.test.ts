import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openPglite, queryRows } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import { templateFor, writeTemplate } from '../../src/server/db/template.js';

/** The migrated empty cluster `npm install` saves for the first start (src/server/db/template.ts). */
describe('start-up template', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiceng-template-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts a new data directory migrated, and is ignored for an existing cluster or a stale stamp', async () => {
    await writeTemplate(dir);
    const dataDir = path.join(dir, 'data');
    const template = templateFor(dataDir, dir);
    expect(template).toBeDefined();
    const database = await openPglite(dataDir, template);
    const [{ n }] = await queryRows(
      database.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      z.object({ n: z.number() }),
    );
    expect(n).toBeGreaterThanOrEqual(6);
    await runMigrations(database); // nothing left to apply
    await database.close();
    expect(templateFor(dataDir, dir)).toBeUndefined();
    writeFileSync(
      path.join(dir, 'pglite-template.json'),
      JSON.stringify({ stamp: '0000_old@1/pglite-0.0.0' }),
    );
    expect(templateFor(path.join(dir, 'other'), dir)).toBeUndefined();
  });
});
