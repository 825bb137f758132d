/**
 * The member's own app. Reads take no Scope: every query is keyed by the caller's own link (the
 * user id of the session, the member id on that user row), never by an id from the request except
 * a meeting's, and a meeting is found only among those of the member's branch and group
 * (`visible` below), so another org's meeting is simply not found (404).
 *
 * It reads tables other modules own (members, orgs, committee_members, transfers, meetings): read
 * only, for the caller's own record, in as few queries as the home page can afford. Writes touch
 * only `meeting_responses` (owned by the meetings module, written here for the member) and the
 * member's own row of `meeting_attendance`.
 */
import { and, asc, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';
import {
  meetingAttendance,
  meetingResponses,
  meetings,
  orgs,
  roleAssignments,
} from '../../db/schema/index.js';

// ---------------------------------------------------------------------------------------------
// The account's link and the member's 组织关系, in one query

export const linkRow = z.object({
  displayName: z.string(),
  memberId: z.number().nullable(),
  caseId: z.number().nullable(),
  name: z.string().nullable(),
  category: z.string().nullable(),
  status: z.string().nullable(),
  joinedOn: z.string().nullable(),
  confirmedOn: z.string().nullable(),
  orgId: z.number().nullable(),
  orgPath: z.string().nullable(),
  groupId: z.number().nullable(),
  orgName: z.string().nullable(),
  pathNames: z.array(z.string()).nullable(),
  groupName: z.string().nullable(),
  secretaryName: z.string().nullable(),
  transferTo: z.string().nullable(),
  transferOn: z.string().nullable(),
  transferStatus: z.string().nullable(),
});
export type LinkRow = z.infer<typeof linkRow>;

/**
 * The user's member record with its org, the names of the path from the root, the secretary in
 * office today (committee_members, as the meetings module reads it), the party group and the
 * latest pending transfer. One row (the user's), whether linked or not.
 */
export async function link(db: DbOrTx, userId: number, today: string): Promise<LinkRow | null> {
  const [row] = await queryRows(
    db,
    sql`select u.display_name as "displayName", u.member_id as "memberId", u.development_case_id as "caseId",
        m.name, m.category, m.status, m.joined_on::text as "joinedOn", m.confirmed_on::text as "confirmedOn",
        m.org_id as "orgId", m.org_path::text as "orgPath", m.group_id as "groupId", o.name as "orgName",
        (select array_agg(a.name order by nlevel(a.path)) from orgs a where a.path @> o.path) as "pathNames",
        g.name as "groupName",
        (select sm.name from committee_members c join members sm on sm.id = c.member_id
          where c.org_id = m.org_id and c.role = 'secretary' and c.started_on <= ${today}::date
            and (c.ended_on is null or c.ended_on > ${today}::date)
          order by c.started_on desc limit 1) as "secretaryName",
        t.to_name as "transferTo", t.requested_on as "transferOn", t.status as "transferStatus"
      from users u
      left join members m on m.id = u.member_id
      left join orgs o on o.id = m.org_id
      left join orgs g on g.id = m.group_id
      left join lateral (
        select tor.name as to_name, tr.requested_on::text as requested_on, tr.status
        from transfers tr join orgs tor on tor.id = tr.to_org_id
        where tr.member_id = m.id and tr.status = 'pending'
        order by tr.id desc limit 1) t on true
      where u.id = ${userId}`,
    linkRow,
  );
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Meetings

const groups = alias(orgs, 'my_groups');

/** Who the member is, for the meetings they are expected at. */
export interface Attendee {
  memberId: number;
  orgId: number;
  groupId: number | null;
}

/**
 * The meetings of the member's branch that are theirs: those whose attendance grid has their row
 * (fixed when the meeting was recorded or planned), and those of the whole branch or of their
 * party group that have none for them yet (a member who joined since). A committee meeting or
 * another group's meeting without their row is not theirs.
 */
function visible(a: Attendee): SQL {
  return and(
    eq(meetings.orgId, a.orgId),
    sql`(${meetingAttendance.memberId} is not null
      or ${meetings.kind} not in ('committee_meeting', 'group_meeting')
      or (${meetings.kind} = 'group_meeting' and ${meetings.groupId} = ${a.groupId ?? 0}))`,
  ) as SQL;
}

const meetingColumns = {
  id: meetings.id,
  orgId: meetings.orgId,
  orgPath: meetings.orgPath,
  kind: meetings.kind,
  title: meetings.title,
  heldOn: meetings.heldOn,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  place: meetings.place,
  agenda: meetings.agenda,
  topic: meetings.topic,
  lecturerName: meetings.lecturerName,
  status: meetings.status,
  orgName: orgs.name,
  groupName: groups.name,
  response: meetingResponses.response,
  reason: meetingResponses.reason,
  respondedAt: meetingResponses.respondedAt,
  attendance: meetingAttendance.attendance,
  attendanceReason: meetingAttendance.reason,
  checkedInAt: meetingAttendance.checkedInAt,
};

function meetingBase(db: DbOrTx, a: Attendee) {
  return db
    .select(meetingColumns)
    .from(meetings)
    .innerJoin(orgs, eq(orgs.id, meetings.orgId))
    .leftJoin(groups, eq(groups.id, meetings.groupId))
    .leftJoin(
      meetingAttendance,
      and(eq(meetingAttendance.meetingId, meetings.id), eq(meetingAttendance.memberId, a.memberId)),
    )
    .leftJoin(
      meetingResponses,
      and(eq(meetingResponses.meetingId, meetings.id), eq(meetingResponses.memberId, a.memberId)),
    );
}

export type MyMeetingRow = Awaited<ReturnType<typeof findMeeting>> & {};

/** Upcoming (starts at or after `now`, soonest first) or past (newest first), a page, with the total. */
export async function meetingsOf(
  db: DbOrTx,
  a: Attendee,
  scope: 'upcoming' | 'past',
  now: Date,
  limit: number,
  offset: number,
) {
  const when = scope === 'upcoming' ? gte(meetings.startsAt, now) : lt(meetings.startsAt, now);
  const where = and(visible(a), when);
  const order =
    scope === 'upcoming'
      ? [asc(meetings.startsAt), asc(meetings.id)]
      : [desc(meetings.startsAt), desc(meetings.id)];
  // Sequential: `db` may be a transaction (one connection).
  const rows = await meetingBase(db, a)
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .offset(offset);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(meetings)
    .leftJoin(
      meetingAttendance,
      and(eq(meetingAttendance.meetingId, meetings.id), eq(meetingAttendance.memberId, a.memberId)),
    )
    .where(where);
  return { rows, total };
}

/** One of the member's meetings (null when it is not theirs: another org's, or not found). */
export async function findMeeting(db: DbOrTx, a: Attendee, id: number) {
  const [row] = await meetingBase(db, a)
    .where(and(eq(meetings.id, id), visible(a)))
    .limit(1);
  return row ?? null;
}

/** Locks the meeting row for a response (against a concurrent submit or edit of the record). */
export async function lockMeeting(db: DbOrTx, id: number) {
  await db.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, id)).for('update');
}

