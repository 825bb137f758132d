import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { todayInZone } from '../../../domain/common/dates.js';
import { authApi } from '../../../shared/contracts/auth.js';
import type { AppConfig } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { UserPreferences } from '../../db/schema/index.js';
import { Actor } from '../../lib/actor.js';
import { cacheGeneration, SessionCache } from '../../lib/cache.js';
import type { RequestContext } from '../../lib/context.js';

export { ctxOf } from '../../lib/context.js';

import { AppError } from '../../lib/errors.js';
import { trustCaches } from './cache-trust.js';
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
    /** The signed-in user's display settings (大字模式), read with the session. */
    userPreferences: UserPreferences | null;
  }
}

/** What a session that must change its password may still call: who am I, change it, sign out. */
const ALLOWED_BEFORE_CHANGE = new Set(
  [authApi.me, authApi.changePassword, authApi.logout, authApi.logoutAll].map((c) => `${c.method} ${c.path}`),
);

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

type SessionRow = NonNullable<Awaited<ReturnType<typeof repo.sessionWithGrants>>>;

export async function registerAuth(
  app: FastifyInstance,
  { config, database, clock }: { config: AppConfig; database: Database; clock: () => Date },
) {
  app.decorateRequest('ctx', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('passwordChangeRequired', false);
  app.decorateRequest('userPreferences', null);

  // Sessions kept in the process (lib/cache.ts): a signed-in request costs no query until the
  // session is touched (once a minute) or something about it changes.
  const sessions = new SessionCache<SessionRow>();
  const stopTrusting = await trustCaches(app, config, database);
  app.addHook('onClose', async () => {
    sessions.close();
    await stopTrusting();
  });

  // Today in the deployment's zone, worked out once a minute rather than per request (the top
  // function of a kept session's profile): every zone's offset is whole minutes, so the date cannot
  // change within a minute of UTC.
  let todayMinute = Number.NaN;
  let today = '';
  const todayOf = (now: Date) => {
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== todayMinute) {
      today = todayInZone(now, config.timeZone);
      todayMinute = minute;
    }
    return today;
  };

  const read = async (id: string) => {
    const readAt = cacheGeneration();
    const row = await repo.sessionWithGrants(database.db, id);
    if (row) sessions.set(id, row.userId, row, readAt);
    return row;
  };

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const id = hashToken(token);
    const now = clock();
    // Idle too long, or signed in too long ago however active (absolute lifetime): either ends it.
    // Judged on every request, kept or not.
    const expired = (s: SessionRow) =>
      now.getTime() - s.lastSeenAt.getTime() > config.sessionIdleMinutes * 60_000 ||
      now.getTime() - s.createdAt.getTime() > config.sessionMaxHours * 3_600_000;
    let session = sessions.get(id);
    // A kept session's last use is this process's: another process may have seen it since, so
    // an idle verdict is checked against the database before the session is ended.
    if (session && expired(session)) session = await read(id);
    else session ??= await read(id);
    if (!session) return;
    if (expired(session)) {
      await repo.deleteSession(database.db, id);
      return;
    }
    if (!session.active) return;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await repo.touchSession(database.db, id, now);
      sessions.update(id, (s) => ({ ...s, lastSeenAt: now }));
    }
    request.sessionId = id;
    request.passwordChangeRequired = session.mustChangePassword;
    request.userPreferences = session.preferences as UserPreferences;
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
      today: todayOf(now),
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
