import { auditLog } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { auditExports } from './exports.js';
import { auditRoutes } from './routes.js';

/** 审计日志 */
export const auditModule = defineModule({
  name: 'audit',
  label: '审计日志',
  routes: auditRoutes,
  exports: auditExports,
  auditActions: ['audit.export'],
  tables: [auditLog],
});
