/** Runs the daily reminders job once (for cron): `npm run job:daily [-- YYYY-MM-DD]`. */
import { todayInZone } from '../src/domain/common/dates.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { runDailyJob } from '../src/server/jobs/daily.js';
import { ensureAgeBandsOn } from '../src/server/modules/dashboard/rollups.js';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await runMigrations(database);
const today = process.argv[2] ?? todayInZone(new Date(), config.timeZone);
const moved = await ensureAgeBandsOn(database.db, today);
const result = await runDailyJob(database.db, today);
console.log(
  `每日提醒（${today}）：待完成${result.dueItems}项，未完成${result.missedItems}项，新消息${result.notified}条${result.refreshed ? '，已更新合规数据' : ''}；年龄段统计已更新到当天（${moved}人换段）`,
);
await database.close();
