import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { todayInZone } from '../../../domain/common/dates.js';
import { authApi } from '../../../shared/contracts/auth.js';
import type { AppConfig } from '../../config.js';
import type { Database } from '../../db/client.js';
import { Actor } from '../../lib/actor.js';
import type { RequestContext } from '../../lib/context.js';

export { ctxOf } from '../../lib/context.js';

import { AppError } from '../../lib/errors.js';
import * as repo from './repo.js';

export const SESSION_COOKIE = 'jiceng_sid';
/** Don't write last_seen_at on every request: a minute's precision is enough for a 30-minute idle limit. */
const TOUCH_EVERY_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for signed-in requests; routes with a permission other than `public` can rely on it. */
    ctx: RequestContext | null;
    sessionId: string | null;
    /** The session's user must change the password before anything else (reset or expiry). */
    passwordChangeRequired: boolean;
  }
}

/** What a session that must change its password may still call: who am I, change it, sign out. */
const ALLOWED_BEFORE_CHANGE = new Set(
  [authApi.me, authApi.changePassword, authApi.logout, authApi.logoutAll].map((c) => `${c.method} ${c.path}`),
);

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function registerAuth(
  app: FastifyInstance,
  { config, database, clock }: { config: AppConfig; database: Database; clock: () => Date },
) {
  app.decorateRequest('ctx', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('passwordChangeRequired', false);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const id = hashToken(token);
    const session = await repo.sessionWithGrants(database.db, id);
    if (!session) return;
    const now = clock();
    // Idle too long, or signed in too long ago however active (absolute lifetime): either ends it.
    if (
      now.getTime() - session.lastSeenAt.getTime() > config.sessionIdleMinutes * 60_000 ||
      now.getTime() - session.createdAt.getTime() > config.sessionMaxHours * 3_600_000
    ) {
      await repo.deleteSession(database.db, id);
      return;
    }
    if (!session.active) return;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await repo.touchSession(database.db, id, now);
    }
    request.sessionId = id;
    request.passwordChangeRequired = session.mustChangePassword;
    request.ctx = {
      actor: new Actor(
        session.userId,
        session.username,
        session.displayName,
        session.memberId,
        session.grants,
      ),
      requestId: String(request.id),
      ip: request.ip,
      today: todayInZone(now, config.timeZone),
      now,
    };
  });

  // Enforce the declared permission before the body is even validated: an anonymous or
  // unauthorised caller learns nothing about the route's input rules.
  app.addHook('preValidation', async (request) => {
    const permission = request.routeOptions.config?.permission;
    if (!permission || permission === 'public') return;
    if (!request.ctx) throw new AppError('UNAUTHENTICATED');
    if (
      request.passwordChangeRequired &&
      !ALLOWED_BEFORE_CHANGE.has(`${request.method} ${request.routeOptions.url}`)
    )
      throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED');
    if (permission === 'authenticated') return;
    if (!request.ctx.actor.can(permission)) throw new AppError('FORBIDDEN');
  });
}
