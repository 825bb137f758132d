/**
 * The daily job's runner, apart from the registry (daily.ts adds it) so that a module (ops) can run
 * the job with the modules it is given without importing the registry that lists it.
 *
 * The daily job (每日任务): every module's `dailySteps`, in registry order, inside one transaction
 * with the day's `job_runs` row. Safe to run twice, or every hour: each step is idempotent (dedupe
 * keys on notifications, only missing ledger rows made), so a second run finds nothing new to do.
 *
 * The steps answer figures; the runner adds them up into one result (numbers summed, flags or-ed)
 * and keeps it in `job_runs.stats`. Today's steps, in order: orglife extends the compliance table
 * into a new year and sends its reminders, development its reminders, dues makes the month's ledger
 * rows and sends its reminders.
 */
import { sql } from 'drizzle-orm';
import type { IsoDate } from '../../domain/common/dates.js';
import type { Db } from '../db/client.js';
import { jobRuns } from '../db/schema/index.js';
import { rollups } from '../modules/dashboard/index.js';
import type { DailyStep, ModuleManifest } from '../modules/manifest.js';

/** The job's name in job_runs (kept from when the job lived in orglife: rows of past days carry it). */
export const DAILY_JOB = 'orglife.daily';

export interface DailyJobResult {
  /** The compliance table was extended into a new year. */
  refreshed: boolean;
  /** Organizational-life items closing soon, and missed lately. */
  dueItems: number;
  missedItems: number;
  /** Organizational-life reminders written. */
  notified: number;
  /** Development reminders (due and overdue steps, ending probations, pending approvals). */
  developmentNotified: number;
  /** Dues reminders (members with consecutive unpaid months, and their branches). */
  duesNotified: number;
  /** Figures of steps added since (a new module's). */
  [figure: string]: number | boolean;
}

/** The steps of the given modules (the registry's, from daily.ts or the ops module), in order. */
export const dailySteps = (modules: readonly ModuleManifest[]): readonly DailyStep[] =>
  modules.flatMap((m) => m.dailySteps ?? []);

export async function runDailyJob(
  db: Db,
  today: IsoDate,
  steps: readonly DailyStep[],
): Promise<DailyJobResult> {
  return db.transaction(async (tx) => {
    await tx
      .insert(jobRuns)
      .values({ job: DAILY_JOB, runOn: today })
      .onConflictDoUpdate({
        target: [jobRuns.job, jobRuns.runOn],
        set: { startedAt: new Date(), finishedAt: null },
      });

    const result: DailyJobResult = {
      refreshed: false,
      dueItems: 0,
      missedItems: 0,
      notified: 0,
      developmentNotified: 0,
      duesNotified: 0,
    };
    for (const step of steps) {
      for (const [key, value] of Object.entries(await step.run(tx, today))) {
        const had = result[key];
        result[key] =
          typeof value === 'boolean' ? value || had === true : value + (typeof had === 'number' ? had : 0);
      }
    }

    const stats = Object.fromEntries(
      Object.entries(result).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 1 : 0) : v]),
    );
    await tx
      .update(jobRuns)
      .set({ finishedAt: new Date(), stats })
      .where(sql`${jobRuns.job} = ${DAILY_JOB} and ${jobRuns.runOn} = ${today}`);
    return result;
  });
}

export interface DailyRun {
  today: IsoDate;
  /** Members whose age band changed with the calendar (the dashboard's rollups). */
  movedAgeBands: number;
  result: DailyJobResult;
}

/**
 * What the scheduler, `npm run job:daily` and the ops endpoint run: the age-band rollups moved to
 * the day (a no-op once done), then the job's steps.
 */
export async function runDaily(db: Db, today: IsoDate, steps: readonly DailyStep[]): Promise<DailyRun> {
  const movedAgeBands = await rollups.ensureAgeBandsOn(db, today);
  const result = await runDailyJob(db, today, steps);
  return { today, movedAgeBands, result };
}
