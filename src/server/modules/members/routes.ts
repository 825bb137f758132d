import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, page } from '../../../shared/contracts/common.js';
import {
  memberCreateBody,
  memberDto,
  memberEventDto,
  memberListQuery,
  memberPatchBody,
  revealBody,
  revealDto,
} from '../../../shared/contracts/members.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as service from './service.js';

const tags = ['members'];

export const memberRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/members', {
      config: { permission: 'member.read' },
      schema: {
        tags,
        summary: '党员名册（orgId 表示该组织及全部下级）',
        querystring: memberListQuery,
        response: { 200: page(memberDto) },
      },
      handler: async (req) => service.listMembers(db, ctxOf(req), req.query),
    });

    app.get('/api/members/:id', {
      config: { permission: 'member.read' },
      schema: { tags, summary: '党员信息（敏感信息已脱敏）', params: idParam, response: { 200: memberDto } },
      handler: async (req) => service.getMember(db, ctxOf(req), req.params.id),
    });

    app.post('/api/members', {
      config: { permission: 'member.write' },
      schema: { tags, summary: '新增党员', body: memberCreateBody, response: { 201: memberDto } },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const id = await service.createMember(db, ctx, req.body);
        return reply.status(201).send(await service.getMember(db, ctx, id));
      },
    });

    app.patch('/api/members/:id', {
      config: { permission: 'member.write' },
      schema: {
        tags,
        summary: '修改党员信息',
        params: idParam,
        body: memberPatchBody,
        response: { 200: memberDto },
      },
      handler: async (req) => {
        const ctx = ctxOf(req);
        await service.updateMember(db, ctx, req.params.id, req.body);
        return service.getMember(db, ctx, req.params.id);
      },
    });

    app.post('/api/members/:id/reveal', {
      config: { permission: 'member.reveal' },
      schema: {
        tags,
        summary: '查看身份证号、手机号原文（须填写原因，记入审计日志）',
        params: idParam,
        body: revealBody,
        response: { 200: revealDto },
      },
      handler: async (req) => service.reveal(db, ctxOf(req), req.params.id, req.body),
    });

    app.get('/api/members/:id/events', {
      config: { permission: 'member.read' },
      schema: {
        tags,
        summary: '党员名册变动记录',
        params: idParam,
        response: { 200: z.array(memberEventDto) },
      },
      handler: async (req) => service.events(db, ctxOf(req), req.params.id),
    });
  };
