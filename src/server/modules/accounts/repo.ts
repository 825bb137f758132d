/**
 * The accounts module's queries. The issuing side takes a Scope (account.issue); the public side
 * (activation, SMS codes) runs before there is an actor and finds its rows by keyed hashes only.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';
import {
  accountBatches,
  activationCodes,
  roleAssignments,
  sessions,
  smsCodes,
  users,
} from '../../db/schema/index.js';
import { invalidate } from '../../lib/cache.js';
import type { Scope } from '../../lib/scope.js';
import { inSubtree } from '../../lib/scope.js';

const CURRENT = sql`m.status not in ('left', 'deceased')`;
/** Rows per statement: 9 columns × 2000 stays well under PostgreSQL's 65,535 parameters. */
const CHUNK = 2000;
const ids = (list: number[]) =>
  sql`array[${sql.join(
    list.map((id) => sql`${id}`),
    sql`, `,
  )}]::int[]`;
/** A time as a query parameter both drivers read the same way. */
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
// A timestamptz arrives as a Date or as its text, by driver (the schema describes, never converts).
const ts = z.union([z.date(), z.string()]);
const toDate = (v: Date | string) => new Date(v);
const toDateOrNull = (v: Date | string | null) => (v === null ? null : new Date(v));

/** The org, if the scope holds it. */
export async function orgInScope(db: DbOrTx, scope: Scope, orgId: number) {
  const [row] = await queryRows(
    db,
    sql`select id, name, path::text as path from orgs o where o.id = ${orgId} and ${scope.pathCondition(sql`o.path`)}`,
    z.object({ id: z.number(), name: z.string(), path: z.string() }),
  );
  return row ?? null;
}

/**
 * A member's account as the issuing org sees it (one per member: an older second account, if an
 * administrator ever made one, counts as the active one first).
 */
const ACCOUNT_OF_MEMBER = sql`left join lateral (
    select u.id, u.username, u.active, u.activated_at, u.disabled_reason from users u
    where u.member_id = m.id order by u.active desc, u.id limit 1) u on true`;
const STATE = sql`case when u.id is null then 'none'
    when u.active then 'active'
    when u.activated_at is null and u.disabled_reason is null then 'pending'
    else 'disabled' end`;

export async function summary(db: DbOrTx, path: string) {
  const [row] = await queryRows(
    db,
    sql`select count(*)::int as members,
          count(*) filter (where s = 'none')::int as "withoutAccount",
          count(*) filter (where s = 'pending')::int as pending,
          count(*) filter (where s = 'active')::int as activated,
          count(*) filter (where s = 'disabled')::int as disabled
        from (select ${STATE} as s from members m ${ACCOUNT_OF_MEMBER}
              where ${inSubtree(sql`m.org_path`, path)} and ${CURRENT}) x`,
    z.object({
      members: z.number(),
      withoutAccount: z.number(),
      pending: z.number(),
      activated: z.number(),
      disabled: z.number(),
    }),
  );
  return row;
}

const memberRow = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  state: z.enum(['none', 'pending', 'active', 'disabled']),
  username: z.string().nullable(),
  activatedAt: ts.nullable(),
  codeExpiresAt: ts.nullable(),
  codeLocked: z.boolean(),
  total: z.number(),
});

