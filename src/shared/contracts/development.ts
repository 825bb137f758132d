/**
 * 发展党员 API contracts: cases, steps (append-only, corrections with a reason), documents,
 * cohorts, the pipeline board and the yearly development plan. Shared by server and web.
 *
 * Step inputs mirror `StepData` of src/domain/development/engine.ts, except that people are given
 * by member id (the server reads their category and discipline from the register) and the
 * branch's full-member count is read by the server, never sent.
 */
import { z } from 'zod';
import { CONFIRMATION_DECISIONS, STEP_OUTCOMES } from '../../domain/development/engine.js';
import { DEVELOPMENT_STAGES, DEVELOPMENT_STEPS } from '../../domain/development/steps.js';
import { GENDERS } from '../../domain/member/labels.js';
import { isoDate, MAX_ID, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import type { ContractGroup } from './route.js';

export const STEP_KEYS = DEVELOPMENT_STEPS.map((s) => s.key) as [string, ...string[]];
export const CASE_STATUSES = ['active', 'completed', 'rejected', 'cancelled', 'closed'] as const;
export type CaseStatusValue = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatusValue, string> = {
  active: '进行中',
  completed: '已办结',
  rejected: '不予批准',
  cancelled: '取消预备党员资格',
  closed: '已终止',
};

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
  /** 18 digits; the birth date is read from it; stored, masked in every response. */
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

export interface RegisterOnDto {
  on: string;
  /** Full members of the case's branch on that day, by the register's history: the branch's size. */
  fullMembers: number;
  /**
   * Those of them with a vote that day (not under 留党察看, 党章第四十条; 预备党员 have none): the
   * vote's 应到, as a general meeting of that day counts it.
   */
  votingMembers: number;
  /** Members of the branch committee in office that day. */
  committeeMembers: number;
  /** Whether that is a committee (at least the smallest committee size): else the general meeting decides. */
  hasCommittee: boolean;
}

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

// ----- Responses (documented shapes; the server returns exactly these fields) -----

export interface FindingDto {
  code: string;
  message: string;
  ruleId?: string;
  citation?: string;
  date?: string;
  field?: string;
}

export interface NextItemDto {
  key: string;
  no: number;
  title: string;
  earliest?: string;
  due?: string;
  latest?: string;
  ruleId?: string;
  citation?: string;
  text: string;
  /** Who may record it: 'branch' (the branch secretary) or 'higher' (the approving committee). */
  actor: 'branch' | 'higher';
  /** waiting (before earliest) | open | due_soon (within the reminder lead) | overdue (past due) */
  state: 'waiting' | 'open' | 'due_soon' | 'overdue';
}

export interface CaseSummaryDto {
  id: number;
  orgId: number;
  orgName: string;
  name: string;
  gender: string;
  /** Masked (e.g. 6201**********123X). */
  idNumber: string;
  age: number;
  version: '2014' | '2026';
  status: CaseStatusValue;
  stage: (typeof DEVELOPMENT_STAGES)[number];
  appliedOn: string;
  lastStepKey: string | null;
  lastStepOn: string | null;
  nextKey: string | null;
  nextTitle: string | null;
  nextDueOn: string | null;
  nextEarliestOn: string | null;
  overdue: boolean;
  probationEndsOn: string | null;
  memberId: number | null;
}

export interface StepRecordDto {
  id: number;
  no: number;
  key: string;
  title: string;
  on: string;
  data: Record<string, unknown>;
  warnings: FindingDto[];
  recordedBy: string | null;
  recordedAt: string;
  /** The record this one corrects (an earlier version of the same step), with the reason. */
  correctsId: number | null;
  correctionReason: string | null;
  /** Set when a later correction replaced this record; superseded records stay in the dossier. */
  supersededById: number | null;
  documents: { id: number; fileName: string; size: number; uploadedAt: string }[];
}

export interface CaseDetailDto extends CaseSummaryDto {
  phone: string | null;
  ethnicity: string | null;
  education: string | null;
  workUnit: string | null;
  approvingOrgId: number | null;
  approvingOrgName: string | null;
  closedReason: string | null;
  activistOn: string | null;
  candidateEligibleOn: string | null;
  candidateOn: string | null;
  admittedOn: string | null;
  confirmedOn: string | null;
  extensionMonths: number | null;
  /** The rule values this case runs under (kept from when it was opened). */
  rules: Record<string, unknown>;
  next: NextItemDto[];
  /** Every record, oldest first, superseded versions included. */
  steps: StepRecordDto[];
  /** What the actor may do now. */
  can: { recordBranch: boolean; recordHigher: boolean; correct: boolean; close: boolean };
}

export interface BoardDto {
  orgId: number;
  /** Active cases by person stage, plus the year's admitted and confirmed counts. */
  stages: { stage: string; label: string; count: number; overdue: number }[];
  admittedThisYear: number;
  confirmedThisYear: number;
  /** The org's direct children with their counts by stage (for drill-down). */
  children: { orgId: number; name: string; counts: Record<string, number> }[];
}

export interface PlanDto {
  orgId: number;
  orgName: string;
  year: number;
  quota: number | null;
  note: string | null;
  /** Admitted as probationary members (approved) in the year, subtree. */
  admitted: number;
  /** Candidates in the pipeline (could still be admitted this year). */
  inPipeline: number;
  children: { orgId: number; name: string; quota: number | null; admitted: number }[];
  /** Whether the actor may set the quotas of the children (holds the org with development.approve). */
  canSet: boolean;
}

// ---- errors ---------------------------------------------------------------------------------

/** The development area's error codes (`DEVELOPMENT_…`): stable, each with its status and Chinese message. */
export const DEVELOPMENT_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const developmentApi = {} satisfies ContractGroup;
