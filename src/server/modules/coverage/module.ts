import { coverageUnits } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { coverageExports } from './exports.js';
import { coverageRoutes } from './routes.js';

/** 两新组织覆盖 */
export const coverageModule = defineModule({
  name: 'coverage',
  label: '两新组织覆盖',
  routes: coverageRoutes,
  exports: coverageExports,
  auditActions: ['coverage_unit.create', 'coverage_unit.update', 'coverage.export'],
  tables: [coverageUnits],
});
