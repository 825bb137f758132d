/**
 * Meetings, attendance, attachments, check-in tokens and heart talks.
 *
 * Every read takes a Scope, except two lookups made for the QR check-in (`findToken`,
 * `findMeetingForCheckin`): the caller there is whoever holds the code (the check-in page shows the
 * meeting's name, org and time before login; signing in needs a session), and the token itself — a
 * 256-bit secret shown at the meeting, stored only as its SHA-256 — is what grants access to that
 * one meeting. The check-in service checks the token against the meeting before using either.
 * Reads by meeting id (attendance, attachments, codes) follow a scoped read of the meeting.
 */
import { type AnyColumn, and, asc, desc, eq, gt, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';
import {
  heartTalks,
  meetingAttachments,
  meetingAttendance,
  meetingCheckinTokens,
  meetingResponses,
  meetings,
  members,
  orgs,
  users,
} from '../../db/schema/index.js';
import type { Scope } from '../../lib/scope.js';

const groups = alias(orgs, 'groups');
const reviewer = alias(users, 'reviewer');

// Written out as "meetings".id: inside a subquery Drizzle would render a bare, ambiguous column.
const expectedCount = sql<number>`(select count(*)::int from meeting_attendance a where a.meeting_id = "meetings"."id")`;
const presentCount = sql<number>`(select count(*)::int from meeting_attendance a where a.meeting_id = "meetings"."id" and a.attendance = 'present')`;

const columns = {
  m: meetings,
  orgName: orgs.name,
  orgKind: orgs.kind,
  groupName: groups.name,
  reviewedByName: reviewer.displayName,
  expected: expectedCount,
  present: presentCount,
};

export type MeetingRow = typeof meetings.$inferSelect;
export type MeetingListRow = {
  m: MeetingRow;
  orgName: string;
  orgKind: string;
  groupName: string | null;
  reviewedByName: string | null;
  expected: number;
  present: number;
};

function base(db: DbOrTx) {
  return db
    .select(columns)
    .from(meetings)
    .innerJoin(orgs, eq(orgs.id, meetings.orgId))
    .leftJoin(groups, eq(groups.id, meetings.groupId))
    .leftJoin(reviewer, eq(reviewer.id, meetings.reviewedBy));
}

export interface MeetingFilter {
  /** Subtree of this org (already checked to be visible). */
  orgPath?: string;
  kind?: string;
  status?: string;
  from?: string;
  to?: string;
}

export async function list(db: DbOrTx, scope: Scope, f: MeetingFilter, current: number, pageSize: number) {
  const conds: SQL[] = [scope.pathCondition(meetings.orgPath)];
  if (f.orgPath) conds.push(sql`${meetings.orgPath} <@ ${f.orgPath}::ltree`);
  if (f.kind) conds.push(eq(meetings.kind, f.kind));
  if (f.status) conds.push(eq(meetings.status, f.status));
  if (f.from) conds.push(gte(meetings.heldOn, f.from));
  if (f.to) conds.push(lte(meetings.heldOn, f.to));
  const where = and(...conds);
  const [data, [{ total }]] = await Promise.all([
    base(db)
      .where(where)
      .orderBy(desc(meetings.heldOn), desc(meetings.startsAt), desc(meetings.id))
      .limit(pageSize)
      .offset((current - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(meetings).where(where),
  ]);
  return { data: data as MeetingListRow[], total };
}

export async function find(db: DbOrTx, scope: Scope, id: number, lock = false) {
  const q = base(db).where(and(eq(meetings.id, id), scope.pathCondition(meetings.orgPath)));
  const [row] = await (lock ? q.for('update', { of: meetings }) : q).limit(1);
  return (row as MeetingListRow) ?? null;
}

export async function insert(db: DbOrTx, values: typeof meetings.$inferInsert) {
  const [row] = await db.insert(meetings).values(values).returning();
  return row;
}

export async function update(db: DbOrTx, id: number, values: Partial<typeof meetings.$inferInsert>) {
  const [row] = await db
    .update(meetings)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(meetings.id, id))
    .returning();
  return row;
}

export async function remove(db: DbOrTx, id: number) {
  await db.delete(meetings).where(eq(meetings.id, id));
}

// ---------------------------------------------------------------------------------------------
// Attendance

/** `votes`: had a vote on the meeting day (full by the row's category, not under 留党察看 then). */
export type AttendanceRow = typeof meetingAttendance.$inferSelect & { name: string; votes: boolean };

/**
 * The attendance of a meeting. Whether each attendee votes is read from the register of the meeting
 * day at every read, not stored: a 留党察看 recorded later with an earlier date counts when the votes
 * are counted again at submit.
 */
export async function attendance(db: DbOrTx, meetingId: number): Promise<AttendanceRow[]> {
  const rows = await db
    .select({
      a: meetingAttendance,
      name: members.name,
      votes: sql<boolean>`(${meetingAttendance.category} = 'full'
        and not ${suspendedOn(meetings.heldOn, meetingAttendance.memberId)})`,
    })
    .from(meetingAttendance)
    .innerJoin(members, eq(members.id, meetingAttendance.memberId))
    .innerJoin(meetings, eq(meetings.id, meetingAttendance.meetingId))
    .where(eq(meetingAttendance.meetingId, meetingId))
    .orderBy(asc(members.namePinyin), asc(members.id));
  return rows.map((r) => ({ ...r.a, name: r.name, votes: r.votes }));
}

/** The members' answers to the meeting from their phones (参加 / 请假), by member. */
export async function responses(db: DbOrTx, meetingId: number) {
  const rows = await db.select().from(meetingResponses).where(eq(meetingResponses.meetingId, meetingId));
  return new Map(rows.map((r) => [r.memberId, r]));
}
export type ResponseRow = typeof meetingResponses.$inferSelect;

/** Replaces the meeting's attendance rows with these (the expected attendees and their statuses). */
export async function replaceAttendance(
  db: DbOrTx,
  meetingId: number,
  rows: Array<Omit<typeof meetingAttendance.$inferInsert, 'meetingId'>>,
) {
  await db.delete(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId));
  if (!rows.length) return;
  // Only the table's columns: callers may pass rows carrying more (whether the member votes).
  await db.insert(meetingAttendance).values(
    rows.map((r) => ({
      meetingId,
      memberId: r.memberId,
      category: r.category,
      attendance: r.attendance,
      reason: r.reason,
      checkedInAt: r.checkedInAt,
      checkinReceivedAt: r.checkinReceivedAt,
    })),
  );
}

/**
 * Marks a member present by a scanned code: `at` is when the code was scanned, `receivedAt` when
 * an offline scan reached the server (null for a scan sent at once; decision 0042).
 */
export async function markCheckedIn(
  db: DbOrTx,
  meetingId: number,
  memberId: number,
  at: Date,
  receivedAt: Date | null = null,
) {
  await db
    .update(meetingAttendance)
    .set({ attendance: 'present', reason: null, checkedInAt: at, checkinReceivedAt: receivedAt })
    .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.memberId, memberId)));
}

