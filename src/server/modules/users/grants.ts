/**
 * Role grants (授权审批, issue #18): a grant or revocation is proposed by a system administrator and
 * applied when a security administrator other than the proposer, whose subtree holds the org,
 * approves it; approval applies it in the same transaction and ends the account's sessions. A
 * security administrator may also revoke a role at once: less access cannot be an escalation, and
 * waiting for a second person would keep a leaver's access open. Separation of duties
 * (`separationConflict`) is checked at proposal, against roles held and pending, and again at
 * approval, against the roles held then.
 */
import type { z } from 'zod';
import { type Role, separationConflict } from '../../../shared/contracts/permissions.js';
import type {
  GrantRequestDto,
  grantDecisionBody,
  grantListQuery,
  grantProposeBody,
  roleRevokeBody,
} from '../../../shared/contracts/users.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { users } from '../../db/schema/index.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { notify } from '../notifications/index.js';
import * as repo from './repo.js';
import * as requests from './requests-repo.js';

const USER = '用户';
const REQUEST = '授权申请';
type UserRow = typeof users.$inferSelect;
type Proposal = z.infer<typeof grantProposeBody>;

export function toGrantDto(r: requests.GrantRow): GrantRequestDto {
  return {
    id: r.id,
    userId: r.userId,
    username: r.username,
    displayName: r.displayName,
    action: r.action as GrantRequestDto['action'],
    role: r.role as Role,
    orgId: r.orgId,
    orgName: r.orgName,
    status: r.status as GrantRequestDto['status'],
    reason: r.reason,
    proposedBy: r.proposedBy,
    proposedAt: r.proposedAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
  };
}

/** The ids of an org and its ancestors, from its path (labels are ids). */
const pathIds = (path: string) => path.split('.').map(Number);

/** The roles an account holds, plus those it will hold if its pending grants and link go through. */
async function heldAndPending(tx: DbOrTx, u: UserRow) {
  const [held, pending, links] = await Promise.all([
    repo.rolesOf(tx, [u.id]),
    requests.pendingGrantsOf(tx, [u.id]),
    requests.pendingLinksOf(tx, [u.id]),
  ]);
  return {
    held: held.map((r) => ({ role: r.role as Role, orgId: r.orgId })),
    pending: pending.map((g) => ({ ...g, role: g.role as Role })),
    linkPending: links.length > 0,
  };
}

/**
 * Proposes inside an open transaction (the account creation proposes its roles this way). `field`
 * names the request field a refusal of the org points at.
 */
export async function proposeGrantIn(
  tx: DbOrTx,
  ctx: RequestContext,
  u: UserRow,
  p: Proposal,
  field = 'orgId',
) {
  if (u.id === ctx.actor.userId) throw new AppError('USERS_SELF_CHANGE');
  // The member role is the account's own member record: it comes with the org's confirmation.
  if (p.role === 'member') throw new AppError('USERS_MEMBER_ROLE_BY_LINK');
  const scope = ctx.actor.scope('grant.propose');
  const [org] = await repo.orgsInScope(tx, scope, [p.orgId]);
  if (!org) throw fieldErrors([{ field, message: '党组织：所选党组织不存在或不在管理范围内' }]);
  const { held, pending, linkPending } = await heldAndPending(tx, u);
  const holds = held.some((r) => r.role === p.role && r.orgId === p.orgId);
  if (p.action === 'grant' && holds) throw new AppError('USERS_GRANT_EXISTS');
  if (p.action === 'revoke' && !holds) throw new AppError('USERS_GRANT_NOT_HELD');
  if (pending.some((g) => g.action === p.action && g.role === p.role && g.orgId === p.orgId)) {
    throw new AppError('USERS_GRANT_PENDING');
  }
  if (p.action === 'grant') {
    const roles = [
      ...held.map((r) => r.role),
      ...pending.filter((g) => g.action === 'grant').map((g) => g.role),
      ...(u.memberId !== null || linkPending ? (['member'] as const) : []),
    ];
    const conflict = separationConflict(roles, p.role);
    if (conflict) throw new AppError('USERS_ROLE_SEPARATION', conflict);
  }
  const requestId = await requests.insertGrant(tx, {
    userId: u.id,
    action: p.action,
    role: p.role,
    orgId: p.orgId,
    reason: p.reason,
    proposedBy: ctx.actor.userId,
    proposedAt: ctx.now,
  });
  const row = await requests.findGrant(tx, scope, requestId);
  if (!row) throw notFound(REQUEST);
  await writeAudit(tx, ctx, {
    action: 'user.grant_propose',
    entity: 'user',
    entityId: u.id,
    orgPath: row.orgPath,
    after: { requestId, action: p.action, role: p.role, orgId: p.orgId },
    reason: p.reason,
  });
  // The security administrators whose subtree holds the org have something to review.
  const reviewers = await repo.roleHoldersAt(tx, pathIds(row.orgPath), ['security_admin']);
  await notify(
    tx,
    [...new Set(reviewers.map((r) => r.userId))].map((userId) => ({
      userId,
      kind: 'grant.proposed',
      title: `待审批的授权申请：${u.displayName}（${u.username}）`,
      body: `${p.action === 'grant' ? '授予' : '撤销'}角色，理由：${p.reason}`,
      link: '/grant-requests',
      orgId: p.orgId,
      dedupeKey: `grant.proposed:${requestId}`,
    })),
  );
  return row;
}

