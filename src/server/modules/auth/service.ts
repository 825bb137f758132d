import { randomBytes } from 'node:crypto';
import { asMobile } from '../../../domain/accounts/accounts.js';
import { waitMessage } from '../../../domain/auth/backoff.js';
import { passwordExpired } from '../../../domain/auth/passwordPolicy.js';
import type { AppConfig } from '../../config.js';
import type { Database } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { hashPassword, hashQueueLength, needsRehash, verifyPassword } from '../../lib/passwords.js';
import { hashOf } from '../../lib/pii.js';
import { loadRules } from '../settings/index.js';
import { hashToken } from './plugin.js';
import * as repo from './repo.js';
import type { LoginThrottle } from './throttle.js';

export interface AuthDeps {
  database: Database;
  config: AppConfig;
  clock: () => Date;
  throttle: LoginThrottle;
}

/**
 * Beyond this many sign-ins waiting for a hashing slot, new ones are refused at once: a flood from
 * many addresses queues a bounded amount of work (and memory) instead of an unbounded one.
 */
const MAX_HASH_QUEUE = 64;

// A hash of a random password with today's parameters, so that an unknown username costs one
// verification at the same price as a wrong password and does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;
const dummy = () => {
  dummyHash ??= hashPassword(randomBytes(12).toString('hex'));
  return dummyHash;
};

/** Made when the routes are built, so that not even the first unknown name costs an extra hash. */
export const warmDummyHash = () =>
  void dummy().catch(() => {
    // Tried again by the first sign-in that needs it, which then reports the error.
    dummyHash = null;
  });

/**
 * Refuses before any hashing when the caller must wait (a throttled attempt is nearly free), or
 * counts the attempt as a failure until the password proves otherwise (throttle.ts). Answers the
 * wait this attempt imposes if it fails.
 */
export function beginAttempt(throttle: LoginThrottle, username: string, ip: string, now: Date): number {
  const started = throttle.attempt(username, ip, now);
  if ('refused' in started) throw new AppError('AUTH_THROTTLED', waitMessage(started.refused));
  if (hashQueueLength() >= MAX_HASH_QUEUE) {
    throttle.cancel(username, ip);
    throw new AppError('RATE_LIMITED');
  }
  return started.imposed;
}

export function newSessionToken() {
  return randomBytes(32).toString('base64url');
}

/**
 * A new session for a user who just proved who they are (a password, an activation code, an SMS
 * code): the session the browser still held ends (rotation, as in `login`), expired ones are swept.
 */
export async function startSession(
  deps: Pick<AuthDeps, 'database' | 'config'>,
  userId: number,
  now: Date,
  previousToken?: string,
): Promise<string> {
  const db = deps.database.db;
  if (previousToken) await repo.deleteSession(db, hashToken(previousToken));
  const token = newSessionToken();
  await repo.createSession(db, hashToken(token), userId, now);
  await repo.deleteExpiredSessions(
    db,
    new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000),
    new Date(now.getTime() - deps.config.sessionMaxHours * 3_600_000),
  );
  return token;
}

export async function login(
  deps: AuthDeps,
  input: { username: string; password: string },
  meta: { requestId: string; ip: string },
  previousToken?: string,
): Promise<{ token: string; userId: number; mustChangePassword: boolean }> {
  const db = deps.database.db;
  const now = deps.clock();
  const imposed = beginAttempt(deps.throttle, input.username, meta.ip, now);
  // The field takes a username or a mobile number (issue #19): a member's generated username is
  // never a phone, so a name that is not found and reads as a phone is looked up as one.
  const mobile = asMobile(input.username);
  const user =
    (await repo.findUserByUsername(db, input.username)) ??
    (mobile ? await repo.findUserByPhone(db, hashOf('phone', mobile)) : null);
  // One verification whatever the path: against the user's hash, or the dummy for an unknown or
  // disabled name. The answer below is the same for both (status, code and message).
  const ok = await verifyPassword(input.password, user?.active ? user.passwordHash : await dummy());
  if (!user?.active || !ok) {
    const ctx = user ? { actor: { userId: user.id, username: user.username }, ...meta } : meta;
    await writeAudit(db, ctx, {
      // The first failure that starts a wait is recorded as such: an auditor sees guessing begin.
      action: imposed > 0 ? 'auth.throttled' : 'auth.login_failed',
      entity: 'user',
      entityId: user?.id ?? null,
      after: user ? undefined : { username: input.username },
      reason: user ? (user.active ? '密码错误' : '账号已停用') : '用户不存在',
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  deps.throttle.succeeded(input.username, meta.ip);
  const ctx = { actor: { userId: user.id, username: user.username }, ...meta };

  // Hashes made with older parameters are replaced now that the password is known (passwords.ts).
  if (needsRehash(user.passwordHash))
    await repo.setPasswordHash(db, user.id, await hashPassword(input.password));

  const rules = await loadRules(db);
  let mustChangePassword = user.mustChangePassword;
  if (!mustChangePassword && passwordExpired(user.passwordChangedAt, now, rules['password.maxAgeDays'])) {
    // Stored as the same flag an administrator's reset sets: every later request checks one column.
    await repo.requirePasswordChange(db, user.id);
    mustChangePassword = true;
  }

  // Rotation: a session the browser still held is ended, so a token planted before sign-in
  // (session fixation) or left from an earlier sign-in is worth nothing afterwards.
  if (previousToken) await repo.deleteSession(db, hashToken(previousToken));
  const token = newSessionToken();
  await repo.createSession(db, hashToken(token), user.id, now);
  await repo.deleteExpiredSessions(
    db,
    new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000),
    new Date(now.getTime() - deps.config.sessionMaxHours * 3_600_000),
  );
  await writeAudit(db, ctx, {
    action: 'auth.login',
    entity: 'user',
    entityId: user.id,
    reason: mustChangePassword ? '须先修改密码' : null,
  });
  return { token, userId: user.id, mustChangePassword };
}
