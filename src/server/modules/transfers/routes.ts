import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, page } from '../../../shared/contracts/common.js';
import {
  transferCreateBody,
  transferDto,
  transferListQuery,
  transferRespondBody,
} from '../../../shared/contracts/transfers.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as service from './service.js';

const tags = ['transfers'];

export const transferRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/transfers', {
      config: { permission: 'transfer.read' },
      schema: {
        tags,
        summary: '组织关系转接（转出、转入）',
        querystring: transferListQuery,
        response: { 200: page(transferDto) },
      },
      handler: async (req) => service.list(db, ctxOf(req), req.query),
    });

    app.get('/api/transfers/targets', {
      config: { permission: 'transfer.write' },
      schema: {
        tags,
        summary: '可转入的党支部（全系统按名称搜索）',
        querystring: z.object({ q: z.string().trim().min(1, '请输入名称').max(50) }),
        response: { 200: z.array(z.object({ id: z.number(), name: z.string(), kind: z.string() })) },
      },
      handler: async (req) => service.targets(db, req.query.q),
    });

    app.get('/api/transfers/:id', {
      config: { permission: 'transfer.read' },
      schema: { tags, summary: '转接详情', params: idParam, response: { 200: transferDto } },
      handler: async (req) => service.get(db, ctxOf(req), req.params.id),
    });

    app.post('/api/transfers', {
      config: { permission: 'transfer.write' },
      schema: {
        tags,
        summary: '发起组织关系转接（转出方）',
        body: transferCreateBody,
        response: { 201: transferDto },
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const id = await service.create(db, ctx, req.body);
        return reply.status(201).send(await service.get(db, ctx, id));
      },
    });

    for (const answer of ['accept', 'reject', 'cancel'] as const) {
      const summary = { accept: '接收（转入方）', reject: '退回（转入方）', cancel: '撤回（转出方）' }[
        answer
      ];
      app.post(`/api/transfers/:id/${answer}`, {
        config: { permission: 'transfer.write' },
        schema: { tags, summary, params: idParam, body: transferRespondBody, response: { 200: transferDto } },
        handler: async (req) => {
          const ctx = ctxOf(req);
          await service.respond(db, ctx, req.params.id, answer, req.body ?? {});
          return service.get(db, ctx, req.params.id);
        },
      });
    }
  };
