import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { seedDemo } from '../scripts/seed/demo.js';
import { todayInZone } from '../src/domain/common/dates.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { DEMO_PASSWORD } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The data directory of the migrated and seeded demo cluster, and the seed's result as JSON. */
    e2eSeed: { dataDir: string; seeded: string } | null;
  }
}

/**
 * Seeds the demo once for all journeys: every journey file starts its server on a copy of this
 * cluster's data directory (about a second) instead of migrating and seeding its own (20–40 s each,
 * a dozen files). Each file still gets a fresh database of its own.
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-e2e-seed-'));
  const database = await openPglite(path.join(dir, 'pgdata'));
  await runMigrations(database);
  const today = todayInZone(new Date(), loadConfig({}).timeZone);
  const seeded = await seedDemo(database.db, { password: DEMO_PASSWORD, today });
  // Closed cleanly, the directory is a consistent cluster that a copy can be opened from.
  await database.close();
  project.provide('e2eSeed', { dataDir: path.join(dir, 'pgdata'), seeded: JSON.stringify(seeded) });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
