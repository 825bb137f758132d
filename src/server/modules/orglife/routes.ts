import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../shared/contracts/common.js';
import {
  complianceDto,
  complianceQuery,
  exemptionCreateBody,
  exemptionDto,
  notificationDto,
  notificationListQuery,
  notificationPage,
} from '../../../shared/contracts/orglife.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import { complianceOf } from './compliance.js';
import * as exemptions from './exemptions.js';
import * as notifications from './notifications.js';

export const orglifeRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/orgs/:id/compliance', {
      config: { permission: 'orglife.read' },
      schema: {
        tags: ['orglife'],
        summary: '组织生活合规情况（本组织及下级，按类别、月份汇总，热力图、未完成与待完成清单）',
        params: idParam,
        querystring: complianceQuery,
        response: { 200: complianceDto },
      },
      handler: async (req) => complianceOf(db, ctxOf(req), req.params.id, req.query),
    });

    app.get('/api/orgs/:id/exemptions', {
      config: { permission: 'orglife.read' },
      schema: {
        tags: ['orglife'],
        summary: '免于考核记录',
        params: idParam,
        response: { 200: z.array(exemptionDto) },
      },
      handler: async (req) => exemptions.list(db, ctxOf(req), req.params.id),
    });

    app.post('/api/orgs/:id/exemptions', {
      config: { permission: 'orglife.review' },
      schema: {
        tags: ['orglife'],
        summary: '批准免于考核（上级党组织）',
        params: idParam,
        body: exemptionCreateBody,
        response: { 201: exemptionDto },
      },
      handler: async (req, reply) =>
        reply.status(201).send(await exemptions.grant(db, ctxOf(req), req.params.id, req.body)),
    });

    app.delete('/api/orgs/:id/exemptions/:exemptionId', {
      config: { permission: 'orglife.review' },
      schema: {
        tags: ['orglife'],
        summary: '撤销免于考核（上级党组织）',
        params: z.object({
          id: z.coerce.number().int().positive(),
          exemptionId: z.coerce.number().int().positive(),
        }),
        response: { 200: z.object({ id: z.number() }) },
      },
      handler: async (req) => exemptions.withdraw(db, ctxOf(req), req.params.id, req.params.exemptionId),
    });

    app.get('/api/notifications', {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: '我的消息',
        querystring: notificationListQuery,
        response: { 200: notificationPage },
      },
      handler: async (req) => notifications.listFor(db, ctxOf(req).actor.userId, req.query),
    });

    app.post('/api/notifications/:id/read', {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: '标为已读',
        params: idParam,
        response: { 200: notificationDto },
      },
      handler: async (req) => notifications.markRead(db, ctxOf(req).actor.userId, req.params.id),
    });

    app.post('/api/notifications/read-all', {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: '全部标为已读',
        response: { 200: z.object({ updated: z.number() }) },
      },
      handler: async (req) => notifications.markAllRead(db, ctxOf(req).actor.userId),
    });
  };
