import { and, asc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { orgs, roleAssignments, sessions, users } from '../../db/schema/index.js';
import type { Scope } from '../../lib/scope.js';
import { escapeLike, nameSearch } from '../../lib/search.js';

/**
 * A user is visible to a sysadmin when every one of the user's role assignments lies in the
 * sysadmin's subtrees; a user with no assignment at all only to a sysadmin of a whole tree.
 */
function visible(scope: Scope): SQL {
  const wholeTree = scope.roots.some((r) => !r.includes('.'));
  const outside = sql`exists (select 1 from role_assignments ra join orgs o on o.id = ra.org_id
    where ra.user_id = ${users.id} and not (${scope.pathCondition(sql`o.path`)}))`;
  const any = sql`exists (select 1 from role_assignments ra where ra.user_id = ${users.id})`;
  return wholeTree ? sql`not ${outside}` : sql`(${any} and not ${outside})`;
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

export async function find(db: DbOrTx, scope: Scope, id: number) {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), visible(scope)))
    .limit(1);
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
  return u;
}

export async function replaceRoles(
  db: DbOrTx,
  userId: number,
  roles: Array<{ role: string; orgId: number }>,
) {
  await db.delete(roleAssignments).where(eq(roleAssignments.userId, userId));
  await db.insert(roleAssignments).values(roles.map((r) => ({ userId, ...r })));
}

/** Ends every session of the user (deactivation, role or password change). */
export async function endSessions(db: DbOrTx, userId: number) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
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
