/**
 * 学时 (issue #20, decision 0046): study sessions credited from heartbeats, external study, the
 * hours ledger. The member's routes (`/api/my/study/…`, permission learning.study) reach only the
 * caller's own member record (`users.member_id`); the org's routes (`/api/hours/…`) a subtree.
 * Time is in seconds everywhere; 学时 are shown with the year's `learning.minutesPerHour`.
 */
import { z } from 'zod';
import { BEAT_VERDICTS } from '../../domain/hours/credit.js';
import { idParam, isoDate, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute, fileResponse } from './route.js';

export { BEAT_VERDICT_LABELS, BEAT_VERDICTS, type BeatVerdict } from '../../domain/hours/credit.js';

/** 学习强国, 党校 / 院校, 其他. */
export const EXTERNAL_SOURCES = ['xuexi', 'school', 'other'] as const;
export type ExternalSource = (typeof EXTERNAL_SOURCES)[number];
export const EXTERNAL_SOURCE_LABELS: Record<ExternalSource, string> = {
  xuexi: '学习强国',
  school: '党校 / 院校',
  other: '其他',
};

export const EXTERNAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ExternalStatus = (typeof EXTERNAL_STATUSES)[number];
export const EXTERNAL_STATUS_LABELS: Record<ExternalStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
};

export const CREDIT_SOURCES = ['online', 'class', 'external'] as const;
export type CreditSource = (typeof CREDIT_SOURCES)[number];
export const CREDIT_SOURCE_LABELS: Record<CreditSource, string> = {
  online: '在线学习',
  class: '集中培训',
  external: '其他学习',
};

export const SESSION_STATUS_LABELS: Record<string, string> = {
  active: '学习中',
  ended: '已结束',
  superseded: '已被其他设备接替',
  expired: '闲置失效',
};

/** An opaque session token: what `start` answers, sent back with every beat. */
const token = z.string().trim().min(16, '会话：无效').max(64, '会话：无效');

// ---- the member's study session ---------------------------------------------------------------

export const studyStartBody = z.object({
  itemId: z.coerce.number().int().positive().max(MAX_ID),
  /** A random id the browser keeps (localStorage); stored hashed. */
  deviceId: z.string().trim().min(8, '设备标识：至少8个字符').max(64, '设备标识：不超过64个字符'),
});

export const studyBeatBody = z.object({
  token,
  seq: z.number().int().min(0).max(1_000_000),
  /** Media position in seconds (0 for a text or PDF). */
  position: z.number().min(0).max(1_000_000),
  visible: z.boolean(),
  playing: z.boolean(),
});

export const studyEndBody = z.object({
  token,
  position: z.number().min(0).max(1_000_000).default(0),
});

/** The server's figures after a start, a beat or an end: what the player shows (never its own count). */
export const studyStateDto = z.object({
  sessionId: z.number(),
  itemId: z.number(),
  /** active | ended | superseded | expired */
  status: z.string(),
  /** The beat's verdict (null for a start or an end). */
  verdict: z.enum(BEAT_VERDICTS).nullable(),
  verdictLabel: z.string().nullable(),
  /** Seconds this beat credited. */
  credited: z.number(),
  /** Seconds credited in this session, for this item in all, and today for every item. */
  sessionSeconds: z.number(),
  itemSeconds: z.number(),
  todaySeconds: z.number(),
  lengthSeconds: z.number(),
  dailyCapSeconds: z.number(),
  /** Furthest point of the media reached by credited play: the player resumes there and never seeks past it. */
  reached: z.number(),
  /** The interval the client must keep between beats (learning.heartbeatSeconds). */
  heartbeatSeconds: z.number(),
  /** The next beat's sequence number. */
  nextSeq: z.number(),
});
export type StudyStateDto = z.infer<typeof studyStateDto>;

export const studyStartDto = studyStateDto.extend({ token: z.string() });
export type StudyStartDto = z.infer<typeof studyStartDto>;

