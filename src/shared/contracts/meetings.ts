import { z } from 'zod';
import { idParam, isoDate, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute, fileResponse } from './route.js';

/** Kinds a meeting record can have (谈心谈话 are recorded separately as heart talks). */
export const RECORDED_MEETING_KINDS = [
  'general_meeting',
  'committee_meeting',
  'group_meeting',
  'party_lecture',
  'theme_day',
  'life_meeting',
  'member_review',
] as const;
export type RecordedMeetingKind = (typeof RECORDED_MEETING_KINDS)[number];

export const MEETING_STATUSES = ['draft', 'submitted', 'reviewed', 'returned'] as const;
export const MEETING_STATUS_LABELS: Record<(typeof MEETING_STATUSES)[number], string> = {
  draft: '草稿',
  submitted: '已提交',
  reviewed: '已审核',
  returned: '已退回',
};

export const ATTENDANCE_VALUES = ['present', 'excused', 'absent'] as const;
export const ATTENDANCE_LABELS: Record<(typeof ATTENDANCE_VALUES)[number], string> = {
  present: '出席',
  excused: '请假',
  absent: '缺席',
};

/** "HH:MM" local (Asia/Shanghai) time of day. */
export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

export const attendeeInput = z.object({
  memberId: z.number().int().positive().max(MAX_ID),
  attendance: z.enum(ATTENDANCE_VALUES),
  reason: z.string().trim().max(100).optional(),
});

export const voteInput = z.object({
  subject: z.string().trim().min(2, '请填写表决事项').max(200),
  forVotes: z.number().int().min(0).max(100_000),
  against: z.number().int().min(0).max(100_000),
  abstain: z.number().int().min(0).max(100_000),
});

/** The editable fields, without defaults: a PATCH must not reset what it does not mention. */
const editableFields = {
  /**
   * Empty, null or left out: the default for the kind and date (2026年12月主题党日), which follows the
   * kind and date from then on (src/domain/orglife/titles.ts). A title in that very form counts as
   * a default too.
   */
  title: z
    .string()
    .trim()
    .max(100)
    .refine((s) => s === '' || s.length >= 2, '至少填写2个字，或留空使用默认名称')
    .nullable(),
  heldOn: isoDate,
  startTime: timeOfDay,
  endTime: timeOfDay.nullable().optional(),
  place: z.string().trim().max(100),
  hostName: z.string().trim().max(30),
  recorderName: z.string().trim().max(30),
  /** Lectures: the lecturer, by member record when a member of the org, else by name. */
  lecturerMemberId: z.number().int().positive().max(MAX_ID).nullable().optional(),
  lecturerName: z.string().trim().max(30).nullable().optional(),
  topic: z.string().trim().max(200).nullable().optional(),
  agenda: z.string().max(5000),
  minutes: z.string().max(50000),
  decisions: z.string().max(10000),
  /** Omitted: every expected attendee is recorded absent until marked (on PATCH: kept as they are). */
  attendees: z.array(attendeeInput).max(2000).optional(),
  votes: z.array(voteInput).max(50).optional(),
};

const meetingFields = {
  ...editableFields,
  title: editableFields.title.optional(),
  place: editableFields.place.default(''),
  hostName: editableFields.hostName.default(''),
  recorderName: editableFields.recorderName.default(''),
  agenda: editableFields.agenda.default(''),
  minutes: editableFields.minutes.default(''),
  decisions: editableFields.decisions.default(''),
};

export const meetingCreateBody = z.object({
  orgId: z.number().int().positive().max(MAX_ID),
  kind: z.enum(RECORDED_MEETING_KINDS),
  /** Group meetings: the party group (an org of kind party_group under the branch). */
  groupId: z.number().int().positive().max(MAX_ID).nullable().optional(),
  ...meetingFields,
});

export const meetingPatchBody = z.object(editableFields).partial();

export const meetingReviewBody = z.object({
  decision: z.enum(['approve', 'return']),
  comment: z.string().trim().max(500).optional(),
});

