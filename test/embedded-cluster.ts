/**
 * The test suites' database server when DATABASE_URL is not set: one embedded PostgreSQL (the
 * default engine, src/server/db/embedded-postgres.ts) started by a vitest globalSetup in a directory
 * under the system's temp dir, and a template database migrated (and, for the journeys, seeded)
 * once. Every worker then gets its own database made from the template with `create database …
 * template …` (a file copy, tens of milliseconds) and opens it through the DATABASE_URL path of the
 * harness, as on the system PostgreSQL.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestCluster {
  /** The `postgres` database's address on the cluster (password included). */
  url: string;
  close(): Promise<void>;
}

/** The address of `database` on the cluster whose `postgres` database is at url. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on the cluster's `postgres` database. */
export async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Starts a throwaway cluster (removed by close()). */
export async function startTestCluster(name: string): Promise<TestCluster> {
  const { openEmbeddedPostgres } = await import('../src/server/db/embedded-postgres.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), `jiceng-${name}-`));
  // mkdtemp's 0700 would keep out the account the cluster runs as when the tests run as root.
  chmodSync(dir, 0o755);
  const cluster = await openEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    poolSize: 1,
    // Thrown away after the run: no flush to disk (the suite's many small commits wait for none).
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
  });
  return {
    url: cluster.url,
    async close() {
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A database made from `template` (dropped first if a previous run of this pid left one). */
export async function databaseFromTemplate(url: string, name: string, template: string): Promise<string> {
  await admin(url, `drop database if exists "${name}" with (force)`);
  await admin(url, `create database "${name}" template "${template}"`);
  return databaseUrl(url, name);
}
