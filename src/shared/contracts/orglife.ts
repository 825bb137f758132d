import { z } from 'zod';
import { pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import type { ContractGroup } from './route.js';

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

export const notificationDto = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  orgId: z.number().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationDto = z.infer<typeof notificationDto>;

export const notificationListQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...pageQuery,
});

export const notificationPage = z.object({
  data: z.array(notificationDto),
  total: z.number(),
  unread: z.number(),
});

// ---- errors ---------------------------------------------------------------------------------

/** The orglife area's error codes (`ORGLIFE_…`): stable, each with its status and Chinese message. */
export const ORGLIFE_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const orglifeApi = {} satisfies ContractGroup;
