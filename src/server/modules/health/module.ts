import { defineModule } from '../manifest.js';
import { healthRoutes } from './routes.js';

/** 健康检查: liveness and readiness for probes; no tables, no audit, no jobs. */
export const healthModule = defineModule({
  name: 'health',
  label: '健康检查',
  routes: healthRoutes,
  auditActions: [],
  tables: [],
});