/** Members of the subtree on the register, with their account's state; a page of them. */
export async function members(
  db: DbOrTx,
  path: string,
  q: { state?: string; current: number; pageSize: number },
  now: Date,
) {
  const rows = await queryRows(
    db,
    sql`select * , count(*) over ()::int as total from (
          select m.id as "memberId", m.name, m.org_id as "orgId", o.name as "orgName", ${STATE} as state,
            u.username, u.activated_at as "activatedAt", c.expires_at as "codeExpiresAt",
            coalesce(c.locked_until > ${at(now)}, false) as "codeLocked", m.org_path, m.id as mid
          from members m join orgs o on o.id = m.org_id ${ACCOUNT_OF_MEMBER}
          left join lateral (select expires_at, locked_until from activation_codes c
            where c.user_id = u.id and c.used_at is null and c.revoked_at is null order by c.id desc limit 1) c on true
          where ${inSubtree(sql`m.org_path`, path)} and ${CURRENT}) x
        where ${q.state ? sql`x.state = ${q.state}` : sql`true`}
        order by x.org_path, x.mid
        limit ${q.pageSize} offset ${(q.current - 1) * q.pageSize}`,
    memberRow,
  );
  return {
    data: rows.map(({ total: _t, ...r }) => ({
      ...r,
      activatedAt: toDateOrNull(r.activatedAt),
      codeExpiresAt: toDateOrNull(r.codeExpiresAt),
    })),
    total: rows[0]?.total ?? 0,
  };
}

/** Members of the subtree on the register with no account at all: what a batch creates. */
export async function membersWithoutAccount(db: DbOrTx, path: string) {
  return queryRows(
    db,
    sql`select m.id, m.name, m.org_id as "orgId" from members m
        where ${inSubtree(sql`m.org_path`, path)} and ${CURRENT}
          and not exists (select 1 from users u where u.member_id = m.id)
        order by m.org_path, m.id`,
    z.object({ id: z.number(), name: z.string(), orgId: z.number() }),
  );
}

/** One member in the scope, with the account the issuing org would act on. */
export async function memberWithAccount(db: DbOrTx, scope: Scope, memberId: number) {
  const [row] = await queryRows(
    db,
    sql`select m.id, m.name, m.org_id as "orgId", m.org_path::text as "orgPath", m.status,
          u.id as "userId", u.username, u.active, u.activated_at as "activatedAt",
          u.disabled_reason as "disabledReason"
        from members m ${ACCOUNT_OF_MEMBER}
        where m.id = ${memberId} and ${scope.pathCondition(sql`m.org_path`)}`,
    z.object({
      id: z.number(),
      name: z.string(),
      orgId: z.number(),
      orgPath: z.string(),
      status: z.string(),
      userId: z.number().nullable(),
      username: z.string().nullable(),
      active: z.boolean().nullable(),
      activatedAt: ts.nullable(),
      disabledReason: z.string().nullable(),
    }),
  );
  return row ?? null;
}

export async function usernamesTaken(db: DbOrTx, names: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < names.length; i += CHUNK) {
    const rows = await queryRows(
      db,
      sql`select username from users where username = any(array[${sql.join(
        names.slice(i, i + CHUNK).map((n) => sql`${n}`),
        sql`, `,
      )}]::text[])`,
      z.object({ username: z.string() }),
    );
    for (const r of rows) taken.add(r.username);
  }
  return taken;
}

/** Issued accounts: inactive (no password anyone knows) until the member activates them. */
export async function createAccounts(
  db: DbOrTx,
  rows: { username: string; displayName: string; memberId: number; orgId: number }[],
  unusableHash: string,
) {
  const out: { userId: number; memberId: number }[] = [];
  // In chunks: a city's batch is tens of thousands of rows, over PostgreSQL's parameter limit.
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const created = await db
      .insert(users)
      .values(
        part.map((r) => ({
          username: r.username,
          displayName: r.displayName,
          passwordHash: unusableHash,
          memberId: r.memberId,
          active: false,
        })),
      )
      .returning({ id: users.id, memberId: users.memberId });
    const byMember = new Map(part.map((r) => [r.memberId, r]));
    await db.insert(roleAssignments).values(
      created.map((u) => ({
        userId: u.id,
        role: 'member',
        orgId: byMember.get(u.memberId ?? 0)?.orgId ?? 0,
      })),
    );
    out.push(...created.map((u) => ({ userId: u.id, memberId: u.memberId ?? 0 })));
  }
  return out;
}

