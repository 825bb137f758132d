import type { OrgKind } from '../../../domain/org/labels.js';
import { authApi } from '../../../shared/contracts/auth.js';
import { writeAudit } from '../../lib/audit.js';
import { bind } from '../../lib/route.js';
import type { ModuleDeps } from '../manifest.js';
import { changeOwnPassword } from './password.js';
import { ctxOf, SESSION_COOKIE } from './plugin.js';
import { updatePreferences, withDefaults } from './preferences.js';
import * as repo from './repo.js';
import { login, warmDummyHash } from './service.js';
import { LoginThrottle } from './throttle.js';

export type { ModuleDeps } from '../manifest.js';

export const authRoutes = (deps: ModuleDeps) => {
  const db = deps.database.db;
  // One set of back-off counters per app (tests build several apps; production has one).
  const auth = { ...deps, throttle: new LoginThrottle() };
  warmDummyHash();
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
        const { token, mustChangePassword } = await login(
          auth,
          req.body,
          { requestId: String(req.id), ip: req.ip },
          req.cookies[SESSION_COOKIE],
        );
        reply.setCookie(SESSION_COOKIE, token, cookieOptions);
        return { ok: true as const, mustChangePassword };
      },
      // A coarse cap per address on top of the back-off (throttle.ts), which counts only failures.
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

    bind(authApi.changePassword, async (req, reply) => {
      const { token } = await changeOwnPassword(auth, ctxOf(req), req.body);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return { ok: true as const };
    }),

    bind(authApi.logoutAll, async (req, reply) => {
      const ctx = ctxOf(req);
      await repo.deleteUserSessions(db, ctx.actor.userId);
      await writeAudit(db, ctx, { action: 'auth.logout_all', entity: 'user', entityId: ctx.actor.userId });
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
          orgKind: g.orgKind as OrgKind,
        })),
        permissions: actor.permissions,
        scopeRoots: list,
        mustChangePassword: req.passwordChangeRequired,
        preferences: withDefaults(req.userPreferences),
      };
    }),

    // 大字模式 and the like: the user's own settings (preferences.ts, decision 0043).
    bind(authApi.setPreferences, async (req) => updatePreferences(db, ctxOf(req).actor.userId, req.body)),
  ];
};
