import { performance } from 'node:perf_hooks';
import { todayInZone } from '../domain/common/dates.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { templateFor } from './db/template.js';
import { startScheduler } from './scheduler.js';
import { seedDemoIfEmpty } from './seed.js';

const t0 = performance.now();
const config = loadConfig();
// A new embedded database starts from the migrated template made at install (template.ts).
const template = config.databaseUrl ? undefined : templateFor(config.dataDir);
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, template });
await runMigrations(database);
if (config.seedDemo) await seedDemoIfEmpty(database, config, todayInZone(new Date(), config.timeZone));
const app = await buildApp({ config, database });
await app.listen({ port: config.port, host: config.host });
const where = config.databaseUrl
  ? 'PostgreSQL'
  : `PGlite (${config.dataDir}${template ? '，由安装时生成的模板创建' : ''})`;
console.log(
  `基层 Jiceng 已启动：http://localhost:${config.port}  数据库：${where}  用时 ${Math.round(performance.now() - t0)} ms`,
);

const stopScheduler = config.jobsInProcess
  ? startScheduler(database, { timeZone: config.timeZone, log: (msg, err) => app.log.error({ err }, msg) })
  : () => {};

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    stopScheduler();
    await app.close();
    await database.close();
    process.exit(0);
  });
}