export async function attendanceOf(db: DbOrTx, meetingId: number, memberId: number) {
  const [row] = await db
    .select({ a: meetingAttendance, name: members.name })
    .from(meetingAttendance)
    .innerJoin(members, eq(members.id, meetingAttendance.memberId))
    .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.memberId, memberId)))
    .for('update', { of: meetingAttendance })
    .limit(1);
  return row ? { ...row.a, name: row.name } : null;
}

// ---------------------------------------------------------------------------------------------
// Who was where on a date

export const personOnDateRow = z.object({
  memberId: z.number(),
  name: z.string(),
  /** full | probationary on that date. */
  category: z.string(),
  /** Had a vote on that date: a full member whose rights were not suspended by 留党察看 (`votesOn`). */
  votes: z.boolean(),
});
export type PersonOnDate = z.infer<typeof personOnDateRow>;

/**
 * The category on a date: a full member confirmed after that date was still probationary then.
 * A full member without a confirmation date (older records) counts as full.
 */
export const categoryOn = (on: string) =>
  sql`case when m.category = 'full' and m.confirmed_on > ${on}::date then 'probationary' else m.category end`;

/**
 * A 留党察看 in force on the date: decided on or before it and not ended by it (`ends_on`, the day
 * the rights are restored, is exclusive). 党章第四十条: 党员在留党察看期间没有表决权、选举权和被选举权.
 */