// ---------------------------------------------------------------------------------------------
// Responses

export async function upsertResponse(
  db: DbOrTx,
  v: {
    meetingId: number;
    memberId: number;
    response: string;
    reason: string | null;
    userId: number;
    at: Date;
  },
) {
  await db
    .insert(meetingResponses)
    .values({
      meetingId: v.meetingId,
      memberId: v.memberId,
      response: v.response,
      reason: v.reason,
      userId: v.userId,
      respondedAt: v.at,
    })
    .onConflictDoUpdate({
      target: [meetingResponses.meetingId, meetingResponses.memberId],
      set: { response: v.response, reason: v.reason, userId: v.userId, respondedAt: v.at },
    });
}

export async function deleteResponse(db: DbOrTx, meetingId: number, memberId: number) {
  await db
    .delete(meetingResponses)
    .where(and(eq(meetingResponses.meetingId, meetingId), eq(meetingResponses.memberId, memberId)));
}

/** Sets the member's row of the grid (the pre-fill of a leave, or its undoing). */
export async function setAttendance(
  db: DbOrTx,
  meetingId: number,
  memberId: number,
  attendance: string,
  reason: string | null,
) {
  await db
    .update(meetingAttendance)
    .set({ attendance, reason })
    .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.memberId, memberId)));
}

/** The users holding the secretary role at the org: they hear of a leave. */
export async function secretaryUsers(db: DbOrTx, orgId: number) {
  const rows = await db
    .selectDistinct({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.orgId, orgId), inArray(roleAssignments.role, ['secretary'])));
  return rows.map((r) => r.userId);
}

// ---------------------------------------------------------------------------------------------
// The home in one statement

