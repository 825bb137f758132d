import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ruleDto, ruleIdParam, ruleOverrideBody } from '../../../shared/contracts/rules.js';
import { ctxOf } from '../auth/plugin.js';
import type { ModuleDeps } from '../auth/routes.js';
import * as service from './rules.js';

const tags = ['rules'];

export const ruleRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/rules', {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: '规则库：规定、依据、可信度与本系统的取值',
        response: { 200: z.array(ruleDto) },
      },
      handler: async () => service.listRules(db),
    });

    app.put('/api/rules/:id', {
      config: { permission: 'settings.write' },
      schema: {
        tags,
        summary: '修改可配置规则的取值（记入审计日志）',
        params: ruleIdParam,
        body: ruleOverrideBody,
        response: { 200: ruleDto },
      },
      handler: async (req) =>
        service.overrideRule(
          db,
          ctxOf(req),
          req.params.id,
          req.body.value,
          req.body.reason,
          req.body.effectiveFrom,
        ),
    });

    app.delete('/api/rules/:id', {
      config: { permission: 'settings.write' },
      schema: {
        tags,
        summary: '恢复规则默认值',
        params: ruleIdParam,
        body: z.object({ reason: ruleOverrideBody.shape.reason }),
        response: { 200: ruleDto },
      },
      handler: async (req) => service.resetRule(db, ctxOf(req), req.params.id, req.body.reason),
    });
  };
