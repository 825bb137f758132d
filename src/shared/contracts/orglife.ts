import { z } from 'zod';
import { idParam, MAX_ID, MAX_PAGE } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute } from './route.js';

export const monthKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const COMPLIANCE_STATES = ['met', 'due', 'missed', 'exempt', 'not_started'] as const;
export type ComplianceStateDto = (typeof COMPLIANCE_STATES)[number];
export const COMPLIANCE_STATE_LABELS: Record<ComplianceStateDto, string> = {
  met: '已完成',
  due: '待完成',
  missed: '未完成',
  exempt: '免于考核',
  not_started: '未开始',
};

export const complianceQuery = z.object({
  /** First month, inclusive (default: January of this year). */
  from: monthKey.optional(),
  /** Last month, inclusive (default: this month). At most 36 months. */
  to: monthKey.optional(),
  /** The page of the heat map's child orgs (50 a page, in tree order; default 1). */
  rowsPage: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
  /** The heat map's rows whose org name holds this text (all the children, before paging). */
  rowsQ: z.string().max(50, '最多50个字').optional(),
  /** The heat map's order: `tree` (default), or by completion rate, `worst` or `best` first (all the children, then paged). */
  rowsSort: z.enum(['tree', 'worst', 'best'], { message: '应为 tree、worst 或 best' }).optional(),
});

export const stateCounts = z.object({
  met: z.number(),
  missed: z.number(),
  due: z.number(),
  exempt: z.number(),
  notStarted: z.number(),
  /** 完成率, `completionRate`: met / (met + missed + due); null when nothing has started. */
  rate: z.number().nullable(),
});
export type StateCounts = z.infer<typeof stateCounts>;

/** One requirement of one org in one period (an item of the org's calendar or of a missed list). */
export const complianceItemDto = z.object({
  orgId: z.number(),
  orgName: z.string(),
  ruleId: z.string(),
  meetingKind: z.string(),
  periodKey: z.string(),
  periodLabel: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  /** The party group of a group meeting. */
  subjectId: z.number().nullable(),
  subjectName: z.string().nullable(),
  required: z.number(),
  held: z.number(),
  state: z.enum(COMPLIANCE_STATES),
  daysLeft: z.number().nullable(),
  /** Chinese: why exempt, how many days left, what was missed. */
  reason: z.string().nullable(),
  /** The exemption granted by the higher org, if any (may be withdrawn). */
  exemptionId: z.number().nullable(),
});
export type ComplianceItemDto = z.infer<typeof complianceItemDto>;

export const heatRowDto = z.object({
  orgId: z.number(),
  name: z.string(),
  kind: z.string(),
  /** Whether the row has orgs below it to drill into (else: drill into its items). */
  hasChildren: z.boolean(),
  total: stateCounts,
  /** One per month of the range; a requirement is counted in the month its period ends. */
  cells: z.array(stateCounts.extend({ month: z.string() })),
});
export type HeatRowDto = z.infer<typeof heatRowDto>;

export const complianceDto = z.object({
  orgId: z.number(),
  orgName: z.string(),
  from: z.string(),
  to: z.string(),
  today: z.string(),
  months: z.array(z.string()),
  total: stateCounts,
  byKind: z.array(stateCounts.extend({ meetingKind: z.string(), label: z.string() })),
  /** Rates by month of period end, for the trend chart. */
  trend: z.array(stateCounts.extend({ month: z.string() })),
  /** The heat map: the org's direct children with compliance below them (or the org itself, for a branch). */
  rows: z.array(heatRowDto),
  /**
   * The heat map pages through the direct children, `rowsPageSize` at a time in tree order (a
   * committee with 710 children): `rowsTotal` counts them all (those whose name holds `rowsQ`); the
   * org's own row is on page 1. Ranked by rate (`rowsSort`), the pages cut the ranking of every row
   * with figures, and `rowsTotal` counts those rows.
   */
  rowsTotal: z.number(),
  rowsPage: z.number(),
  rowsPageSize: z.number(),
  /** Missed items in the subtree, newest period first (at most 200; see missedTotal). */
  missed: z.array(complianceItemDto),
  missedTotal: z.number(),
  /** Items open today in the subtree, whatever the range, fewest days left first (at most 200; see dueTotal). */
  due: z.array(complianceItemDto),
  dueTotal: z.number(),
  /** For a branch: every item of the range (its calendar of due and held items). */
  items: z.array(complianceItemDto),
});
export type ComplianceDto = z.infer<typeof complianceDto>;

export const exemptionCreateBody = z.object({
  ruleId: z.string().min(1).max(60),
  periodKey: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/, '考核周期格式不正确'),
  reason: z.string().trim().min(4, '请写明免于考核的理由（至少4个字）').max(200),
});

export const exemptionDto = z.object({
  id: z.number(),
  orgId: z.number(),
  ruleId: z.string(),
  periodKey: z.string(),
  reason: z.string(),
  grantedByName: z.string().nullable(),
  grantedAt: z.string(),
});

// The notification schemas moved to the notifications area; src/web/api/types.ts still reads them here.
export { type NotificationDto, notificationDto, notificationPage } from './notifications.js';

// ---- errors ---------------------------------------------------------------------------------

/** The orglife area's error codes (`ORGLIFE_…`): stable, each with its status and Chinese message. */
export const ORGLIFE_ERRORS = {
  ORGLIFE_NOT_A_BRANCH: { status: 409, message: '只有党支部（联合党支部）有组织生活考核项目' },
  ORGLIFE_EXEMPTION_EXISTS: { status: 409, message: '该考核周期的该项目已批准免于考核' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const tag = 'orglife';

export const orglifeApi = {
  compliance: defineRoute({
    method: 'GET',
    path: '/api/orgs/:id/compliance',
    permission: 'orglife.read',
    tag,
    summary: '组织生活合规情况（本组织及下级，按类别、月份汇总，热力图、未完成与待完成清单）',
    params: idParam,
    query: complianceQuery,
    responses: { 200: complianceDto },
  }),
  exemptions: defineRoute({
    method: 'GET',
    path: '/api/orgs/:id/exemptions',
    permission: 'orglife.read',
    tag,
    summary: '免于考核记录',
    params: idParam,
    responses: { 200: z.array(exemptionDto) },
  }),
  grantExemption: defineRoute({
    method: 'POST',
    path: '/api/orgs/:id/exemptions',
    permission: 'orglife.review',
    tag,
    summary: '批准免于考核（上级党组织）',
    params: idParam,
    body: exemptionCreateBody,
    responses: { 201: exemptionDto },
    errors: ['ORGLIFE_NOT_A_BRANCH', 'ORGLIFE_EXEMPTION_EXISTS'],
  }),
  withdrawExemption: defineRoute({
    method: 'DELETE',
    path: '/api/orgs/:id/exemptions/:exemptionId',
    permission: 'orglife.review',
    tag,
    summary: '撤销免于考核（上级党组织）',
    params: z.object({
      id: z.coerce.number().int().positive().max(MAX_ID),
      exemptionId: z.coerce.number().int().positive().max(MAX_ID),
    }),
    responses: { 200: z.object({ id: z.number() }) },
    errors: ['ORGLIFE_NOT_A_BRANCH'],
  }),
} satisfies ContractGroup;