const homeMeeting = z.object({
  id: z.number(),
  orgId: z.number(),
  orgPath: z.string(),
  kind: z.string(),
  title: z.string(),
  heldOn: z.string(),
  // Timestamps arrive as JSON strings: the caller makes them dates (`toMeetingRow`).
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  place: z.string(),
  agenda: z.string(),
  topic: z.string().nullable(),
  lecturerName: z.string().nullable(),
  status: z.string(),
  orgName: z.string(),
  groupName: z.string().nullable(),
  response: z.string().nullable(),
  reason: z.string().nullable(),
  respondedAt: z.string().nullable(),
  attendance: z.string().nullable(),
  attendanceReason: z.string().nullable(),
  checkedInAt: z.string().nullable(),
});

const homeRow = linkRow.extend({
  attendee: z.boolean(),
  meetings: z.array(homeMeeting),
  meetingTotal: z.number(),
  attendance: z.object({ held: z.number(), attended: z.number(), excused: z.number(), missed: z.number() }),
  ledger: z
    .array(
      z.object({
        month: z.string(),
        expectedFen: z.number().nullable(),
        paidFen: z.number(),
        status: z.string(),
      }),
    )
    .nullable(),
  excusedThrough: z.string().nullable(),
  payments: z
    .array(
      z.object({
        id: z.number(),
        month: z.string(),
        amountFen: z.number(),
        paidOn: z.string(),
        kind: z.string(),
        method: z.string(),
      }),
    )
    .nullable(),
  ledgerMissing: z.boolean(),
  unread: z.number(),
  notifications: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      title: z.string(),
      body: z.string(),
      link: z.string().nullable(),
      orgId: z.number().nullable(),
      createdAt: z.string(),
      readAt: z.string().nullable(),
    }),
  ),
});
export type HomeRow = z.infer<typeof homeRow>;

const date = (s: string | null) => (s === null ? null : new Date(s));

/** A meeting of the home's statement as `findMeeting` gives it (dates, not JSON strings). */
export function toMeetingRow(r: HomeRow['meetings'][number]): MyMeetingRow {
  return {
    ...r,
    startsAt: new Date(r.startsAt),
    endsAt: date(r.endsAt),
    respondedAt: date(r.respondedAt),
    checkedInAt: date(r.checkedInAt),
  };
}

export interface HomeWindow {
  userId: number;
  today: string;
  now: Date;
  meetings: number;
  /** The calendar year of the attendance figures. */
  yearFrom: string;
  yearTo: string;
  notifications: number;
  /** The dues section: the months the ledger should hold this year, and the payments' window. */
  dues: {
    ensureFrom: string;
    ensureTo: string;
    paymentsFrom: string;
    paymentsTo: string;
    limit: number;
  } | null;
}

/**
 * Everything the home shows in one statement (issue #21: it sent 18): the link and 组织关系 of
 * `link`, the next meetings and their count with the conditions of `meetingsOf` (`visible`), the
 * year's attendance of `attendanceYear`, the member's ledger months, their latest accepted lapse
 * decision and unvoided payments (the reads of the dues module's 我的党费, computed with the same
 * domain function by the caller), whether a month of this year the member owes has no ledger row
 * yet (`ensureLedgerRows` would make it: the caller then takes the dues module's own path), and the
 * unread notifications as the notifications module lists them. Every read is of the caller's own
 * rows.
 */
