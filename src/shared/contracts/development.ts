/**
 * 发展党员 API contracts: cases, steps (append-only, corrections with a reason), documents,
 * cohorts, the pipeline board and the yearly development plan. Shared by server and web.
 *
 * Step inputs mirror `StepData` of src/domain/development/engine.ts, except that people are given
 * by member id (the server reads their category and discipline from the register) and the
 * branch's full-member count is read by the server, never sent.
 */
import { z } from 'zod';
import { CASE_STATUSES, CONFIRMATION_DECISIONS, STEP_OUTCOMES } from '../../domain/development/engine.js';
import { DEVELOPMENT_STAGES, DEVELOPMENT_STEPS } from '../../domain/development/steps.js';
import { GENDERS } from '../../domain/member/labels.js';
import { idParam, isoDate, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute, fileResponse, timestamp } from './route.js';

export const STEP_KEYS = DEVELOPMENT_STEPS.map((s) => s.key) as [string, ...string[]];
/** Case statuses and their labels live in the domain, once (the engine names them in its findings). */
export { CASE_STATUS_LABELS, CASE_STATUSES, type CaseStatusValue } from '../../domain/development/engine.js';

export const COHORT_KINDS = ['eligible_candidates', 'probation_ending', 'overdue'] as const;
export type CohortKind = (typeof COHORT_KINDS)[number];
export const COHORT_LABELS: Record<CohortKind, string> = {
  eligible_candidates: '本月可列为发展对象',
  probation_ending: '预备期即将期满',
  overdue: '逾期未办',
};

export const DISCIPLINE_KINDS = [
  'warning',
  'serious_warning',
  'removal_from_post',
  'probation_watch',
] as const;
export const DISCIPLINE_LABELS: Record<(typeof DISCIPLINE_KINDS)[number], string> = {
  warning: '警告',
  serious_warning: '严重警告',
  removal_from_post: '撤销党内职务',
  probation_watch: '留党察看',
};

/** POST /api/development/cases: opens a case with step 1 (递交入党申请书). */
export const caseCreateBody = z.object({
  /** The branch (党支部 or 联合党支部) the person applies to. */
  orgId: z.number().int().positive().max(MAX_ID),
  name: z.string().trim().min(2, '姓名：至少2个字').max(30),
  gender: z.enum(GENDERS),
  /** 18 digits; the birth date is read from it; stored encrypted, masked in every response. */
  idNumber: z.string().trim().min(18).max(18),
  phone: z.string().trim().max(20).optional(),
  /** Required: the register entry created on admission needs both (member profile rules). */
  ethnicity: z.string().trim().min(1, '民族：不能为空').max(20),
  education: z.string().trim().min(1, '学历：不能为空').max(20),
  /** 工作单位及职务 / 学校 */
  workUnit: z.string().trim().max(100).optional(),
  appliedOn: isoDate,
  note: z.string().trim().max(2000).optional(),
});
export type CaseCreateBody = z.infer<typeof caseCreateBody>;

export const caseListQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  stage: z.enum(DEVELOPMENT_STAGES).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  /** Name, pinyin or initials. */
  q: z.string().trim().max(30).optional(),
  ...pageQuery,
});

export const voteBody = z.object({
  expectedVoting: z.number().int().min(0).max(10000),
  presentVoting: z.number().int().min(0).max(10000),
  for: z.number().int().min(0).max(10000),
  against: z.number().int().min(0).max(10000),
  abstain: z.number().int().min(0).max(10000),
});

