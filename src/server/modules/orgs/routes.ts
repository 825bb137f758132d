import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, page } from '../../../shared/contracts/common.js';
import {
  asOfQuery,
  orgCreateBody,
  orgDissolveBody,
  orgDto,
  orgHistoryDto,
  orgListQuery,
  orgMoveBody,
  orgPatchBody,
  orgSummaryDto,
  termCreateBody,
} from '../../../shared/contracts/orgs.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as service from './service.js';

const tags = ['orgs'];

export const orgRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;
    const summaries = z.array(orgSummaryDto);

    app.get('/api/orgs/roots', {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: '可见范围的根组织（可按历史日期）',
        querystring: asOfQuery,
        response: { 200: summaries },
      },
      handler: async (req) => summaries.parse(await service.roots(db, ctxOf(req), req.query.asOf)),
    });

    app.get('/api/orgs', {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: '按名称、拼音或首字母搜索党组织',
        querystring: orgListQuery,
        response: { 200: page(orgSummaryDto) },
      },
      handler: async (req) => {
        const { q, kind, limit } = req.query;
        const r = await service.search(db, ctxOf(req), q, kind, limit);
        return { data: summaries.parse(r.data), total: r.total };
      },
    });

    app.get('/api/orgs/:id', {
      config: { permission: 'org.read' },
      schema: { tags, summary: '党组织详情（含班子、规则检查）', params: idParam, response: { 200: orgDto } },
      handler: async (req) => service.getOrg(db, ctxOf(req), req.params.id),
    });

    app.get('/api/orgs/:id/children', {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: '下级组织（可按历史日期）',
        params: idParam,
        querystring: asOfQuery,
        response: { 200: summaries },
      },
      handler: async (req) =>
        summaries.parse(await service.children(db, ctxOf(req), req.params.id, req.query.asOf)),
    });

    app.get('/api/orgs/:id/ancestors', {
      config: { permission: 'org.read' },
      schema: { tags, summary: '上级组织链（可见范围内）', params: idParam, response: { 200: summaries } },
      handler: async (req) => summaries.parse(await service.ancestors(db, ctxOf(req), req.params.id)),
    });

    app.get('/api/orgs/:id/history', {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: '名称、隶属关系与状态的历史',
        params: idParam,
        response: { 200: z.array(orgHistoryDto) },
      },
      handler: async (req) => service.history(db, ctxOf(req), req.params.id),
    });

    const created = z.object({ id: z.number() });
    app.post('/api/orgs', {
      config: { permission: 'org.write' },
      schema: { tags, summary: '新建党组织', body: orgCreateBody, response: { 201: created } },
      handler: async (req, reply) =>
        reply.status(201).send({ id: await service.createOrg(db, ctxOf(req), req.body) }),
    });

    app.patch('/api/orgs/:id', {
      config: { permission: 'org.write' },
      schema: { tags, summary: '修改党组织', params: idParam, body: orgPatchBody, response: { 200: orgDto } },
      handler: async (req) => {
        const ctx = ctxOf(req);
        await service.updateOrg(db, ctx, req.params.id, req.body);
        return service.getOrg(db, ctx, req.params.id);
      },
    });

    app.post('/api/orgs/:id/move', {
      config: { permission: 'org.write' },
      schema: {
        tags,
        summary: '调整隶属关系',
        params: idParam,
        body: orgMoveBody,
        response: { 200: orgDto },
      },
      handler: async (req) => {
        const ctx = ctxOf(req);
        await service.moveOrg(db, ctx, req.params.id, req.body);
        return service.getOrg(db, ctx, req.params.id);
      },
    });

    app.post('/api/orgs/:id/dissolve', {
      config: { permission: 'org.write' },
      schema: {
        tags,
        summary: '撤销党组织',
        params: idParam,
        body: orgDissolveBody,
        response: { 200: orgDto },
      },
      handler: async (req) => {
        const ctx = ctxOf(req);
        await service.dissolveOrg(db, ctx, req.params.id, req.body);
        return service.getOrg(db, ctx, req.params.id);
      },
    });

    app.post('/api/orgs/:id/terms', {
      config: { permission: 'org.write' },
      schema: {
        tags,
        summary: '换届：新任期与班子',
        params: idParam,
        body: termCreateBody,
        response: { 201: orgDto },
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        await service.renewTerm(db, ctx, req.params.id, req.body);
        return reply.status(201).send(await service.getOrg(db, ctx, req.params.id));
      },
    });
  };
