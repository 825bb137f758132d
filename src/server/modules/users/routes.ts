import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, page } from '../../../shared/contracts/common.js';
import { userCreateBody, userDto, userListQuery, userPatchBody } from '../../../shared/contracts/users.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as service from './service.js';

const tags = ['users'];

export const userRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/users', {
      config: { permission: 'user.read' },
      schema: { tags, summary: '用户与角色', querystring: userListQuery, response: { 200: page(userDto) } },
      handler: async (req) => service.list(db, ctxOf(req), req.query),
    });

    app.get('/api/users/orgs', {
      config: { permission: 'user.write' },
      schema: {
        tags,
        summary: '可分配角色的党组织（管理范围内，按名称、拼音搜索）',
        querystring: z.object({ q: z.string().trim().min(1).max(50) }),
        response: { 200: z.array(z.object({ id: z.number(), name: z.string(), kind: z.string() })) },
      },
      handler: async (req) => service.searchOrgs(db, ctxOf(req), req.query.q),
    });

    app.get('/api/users/:id', {
      config: { permission: 'user.read' },
      schema: { tags, summary: '用户详情', params: idParam, response: { 200: userDto } },
      handler: async (req) => service.get(db, ctxOf(req), req.params.id),
    });

    app.post('/api/users', {
      config: { permission: 'user.write' },
      schema: { tags, summary: '新建用户并分配角色', body: userCreateBody, response: { 201: userDto } },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const id = await service.create(db, ctx, req.body);
        return reply.status(201).send(await service.get(db, ctx, id));
      },
    });

    app.patch('/api/users/:id', {
      config: { permission: 'user.write' },
      schema: {
        tags,
        summary: '修改用户：角色、停用、解锁、重置密码',
        params: idParam,
        body: userPatchBody,
        response: { 200: userDto },
      },
      handler: async (req) => {
        const ctx = ctxOf(req);
        await service.update(db, ctx, req.params.id, req.body);
        return service.get(db, ctx, req.params.id);
      },
    });
  };
