import { notifications } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { notificationRoutes } from './routes.js';

/** 消息: every module writes through `notify`; each user reads their own. */
export const notificationsModule = defineModule({
  name: 'notifications',
  label: '消息',
  routes: notificationRoutes,
  auditActions: [],
  tables: [notifications],
});
