// Faults, repeatedly (issue #18): the real server is killed with SIGKILL in the middle of an import
// commit, a dues batch payment, a subtree move and a compliance recompute, restarted on the same
// data, and the database is checked for all-or-nothing after every kill. See bench/faults.md.
//   npx tsx bench/faults.ts --db pglite --kills 10
//   DATABASE_URL=postgres://…/dedicated_db npx tsx bench/faults.ts --db pg --kills 10 [--reset]
// Options: --ops import,batch,move,rules  --minutes 60 (cap)  --rows 5000 (import)  --batch 200
//   --port 8120  --seed 1  --data-dir DIR (PGlite: reuse a seeded directory)  --keep
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { Rng } from '../scripts/seed/prng.js';
import { type Database, openPglite, openPostgres } from '../src/server/db/client.js';
import { attemptChecks, globalChecks, type Problem } from './faults/checks.js';
import { Client } from './faults/http.js';
import { type DataDirLock, hasLock, lockHolderPid, takeLock } from './faults/lock.js';
import { type Fired, OP_LABELS, OP_NAMES, Operations, type OpName, today } from './faults/ops.js';
import { type RoundResult, report } from './faults/report.js';
import { ServerProcess, StartFailure, sleep } from './faults/server.js';
import { findTargets } from './faults/targets.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    kills: { type: 'string', default: '10' },
    ops: { type: 'string', default: OP_NAMES.join(',') },
    minutes: { type: 'string', default: '60' },
    rows: { type: 'string', default: '5000' },
    batch: { type: 'string', default: '200' },
    port: { type: 'string', default: '8120' },
    seed: { type: 'string', default: '1' },
    'data-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
  },
});
const kind = values.db === 'pg' ? 'pg' : values.db === 'pglite' ? 'pglite' : null;
if (!kind) throw new Error(`--db must be pglite or pg (got ${values.db})`);
const KILLS = Number(values.kills);
const OPS = values.ops.split(',').map((o) => o.trim()) as OpName[];
for (const o of OPS) if (!OP_NAMES.includes(o)) throw new Error(`--ops: unknown operation ${o}`);
const DEADLINE = performance.now() + Number(values.minutes) * 60_000;
const rng = new Rng(Number(values.seed));
const PASSWORD = 'Faults-Bench-2026!';
const t0 = performance.now();

const url = process.env.DATABASE_URL;
if (kind === 'pg' && !url) {
  console.error('--db pg needs DATABASE_URL: a dedicated PostgreSQL database (--reset empties it first).');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-faults-'));
const dataDir = kind === 'pglite' ? path.resolve(values['data-dir'] ?? path.join(work, 'data')) : undefined;
const server = new ServerProcess({
  port: Number(values.port),
  dataDir,
  databaseUrl: url,
  demoPassword: PASSWORD,
  logFile: path.join(work, 'server.log'),
});
console.log(
  `faults: ${kind === 'pg' ? 'PostgreSQL' : `PGlite (${dataDir})`}; server log ${path.join(work, 'server.log')}`,
);

// ---- the database as the checks see it ------------------------------------------------------
// PostgreSQL: one connection of our own, open all along. PGlite: opened only while the server is
// stopped, under the data directory's lock (one process at a time, src/server/db/lock.ts).
let pgDb: Database | null = null;
if (url) {
  pgDb = await openPostgres(url, 1);
  if (values.reset) {
    await pgDb.db.execute(sql`drop schema if exists public cascade`);
    await pgDb.db.execute(sql`drop schema if exists drizzle cascade`);
    await pgDb.db.execute(sql`create schema public`);
  }
}
async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  if (pgDb) return fn(pgDb);
  if (!dataDir) throw new Error('no database');
  const lock: DataDirLock | undefined = await takeLock(dataDir);
  const db = await openPglite(dataDir);
  try {
    return await fn(db);
  } finally {
    await db.close();
    lock?.release();
  }
}

// ---- start: the demo is seeded on the first start -------------------------------------------
const firstStart = await server.start(20 * 60_000);
console.log(`first start (seeds the demo when empty): ${(firstStart / 1000).toFixed(1)} s`);
if (!pgDb) await server.stop();
const targets = await withDb((d) => findTargets(d.db));
const baseline = await withDb((d) => globalChecks(d.db, today()));
if (baseline.length) {
  console.log('the data is inconsistent before any kill:');
  for (const p of baseline) console.log(`  ${p.check}: ${p.detail}`);
}
if (!pgDb) await server.start();

const admin = new Client(server.base, 'admin', PASSWORD);
const sysadmin = new Client(server.base, 'sysadmin', PASSWORD);
const sessions = async () => {
  await admin.ensureSession();
  await sysadmin.ensureSession();
};
await sessions();
const importStatus = pgDb
  ? async (id: number) => {
      const r = (await pgDb.db.execute(sql`select status from imports where id = ${id}`)) as unknown as {
        rows: { status: string }[];
      };
      return r.rows[0]?.status ?? null;
    }
  : undefined;
