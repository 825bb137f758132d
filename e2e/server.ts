import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { seedDemo } from '../scripts/seed/demo.js';
import { todayInZone } from '../src/domain/common/dates.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { type Database, openPglite, openPostgres } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { admin, databaseFromTemplate } from '../test/embedded-cluster.js';

export const DEMO_PASSWORD = 'demo-pass-123';
// One deployment key for the seeded cluster and every copy of it (lib/pii.ts): the key file an
// embedded data directory would get is not copied with it.
process.env.JICENG_DATA_KEY ??= Buffer.alloc(32, 0x65).toString('base64');

/** The databases this worker made from the seeded template (their names stay unique). */
let copies = 0;

export interface TestServer {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** Seed result (counts and demo usernames). */
  seeded: Awaited<ReturnType<typeof seedDemo>>;
  close(): Promise<void>;
}

// WEB_DIST lets parallel work build the UI into a directory of its own.
const WEB_DIST = path.resolve(process.env.WEB_DIST ?? path.join(import.meta.dirname, '..', 'dist', 'web'));

/**
 * A real server for the journeys, in this process: a database of its own on the embedded
 * PostgreSQL of the run, made from the demo seeded once by the global setup (PGlite in a temporary
 * directory where the embedded PostgreSQL cannot run; migrated and seeded here when there is none), and
 * the built web UI served at `/`. Build the web first (`npm run build:web`).
 */
export async function startServer(): Promise<TestServer> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(
      `The web UI is not built: ${path.join(WEB_DIST, 'index.html')} is missing. Run \`npm run build:web\` before the journeys.`,
    );
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-e2e-'));
  // Only what the journeys need, whatever the surrounding environment says.
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIST }),
    webDist: WEB_DIST,
    logLevel: 'silent',
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    seedDemo: false,
    // Journeys log in several times from one address.
    loginRateLimit: 1000,
  };
  // The demo seeded once by the global setup, when there is one (e2e/global-setup.ts): a database
  // of this file's own made from it on the run's embedded PostgreSQL, or a copy of the PGlite one.
  const cached = inject('e2eSeed');
  let database: Database;
  if (cached?.engine === 'postgres') {
    const name = `jiceng_e2e_${process.pid}_${++copies}`;
    database = await openPostgres(await databaseFromTemplate(cached.url, name, cached.template), 10);
    const close = database.close;
    database.close = async () => {
      await close();
      await admin(cached.url, `drop database if exists "${name}" with (force)`);
    };
  } else {
    if (cached) fs.cpSync(cached.dataDir, dataDir, { recursive: true });
    database = await openPglite(dataDir);
  }
  await runMigrations(database);
  const seeded: Awaited<ReturnType<typeof seedDemo>> = cached
    ? JSON.parse(cached.seeded)
    : await seedDemo(database.db, {
        password: DEMO_PASSWORD,
        today: todayInZone(new Date(), config.timeZone),
      });
  const app = await buildApp({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seeded,
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
