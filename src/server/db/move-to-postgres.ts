/**
 * `npm run db:move-to-postgres` (decision 0052): a one-off move of an embedded PGlite DATA_DIR (the
 * engine before the embedded PostgreSQL) into the embedded PostgreSQL. PGlite's files (PostgreSQL
 * 17 in WebAssembly) cannot be opened by another server and the npm binaries bring no pg_dump, so
 * the rows are copied table by table: `COPY … TO '/dev/blob'` out of PGlite, `COPY … FROM STDIN`
 * into PostgreSQL.
 *
 * Under the data directory's lock (nothing else has PGlite open):
 * 1. PGlite is opened and migrated, so both sides have the same tables and columns;
 * 2. the new cluster is created beside it in `<DATA_DIR>.moving` and migrated;
 * 3. in one transaction with triggers and foreign-key checks off (session_replication_role =
 *    replica: the rows are copied as they are, the kept rollups included, in any order), every
 *    table is emptied of what the migrations wrote and copied, and every sequence set to PGlite's
 *    value;
 * 4. the row counts of every table are compared; only when all agree are the directories swapped:
 *    DATA_DIR becomes `<DATA_DIR>.pglite-old` (a PGlite cluster still, kept for the operator to
 *    delete) and `<DATA_DIR>.moving` becomes DATA_DIR; the app's own files (attachments,
 *    development documents: whatever in DATA_DIR is not PGlite's) move with it.
 * Any failure before the swap leaves DATA_DIR as it was and removes `<DATA_DIR>.moving`.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openPglite } from './client.js';
import { clusterDir, openEmbeddedPostgres } from './embedded-postgres.js';
import { runMigrations } from './migrate.js';

/** What a PostgreSQL cluster directory holds (PGlite's included): everything else is the app's. */
const CLUSTER_ENTRY =
  /^(PG_VERSION|base|global|pg_[a-z_]+|postgresql(\.auto)?\.conf|postmaster\.(opts|pid))$/;

export interface MoveResult {
  tables: { table: string; rows: number }[];
  sequences: number;
  oldDir: string;
  cluster: string;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function moveToPostgres(
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<MoveResult> {
  const dir = path.resolve(dataDir);
  const oldDir = `${dir}.pglite-old`;
  const moving = `${dir}.moving`;
  if (!existsSync(path.join(dir, 'PG_VERSION')))
    throw new Error(`DATA_DIR（${dir}）不是 PGlite 数据库，无需迁移`);
  if (existsSync(oldDir)) throw new Error(`${oldDir} 已存在：请先移走它（上一次迁移留下的旧目录）`);

  log(`打开 PGlite（${dir}）并应用迁移…`);
  const lite = await openPglite(dir);
  await runMigrations(lite);
  const client = (lite.db as unknown as { $client: PGlite }).$client;

  rmSync(moving, { recursive: true, force: true });
  log(`创建嵌入式 PostgreSQL（${moving}）并应用迁移…`);
  let target: Awaited<ReturnType<typeof openEmbeddedPostgres>> | undefined;
  try {
    target = await openEmbeddedPostgres({ dataDir: moving, poolSize: 1 });
    await runMigrations(target);
    const result = await copyAll(client, target.url, log);
    await target.close();
    await lite.close();
    target = undefined;

    // The swap: the old directory keeps PGlite's cluster; the app's files go to the new one.
    const cluster = clusterDir(moving);
    renameSync(dir, oldDir);
    renameSync(moving, dir);
    if (!cluster.startsWith(`${moving}${path.sep}`)) {
      // As root with the cluster outside DATA_DIR (embedded-postgres.ts): its place follows the name.
      renameSync(cluster, clusterDir(dir));
    }
    for (const entry of readdirSync(oldDir)) {
      if (!CLUSTER_ENTRY.test(entry)) renameSync(path.join(oldDir, entry), path.join(dir, entry));
    }
    return { ...result, oldDir, cluster: clusterDir(dir) };
  } catch (err) {
    await target?.close().catch(() => {});
    await lite.close().catch(() => {});
    if (existsSync(dir)) {
      const cluster = (() => {
        try {
          return clusterDir(moving);
        } catch {
          return undefined;
        }
      })();
      rmSync(moving, { recursive: true, force: true });
      if (cluster && !cluster.startsWith(moving)) rmSync(cluster, { recursive: true, force: true });
    }
    throw err;
  }
}

async function copyAll(
  lite: PGlite,
  url: string,
  log: (line: string) => void,
): Promise<Omit<MoveResult, 'oldDir' | 'cluster'>> {
  const pgClient = new pg.Client({ connectionString: url });
  await pgClient.connect();
  try {
    // The app's tables and their copied columns (generated ones are computed again), as the
    // migrations made them on the new side.
    const { rows: cols } = await pgClient.query<{ schema: string; table: string; columns: string[] }>(`
      select n.nspname as schema, c.relname as table,
             array_agg(a.attname::text order by a.attnum) as columns
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
       where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'drizzle')
         and n.nspname not like 'pg_toast%'
       group by n.nspname, c.relname
       order by n.nspname, c.relname`);
    const tables = cols.map((t) => ({
      name: `${quoteIdent(t.schema)}.${quoteIdent(t.table)}`,
      label: t.schema === 'public' ? t.table : `${t.schema}.${t.table}`,
      columns: t.columns.map(quoteIdent).join(', '),
    }));
    await pgClient.query('begin');
    await pgClient.query('set local session_replication_role = replica');
    if (tables.length) await pgClient.query(`truncate ${tables.map((t) => t.name).join(', ')}`);
    const copied: MoveResult['tables'] = [];
    for (const t of tables) {
      const out = await lite.query(`copy ${t.name} (${t.columns}) to '/dev/blob'`);
      const data = out.blob ? Buffer.from(await out.blob.arrayBuffer()) : Buffer.alloc(0);
      const stream = pgClient.query(copyFrom(`copy ${t.name} (${t.columns}) from stdin`));
      stream.end(data);
      await finished(stream);
      const [source, dest] = await Promise.all([
        lite.query<{ n: number }>(`select count(*)::int as n from ${t.name}`),
        pgClient.query<{ n: number }>(`select count(*)::int as n from ${t.name}`),
      ]);
      const n = source.rows[0].n;
      if (dest.rows[0].n !== n)
        throw new Error(
          `表 ${t.label} 的行数不一致：PGlite ${n}，PostgreSQL ${dest.rows[0].n}（未作任何改动）`,
        );
      copied.push({ table: t.label, rows: n });
      if (n) log(`  ${t.label}：${n} 行`);
    }
    // Every sequence where PGlite left it (serial and identity columns alike).
    const { rows: seqs } = await pgClient.query<{ name: string }>(`
      select format('%I.%I', n.nspname, c.relname) as name
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'S' and n.nspname not in ('pg_catalog', 'information_schema', 'drizzle')`);
    for (const s of seqs) {
      const { rows } = await lite.query<{ last_value: string; is_called: boolean }>(
        `select last_value::text, is_called from ${s.name}`,
      );
      if (rows[0])
        await pgClient.query('select setval($1::regclass, $2::bigint, $3)', [
          s.name,
          rows[0].last_value,
          rows[0].is_called,
        ]);
    }
    await pgClient.query('commit');
    return { tables: copied, sequences: seqs.length };
  } catch (err) {
    await pgClient.query('rollback').catch(() => {});
    throw err;
  } finally {
    await pgClient.end();
  }
}
