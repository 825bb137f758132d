import type { z } from 'zod';
import { compareDates } from '../../../domain/common/dates.js';
import { isBranchKind, type OrgKind } from '../../../domain/org/labels.js';
import { meetingTitle } from '../../../domain/orglife/titles.js';
import { committeeQuorumMet, decideVote, neededToExceed, quorumMet } from '../../../domain/orglife/votes.js';
import type { Rules } from '../../../domain/rules/index.js';
import type { FieldErrorDto } from '../../../shared/contracts/error-codes.js';
import type {
  AttendeeDto,
  MeetingDto,
  MeetingResponse,
  MeetingSummaryDto,
  meetingCreateBody,
  meetingListQuery,
  meetingPatchBody,
  meetingReviewBody,
  RecordedMeetingKind,
} from '../../../shared/contracts/meetings.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { MeetingVote } from '../../db/schema/index.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { notify } from '../notifications/index.js';
import { orgRepo } from '../orgs/index.js';
import { loadRules } from '../settings/index.js';
import * as repo from './repo.js';

export const MEETING = '会议';
export const readScope = (ctx: RequestContext) => ctx.actor.scope('orglife.read');
export const writeScope = (ctx: RequestContext) => ctx.actor.scope('orglife.write');
const reviewScope = (ctx: RequestContext) => ctx.actor.scope('orglife.review');

/** The path of the org's parent ('' for a root). */
const parentPath = (path: string) => path.split('.').slice(0, -1).join('.');

/** Only the higher org reviews: the review scope must hold the meeting org's PARENT. */
function mayReview(ctx: RequestContext, orgPath: string): boolean {
  const parent = parentPath(orgPath);
  return parent !== '' && reviewScope(ctx).containsPath(parent);
}

const EDITABLE = new Set(['draft', 'returned']);

/**
 * Business times are Asia/Shanghai, which has had no daylight saving since 1991: a fixed +08:00
 * turns the meeting day and a wall-clock time into an instant and back.
 */
export const instantOf = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
export const shanghaiTime = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);

/** 2026-11-23 13:00 (Asia/Shanghai), for messages. */
export const shanghaiStamp = (d: Date) =>
  new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * When a sign-in code issued at `now` expires: the configured hours after the meeting's start, or
 * after `now` for a code shown once the meeting is under way (it may run long, latecomers sign in
 * at the door). A code printed days ahead thus lasts into the meeting, like one shown at it.
 */
export const checkinCodeExpiresAt = (startsAt: Date, now: Date, rules: Rules) =>
  new Date(Math.max(startsAt.getTime(), now.getTime()) + rules['orglife.checkinValidHours'] * 3_600_000);

/**
 * Whether the meeting takes sign-ins at all: its record is still open (a draft, or returned for
 * correction; a submitted record is vouched for and locked). New codes are issued until the end of
 * the meeting day; each code then works until it expires or is revoked.
 */
export const checkinOpen = (m: Pick<repo.MeetingRow, 'status'>) => EDITABLE.has(m.status);
export const codesIssuable = (m: Pick<repo.MeetingRow, 'status' | 'heldOn'>, today: string) =>
  checkinOpen(m) && compareDates(today, m.heldOn) <= 0;

/** The title to show: a default one follows the kind and date (older rows may carry a stale one). */
export const titleOf = (m: Pick<repo.MeetingRow, 'title' | 'kind' | 'heldOn'>) =>
  meetingTitle(m.title, m.kind as RecordedMeetingKind, m.heldOn);

// ---------------------------------------------------------------------------------------------
// DTOs

function toSummary(row: repo.MeetingListRow): MeetingSummaryDto {
  const m = row.m;
  return {
    id: m.id,
    orgId: m.orgId,
    orgName: row.orgName,
    kind: m.kind as RecordedMeetingKind,
    groupId: m.groupId,
    groupName: row.groupName,
    title: titleOf(m),
    heldOn: m.heldOn,
    startsAt: m.startsAt.toISOString(),
    status: m.status as MeetingSummaryDto['status'],
    expected: row.expected,
    present: row.present,
  };
}

