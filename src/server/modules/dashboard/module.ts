import { rollupState, subtreeCounts } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { dashboardRoutes } from './routes.js';

/** 工作台 */
export const dashboardModule = defineModule({
  name: 'dashboard',
  label: '工作台',
  routes: dashboardRoutes,
  auditActions: [],
  tables: [subtreeCounts],
  seededTables: [rollupState],
});