export async function homeRead(db: DbOrTx, w: HomeWindow): Promise<HomeRow | null> {
  const d = w.dues;
  const duesColumns = d
    ? sql`(select json_agg(json_build_object('month', l.month::text, 'expectedFen', l.expected_fen,
            'paidFen', l.paid_fen, 'status', l.status) order by l.month)
          from dues_ledger l where l.member_id = lk."memberId") as ledger,
        (select x.streak_to::text from dues_lapse_decisions x
          where x.member_id = lk."memberId" and x.decision = 'reason_accepted'
          order by x.streak_to desc, x.id desc limit 1) as "excusedThrough",
        coalesce((select json_agg(p order by p."paidOn" desc, p.id desc) from (
            select p.id, p.month::text as month, p.amount_fen as "amountFen", p.paid_on::text as "paidOn",
              p.kind, p.method
            from dues_payments p where p.member_id = lk."memberId" and p.voided_at is null
              and p.month >= ${d.paymentsFrom}::date and p.month <= ${d.paymentsTo}::date
            order by p.paid_on desc, p.id desc limit ${d.limit}) p), '[]'::json) as payments,
        coalesce(lk."memberId" is not null and exists (
          select 1 from members m cross join generate_series(${d.ensureFrom}::date, ${d.ensureTo}::date,
            interval '1 month') as mo(month)
          where m.id = lk."memberId" and m.joined_on <= (mo.month + interval '1 month' - interval '1 day')::date
            and (m.left_on is null or m.left_on > mo.month::date)
            and m.status <> 'deceased' and not (m.status = 'left' and m.left_on is null)
            and not exists (select 1 from dues_ledger l where l.member_id = m.id and l.month = mo.month::date)),
          false) as "ledgerMissing"`
    : sql`null::json as ledger, null::text as "excusedThrough", null::json as payments,
        false as "ledgerMissing"`;
  const [row] = await queryRows(
    db,
    sql`with lk as (
        select u.display_name as "displayName", u.member_id as "memberId", u.development_case_id as "caseId",
          m.name, m.category, m.status, m.joined_on::text as "joinedOn", m.confirmed_on::text as "confirmedOn",
          m.org_id as "orgId", m.org_path::text as "orgPath", m.group_id as "groupId", o.name as "orgName",
          (select array_agg(a.name order by nlevel(a.path)) from orgs a where a.path @> o.path) as "pathNames",
          g.name as "groupName",
          (select sm.name from committee_members c join members sm on sm.id = c.member_id
            where c.org_id = m.org_id and c.role = 'secretary' and c.started_on <= ${w.today}::date
              and (c.ended_on is null or c.ended_on > ${w.today}::date)
            order by c.started_on desc limit 1) as "secretaryName",
          t.to_name as "transferTo", t.requested_on as "transferOn", t.status as "transferStatus",
          (m.id is not null and m.org_id is not null and m.status not in ('left', 'deceased')) as attendee
        from users u
        left join members m on m.id = u.member_id
        left join orgs o on o.id = m.org_id
        left join orgs g on g.id = m.group_id
        left join lateral (
          select tor.name as to_name, tr.requested_on::text as requested_on, tr.status
          from transfers tr join orgs tor on tor.id = tr.to_org_id
          where tr.member_id = m.id and tr.status = 'pending'
          order by tr.id desc limit 1) t on true
        where u.id = ${w.userId}),
      upcoming as (
        select mt.id, mt.org_id as "orgId", mt.org_path::text as "orgPath", mt.kind, mt.title,
          mt.held_on::text as "heldOn", mt.starts_at as "startsAt", mt.ends_at as "endsAt", mt.place, mt.agenda,
          mt.topic, mt.lecturer_name as "lecturerName", mt.status, o.name as "orgName", g.name as "groupName",
          r.response, r.reason, r.responded_at as "respondedAt", a.attendance, a.reason as "attendanceReason",
          a.checked_in_at as "checkedInAt"
        from lk join meetings mt on mt.org_id = lk."orgId"
        join orgs o on o.id = mt.org_id
        left join orgs g on g.id = mt.group_id
        left join meeting_attendance a on a.meeting_id = mt.id and a.member_id = lk."memberId"
        left join meeting_responses r on r.meeting_id = mt.id and r.member_id = lk."memberId"
        where lk.attendee and mt.starts_at >= ${w.now.toISOString()}::timestamptz
          and (a.member_id is not null
            or mt.kind not in ('committee_meeting', 'group_meeting')
            or (mt.kind = 'group_meeting' and mt.group_id = coalesce(lk."groupId", 0))))
      select lk.*,
        coalesce((select json_agg(x order by x."startsAt", x.id) from (
          select * from upcoming order by "startsAt", id limit ${w.meetings}) x), '[]'::json) as meetings,
        (select count(*)::int from upcoming) as "meetingTotal",
        (select json_build_object('held', count(*), 'attended', count(*) filter (where a.attendance = 'present'),
            'excused', count(*) filter (where a.attendance = 'excused'),
            'missed', count(*) filter (where a.attendance = 'absent'))
          from meeting_attendance a join meetings mt on mt.id = a.meeting_id
          where lk.attendee and a.member_id = lk."memberId" and mt.status <> 'draft'
            and mt.held_on >= ${w.yearFrom}::date and mt.held_on <= ${w.yearTo}::date) as attendance,
        ${duesColumns},
        (select count(*)::int from notifications n where n.user_id = ${w.userId} and n.read_at is null) as unread,
        coalesce((select json_agg(n order by n."createdAt" desc, n.id desc) from (
          select n.id, n.kind, n.title, n.body, n.link, n.org_id as "orgId", n.created_at as "createdAt",
            n.read_at as "readAt"
          from notifications n where n.user_id = ${w.userId} and n.read_at is null
          order by n.created_at desc, n.id desc limit ${w.notifications}) n), '[]'::json) as notifications
      from lk`,
    homeRow,
  );
  return row ?? null;
}
