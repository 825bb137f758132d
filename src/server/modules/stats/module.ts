import { statsCorrections, statsFigures, statsKeptYears } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { statsRoutes } from './routes.js';

/** 统计年报 */
export const statsModule = defineModule({
  name: 'stats',
  label: '统计年报',
  routes: statsRoutes,
  auditActions: ['stats.report_export'],
  tables: [statsKeptYears, statsFigures, statsCorrections],
});