export async function propose(db: Db, ctx: RequestContext, userId: number, p: Proposal) {
  return db.transaction(async (tx) => {
    const u = await repo.find(tx, ctx.actor.scope('grant.propose'), userId, true);
    if (!u) throw notFound(USER);
    return toGrantDto(await proposeGrantIn(tx, ctx, u, p));
  });
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof grantListQuery>) {
  const r = await requests.listGrants(db, ctx.actor.scope('user.read'), q);
  return { data: r.data.map(toGrantDto), total: r.total };
}

async function tellUser(tx: DbOrTx, userId: number, title: string, body: string, key: string) {
  await notify(tx, [{ userId, kind: 'account.roles_changed', title, body, link: null, dedupeKey: key }]);
}

export async function decide(db: Db, ctx: RequestContext, id: number, d: z.infer<typeof grantDecisionBody>) {
  return db.transaction(async (tx) => {
    const scope = ctx.actor.scope('grant.approve');
    const r = await requests.findGrant(tx, scope, id, true);
    if (!r) throw notFound(REQUEST);
    if (r.status !== 'pending') throw new AppError('USERS_GRANT_DECIDED');
    if (r.proposedById === ctx.actor.userId) throw new AppError('USERS_GRANT_OWN_PROPOSAL');
    if (r.userId === ctx.actor.userId) throw new AppError('USERS_GRANT_FOR_SELF');
    const note = d.note?.trim() || null;
    if (d.approve) {
      // The account's row is the lock: two approvals for one account run one after the other, so
      // two administrator roles cannot both pass the separation check.
      const u = await repo.lock(tx, r.userId);
      if (!u) throw notFound(USER);
      const { held } = await heldAndPending(tx, u);
      const holds = held.some((h) => h.role === r.role && h.orgId === r.orgId);
      if (r.action === 'grant' && !holds) {
        const roles = [...held.map((h) => h.role), ...(u.memberId !== null ? (['member'] as const) : [])];
        const conflict = separationConflict(roles, r.role as Role);
        if (conflict) throw new AppError('USERS_ROLE_SEPARATION', conflict);
        await repo.addRole(tx, r.userId, r.role, r.orgId);
      }
      if (r.action === 'revoke' && holds) await repo.removeRole(tx, r.userId, r.role, r.orgId);
      // A privilege change: sessions opened under the old grants end now.
      await repo.endSessions(tx, r.userId);
    }
    await requests.decideGrant(tx, id, {
      status: d.approve ? 'approved' : 'rejected',
      by: ctx.actor.userId,
      at: ctx.now,
      note,
    });
    await writeAudit(tx, ctx, {
      action: d.approve ? 'user.grant_approve' : 'user.grant_reject',
      entity: 'user',
      entityId: r.userId,
      orgPath: r.orgPath,
      after: { requestId: id, action: r.action, role: r.role, orgId: r.orgId },
      reason: note,
    });
    const what = `${r.action === 'grant' ? '授予' : '撤销'}角色（${r.orgName}）`;
    await notify(tx, [
      {
        userId: r.proposedById,
        kind: d.approve ? 'grant.approved' : 'grant.rejected',
        title: `授权申请${d.approve ? '已批准' : '被驳回'}：${r.displayName}（${r.username}）`,
        body: `${what}${note ? `，意见：${note}` : ''}`,
        link: '/users',
        orgId: r.orgId,
        dedupeKey: `grant.decided:${id}`,
      },
    ]);
    if (d.approve) {
      await tellUser(tx, r.userId, '您的角色已变更', `${what}，请重新登录。`, `grant.applied:${id}`);
    }
    const after = await requests.findGrant(tx, scope, id);
    if (!after) throw notFound(REQUEST);
    return toGrantDto(after);
  });
}

