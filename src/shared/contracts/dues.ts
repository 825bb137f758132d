/**
 * 党费 API contracts, shared by server and web. Months are 'YYYY-MM'; money is integer fen. Every
 * endpoint is one object of `duesApi` (end of the file); its error codes are `DUES_ERRORS`.
 */
import { z } from 'zod';
import {
  ARREARS_LEVELS,
  DUES_CATEGORIES,
  LAPSE_DECISIONS,
  LEDGER_STATUSES,
  PAYMENT_KINDS,
  PAYMENT_METHODS,
  RUN_STATUSES,
} from '../../domain/dues/labels.js';
import { isMonth } from '../../domain/dues/months.js';
import { RUN_LEVELS } from '../../domain/dues/runs.js';
import { idParam, isoDate, MAX_ID, MAX_PAGE } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute, fileResponse } from './route.js';

export const month = z.string().refine(isMonth, { message: '月份格式应为 YYYY-MM' });
const fen = z.number().int().min(0).max(100_000_000);
const positiveFen = z.number().int().min(1, '金额：须大于0').max(100_000_000);

// ---- profiles -------------------------------------------------------------------------------

export const profileCreateBody = z.object({
  category: z.enum(DUES_CATEGORIES),
  /** From this month on (规定第十条: the month the new income is first paid). */
  effectiveMonth: month,
  /** Monthly after-tax base (fen) for employed, annual-salary, self-employed and retired. */
  baseFen: fen.nullish(),
  /** The amount the branch sets (fen): farmers (20–100) and hardship reduced. */
  amountFen: fen.nullish(),
  /** Why (required for hardship, kept for every profile). */
  reason: z.string().trim().max(500).optional(),
});
export type ProfileCreateBody = z.infer<typeof profileCreateBody>;

export const profileDecisionBody = z.object({
  approve: z.boolean(),
  /** 批复文号 */
  approvalRef: z.string().trim().max(60).optional(),
  decidedOn: isoDate,
  note: z.string().trim().max(500).optional(),
});

/** GET /api/dues/profiles/pending: the approving org (optional: every org in the scope). */
export const pendingProfilesQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
});

export const profileDto = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  category: z.enum(DUES_CATEGORIES),
  effectiveMonth: z.string(),
  baseFen: z.number().nullable(),
  amountFen: z.number().nullable(),
  /** The monthly amount this profile gives under the rules in force. */
  monthlyFen: z.number(),
  rateBp: z.number().nullable(),
  explanation: z.string(),
  status: z.enum(['active', 'pending', 'rejected']),
  reason: z.string().nullable(),
  approvalOrgName: z.string().nullable(),
  approvalRef: z.string().nullable(),
  decidedOn: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type ProfileDto = z.infer<typeof profileDto>;
/** Profile lists (a member's profiles, the pending ones): not paged. */
export const profileList = z.object({ data: z.array(profileDto), total: z.number() });

// ---- ledger ---------------------------------------------------------------------------------

export const ledgerQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID),
  month,
  status: z.enum(LEDGER_STATUSES).optional(),
  /** Name, pinyin or initials. */
  q: z.string().trim().max(30).optional(),
  current: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * Where a member stands today (domain `duesStanding`): the same figures on the collection sheet, the
 * arrears list and 我的党费. `arrearsFen` is 往月欠交 (the months before today's, which is payable
 * within itself and never in arrears), `currentBalanceFen` what today's month still asks, `totalFen`
 * both; `unpaidStreak` counts the months of the run ending last month.
 */
export const duesStandingDto = z.object({
  /** Today's month. */
  month: z.string(),
  owedMonths: z.array(z.string()),
  arrearsFen: z.number(),
  unpaidStreak: z.number(),
  streakFrom: z.string().nullable(),
  streakTo: z.string().nullable(),
  currentBalanceFen: z.number(),
  /** Today's month is owed and nothing of it is paid (本月未交). */
  currentUnpaid: z.boolean(),
  totalFen: z.number(),
});
export type DuesStandingDto = z.infer<typeof duesStandingDto>;

