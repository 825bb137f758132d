import { transfers } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { transferExports } from './exports.js';
import { transferRoutes } from './routes.js';

/** 组织关系转接 */
export const transfersModule = defineModule({
  name: 'transfers',
  label: '组织关系转接',
  routes: transferRoutes,
  exports: transferExports,
  auditActions: [
    'transfer.create',
    'transfer.accept',
    'transfer.reject',
    'transfer.cancel',
    'transfer.export',
  ],
  tables: [transfers],
});