export async function insertBatch(
  db: DbOrTx,
  v: { orgId: number; orgPath: string; created: number; issued: number; createdBy: number; now: Date },
) {
  const [row] = await db
    .insert(accountBatches)
    .values({
      orgId: v.orgId,
      orgPath: v.orgPath,
      created: v.created,
      issued: v.issued,
      createdBy: v.createdBy,
      createdAt: v.now,
    })
    .returning({ id: accountBatches.id });
  return row.id;
}

export async function insertCodes(db: DbOrTx, rows: (typeof activationCodes.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db.insert(activationCodes).values(rows.slice(i, i + CHUNK));
}

/** A newer code replaces the older ones of the account. */
export async function revokeOpenCodes(db: DbOrTx, userId: number, now: Date) {
  await db
    .update(activationCodes)
    .set({ revokedAt: now })
    .where(
      and(
        eq(activationCodes.userId, userId),
        isNull(activationCodes.usedAt),
        isNull(activationCodes.revokedAt),
      ),
    );
}

const batchRow = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  orgPath: z.string(),
  created: z.number(),
  issued: z.number(),
  open: z.number(),
  createdBy: z.string(),
  createdAt: ts,
});
const BATCH_SELECT = sql`select b.id, b.org_id as "orgId", o.name as "orgName", b.org_path::text as "orgPath",
    b.created, b.issued, b.created_at as "createdAt", u.display_name as "createdBy",
    (select count(*)::int from activation_codes c where c.batch_id = b.id and c.used_at is null and c.revoked_at is null) as open
  from account_batches b join orgs o on o.id = b.org_id join users u on u.id = b.created_by`;

export async function batches(
  db: DbOrTx,
  scope: Scope,
  q: { orgPath?: string; current: number; pageSize: number },
) {
  const where = sql`${scope.pathCondition(sql`b.org_path`)} and ${q.orgPath ? inSubtree(sql`b.org_path`, q.orgPath) : sql`true`}`;
  const [count] = await queryRows(
    db,
    sql`select count(*)::int as n from account_batches b where ${where}`,
    z.object({ n: z.number() }),
  );
  const data = await queryRows(
    db,
    sql`${BATCH_SELECT} where ${where} order by b.id desc limit ${q.pageSize} offset ${(q.current - 1) * q.pageSize}`,
    batchRow,
  );
  return { data: data.map((b) => ({ ...b, createdAt: toDate(b.createdAt) })), total: count.n };
}

export async function batch(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows(
    db,
    sql`${BATCH_SELECT} where b.id = ${id} and ${scope.pathCondition(sql`b.org_path`)}`,
    batchRow,
  );
  return row ? { ...row, createdAt: toDate(row.createdAt) } : null;
}

const slipRow = z.object({
  memberId: z.number(),
  name: z.string(),
  orgName: z.string(),
  username: z.string(),
  codeEnc: z.string(),
  expiresAt: ts,
});

/** The open codes of a batch whose members the scope still holds (one who moved away is not printed here). */
export async function openSlips(db: DbOrTx, scope: Scope, batchId: number) {
  const rows = await queryRows(
    db,
    sql`select m.id as "memberId", m.name, o.name as "orgName", u.username, c.code_enc as "codeEnc",
          c.expires_at as "expiresAt"
        from activation_codes c join users u on u.id = c.user_id join members m on m.id = c.member_id
          join orgs o on o.id = m.org_id
        where c.batch_id = ${batchId} and c.used_at is null and c.revoked_at is null
          and ${scope.pathCondition(sql`m.org_path`)}
        order by m.org_path, m.id`,
    slipRow,
  );
  return rows.map((r) => ({ ...r, expiresAt: toDate(r.expiresAt) }));
}

export async function orgName(db: DbOrTx, orgId: number) {
  const [row] = await queryRows(
    db,
    sql`select name from orgs where id = ${orgId}`,
    z.object({ name: z.string() }),
  );
  return row?.name ?? '';
}

// ---- activation (public) ----

