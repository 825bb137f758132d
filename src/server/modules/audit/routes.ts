import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEntryDto, auditListQuery } from '../../../shared/contracts/audit.js';
import { page } from '../../../shared/contracts/common.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as service from './service.js';

export const auditRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/api/audit', {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '审计日志（可见范围内）',
        querystring: auditListQuery,
        response: { 200: page(auditEntryDto) },
      },
      handler: async (req) => service.list(database.db, ctxOf(req), req.query),
    });
  };