export const ledgerRowDto = z.object({
  ledgerId: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  /** The member category id, 'full' (正式党员) or 'probationary' (预备党员), as elsewhere in the API. */
  memberCategory: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  month: z.string(),
  category: z.enum(DUES_CATEGORIES).nullable(),
  baseFen: z.number().nullable(),
  rateBp: z.number().nullable(),
  expectedFen: z.number().nullable(),
  paidFen: z.number(),
  balanceFen: z.number(),
  status: z.enum(LEDGER_STATUSES),
  lastPaidOn: z.string().nullable(),
  /** Paid online (在线缴纳: the month's latest unvoided payment came through a payment provider). */
  paidOnline: z.boolean(),
  /** Consecutive unpaid months ending last month, as of today (= standing.unpaidStreak). */
  unpaidStreak: z.number(),
  /** The member's standing today, whatever the month of the row. */
  standing: duesStandingDto,
  abilities: z.object({ pay: z.boolean() }),
});
export type LedgerRowDto = z.infer<typeof ledgerRowDto>;

export const ledgerTotals = z.object({
  members: z.number(),
  expectedFen: z.number(),
  paidFen: z.number(),
  balanceFen: z.number(),
  byStatus: z.record(z.string(), z.number()),
  voluntaryFen: z.number(),
});

export const ledgerPage = z.object({
  data: z.array(ledgerRowDto),
  total: z.number(),
  totals: ledgerTotals,
  /** The rounding rule in force, as the UI states it ("应交额＝基数×比例，四舍五入到分"). */
  rounding: z.object({ unitFen: z.number(), text: z.string() }),
});
export type LedgerPage = z.infer<typeof ledgerPage>;

export const ledgerExportQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID),
  year: z.coerce.number().int().min(2000).max(2100),
});

// ---- payments -------------------------------------------------------------------------------

export const paymentBody = z.object({
  memberId: z.number().int().positive().max(MAX_ID),
  month,
  kind: z.enum(PAYMENT_KINDS).default('regular'),
  amountFen: positiveFen,
  paidOn: isoDate,
  method: z.enum(PAYMENT_METHODS),
  /** 代交: who paid on the member's behalf. */
  payerName: z.string().trim().max(30).optional(),
  /** Online: the provider's transaction reference (unique: a re-delivered callback books once). */
  externalRef: z.string().trim().max(100).optional(),
  note: z.string().trim().max(500).optional(),
});
export type PaymentBody = z.infer<typeof paymentBody>;

/** Marks each listed member's balance of the month as paid in full, in one transaction. */
export const paymentBatchBody = z.object({
  orgId: z.number().int().positive().max(MAX_ID),
  month,
  memberIds: z.array(z.number().int().positive().max(MAX_ID)).min(1, '请至少选择一名党员').max(500),
  paidOn: isoDate,
  method: z.enum(PAYMENT_METHODS),
});

export const paymentVoidBody = z.object({ reason: z.string().trim().min(4, '作废原因：至少4个字').max(500) });

export const paymentListQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  memberId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  month: month.optional(),
  current: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const paymentDto = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  orgId: z.number(),
  month: z.string(),
  kind: z.enum(PAYMENT_KINDS),
  amountFen: z.number(),
  paidOn: z.string(),
  method: z.enum(PAYMENT_METHODS),
  payerName: z.string().nullable(),
  externalRef: z.string().nullable(),
  note: z.string().nullable(),
  late: z.boolean(),
  toCentre: z.boolean(),
  collectorName: z.string().nullable(),
  voided: z.boolean(),
  voidReason: z.string().nullable(),
  createdAt: z.string(),
});
export type PaymentDto = z.infer<typeof paymentDto>;

/** POST /api/dues/payments answer (201; a replay with the same key and body returns the same). */
export const paymentResult = z.object({ payment: paymentDto, ledger: ledgerRowDto.nullable() });
export const paymentPage = z.object({ data: z.array(paymentDto), total: z.number() });
export const paymentBatchResult = z.object({ payments: z.array(paymentDto), paidFen: z.number() });

// ---- member's own page ----------------------------------------------------------------------

export const memberDuesQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

// ---- runs of unpaid months ------------------------------------------------------------------

export const lapseDecisionDto = z.object({
  id: z.number(),
  /** The run it settles (null for decisions recorded before runs were kept). */
  runId: z.number().nullable(),
  decision: z.enum(LAPSE_DECISIONS),
  decidedOn: z.string(),
  deadlineOn: z.string().nullable(),
  streakFrom: z.string(),
  streakTo: z.string(),
  note: z.string(),
  recordedByName: z.string().nullable(),
});

