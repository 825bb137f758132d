import { and, asc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { orgs, roleAssignments, sessions, users } from '../../db/schema/index.js';
import { invalidate } from '../../lib/cache.js';
import type { Scope } from '../../lib/scope.js';
import { escapeLike, nameSearch } from '../../lib/search.js';

/**
 * A user is visible to an administrator when everything that places the account in the tree lies
 * in the administrator's subtrees: its role assignments and its pending grant and link requests
 * (an account is created without roles, its requested roles pending). An account placed nowhere is
 * visible only to an administrator of a whole tree.
 */
function visible(scope: Scope): SQL {
  const wholeTree = scope.roots.some((r) => !r.includes('.'));
  const inScope = (path: SQL) => scope.pathCondition(path);
  const outside = sql`(exists (select 1 from role_assignments ra join orgs o on o.id = ra.org_id
      where ra.user_id = ${users.id} and not (${inScope(sql`o.path`)}))
    or exists (select 1 from role_grant_requests g join orgs o on o.id = g.org_id
      where g.user_id = ${users.id} and g.status = 'pending' and not (${inScope(sql`o.path`)}))
    or exists (select 1 from member_link_requests l
      where l.user_id = ${users.id} and l.status = 'pending' and not (${inScope(sql`l.org_path`)})))`;
  // Placed in scope: a role, or a request of any state (a rejected account stays findable).
  const placed = sql`(exists (select 1 from role_assignments ra where ra.user_id = ${users.id})
    or exists (select 1 from role_grant_requests g join orgs o on o.id = g.org_id
      where g.user_id = ${users.id} and ${inScope(sql`o.path`)})
    or exists (select 1 from member_link_requests l
      where l.user_id = ${users.id} and ${inScope(sql`l.org_path`)}))`;
  return wholeTree ? sql`not ${outside}` : sql`(${placed} and not ${outside})`;
}

export async function list(
  db: DbOrTx,
  scope: Scope,
  q: string | undefined,
  current: number,
  pageSize: number,
) {
  const conds: SQL[] = [visible(scope)];
  if (q) {
    const like = `%${escapeLike(q)}%`;
    conds.push(or(ilike(users.username, like), ilike(users.displayName, like)) as SQL);
  }
  const where = and(...conds);
  const [data, [{ total }]] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(asc(users.id))
      .limit(pageSize)
      .offset((current - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(users).where(where),
  ]);
  return { data, total };
}

export async function find(db: DbOrTx, scope: Scope, id: number, forUpdate = false) {
  const q = db
    .select()
    .from(users)
    .where(and(eq(users.id, id), visible(scope)))
    .limit(1);
  const [u] = forUpdate ? await q.for('update', { of: users }) : await q;
  return u ?? null;
}

/**
 * The account by id, locked, without a Scope: for a decision on a request that is itself in the
 * decider's scope (the request is the authority; the account may hold roles elsewhere too).
 */
export async function lock(db: DbOrTx, id: number) {
  const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1).for('update');
  return u ?? null;
}

export async function rolesOf(db: DbOrTx, userIds: number[]) {
  if (!userIds.length) return [];
  return db
    .select({
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      orgId: orgs.id,
      orgName: orgs.name,
    })
    .from(roleAssignments)
    .innerJoin(orgs, eq(orgs.id, roleAssignments.orgId))
    .where(inArray(roleAssignments.userId, userIds))
    .orderBy(asc(roleAssignments.id));
}

/** Orgs in the sysadmin's subtrees by name, pinyin or initials: where roles may be granted. */
export async function searchOrgs(db: DbOrTx, scope: Scope, q: string, limit: number) {
  return db
    .select({ id: orgs.id, name: orgs.name, kind: orgs.kind })
    .from(orgs)
    .where(
      and(
        scope.pathCondition(orgs.path),
        sql`${orgs.status} = 'active'`,
        nameSearch({ name: orgs.name, pinyin: orgs.namePinyin, initials: orgs.nameInitials }, q, {
          pinyinAnywhere: true,
        }),
      ),
    )
    .orderBy(asc(orgs.depth), asc(orgs.id))
    .limit(limit);
}

export async function usernameTaken(db: DbOrTx, username: string) {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  return !!u;
}

export async function orgsInScope(db: DbOrTx, scope: Scope, ids: number[]) {
  if (!ids.length) return [];
  return db
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(inArray(orgs.id, ids), scope.pathCondition(orgs.path)));
}

export async function insert(db: DbOrTx, values: typeof users.$inferInsert) {
  const [u] = await db.insert(users).values(values).returning();
  return u;
}

export async function update(db: DbOrTx, id: number, values: Partial<typeof users.$inferInsert>) {
  const [u] = await db.update(users).set(values).where(eq(users.id, id)).returning();
  // Kept sessions carry the user's name, flags and member link (lib/cache.ts).
  await invalidate(db, { users: [id] });
  return u;
}

export async function addRole(db: DbOrTx, userId: number, role: string, orgId: number) {
  await db.insert(roleAssignments).values({ userId, role, orgId });
  await invalidate(db, { users: [userId] });
}

/** Removes the role at the org; answers whether it was held. */
export async function removeRole(db: DbOrTx, userId: number, role: string, orgId: number) {
  const gone = await db
    .delete(roleAssignments)
    .where(
      and(
        eq(roleAssignments.userId, userId),
        eq(roleAssignments.role, role),
        eq(roleAssignments.orgId, orgId),
      ),
    )
    .returning({ id: roleAssignments.id });
  // A revoked role must stop working in every process as the revocation commits.
  await invalidate(db, { users: [userId] });
  return gone.length > 0;
}

/** The account linked to a member record, if any (one member record, one account). */
export async function userOfMember(db: DbOrTx, memberId: number) {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.memberId, memberId)).limit(1);
  return u ?? null;
}

/** Ends every session of the user (deactivation, role or password change). */
export async function endSessions(db: DbOrTx, userId: number) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
  await invalidate(db, { users: [userId] });
}

/**
 * The active accounts holding one of `roles` at each org: whom the daily job tells (a branch's
 * secretaries, the approving committee). Without a Scope: the job acts for the system, and it
 * answers only ids.
 */
export async function roleHoldersAt(db: DbOrTx, orgIds: readonly number[], roles: readonly string[]) {
  if (!orgIds.length || !roles.length) return [];
  return queryRows(
    db,
    sql`select distinct ra.org_id as "orgId", ra.user_id as "userId" from role_assignments ra
        join users u on u.id = ra.user_id and u.active
        where ra.org_id in (${sql.join(
          orgIds.map((id) => sql`${id}`),
          sql`, `,
        )})
          and ra.role in (${sql.join(
            roles.map((r) => sql`${r}`),
            sql`, `,
          )})`,
    z.object({ orgId: z.number(), userId: z.number() }),
  );
}
