/**
 * Accounts (用户管理). What a system administrator does alone adds no access: it creates accounts
 * without roles (the roles asked for become grant requests, see grants.ts), deactivates, unlocks,
 * resets a password to a temporary one (the owner is told and must change it at next sign-in) and
 * unlinks a member record. Nobody signs in as another: there is no impersonation route.
 */
import type { z } from 'zod';
import type { Role } from '../../../shared/contracts/permissions.js';
import type {
  UserDto,
  userCreateBody,
  userListQuery,
  userPatchBody,
} from '../../../shared/contracts/users.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { users } from '../../db/schema/index.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { hashPassword } from '../../lib/passwords.js';
import { checkPassword } from '../auth/index.js';
import { notify } from '../notifications/index.js';
import { proposeGrantIn } from './grants.js';
import { requestLinkIn } from './links.js';
import * as repo from './repo.js';
import * as requests from './requests-repo.js';

const USER = '用户';
const readScope = (ctx: RequestContext) => ctx.actor.scope('user.read');
const writeScope = (ctx: RequestContext) => ctx.actor.scope('user.write');

async function toDtos(db: DbOrTx, rows: Array<typeof users.$inferSelect>, now: Date): Promise<UserDto[]> {
  const ids = rows.map((u) => u.id);
  const [roles, grants, links] = await Promise.all([
    repo.rolesOf(db, ids),
    requests.pendingGrantsOf(db, ids),
    requests.pendingLinksOf(db, ids),
  ]);
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    memberId: u.memberId,
    pendingMemberId: links.find((l) => l.userId === u.id)?.memberId ?? null,
    active: u.active,
    locked: !!u.lockedUntil && u.lockedUntil.getTime() > now.getTime(),
    mustChangePassword: u.mustChangePassword,
    roles: roles
      .filter((r) => r.userId === u.id)
      .map(({ role, orgId, orgName }) => ({ role: role as Role, orgId, orgName })),
    pendingGrants: grants
      .filter((g) => g.userId === u.id)
      .map((g) => ({
        requestId: g.requestId,
        action: g.action as 'grant' | 'revoke',
        role: g.role as Role,
        orgId: g.orgId,
        orgName: g.orgName,
      })),
    createdAt: u.createdAt.toISOString(),
  }));
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof userListQuery>) {
  const r = await repo.list(db, readScope(ctx), q.q, q.current, q.pageSize);
  return { data: await toDtos(db, r.data, ctx.now), total: r.total };
}

export const searchOrgs = (db: Db, ctx: RequestContext, q: string) =>
  repo.searchOrgs(db, writeScope(ctx), q, 20);

export async function get(db: DbOrTx, ctx: RequestContext, id: number) {
  const u = await repo.find(db, readScope(ctx), id);
  if (!u) throw notFound(USER);
  return (await toDtos(db, [u], ctx.now))[0];
}

/**
 * A new account holds no role. Each role asked for becomes a grant request for a security
 * administrator, and a member record a link request for the member's org; the initial password
 * is known to its creator, so it is a temporary one like a reset's.
 */
export async function create(db: Db, ctx: RequestContext, input: z.infer<typeof userCreateBody>) {
  return db.transaction(async (tx) => {
    if (await repo.usernameTaken(tx, input.username)) {
      throw fieldErrors([{ field: 'username', message: '用户名：已被使用' }]);
    }
    await checkPassword(tx, input.password, { username: input.username });
    const u = await repo.insert(tx, {
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      mustChangePassword: true,
    });
    await writeAudit(tx, ctx, {
      action: 'user.create',
      entity: 'user',
      entityId: u.id,
      after: {
        username: u.username,
        displayName: u.displayName,
        roles: input.roles,
        memberId: input.memberId,
      },
      reason: input.reason,
    });
    const seen = new Set<string>();
    for (const [i, r] of input.roles.entries()) {
      const key = `${r.role}@${r.orgId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await proposeGrantIn(tx, ctx, u, { action: 'grant', ...r, reason: input.reason }, `roles.${i}`);
    }
    if (input.memberId !== undefined) {
      await requestLinkIn(tx, ctx, u, { memberId: input.memberId, reason: input.reason });
    }
    return u.id;
  });
}

export async function update(db: Db, ctx: RequestContext, id: number, input: z.infer<typeof userPatchBody>) {
  return db.transaction(async (tx) => {
    const before = await repo.find(tx, writeScope(ctx), id, true);
    if (!before) throw notFound(USER);
    if (id === ctx.actor.userId && (input.active === false || input.unlinkMember)) {
      throw new AppError('USERS_SELF_CHANGE');
    }
    const values: Partial<typeof users.$inferInsert> = {};
    if (input.displayName !== undefined) values.displayName = input.displayName;
    if (input.active !== undefined) values.active = input.active;
    if (input.unlock) Object.assign(values, { failedLogins: 0, lockedUntil: null });
    if (input.password) {
      // A temporary password: the administrator knows it until the owner's forced change.
      await checkPassword(tx, input.password, { username: before.username });
      values.passwordHash = await hashPassword(input.password);
      values.mustChangePassword = true;
    }
    if (input.unlinkMember) values.memberId = null;
    if (Object.keys(values).length) await repo.update(tx, id, values);
    if (input.unlinkMember) await unlink(tx, ctx, before);
    // Access changed: sessions opened under the old password, link or state end now.
    if (input.active === false || input.password || input.unlinkMember) await repo.endSessions(tx, id);
    const { password, unlinkMember, ...plain } = input;
    if (Object.keys(plain).length) {
      await writeAudit(tx, ctx, {
        action: 'user.update',
        entity: 'user',
        entityId: id,
        before: { displayName: before.displayName, active: before.active },
        after: plain,
      });
    }
    if (password) await passwordReset(tx, ctx, before);
    return id;
  });
}

/** The owner learns of the reset in their messages; the audit log records who did it. */
async function passwordReset(tx: DbOrTx, ctx: RequestContext, u: typeof users.$inferSelect) {
  const auditId = await writeAudit(tx, ctx, {
    action: 'user.password_reset',
    entity: 'user',
    entityId: u.id,
    after: { mustChangePassword: true },
  });
  await notify(tx, [
    {
      userId: u.id,
      kind: 'account.password_reset',
      title: '您的登录密码已由管理员重置',
      body: `系统管理员 ${ctx.actor.displayName}（${ctx.actor.username}）重置了您的密码，登录后须立即设置新密码。如非本人申请，请联系安全管理员。`,
      link: null,
      dedupeKey: `account.password_reset:${auditId}`,
    },
  ]);
}

/** Less access, so no second person: the member role goes with the link. */
async function unlink(tx: DbOrTx, ctx: RequestContext, u: typeof users.$inferSelect) {
  const roles = await repo.rolesOf(tx, [u.id]);
  for (const r of roles.filter((x) => x.role === 'member'))
    await repo.removeRole(tx, u.id, 'member', r.orgId);
  await requests.withdrawPendingLinks(tx, u.id, ctx.actor.userId, ctx.now);
  await writeAudit(tx, ctx, {
    action: 'user.unlink',
    entity: 'user',
    entityId: u.id,
    before: { memberId: u.memberId },
    after: { memberId: null },
  });
}