/** The quorum and pass arithmetic of a recorded vote, in words. */
export function explainVote(v: MeetingVote, rules: Rules): string {
  const parts: string[] = [];
  const quorum = quorumMet(v.expectedVoting, v.presentVoting, rules);
  if (!quorum.ok) return `${quorum.message}。`;
  parts.push(
    `应到会有表决权党员${v.expectedVoting}人，实到${v.presentVoting}人，超过半数（至少${quorum.needed}人），可以表决`,
  );
  parts.push(`赞成${v.forVotes}票、反对${v.against}票、弃权${v.abstain}票`);
  const needed = neededToExceed(v.expectedVoting, rules['vote.passShare']);
  parts.push(
    v.passed
      ? `赞成票超过应到会有表决权党员的半数（至少需${needed}票），通过`
      : `赞成票未超过应到会有表决权党员的半数（至少需${needed}票），未通过`,
  );
  return `${parts.join('；')}。预备党员和留党察看期间的党员没有表决权，不计入应到和实到人数。`;
}

function toAttendee(a: Omit<repo.AttendanceRow, 'meetingId'>, r?: repo.ResponseRow): AttendeeDto {
  return {
    memberId: a.memberId,
    name: a.name,
    category: a.category,
    attendance: a.attendance as AttendeeDto['attendance'],
    reason: a.reason ?? null,
    checkedInAt: a.checkedInAt ? a.checkedInAt.toISOString() : null,
    checkinReceivedAt: a.checkinReceivedAt ? a.checkinReceivedAt.toISOString() : null,
    votes: a.votes,
    response: r
      ? {
          response: r.response as MeetingResponse,
          reason: r.reason,
          respondedAt: r.respondedAt.toISOString(),
        }
      : null,
  };
}

async function toDto(db: DbOrTx, ctx: RequestContext, row: repo.MeetingListRow): Promise<MeetingDto> {
  const m = row.m;
  const writable = writeScope(ctx).containsPath(m.orgPath);
  const editable = EDITABLE.has(m.status) && writable;
  const [attendance, responses, attachments, rules, openCodes] = await Promise.all([
    repo.attendance(db, m.id),
    repo.responses(db, m.id),
    repo.attachments(db, m.id),
    loadRules(db),
    // Codes issued late on the meeting day outlive it: the dialog stays reachable to see or revoke them.
    editable ? repo.countOpenTokens(db, m.id, ctx.now) : 0,
  ]);
  return {
    ...toSummary(row),
    orgPath: m.orgPath,
    startTime: shanghaiTime(m.startsAt),
    endTime: m.endsAt ? shanghaiTime(m.endsAt) : null,
    place: m.place,
    hostName: m.hostName,
    recorderName: m.recorderName,
    lecturerMemberId: m.lecturerMemberId,
    lecturerName: m.lecturerName,
    bySecretary: m.bySecretary,
    topic: m.topic,
    agenda: m.agenda,
    minutes: m.minutes,
    decisions: m.decisions,
    attendees: attendance.map((a) => toAttendee(a, responses.get(a.memberId))),
    votes: m.votes.map((v) => ({ ...v, explanation: explainVote(v, rules) })),
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      mimeType: a.mimeType,
      size: a.size,
      createdAt: a.createdAt.toISOString(),
    })),
    submittedAt: m.submittedAt ? m.submittedAt.toISOString() : null,
    reviewedAt: m.reviewedAt ? m.reviewedAt.toISOString() : null,
    reviewedByName: row.reviewedByName,
    reviewComment: m.reviewComment,
    abilities: {
      edit: editable,
      submit: editable && compareDates(m.heldOn, ctx.today) <= 0,
      review: m.status === 'submitted' && mayReview(ctx, m.orgPath),
      checkin: editable && (codesIssuable(m, ctx.today) || openCodes > 0),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof meetingListQuery>) {
  let orgPath: string | undefined;
  if (q.orgId) {
    const org = await orgRepo.findOrg(db, readScope(ctx), q.orgId);
    if (!org) throw notFound('党组织');
    orgPath = org.path;
  }
  const r = await repo.list(db, readScope(ctx), { ...q, orgPath }, q.current, q.pageSize);
  return { data: r.data.map(toSummary), total: r.total };
}

