import { importErrors, importRows, imports } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { importRoutes } from './routes.js';

/** 党员信息导入 */
export const importsModule = defineModule({
  name: 'imports',
  label: '党员信息导入',
  legacyRoutes: importRoutes,
  auditActions: ['import.commit', 'import.rollback'],
  tables: [imports, importRows, importErrors],
});
