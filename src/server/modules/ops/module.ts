import { defineModule } from '../manifest.js';
import { opsRoutes } from './routes.js';

/**
 * 运维: operations a command on the same machine asks the running server to do (the daily job for
 * `npm run job:daily`, since an embedded database has one writer). No tables, no audit actions:
 * the job's own rows (job_runs, notifications) record what it did.
 */
export const opsModule = defineModule({
  name: 'ops',
  label: '运维',
  routes: opsRoutes,
  auditActions: [],
  tables: [],
});
