/**
 * 我的: the member's home, their meetings, and 参加 / 请假. Everything is the caller's own: the
 * member record of the session's user (`users.member_id`), or the development case an applicant's
 * account follows (`users.development_case_id`). The home reads the caller's own rows of other
 * modules' tables in one statement (`repo.homeRead`, issue #21) and computes with their rules: the
 * arrears with the dues domain's `duesStanding` (the function of the collection sheet and the
 * arrears list), the notifications as the notifications module lists them; a ledger month not yet
 * made goes through the dues module's own 我的党费 read, the case through the development engine.
 */
import type { z } from 'zod';
import type { IsoDate } from '../../../domain/common/dates.js';
import type { DEVELOPMENT_STAGES } from '../../../domain/development/steps.js';
import { duesStanding } from '../../../domain/dues/ledger.js';
import { addMonthsTo, firstDay, monthOf } from '../../../domain/dues/months.js';
import { partyAgeOn, politicalBirthday } from '../../../domain/member/party-age.js';
import { MEETING_KIND_LABELS } from '../../../domain/orglife/requirements.js';
import type { AttendeeDto, RecordedMeetingKind } from '../../../shared/contracts/meetings.js';
import type {
  MyHomeDto,
  MyMeetingDto,
  meetingResponseBody,
  myMeetingsQuery,
} from '../../../shared/contracts/my.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { developmentService } from '../development/index.js';
import { duesService, paymentsOfMember } from '../dues/index.js';
import { meetingService } from '../meetings/index.js';
import { notify } from '../notifications/index.js';
import { loadRules } from '../settings/index.js';
import * as repo from './repo.js';

const MEETING = '会议';

/** How a person stands in the development pipeline, in the words members use. */
const PERSON_STAGE_LABELS: Record<(typeof DEVELOPMENT_STAGES)[number], string> = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
  full: '正式党员',
};

/** The home shows the next few meetings; the meetings page pages through the rest. */
const HOME_MEETINGS = 3;
const HOME_NOTIFICATIONS = 5;
const HOME_PAYMENTS = 12;