export const meetingListQuery = z.object({
  /** The subtree of this org (default: every org in scope). */
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  kind: z.enum(RECORDED_MEETING_KINDS).optional(),
  status: z.enum(MEETING_STATUSES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...pageQuery,
});

/** A member's answer to a planned meeting from their phone (我的会议): 参加, or 请假 with a reason. */
export const MEETING_RESPONSES = ['attend', 'leave'] as const;
export type MeetingResponse = (typeof MEETING_RESPONSES)[number];
export const MEETING_RESPONSE_LABELS: Record<MeetingResponse, string> = { attend: '参加', leave: '请假' };

export const meetingResponseDto = z.object({
  response: z.enum(MEETING_RESPONSES),
  reason: z.string().nullable(),
  respondedAt: z.string(),
});
export type MeetingResponseDto = z.infer<typeof meetingResponseDto>;

export const attendeeDto = z.object({
  memberId: z.number(),
  name: z.string(),
  category: z.string(),
  attendance: z.enum(ATTENDANCE_VALUES),
  reason: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  /**
   * A check-in scanned without signal and sent later (decision 0042): `checkedInAt` is the scan,
   * this is when it reached the server. Null for a check-in sent at once and for the grid's marks.
   */
  checkinReceivedAt: z.string().nullable(),
  /** Probationary members attend but do not vote. */
  votes: z.boolean(),
  /**
   * What the member answered from their phone before the meeting (请假 with its reason, or 参加),
   * shown next to their row; a leave pre-filled the row as excused, the secretary's grid decides.
   */
  response: meetingResponseDto.nullable().optional(),
});
export type AttendeeDto = z.infer<typeof attendeeDto>;

export const voteDto = z.object({
  subject: z.string(),
  forVotes: z.number(),
  against: z.number(),
  abstain: z.number(),
  expectedVoting: z.number(),
  presentVoting: z.number(),
  quorumMet: z.boolean(),
  passed: z.boolean(),
  /** Chinese explanation of the quorum / pass arithmetic. */
  explanation: z.string(),
});

export const attachmentDto = z.object({
  id: z.number(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number(),
  createdAt: z.string(),
});

export const meetingSummaryDto = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  kind: z.enum(RECORDED_MEETING_KINDS),
  groupId: z.number().nullable(),
  groupName: z.string().nullable(),
  title: z.string(),
  heldOn: z.string(),
  startsAt: z.string(),
  status: z.enum(MEETING_STATUSES),
  expected: z.number(),
  present: z.number(),
});
export type MeetingSummaryDto = z.infer<typeof meetingSummaryDto>;

export const meetingDto = meetingSummaryDto.extend({
  orgPath: z.string(),
  startTime: z.string(),
  endTime: z.string().nullable(),
  place: z.string(),
  hostName: z.string(),
  recorderName: z.string(),
  lecturerMemberId: z.number().nullable(),
  lecturerName: z.string().nullable(),
  bySecretary: z.boolean(),
  topic: z.string().nullable(),
  agenda: z.string(),
  minutes: z.string(),
  decisions: z.string(),
  attendees: z.array(attendeeDto),
  votes: z.array(voteDto),
  attachments: z.array(attachmentDto),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewComment: z.string().nullable(),
  /** What the caller may do now. */
  abilities: z.object({
    edit: z.boolean(),
    submit: z.boolean(),
    review: z.boolean(),
    checkin: z.boolean(),
  }),
});
export type MeetingDto = z.infer<typeof meetingDto>;

/** The attendee list a new meeting would get: the org's (or group's) members on that date. */
export const expectedAttendeesQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID),
  heldOn: isoDate,
  kind: z.enum(RECORDED_MEETING_KINDS),
  groupId: z.coerce.number().int().positive().max(MAX_ID).optional(),
});

