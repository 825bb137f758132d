import { notificationsApi } from '../../../shared/contracts/notifications.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';

export const notificationRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(notificationsApi.list, async (req) => service.listFor(db, ctxOf(req).actor.userId, req.query)),
    bind(notificationsApi.markRead, async (req) =>
      service.markRead(db, ctxOf(req).actor.userId, req.params.id),
    ),
    bind(notificationsApi.markAllRead, async (req) => service.markAllRead(db, ctxOf(req).actor.userId)),
  ];
};
