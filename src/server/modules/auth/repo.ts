import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ROLES } from '../../../shared/contracts/permissions.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { orgs, sessions, users } from '../../db/schema/index.js';

// Authentication reads happen before there is an actor, so these are the only repo functions
// without a Scope: they touch users and sessions, never org or member data.

export async function findUserByUsername(db: DbOrTx, username: string) {
  const [u] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return u ?? null;
}

export async function recordFailedLogin(db: DbOrTx, userId: number, lockAfter: number, lockUntil: Date) {
  const [u] = await db
    .update(users)
    .set({
      failedLogins: sql`${users.failedLogins} + 1`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${lockAfter} then ${lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, userId))
    .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
  return u;
}

export async function resetFailedLogins(db: DbOrTx, userId: number) {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
}

export async function createSession(db: DbOrTx, id: string, userId: number, now: Date) {
  await db.insert(sessions).values({ id, userId, createdAt: now, lastSeenAt: now });
}

const sessionRow = z.object({
  userId: z.number(),
  // A timestamptz arrives as a Date or as its text, by driver; it becomes a Date below.
  lastSeenAt: z.union([z.date(), z.string()]),
  username: z.string(),
  displayName: z.string(),
  memberId: z.number().nullable(),
  active: z.boolean(),
  grants: z.array(
    z.object({ role: z.enum(ROLES), orgId: z.number(), orgPath: z.string(), orgName: z.string() }),
  ),
});

/**
 * A session with its user and the user's grants, in one round trip: this runs before every
 * signed-in request, and three sequential queries were a third of a simple read's time under load.
 */
export async function sessionWithGrants(db: DbOrTx, id: string) {
  const [row] = await queryRows(
    db,
    sql`select s.user_id as "userId", s.last_seen_at as "lastSeenAt", u.username,
          u.display_name as "displayName", u.member_id as "memberId", u.active,
          coalesce((select json_agg(json_build_object('role', ra.role, 'orgId', o.id,
              'orgPath', o.path::text, 'orgName', o.name) order by ra.id)
            from role_assignments ra join orgs o on o.id = ra.org_id where ra.user_id = u.id), '[]'::json) as grants
        from sessions s join users u on u.id = s.user_id where s.id = ${id}`,
    sessionRow,
  );
  return row ? { ...row, lastSeenAt: new Date(row.lastSeenAt) } : null;
}

export async function touchSession(db: DbOrTx, id: string, now: Date) {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}

export async function deleteSession(db: DbOrTx, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteIdleSessions(db: DbOrTx, before: Date) {
  await db.delete(sessions).where(and(lt(sessions.lastSeenAt, before)));
}

/**
 * The kinds of the orgs the user's roles are held at (their own grants, so no scope): the web menu
 * offers the tools of an org with orgs below it (imports, the annual report…) only to roles held
 * at a committee or a general branch.
 */
export async function grantOrgKinds(db: DbOrTx, orgIds: number[]): Promise<Map<number, string>> {
  if (!orgIds.length) return new Map();
  const rows = await db.select({ id: orgs.id, kind: orgs.kind }).from(orgs).where(inArray(orgs.id, orgIds));
  return new Map(rows.map((r) => [r.id, r.kind]));
}
