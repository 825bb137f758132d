import { importErrors, importRows, imports } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { importRoutes, importSetup } from './routes.js';
import { purgeStale } from './staging.js';

/** 党员信息导入 */
export const importsModule = defineModule({
  name: 'imports',
  label: '党员信息导入',
  routes: importRoutes,
  setup: importSetup,
  dailySteps: [
    {
      // Staging rows are copies of personal data: an import checked and never committed keeps
      // them for the retention period only.
      name: 'imports.purge-staging',
      run: async (tx, today) => ({ importsPurged: await purgeStale(tx, today) }),
    },
  ],
  auditActions: ['import.commit', 'import.rollback'],
  tables: [imports, importRows, importErrors],
});