/**
 * A run of consecutive unpaid months that reached a level (a fact of the record: it stays after
 * the months are paid, until the branch decides; withdrawn only by a correction of the record).
 */
export const arrearsRunDto = z.object({
  id: z.number(),
  memberId: z.number(),
  level: z.enum(RUN_LEVELS),
  /** First and last unpaid month, 'YYYY-MM'. */
  firstMonth: z.string(),
  lastMonth: z.string(),
  months: z.number(),
  /** What the run's months were owed. */
  expectedFen: z.number(),
  /** The month at whose end the level was reached. */
  reachedMonth: z.string(),
  detectedOn: z.string(),
  /** When the member was warned in their message box (null: not sent). */
  memberNotifiedAt: z.string().nullable(),
  /** When the branch's secretaries were told (null: not yet). */
  branchNotifiedAt: z.string().nullable(),
  status: z.enum(RUN_STATUSES),
  withdrawnOn: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  /** Whether the run still goes on (its last month is last month). */
  ongoing: z.boolean(),
  decision: lapseDecisionDto.nullable(),
});
export type ArrearsRunDto = z.infer<typeof arrearsRunDto>;

export const memberDuesDto = z.object({
  memberId: z.number(),
  memberName: z.string(),
  orgName: z.string(),
  year: z.number(),
  profile: profileDto.nullable(),
  months: z.array(ledgerRowDto),
  payments: z.array(paymentDto),
  arrears: z.object({
    arrearsFen: z.number(),
    owedMonths: z.array(z.string()),
    unpaidStreak: z.number(),
    beyondBackpay: z.array(z.string()),
    level: z.enum(ARREARS_LEVELS).nullable(),
  }),
  /**
   * The current month (payable within it, never in arrears): what it asks and what is left,
   * whatever the year shown. Null when the member owes nothing this month.
   */
  currentMonth: z
    .object({
      month: z.string(),
      expectedFen: z.number().nullable(),
      paidFen: z.number(),
      balanceFen: z.number(),
      status: z.enum(LEDGER_STATUSES),
    })
    .nullable(),
  /** The year's months up to now: owed, paid, and what is left (current month included). */
  yearTotals: z.object({
    expectedFen: z.number(),
    paidFen: z.number(),
    balanceFen: z.number(),
    voluntaryFen: z.number(),
  }),
  /** Payments entered for the year and voided since (not payments; counted so the member can ask). */
  voidedPayments: z.number(),
  /** Where the member stands today: the figures the sheet and the arrears list show. */
  standing: duesStandingDto,
  /** The member's runs of unpaid months (warnings and lapse flags) and the branch's decisions. */
  runs: z.array(arrearsRunDto),
  rounding: z.object({ unitFen: z.number(), text: z.string() }),
});
export type MemberDuesDto = z.infer<typeof memberDuesDto>;

// ---- arrears and lapse ----------------------------------------------------------------------

export const arrearsQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID),
  level: z.enum(ARREARS_LEVELS).optional(),
  current: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const arrearsRowDto = z.object({
  memberId: z.number(),
  memberName: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  level: z.enum(ARREARS_LEVELS),
  unpaidStreak: z.number(),
  streakFrom: z.string().nullable(),
  streakTo: z.string().nullable(),
  arrearsFen: z.number(),
  owedMonths: z.array(z.string()),
  /** Owed months older than the back-payment limit (flagged). */
  beyondBackpay: z.array(z.string()),
  lastPaidOn: z.string().nullable(),
  /** The latest decision on this member's streak, if the branch recorded one. */
  decision: lapseDecisionDto.nullable(),
  /**
   * The run awaiting the branch's decision: an open lapse run (even if paid since), else the open
   * warning run that goes on. Null: nothing to decide.
   */
  openRun: arrearsRunDto.nullable(),
  /** The member's runs (not withdrawn), newest first: warnings sent, flags, decisions. */
  runs: z.array(arrearsRunDto),
  /** Where the member stands today: the figures the sheet and 我的党费 show. */
  standing: duesStandingDto,
});
export type ArrearsRowDto = z.infer<typeof arrearsRowDto>;