/** POST /api/development/cases/:id/steps: the next step. Which fields are required depends on the step. */
export const stepBody = z.object({
  key: z.enum(STEP_KEYS),
  on: isoDate,
  note: z.string().trim().max(5000).optional(),
  talkerName: z.string().trim().max(30).optional(),
  decidedBy: z.enum(['committee', 'general_meeting']).optional(),
  mentorIds: z.array(z.number().int().positive().max(MAX_ID)).max(5).optional(),
  sponsorIds: z.array(z.number().int().positive().max(MAX_ID)).max(5).optional(),
  notice: z.object({ from: isoDate, to: isoDate, objection: z.boolean().default(false) }).optional(),
  reviewConclusion: z.enum(['pass', 'fail']).optional(),
  training: z
    .object({
      from: isoDate,
      to: isoDate,
      hours: z.number().int().min(0).max(1000),
      organizer: z.string().trim().max(100).optional(),
    })
    .optional(),
  vote: voteBody.optional(),
  /**
   * Steps 15 and 23: why 应到 differs from the register's count of the branch's full members on the
   * meeting day (required then; see `registerOnQuery`).
   */
  expectedVotingReason: z.string().trim().max(500).optional(),
  /** Optional link to the general-meeting record of organizational life. */
  meetingId: z.number().int().positive().max(MAX_ID).optional(),
  outcome: z.enum(STEP_OUTCOMES).optional(),
  decision: z.enum(CONFIRMATION_DECISIONS).optional(),
  extensionMonths: z.number().int().min(1).max(24).optional(),
  delayReason: z.string().trim().max(500).optional(),
});
export type StepBody = z.infer<typeof stepBody>;

/** POST /api/development/cases/:id/steps/:stepId/corrections: a new version of a recorded step. */
export const stepCorrectionBody = z.object({
  on: isoDate,
  note: z.string().trim().max(5000).optional(),
  /** A vote moved to another day: why 应到 differs from the register's count of that day. */
  expectedVotingReason: z.string().trim().max(500).optional(),
  reason: z.string().trim().min(4, '更正原因：至少4个字').max(500),
});

/**
 * GET /api/development/cases/:id/register?on=: the case's branch on a day as the register knows
 * it, the facts a step of that day is judged by (the forms show them before submitting).
 */
export const registerOnQuery = z.object({ on: isoDate });

export const registerOnDto = z.object({
  on: z.string(),
  /** Full members of the case's branch on that day, by the register's history: the branch's size. */
  fullMembers: z.number(),
  /**
   * Those of them with a vote that day (not under 留党察看, 党章第四十条; 预备党员 have none): the
   * vote's 应到, as a general meeting of that day counts it.
   */
  votingMembers: z.number(),
  /** Members of the branch committee in office that day. */
  committeeMembers: z.number(),
  /** Whether that is a committee (at least the smallest committee size): else the general meeting decides. */
  hasCommittee: z.boolean(),
});
export type RegisterOnDto = z.infer<typeof registerOnDto>;

/** POST /api/development/cases/:id/close: the applicant withdraws or the branch ends the case. */
export const caseCloseBody = z.object({ reason: z.string().trim().min(4, '终止原因：至少4个字').max(500) });

export const cohortQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID),
  kind: z.enum(COHORT_KINDS),
});

export const boardQuery = z.object({ orgId: z.coerce.number().int().positive().max(MAX_ID) });

export const planQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID),
  year: z.coerce.number().int().min(2000).max(2100),
});

/** PUT /api/development/plans: the higher committee sets a child org's yearly quota. */
export const planBody = z.object({
  orgId: z.number().int().positive().max(MAX_ID),
  year: z.number().int().min(2000).max(2100),
  quota: z.number().int().min(0).max(100000),
  note: z.string().trim().max(500).optional(),
});

export const disciplineBody = z.object({
  kind: z.enum(DISCIPLINE_KINDS),
  decidedOn: isoDate,
  /** For 留党察看: when the rights are restored (or the measure ends). */
  endsOn: isoDate.optional(),
  reason: z.string().trim().min(2).max(500),
});

// ---- responses (the server returns exactly these fields) -------------------------------------

/** A rule finding of the procedure engine (a refusal's detail, or a warning kept with a step). */
export const findingDto = z.object({
  code: z.string(),
  message: z.string(),
  ruleId: z.string().optional(),
  citation: z.string().optional(),
  date: z.string().optional(),
  field: z.string().optional(),
});
export type FindingDto = z.infer<typeof findingDto>;

export const nextItemDto = z.object({
  key: z.string(),
  no: z.number(),
  title: z.string(),
  earliest: z.string().optional(),
  due: z.string().optional(),
  latest: z.string().optional(),
  ruleId: z.string().optional(),
  citation: z.string().optional(),
  text: z.string(),
  /** Who may record it: 'branch' (the branch secretary) or 'higher' (the approving committee). */
  actor: z.enum(['branch', 'higher']),
  /** waiting (before earliest) | open | due_soon (within the reminder lead) | overdue (past due) */
  state: z.enum(['waiting', 'open', 'due_soon', 'overdue']),
});
export type NextItemDto = z.infer<typeof nextItemDto>;

