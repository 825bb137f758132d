import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, page } from '../../../shared/contracts/common.js';
import {
  coverageCreateBody,
  coverageListQuery,
  coveragePatchBody,
  coverageUnitDto,
} from '../../../shared/contracts/coverage.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as service from './service.js';

const tags = ['coverage'];

export const coverageRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/coverage-units', {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: '两新组织覆盖名录（orgId 表示该组织及全部下级负责的单位）',
        querystring: coverageListQuery,
        response: { 200: page(coverageUnitDto) },
      },
      handler: async (req) => service.list(db, ctxOf(req), req.query),
    });

    app.post('/api/coverage-units', {
      config: { permission: 'org.write' },
      schema: {
        tags,
        summary: '新增两新组织单位',
        body: coverageCreateBody,
        response: { 201: coverageUnitDto },
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const id = await service.create(db, ctx, req.body);
        return reply.status(201).send(await service.get(db, ctx, id));
      },
    });

    app.patch('/api/coverage-units/:id', {
      config: { permission: 'org.write' },
      schema: {
        tags,
        summary: '修改两新组织单位（含覆盖党组织）',
        params: idParam,
        body: coveragePatchBody,
        response: { 200: coverageUnitDto },
      },
      handler: async (req) => {
        const ctx = ctxOf(req);
        await service.update(db, ctx, req.params.id, req.body);
        return service.get(db, ctx, req.params.id);
      },
    });
  };