export const suspendedOn = (on: string | SQL | AnyColumn, memberId: SQL | AnyColumn = sql`m.id`) =>
  sql`exists (select 1 from member_disciplines d where d.member_id = ${memberId}
    and d.kind = 'probation_watch' and d.decided_on <= ${on}::date
    and (d.ends_on is null or d.ends_on > ${on}::date))`;

/**
 * Whether the member had a vote on the date: full then (预备党员没有表决权, 党章第七条) and not under
 * 留党察看 then (党章第四十条). Such a member still attends (应到 of attendance) but is not counted in
 * the 应到 or 实到 of a vote, here and in the development votes that use this count.
 */
export const votesOn = (on: string) => sql`(${categoryOn(on)} = 'full' and not ${suspendedOn(on)})`;

/**
 * The members of an org on a date, reconstructed from the register (there is no "as of" helper in
 * the members module, and the `registered` member events carry the date of data entry, not of
 * joining, so the events alone cannot answer this):
 * - joined the Party on or before the date (`joined_on`);
 * - still in the register then: not left or deceased, or left after the date (`left_on`);
 * - in this org then: the `fromOrgId` of their first transfer after the date, if any (a member who
 *   transferred out since still counts here; one who transferred in since does not), else their
 *   current org.
 * Group membership has no history: a group's members are those placed in it now.
 */
export async function membersOn(db: DbOrTx, orgId: number, on: string, groupId?: number) {
  const transferOrg = sql`(select (e.data->>'fromOrgId')::int from member_events e
      where e.member_id = m.id and e.kind = 'transferred' and e.occurred_on > ${on}::date
      order by e.occurred_on, e.id limit 1)`;
  return queryRows(
    db,
    sql`select m.id as "memberId", m.name, ${categoryOn(on)} as category, ${votesOn(on)} as votes
      from members m
      where (m.org_id = ${orgId} or m.id in (
          select e.member_id from member_events e
          where e.kind = 'transferred' and e.occurred_on > ${on}::date and (e.data->>'fromOrgId')::int = ${orgId}))
        and coalesce(${transferOrg}, m.org_id) = ${orgId}
        and m.joined_on <= ${on}::date
        and (m.status not in ('left', 'deceased') or m.left_on > ${on}::date)
        ${groupId ? sql`and m.group_id = ${groupId}` : sql``}
      order by m.name_pinyin, m.id`,
    personOnDateRow,
  );
}

/** Committee members (any role) of the org in office on the date; `ended_on` is exclusive. */
export async function committeeOn(db: DbOrTx, orgId: number, on: string) {
  return queryRows(
    db,
    sql`select distinct on (m.name_pinyin, m.id) m.id as "memberId", m.name, ${categoryOn(on)} as category,
        ${votesOn(on)} as votes, c.role
      from committee_members c join members m on m.id = c.member_id
      where c.org_id = ${orgId} and c.started_on <= ${on}::date
        and (c.ended_on is null or c.ended_on > ${on}::date)
      order by m.name_pinyin, m.id, c.started_on desc`,
    personOnDateRow.extend({ role: z.string() }),
  );
}

/** The org's secretary in office on the date (member id), or null. */
export async function secretaryOn(db: DbOrTx, orgId: number, on: string): Promise<number | null> {
  const rows = await queryRows(
    db,
    sql`select member_id as "memberId" from committee_members
      where org_id = ${orgId} and role = 'secretary' and started_on <= ${on}::date
        and (ended_on is null or ended_on > ${on}::date)
      order by started_on desc limit 1`,
    z.object({ memberId: z.number() }),
  );
  return rows[0]?.memberId ?? null;
}

