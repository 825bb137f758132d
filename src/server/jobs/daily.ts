/**
 * The daily job (每日任务) with the registry's modules: every module's `dailySteps`, in registry
 * order, inside one transaction with the day's `job_runs` row (the runner is ./runner.ts).
 */
import type { IsoDate } from '../../domain/common/dates.js';
import type { Db } from '../db/client.js';
import { MODULES } from '../modules/registry.js';
import * as runner from './runner.js';

export { DAILY_JOB, type DailyJobResult, type DailyRun } from './runner.js';

/** The steps of every module, in registry order. */
export const dailySteps = (modules = MODULES) => runner.dailySteps(modules);

export const runDailyJob = (db: Db, today: IsoDate, steps = dailySteps()) =>
  runner.runDailyJob(db, today, steps);

/** The age-band rollups moved to the day, then the job (scheduler, `job:daily`). */
export const runDaily = (db: Db, today: IsoDate) => runner.runDaily(db, today, dailySteps());