export async function get(db: DbOrTx, ctx: RequestContext, id: number) {
  const row = await repo.find(db, readScope(ctx), id);
  if (!row) throw notFound(MEETING);
  return toDto(db, ctx, row);
}

/** A meeting read for a write: visible (404 otherwise), locked, and in the write scope (403). */
export async function findForWrite(tx: DbOrTx, ctx: RequestContext, id: number) {
  const row = await repo.find(tx, readScope(ctx), id, true);
  if (!row) throw notFound(MEETING);
  if (!writeScope(ctx).containsPath(row.m.orgPath)) {
    throw new AppError('FORBIDDEN', '只能修改本组织及下级组织的会议记录');
  }
  return row;
}

export function assertEditable(m: repo.MeetingRow) {
  if (!EDITABLE.has(m.status)) throw new AppError('MEETINGS_RECORD_LOCKED');
}

type Org = orgRepo.OrgRow;

/** The org a meeting is recorded for: in the write scope, and a branch. */
async function meetingOrg(db: DbOrTx, ctx: RequestContext, orgId: number): Promise<Org> {
  const org = await orgRepo.findOrg(db, writeScope(ctx), orgId);
  if (!org) throw notFound('党组织');
  if (!isBranchKind(org.kind as OrgKind)) {
    throw fieldErrors([{ field: 'orgId', message: '所在党组织：只有党支部（联合党支部）记录三会一课' }]);
  }
  return org;
}

/** The party group of a group meeting: an active group directly under the branch. */
async function meetingGroup(
  db: DbOrTx,
  org: Org,
  groupId: number | null | undefined,
  errors: FieldErrorDto[],
) {
  if (!groupId) {
    errors.push({ field: 'groupId', message: '党小组：党小组会须选择党小组' });
    return null;
  }
  const group = await repo.childOrg(db, org.id, groupId);
  if (group?.kind !== 'group' || group.status !== 'active') {
    errors.push({ field: 'groupId', message: '党小组：应为本支部下设的党小组' });
    return null;
  }
  return group;
}

/**
 * Who is expected at a meeting of this kind on that day: the org's members (the group's for a group
 * meeting), or the committee members in office for a committee meeting.
 */
async function expectedFor(
  db: DbOrTx,
  org: Org,
  kind: RecordedMeetingKind,
  heldOn: string,
  groupId: number | null,
): Promise<repo.PersonOnDate[]> {
  if (kind === 'committee_meeting') return repo.committeeOn(db, org.id, heldOn);
  if (kind === 'group_meeting') return groupId ? repo.membersOn(db, org.id, heldOn, groupId) : [];
  return repo.membersOn(db, org.id, heldOn);
}

export async function expectedAttendees(
  db: Db,
  ctx: RequestContext,
  q: { orgId: number; heldOn: string; kind: RecordedMeetingKind; groupId?: number },
): Promise<AttendeeDto[]> {
  const org = await meetingOrg(db, ctx, q.orgId);
  const errors: FieldErrorDto[] = [];
  let groupId: number | null = null;
  if (q.kind === 'group_meeting') groupId = (await meetingGroup(db, org, q.groupId, errors))?.id ?? null;
  if (errors.length) throw fieldErrors(errors);
  const people = await expectedFor(db, org, q.kind, q.heldOn, groupId);
  return people.map((p) =>
    toAttendee({ ...p, attendance: 'absent', reason: null, checkedInAt: null, checkinReceivedAt: null }),
  );
}

// ---------------------------------------------------------------------------------------------
// Validation shared by create and patch

type Fields = z.infer<typeof meetingPatchBody>;

interface Prepared {
  values: {
    title: string;
    heldOn: string;
    startsAt: Date;
    endsAt: Date | null;
    place: string;
    hostName: string;
    recorderName: string;
    lecturerMemberId: number | null;
    lecturerName: string | null;
    bySecretary: boolean;
    topic: string | null;
    agenda: string;
    minutes: string;
    decisions: string;
    votes: MeetingVote[];
  };
  attendance: Array<{
    memberId: number;
    category: string;
    /** Had a vote on the meeting day (not stored: read again from the register at every count). */
    votes: boolean;
    attendance: string;
    reason: string | null;
    checkedInAt: Date | null;
    /** Set when the check-in was scanned offline and sent later (decision 0042). */
    checkinReceivedAt: Date | null;
  }>;
}