/** An org by id, for a group of a branch the caller can already see (the branch was scope-checked). */
export async function childOrg(db: DbOrTx, parentId: number, id: number) {
  const [row] = await db
    .select()
    .from(orgs)
    .where(and(eq(orgs.id, id), eq(orgs.parentId, parentId)))
    .limit(1);
  return row ?? null;
}

/** Names of members among `ids` inside the subtree (for error messages; others stay unnamed). */
export async function memberNames(db: DbOrTx, scope: Scope, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(and(inArray(members.id, ids), scope.pathCondition(members.orgPath)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---------------------------------------------------------------------------------------------
// Attachments

export async function attachments(db: DbOrTx, meetingId: number) {
  return db
    .select()
    .from(meetingAttachments)
    .where(eq(meetingAttachments.meetingId, meetingId))
    .orderBy(asc(meetingAttachments.id));
}

export async function attachment(db: DbOrTx, meetingId: number, id: number) {
  const [row] = await db
    .select()
    .from(meetingAttachments)
    .where(and(eq(meetingAttachments.id, id), eq(meetingAttachments.meetingId, meetingId)))
    .limit(1);
  return row ?? null;
}

export async function countAttachments(db: DbOrTx, meetingId: number) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(meetingAttachments)
    .where(eq(meetingAttachments.meetingId, meetingId));
  return n;
}

export async function insertAttachment(db: DbOrTx, values: typeof meetingAttachments.$inferInsert) {
  const [row] = await db.insert(meetingAttachments).values(values).returning();
  return row;
}

export async function removeAttachment(db: DbOrTx, id: number) {
  await db.delete(meetingAttachments).where(eq(meetingAttachments.id, id));
}

// ---------------------------------------------------------------------------------------------
// Check-in tokens
//
// A meeting has as many codes as were issued; each is valid until its own `expires_at`. A revoked
// code keeps its row (so a scan of it can say 已撤销 rather than 无效) with `expires_at` set back to
// its `created_at`: no code is ever issued that expires when it is created (the rule's minimum is an
// hour), so `expires_at <= created_at` marks a revoked code without a column of its own.

export type TokenRow = typeof meetingCheckinTokens.$inferSelect;

export const isRevoked = (t: Pick<TokenRow, 'expiresAt' | 'createdAt'>) =>
  t.expiresAt.getTime() <= t.createdAt.getTime();

export async function insertToken(db: DbOrTx, values: typeof meetingCheckinTokens.$inferInsert) {
  const [row] = await db.insert(meetingCheckinTokens).values(values).returning();
  return row;
}

/** The meeting's codes still valid at `now` (revoked ones expire at their creation), oldest first. */
export async function openTokens(db: DbOrTx, meetingId: number, now: Date) {
  return db
    .select({ t: meetingCheckinTokens, createdByName: users.displayName })
    .from(meetingCheckinTokens)
    .leftJoin(users, eq(users.id, meetingCheckinTokens.createdBy))
    .where(and(eq(meetingCheckinTokens.meetingId, meetingId), gt(meetingCheckinTokens.expiresAt, now)))
    .orderBy(asc(meetingCheckinTokens.createdAt), asc(meetingCheckinTokens.tokenHash));
}

export async function countOpenTokens(db: DbOrTx, meetingId: number, now: Date) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(meetingCheckinTokens)
    .where(and(eq(meetingCheckinTokens.meetingId, meetingId), gt(meetingCheckinTokens.expiresAt, now)));
  return n;
}

/** One code of a meeting the caller already read with its scope, locked for revoking. */
export async function tokenOfMeeting(db: DbOrTx, meetingId: number, tokenHash: string) {
  const [row] = await db
    .select()
    .from(meetingCheckinTokens)
    .where(and(eq(meetingCheckinTokens.meetingId, meetingId), eq(meetingCheckinTokens.tokenHash, tokenHash)))
    .for('update')
    .limit(1);
  return row ?? null;
}

export async function revokeToken(db: DbOrTx, tokenHash: string) {
  await db
    .update(meetingCheckinTokens)
    .set({ expiresAt: sql`${meetingCheckinTokens.createdAt}` })
    .where(eq(meetingCheckinTokens.tokenHash, tokenHash));
}

/** Unscoped: the token is the credential (see the top of this file). */
export async function findToken(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select()
    .from(meetingCheckinTokens)
    .where(eq(meetingCheckinTokens.tokenHash, tokenHash))
    .limit(1);
  return row ?? null;
}

/**
 * Unscoped, only after the token was matched to this meeting (see the top of this file). Locked for
 * a sign-in; read plainly for the public preview of a code.
 */
export async function findMeetingForCheckin(db: DbOrTx, id: number, lock = true) {
  const q = db
    .select({ m: meetings, orgName: orgs.name })
    .from(meetings)
    .innerJoin(orgs, eq(orgs.id, meetings.orgId))
    .where(eq(meetings.id, id));
  const [row] = await (lock ? q.for('update', { of: meetings }) : q).limit(1);
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Heart talks

const talkMember = alias(members, 'talk_member');
const talker = alias(members, 'talker');

const talkColumns = {
  t: heartTalks,
  orgName: orgs.name,
  memberName: talkMember.name,
  talkerName: talker.name,
};
export type HeartTalkRow = {
  t: typeof heartTalks.$inferSelect;
  orgName: string;
  memberName: string;
  talkerName: string;
};

function talkBase(db: DbOrTx) {
  return db
    .select(talkColumns)
    .from(heartTalks)
    .innerJoin(orgs, eq(orgs.id, heartTalks.orgId))
    .innerJoin(talkMember, eq(talkMember.id, heartTalks.memberId))
    .innerJoin(talker, eq(talker.id, heartTalks.talkerMemberId));
}

export interface HeartTalkFilter {
  orgPath?: string;
  memberId?: number;
  year?: number;
}

export async function listTalks(
  db: DbOrTx,
  scope: Scope,
  f: HeartTalkFilter,
  current: number,
  pageSize: number,
) {
  const conds: SQL[] = [scope.pathCondition(heartTalks.orgPath)];
  if (f.orgPath) conds.push(sql`${heartTalks.orgPath} <@ ${f.orgPath}::ltree`);
  if (f.memberId) {
    conds.push(sql`(${heartTalks.memberId} = ${f.memberId} or ${heartTalks.talkerMemberId} = ${f.memberId})`);
  }
  if (f.year) {
    conds.push(gte(heartTalks.talkedOn, `${f.year}-01-01`), lte(heartTalks.talkedOn, `${f.year}-12-31`));
  }
  const where = and(...conds);
  const [data, [{ total }]] = await Promise.all([
    talkBase(db)
      .where(where)
      .orderBy(desc(heartTalks.talkedOn), desc(heartTalks.id))
      .limit(pageSize)
      .offset((current - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(heartTalks).where(where),
  ]);
  return { data: data as HeartTalkRow[], total };
}

export async function findTalk(db: DbOrTx, scope: Scope, id: number, lock = false) {
  const q = talkBase(db).where(and(eq(heartTalks.id, id), scope.pathCondition(heartTalks.orgPath)));
  const [row] = await (lock ? q.for('update', { of: heartTalks }) : q).limit(1);
  return (row as HeartTalkRow) ?? null;
}

export async function insertTalk(db: DbOrTx, values: typeof heartTalks.$inferInsert) {
  const [row] = await db.insert(heartTalks).values(values).returning();
  return row;
}

export async function removeTalk(db: DbOrTx, id: number) {
  await db.delete(heartTalks).where(eq(heartTalks.id, id));
}
