/**
 * 党员积分 (issue #20): the ledger, the point-source catalog, manual awards, anomaly flags, rankings.
 * Staff routes read and write within the scope of points.read / propose / approve (out of scope:
 * 404); the member's own page (`/api/my/points`) reaches only the caller's linked member record.
 */
import { z } from 'zod';
import { isoDate, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute } from './route.js';

export const AWARD_STATUSES = ['proposed', 'approved', 'rejected', 'withdrawn'] as const;
export const AWARD_STATUS_LABELS: Record<(typeof AWARD_STATUSES)[number], string> = {
  proposed: '待批准',
  approved: '已批准',
  rejected: '未批准',
  withdrawn: '已撤回',
};
export const FLAG_KINDS = ['two_devices', 'odd_hours', 'outlier'] as const;
export const FLAG_KIND_LABELS: Record<(typeof FLAG_KINDS)[number], string> = {
  two_devices: '两台设备同时学习',
  odd_hours: '异常时段学习',
  outlier: '积分远高于本支部',
};
export const FLAG_STATUSES = ['open', 'cleared', 'confirmed'] as const;
export const FLAG_STATUS_LABELS: Record<(typeof FLAG_STATUSES)[number], string> = {
  open: '待核查',
  cleared: '已排除',
  confirmed: '已确认',
};
export const ENTRY_KIND_LABELS: Record<string, string> = {
  entry: '计分',
  reversal: '冲回',
  award: '奖励',
  deduction: '扣分',
};

const year = z.coerce.number().int().min(2000).max(2100);
const id = z.coerce.number().int().positive().max(MAX_ID);

export const pointsEntryDto = z.object({
  id: z.number(),
  occurredOn: z.string(),
  /** The catalog's source code (meeting.attended, …, manual). */
  rule: z.string(),
  /** Its title in Chinese (参加组织生活). */
  ruleTitle: z.string(),
  sourceKey: z.string(),
  points: z.number(),
  /** entry | reversal | award | deduction */
  kind: z.string(),
  note: z.string(),
  createdAt: z.string(),
});
export type PointsEntryDto = z.infer<typeof pointsEntryDto>;

export const rankingRowDto = z.object({
  rank: z.number(),
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  points: z.number(),
});
export type RankingRowDto = z.infer<typeof rankingRowDto>;

export const rankingQuery = z.object({ orgId: id, year: year.optional(), ...pageQuery });
export const rankingDto = page(rankingRowDto).extend({
  orgId: z.number(),
  orgName: z.string(),
  /** branch: the org is a branch (its own members); subtree: every member below the org. */
  level: z.enum(['branch', 'subtree']),
  year: z.number(),
  average: z.number(),
});
export type RankingDto = z.infer<typeof rankingDto>;

export const memberLedgerQuery = z.object({ year: year.optional(), ...pageQuery });
export const memberLedgerDto = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  total: z.number(),
  /** Rank within the member's branch (1 = most points; ties share a rank); null off the register. */
  branchRank: z.number().nullable(),
  /** Members of the branch on the register (those without entries this year count as 0 points). */
  branchSize: z.number(),
  entries: page(pointsEntryDto),
});
export type MemberLedgerDto = z.infer<typeof memberLedgerDto>;

export const myPointsDto = memberLedgerDto.extend({
  /** The rule points.rankingsVisibleToMembers (as in force now). */
  rankingsVisible: z.boolean(),
  /** The branch's ranking (top 50) when the rule allows it, else null. */
  branchRanking: z.array(rankingRowDto).nullable(),
});
export type MyPointsDto = z.infer<typeof myPointsDto>;

export const pointSourceDto = z.object({
  code: z.string(),
  title: z.string(),
  direction: z.enum(['earn', 'deduct']),
  active: z.boolean(),
  /** The rule's figures in force for the year (null: manual or not yet active). */
  value: z.number().nullable(),
  daily: z.number().nullable(),
  yearly: z.number().nullable(),
  note: z.string().nullable(),
});
export const pointSourcesDto = z.object({
  year: z.number(),
  awardMax: z.number(),
  sources: z.array(pointSourceDto),
});

export const awardDto = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  occurredOn: z.string(),
  points: z.number(),
  reason: z.string(),
  status: z.enum(AWARD_STATUSES),
  proposedBy: z.number(),
  proposedByName: z.string(),
  proposedAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type AwardDto = z.infer<typeof awardDto>;

export const awardListQuery = z.object({
  orgId: id,
  status: z.enum(AWARD_STATUSES).optional(),
  ...pageQuery,
});
export const awardCreateBody = z.object({
  memberId: id,
  points: z
    .number()
    .int('分值：应为整数')
    .refine((v) => v !== 0, '分值：不能为0（奖励为正数，扣分为负数）'),
  reason: z
    .string()
    .trim()
    .min(4, '理由：请写明奖励或扣分的理由（至少4个字）')
    .max(200, '理由：不超过200个字'),
  occurredOn: isoDate,
});
export const awardDecideBody = z.object({
  approve: z.boolean(),
  note: z.string().trim().max(200, '意见：不超过200个字').optional(),
});