export const arrearsPage = z.object({
  data: z.array(arrearsRowDto),
  total: z.number(),
  counts: z.object({ lapse: z.number(), warning: z.number(), arrears: z.number() }),
  /** The rules applied, for the page's explanation. */
  rules: z.object({ warningMonths: z.number(), lapseMonths: z.number(), backpayMaxMonths: z.number() }),
});

export const lapseDecisionBody = z.object({
  /** The run of unpaid months the decision settles. */
  runId: z.number().int().positive().max(MAX_ID),
  decision: z.enum(LAPSE_DECISIONS),
  decidedOn: isoDate,
  deadlineOn: isoDate.optional(),
  note: z.string().trim().min(4, '决定说明：至少4个字').max(2000),
});

/** POST /api/dues/lapse-decisions answer (201): the decision and what follows from it. */
export const lapseDecisionResult = lapseDecisionDto.extend({ message: z.string() });

// ---- summary, remittances, reconciliation ---------------------------------------------------

export const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

const figures = {
  members: z.number(),
  expectedFen: z.number(),
  paidFen: z.number(),
  /** paid / expected, 0..1; null when nothing was expected. */
  rate: z.number().nullable(),
  unpaidMembers: z.number(),
};

export const duesSummaryDto = z.object({
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  totals: z.object({
    ...figures,
    voluntaryFen: z.number(),
    /** Voluntary extras at or above the limit: go entirely to the Centre (第十一条). */
    toCentreFen: z.number(),
    warningMembers: z.number(),
    lapseMembers: z.number(),
  }),
  months: z.array(z.object({ month: z.string(), ...figures })),
  /** Direct children with their subtree figures for the year, for side-by-side comparison. */
  children: z.array(z.object({ orgId: z.number(), orgName: z.string(), kind: z.string(), ...figures })),
});
export type DuesSummaryDto = z.infer<typeof duesSummaryDto>;

export const remittanceBody = z.object({
  fromOrgId: z.number().int().positive().max(MAX_ID),
  /** A higher org of the sender (default: its parent). */
  toOrgId: z.number().int().positive().max(MAX_ID).optional(),
  amountFen: positiveFen,
  remittedOn: isoDate,
  periodFrom: month,
  periodTo: month,
  voucherNo: z.string().trim().max(60).optional(),
  note: z.string().trim().max(500).optional(),
});

export const remittanceConfirmBody = z.object({ confirmedOn: isoDate });

export const remittanceQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID),
  year: z.coerce.number().int().min(2000).max(2100),
});

export const remittanceDto = z.object({
  id: z.number(),
  fromOrgId: z.number(),
  fromOrgName: z.string(),
  toOrgId: z.number(),
  toOrgName: z.string(),
  amountFen: z.number(),
  remittedOn: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  voucherNo: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(['sent', 'confirmed']),
  confirmedOn: z.string().nullable(),
  /** 'out' when the org sent it, 'in' when it received it. */
  direction: z.enum(['in', 'out']),
  /** The org's held balance after this line (running balance in the remittance ledger). */
  balanceFen: z.number(),
  abilities: z.object({ confirm: z.boolean() }),
});

export const remittanceLedgerDto = z.object({
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  collectedFen: z.number(),
  receivedFen: z.number(),
  remittedFen: z.number(),
  heldFen: z.number(),
  lines: z.array(remittanceDto),
});

export const reconciliationRowDto = z.object({
  orgId: z.number(),
  orgName: z.string(),
  depth: z.number(),
  /** Payments booked by the org's own members (regular + voluntary, unvoided) in the year. */
  collectedFen: z.number(),
  /** Remittances confirmed as received from lower orgs. */
  receivedFen: z.number(),
  /** Remittances sent up. */
  remittedFen: z.number(),
  /** Sent up but not yet confirmed by the receiver (在途). */
  inTransitFen: z.number(),
  /** collected + received − remitted. */
  heldFen: z.number(),
  /** True when held ≥ 0 and nothing is in transit. */
  balanced: z.boolean(),
  problem: z.string().nullable(),
});
export const reconciliationDto = z.object({
  orgId: z.number(),
  year: z.number(),
  rows: z.array(reconciliationRowDto),
});

// ---- import ---------------------------------------------------------------------------------

export const importQuery = z.object({ orgId: z.coerce.number().int().positive().max(MAX_ID) });

