/**
 * The member's own app (我的, issue #19): one home read with everything that concerns the member
 * now, their branch's and group's meetings, and 参加 / 请假 for a meeting not yet started. Every
 * route is 'authenticated': it reaches only the caller's own link (`users.member_id`, or
 * `users.development_case_id` for an applicant whose account follows a case), never an id from
 * the request except a meeting's, which must be of the member's branch or party group (else 404).
 */
import { z } from 'zod';
import { idParam, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import {
  ATTENDANCE_VALUES,
  MEETING_RESPONSES,
  meetingResponseDto,
  RECORDED_MEETING_KINDS,
} from './meetings.js';
import { notificationDto } from './notifications.js';
import { type ContractGroup, defineRoute } from './route.js';

export { MEETING_RESPONSE_LABELS, MEETING_RESPONSES, type MeetingResponse } from './meetings.js';

/** The reasons the leave sheet offers with one tap; anything else is typed. */
export const LEAVE_REASON_PRESETS = ['因公出差', '生病', '家中有事'] as const;

/** A meeting as its expected attendee sees it: when, where, what, and their own answer. */
export const myMeetingDto = z.object({
  id: z.number(),
  kind: z.enum(RECORDED_MEETING_KINDS),
  /** 支部党员大会, 党小组会, … */
  kindLabel: z.string(),
  title: z.string(),
  orgName: z.string(),
  groupName: z.string().nullable(),
  heldOn: z.string(),
  startsAt: z.string(),
  /** HH:MM, Asia/Shanghai. */
  startTime: z.string(),
  endTime: z.string().nullable(),
  place: z.string(),
  agenda: z.string(),
  /** A lecture's topic and lecturer (党课), else null. */
  topic: z.string().nullable(),
  lecturerName: z.string().nullable(),
  response: meetingResponseDto.nullable(),
  /** The member's row of the attendance grid, when they are on it (past meetings: what was recorded). */
  attendance: z.enum(ATTENDANCE_VALUES).nullable(),
  /** Not yet started and its record still open: 参加 / 请假 may be sent or withdrawn. */
  canRespond: z.boolean(),
});
export type MyMeetingDto = z.infer<typeof myMeetingDto>;

export const myMeetingsQuery = z.object({
  scope: z.enum(['upcoming', 'past']).default('upcoming'),
  ...pageQuery,
});

export const meetingResponseBody = z.object({
  response: z.enum(MEETING_RESPONSES),
  /** Required for a leave (the service names the field); ignored for attend. */
  reason: z.string().trim().max(100, '请假原因：不超过100个字').optional(),
});

export const myHomeDto = z.object({
  /** The member record the account is linked to; null for an applicant or an unlinked account. */
  member: z
    .object({
      memberId: z.number(),
      name: z.string(),
      /** full | probationary */
      category: z.string(),
    })
    .nullable(),
  /** The account's display name (an applicant has no member record). */
  displayName: z.string(),
  meetings: z.object({
    /** The next few meetings (starts_at ≥ now), soonest first. */
    upcoming: z.array(myMeetingDto),
    total: z.number(),
  }),
  /** This calendar year (Asia/Shanghai), meetings not in draft where the member is on the grid. */
  attendance: z
    .object({
      year: z.number(),
      held: z.number(),
      attended: z.number(),
      excused: z.number(),
      missed: z.number(),
    })
    .nullable(),
  /** The dues module's own figures (the same as the collection sheet and the arrears list). */
  dues: z
    .object({
      currentMonth: z
        .object({
          month: z.string(),
          expectedFen: z.number().nullable(),
          paidFen: z.number(),
          balanceFen: z.number(),
          status: z.string(),
        })
        .nullable(),
      arrearsFen: z.number(),
      owedMonths: z.array(z.string()),
      /** The last payments, newest first (at most 12). */
      history: z.array(
        z.object({
          id: z.number(),
          month: z.string(),
          amountFen: z.number(),
          paidOn: z.string(),
          kind: z.string(),
          method: z.string(),
        }),
      ),
    })
    .nullable(),
  /** For a probationary member (转正) or an applicant's account: where the case stands. */
  development: z
    .object({
      caseId: z.number(),
      stage: z.string(),
      stageLabel: z.string(),
      nextTitle: z.string().nullable(),
      nextDueOn: z.string().nullable(),
      nextEarliestOn: z.string().nullable(),
      overdue: z.boolean(),
    })
    .nullable(),
  notifications: z.object({ unread: z.number(), latest: z.array(notificationDto) }),
  /** 政治生日: the anniversary of joining this year; 党龄 from 转正 (null while probationary). */
  politicalBirthday: z
    .object({
      joinedOn: z.string(),
      confirmedOn: z.string().nullable(),
      /** This year's anniversary (next year's once this year's has passed). */
      next: z.string(),
      daysUntil: z.number(),
      /** Whole years since joining at the next anniversary (入党 N 周年). */
      years: z.number(),
      partyAge: z.number().nullable(),
    })
    .nullable(),
  /** 组织关系 */
  relation: z
    .object({
      orgId: z.number(),
      orgName: z.string(),
      /** From the root down to the branch. */
      pathNames: z.array(z.string()),
      secretaryName: z.string().nullable(),
      groupName: z.string().nullable(),
      transfer: z
        .object({
          toOrgName: z.string(),
          requestedOn: z.string(),
          status: z.string(),
        })
        .nullable(),
    })
    .nullable(),
});
export type MyHomeDto = z.infer<typeof myHomeDto>;

// ---- errors ---------------------------------------------------------------------------------

/** The member app's error codes (`MY_…`): stable, each with its status and Chinese message. */
export const MY_ERRORS = {
  MY_MEETING_STARTED: {
    status: 409,
    message: '会议已开始，不能再回执或请假；如有变化请直接联系支部书记',
  },
  MY_MEETING_RECORD_LOCKED: {
    status: 409,
    message: '会议记录已提交，不能再回执或请假',
  },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const tag = 'my';

export const myApi = {
  home: defineRoute({
    method: 'GET',
    path: '/api/my/home',
    permission: 'authenticated',
    tag,
    summary: '我的首页（会议、出勤、党费、发展、消息、政治生日、组织关系）',
    responses: { 200: myHomeDto },
  }),
  meetings: defineRoute({
    method: 'GET',
    path: '/api/my/meetings',
    permission: 'authenticated',
    tag,
    summary: '我的会议（本支部及所在党小组）',
    query: myMeetingsQuery,
    responses: { 200: page(myMeetingDto) },
  }),
  meeting: defineRoute({
    method: 'GET',
    path: '/api/my/meetings/:id',
    permission: 'authenticated',
    tag,
    summary: '我的会议详情',
    params: idParam,
    responses: { 200: myMeetingDto },
  }),
  respond: defineRoute({
    method: 'PUT',
    path: '/api/my/meetings/:id/response',
    permission: 'authenticated',
    tag,
    summary: '参加或请假（会议开始前）',
    params: idParam,
    body: meetingResponseBody,
    responses: { 200: myMeetingDto },
    errors: ['MY_MEETING_STARTED', 'MY_MEETING_RECORD_LOCKED'],
  }),
  withdraw: defineRoute({
    method: 'DELETE',
    path: '/api/my/meetings/:id/response',
    permission: 'authenticated',
    tag,
    summary: '撤回参加或请假（会议开始前）',
    params: idParam,
    responses: { 200: myMeetingDto },
    errors: ['MY_MEETING_STARTED', 'MY_MEETING_RECORD_LOCKED'],
  }),
} satisfies ContractGroup;
