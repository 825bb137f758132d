import type { z } from 'zod';
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
import * as repo from './repo.js';

const USER = '用户';
const readScope = (ctx: RequestContext) => ctx.actor.scope('user.read');
const writeScope = (ctx: RequestContext) => ctx.actor.scope('user.write');

async function toDtos(db: DbOrTx, rows: Array<typeof users.$inferSelect>, now: Date): Promise<UserDto[]> {
  const roles = await repo.rolesOf(
    db,
    rows.map((u) => u.id),
  );
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    memberId: u.memberId,
    active: u.active,
    locked: !!u.lockedUntil && u.lockedUntil.getTime() > now.getTime(),
    roles: roles
      .filter((r) => r.userId === u.id)
      .map(({ role, orgId, orgName }) => ({
        role: role as UserDto['roles'][number]['role'],
        orgId,
        orgName,
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

/** Roles may be granted only at orgs inside the granting sysadmin's own subtrees. */
async function checkRoles(db: DbOrTx, ctx: RequestContext, roles: Array<{ role: string; orgId: number }>) {
  const ids = [...new Set(roles.map((r) => r.orgId))];
  const found = await repo.orgsInScope(db, writeScope(ctx), ids);
  if (found.length !== ids.length)
    throw fieldErrors([{ field: 'roles', message: '角色：所选党组织不存在或不在管理范围内' }]);
}

export async function create(db: Db, ctx: RequestContext, input: z.infer<typeof userCreateBody>) {
  return db.transaction(async (tx) => {
    if (await repo.usernameTaken(tx, input.username)) {
      throw fieldErrors([{ field: 'username', message: '用户名：已被使用' }]);
    }
    if (input.roles.some((r) => r.role === 'member') && !input.memberId) {
      throw fieldErrors([{ field: 'memberId', message: '党员：党员角色须关联本人的党员档案' }]);
    }
    await checkRoles(tx, ctx, input.roles);
    const u = await repo.insert(tx, {
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      memberId: input.memberId ?? null,
    });
    await repo.replaceRoles(tx, u.id, input.roles);
    await writeAudit(tx, ctx, {
      action: 'user.create',
      entity: 'user',
      entityId: u.id,
      after: { username: u.username, displayName: u.displayName, memberId: u.memberId, roles: input.roles },
    });
    return u.id;
  });
}

export async function update(db: Db, ctx: RequestContext, id: number, input: z.infer<typeof userPatchBody>) {
  return db.transaction(async (tx) => {
    const before = await repo.find(tx, writeScope(ctx), id);
    if (!before) throw notFound(USER);
    if (id === ctx.actor.userId && (input.active === false || input.roles)) {
      throw new AppError('USERS_SELF_CHANGE');
    }
    const memberId = input.memberId !== undefined ? input.memberId : before.memberId;
    if (input.roles?.some((r) => r.role === 'member') && !memberId) {
      throw fieldErrors([{ field: 'memberId', message: '党员：党员角色须关联本人的党员档案' }]);
    }
    const values: Partial<typeof users.$inferInsert> = {};
    if (input.displayName !== undefined) values.displayName = input.displayName;
    if (input.memberId !== undefined) values.memberId = input.memberId;
    if (input.active !== undefined) values.active = input.active;
    if (input.unlock) Object.assign(values, { failedLogins: 0, lockedUntil: null });
    if (input.password) values.passwordHash = await hashPassword(input.password);
    if (Object.keys(values).length) await repo.update(tx, id, values);
    if (input.roles) {
      await checkRoles(tx, ctx, input.roles);
      await repo.replaceRoles(tx, id, input.roles);
    }
    // Access changed: sessions opened under the old grants end now.
    if (input.active === false || input.roles || input.password) await repo.endSessions(tx, id);
    await writeAudit(tx, ctx, {
      action: 'user.update',
      entity: 'user',
      entityId: id,
      before: { displayName: before.displayName, active: before.active },
      after: { ...input, password: input.password ? '（已重置）' : undefined },
    });
    return id;
  });
}