export const importRowDto = z.object({
  row: z.number(),
  memberId: z.number().nullable(),
  memberName: z.string(),
  category: z.string().nullable(),
  effectiveMonth: z.string().nullable(),
  baseFen: z.number().nullable(),
  amountFen: z.number().nullable(),
  monthlyFen: z.number().nullable(),
});
export const importErrorDto = z.object({ row: z.number(), column: z.string(), message: z.string() });
export const importDto = z.object({
  id: z.number(),
  orgId: z.number(),
  fileName: z.string(),
  status: z.enum(['previewed', 'committed']),
  rows: z.array(importRowDto),
  errors: z.array(importErrorDto),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
});
export type ImportDto = z.infer<typeof importDto>;

// ---- errors ---------------------------------------------------------------------------------

/**
 * The dues area's error codes (`DUES_…`): stable, each with its status and Chinese message. A refused
 * payment, profile or decision answers its first finding's code (422), every finding in `details`
 * with its rule, citation and deciding date where a rule of the catalog decides.
 */
export const DUES_ERRORS = {
  // Findings of the rules (422).
  DUES_AMOUNT: { status: 422, message: '金额：须大于0' },
  DUES_PAID_ON: { status: 422, message: '交纳日期：不能晚于今天' },
  DUES_ADVANCE: { status: 422, message: '所属月份：超过可提前交纳的月数' },
  DUES_NOT_OWED: { status: 422, message: '所属月份：该党员这个月不在党费台账内' },
  DUES_UNSET: { status: 422, message: '所属月份：尚未核定党费基数' },
  DUES_EXEMPT: { status: 422, message: '所属月份：该月经批准免交' },
  DUES_SETTLED: { status: 422, message: '所属月份：该月已交清' },
  DUES_OVERPAY: { status: 422, message: '金额：超过该月欠交额' },
  DUES_PROFILE: { status: 422, message: '党费档案不符合规定' },
  DUES_NOT_FLAGGED: { status: 422, message: '这段连续未交不足规定月数，只能批评教育、限期改正' },
  DUES_REMITTANCE_OVER_HELD: { status: 422, message: '金额：超过本组织可上缴的结存' },
  // The record's state (409).
  DUES_IDEMPOTENCY_CONFLICT: { status: 409, message: '幂等键：该键已用于其他请求，请更换' },
  DUES_DUPLICATE_REF: { status: 409, message: '交易号：该笔线上支付已登记，不能重复入账' },
  DUES_PAYMENT_ALREADY_VOID: { status: 409, message: '该笔交纳已作废，不能重复作废' },
  DUES_MEMBER_NOT_CURRENT: { status: 409, message: '该党员已不在册，不能登记党费档案' },
  DUES_PROFILE_ALREADY_DECIDED: { status: 409, message: '该党费档案已审批，不能重复审批' },
  DUES_RUN_ALREADY_DECIDED: { status: 409, message: '这段连续未交党费已有党支部决定，不能重复决定' },
  DUES_RUN_WITHDRAWN: { status: 409, message: '这段连续未交党费已因记录更正撤销，无需决定' },
  DUES_REMITTANCE_ALREADY_CONFIRMED: { status: 409, message: '该笔上缴款已确认到账' },
} as const satisfies ErrorMap;
export type DuesErrorCode = keyof typeof DUES_ERRORS;

/** What `checkPayment` may refuse (domain/dues/ledger.ts), in the order it checks. */
const PAYMENT_FINDINGS = [
  'DUES_AMOUNT',
  'DUES_PAID_ON',
  'DUES_ADVANCE',
  'DUES_NOT_OWED',
  'DUES_UNSET',
  'DUES_EXEMPT',
  'DUES_SETTLED',
  'DUES_OVERPAY',
] as const satisfies readonly DuesErrorCode[];

// ---- routes ---------------------------------------------------------------------------------

const tag = 'dues';

/**
 * The optional `Idempotency-Key` request header (a client-chosen token, 1–200 characters). Other
 * headers pass: the schema only documents the one the route reads.
 */
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .optional()
    .describe('幂等键：同一键、同一内容的重复请求返回首次结果（响应头 Idempotent-Replayed: true）'),
});

/** A 413 answered by the upload before the import reads the file. */
const uploadTooLarge = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ field: z.string(), message: z.string() })),
  requestId: z.string(),
});