/** A sign-in code of a meeting as its secretary sees it: never the code itself, which is not stored. */
export const checkinCodeDto = z.object({
  /** The SHA-256 of the code (what is stored); names the code for revoking it. */
  id: z.string(),
  /** The first characters of `id`, printed under the QR code to tell sheets and slides apart. */
  label: z.string(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  expiresAt: z.string(),
});
export type CheckinCodeDto = z.infer<typeof checkinCodeDto>;

/** A new code: the code itself is in this answer only. */
export const checkinTokenDto = checkinCodeDto.extend({
  token: z.string(),
  meetingId: z.number(),
  /** The path (relative to the site) a phone opens: /checkin?m=<id>&t=<token>. */
  url: z.string(),
});
export type CheckinTokenDto = z.infer<typeof checkinTokenDto>;

export const checkinTokenParams = z.object({
  id: z.coerce.number().int().positive().max(MAX_ID),
  tokenId: z.string().regex(/^[0-9a-f]{64}$/, '签到码编号格式不正确'),
});

export const checkinBody = z.object({
  meetingId: z.number().int().positive().max(MAX_ID),
  token: z.string().min(10).max(200),
  /**
   * Sent only by a check-in the phone queued while offline: when the code was scanned, by the
   * phone's clock. Accepted only within the code's validity and the grace after it (decision 0042).
   */
  scannedAt: z.iso.datetime({ offset: true, message: '扫码时间格式不正确' }).optional(),
});

/** What a sign-in code shows of its meeting, before and after login: no member data. */
export const checkinMeetingDto = z.object({
  meetingId: z.number(),
  title: z.string(),
  orgName: z.string(),
  heldOn: z.string(),
  /** HH:MM, Asia/Shanghai. */
  startTime: z.string(),
  endTime: z.string().nullable(),
});
export type CheckinMeetingDto = z.infer<typeof checkinMeetingDto>;

export const CHECKIN_CODE_STATES = ['open', 'not_yet', 'closed', 'expired', 'revoked', 'unknown'] as const;
export type CheckinCodeState = (typeof CHECKIN_CODE_STATES)[number];

/**
 * What a code is good for now (the public check-in page asks before login): `open` signs in;
 * `not_yet` before the meeting day; `closed` once the record is submitted; `expired`; `revoked` by
 * the secretary; `unknown` (never issued, or issued for another meeting). The meeting is shown for
 * a code that was issued for it and not revoked.
 */
export const checkinPreviewDto = z.object({
  state: z.enum(CHECKIN_CODE_STATES),
  /** Chinese, for the page. */
  message: z.string(),
  expiresAt: z.string().nullable(),
  meeting: checkinMeetingDto.nullable(),
});
export type CheckinPreviewDto = z.infer<typeof checkinPreviewDto>;

export const checkinResultDto = checkinMeetingDto.extend({
  memberName: z.string(),
  checkedInAt: z.string(),
  /** True when the member had already signed in: a second scan changes nothing. */
  already: z.boolean(),
});
export type CheckinResultDto = z.infer<typeof checkinResultDto>;

export const heartTalkCreateBody = z.object({
  orgId: z.number().int().positive().max(MAX_ID),
  memberId: z.number().int().positive().max(MAX_ID),
  talkerMemberId: z.number().int().positive().max(MAX_ID),
  talkedOn: isoDate,
  summary: z.string().trim().min(5, '请填写谈话要点（至少5个字）').max(2000),
});

export const heartTalkDto = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  memberId: z.number(),
  memberName: z.string(),
  talkerMemberId: z.number(),
  talkerName: z.string(),
  talkedOn: z.string(),
  summary: z.string(),
});
export type HeartTalkDto = z.infer<typeof heartTalkDto>;

export const heartTalkListQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  memberId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  ...pageQuery,
});

// ---- errors ---------------------------------------------------------------------------------