/** Per item the member has studied: credited seconds and the point reached (the study list's 已学 x/y). */
export const myItemProgressDto = z.object({
  itemId: z.number(),
  seconds: z.number(),
  reached: z.number(),
  lastStudiedAt: z.string().nullable(),
});

// ---- the ledger --------------------------------------------------------------------------------

export const creditDto = z.object({
  id: z.number(),
  source: z.enum(CREDIT_SOURCES),
  sourceId: z.number(),
  /** The item's, class's or external record's title. */
  title: z.string(),
  creditedOn: z.string(),
  seconds: z.number(),
  orgName: z.string(),
});
export type CreditDto = z.infer<typeof creditDto>;

export const ledgerTotalsDto = z.object({
  onlineSeconds: z.number(),
  classSeconds: z.number(),
  externalSeconds: z.number(),
  totalSeconds: z.number(),
});

export const ledgerDto = z.object({
  member: z.object({ id: z.number(), name: z.string(), orgId: z.number(), orgName: z.string() }),
  year: z.number(),
  /** learning.minutesPerHour as of the year: 学时 = seconds / 60 / minutesPerHour. */
  minutesPerHour: z.number(),
  totals: ledgerTotalsDto,
  credits: z.array(creditDto),
});
export type LedgerDto = z.infer<typeof ledgerDto>;

export const yearQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const memberParams = z.object({ memberId: z.coerce.number().int().positive().max(MAX_ID) });

export const onlineTraceQuery = z.object({
  itemId: z.coerce.number().int().positive().max(MAX_ID),
  day: isoDate,
});

export const traceBeatDto = z.object({
  seq: z.number(),
  at: z.string(),
  position: z.number(),
  visible: z.boolean(),
  playing: z.boolean(),
  creditedSeconds: z.number(),
  verdict: z.string(),
  verdictLabel: z.string(),
});

export const traceSessionDto = z.object({
  id: z.number(),
  startedAt: z.string(),
  lastBeatAt: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  /** The first 8 characters of the device's hash: tells two devices apart without naming them. */
  device: z.string(),
  creditedSeconds: z.number(),
  supersededBy: z.number().nullable(),
  beats: z.array(traceBeatDto),
});

export const onlineTraceDto = z.object({
  memberId: z.number(),
  itemId: z.number(),
  itemTitle: z.string(),
  day: z.string(),
  creditedSeconds: z.number(),
  sessions: z.array(traceSessionDto),
});
export type OnlineTraceDto = z.infer<typeof onlineTraceDto>;

// ---- external study ----------------------------------------------------------------------------

export const externalDto = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  source: z.enum(EXTERNAL_SOURCES),
  title: z.string(),
  studiedOn: z.string(),
  seconds: z.number(),
  evidence: z.object({ fileName: z.string(), mimeType: z.string(), size: z.number() }).nullable(),
  status: z.enum(EXTERNAL_STATUSES),
  submittedBy: z.string().nullable(),
  /** Entered by the member themself (else by the branch or an import). */
  selfSubmitted: z.boolean(),
  submittedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  importId: z.number().nullable(),
});
export type ExternalDto = z.infer<typeof externalDto>;

const externalFields = {
  source: z.enum(EXTERNAL_SOURCES, { message: '来源：请选择学习强国、党校 / 院校或其他' }),
  title: z.string().trim().min(1, '学习内容：请填写').max(100, '学习内容：不超过100个字'),
  studiedOn: isoDate,
  /** Minutes studied (the form asks minutes; a certificate's 学时 are converted by the client). */
  minutes: z
    .number()
    .int()
    .min(1, '学习时长：至少1分钟')
    .max(24 * 60, '学习时长：不超过1440分钟'),
};

export const myExternalBody = z.object(externalFields);
export const externalCreateBody = z.object({
  memberId: z.number().int().positive().max(MAX_ID),
  ...externalFields,
});

