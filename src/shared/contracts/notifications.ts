import { z } from 'zod';
import { idParam, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute } from './route.js';

export const notificationDto = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  orgId: z.number().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationDto = z.infer<typeof notificationDto>;

export const notificationListQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...pageQuery,
});

export const notificationPage = z.object({
  data: z.array(notificationDto),
  total: z.number(),
  unread: z.number(),
});

// ---- errors ---------------------------------------------------------------------------------

/** The notifications area's error codes (`NOTIFICATIONS_…`): stable, each with its status and Chinese message. */
export const NOTIFICATIONS_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const tag = 'notifications';

export const notificationsApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/notifications',
    permission: 'authenticated',
    tag,
    summary: '我的消息',
    query: notificationListQuery,
    responses: { 200: notificationPage },
  }),
  markRead: defineRoute({
    method: 'POST',
    path: '/api/notifications/:id/read',
    permission: 'authenticated',
    tag,
    summary: '标为已读',
    params: idParam,
    responses: { 200: notificationDto },
  }),
  markAllRead: defineRoute({
    method: 'POST',
    path: '/api/notifications/read-all',
    permission: 'authenticated',
    tag,
    summary: '全部标为已读',
    responses: { 200: z.object({ updated: z.number() }) },
  }),
} satisfies ContractGroup;
