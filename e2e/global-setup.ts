import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { seedDemo } from '../scripts/seed/demo.js';
import { todayInZone } from '../src/domain/common/dates.js';
import { loadConfig } from '../src/server/config.js';
import { embeddedEngine, openPglite, openPostgres } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { admin, databaseUrl, startTestCluster } from '../test/embedded-cluster.js';
import { DEMO_PASSWORD } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The demo migrated and seeded once, and the seed's result as JSON: on the embedded PostgreSQL
     * (the default engine) the cluster's `postgres` address and the seeded template database; on
     * PGlite (where the binaries do not run, or JICENG_EMBEDDED=pglite) a data directory to copy.
     */
    e2eSeed:
      | { engine: 'postgres'; url: string; template: string; seeded: string }
      | { engine: 'pglite'; dataDir: string; seeded: string }
      | null;
  }
}

const TEMPLATE = 'jiceng_e2e_demo';

/**
 * Seeds the demo once for all journeys: every journey file starts its server on a copy of it (a
 * `create database … template …`, or a copy of the PGlite directory, about a second) instead of
 * migrating and seeding its own (20–40 s each, a dozen files). Each file still gets a fresh
 * database of its own.
 */
export default async function setup(project: TestProject) {
  const today = todayInZone(new Date(), loadConfig({}).timeZone);
  const { engine, warning } = await embeddedEngine();
  if (warning) console.warn(warning);
  if (engine === 'postgres') {
    const cluster = await startTestCluster('e2e');
    try {
      await admin(cluster.url, `create database ${TEMPLATE}`);
      const database = await openPostgres(databaseUrl(cluster.url, TEMPLATE), 4);
      await runMigrations(database);
      const seeded = await seedDemo(database.db, { password: DEMO_PASSWORD, today });
      // Closed: a database with a connection open cannot be a template.
      await database.close();
      project.provide('e2eSeed', {
        engine,
        url: cluster.url,
        template: TEMPLATE,
        seeded: JSON.stringify(seeded),
      });
    } catch (err) {
      await cluster.close();
      throw err;
    }
    return () => cluster.close();
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-e2e-seed-'));
  const database = await openPglite(path.join(dir, 'pgdata'));
  await runMigrations(database);
  const seeded = await seedDemo(database.db, { password: DEMO_PASSWORD, today });
  // Closed cleanly, the directory is a consistent cluster that a copy can be opened from.
  await database.close();
  project.provide('e2eSeed', {
    engine: 'pglite',
    dataDir: path.join(dir, 'pgdata'),
    seeded: JSON.stringify(seeded),
  });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
