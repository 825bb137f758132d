import { memberEvents, members } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { memberExports } from './exports.js';
import { memberRoutes } from './routes.js';

/** 党员 */
export const membersModule = defineModule({
  name: 'members',
  label: '党员',
  routes: memberRoutes,
  exports: memberExports,
  auditActions: [
    'member.create',
    'member.update',
    'member.reveal',
    'member.export',
    'member.id_number_refused',
  ],
  tables: [members, memberEvents],
});
