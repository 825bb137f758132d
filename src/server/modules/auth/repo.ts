import { and, eq, lt, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/contracts/permissions.js';
import type { DbOrTx } from '../../db/client.js';
import { orgs, roleAssignments, sessions, users } from '../../db/schema/index.js';
import type { RoleGrant } from '../../lib/actor.js';

// Authentication reads happen before there is an actor, so these are the only repo functions
// without a Scope: they touch users and sessions, never org or member data.

export async function findUserByUsername(db: DbOrTx, username: string) {
  const [u] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return u ?? null;
}

export async function findUserById(db: DbOrTx, id: number) {
  const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return u ?? null;
}

export async function grantsOf(db: DbOrTx, userId: number): Promise<RoleGrant[]> {
  const rows = await db
    .select({ role: roleAssignments.role, orgId: orgs.id, orgPath: orgs.path, orgName: orgs.name })
    .from(roleAssignments)
    .innerJoin(orgs, eq(orgs.id, roleAssignments.orgId))
    .where(eq(roleAssignments.userId, userId))
    .orderBy(roleAssignments.id);
  return rows.map((r) => ({ ...r, role: r.role as Role }));
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

export async function findSession(db: DbOrTx, id: string) {
  const [s] = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
  return s ?? null;
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
