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
  auditActions: [
    'user.create',
    'user.update',
    'user.export',
    'user.password_reset',
    'user.grant_propose',
    'user.grant_approve',
    'user.grant_reject',
    'user.grant_withdraw',
    'user.role_revoke',
    'user.link_request',
    'user.link_confirm',
    'user.link_reject',
    'user.unlink',
  ],
  tables: [users, roleAssignments, roleGrantRequests, memberLinkRequests],
});
