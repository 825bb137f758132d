import type { OrgKind } from '../../../domain/org/labels.js';
import { authApi } from '../../../shared/contracts/auth.js';
import { writeAudit } from '../../lib/audit.js';
import { bind } from '../../lib/route.js';
import type { ModuleDeps } from '../manifest.js';
import { ctxOf, SESSION_COOKIE } from './plugin.js';
import * as repo from './repo.js';
import { login } from './service.js';

export type { ModuleDeps } from '../manifest.js';

export const authRoutes = (deps: ModuleDeps) => {
  const db = deps.database.db;
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.config.cookieSecure,
  };

  return [
    bind(
      authApi.login,
      async (req, reply) => {
        const { token } = await login(deps, req.body, { requestId: String(req.id), ip: req.ip });
        reply.setCookie(SESSION_COOKIE, token, cookieOptions);
        return { ok: true as const };
      },
      // Guessing passwords is slowed per address as well as locked per account (service.ts).
      { config: { rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute' } } },
    ),

    bind(authApi.logout, async (req, reply) => {
      if (req.sessionId) {
        await repo.deleteSession(db, req.sessionId);
        await writeAudit(db, req.ctx, {
          action: 'auth.logout',
          entity: 'user',
          entityId: req.ctx?.actor.userId,
        });
      }
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return { ok: true as const };
    }),

    bind(authApi.me, async (req) => {
      const { actor } = ctxOf(req);
      const roots = new Map<number, { orgId: number; orgName: string; path: string }>();
      for (const g of actor.grants) {
        if (g.role === 'member') continue;
        roots.set(g.orgId, { orgId: g.orgId, orgName: g.orgName, path: g.orgPath });
      }
      // Show only the outermost roots: a subtree inside another adds nothing to the view.
      const list = [...roots.values()].filter(
        (r) => ![...roots.values()].some((o) => o !== r && r.path.startsWith(`${o.path}.`)),
      );
      const kinds = await repo.grantOrgKinds(db, [...new Set(actor.grants.map((g) => g.orgId))]);
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
    }),
  ];
};
