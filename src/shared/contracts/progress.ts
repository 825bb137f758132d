/**
 * 学时进度 (issue #20, decision 0047): targets by role as of a date, progress per member, branch and
 * subtree, the new secretaries' and probationary members' training, and the member's own progress.
 *
 * Seconds cross the wire (what the ledger holds); `secondsPerHour` (the rule
 * `learning.minutesPerHour` × 60 as of the year) comes with every answer, so a page shows 学时 the
 * way the server counts them.
 */
import { z } from 'zod';
import { STANDINGS } from '../../domain/progress/targets.js';
import { idParam, isoDate, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute, fileResponse } from './route.js';

export {
  STANDING_LABELS,
  STANDINGS,
  type Standing,
  TARGET_ROLE_LABELS,
} from '../../domain/progress/targets.js';

const tag = 'progress';
const rate = z.number().nullable();

const yearField = z.coerce.number().int().min(2000, '年度不早于2000年').max(2100, '年度不晚于2100年');

/** The year (default: the as-of date's) and the as-of date (default: today, or 31 December of a past year). */
export const progressQuery = z.object({
  year: yearField.optional(),
  on: isoDate.optional(),
});

/** What the targets are for the year (the rules in force on its 1 January). */
export const progressBasisDto = z.object({
  year: z.number(),
  /** The as-of date the register and pace are taken on. */
  on: z.string(),
  secondsPerHour: z.number(),
  memberTargetHours: z.number(),
  leaderTargetHours: z.number(),
  /** Share of the year elapsed on `on` (0–1): the pace is the target times this. */
  elapsed: z.number(),
});
export type ProgressBasisDto = z.infer<typeof progressBasisDto>;

export const progressFiguresDto = z.object({
  members: z.number(),
  leaders: z.number(),
  met: z.number(),
  onPace: z.number(),
  behind: z.number(),
  none: z.number(),
  /** met / members (0–1), null without members. */
  rate,
  totalSeconds: z.number(),
  /** totalSeconds / members, null without members. */
  averageSeconds: z.number().nullable(),
});
export type ProgressFiguresDto = z.infer<typeof progressFiguresDto>;

export const progressChildDto = progressFiguresDto.extend({
  orgId: z.number(),
  name: z.string(),
  kind: z.string(),
  /** True for the row of the org's own members (those not in a child org). */
  self: z.boolean(),
});
export type ProgressChildDto = z.infer<typeof progressChildDto>;

export const progressSummaryDto = z.object({
  org: z.object({ id: z.number(), name: z.string(), kind: z.string() }),
  basis: progressBasisDto,
  total: progressFiguresDto,
  children: z.array(progressChildDto),
  /** New secretaries not trained (in the window or past it), and probationary members without training. */
  newSecretariesUntrained: z.number(),
  probationaryUntrained: z.number(),
});
export type ProgressSummaryDto = z.infer<typeof progressSummaryDto>;

export const progressMembersQuery = progressQuery.extend({
  standing: z.enum(STANDINGS).optional(),
  role: z.enum(['leader', 'member']).optional(),
  /** Hours ascending (the furthest behind first) or descending. */
  order: z.enum(['asc', 'desc']).default('asc'),
  ...pageQuery,
});

/** The member list's filters without paging, the org in the query (an export takes no path id). */
export const progressExportQuery = progressQuery.extend({
  orgId: z.coerce.number().int().positive().max(MAX_ID),
  standing: z.enum(STANDINGS).optional(),
  role: z.enum(['leader', 'member']).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
});

export const progressMemberDto = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  category: z.string(),
  role: z.enum(['leader', 'member']),
  onlineSeconds: z.number(),
  classSeconds: z.number(),
  externalSeconds: z.number(),
  totalSeconds: z.number(),
  targetSeconds: z.number(),
  expectedSeconds: z.number(),
  standing: z.enum(STANDINGS),
});
export type ProgressMemberDto = z.infer<typeof progressMemberDto>;

export const progressMembersDto = page(progressMemberDto).extend({ basis: progressBasisDto });

