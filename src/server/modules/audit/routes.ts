import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { addDays } from '../../../domain/common/dates.js';
import { auditEntryDto, auditListQuery } from '../../../shared/contracts/audit.js';
import { page } from '../../../shared/contracts/common.js';
import { ctxOf } from '../auth/plugin.js';
import type { ModuleDeps } from '../auth/routes.js';
import * as repo from './repo.js';

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
      handler: async (req) => {
        const { current, pageSize, from, to, ...q } = req.query;
        const r = await repo.list(
          database.db,
          ctxOf(req).actor.scope('audit.read'),
          {
            ...q,
            // Days are Shanghai days: [from 00:00, to + 1 day 00:00) at +08:00.
            from: from ? new Date(`${from}T00:00:00+08:00`) : undefined,
            to: to ? new Date(`${addDays(to, 1)}T00:00:00+08:00`) : undefined,
          },
          current,
          pageSize,
        );
        return {
          data: r.data.map(({ orgPath: _p, at, ...e }) => ({ ...e, at: at.toISOString() })),
          total: r.total,
        };
      },
    });
  };