export const flagDto = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  kind: z.enum(FLAG_KINDS),
  raisedOn: z.string(),
  /** What was seen, in Chinese. */
  summary: z.string(),
  status: z.enum(FLAG_STATUSES),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type FlagDto = z.infer<typeof flagDto>;

export const flagListQuery = z.object({
  orgId: id,
  status: z.enum(FLAG_STATUSES).optional(),
  kind: z.enum(FLAG_KINDS).optional(),
  ...pageQuery,
});
export const flagDecideBody = z.object({
  status: z.enum(['cleared', 'confirmed']),
  note: z.string().trim().min(2, '核查意见：请写明核查情况（至少2个字）').max(200, '核查意见：不超过200个字'),
});

// ---- errors ---------------------------------------------------------------------------------

export const POINTS_ERRORS = {
  POINTS_AWARD_SELF_DECISION: {
    status: 409,
    message: '奖励或扣分须由提出人以外的另一人批准，不能批准或驳回自己提出的',
  },
  POINTS_AWARD_DECIDED: { status: 409, message: '该奖励或扣分已处理，不能再批准、驳回或撤回' },
  POINTS_FLAG_DECIDED: { status: 409, message: '该异常已核查处理' },
  POINTS_NO_MEMBER: { status: 409, message: '账号未关联党员档案，没有积分' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const tag = 'points';

export const pointsApi = {
  sources: defineRoute({
    method: 'GET',
    path: '/api/points/sources',
    permission: 'authenticated',
    tag,
    summary: '积分规则（积分来源、分值、每日和每年上限）',
    query: z.object({ year: year.optional() }),
    responses: { 200: pointSourcesDto },
  }),
  ranking: defineRoute({
    method: 'GET',
    path: '/api/points/ranking',
    permission: 'points.read',
    tag,
    summary: '积分排名（党支部：本支部党员；上级党组织：所辖全部党员）',
    query: rankingQuery,
    responses: { 200: rankingDto },
  }),
  memberLedger: defineRoute({
    method: 'GET',
    path: '/api/points/members/:id',
    permission: 'points.read',
    tag,
    summary: '党员积分明细（年度合计、支部名次、每条积分的来源）',
    params: z.object({ id }),
    query: memberLedgerQuery,
    responses: { 200: memberLedgerDto },
  }),
  my: defineRoute({
    method: 'GET',
    path: '/api/my/points',
    permission: 'authenticated',
    tag,
    summary: '我的积分（合计、名次、明细；规则允许时含本支部排名）',
    query: memberLedgerQuery,
    responses: { 200: myPointsDto },
    errors: ['POINTS_NO_MEMBER'],
  }),
  awards: defineRoute({
    method: 'GET',
    path: '/api/points/awards',
    permission: 'points.read',
    tag,
    summary: '奖励和扣分（提出、批准）',
    query: awardListQuery,
    responses: { 200: page(awardDto) },
  }),
  proposeAward: defineRoute({
    method: 'POST',
    path: '/api/points/awards',
    permission: 'points.propose',
    tag,
    summary: '提出奖励或扣分（须另一人批准）',
    body: awardCreateBody,
    responses: { 201: awardDto },
  }),
  decideAward: defineRoute({
    method: 'POST',
    path: '/api/points/awards/:id/decision',
    permission: 'points.approve',
    tag,
    summary: '批准或驳回奖励、扣分（提出人以外的另一人）',
    params: z.object({ id }),
    body: awardDecideBody,
    responses: { 200: awardDto },
    errors: ['POINTS_AWARD_SELF_DECISION', 'POINTS_AWARD_DECIDED'],
  }),
  withdrawAward: defineRoute({
    method: 'POST',
    path: '/api/points/awards/:id/withdraw',
    permission: 'points.propose',
    tag,
    summary: '撤回自己提出的奖励或扣分',
    params: z.object({ id }),
    responses: { 200: awardDto },
    errors: ['POINTS_AWARD_DECIDED'],
  }),
  flags: defineRoute({
    method: 'GET',
    path: '/api/points/flags',
    permission: 'points.read',
    tag,
    summary: '积分异常待核（两台设备同时学习、异常时段学习、积分远高于本支部）',
    query: flagListQuery,
    responses: { 200: page(flagDto) },
  }),
  decideFlag: defineRoute({
    method: 'POST',
    path: '/api/points/flags/:id/decision',
    permission: 'points.approve',
    tag,
    summary: '核查积分异常（排除或确认，写明情况）',
    params: z.object({ id }),
    body: flagDecideBody,
    responses: { 200: flagDto },
    errors: ['POINTS_FLAG_DECIDED'],
  }),
} satisfies ContractGroup;