/** The meetings area's error codes (`MEETINGS_…`): stable, each with its status and Chinese message. */
export const MEETINGS_ERRORS = {
  MEETINGS_RECORD_LOCKED: { status: 409, message: '已提交的会议记录不能修改' },
  MEETINGS_NOT_DRAFT: { status: 409, message: '只能删除草稿；已提交的会议记录不能删除' },
  MEETINGS_ALREADY_SUBMITTED: { status: 409, message: '该会议记录已提交，不能重复提交' },
  MEETINGS_NOT_SUBMITTED: { status: 409, message: '只能审核已提交的会议记录' },
  MEETINGS_TOO_MANY_ATTACHMENTS: { status: 409, message: '会议附件数量已达上限' },
  MEETINGS_CHECKIN_CLOSED: { status: 409, message: '会议记录已提交，不能再签到或生成签到码' },
  MEETINGS_CHECKIN_DAY_PASSED: { status: 409, message: '会议日期已过，不能再生成签到码' },
  MEETINGS_CHECKIN_NOT_YET: { status: 409, message: '会议当天才能签到' },
  MEETINGS_CHECKIN_CODE_REVOKED: { status: 409, message: '该签到码已撤销' },
  MEETINGS_CHECKIN_CODE_EXPIRED: { status: 409, message: '该签到码已过期' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const attachmentParams = z.object({
  id: z.coerce.number().int().positive().max(MAX_ID),
  attachmentId: z.coerce.number().int().positive().max(MAX_ID),
});

/** What a delete answers: the id of the row that went. */
export const deletedDto = z.object({ id: z.number() });

/** The error body of an upload refused for its size (the route answers it itself). */
const tooLargeBody = z.object({
  code: z.literal('VALIDATION'),
  message: z.string(),
  details: z.array(z.object({ field: z.string(), message: z.string() })),
  requestId: z.string(),
});

const tag = 'meetings';

export const meetingsApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/meetings',
    permission: 'orglife.read',
    tag,
    summary: '会议记录（三会一课等），按会议日期倒序',
    query: meetingListQuery,
    responses: { 200: page(meetingSummaryDto) },
  }),
  expectedAttendees: defineRoute({
    method: 'GET',
    path: '/api/meetings/expected-attendees',
    permission: 'orglife.write',
    tag,
    summary: '应到人员（按会议类型与日期）',
    query: expectedAttendeesQuery,
    responses: { 200: z.array(attendeeDto) },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/meetings',
    permission: 'orglife.write',
    tag,
    summary: '新建会议记录（草稿）',
    body: meetingCreateBody,
    responses: { 201: meetingDto },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/meetings/:id',
    permission: 'orglife.read',
    tag,
    summary: '会议记录详情',
    params: idParam,
    responses: { 200: meetingDto },
  }),
  patch: defineRoute({
    method: 'PATCH',
    path: '/api/meetings/:id',
    permission: 'orglife.write',
    tag,
    summary: '修改会议记录（草稿或被退回的）',
    params: idParam,
    body: meetingPatchBody,
    responses: { 200: meetingDto },
    errors: ['MEETINGS_RECORD_LOCKED'],
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/meetings/:id',
    permission: 'orglife.write',
    tag,
    summary: '删除会议记录（仅草稿）',
    params: idParam,
    responses: { 200: deletedDto },
    errors: ['MEETINGS_NOT_DRAFT'],
  }),
  submit: defineRoute({
    method: 'POST',
    path: '/api/meetings/:id/submit',
    permission: 'orglife.write',
    tag,
    summary: '提交会议记录（报上级审核）',
    params: idParam,
    responses: { 200: meetingDto },
    errors: ['MEETINGS_ALREADY_SUBMITTED'],
  }),
  review: defineRoute({
    method: 'POST',
    path: '/api/meetings/:id/review',
    permission: 'orglife.review',
    tag,
    summary: '审核会议记录（上级党组织：通过或退回）',
    params: idParam,
    body: meetingReviewBody,
    responses: { 200: meetingDto },
    errors: ['MEETINGS_NOT_SUBMITTED'],
  }),
  uploadAttachment: defineRoute({
    method: 'POST',
    path: '/api/meetings/:id/attachments',
    permission: 'orglife.write',
    tag,
    summary: '上传附件（每次一个文件，不超过10MB）',
    params: idParam,
    /** The multipart form: one part, `file` (the web sends it as FormData). */
    body: z.object({ file: z.unknown() }),
    multipart: true,
    responses: { 201: attachmentDto, 413: tooLargeBody },
    errors: ['MEETINGS_RECORD_LOCKED', 'MEETINGS_TOO_MANY_ATTACHMENTS'],
  }),
  downloadAttachment: defineRoute({
    method: 'GET',
    path: '/api/meetings/:id/attachments/:attachmentId',
    permission: 'orglife.read',
    tag,
    summary: '下载附件',
    params: attachmentParams,
    responses: { 200: fileResponse('附件文件（图片、PDF或Office文档）', '*') },
  }),
  deleteAttachment: defineRoute({
    method: 'DELETE',
    path: '/api/meetings/:id/attachments/:attachmentId',
    permission: 'orglife.write',
    tag,
    summary: '删除附件（草稿或被退回的会议）',
    params: attachmentParams,
    responses: { 200: deletedDto },
    errors: ['MEETINGS_RECORD_LOCKED'],
  }),
  createCheckinToken: defineRoute({
    method: 'POST',
    path: '/api/meetings/:id/checkin-token',
    permission: 'orglife.write',
    tag,
    summary: '生成签到二维码（会议当天及以前可生成；此前生成的仍然有效）',
    params: idParam,
    responses: { 200: checkinTokenDto },
    errors: ['MEETINGS_CHECKIN_CLOSED', 'MEETINGS_CHECKIN_DAY_PASSED'],
  }),
  checkinTokens: defineRoute({
    method: 'GET',
    path: '/api/meetings/:id/checkin-tokens',
    permission: 'orglife.write',
    tag,
    summary: '仍然有效的签到码（不含签到码本身）',
    params: idParam,
    responses: { 200: z.array(checkinCodeDto) },
  }),
  revokeCheckinToken: defineRoute({
    method: 'DELETE',
    path: '/api/meetings/:id/checkin-tokens/:tokenId',
    permission: 'orglife.write',
    tag,
    summary: '撤销一个签到码（其他签到码仍然有效）',
    params: checkinTokenParams,
    responses: { 200: checkinCodeDto },
    errors: ['MEETINGS_CHECKIN_CODE_REVOKED', 'MEETINGS_CHECKIN_CODE_EXPIRED'],
  }),
  // Public: the code is the credential for the meeting's name, org and time, shown before login.
  // POST keeps the code out of URLs and access logs.
  checkinPreview: defineRoute({
    method: 'POST',
    path: '/api/checkin/preview',
    permission: 'public',
    tag,
    summary: '查看签到码对应的会议（无需登录）',
    body: checkinBody,
    responses: { 200: checkinPreviewDto },
  }),
  checkin: defineRoute({
    method: 'POST',
    path: '/api/checkin',
    permission: 'authenticated',
    tag,
    summary: '扫码签到（党员本人）',
    body: checkinBody,
    responses: { 200: checkinResultDto },
    errors: ['MEETINGS_CHECKIN_CLOSED', 'MEETINGS_CHECKIN_NOT_YET'],
  }),
  heartTalks: defineRoute({
    method: 'GET',
    path: '/api/heart-talks',
    permission: 'orglife.read',
    tag,
    summary: '谈心谈话记录',
    query: heartTalkListQuery,
    responses: { 200: page(heartTalkDto) },
  }),
  heartTalk: defineRoute({
    method: 'GET',
    path: '/api/heart-talks/:id',
    permission: 'orglife.read',
    tag,
    summary: '谈心谈话记录详情',
    params: idParam,
    responses: { 200: heartTalkDto },
  }),
  createHeartTalk: defineRoute({
    method: 'POST',
    path: '/api/heart-talks',
    permission: 'orglife.write',
    tag,
    summary: '登记谈心谈话',
    body: heartTalkCreateBody,
    responses: { 201: heartTalkDto },
  }),
  deleteHeartTalk: defineRoute({
    method: 'DELETE',
    path: '/api/heart-talks/:id',
    permission: 'orglife.write',
    tag,
    summary: '删除谈心谈话记录',
    params: idParam,
    responses: { 200: deletedDto },
  }),
} satisfies ContractGroup;