export const caseSummaryDto = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  name: z.string(),
  gender: z.string(),
  /** Masked: the region only (e.g. 620102************). */
  idNumber: z.string(),
  age: z.number(),
  version: z.enum(['2014', '2026']),
  status: z.enum(CASE_STATUSES),
  stage: z.enum(DEVELOPMENT_STAGES),
  appliedOn: z.string(),
  lastStepKey: z.string().nullable(),
  lastStepOn: z.string().nullable(),
  nextKey: z.string().nullable(),
  nextTitle: z.string().nullable(),
  nextDueOn: z.string().nullable(),
  nextEarliestOn: z.string().nullable(),
  overdue: z.boolean(),
  probationEndsOn: z.string().nullable(),
  memberId: z.number().nullable(),
});
export type CaseSummaryDto = z.infer<typeof caseSummaryDto>;

/** A document attached to a step record (the upload answers it with its step). */
export const caseDocumentDto = z.object({
  id: z.number(),
  stepId: z.number(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number(),
  uploadedAt: timestamp,
});
export type CaseDocumentDto = z.infer<typeof caseDocumentDto>;

export const stepRecordDto = z.object({
  id: z.number(),
  no: z.number(),
  key: z.string(),
  title: z.string(),
  on: z.string(),
  data: z.record(z.string(), z.unknown()),
  warnings: z.array(findingDto),
  recordedBy: z.string().nullable(),
  recordedAt: timestamp,
  /** The record this one corrects (an earlier version of the same step), with the reason. */
  correctsId: z.number().nullable(),
  correctionReason: z.string().nullable(),
  /** Set when a later correction replaced this record; superseded records stay in the dossier. */
  supersededById: z.number().nullable(),
  documents: z.array(caseDocumentDto.omit({ stepId: true })),
});
export type StepRecordDto = z.infer<typeof stepRecordDto>;

export const caseDetailDto = caseSummaryDto.extend({
  phone: z.string().nullable(),
  ethnicity: z.string().nullable(),
  education: z.string().nullable(),
  workUnit: z.string().nullable(),
  approvingOrgId: z.number().nullable(),
  approvingOrgName: z.string().nullable(),
  closedReason: z.string().nullable(),
  activistOn: z.string().nullable(),
  candidateEligibleOn: z.string().nullable(),
  candidateOn: z.string().nullable(),
  admittedOn: z.string().nullable(),
  confirmedOn: z.string().nullable(),
  extensionMonths: z.number().nullable(),
  /** The rule values this case runs under (kept from when it was opened). */
  rules: z.record(z.string(), z.unknown()),
  next: z.array(nextItemDto),
  /** Every record, oldest first, superseded versions included. */
  steps: z.array(stepRecordDto),
  /** What the actor may do now. */
  can: z.object({
    recordBranch: z.boolean(),
    recordHigher: z.boolean(),
    correct: z.boolean(),
    close: z.boolean(),
  }),
});
export type CaseDetailDto = z.infer<typeof caseDetailDto>;

export const boardDto = z.object({
  orgId: z.number(),
  /** Active cases by person stage, plus the year's admitted and confirmed counts. */
  stages: z.array(z.object({ stage: z.string(), label: z.string(), count: z.number(), overdue: z.number() })),
  admittedThisYear: z.number(),
  confirmedThisYear: z.number(),
  /** The org's direct children with their counts by stage (for drill-down). */
  children: z.array(
    z.object({ orgId: z.number(), name: z.string(), counts: z.record(z.string(), z.number()) }),
  ),
});
export type BoardDto = z.infer<typeof boardDto>;

export const planDto = z.object({
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  quota: z.number().nullable(),
  note: z.string().nullable(),
  /** Admitted as probationary members (approved) in the year, subtree. */
  admitted: z.number(),
  /** Candidates in the pipeline (could still be admitted this year). */
  inPipeline: z.number(),
  children: z.array(
    z.object({ orgId: z.number(), name: z.string(), quota: z.number().nullable(), admitted: z.number() }),
  ),
  /** Whether the actor may set the quotas of the children (holds the org with development.approve). */
  canSet: z.boolean(),
});
export type PlanDto = z.infer<typeof planDto>;

export const disciplineDto = z.object({
  id: z.number(),
  memberId: z.number(),
  kind: z.enum(DISCIPLINE_KINDS),
  decidedOn: z.string(),
  endsOn: z.string().nullable(),
  reason: z.string(),
  /** 留党察看 in force today (rights not yet restored). */
  inForce: z.boolean(),
  recordedAt: timestamp,
});
export type DisciplineDto = z.infer<typeof disciplineDto>;

// ---- errors ---------------------------------------------------------------------------------

/**
 * The development area's error codes (`DEVELOPMENT_…`): stable, each with its status and Chinese
 * message. A step the procedure refuses answers 422 with the engine's own finding code (`DEV_…`,
 * a RuleErrorCode) and every finding, with its rule, citation and date, in `details`.
 */
export const DEVELOPMENT_ERRORS = {
  DEVELOPMENT_ORG_NOT_BRANCH: {
    status: 422,
    message: '入党申请应向正常运行的党支部（联合党支部）提出',
  },
  DEVELOPMENT_CASE_ALREADY_OPEN: {
    status: 409,
    message: '该身份证号已有正在办理的发展党员案件，不能重复立案',
  },
  DEVELOPMENT_ALREADY_A_MEMBER: { status: 409, message: '该身份证号已在党员名册中登记' },
  DEVELOPMENT_NO_APPROVING_COMMITTEE: {
    status: 422,
    message: '本支部的上级党组织中没有有发展党员审批权的党委',
  },
  DEVELOPMENT_CASE_NOT_ACTIVE: { status: 409, message: '本案件已结束' },
  DEVELOPMENT_CASE_CLOSED: { status: 409, message: '本案件已终止，不能更正' },
  DEVELOPMENT_CASE_ADMITTED: { status: 409, message: '已批准为预备党员的案件不能终止' },
  DEVELOPMENT_STEP_SUPERSEDED: { status: 409, message: '该记录已被更正，请更正最新的记录' },
  DEVELOPMENT_DOCUMENT_LIMIT: { status: 409, message: '该步骤的材料已达上限' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const caseParams = idParam;
export const stepParams = z.object({
  id: z.coerce.number().int().positive().max(MAX_ID),
  stepId: z.coerce.number().int().positive().max(MAX_ID),
});
export const documentParams = stepParams.extend({ docId: z.coerce.number().int().positive().max(MAX_ID) });
export const documentQuery = z.object({ inline: z.enum(['0', '1']).optional() });

const tag = 'development';

export const developmentApi = {
  listCases: defineRoute({
    method: 'GET',
    path: '/api/development/cases',
    permission: 'development.read',
    tag,
    summary: '发展党员案件（按申请日期倒序）',
    query: caseListQuery,
    responses: { 200: page(caseSummaryDto) },
  }),
  createCase: defineRoute({
    method: 'POST',
    path: '/api/development/cases',
    permission: 'development.write',
    tag,
    summary: '立案：登记入党申请（第1步）',
    body: caseCreateBody,
    responses: { 201: caseDetailDto },
    errors: [
      'DEVELOPMENT_ORG_NOT_BRANCH',
      'DEVELOPMENT_CASE_ALREADY_OPEN',
      'DEVELOPMENT_ALREADY_A_MEMBER',
      'MEMBERS_ID_NUMBER_REFUSED',
    ],
  }),
  getCase: defineRoute({
    method: 'GET',
    path: '/api/development/cases/:id',
    permission: 'development.read',
    tag,
    summary: '发展党员案件详情（步骤、后续事项、材料）',
    params: caseParams,
    responses: { 200: caseDetailDto },
  }),
  registerOn: defineRoute({
    method: 'GET',
    path: '/api/development/cases/:id/register',
    permission: 'development.read',
    tag,
    summary: '党员名册中本支部某日的情况（正式党员、其中有表决权即表决应到的人数，在任支委人数）',
    params: caseParams,
    query: registerOnQuery,
    responses: { 200: registerOnDto },
  }),
  recordStep: defineRoute({
    method: 'POST',
    path: '/api/development/cases/:id/steps',
    permission: 'development.write',
    tag,
    summary: '登记下一步骤（按《发展党员工作细则》校验时限和条件）',
    params: caseParams,
    body: stepBody,
    responses: { 201: caseDetailDto },
    errors: [
      'DEVELOPMENT_CASE_NOT_ACTIVE',
      'DEVELOPMENT_NO_APPROVING_COMMITTEE',
      'DEVELOPMENT_ALREADY_A_MEMBER',
      'MEMBERS_ID_NUMBER_REFUSED',
    ],
  }),
  correctStep: defineRoute({
    method: 'POST',
    path: '/api/development/cases/:id/steps/:stepId/corrections',
    permission: 'development.write',
    tag,
    summary: '更正步骤记录的日期或说明（须填写原因，原记录保留）',
    params: stepParams,
    body: stepCorrectionBody,
    responses: { 201: caseDetailDto },
    errors: ['DEVELOPMENT_STEP_SUPERSEDED', 'DEVELOPMENT_CASE_CLOSED', 'DEVELOPMENT_NO_APPROVING_COMMITTEE'],
  }),
  closeCase: defineRoute({
    method: 'POST',
    path: '/api/development/cases/:id/close',
    permission: 'development.write',
    tag,
    summary: '终止案件（本人撤回申请等；批准为预备党员前）',
    params: caseParams,
    body: caseCloseBody,
    responses: { 200: caseDetailDto },
    errors: ['DEVELOPMENT_CASE_NOT_ACTIVE', 'DEVELOPMENT_CASE_ADMITTED'],
  }),
  uploadDocument: defineRoute({
    method: 'POST',
    path: '/api/development/cases/:id/steps/:stepId/documents',
    permission: 'development.write',
    tag,
    summary: '上传步骤材料（每次一个文件，不超过10MB）',
    params: stepParams,
    multipart: true,
    responses: { 201: caseDocumentDto },
    errors: ['DEVELOPMENT_DOCUMENT_LIMIT'],
  }),
  downloadDocument: defineRoute({
    method: 'GET',
    path: '/api/development/cases/:id/steps/:stepId/documents/:docId',
    permission: 'development.read',
    tag,
    summary: '下载步骤材料（?inline=1 在浏览器中打开）',
    params: documentParams,
    query: documentQuery,
    responses: { 200: fileResponse('步骤材料', '*') },
  }),
  deleteDocument: defineRoute({
    method: 'DELETE',
    path: '/api/development/cases/:id/steps/:stepId/documents/:docId',
    permission: 'development.write',
    tag,
    summary: '删除步骤材料',
    params: documentParams,
    responses: { 200: z.object({ id: z.number() }) },
  }),
  cohort: defineRoute({
    method: 'GET',
    path: '/api/development/cohorts',
    permission: 'development.read',
    tag,
    summary: '名单：本月可列为发展对象、预备期即将期满、逾期未办',
    query: cohortQuery,
    responses: { 200: z.array(caseSummaryDto) },
  }),
  board: defineRoute({
    method: 'GET',
    path: '/api/development/board',
    permission: 'development.read',
    tag,
    summary: '发展党员工作看板（各阶段人数、逾期、下级组织）',
    query: boardQuery,
    responses: { 200: boardDto },
  }),
  plan: defineRoute({
    method: 'GET',
    path: '/api/development/plans',
    permission: 'development.read',
    tag,
    summary: '年度发展计划与完成情况',
    query: planQuery,
    responses: { 200: planDto },
  }),
  setPlan: defineRoute({
    method: 'PUT',
    path: '/api/development/plans',
    permission: 'development.approve',
    tag,
    summary: '下达下级组织的年度发展计划（上级党委）',
    body: planBody,
    responses: { 200: planDto },
  }),
  listDisciplines: defineRoute({
    method: 'GET',
    path: '/api/members/:id/disciplines',
    permission: 'member.read',
    tag: 'members',
    summary: '党纪处分记录',
    params: idParam,
    responses: { 200: z.array(disciplineDto) },
  }),
  addDiscipline: defineRoute({
    method: 'POST',
    path: '/api/members/:id/disciplines',
    permission: 'member.write',
    tag: 'members',
    summary: '登记党纪处分（留党察看期间不能担任入党介绍人或培养联系人）',
    params: idParam,
    body: disciplineBody,
    responses: { 201: disciplineDto },
  }),
} satisfies ContractGroup;
