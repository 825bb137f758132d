import { passwordHistory, sessions } from '../../db/schema/index.js';
import { invalidate } from '../../lib/cache.js';
import { defineModule } from '../manifest.js';
import { authRoutes } from './routes.js';

/** 登录 */
export const authModule = defineModule({
  name: 'auth',
  label: '登录',
  routes: authRoutes,
  auditActions: [
    'auth.login',
    'auth.login_failed',
    'auth.locked',
    'auth.throttled',
    'auth.logout',
    'auth.logout_all',
    'auth.password_change',
  ],
  tables: [sessions, passwordHistory],
  // Kept sessions carry their grants' org paths and names (lib/cache.ts): an org founded, moved,
  // renamed or dissolved is rare, and drops them all, in every process as the change commits.
  listens: [{ topics: ['orgs'], flush: (tx) => invalidate(tx, { all: true }) }],
});