/** The open code with this hash (the newest, should two random codes ever collide). */
export async function openCodeByHash(db: DbOrTx, codeHash: string) {
  const [row] = await db
    .select()
    .from(activationCodes)
    .where(
      and(
        eq(activationCodes.codeHash, codeHash),
        isNull(activationCodes.usedAt),
        isNull(activationCodes.revokedAt),
      ),
    )
    .orderBy(desc(activationCodes.id))
    .limit(1)
    .for('update');
  return row ?? null;
}

/**
 * The sealed ID number a code is checked against: the member's, or for an applicant's code
 * (`member_id` null) the development case's.
 */
export async function sealedIdOf(db: DbOrTx, of: { memberId: number } | { caseId: number }) {
  const from =
    'memberId' in of
      ? sql`members where id = ${of.memberId}`
      : sql`development_cases where id = ${of.caseId}`;
  const [row] = await queryRows(
    db,
    sql`select id_number_enc as enc, org_path::text as "orgPath", status from ${from}`,
    z.object({ enc: z.string().nullable(), orgPath: z.string(), status: z.string() }),
  );
  return row ?? null;
}

export async function setCodeCounters(
  db: DbOrTx,
  id: number,
  v: { failedAttempts: number; lockedUntil: Date | null },
) {
  await db.update(activationCodes).set(v).where(eq(activationCodes.id, id));
}

export async function markCodeUsed(db: DbOrTx, id: number, now: Date) {
  await db.update(activationCodes).set({ usedAt: now }).where(eq(activationCodes.id, id));
}

export async function activateUser(db: DbOrTx, userId: number, passwordHash: string, now: Date) {
  await db
    .update(users)
    .set({
      passwordHash,
      active: true,
      activatedAt: now,
      passwordChangedAt: now,
      mustChangePassword: false,
      failedLogins: 0,
      lockedUntil: null,
    })
    .where(eq(users.id, userId));
  await invalidate(db, { users: [userId] });
}

// ---- SMS codes (public) ----

export async function smsHistory(db: DbOrTx, phoneHash: string, ip: string, now: Date) {
  const [row] = await queryRows(
    db,
    sql`select
          (select max(created_at) from sms_codes where phone_hash = ${phoneHash}
            and created_at > ${at(new Date(now.getTime() - 86_400_000))}) as "phoneLastAt",
          (select count(*)::int from sms_codes where phone_hash = ${phoneHash}
            and created_at > ${at(new Date(now.getTime() - 86_400_000))}) as "phoneLastDay",
          (select count(*)::int from sms_codes where ip = ${ip}
            and created_at > ${at(new Date(now.getTime() - 3_600_000))}) as "ipLastHour"`,
    z.object({ phoneLastAt: ts.nullable(), phoneLastDay: z.number(), ipLastHour: z.number() }),
  );
  return { ...row, phoneLastAt: toDateOrNull(row.phoneLastAt) };
}