type Current = Omit<Prepared['values'], 'startsAt' | 'endsAt'> & {
  startTime: string;
  endTime: string | null;
};

/**
 * Checks a meeting as it would be saved (the stored record merged with the input) and returns the
 * row values and the attendance rows. Every problem found is reported at once, by field.
 */
async function prepare(
  tx: DbOrTx,
  ctx: RequestContext,
  org: Org,
  kind: RecordedMeetingKind,
  groupIdIn: number | null | undefined,
  cur: Current,
  input: Fields,
  previous: repo.AttendanceRow[],
  responses: Map<number, repo.ResponseRow> = new Map(),
): Promise<Prepared> {
  const errors: FieldErrorDto[] = [];
  const pick = <K extends keyof Current>(k: K): Current[K] =>
    (input as Record<string, unknown>)[k] !== undefined ? (input as Current)[k] : cur[k];
  const heldOn = pick('heldOn');
  const startTime = pick('startTime');
  const endTime = pick('endTime') ?? null;
  const rules = await loadRules(tx);

  if (org.foundedOn && compareDates(heldOn, org.foundedOn) < 0) {
    errors.push({ field: 'heldOn', message: `会议日期：早于本支部成立日期（${org.foundedOn}）` });
  }
  if (org.dissolvedOn && compareDates(heldOn, org.dissolvedOn) > 0) {
    errors.push({ field: 'heldOn', message: `会议日期：晚于本支部撤销日期（${org.dissolvedOn}）` });
  }
  if (endTime && endTime <= startTime) {
    errors.push({ field: 'endTime', message: '结束时间：应晚于开始时间' });
  }

  // Kind-specific requirements.
  let groupId: number | null = null;
  if (kind === 'group_meeting') groupId = (await meetingGroup(tx, org, groupIdIn, errors))?.id ?? null;
  const expected = await expectedFor(tx, org, kind, heldOn, groupId);
  // A branch with fewer committee members than the smallest committee (a secretary, perhaps a
  // deputy) has no 支部委员会 to meet; the compliance table asks no 支委会 of it either.
  const minCommittee = rules['branch.committeeSize'].min;
  if (kind === 'committee_meeting' && expected.length < minCommittee) {
    errors.push({
      field: 'kind',
      message: `会议类型：本支部在${heldOn}未设支部委员会（在任委员${expected.length}人，不足${minCommittee}人），不能记录支部委员会会议`,
    });
  }

  let lecturerMemberId: number | null = null;
  let lecturerName: string | null = null;
  let bySecretary = false;
  const topic = pick('topic')?.trim() || null;
  if (kind === 'party_lecture') {
    if (!topic) errors.push({ field: 'topic', message: '主题：党课须填写主题' });
    lecturerMemberId = pick('lecturerMemberId') ?? null;
    // Choosing a member clears a typed name and vice versa, when only one of them is sent.
    if (input.lecturerMemberId === undefined && input.lecturerName) lecturerMemberId = null;
    if (lecturerMemberId) {
      const members = await repo.membersOn(tx, org.id, heldOn);
      const lecturer = members.find((p) => p.memberId === lecturerMemberId);
      if (!lecturer) {
        errors.push({
          field: 'lecturerMemberId',
          message: '授课人：应为会议当日本支部的党员；其他授课人请直接填写姓名',
        });
      } else {
        lecturerName = lecturer.name;
        bySecretary = (await repo.secretaryOn(tx, org.id, heldOn)) === lecturerMemberId;
      }
    } else {
      lecturerName = pick('lecturerName')?.trim() || null;
      if (!lecturerName) errors.push({ field: 'lecturerName', message: '授课人：党课须填写授课人' });
    }
  }

  // Attendance: everyone expected, with the statuses kept from before, then the input applied. A
  // member newly expected (the date or the group changed) who asked for leave from their phone
  // starts as excused with their reason, as the leave pre-filled the rows that existed then.
  const before = new Map(previous.map((a) => [a.memberId, a]));
  const rows = new Map<number, Prepared['attendance'][number]>(
    expected.map((p) => {
      const was = before.get(p.memberId);
      const leave = was ? undefined : responses.get(p.memberId);
      const excused = leave?.response === 'leave';
      return [
        p.memberId,
        {
          memberId: p.memberId,
          category: p.category,
          votes: p.votes,
          attendance: was?.attendance ?? (excused ? 'excused' : 'absent'),
          reason: was?.reason ?? (excused ? leave.reason : null),
          checkedInAt: was?.checkedInAt ?? null,
          checkinReceivedAt: was?.checkinReceivedAt ?? null,
        },
      ];
    }),
  );
  if (input.attendees) {
    const seen = new Set<number>();
    const unknown: number[] = [];
    for (const a of input.attendees) {
      if (seen.has(a.memberId)) {
        errors.push({ field: 'attendees', message: '参会人员：同一党员填写了两次' });
        continue;
      }
      seen.add(a.memberId);
      const row = rows.get(a.memberId);
      if (!row) {
        unknown.push(a.memberId);
        continue;
      }
      const reason = a.reason?.trim() || null;
      const name = expected.find((p) => p.memberId === a.memberId)?.name;
      if (a.attendance === 'excused' && !reason) {
        errors.push({ field: 'attendees', message: `参会人员：${name}请假需填写原因` });
      }
      row.attendance = a.attendance;
      row.reason = a.attendance === 'present' ? null : reason;
      if (a.attendance !== 'present') {
        row.checkedInAt = null;
        row.checkinReceivedAt = null;
      }
    }
    if (unknown.length) {
      const names = await repo.memberNames(tx, writeScope(ctx), unknown);
      for (const id of unknown) {
        const who = names.get(id) ?? `编号为${id}的党员`;
        errors.push({ field: 'attendees', message: `参会人员：${who}不在本次会议的应到人员名单中` });
      }
    }
  }
  const attendance = [...rows.values()];

  // Votes: general meetings only.
  const votesIn =
    input.votes ??
    cur.votes.map((v) => ({
      subject: v.subject,
      forVotes: v.forVotes,
      against: v.against,
      abstain: v.abstain,
    }));
  let votes: MeetingVote[] = [];
  if (votesIn.length && kind !== 'general_meeting') {
    errors.push({ field: 'votes', message: '表决事项：只有支部党员大会可以记录表决' });
  } else {
    votes = decideVotes(votesIn, attendance, rules, errors);
  }

  if (errors.length) throw fieldErrors(errors);
  // A title the secretary did not type (left empty, or a default) follows the kind and the date.
  const titleIn = input.title !== undefined ? input.title : cur.title;
  return {
    values: {
      title: meetingTitle(titleIn, kind, heldOn),
      heldOn,
      startsAt: instantOf(heldOn, startTime),
      endsAt: endTime ? instantOf(heldOn, endTime) : null,
      place: pick('place'),
      hostName: pick('hostName'),
      recorderName: pick('recorderName'),
      lecturerMemberId,
      lecturerName,
      bySecretary,
      topic,
      agenda: pick('agenda'),
      minutes: pick('minutes'),
      decisions: pick('decisions'),
      votes,
    },
    attendance,
  };
}

