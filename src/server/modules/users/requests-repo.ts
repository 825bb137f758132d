/**
 * Role-grant requests and member-link requests (三员分立, issue #18). Every read takes a Scope: a
 * grant request lies where its org lies, a link request where the member record lies now (a member
 * moved since the request is confirmed by the new org).
 */
import { and, asc, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { memberLinkRequests, members, orgs, roleGrantRequests, users } from '../../db/schema/index.js';
import type { Scope } from '../../lib/scope.js';

const proposer = alias(users, 'proposer');
const decider = alias(users, 'decider');

// ---- grants -----------------------------------------------------------------------------------

export async function insertGrant(db: DbOrTx, values: typeof roleGrantRequests.$inferInsert) {
  const [r] = await db.insert(roleGrantRequests).values(values).returning({ id: roleGrantRequests.id });
  return r.id;
}

const grantColumns = {
  id: roleGrantRequests.id,
  userId: roleGrantRequests.userId,
  username: users.username,
  displayName: users.displayName,
  action: roleGrantRequests.action,
  role: roleGrantRequests.role,
  orgId: roleGrantRequests.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  status: roleGrantRequests.status,
  reason: roleGrantRequests.reason,
  proposedById: roleGrantRequests.proposedBy,
  proposedBy: proposer.username,
  proposedAt: roleGrantRequests.proposedAt,
  decidedBy: decider.username,
  decidedAt: roleGrantRequests.decidedAt,
  decisionNote: roleGrantRequests.decisionNote,
};

function grantQuery(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(grantColumns)
    .from(roleGrantRequests)
    .innerJoin(users, eq(users.id, roleGrantRequests.userId))
    .innerJoin(orgs, eq(orgs.id, roleGrantRequests.orgId))
    .innerJoin(proposer, eq(proposer.id, roleGrantRequests.proposedBy))
    .leftJoin(decider, eq(decider.id, roleGrantRequests.decidedBy))
    .where(where);
}
export type GrantRow = Awaited<ReturnType<typeof grantQuery>>[number];

/** A request whose org lies in `scope`; locked for the decision when `forUpdate`. */
export async function findGrant(db: DbOrTx, scope: Scope, id: number, forUpdate = false) {
  const q = grantQuery(db, and(eq(roleGrantRequests.id, id), scope.pathCondition(orgs.path))).limit(1);
  const [r] = forUpdate ? await q.for('update', { of: roleGrantRequests }) : await q;
  return r ?? null;
}

export async function listGrants(
  db: DbOrTx,
  scope: Scope,
  q: { status: 'pending' | 'decided'; userId?: number; current: number; pageSize: number },
) {
  const conds: SQL[] = [
    scope.pathCondition(orgs.path),
    q.status === 'pending'
      ? eq(roleGrantRequests.status, 'pending')
      : ne(roleGrantRequests.status, 'pending'),
  ];
  if (q.userId) conds.push(eq(roleGrantRequests.userId, q.userId));
  const where = and(...conds);
  const [data, [{ total }]] = await Promise.all([
    grantQuery(db, where)
      // The queue oldest first; the history newest first.
      .orderBy(
        q.status === 'pending' ? asc(roleGrantRequests.id) : desc(roleGrantRequests.decidedAt),
        desc(roleGrantRequests.id),
      )
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(roleGrantRequests)
      .innerJoin(orgs, eq(orgs.id, roleGrantRequests.orgId))
      .where(where),
  ]);
  return { data, total };
}

/** The pending requests about these users (the users list shows them beside the roles). */
export async function pendingGrantsOf(db: DbOrTx, userIds: number[]) {
  if (!userIds.length) return [];
  return db
    .select({
      requestId: roleGrantRequests.id,
      userId: roleGrantRequests.userId,
      action: roleGrantRequests.action,
      role: roleGrantRequests.role,
      orgId: roleGrantRequests.orgId,
      orgName: orgs.name,
    })
    .from(roleGrantRequests)
    .innerJoin(orgs, eq(orgs.id, roleGrantRequests.orgId))
    .where(and(inArray(roleGrantRequests.userId, userIds), eq(roleGrantRequests.status, 'pending')))
    .orderBy(asc(roleGrantRequests.id));
}

export async function decideGrant(
  db: DbOrTx,
  id: number,
  d: { status: 'approved' | 'rejected' | 'withdrawn'; by: number; at: Date; note: string | null },
) {
  await db
    .update(roleGrantRequests)
    .set({ status: d.status, decidedBy: d.by, decidedAt: d.at, decisionNote: d.note })
    .where(eq(roleGrantRequests.id, id));
}

// ---- member links -----------------------------------------------------------------------------

/** The member record by id when its org lies in `scope` (the linker's user.write scope). */
export async function memberInScope(db: DbOrTx, scope: Scope, memberId: number) {
  const [m] = await db
    .select({ id: members.id, orgId: members.orgId, orgPath: members.orgPath })
    .from(members)
    .where(and(eq(members.id, memberId), scope.pathCondition(members.orgPath)))
    .limit(1);
  return m ?? null;
}

export async function insertLink(db: DbOrTx, values: typeof memberLinkRequests.$inferInsert) {
  const [r] = await db.insert(memberLinkRequests).values(values).returning();
  return r;
}

const linkColumns = {
  id: memberLinkRequests.id,
  userId: memberLinkRequests.userId,
  username: users.username,
  displayName: users.displayName,
  memberId: memberLinkRequests.memberId,
  memberName: members.name,
  memberOrgId: members.orgId,
  requestedById: memberLinkRequests.requestedBy,
  status: memberLinkRequests.status,
  requestedAt: memberLinkRequests.requestedAt,
  requestedBy: proposer.username,
  decidedBy: decider.username,
  decidedAt: memberLinkRequests.decidedAt,
  decisionNote: memberLinkRequests.decisionNote,
  orgId: orgs.id,
  orgName: orgs.name,
};

/** The member's org now (the confirming org), not the org at the time of the request. */
function linkQuery(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(linkColumns)
    .from(memberLinkRequests)
    .innerJoin(users, eq(users.id, memberLinkRequests.userId))
    .innerJoin(members, eq(members.id, memberLinkRequests.memberId))
    .innerJoin(orgs, eq(orgs.id, members.orgId))
    .innerJoin(proposer, eq(proposer.id, memberLinkRequests.requestedBy))
    .leftJoin(decider, eq(decider.id, memberLinkRequests.decidedBy))
    .where(where);
}
export type LinkRow = Awaited<ReturnType<typeof linkQuery>>[number];

/** A link request whose member lies in `scope` (the confirmer's member.write scope). */
export async function findLink(db: DbOrTx, scope: Scope, id: number, forUpdate = false) {
  const q = linkQuery(db, and(eq(memberLinkRequests.id, id), scope.pathCondition(members.orgPath))).limit(1);
  const [r] = forUpdate ? await q.for('update', { of: memberLinkRequests }) : await q;
  return r ?? null;
}

export async function listLinks(
  db: DbOrTx,
  scope: Scope,
  q: { status: 'pending' | 'decided'; current: number; pageSize: number },
) {
  const where = and(
    scope.pathCondition(members.orgPath),
    q.status === 'pending'
      ? eq(memberLinkRequests.status, 'pending')
      : ne(memberLinkRequests.status, 'pending'),
  );
  const [data, [{ total }]] = await Promise.all([
    linkQuery(db, where)
      .orderBy(
        q.status === 'pending' ? asc(memberLinkRequests.id) : desc(memberLinkRequests.decidedAt),
        desc(memberLinkRequests.id),
      )
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(memberLinkRequests)
      .innerJoin(members, eq(members.id, memberLinkRequests.memberId))
      .where(where),
  ]);
  return { data, total };
}

/** Pending link requests by user: ids only (what the sysadmin may know). */
export async function pendingLinksOf(db: DbOrTx, userIds: number[]) {
  if (!userIds.length) return [];
  return db
    .select({
      id: memberLinkRequests.id,
      userId: memberLinkRequests.userId,
      memberId: memberLinkRequests.memberId,
    })
    .from(memberLinkRequests)
    .where(and(inArray(memberLinkRequests.userId, userIds), eq(memberLinkRequests.status, 'pending')));
}

export async function decideLink(
  db: DbOrTx,
  id: number,
  d: { status: 'confirmed' | 'rejected' | 'withdrawn'; by: number; at: Date; note: string | null },
) {
  await db
    .update(memberLinkRequests)
    .set({ status: d.status, decidedBy: d.by, decidedAt: d.at, decisionNote: d.note })
    .where(eq(memberLinkRequests.id, id));
}

/**
 * Locks every link request for the member record: two confirmations for one member (two accounts)
 * run one after the other, so the second sees the first's link and refuses.
 */
export async function lockLinksOfMember(db: DbOrTx, memberId: number) {
  await db
    .select({ id: memberLinkRequests.id })
    .from(memberLinkRequests)
    .where(eq(memberLinkRequests.memberId, memberId))
    .for('update');
}

/** Withdraws the account's pending link requests (the account is unlinked or re-requested). */
export async function withdrawPendingLinks(db: DbOrTx, userId: number, by: number, at: Date) {
  await db
    .update(memberLinkRequests)
    .set({ status: 'withdrawn', decidedBy: by, decidedAt: at })
    .where(and(eq(memberLinkRequests.userId, userId), eq(memberLinkRequests.status, 'pending')));
}
