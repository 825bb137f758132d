import { defineModule } from '../manifest.js';
import { exportRoutes } from './routes.js';

/** 导出: serves every module's list exports (their `exports` in the manifest). */
export const exportsModule = defineModule({
  name: 'exports',
  label: '导出',
  routes: exportRoutes,
  auditActions: [],
  tables: [],
});
