/**
 * Member links (账号关联确认, issue #18). An account reads a member record through the `member`
 * role only once the member's own org has confirmed that the account is that person. The system
 * administrator asks by the record's number, which must lie in its user.write scope (otherwise
 * 404, the same as a number that does not exist) and learns nothing of the member; a secretary or
 * org admin whose member.write scope holds the member (the people who keep that record) sees the
 * request with the member's name and confirms or rejects it.
 */
import type { z } from 'zod';
import { type Role, separationConflict } from '../../../shared/contracts/permissions.js';
import type {
  MemberLinkDto,
  memberLinkBody,
  memberLinkDecisionBody,
  memberLinkListQuery,
} from '../../../shared/contracts/users.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { users } from '../../db/schema/index.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { notify } from '../notifications/index.js';
import * as repo from './repo.js';
import * as requests from './requests-repo.js';

const LINK = '关联申请';

function toLinkDto(r: requests.LinkRow): MemberLinkDto {
  return {
    id: r.id,
    userId: r.userId,
    memberId: r.memberId,
    status: r.status as MemberLinkDto['status'],
    requestedAt: r.requestedAt.toISOString(),
    username: r.username,
    displayName: r.displayName,
    memberName: r.memberName,
    orgId: r.orgId,
    orgName: r.orgName,
    requestedBy: r.requestedBy,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
  };
}

/** The roles an account holds, as the separation rule reads them. */
const rolesHeld = async (tx: DbOrTx, userId: number) =>
  (await repo.rolesOf(tx, [userId])).map((r) => r.role as Role);

/** Inside an open transaction (account creation asks for its link this way). */
export async function requestLinkIn(
  tx: DbOrTx,
  ctx: RequestContext,
  u: typeof users.$inferSelect,
  b: z.infer<typeof memberLinkBody>,
) {
  if (u.id === ctx.actor.userId) throw new AppError('USERS_SELF_CHANGE');
  const member = await requests.memberInScope(tx, ctx.actor.scope('user.write'), b.memberId);
  // Missing and out of scope answer alike: the number discloses nothing.
  if (!member) throw notFound('党员档案');
  if (u.memberId !== null) throw new AppError('USERS_ALREADY_LINKED');
  if (await repo.userOfMember(tx, b.memberId)) throw new AppError('USERS_MEMBER_HAS_ACCOUNT');
  if ((await requests.pendingLinksOf(tx, [u.id])).length) throw new AppError('USERS_LINK_PENDING');
  const pendingRoles = (await requests.pendingGrantsOf(tx, [u.id]))
    .filter((g) => g.action === 'grant')
    .map((g) => g.role as Role);
  const conflict = separationConflict([...(await rolesHeld(tx, u.id)), ...pendingRoles], 'member');
  if (conflict) throw new AppError('USERS_ROLE_SEPARATION', conflict);
  const r = await requests.insertLink(tx, {
    userId: u.id,
    memberId: member.id,
    orgId: member.orgId,
    orgPath: member.orgPath,
    requestedBy: ctx.actor.userId,
    requestedAt: ctx.now,
  });
  await writeAudit(tx, ctx, {
    action: 'user.link_request',
    entity: 'user',
    entityId: u.id,
    orgPath: member.orgPath,
    after: { requestId: r.id, memberId: member.id },
    reason: b.reason,
  });
  // The member's own org confirms: its secretaries and org admins are told.
  const confirmers = await repo.roleHoldersAt(tx, [member.orgId], ['secretary', 'org_admin']);
  await notify(
    tx,
    [...new Set(confirmers.map((c) => c.userId))].map((userId) => ({
      userId,
      kind: 'member_link.requested',
      title: `待确认的账号关联：${u.displayName}（${u.username}）`,
      body: '请核实该账号是否为本组织党员本人使用，确认后该账号可查看本人档案。',
      link: '/member-links',
      orgId: member.orgId,
      dedupeKey: `member_link.requested:${r.id}`,
    })),
  );
  return {
    id: r.id,
    userId: r.userId,
    memberId: r.memberId,
    status: 'pending' as const,
    requestedAt: r.requestedAt.toISOString(),
  };
}

export async function request(
  db: Db,
  ctx: RequestContext,
  userId: number,
  b: z.infer<typeof memberLinkBody>,
) {
  return db.transaction(async (tx) => {
    const u = await repo.find(tx, ctx.actor.scope('user.write'), userId, true);
    if (!u) throw notFound('用户');
    return requestLinkIn(tx, ctx, u, b);
  });
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof memberLinkListQuery>) {
  const r = await requests.listLinks(db, ctx.actor.scope('member.write'), q);
  return { data: r.data.map(toLinkDto), total: r.total };
}

export async function decide(
  db: Db,
  ctx: RequestContext,
  id: number,
  d: z.infer<typeof memberLinkDecisionBody>,
) {
  return db.transaction(async (tx) => {
    const scope = ctx.actor.scope('member.write');
    const r = await requests.findLink(tx, scope, id, true);
    if (!r) throw notFound(LINK);
    if (r.status !== 'pending') throw new AppError('USERS_LINK_DECIDED');
    // Nobody vouches for their own account, nor for a request they made.
    if (r.userId === ctx.actor.userId || r.requestedById === ctx.actor.userId) {
      throw new AppError('USERS_SELF_CHANGE', '不能确认与本人账号有关或本人提出的关联申请');
    }
    const note = d.note?.trim() || null;
    if (d.confirm) {
      await requests.lockLinksOfMember(tx, r.memberId);
      const u = await repo.lock(tx, r.userId);
      if (!u) throw notFound('用户');
      if (u.memberId !== null) throw new AppError('USERS_ALREADY_LINKED');
      if (await repo.userOfMember(tx, r.memberId)) throw new AppError('USERS_MEMBER_HAS_ACCOUNT');
      const held = await rolesHeld(tx, u.id);
      const conflict = separationConflict(held, 'member');
      if (conflict) throw new AppError('USERS_ROLE_SEPARATION', conflict);
      await repo.update(tx, u.id, { memberId: r.memberId });
      // The role at the member's org now; its scope is the member's own record wherever it is.
      if (!(await repo.rolesOf(tx, [u.id])).some((x) => x.role === 'member' && x.orgId === r.memberOrgId)) {
        await repo.addRole(tx, u.id, 'member', r.memberOrgId);
      }
      await repo.endSessions(tx, u.id);
    }
    await requests.decideLink(tx, id, {
      status: d.confirm ? 'confirmed' : 'rejected',
      by: ctx.actor.userId,
      at: ctx.now,
      note,
    });
    const after = await requests.findLink(tx, scope, id);
    if (!after) throw notFound(LINK);
    await writeAudit(tx, ctx, {
      action: d.confirm ? 'user.link_confirm' : 'user.link_reject',
      entity: 'user',
      entityId: r.userId,
      orgPath: (await requests.memberInScope(tx, scope, r.memberId))?.orgPath ?? null,
      after: { requestId: id, memberId: r.memberId },
      reason: note,
    });
    await notify(tx, [
      {
        userId: r.requestedById,
        kind: d.confirm ? 'member_link.confirmed' : 'member_link.rejected',
        // The requester is an administrator without member data: the account, not the member.
        title: `账号关联${d.confirm ? '已确认' : '被拒绝'}：${r.displayName}（${r.username}）`,
        body: note ? `意见：${note}` : '',
        link: '/users',
        dedupeKey: `member_link.decided:${id}`,
      },
    ]);
    return toLinkDto(after);
  });
}