type VoteIn = Pick<MeetingVote, 'subject' | 'forVotes' | 'against' | 'abstain'>;

/**
 * The votes of a general meeting against its attendance (支部工作条例 Art. 11): only members with a
 * vote on the meeting day count in 应到 and 实到 — full members not under 留党察看 (党章第七条、第四十条;
 * `votesOn` in the repo) — though everyone attends; a vote without quorum, or with more ballots than
 * voters present, is refused; whether it passed is computed against the voters expected.
 */
function decideVotes(
  votesIn: VoteIn[],
  attendance: Array<{ votes: boolean; attendance: string }>,
  rules: Rules,
  errors: FieldErrorDto[],
): MeetingVote[] {
  const expectedVoting = attendance.filter((a) => a.votes).length;
  const presentVoting = attendance.filter((a) => a.votes && a.attendance === 'present').length;
  const votes: MeetingVote[] = [];
  for (const v of votesIn) {
    const check = decideVote(
      expectedVoting,
      presentVoting,
      { for: v.forVotes, against: v.against, abstain: v.abstain },
      rules,
    );
    if (check.stage === 'quorum' || check.stage === 'tally') {
      errors.push({ field: 'votes', message: `表决事项：“${v.subject}”不能记录，${check.message}` });
      continue;
    }
    votes.push({
      subject: v.subject,
      forVotes: v.forVotes,
      against: v.against,
      abstain: v.abstain,
      expectedVoting,
      presentVoting,
      quorumMet: true,
      passed: check.ok,
    });
  }
  return votes;
}

