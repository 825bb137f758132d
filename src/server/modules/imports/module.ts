import { importErrors, importRows, imports } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { importRoutes, importSetup } from './routes.js';

/** 党员信息导入 */
export const importsModule = defineModule({
  name: 'imports',
  label: '党员信息导入',
  routes: importRoutes,
  setup: importSetup,
  auditActions: ['import.commit', 'import.rollback'],
  tables: [imports, importRows, importErrors],
});