/** One request at a time per phone: two at once cannot both pass the interval check. */
export async function lockPhone(db: DbOrTx, phoneHash: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`sms:${phoneHash}`}))`);
}

export async function insertSmsCode(db: DbOrTx, v: typeof smsCodes.$inferInsert) {
  await db.insert(smsCodes).values(v);
}

/** The phone's latest code for the purpose that is still open (not used, not expired). */
export async function latestOpenSmsCode(db: DbOrTx, phoneHash: string, purpose: string, now: Date) {
  const [row] = await db
    .select()
    .from(smsCodes)
    .where(
      and(
        eq(smsCodes.phoneHash, phoneHash),
        eq(smsCodes.purpose, purpose),
        isNull(smsCodes.usedAt),
        sql`${smsCodes.expiresAt} > ${at(now)}`,
      ),
    )
    .orderBy(desc(smsCodes.createdAt), desc(smsCodes.id))
    .limit(1)
    .for('update');
  return row ?? null;
}

export async function countSmsAttempt(db: DbOrTx, id: number) {
  await db
    .update(smsCodes)
    .set({ attempts: sql`${smsCodes.attempts} + 1` })
    .where(eq(smsCodes.id, id));
}

export async function markSmsUsed(db: DbOrTx, id: number, now: Date) {
  await db.update(smsCodes).set({ usedAt: now }).where(eq(smsCodes.id, id));
}

// ---- the account follows the record (listener of `members`) ----

/**
 * Accounts whose member left the party (or died) in the touched orgs, still usable or still
 * waiting for activation: disabled with the reason, their sessions and open codes ended.
 */
export async function disableLeftAccounts(db: DbOrTx, orgIds: number[], now: Date) {
  const rows = await queryRows(
    db,
    sql`update users u set active = false,
          disabled_reason = case m.status when 'deceased' then 'deceased' else 'left_party' end
        from members m
        where m.id = u.member_id and m.org_id = any(${ids(orgIds)}) and m.status in ('left', 'deceased')
          and (u.active or u.disabled_reason is null)
        returning u.id, u.username, m.id as "memberId", m.org_path::text as "orgPath", m.status`,
    z.object({
      id: z.number(),
      username: z.string(),
      memberId: z.number(),
      orgPath: z.string(),
      status: z.string(),
    }),
  );
  await endAccess(
    db,
    rows.map((r) => r.id),
    now,
  );
  return rows;
}

/** Disabled accounts lose their access at once: sessions signed out, open activation codes revoked. */
async function endAccess(db: DbOrTx, userIds: number[], now: Date) {
  if (!userIds.length) return;
  await db.execute(sql`delete from ${sessions} where user_id = any(${ids(userIds)})`);
  // Kept sessions of these users go in every process as this commits (lib/cache.ts).
  await invalidate(db, { users: userIds });
  await db.execute(
    sql`update activation_codes set revoked_at = ${at(now)} where user_id = any(${ids(userIds)}) and used_at is null and revoked_at is null`,
  );
}

/**
 * The member role is held at the member's org: after a transfer it moves with the member (the
 * role reads only the own record wherever it is held, but the name shown and the org the account
 * is issued under follow the record).
 */
export async function moveMemberRoles(db: DbOrTx, orgIds: number[]) {
  const moved = await queryRows(
    db,
    sql`update role_assignments ra set org_id = m.org_id from users u join members m on m.id = u.member_id
        where ra.user_id = u.id and ra.role = 'member' and m.org_id = any(${ids(orgIds)}) and ra.org_id <> m.org_id
          and m.status not in ('left', 'deceased')
        returning ra.user_id as "userId"`,
    z.object({ userId: z.number() }),
  );
  // Kept sessions carry the grant's org (lib/cache.ts).
  await invalidate(db, { users: moved.map((r) => r.userId) });
}

// ---- applicants and activists (an account that follows a development case) ----

/**
 * A development case's account: the one that follows the case, or after admission the member's
 * (the account moved to the record the case produced).
 */
const ACCOUNT_OF_CASE = sql`left join lateral (
    select u.id, u.username, u.active, u.activated_at, u.disabled_reason from users u
    where u.development_case_id = dc.id or (dc.member_id is not null and u.member_id = dc.member_id)
    order by u.active desc, u.id limit 1) u on true`;

/** One case in the scope, with the account the issuing org would act on. */
export async function caseWithAccount(db: DbOrTx, scope: Scope, caseId: number, now: Date) {
  const [row] = await queryRows(
    db,
    sql`select dc.id, dc.name, dc.org_id as "orgId", dc.org_path::text as "orgPath", dc.status,
          dc.member_id as "memberId", dc.id_number_enc is not null as "hasIdNumber",
          u.id as "userId", u.username, u.active, u.activated_at as "activatedAt",
          u.disabled_reason as "disabledReason", ${STATE} as state,
          c.expires_at as "codeExpiresAt", coalesce(c.locked_until > ${at(now)}, false) as "codeLocked"
        from development_cases dc ${ACCOUNT_OF_CASE}
        left join lateral (select expires_at, locked_until from activation_codes c
          where c.user_id = u.id and c.used_at is null and c.revoked_at is null order by c.id desc limit 1) c on true
        where dc.id = ${caseId} and ${scope.pathCondition(sql`dc.org_path`)}`,
    z.object({
      id: z.number(),
      name: z.string(),
      orgId: z.number(),
      orgPath: z.string(),
      status: z.string(),
      memberId: z.number().nullable(),
      hasIdNumber: z.boolean(),
      userId: z.number().nullable(),
      username: z.string().nullable(),
      active: z.boolean().nullable(),
      activatedAt: ts.nullable(),
      disabledReason: z.string().nullable(),
      state: z.enum(['none', 'pending', 'active', 'disabled']),
      codeExpiresAt: ts.nullable(),
      codeLocked: z.boolean(),
    }),
  );
  return row
    ? { ...row, activatedAt: toDateOrNull(row.activatedAt), codeExpiresAt: toDateOrNull(row.codeExpiresAt) }
    : null;
}

/**
 * An applicant's account: inactive like a member's, with no role at all (an applicant is not a
 * member; the home reads their case through `development_case_id`, decision 0040).
 */
export async function createCaseAccount(
  db: DbOrTx,
  v: { username: string; displayName: string; caseId: number },
  unusableHash: string,
) {
  const [row] = await db
    .insert(users)
    .values({
      username: v.username,
      displayName: v.displayName,
      passwordHash: unusableHash,
      developmentCaseId: v.caseId,
      active: false,
    })
    .returning({ id: users.id });
  return row.id;
}

/**
 * Accounts of cases in the touched orgs that produced their member record (接收预备党员): the
 * account becomes the member's (`member_id` set, the case link cleared: the home then finds the
 * case through the member record, decision 0040) and gets the `member` role at the member's org.
 * A member who already has an account of their own (issued in the gap) keeps theirs; the case's
 * stays as it is.
 */
export async function moveCaseAccountsToMembers(db: DbOrTx, orgIds: number[]) {
  const moved = await queryRows(
    db,
    sql`update users u set member_id = dc.member_id, development_case_id = null
        from development_cases dc join members m on m.id = dc.member_id
        where u.development_case_id = dc.id and u.member_id is null and dc.org_id = any(${ids(orgIds)})
          and not exists (select 1 from users o where o.member_id = dc.member_id)
        returning u.id, u.active, dc.id as "caseId", m.id as "memberId", m.org_id as "orgId",
          m.org_path::text as "orgPath"`,
    z.object({
      id: z.number(),
      active: z.boolean(),
      caseId: z.number(),
      memberId: z.number(),
      orgId: z.number(),
      orgPath: z.string(),
    }),
  );
  if (moved.length) {
    await db
      .insert(roleAssignments)
      .values(moved.map((u) => ({ userId: u.id, role: 'member', orgId: u.orgId })));
    await invalidate(db, { users: moved.map((u) => u.id) });
  }
  return moved;
}

/**
 * Accounts of cases in the touched orgs that ended without a member record (终止, 不予批准), still
 * usable or waiting for activation: disabled (`case_closed`), their sessions and open codes ended.
 */
export async function disableClosedCaseAccounts(db: DbOrTx, orgIds: number[], now: Date) {
  const rows = await queryRows(
    db,
    sql`update users u set active = false, disabled_reason = 'case_closed'
        from development_cases dc
        where dc.id = u.development_case_id and u.member_id is null and dc.org_id = any(${ids(orgIds)})
          and dc.member_id is null and dc.status in ('closed', 'rejected')
          and (u.active or u.disabled_reason is null)
        returning u.id, dc.id as "caseId", dc.org_path::text as "orgPath", dc.status`,
    z.object({ id: z.number(), caseId: z.number(), orgPath: z.string(), status: z.string() }),
  );
  await endAccess(
    db,
    rows.map((r) => r.id),
    now,
  );
  return rows;
}