export const externalDecisionBody = z.object({
  decision: z.enum(['approve', 'reject'], { message: '审核结果：请选择通过或不通过' }),
  note: z.string().trim().max(200, '审核意见：不超过200个字').optional(),
});

export const externalListQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  status: z.enum(EXTERNAL_STATUSES).optional(),
  memberId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  ...pageQuery,
});

export const externalImportDto = z.object({
  /** Records created (pending, each waiting for approval). */
  created: z.number(),
  errors: z.array(z.object({ row: z.number(), field: z.string(), message: z.string() })),
  ids: z.array(z.number()),
});

const deletedDto = z.object({ id: z.number() });

/** The error body of an upload refused for its size (the route answers it itself). */
const tooLargeBody = z.object({
  code: z.literal('VALIDATION'),
  message: z.string(),
  details: z.array(z.object({ field: z.string(), message: z.string() })),
  requestId: z.string(),
});

// ---- errors ---------------------------------------------------------------------------------

export const HOURS_ERRORS = {
  HOURS_NOT_A_MEMBER: { status: 403, message: '当前账号未关联党员档案，不能记录学时' },
  HOURS_BEAT_REPLAYED: { status: 409, message: '心跳序号重复或倒序，已忽略' },
  HOURS_EXTERNAL_DECIDED: { status: 409, message: '该学习记录已审核，不能再修改' },
  HOURS_SELF_APPROVAL: { status: 409, message: '不能审核自己录入的学习记录，请由支部其他负责人审核' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const tag = 'hours';
const multipartFile = z.object({ file: z.unknown() });

export const hoursApi = {
  start: defineRoute({
    method: 'POST',
    path: '/api/my/study/sessions',
    permission: 'learning.study',
    tag,
    summary: '开始学习（同一党员同时只有一个学习会话，开始新的即接替旧的）',
    body: studyStartBody,
    responses: { 201: studyStartDto },
    errors: ['HOURS_NOT_A_MEMBER'],
  }),
  beat: defineRoute({
    method: 'POST',
    path: '/api/my/study/beats',
    permission: 'learning.study',
    tag,
    summary: '学习心跳（由服务器按自己的时钟和规则计时）',
    body: studyBeatBody,
    responses: { 200: studyStateDto },
    errors: ['HOURS_NOT_A_MEMBER', 'HOURS_BEAT_REPLAYED'],
  }),
  end: defineRoute({
    method: 'POST',
    path: '/api/my/study/end',
    permission: 'learning.study',
    tag,
    summary: '结束学习',
    body: studyEndBody,
    responses: { 200: studyStateDto },
    errors: ['HOURS_NOT_A_MEMBER'],
  }),
  myItems: defineRoute({
    method: 'GET',
    path: '/api/my/study/items',
    permission: 'learning.study',
    tag,
    summary: '我学过的资料：每项已计时长与进度',
    responses: { 200: z.array(myItemProgressDto) },
  }),
  myLedger: defineRoute({
    method: 'GET',
    path: '/api/my/study/credits',
    permission: 'learning.study',
    tag,
    summary: '我的学时明细（按年，按来源）',
    query: yearQuery,
    responses: { 200: ledgerDto },
    errors: ['HOURS_NOT_A_MEMBER'],
  }),
  myExternal: defineRoute({
    method: 'GET',
    path: '/api/my/study/external',
    permission: 'learning.study',
    tag,
    summary: '我提交的其他学习记录',
    responses: { 200: z.array(externalDto) },
  }),
  mySubmitExternal: defineRoute({
    method: 'POST',
    path: '/api/my/study/external',
    permission: 'learning.study',
    tag,
    summary: '提交其他学习记录（学习强国、党校等，待支部审核）',
    body: myExternalBody,
    responses: { 201: externalDto },
    errors: ['HOURS_NOT_A_MEMBER'],
  }),
  myUploadEvidence: defineRoute({
    method: 'POST',
    path: '/api/my/study/external/:id/evidence',
    permission: 'learning.study',
    tag,
    summary: '上传学习证明（图片或PDF，不超过10MB）',
    params: idParam,
    body: multipartFile,
    multipart: true,
    responses: { 200: externalDto, 413: tooLargeBody },
    errors: ['HOURS_EXTERNAL_DECIDED'],
  }),
  myEvidence: defineRoute({
    method: 'GET',
    path: '/api/my/study/external/:id/evidence',
    permission: 'learning.study',
    tag,
    summary: '查看我的学习证明',
    params: idParam,
    responses: { 200: fileResponse('学习证明（图片或PDF）', '*') },
  }),
  myWithdrawExternal: defineRoute({
    method: 'DELETE',
    path: '/api/my/study/external/:id',
    permission: 'learning.study',
    tag,
    summary: '撤回我提交的学习记录（审核前）',
    params: idParam,
    responses: { 200: deletedDto },
    errors: ['HOURS_EXTERNAL_DECIDED'],
  }),

  externalList: defineRoute({
    method: 'GET',
    path: '/api/hours/external',
    permission: 'learning.read',
    tag,
    summary: '其他学习记录（待审核、已通过、未通过）',
    query: externalListQuery,
    responses: { 200: page(externalDto) },
  }),
  externalCreate: defineRoute({
    method: 'POST',
    path: '/api/hours/external',
    permission: 'learning.write',
    tag,
    summary: '为党员录入其他学习记录（待审核）',
    body: externalCreateBody,
    responses: { 201: externalDto },
  }),
  externalImport: defineRoute({
    method: 'POST',
    path: '/api/hours/external/import',
    permission: 'learning.write',
    tag,
    summary: '导入学习强国等学习记录（Excel，逐条待审核；工作簿留作证明）',
    body: multipartFile,
    multipart: true,
    responses: { 200: externalImportDto, 413: tooLargeBody },
  }),
  externalUploadEvidence: defineRoute({
    method: 'POST',
    path: '/api/hours/external/:id/evidence',
    permission: 'learning.write',
    tag,
    summary: '上传学习证明（图片或PDF，不超过10MB）',
    params: idParam,
    body: multipartFile,
    multipart: true,
    responses: { 200: externalDto, 413: tooLargeBody },
    errors: ['HOURS_EXTERNAL_DECIDED'],
  }),
  externalEvidence: defineRoute({
    method: 'GET',
    path: '/api/hours/external/:id/evidence',
    permission: 'learning.read',
    tag,
    summary: '查看学习证明',
    params: idParam,
    responses: { 200: fileResponse('学习证明（图片、PDF或导入的工作簿）', '*') },
  }),
  externalDecide: defineRoute({
    method: 'POST',
    path: '/api/hours/external/:id/decision',
    permission: 'learning.approve',
    tag,
    summary: '审核其他学习记录（通过即计入学时）',
    params: idParam,
    body: externalDecisionBody,
    responses: { 200: externalDto },
    errors: ['HOURS_EXTERNAL_DECIDED', 'HOURS_SELF_APPROVAL'],
  }),
  externalDelete: defineRoute({
    method: 'DELETE',
    path: '/api/hours/external/:id',
    permission: 'learning.write',
    tag,
    summary: '删除其他学习记录（已计入的学时随之扣除）',
    params: idParam,
    responses: { 200: deletedDto },
  }),
  memberLedger: defineRoute({
    method: 'GET',
    path: '/api/hours/members/:memberId/ledger',
    permission: 'learning.read',
    tag,
    summary: '党员学时明细（每条可追溯到来源）',
    params: memberParams,
    query: yearQuery,
    responses: { 200: ledgerDto },
  }),
  onlineTrace: defineRoute({
    method: 'GET',
    path: '/api/hours/members/:memberId/online',
    permission: 'learning.read',
    tag,
    summary: '在线学习计时依据（某日某资料的学习会话与心跳）',
    params: memberParams,
    query: onlineTraceQuery,
    responses: { 200: onlineTraceDto },
  }),
} satisfies ContractGroup;