const EMPTY: Current = {
  title: '',
  heldOn: '',
  startTime: '',
  endTime: null,
  place: '',
  hostName: '',
  recorderName: '',
  lecturerMemberId: null,
  lecturerName: null,
  bySecretary: false,
  topic: null,
  agenda: '',
  minutes: '',
  decisions: '',
  votes: [],
};

/** What an audit entry keeps of a meeting: the facts, not the full minutes. */
const auditView = (v: Prepared['values'], attendance: Prepared['attendance']) => ({
  title: v.title,
  heldOn: v.heldOn,
  startsAt: v.startsAt.toISOString(),
  topic: v.topic,
  lecturerName: v.lecturerName,
  bySecretary: v.bySecretary,
  votes: v.votes,
  expected: attendance.length,
  present: attendance.filter((a) => a.attendance === 'present').length,
});

// ---------------------------------------------------------------------------------------------
// Writes

export async function create(db: Db, ctx: RequestContext, input: z.infer<typeof meetingCreateBody>) {
  return db.transaction(async (tx) => {
    const org = await meetingOrg(tx, ctx, input.orgId);
    const p = await prepare(tx, ctx, org, input.kind, input.groupId, EMPTY, input, []);
    const row = await repo.insert(tx, {
      orgId: org.id,
      orgPath: org.path,
      kind: input.kind,
      groupId: input.kind === 'group_meeting' ? (input.groupId ?? null) : null,
      ...p.values,
      status: 'draft',
      createdBy: ctx.actor.userId,
    });
    await repo.replaceAttendance(tx, row.id, p.attendance);
    await writeAudit(tx, ctx, {
      action: 'meeting.create',
      entity: 'meeting',
      entityId: row.id,
      orgPath: org.path,
      after: { kind: input.kind, groupId: row.groupId, ...auditView(p.values, p.attendance) },
    });
    return row.id;
  });
}

export async function patch(db: Db, ctx: RequestContext, id: number, input: Fields) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await findForWrite(tx, ctx, id);
    const m = row.m;
    assertEditable(m);
    const org = await orgRepo.findOrg(tx, writeScope(ctx), m.orgId);
    if (!org) throw notFound('党组织');
    const previous = await repo.attendance(tx, id);
    const responses = await repo.responses(tx, id);
    const cur: Current = {
      ...m,
      startTime: shanghaiTime(m.startsAt),
      endTime: m.endsAt ? shanghaiTime(m.endsAt) : null,
    };
    const p = await prepare(
      tx,
      ctx,
      org,
      m.kind as RecordedMeetingKind,
      m.groupId,
      cur,
      input,
      previous,
      responses,
    );
    await repo.update(tx, id, p.values);
    await repo.replaceAttendance(tx, id, p.attendance);
    await writeAudit(tx, ctx, {
      action: 'meeting.update',
      entity: 'meeting',
      entityId: id,
      orgPath: m.orgPath,
      before: auditView(m, previous),
      after: auditView(p.values, p.attendance),
    });
    // A returned record no longer counts as it stood; drafts never counted.
    if (m.status !== 'draft') tx.touch('orglife', [m.orgId]);
    return id;
  });
}

