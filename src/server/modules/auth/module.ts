import { passwordHistory, sessions } from '../../db/schema/index.js';
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
});