const ops = new Operations(
  admin,
  sysadmin,
  targets,
  {
    importRows: Number(values.rows),
    batchSize: Number(values.batch),
    runTag: `${Date.now().toString(36)}`,
    regionSeed: Number(values.seed) * 97 + (Date.now() % 800),
  },
  importStatus,
);

/** PostgreSQL: whether the server has a transaction open (the kill lands inside it). */
async function serverInTransaction(): Promise<boolean | null> {
  if (!pgDb) return null;
  const r = (await pgDb.db.execute(
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database()
        and pid <> pg_backend_pid() and backend_type = 'client backend' and xact_start is not null
        and state in ('active', 'idle in transaction')`,
  )) as unknown as { rows: { n: number }[] };
  return r.rows[0].n > 0;
}

// ---- calibration: each operation once to the end, to know how long it takes -----------------
const durations = new Map<OpName, number>();
for (const op of OPS) {
  await ops.prepare(op);
  const fired = await ops.fire(op);
  await fired.done;
  durations.set(op, performance.now() - fired.armedAt);
  console.log(`calibration: ${OP_LABELS[op]} took ${Math.round(durations.get(op) ?? 0)} ms`);
}

// ---- the rounds ---------------------------------------------------------------------------
const results: RoundResult[] = [];
let stopReason = 'done';
// SIGUSR2: finish the round under way, then stop and report (a run on a machine slower than planned).
let stopRequested = false;
process.on('SIGUSR2', () => {
  stopRequested = true;
  console.log('SIGUSR2: stopping after this round');
});
const killsOf = (op: OpName) => results.filter((r) => r.op === op).length;
outer: while (OPS.some((op) => killsOf(op) < KILLS)) {
  for (const op of OPS) {
    if (killsOf(op) >= KILLS) continue;
    if (performance.now() > DEADLINE || stopRequested) {
      stopReason = stopRequested ? 'stopped by SIGUSR2' : `--minutes ${values.minutes} reached`;
      break outer;
    }
    await sessions();
    await ops.prepare(op);
    const fired: Fired = await ops.fire(op);
    let finished = false;
    fired.done.then(
      () => {
        finished = true;
        // The span follows the machine: a write that ended before its kill says how long it takes now.
        durations.set(op, performance.now() - fired.armedAt);
      },
      () => {},
    );
    // Anywhere in the operation's usual span, from just after it starts to just before it ends.
    const span = durations.get(op) ?? 1000;
    const delay = span * (0.05 + 0.9 * rng.next());
    await sleep(Math.max(0, fired.armedAt + delay - performance.now()));
    const inTx = await serverInTransaction();
    const killedPid = server.pid;
    const acked = finished;
    await server.kill();
    const staleLock = dataDir && (await hasLock()) ? lockHolderPid(dataDir) === killedPid : null;
    const problems: Problem[] = [];
    let restartMs: number;
    try {
      restartMs = await server.start();
    } catch (e) {
      const tail = e instanceof StartFailure ? e.logTail : '';
      problems.push({ check: 'restart', detail: `${(e as Error).message}\n${tail}` });
      results.push({ op, delay, acked, applied: false, inTx, staleLock, restartMs: -1, problems });
      stopReason = 'the server did not start again';
      break outer;
    }
    if (!pgDb) await server.stop();
    const checked = await withDb(async (d) => {
      const a = await attemptChecks(d.db, fired.attempt, acked);
      return { ...a, problems: [...a.problems, ...(await globalChecks(d.db, today()))] };
    });
    problems.push(...checked.problems);
    if (!pgDb) await server.start();
    results.push({ op, delay, acked, applied: checked.applied, inTx, staleLock, restartMs, problems });
    const last = results[results.length - 1];
    console.log(
      `#${results.length} ${op}: killed after ${Math.round(delay)} ms; ${acked ? 'finished before the kill' : 'in flight'}; ` +
        `${inTx === null ? '' : inTx ? 'server in a transaction; ' : 'no server transaction open; '}` +
        `${checked.applied ? 'applied' : 'not applied'}; restart ${(restartMs / 1000).toFixed(1)} s; ` +
        `${last.problems.length ? `PROBLEMS: ${last.problems.map((p) => `${p.check}: ${p.detail}`).join('; ')}` : 'consistent'}`,
    );
  }
}

await server.stop();
server.close();
await pgDb?.close();
console.log(
  report({
    db: kind,
    results,
    baseline,
    minutes: (performance.now() - t0) / 60_000,
    stopReason,
    ops: OPS,
    durations,
    starts: server.starts,
  }),
);
if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
else console.log(`kept: ${work}`);
process.exit(results.some((r) => r.problems.length) || baseline.length ? 1 : 0);
