import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OrgKind } from '../../../domain/org/labels.js';
import { loginBody, meDto } from '../../../shared/contracts/auth.js';
import { writeAudit } from '../../lib/audit.js';
import { ctxOf, SESSION_COOKIE } from './plugin.js';
import * as repo from './repo.js';
import { login } from './service.js';

export type { ModuleDeps } from '../manifest.js';

export const authRoutes =
  (deps: import('../manifest.js').ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      sameSite: 'strict' as const,
      secure: deps.config.cookieSecure,
    };

    app.post('/api/auth/login', {
      config: {
        permission: 'public',
        rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: '登录',
        body: loginBody,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
      handler: async (request, reply) => {
        const { token } = await login(deps, request.body, { requestId: String(request.id), ip: request.ip });
        reply.setCookie(SESSION_COOKIE, token, cookieOptions);
        return { ok: true as const };
      },
    });

    app.post('/api/auth/logout', {
      config: { permission: 'public' },
      schema: { tags: ['auth'], summary: '退出登录', response: { 200: z.object({ ok: z.literal(true) }) } },
      handler: async (request, reply) => {
        if (request.sessionId) {
          await repo.deleteSession(deps.database.db, request.sessionId);
          await writeAudit(deps.database.db, request.ctx, {
            action: 'auth.logout',
            entity: 'user',
            entityId: request.ctx?.actor.userId,
          });
        }
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return { ok: true as const };
      },
    });

    app.get('/api/me', {
      config: { permission: 'authenticated' },
      schema: { tags: ['auth'], summary: '当前用户、角色与可见范围', response: { 200: meDto } },
      handler: async (request) => {
        const { actor } = ctxOf(request);
        const roots = new Map<number, { orgId: number; orgName: string; path: string }>();
        for (const g of actor.grants) {
          if (g.role === 'member') continue;
          roots.set(g.orgId, { orgId: g.orgId, orgName: g.orgName, path: g.orgPath });
        }
        // Show only the outermost roots: a subtree inside another adds nothing to the view.
        const list = [...roots.values()].filter(
          (r) => ![...roots.values()].some((o) => o !== r && r.path.startsWith(`${o.path}.`)),
        );
        const kinds = await repo.grantOrgKinds(deps.database.db, [
          ...new Set(actor.grants.map((g) => g.orgId)),
        ]);
        return {
          id: actor.userId,
          username: actor.username,
          displayName: actor.displayName,
          memberId: actor.memberId,
          roles: actor.grants.map((g) => ({
            role: g.role,
            orgId: g.orgId,
            orgName: g.orgName,
            orgPath: g.orgPath,
            orgKind: kinds.get(g.orgId) as OrgKind,
          })),
          permissions: actor.permissions,
          scopeRoots: list,
        };
      },
    });
  };
