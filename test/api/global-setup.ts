import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { embeddedEngine, openPostgres } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import { admin, databaseUrl, startTestCluster } from '../embedded-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * Without DATABASE_URL: the embedded PostgreSQL started for this run (the `postgres` database's
     * address) and the migrated template each worker's database is made from (test/api/harness.ts).
     */
    apiCluster: { url: string; template: string } | null;
  }
}

/** The migrated database every worker's own database is copied from. */
export const API_TEMPLATE = 'jiceng_api_template';

/**
 * Before an API run: empty the server-log directory the workers append to (test/api/harness.ts),
 * so that `scripts/scan-logs.ts` scans this run's log and nothing older. Without DATABASE_URL, start
 * one embedded PostgreSQL for the run (the default engine, decision 0052) and migrate the template
 * once; with it (CI's second pass on the system PostgreSQL 15), or on PGlite, nothing more.
 */
export default async function setup(project: TestProject) {
  fs.rmSync(path.resolve('reports/api-logs'), { recursive: true, force: true });
  // PGlite in memory when asked (JICENG_EMBEDDED=pglite) or where the binaries cannot run.
  if (process.env.DATABASE_URL || (await embeddedEngine()).engine !== 'postgres') {
    project.provide('apiCluster', null);
    return;
  }
  const cluster = await startTestCluster('api');
  try {
    await admin(cluster.url, `create database ${API_TEMPLATE}`);
    const template = await openPostgres(databaseUrl(cluster.url, API_TEMPLATE), 1);
    await runMigrations(template);
    // Closed: a database with a connection open cannot be a template.
    await template.close();
  } catch (err) {
    await cluster.close();
    throw err;
  }
  project.provide('apiCluster', { url: cluster.url, template: API_TEMPLATE });
  return () => cluster.close();
}
