import { memberLinkRequests, roleAssignments, roleGrantRequests, users } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { userExports } from './exports.js';
import { userRoutes } from './routes.js';

/** 用户与角色 */
export const usersModule = defineModule({
  name: 'users',
  label: '用户与角色',
  routes: userRoutes,
  exports: userExports,
  auditActions: ['user.create', 'user.update', 'user.export'],
  tables: [users, roleAssignments, roleGrantRequests, memberLinkRequests],
});
