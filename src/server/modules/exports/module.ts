import { defineModule } from '../manifest.js';
import { exportRoutes } from './routes.js';

/** 导出 */
export const exportsModule = defineModule({
  name: 'exports',
  label: '导出',
  legacyRoutes: exportRoutes,
  auditActions: [],
  tables: [],
});