export const duesApi = {
  // profiles
  memberProfiles: defineRoute({
    method: 'GET',
    path: '/api/members/:id/dues-profiles',
    permission: 'dues.read',
    tag,
    summary: '党员的党费档案（新的在前）',
    params: idParam,
    responses: { 200: profileList },
  }),
  createProfile: defineRoute({
    method: 'POST',
    path: '/api/members/:id/dues-profiles',
    permission: 'dues.write',
    tag,
    summary: '登记党费档案（自某月起；生活困难减免须上级党委批准）',
    params: idParam,
    body: profileCreateBody,
    responses: { 201: profileDto },
    errors: ['DUES_PROFILE', 'DUES_MEMBER_NOT_CURRENT'],
  }),
  pendingProfiles: defineRoute({
    method: 'GET',
    path: '/api/dues/profiles/pending',
    permission: 'dues.approve',
    tag,
    summary: '待上级党委审批的减免档案（最早的500条；总数为全部待审批数）',
    query: pendingProfilesQuery,
    responses: { 200: profileList },
  }),
  decideProfile: defineRoute({
    method: 'POST',
    path: '/api/dues/profiles/:id/decision',
    permission: 'dues.approve',
    tag,
    summary: '上级党委审批减免档案',
    params: idParam,
    body: profileDecisionBody,
    responses: { 200: profileDto },
    errors: ['DUES_PROFILE_ALREADY_DECIDED'],
  }),
  // a member's page, the sheet
  memberDues: defineRoute({
    method: 'GET',
    path: '/api/members/:id/dues',
    permission: 'dues.read',
    tag,
    summary: '党员的党费：档案、逐月台账、交纳记录、欠交',
    params: idParam,
    query: memberDuesQuery,
    responses: { 200: memberDuesDto },
  }),
  ledger: defineRoute({
    method: 'GET',
    path: '/api/dues/ledger',
    permission: 'dues.read',
    tag,
    summary: '党费收缴台账（组织及下级，按月）',
    query: ledgerQuery,
    responses: { 200: ledgerPage },
  }),
  ledgerExport: defineRoute({
    method: 'GET',
    path: '/api/dues/ledger/export',
    permission: 'dues.read',
    tag,
    summary: '导出党费台账（.xlsx，带水印，记入审计）',
    query: ledgerExportQuery,
    responses: { 200: fileResponse('党费台账（.xlsx）') },
    errors: ['EXPORTS_TOO_MANY_ROWS'],
  }),
  // payments
  pay: defineRoute({
    method: 'POST',
    path: '/api/dues/payments',
    permission: 'dues.write',
    tag,
    summary: '登记一笔党费（支持 Idempotency-Key：重复请求返回首次结果）',
    headers: idempotencyHeaders,
    body: paymentBody,
    responses: {
      201: paymentResult.describe(
        '已登记；同一幂等键、同一内容的重复请求返回首次的结果（同为201，响应头 Idempotent-Replayed: true）',
      ),
    },
    errors: [...PAYMENT_FINDINGS, 'DUES_DUPLICATE_REF', 'DUES_IDEMPOTENCY_CONFLICT'],
  }),
  payBatch: defineRoute({
    method: 'POST',
    path: '/api/dues/payments/batch',
    permission: 'dues.write',
    tag,
    summary: '批量登记交清（全部成功或全部不登记；支持 Idempotency-Key）',
    headers: idempotencyHeaders,
    body: paymentBatchBody,
    responses: {
      201: paymentBatchResult.describe(
        '已登记；同一幂等键、同一内容的重复请求返回首次的结果（同为201，响应头 Idempotent-Replayed: true）',
      ),
    },
    errors: [...PAYMENT_FINDINGS, 'DUES_IDEMPOTENCY_CONFLICT'],
  }),
  payments: defineRoute({
    method: 'GET',
    path: '/api/dues/payments',
    permission: 'dues.read',
    tag,
    summary: '交纳记录（按组织或党员）',
    query: paymentListQuery,
    responses: { 200: paymentPage },
  }),
  voidPayment: defineRoute({
    method: 'POST',
    path: '/api/dues/payments/:id/void',
    permission: 'dues.write',
    tag,
    summary: '作废一笔交纳（须说明原因）',
    params: idParam,
    body: paymentVoidBody,
    responses: { 200: paymentResult },
    errors: ['DUES_PAYMENT_ALREADY_VOID'],
  }),
  // arrears and lapse
  arrears: defineRoute({
    method: 'GET',
    path: '/api/dues/arrears',
    permission: 'dues.read',
    tag,
    summary: '欠交党费名单（连续未交预警、党章第九条提示）',
    query: arrearsQuery,
    responses: { 200: arrearsPage },
  }),
  lapseDecision: defineRoute({
    method: 'POST',
    path: '/api/dues/lapse-decisions',
    permission: 'dues.write',
    tag,
    summary: '登记党支部对连续未交党费党员的决定',
    body: lapseDecisionBody,
    responses: { 201: lapseDecisionResult },
    errors: ['DUES_NOT_FLAGGED', 'DUES_RUN_ALREADY_DECIDED', 'DUES_RUN_WITHDRAWN'],
  }),
  // summary, remittances, reconciliation
  summary: defineRoute({
    method: 'GET',
    path: '/api/orgs/:id/dues-summary',
    permission: 'dues.read',
    tag,
    summary: '党费收缴汇总（按月、按下级组织）',
    params: idParam,
    query: yearQuery,
    responses: { 200: duesSummaryDto },
  }),
  reconciliation: defineRoute({
    method: 'GET',
    path: '/api/orgs/:id/dues-reconciliation',
    permission: 'dues.read',
    tag,
    summary: '党费对账：收缴＝上缴＋结存（按组织）',
    params: idParam,
    query: yearQuery,
    responses: { 200: reconciliationDto },
  }),
  remittances: defineRoute({
    method: 'GET',
    path: '/api/dues/remittances',
    permission: 'dues.read',
    tag,
    summary: '党费上缴台账（上缴与接收，含结存余额）',
    query: remittanceQuery,
    responses: { 200: remittanceLedgerDto },
  }),
  remit: defineRoute({
    method: 'POST',
    path: '/api/dues/remittances',
    permission: 'dues.write',
    tag,
    summary: '向上级党组织上缴党费（不超过结存）',
    body: remittanceBody,
    responses: { 201: remittanceDto },
    errors: ['DUES_REMITTANCE_OVER_HELD'],
  }),
  confirmRemittance: defineRoute({
    method: 'POST',
    path: '/api/dues/remittances/:id/confirm',
    permission: 'dues.write',
    tag,
    summary: '接收方确认上缴款到账',
    params: idParam,
    body: remittanceConfirmBody,
    responses: { 200: remittanceDto },
    errors: ['DUES_REMITTANCE_ALREADY_CONFIRMED'],
  }),
  // the import of bases
  importTemplate: defineRoute({
    method: 'GET',
    path: '/api/dues/imports/template',
    permission: 'dues.write',
    tag,
    summary: '党费基数导入模板（.xlsx，预填本组织党员）',
    query: importQuery,
    responses: { 200: fileResponse('党费基数导入模板（.xlsx）') },
  }),
  upload: defineRoute({
    method: 'POST',
    path: '/api/dues/imports',
    permission: 'dues.write',
    tag,
    summary: '上传党费基数文件（.xlsx，不超过5MB），生成预览',
    query: importQuery,
    /** The multipart form: one part, `file` (the web sends it as FormData). */
    body: z.object({ file: z.unknown() }),
    multipart: true,
    responses: { 201: importDto, 413: uploadTooLarge },
    errors: ['IMPORTS_FILE_UNREADABLE'],
  }),
  import: defineRoute({
    method: 'GET',
    path: '/api/dues/imports/:id',
    permission: 'dues.write',
    tag,
    summary: '导入预览：各行数据与错误',
    params: idParam,
    responses: { 200: importDto },
  }),
  commitImport: defineRoute({
    method: 'POST',
    path: '/api/dues/imports/:id/commit',
    permission: 'dues.write',
    tag,
    summary: '提交导入（全部写入或全部不写入）',
    params: idParam,
    responses: { 200: importDto },
    errors: ['IMPORTS_PREVIEW_COMMITTED', 'IMPORTS_PREVIEW_HAS_ERRORS', 'IMPORTS_PREVIEW_STALE'],
  }),
} satisfies ContractGroup;
