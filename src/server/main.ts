/**
 * The server's start, in an order that makes a second start harmless (docs/deploy/README.md):
 * 1. the data directory's lock (embedded database only): a second server, a migration or a cron
 *    job on the same directory is refused before anything opens it (db/lock.ts);
 * 2. the port, held by a listener that answers 503 "starting" (holding-listener.ts): a server that
 *    cannot have the port fails here, before it migrates anything;
 * 3. the database: opened, migrated, the demo seeded on first start;
 * 4. the app takes the port over; the lock is given the port and its control token is what
 *    `npm run job:daily` uses to ask this server to run the job.
 * A fatal error exits non-zero, so a supervisor (systemd, docs/deploy/jiceng.service) restarts it.
 */
import { performance } from 'node:perf_hooks';
import { todayInZone } from '../domain/common/dates.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { lockOrExit } from './db/lock.js';
import { runMigrations } from './db/migrate.js';
import { holdPort } from './holding-listener.js';
import { startScheduler } from './scheduler.js';
import { seedDemoIfEmpty } from './seed.js';

const t0 = performance.now();
const config = loadConfig();
const lock = config.databaseUrl
  ? undefined
  : lockOrExit(config.dataDir, 'server', { port: config.port, control: true });

// Until the app runs there is nothing to close: a signal exits at once (the lock goes with the
// process, db/lock.ts); once it runs, `stop` closes the app and the database first.
let stop = async () => {};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await stop();
    process.exit(0);
  });
}

let holding: Awaited<ReturnType<typeof holdPort>>;
try {
  holding = await holdPort(config.port, config.host);
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  console.error(
    e.code === 'EADDRINUSE'
      ? `端口 ${config.port} 已被占用，服务器未启动，数据库未被打开 (port ${config.port} is in use; the database was not opened)`
      : `无法监听端口 ${config.port}（${e.message}）`,
  );
  process.exit(1);
}
lock?.update({ port: holding.port });

// Without DATABASE_URL: the embedded PostgreSQL (PGlite where it cannot run), client.ts.
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  readUrl: config.databaseReadUrl,
  replicaWaitMs: config.replicaWaitMs,
  dataDir: config.dataDir,
});
await runMigrations(database);
if (config.seedDemo) await seedDemoIfEmpty(database, config, todayInZone(new Date(), config.timeZone));
const app = await buildApp({ config, database });
await app.ready();
await holding.close();
await app.listen({ port: holding.port, host: config.host });
const where = config.databaseUrl
  ? 'PostgreSQL'
  : database.kind === 'pg'
    ? `嵌入式 PostgreSQL (${database.cluster ?? config.dataDir})`
    : `PGlite (${config.dataDir})`;
console.log(
  `基层 Jiceng 已启动：http://localhost:${holding.port}  数据库：${where}  用时 ${Math.round(performance.now() - t0)} ms`,
);

const stopScheduler = config.jobsInProcess
  ? startScheduler(database, { timeZone: config.timeZone, log: (msg, err) => app.log.error({ err }, msg) })
  : () => {};

stop = async () => {
  stopScheduler();
  await app.close();
  await database.close();
  // The lock goes last, once the files are closed.
  lock?.release();
};
