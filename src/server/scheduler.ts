/**
 * In-process schedule for the daily reminders job and the daily shift of the age-band rollups.
 * Both are idempotent (dedupe keys; the shift is a no-op once done), so the schedule is simple:
 * run shortly after start-up, then check every hour whether today's run is done. Several server
 * processes may run it; the notifications table's unique key keeps one copy. Deployments that
 * prefer cron run `npm run job:daily` instead and set JOBS_IN_PROCESS=0.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { todayInZone } from '../domain/common/dates.js';
import { type Database, queryRows } from './db/client.js';
import { DAILY_JOB, runDailyJob } from './jobs/daily.js';
import { ensureAgeBandsOn } from './modules/dashboard/rollups.js';

const HOUR = 60 * 60 * 1000;

export function startScheduler(
  database: Database,
  opts: { timeZone: string; log: (msg: string, err?: unknown) => void; clock?: () => Date },
): () => void {
  const clock = opts.clock ?? (() => new Date());
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const today = todayInZone(clock(), opts.timeZone);
      // The age-band rollups follow the calendar (a no-op once today's shift is done).
      await ensureAgeBandsOn(database.db, today);
      const [done] = await queryRows(
        database.db,
        sql`select count(*)::int as n from job_runs where job = ${DAILY_JOB} and run_on = ${today}
            and finished_at is not null`,
        z.object({ n: z.number() }),
      );
      if (!done?.n) await runDailyJob(database.db, today);
    } catch (err) {
      opts.log('每日提醒任务失败', err);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, 5_000);
  const every = setInterval(tick, HOUR);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