/** The proposer takes back a request not yet decided. */
export async function withdraw(db: Db, ctx: RequestContext, id: number) {
  return db.transaction(async (tx) => {
    const scope = ctx.actor.scope('grant.propose');
    const r = await requests.findGrant(tx, scope, id, true);
    if (!r) throw notFound(REQUEST);
    if (r.proposedById !== ctx.actor.userId) throw new AppError('FORBIDDEN', '只能撤回本人提出的申请');
    if (r.status !== 'pending') throw new AppError('USERS_GRANT_DECIDED');
    await requests.decideGrant(tx, id, {
      status: 'withdrawn',
      by: ctx.actor.userId,
      at: ctx.now,
      note: null,
    });
    await writeAudit(tx, ctx, {
      action: 'user.grant_withdraw',
      entity: 'user',
      entityId: r.userId,
      orgPath: r.orgPath,
      after: { requestId: id, action: r.action, role: r.role, orgId: r.orgId },
    });
    const after = await requests.findGrant(tx, scope, id);
    if (!after) throw notFound(REQUEST);
    return toGrantDto(after);
  });
}

/**
 * A security administrator takes a role away at once, recorded as a decided request (proposer and
 * decider the same person: there is nothing for a second one to prevent).
 */
export async function revoke(db: Db, ctx: RequestContext, userId: number, b: z.infer<typeof roleRevokeBody>) {
  return db.transaction(async (tx) => {
    const scope = ctx.actor.scope('grant.approve');
    // The account may hold roles outside this subtree too: what must lie in scope is the role's org.
    const u = await repo.lock(tx, userId);
    const visible = u && (await repo.find(tx, scope, userId));
    const [org] = await repo.orgsInScope(tx, scope, [b.orgId]);
    const holds =
      u && org && (await repo.rolesOf(tx, [u.id])).some((r) => r.role === b.role && r.orgId === b.orgId);
    if (!u || (!holds && !visible)) throw notFound(USER);
    if (u.id === ctx.actor.userId) throw new AppError('USERS_GRANT_FOR_SELF');
    if (!org) throw fieldErrors([{ field: 'orgId', message: '党组织：所选党组织不存在或不在管理范围内' }]);
    if (!holds) throw new AppError('USERS_GRANT_NOT_HELD');
    await repo.removeRole(tx, u.id, b.role, b.orgId);
    if (b.role === 'member') await repo.update(tx, u.id, { memberId: null });
    await repo.endSessions(tx, u.id);
    const requestId = await requests.insertGrant(tx, {
      userId: u.id,
      action: 'revoke',
      role: b.role,
      orgId: b.orgId,
      reason: b.reason,
      status: 'approved',
      proposedBy: ctx.actor.userId,
      proposedAt: ctx.now,
      decidedBy: ctx.actor.userId,
      decidedAt: ctx.now,
    });
    const r = await requests.findGrant(tx, scope, requestId);
    if (!r) throw notFound(REQUEST);
    await writeAudit(tx, ctx, {
      action: 'user.role_revoke',
      entity: 'user',
      entityId: u.id,
      orgPath: r.orgPath,
      after: { requestId, role: b.role, orgId: b.orgId },
      reason: b.reason,
    });
    await tellUser(
      tx,
      u.id,
      '您的角色已变更',
      `撤销角色（${r.orgName}），理由：${b.reason}`,
      `grant.applied:${requestId}`,
    );
    return toGrantDto(r);
  });
}
