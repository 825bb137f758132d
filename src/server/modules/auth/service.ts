import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config.js';
import type { Database } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { verifyPassword } from '../../lib/passwords.js';
import { hashToken } from './plugin.js';
import * as repo from './repo.js';

/** Five failed logins lock the account for fifteen minutes (issue #2). */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

// A hash of a random password, so that an unknown username costs the same time as a wrong
// password and does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;
async function dummy() {
  if (!dummyHash) {
    const { hashPassword } = await import('../../lib/passwords.js');
    dummyHash = hashPassword(randomBytes(8).toString('hex'));
  }
  return dummyHash;
}

export async function login(
  deps: { database: Database; config: AppConfig; clock: () => Date },
  input: { username: string; password: string },
  meta: { requestId: string; ip: string },
): Promise<{ token: string; userId: number }> {
  const db = deps.database.db;
  const now = deps.clock();
  const user = await repo.findUserByUsername(db, input.username);
  if (!user?.active) {
    await verifyPassword(input.password, await dummy());
    await writeAudit(db, meta, {
      action: 'auth.login_failed',
      entity: 'user',
      after: { username: input.username },
      reason: '用户不存在',
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) {
    throw new AppError('ACCOUNT_LOCKED');
  }
  const ok = await verifyPassword(input.password, user.passwordHash);
  const ctx = { actor: { userId: user.id, username: user.username }, ...meta };
  if (!ok) {
    // An expired lock starts a fresh count.
    if (user.lockedUntil) await repo.resetFailedLogins(db, user.id);
    const r = await repo.recordFailedLogin(
      db,
      user.id,
      LOCK_AFTER_FAILURES,
      new Date(now.getTime() + LOCK_MINUTES * 60_000),
    );
    const locked = r && r.failedLogins >= LOCK_AFTER_FAILURES;
    await writeAudit(db, ctx, {
      action: locked ? 'auth.locked' : 'auth.login_failed',
      entity: 'user',
      entityId: user.id,
    });
    if (locked) throw new AppError('ACCOUNT_LOCKED');
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.failedLogins > 0 || user.lockedUntil) await repo.resetFailedLogins(db, user.id);
  const token = randomBytes(32).toString('base64url');
  await repo.createSession(db, hashToken(token), user.id, now);
  await repo.deleteIdleSessions(db, new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000));
  await writeAudit(db, ctx, { action: 'auth.login', entity: 'user', entityId: user.id });
  return { token, userId: user.id };
}
