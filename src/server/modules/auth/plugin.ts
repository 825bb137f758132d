import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { todayInZone } from '../../../domain/common/dates.js';
import type { AppConfig } from '../../config.js';
import type { Database } from '../../db/client.js';
import { Actor } from '../../lib/actor.js';
import type { RequestContext } from '../../lib/context.js';
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
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function registerAuth(
  app: FastifyInstance,
  { config, database, clock }: { config: AppConfig; database: Database; clock: () => Date },
) {
  app.decorateRequest('ctx', null);
  app.decorateRequest('sessionId', null);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const id = hashToken(token);
    const session = await repo.sessionWithGrants(database.db, id);
    if (!session) return;
    const now = clock();
    if (now.getTime() - session.lastSeenAt.getTime() > config.sessionIdleMinutes * 60_000) {
      await repo.deleteSession(database.db, id);
      return;
    }
    if (!session.active) return;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await repo.touchSession(database.db, id, now);
    }
    request.sessionId = id;
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
    if (permission === 'authenticated') return;
    if (!request.ctx.actor.can(permission)) throw new AppError('FORBIDDEN');
  });
}

/** The context of a route that required sign-in (the preHandler guarantees it). */
export function ctxOf(request: FastifyRequest): RequestContext {
  if (!request.ctx) throw new AppError('UNAUTHENTICATED');
  return request.ctx;
}
