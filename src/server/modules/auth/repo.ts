import { desc, eq, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ROLES } from '../../../shared/contracts/permissions.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { passwordHistory, sessions, users } from '../../db/schema/index.js';
import { invalidate } from '../../lib/cache.js';

// Authentication reads happen before there is an actor, so these are the only repo functions
// without a Scope: they touch users and sessions, never org or member data.

export async function findUserByUsername(db: DbOrTx, username: string) {
  const [u] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return u ?? null;
}

/**
 * The account a mobile number signs in to (issue #19): the phone is sealed, so the keyed hash finds
 * the member, and the account follows `member_id`; with no member's, the development case's
 * `phone_hash` finds an applicant's account. Only an unambiguous answer counts: a phone shared by
 * two people with accounts signs in to neither (they use their usernames), and the answer does not
 * say so.
 */
export async function findUserByPhone(db: DbOrTx, phoneHash: string) {
  let rows = await queryRows(
    db,
    sql`select u.id from users u join members m on m.id = u.member_id where m.phone_hash = ${phoneHash}
        limit 2`,
    z.object({ id: z.number() }),
  );
  // Members first (a member's phone wins over a case still naming it); then applicants.
  if (!rows.length) {
    rows = await queryRows(
      db,
      sql`select u.id from users u join development_cases c on c.id = u.development_case_id
          where c.phone_hash = ${phoneHash} and u.member_id is null limit 2`,
      z.object({ id: z.number() }),
    );
  }
  return rows.length === 1 ? findUserById(db, rows[0].id) : null;
}

/** After a good sign-in with an old hash, or a password change. */
export async function setPasswordHash(db: DbOrTx, userId: number, passwordHash: string) {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** An expired password becomes a forced change: the flag is what the session checks on each request. */
export async function requirePasswordChange(db: DbOrTx, userId: number) {
  await db.update(users).set({ mustChangePassword: true }).where(eq(users.id, userId));
  // The flag is read with the session (sessionWithGrants): kept sessions must see it.
  await invalidate(db, { users: [userId] });
}

/** The user's earlier hashes, newest first (the current one is on the users row, not here). */
export async function recentPasswordHashes(db: DbOrTx, userId: number, limit: number) {
  if (limit <= 0) return [];
  const rows = await db
    .select({ passwordHash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.createdAt), desc(passwordHistory.id))
    .limit(limit);
  return rows.map((r) => r.passwordHash);
}

/**
 * A new password: the old hash goes to the history (of which the newest `keep` stay), the flag is
 * cleared and the change time set (the expiry counts from it).
 */
export async function changePassword(
  db: DbOrTx,
  user: { id: number; passwordHash: string },
  newHash: string,
  now: Date,
  keep: number,
) {
  await db
    .insert(passwordHistory)
    .values({ userId: user.id, passwordHash: user.passwordHash, createdAt: now });
  await db
    .update(users)
    .set({
      passwordHash: newHash,
      passwordChangedAt: now,
      mustChangePassword: false,
      failedLogins: 0,
      lockedUntil: null,
    })
    .where(eq(users.id, user.id));
  await invalidate(db, { users: [user.id] });
  await db.execute(sql`delete from password_history where user_id = ${user.id} and id not in (
      select id from password_history where user_id = ${user.id} order by created_at desc, id desc limit ${Math.max(keep, 0)})`);
}

export async function findUserById(db: DbOrTx, id: number) {
  const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return u ?? null;
}

/** Sign-out everywhere, and what a password change does to the other devices. */
export async function deleteUserSessions(db: DbOrTx, userId: number) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
  await invalidate(db, { users: [userId] });
}

export async function createSession(db: DbOrTx, id: string, userId: number, now: Date) {
  await db.insert(sessions).values({ id, userId, createdAt: now, lastSeenAt: now });
}

const sessionRow = z.object({
  userId: z.number(),
  // A timestamptz arrives as a Date or as its text, by driver; it becomes a Date below.
  lastSeenAt: z.union([z.date(), z.string()]),
  createdAt: z.union([z.date(), z.string()]),
  mustChangePassword: z.boolean(),
  username: z.string(),
  displayName: z.string(),
  memberId: z.number().nullable(),
  active: z.boolean(),
  preferences: z.record(z.string(), z.unknown()),
  grants: z.array(
    z.object({
      role: z.enum(ROLES),
      orgId: z.number(),
      orgPath: z.string(),
      orgName: z.string(),
      orgKind: z.string(),
    }),
  ),
});

/**
 * A session with its user (flags, display settings) and the user's grants with their orgs, in one
 * round trip: this runs before every signed-in request the process does not keep the session for
 * (lib/cache.ts), and answers `GET /api/me` without another query.
 */
export async function sessionWithGrants(db: DbOrTx, id: string) {
  const [row] = await queryRows(
    db,
    sql`select s.user_id as "userId", s.last_seen_at as "lastSeenAt", s.created_at as "createdAt",
          u.must_change_password as "mustChangePassword", u.username,
          u.display_name as "displayName", u.member_id as "memberId", u.active, u.preferences,
          coalesce((select json_agg(json_build_object('role', ra.role, 'orgId', o.id,
              'orgPath', o.path::text, 'orgName', o.name, 'orgKind', o.kind) order by ra.id)
            from role_assignments ra join orgs o on o.id = ra.org_id where ra.user_id = u.id), '[]'::json) as grants
        from sessions s join users u on u.id = s.user_id where s.id = ${id}`,
    sessionRow,
  );
  return row ? { ...row, lastSeenAt: new Date(row.lastSeenAt), createdAt: new Date(row.createdAt) } : null;
}

export async function touchSession(db: DbOrTx, id: string, now: Date) {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}

export async function deleteSession(db: DbOrTx, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
  await invalidate(db, { sessions: [id] });
}

/** Sessions idle since `idleBefore` or signed in before `createdBefore` (the absolute lifetime). */
export async function deleteExpiredSessions(db: DbOrTx, idleBefore: Date, createdBefore: Date) {
  const gone = await db
    .delete(sessions)
    .where(or(lt(sessions.lastSeenAt, idleBefore), lt(sessions.createdAt, createdBefore)))
    .returning({ id: sessions.id });
  // Every process judges the limits itself on each request; this only keeps the caches small.
  await invalidate(db, { sessions: gone.map((g) => g.id) });
}