/** Deletes a draft; the caller removes its files once the transaction has committed. */
export async function remove(db: Db, ctx: RequestContext, id: number) {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await findForWrite(tx, ctx, id);
    const m = row.m;
    if (m.status !== 'draft') throw new AppError('MEETINGS_NOT_DRAFT');
    const files = await repo.attachments(tx, id);
    await repo.remove(tx, id);
    await writeAudit(tx, ctx, {
      action: 'meeting.delete',
      entity: 'meeting',
      entityId: id,
      orgPath: m.orgPath,
      before: { kind: m.kind, title: m.title, heldOn: m.heldOn, attachments: files.length },
    });
    tx.touch('orglife', [m.orgId]);
  });
}

export async function submit(db: Db, ctx: RequestContext, id: number) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await findForWrite(tx, ctx, id);
    const m = row.m;
    if (!EDITABLE.has(m.status)) throw new AppError('MEETINGS_ALREADY_SUBMITTED');
    const errors: FieldErrorDto[] = [];
    if (compareDates(m.heldOn, ctx.today) > 0) {
      errors.push({ field: 'heldOn', message: '会议日期：会议日期晚于今天，不能提交' });
    }
    if (!m.minutes.trim()) errors.push({ field: 'minutes', message: '会议记录：请填写会议记录' });
    const [attendance, rules] = await Promise.all([repo.attendance(tx, id), loadRules(tx)]);
    const present = attendance.filter((a) => a.attendance === 'present').length;
    if (present === 0) errors.push({ field: 'attendees', message: '参会人员：至少应有一名出席人员' });
    if (m.kind === 'committee_meeting') {
      // The attendance of a committee meeting is the committee in office that day.
      const quorum = committeeQuorumMet(attendance.length, present, rules);
      if (!quorum.ok) errors.push({ field: 'attendees', message: `参会人员：${quorum.message}` });
    }
    // Sign-ins may have changed who was present since the votes were saved: count again.
    const votes = decideVotes(m.votes, attendance, rules, errors);
    if (errors.length) throw fieldErrors(errors);
    await repo.update(tx, id, {
      votes,
      status: 'submitted',
      submittedAt: ctx.now,
      submittedBy: ctx.actor.userId,
      reviewedAt: null,
      reviewedBy: null,
      reviewComment: null,
    });
    await writeAudit(tx, ctx, {
      action: 'meeting.submit',
      entity: 'meeting',
      entityId: id,
      orgPath: m.orgPath,
      before: { status: m.status },
      after: { status: 'submitted', expected: attendance.length, present },
    });
    tx.touch('orglife', [m.orgId]);
    return id;
  });
}

export async function review(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: z.infer<typeof meetingReviewBody>,
) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await repo.find(tx, readScope(ctx), id, true);
    if (!row) throw notFound(MEETING);
    const m = row.m;
    if (!mayReview(ctx, m.orgPath)) throw new AppError('FORBIDDEN', '只有上级党组织可以审核');
    if (m.status !== 'submitted') throw new AppError('MEETINGS_NOT_SUBMITTED');
    const comment = input.comment?.trim() || null;
    if (input.decision === 'return' && !comment) {
      throw fieldErrors([{ field: 'comment', message: '审核意见：退回时请写明原因' }]);
    }
    const status = input.decision === 'approve' ? 'reviewed' : 'returned';
    await repo.update(tx, id, {
      status,
      reviewedAt: ctx.now,
      reviewedBy: ctx.actor.userId,
      reviewComment: comment,
    });
    await writeAudit(tx, ctx, {
      action: input.decision === 'approve' ? 'meeting.approve' : 'meeting.return',
      entity: 'meeting',
      entityId: id,
      orgPath: m.orgPath,
      before: { status: m.status },
      after: { status },
      reason: comment,
    });
    if (m.submittedBy) {
      const returned = input.decision === 'return';
      await notify(tx, [
        {
          userId: m.submittedBy,
          kind: returned ? 'meeting.returned' : 'meeting.reviewed',
          title: returned ? `会议记录被退回：${titleOf(m)}` : `会议记录已审核：${titleOf(m)}`,
          body: returned ? `退回意见：${comment}` : (comment ?? ''),
          link: `/meetings/${id}`,
          orgId: m.orgId,
          dedupeKey: `meeting.${input.decision}:${id}:${ctx.now.getTime()}`,
        },
      ]);
    }
    tx.touch('orglife', [m.orgId]);
    return id;
  });
}
