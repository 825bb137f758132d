import { waitMessage } from '../../../domain/auth/backoff.js';
import { type PasswordPolicy, passwordFindings } from '../../../domain/auth/passwordPolicy.js';
import type { Rules } from '../../../domain/rules/index.js';
import type { DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors } from '../../lib/errors.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';
import { loadRules } from '../settings/index.js';
import { hashToken } from './plugin.js';
import * as repo from './repo.js';
import { type AuthDeps, beginAttempt, newSessionToken } from './service.js';

const policyOf = (rules: Rules): PasswordPolicy => ({
  minLength: rules['password.minLength'],
  minClasses: rules['password.minClasses'],
});

/**
 * The password policy (等保 2.0 8.1.4.1 a, rules `password.*`) on a password an account is about
 * to get: one 400 whose details list every shortfall under `field`. Every place that sets a
 * password calls it: the owner's change here, an administrator's creation or reset in users.
 */
export async function checkPassword(
  db: DbOrTx,
  password: string,
  opts: { username?: string; field?: string } = {},
): Promise<void> {
  const findings = passwordFindings(password, policyOf(await loadRules(db)), opts.username);
  if (findings.length)
    throw fieldErrors(findings.map((f) => ({ field: opts.field ?? 'password', message: f.message })));
}

/**
 * The owner changes their password: the current one proves it is them (and is throttled like a
 * sign-in, so a stolen session cannot guess it quickly), the new one meets the policy and is none
 * of the last `password.historyCount`. Then every session of the user ends and a new one starts:
 * the caller gets a fresh token, the other devices are signed out.
 */
export async function changeOwnPassword(
  deps: AuthDeps,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
): Promise<{ token: string }> {
  const db = deps.database.db;
  const { username, userId } = ctx.actor;
  const imposed = beginAttempt(deps.throttle, username, ctx.ip, ctx.now);
  const user = await repo.findUserById(db, userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await writeAudit(db, ctx, {
      action: 'auth.login_failed',
      entity: 'user',
      entityId: userId,
      reason: '修改密码时当前密码错误',
    });
    throw fieldErrors([
      {
        field: 'currentPassword',
        message: imposed > 0 ? `当前密码不正确。${waitMessage(imposed)}` : '当前密码不正确',
      },
    ]);
  }
  deps.throttle.succeeded(username, ctx.ip);

  const rules = await loadRules(db);
  const findings = passwordFindings(input.newPassword, policyOf(rules), username);
  if (findings.length) throw fieldErrors(findings.map((f) => ({ field: 'newPassword', message: f.message })));
  // The current password and the last few: each is one verification, so this costs up to
  // historyCount hashes (a few seconds at most, once in months).
  const keep = rules['password.historyCount'];
  const earlier =
    keep > 0 ? [user.passwordHash, ...(await repo.recentPasswordHashes(db, userId, keep - 1))] : [];
  for (const h of earlier) {
    if (await verifyPassword(input.newPassword, h))
      throw fieldErrors([
        { field: 'newPassword', message: `新密码不能与当前密码或最近${keep}次使用过的密码相同` },
      ]);
  }

  const newHash = await hashPassword(input.newPassword);
  const token = newSessionToken();
  await db.transaction(async (tx) => {
    // The history keeps the hashes before the current one: keep − 1 of them, the current is on the row.
    await repo.changePassword(tx, user, newHash, ctx.now, Math.max(keep - 1, 0));
    await repo.deleteUserSessions(tx, userId);
    await repo.createSession(tx, hashToken(token), userId, ctx.now);
    await writeAudit(tx, ctx, {
      action: 'auth.password_change',
      entity: 'user',
      entityId: userId,
      reason: user.mustChangePassword ? '按要求修改密码' : null,
    });
  });
  return { token };
}