export const newSecretaryDto = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  startedOn: z.string(),
  deadline: z.string(),
  /** due: within the window; overdue: the deadline passed. */
  state: z.enum(['due', 'overdue']),
  daysLeft: z.number(),
});
export type NewSecretaryDto = z.infer<typeof newSecretaryDto>;

export const probationaryDto = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  /** Admission (the start of the probation). */
  joinedOn: z.string(),
  /** The probation's planned end (admission + 1 year, or extended). */
  probationEndsOn: z.string(),
});
export type ProbationaryDto = z.infer<typeof probationaryDto>;

/** The lists show the most urgent TRAINING_LIST_MAX of each; the totals count them all. */
export const TRAINING_LIST_MAX = 200;

export const trainingListsDto = z.object({
  on: z.string(),
  months: z.number(),
  /** False when the deployment switched the probationary training off (the list is then empty). */
  probationaryRequired: z.boolean(),
  /** By deadline, the overdue first. */
  newSecretaries: z.array(newSecretaryDto),
  newSecretariesTotal: z.number(),
  /** By the end of probation, the nearest first. */
  probationary: z.array(probationaryDto),
  probationaryTotal: z.number(),
});
export type TrainingListsDto = z.infer<typeof trainingListsDto>;

export const myProgressDto = z.object({
  basis: progressBasisDto,
  name: z.string(),
  orgName: z.string(),
  role: z.enum(['leader', 'member']),
  onlineSeconds: z.number(),
  classSeconds: z.number(),
  externalSeconds: z.number(),
  totalSeconds: z.number(),
  targetSeconds: z.number(),
  expectedSeconds: z.number(),
  standing: z.enum(STANDINGS),
  /** The new secretary's training, when the member is one (else null). */
  newSecretary: z.object({ startedOn: z.string(), deadline: z.string(), trained: z.boolean() }).nullable(),
  /** The probationary member's training, when the member is one and it is required (else null). */
  probationary: z.object({ joinedOn: z.string(), trained: z.boolean() }).nullable(),
});
export type MyProgressDto = z.infer<typeof myProgressDto>;

// ---- errors ---------------------------------------------------------------------------------

export const PROGRESS_ERRORS = {
  PROGRESS_NO_MEMBER: { status: 404, message: '当前账号未关联党员档案' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const progressApi = {
  summary: defineRoute({
    method: 'GET',
    path: '/api/progress/orgs/:id',
    permission: 'learning.read',
    tag,
    summary: '学时进度：本组织及下级（达标率、落后、无学时、人均学时）',
    params: idParam,
    query: progressQuery,
    responses: { 200: progressSummaryDto },
  }),
  members: defineRoute({
    method: 'GET',
    path: '/api/progress/orgs/:id/members',
    permission: 'learning.read',
    tag,
    summary: '学时进度：党员名单（按学时排序，可筛选进度和身份）',
    params: idParam,
    query: progressMembersQuery,
    responses: { 200: progressMembersDto },
  }),
  training: defineRoute({
    method: 'GET',
    path: '/api/progress/orgs/:id/training',
    permission: 'learning.read',
    tag,
    summary: '学时进度：新任书记和预备党员的培训情况（未完成的）',
    params: idParam,
    query: z.object({ on: isoDate.optional() }),
    responses: { 200: trainingListsDto },
  }),
  /** Registered by the exports module (watermark, audit) from the progress module's manifest. */
  membersExport: defineRoute({
    method: 'GET',
    path: '/api/progress/members/export',
    permission: 'learning.read',
    tag,
    summary: '导出学时进度名单（.xlsx，当前筛选条件下的全部党员；带水印，记入审计日志）',
    query: progressExportQuery,
    responses: { 200: fileResponse('学时进度名单（.xlsx）') },
    errors: ['EXPORTS_TOO_MANY_ROWS'],
  }),
  mine: defineRoute({
    method: 'GET',
    path: '/api/progress/mine',
    permission: 'learning.study',
    tag,
    summary: '我的学时（本年度目标、各来源学时、进度）',
    query: z.object({ year: yearField.optional() }),
    responses: { 200: myProgressDto },
  }),
} satisfies ContractGroup;