/** The caller as an expected attendee: their member record in the register, or null. */
async function attendeeOf(db: DbOrTx, ctx: RequestContext) {
  const link = await repo.link(db, ctx.actor.userId, ctx.today);
  if (!link?.memberId || link.orgId === null) return { link, attendee: null };
  // A member who left or died keeps their account for the record, but no meeting is theirs now.
  if (link.status === 'left' || link.status === 'deceased') return { link, attendee: null };
  const attendee: repo.Attendee = { memberId: link.memberId, orgId: link.orgId, groupId: link.groupId };
  return { link, attendee };
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.findMeeting>>>;

const EDITABLE = new Set(['draft', 'returned']);

function toMeeting(r: Row, now: Date): MyMeetingDto {
  const kind = r.kind as RecordedMeetingKind;
  return {
    id: r.id,
    kind,
    kindLabel: MEETING_KIND_LABELS[kind],
    title: meetingService.titleOf(r),
    orgName: r.orgName,
    groupName: r.groupName,
    heldOn: r.heldOn,
    startsAt: r.startsAt.toISOString(),
    startTime: meetingService.shanghaiTime(r.startsAt),
    endTime: r.endsAt ? meetingService.shanghaiTime(r.endsAt) : null,
    place: r.place,
    agenda: r.agenda,
    topic: kind === 'party_lecture' ? r.topic : null,
    lecturerName: kind === 'party_lecture' ? r.lecturerName : null,
    response:
      r.response && r.respondedAt
        ? {
            response: r.response as 'attend' | 'leave',
            reason: r.reason,
            respondedAt: r.respondedAt.toISOString(),
          }
        : null,
    attendance: (r.attendance as AttendeeDto['attendance'] | null) ?? null,
    canRespond: r.startsAt.getTime() > now.getTime() && EDITABLE.has(r.status),
  };
}

// ---------------------------------------------------------------------------------------------
// The home

/**
 * Every section in one call, in one statement for a linked member (`repo.homeRead`: the link and
 * 组织关系, the next meetings and their count, the year's attendance, the dues reads, the unread
 * notifications), plus the case for a probationary member or an applicant (1). A month of this year
 * the ledger does not hold yet (the daily job makes the current one) is made by the dues module's
 * own 我的党费 read, which the home then takes instead (rare: a few statements more, once).
 */
export async function home(db: Db, ctx: RequestContext): Promise<MyHomeDto> {
  const year = Number(ctx.today.slice(0, 4));
  const current = monthOf(ctx.today as IsoDate);
  const wantsDues = ctx.actor.can('dues.read');
  const read = await repo.homeRead(db, {
    userId: ctx.actor.userId,
    today: ctx.today,
    now: ctx.now,
    meetings: HOME_MEETINGS,
    yearFrom: `${year}-01-01`,
    yearTo: `${year}-12-31`,
    notifications: HOME_NOTIFICATIONS,
    dues: wantsDues
      ? {
          // 我的党费's months for this year, up to the current one.
          ensureFrom: `${year}-01-01`,
          ensureTo: firstDay(current),
          paymentsFrom: firstDay(addMonthsTo(current, -23)),
          paymentsTo: firstDay(addMonthsTo(current, 1)),
          limit: HOME_PAYMENTS,
        }
      : null,
  });
  // The row carries the link's columns (`repo.link`): the sections below read them as before.
  const link = read;
  const memberId = link?.memberId ?? null;

  let meetings: MyHomeDto['meetings'] = { upcoming: [], total: 0 };
  let attendance: MyHomeDto['attendance'] = null;
  if (read?.attendee) {
    meetings = {
      upcoming: read.meetings.map((r) => toMeeting(repo.toMeetingRow(r), ctx.now)),
      total: read.meetingTotal,
    };
    attendance = { year, ...read.attendance };
  }

  let dues: MyHomeDto['dues'] = null;
  if (memberId && wantsDues && read) {
    if (read.ledgerMissing) dues = await duesOf(db, ctx, memberId);
    else {
      const rules = await loadRules(db);
      const months = (read.ledger ?? []).map((r) => ({
        month: monthOf(r.month as IsoDate),
        expectedFen: r.expectedFen,
        paidFen: r.paidFen,
      }));
      const state = duesStanding(
        months,
        current,
        rules,
        read.excusedThrough ? monthOf(read.excusedThrough as IsoDate) : null,
      );
      const now = (read.ledger ?? []).find((r) => monthOf(r.month as IsoDate) === current);
      dues = {
        currentMonth: now
          ? {
              month: current,
              expectedFen: now.expectedFen,
              paidFen: now.paidFen,
              balanceFen: Math.max(0, (now.expectedFen ?? 0) - now.paidFen),
              status: now.status,
            }
          : null,
        arrearsFen: state.arrearsFen,
        owedMonths: state.owedMonths,
        history: (read.payments ?? []).map((p) => ({
          id: p.id,
          month: p.month.slice(0, 7),
          amountFen: p.amountFen,
          paidOn: p.paidOn,
          kind: p.kind,
          method: p.method,
        })),
      };
    }
  }

  // A probationary member follows their own case to 转正; an applicant's account follows its case.
  let development: MyHomeDto['development'] = null;
  const by = link?.caseId
    ? { caseId: link.caseId }
    : memberId && link?.category === 'probationary'
      ? { memberId }
      : null;
  if (by) {
    const c = await developmentService.ownCase(db, by, ctx.today as IsoDate);
    if (c && c.status === 'active') {
      development = {
        caseId: c.id,
        stage: c.stage,
        stageLabel: PERSON_STAGE_LABELS[c.stage as keyof typeof PERSON_STAGE_LABELS] ?? c.stage,
        nextTitle: c.nextTitle,
        nextDueOn: c.nextDueOn,
        nextEarliestOn: c.nextEarliestOn,
        overdue: c.overdue,
      };
    }
  }

  // As the notifications module lists them (`listFor`, unread, the first page).
  const n = {
    unread: read?.unread ?? 0,
    data: (read?.notifications ?? []).map((x) => ({
      ...x,
      createdAt: new Date(x.createdAt).toISOString(),
      readAt: x.readAt ? new Date(x.readAt).toISOString() : null,
    })),
  };

  let politicalBirthdayDto: MyHomeDto['politicalBirthday'] = null;
  if (link?.joinedOn) {
    const b = politicalBirthday(link.joinedOn as IsoDate, ctx.today as IsoDate);
    if (b) {
      politicalBirthdayDto = {
        joinedOn: link.joinedOn,
        confirmedOn: link.confirmedOn,
        next: b.next,
        daysUntil: b.daysUntil,
        years: b.years,
        // 党龄从预备期满转为正式党员之日算起 (党章第七条): none while probationary.
        partyAge:
          link.category === 'full'
            ? partyAgeOn(link.confirmedOn as IsoDate | null, ctx.today as IsoDate)
            : null,
      };
    }
  }

  const relation: MyHomeDto['relation'] =
    link?.memberId && link.orgId !== null && link.orgName
      ? {
          orgId: link.orgId,
          orgName: link.orgName,
          pathNames: link.pathNames ?? [link.orgName],
          secretaryName: link.secretaryName,
          groupName: link.groupName,
          transfer:
            link.transferTo && link.transferOn && link.transferStatus
              ? { toOrgName: link.transferTo, requestedOn: link.transferOn, status: link.transferStatus }
              : null,
        }
      : null;

  return {
    member:
      link?.memberId && link.name && link.category
        ? { memberId: link.memberId, name: link.name, category: link.category }
        : null,
    displayName: link?.displayName ?? ctx.actor.displayName,
    meetings,
    attendance,
    dues,
    development,
    notifications: { unread: n.unread, latest: n.data },
    politicalBirthday: politicalBirthdayDto,
    relation,
  };
}

/**
 * The dues section: the dues module's own 我的党费 read (the standing the collection sheet and the
 * arrears list compute with the same function), and the member's last payments over two years.
 */
async function duesOf(db: Db, ctx: RequestContext, memberId: number): Promise<MyHomeDto['dues']> {
  const d = await duesService.memberDues(db, ctx, memberId, undefined);
  const current = monthOf(ctx.today as IsoDate);
  const payments = await paymentsOfMember(db, memberId, addMonthsTo(current, -23), addMonthsTo(current, 1));
  const history = payments
    .filter((p) => !p.voidedAt)
    .sort((a, b) => (a.paidOn === b.paidOn ? b.id - a.id : a.paidOn < b.paidOn ? 1 : -1))
    .slice(0, HOME_PAYMENTS)
    .map((p) => ({
      id: p.id,
      month: p.month.slice(0, 7),
      amountFen: p.amountFen,
      paidOn: p.paidOn,
      kind: p.kind,
      method: p.method,
    }));
  return {
    currentMonth: d.currentMonth,
    arrearsFen: d.arrears.arrearsFen,
    owedMonths: d.arrears.owedMonths,
    history,
  };
}

// ---------------------------------------------------------------------------------------------
// Meetings

export async function meetings(db: Db, ctx: RequestContext, q: z.infer<typeof myMeetingsQuery>) {
  const { attendee } = await attendeeOf(db, ctx);
  if (!attendee) return { data: [], total: 0 };
  const r = await repo.meetingsOf(db, attendee, q.scope, ctx.now, q.pageSize, (q.current - 1) * q.pageSize);
  return { data: r.rows.map((row) => toMeeting(row, ctx.now)), total: r.total };
}

export async function meeting(db: DbOrTx, ctx: RequestContext, id: number) {
  const { attendee } = await attendeeOf(db, ctx);
  const row = attendee ? await repo.findMeeting(db, attendee, id) : null;
  if (!row) throw notFound(MEETING);
  return toMeeting(row, ctx.now);
}

/** The meeting for a response: the member's (404 otherwise), locked, not started, record open. */
async function forResponse(tx: DbOrTx, ctx: RequestContext, id: number) {
  const { link, attendee } = await attendeeOf(tx, ctx);
  if (!attendee || !link) throw notFound(MEETING);
  await repo.lockMeeting(tx, id);
  const row = await repo.findMeeting(tx, attendee, id);
  if (!row) throw notFound(MEETING);
  if (row.startsAt.getTime() <= ctx.now.getTime()) throw new AppError('MY_MEETING_STARTED');
  if (!EDITABLE.has(row.status)) throw new AppError('MY_MEETING_RECORD_LOCKED');
  return { row, attendee, name: link.name ?? ctx.actor.displayName };
}

/**
 * 参加 or 请假. A leave, in the same transaction, pre-fills the member's row of the grid as excused
 * with the reason (unless the row already says present: a sign-in or the secretary's mark is a
 * fact, not to be overwritten by a plan), and tells the branch's secretaries. An attend after a
 * leave undoes the pre-fill the way a withdrawal does. The secretary's later save of the grid wins.
 */
export async function respond(
  db: Db,
  ctx: RequestContext,
  id: number,
  body: z.infer<typeof meetingResponseBody>,
) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const { row, attendee, name } = await forResponse(tx, ctx, id);
    const reason = body.response === 'leave' ? body.reason?.trim() || null : null;
    if (body.response === 'leave' && !reason) {
      throw fieldErrors([{ field: 'reason', message: '请假原因：请填写请假原因' }]);
    }
    const before = row.response ? { response: row.response, reason: row.reason } : null;
    await repo.upsertResponse(tx, {
      meetingId: id,
      memberId: attendee.memberId,
      response: body.response,
      reason,
      userId: ctx.actor.userId,
      at: ctx.now,
    });
    if (row.attendance !== null) {
      if (reason && row.attendance !== 'present') {
        await repo.setAttendance(tx, id, attendee.memberId, 'excused', reason);
      } else if (!reason) {
        await undoPrefill(tx, row, attendee.memberId);
      }
    }
    await writeAudit(tx, ctx, {
      action: 'my.meeting_response',
      entity: 'meeting',
      entityId: id,
      orgPath: row.orgPath,
      before,
      after: { response: body.response, reason },
    });
    // A returned record counts for compliance as it stands (meetings' patch does the same).
    if (row.status !== 'draft') tx.touch('orglife', [row.orgId]);
    if (reason) {
      const secretaries = await repo.secretaryUsers(tx, row.orgId);
      const title = meetingService.titleOf(row);
      await notify(
        tx,
        secretaries
          .filter((u) => u !== ctx.actor.userId)
          .map((userId) => ({
            userId,
            kind: 'meeting.leave',
            title: `${name} 请假：${reason}`,
            body: `${title}（${meetingService.shanghaiStamp(row.startsAt)}）`,
            link: `/meetings/${id}`,
            orgId: row.orgId,
            dedupeKey: `meeting.leave:${id}:${attendee.memberId}:${ctx.now.getTime()}`,
          })),
      );
    }
    const after = await repo.findMeeting(tx, attendee, id);
    return toMeeting(after as Row, ctx.now);
  });
}

/** Back to absent, only when the row is still the excused the leave pre-filled (same reason). */
async function undoPrefill(tx: DbOrTx, row: Row, memberId: number) {
  if (
    row.response === 'leave' &&
    row.attendance === 'excused' &&
    (row.attendanceReason ?? null) === (row.reason ?? null)
  ) {
    await repo.setAttendance(tx, row.id, memberId, 'absent', null);
  }
}

/** Withdraws the member's answer (nothing to withdraw: the meeting as it stands). */
export async function withdraw(db: Db, ctx: RequestContext, id: number) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const { row, attendee } = await forResponse(tx, ctx, id);
    if (row.response) {
      await repo.deleteResponse(tx, id, attendee.memberId);
      if (row.attendance !== null) await undoPrefill(tx, row, attendee.memberId);
      await writeAudit(tx, ctx, {
        action: 'my.meeting_response',
        entity: 'meeting',
        entityId: id,
        orgPath: row.orgPath,
        before: { response: row.response, reason: row.reason },
        after: null,
      });
      if (row.status !== 'draft') tx.touch('orglife', [row.orgId]);
    }
    const after = await repo.findMeeting(tx, attendee, id);
    return toMeeting(after as Row, ctx.now);
  });
}
