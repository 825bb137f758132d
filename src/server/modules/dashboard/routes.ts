import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/contracts/common.js';
import { dashboardDto } from '../../../shared/contracts/dashboard.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as service from './service.js';

export const dashboardRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/orgs/:id/dashboard', {
      config: { permission: 'stats.read' },
      schema: {
        tags: ['dashboard'],
        summary: '数据看板：该组织及全部下级的党员、组织、覆盖、发展、组织生活与党费统计',
        params: idParam,
        response: { 200: dashboardDto },
      },
      handler: async (req) => service.dashboard(db, ctxOf(req), req.params.id),
    });
  };
