import { todayInZone } from '../../../domain/common/dates.js';
import { OPS_TOKEN_HEADER, opsApi } from '../../../shared/contracts/ops.js';
import { dailySteps, runDaily } from '../../jobs/runner.js';
import { AppError } from '../../lib/errors.js';
import { bind } from '../../lib/route.js';
import type { ModuleDeps } from '../manifest.js';
import { assertLocalOperator } from './service.js';

export const opsRoutes = ({ config, database, clock, modules }: ModuleDeps) => [
  bind(opsApi.dailyJob, async (req) => {
    const token = req.headers[OPS_TOKEN_HEADER];
    assertLocalOperator(req.socket, typeof token === 'string' ? token : undefined);
    // The job may run longer than the idle-socket timeout: the answer must reach the command.
    req.socket.setTimeout(0);
    const today = req.body.date ?? todayInZone(clock(), config.timeZone);
    try {
      const run = await runDaily(database.db, today, dailySteps(modules));
      req.log.info({ today, movedAgeBands: run.movedAgeBands }, 'daily job run for job:daily');
      return run;
    } catch (err) {
      // The details stay in the server's log; the command is told where to look.
      req.log.error({ err }, 'daily job failed (job:daily)');
      throw new AppError('OPS_JOB_FAILED');
    }
  }),
];
