/**
 * 在线缴纳党费 (decision 0041): a member's order for the months due, paid through a payment
 * provider whose signed callback books the payments; the branch's view of the orders and of every
 * callback received; reconciliation of orders left pending; and the simulated provider's cashier
 * (a page of the app that plays the provider in the demo and the tests). Months are 'YYYY-MM',
 * money integer fen.
 */
import { z } from 'zod';
import { MAX_ID, MAX_PAGE } from './common.js';
import { month } from './dues.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute, timestamp } from './route.js';

export const ONLINE_ORDER_STATUSES = ['pending', 'paid', 'closed', 'failed'] as const;
export type OnlineOrderStatus = (typeof ONLINE_ORDER_STATUSES)[number];
export const ONLINE_ORDER_STATUS_LABELS: Record<OnlineOrderStatus, string> = {
  pending: '待支付',
  paid: '已支付',
  closed: '已关闭',
  failed: '未能入账',
};

/** What became of a provider's callback (dues_payment_callbacks.outcome). */
export const CALLBACK_OUTCOMES = [
  'booked',
  'duplicate',
  'replayed',
  'bad_signature',
  'unknown_order',
  'amount_mismatch',
  'stale',
  'malformed',
  'refused',
] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];
export const CALLBACK_OUTCOME_LABELS: Record<CallbackOutcome, string> = {
  booked: '已入账',
  duplicate: '重复通知（已入账，未重复记账）',
  replayed: '重放的通知（未入账）',
  bad_signature: '签名无效（未入账）',
  unknown_order: '订单不存在（未入账）',
  amount_mismatch: '金额不符（未入账）',
  stale: '时间戳过期（未入账）',
  malformed: '格式不正确（未入账）',
  refused: '台账已变化、未能入账（待党支部处理）',
};

export const PAYMENT_PROVIDER_LABELS: Record<string, string> = {
  simulated: '模拟支付（演示）',
  wechat: '微信支付',
  bank: '银行聚合支付',
};

/** Our order number (商户订单号): 'DO' and digits and capitals. */
export const orderNoParam = z.object({
  orderNo: z.string().regex(/^[A-Z0-9]{8,32}$/, '订单号：格式不正确'),
});

export const onlineOrderBody = z.object({
  /**
   * The months to pay: months due, consecutive from the oldest one due (default: every month due,
   * today's included).
   */
  months: z.array(month).min(1, '缴纳月份：请至少选择一个月').max(24, '缴纳月份：一次最多24个月').optional(),
});

export const onlineOrderDto = z.object({
  orderNo: z.string(),
  memberId: z.number(),
  memberName: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  months: z.array(z.string()),
  amountFen: z.number(),
  provider: z.string(),
  status: z.enum(ONLINE_ORDER_STATUSES),
  providerTxnId: z.string().nullable(),
  createdAt: timestamp,
  expiresAt: timestamp,
  paidAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  /** Where the member pays (the provider's cashier): only for the member's own pending order. */
  payUrl: z.string().nullable(),
});
export type OnlineOrderDto = z.infer<typeof onlineOrderDto>;

/** A month the member owes, as the online payment offers it. */
export const dueMonthDto = z.object({
  month: z.string(),
  balanceFen: z.number(),
  /** Today's month (payable within it, not in arrears). */
  current: z.boolean(),
});

export const myOnlineDto = z.object({
  /** Whether this deployment takes payments online (a provider is configured). */
  enabled: z.boolean(),
  provider: z.string().nullable(),
  /** The months due, oldest first, with what each still asks. */
  due: z.array(dueMonthDto),
  pending: onlineOrderDto.nullable(),
  /** The latest order (paid, closed or pending), for the result shown on return from the cashier. */
  latest: onlineOrderDto.nullable(),
});
export type MyOnlineDto = z.infer<typeof myOnlineDto>;

export const onlineOrderListQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID),
  status: z.enum(ONLINE_ORDER_STATUSES).optional(),
  current: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const onlineCallbackListQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID),
  current: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const callbackLogDto = z.object({
  id: z.number(),
  provider: z.string(),
  orderNo: z.string().nullable(),
  providerTxnId: z.string().nullable(),
  outcome: z.enum(CALLBACK_OUTCOMES),
  detail: z.string().nullable(),
  ip: z.string().nullable(),
  receivedAt: timestamp,
  /** The order's member and org, when the order is known. */
  memberName: z.string().nullable(),
  orgId: z.number().nullable(),
});
export type CallbackLogDto = z.infer<typeof callbackLogDto>;

export const reconcileBody = z.object({ orgId: z.number().int().positive().max(MAX_ID) });
export const reconcileResult = z.object({
  queried: z.number(),
  booked: z.number(),
  closed: z.number(),
  stillPending: z.number(),
});

/** The provider's callback: its own body, verified against the raw bytes by the adapter. */
export const callbackParams = z.object({ provider: z.string().min(1).max(20) });
export const callbackAck = z.object({ code: z.enum(['SUCCESS', 'FAIL']), message: z.string() });
/** A refusal: FAIL from the handler, or the platform's own error body (a body that is not JSON). */
const callbackRefusal = z.looseObject({ code: z.string(), message: z.string() });

/** The simulated cashier: the order's token from the pay URL is the credential. */
export const cashierBody = z.object({ token: z.string().min(1).max(128) });
export const cashierPayBody = cashierBody.extend({
  /** false: the provider takes the money but its callback is lost (for the reconciliation). */
  deliver: z.boolean().default(true),
});
export const cashierDto = z.object({
  orderNo: z.string(),
  merchant: z.string(),
  description: z.string(),
  amountFen: z.number(),
  months: z.array(z.string()),
  status: z.enum(['pending', 'paid', 'closed']),
  expiresAt: timestamp,
});
export const cashierPayResult = z.object({
  status: z.enum(['paid', 'closed']),
  txnId: z.string().nullable(),
  /** What our callback endpoint answered the simulated provider (null: not delivered). */
  notified: callbackAck.nullable(),
  /** Where the member goes back to. */
  returnUrl: z.string(),
});

export const DUES_ONLINE_ERRORS = {
  DUES_ONLINE_DISABLED: { status: 409, message: '本系统未开通在线缴纳党费，请向党支部缴纳' },
  DUES_ONLINE_NOTHING_DUE: { status: 422, message: '您目前没有需要缴纳的党费' },
  DUES_ONLINE_MONTHS: {
    status: 422,
    message: '缴纳月份：须为欠交的月份，从最早欠交的一个月起连续选择',
  },
  DUES_ONLINE_ORDER_PENDING: {
    status: 409,
    message: '您有一笔待支付的订单，请继续支付或取消后再发起',
  },
  DUES_ONLINE_ORDER_NOT_PENDING: { status: 409, message: '该订单已支付或已关闭' },
} as const satisfies ErrorMap;

const tag = 'dues-online';

export const duesOnlineApi = {
  mine: defineRoute({
    method: 'GET',
    path: '/api/dues/online/mine',
    permission: 'dues.pay',
    tag,
    summary: '本人在线缴纳党费：是否开通、待缴月份、待支付订单',
    responses: { 200: myOnlineDto },
  }),
  createOrder: defineRoute({
    method: 'POST',
    path: '/api/dues/online/orders',
    permission: 'dues.pay',
    tag,
    summary: '发起在线缴纳（本人欠交的月份，从最早一个月起连续；同一时间只有一笔待支付订单）',
    body: onlineOrderBody,
    responses: { 201: onlineOrderDto },
    errors: [
      'DUES_ONLINE_DISABLED',
      'DUES_ONLINE_NOTHING_DUE',
      'DUES_ONLINE_MONTHS',
      'DUES_ONLINE_ORDER_PENDING',
    ],
  }),
  getOrder: defineRoute({
    method: 'GET',
    path: '/api/dues/online/orders/:orderNo',
    permission: 'dues.read',
    tag,
    summary: '在线缴纳订单（本人的，或管辖范围内的）',
    params: orderNoParam,
    responses: { 200: onlineOrderDto },
  }),
  cancelOrder: defineRoute({
    method: 'POST',
    path: '/api/dues/online/orders/:orderNo/cancel',
    permission: 'dues.pay',
    tag,
    summary: '取消本人待支付的订单（同时在支付机构关闭）',
    params: orderNoParam,
    responses: { 200: onlineOrderDto },
    errors: ['DUES_ONLINE_ORDER_NOT_PENDING'],
  }),
  orders: defineRoute({
    method: 'GET',
    path: '/api/dues/online/orders',
    permission: 'dues.read',
    tag,
    summary: '在线缴纳订单（组织及下级，新的在前）',
    query: onlineOrderListQuery,
    responses: { 200: z.object({ data: z.array(onlineOrderDto), total: z.number() }) },
  }),
  callbacks: defineRoute({
    method: 'GET',
    path: '/api/dues/online/callbacks',
    permission: 'dues.read',
    tag,
    summary: '支付结果通知记录（组织及下级的订单；何时、结果如何，不含密钥与报文）',
    query: onlineCallbackListQuery,
    responses: { 200: z.object({ data: z.array(callbackLogDto), total: z.number() }) },
  }),
  reconcile: defineRoute({
    method: 'POST',
    path: '/api/dues/online/reconcile',
    permission: 'dues.write',
    tag,
    summary: '对账：向支付机构查询久未收到通知的订单，已支付的入账，过期的关闭',
    body: reconcileBody,
    responses: { 200: reconcileResult },
    errors: ['DUES_ONLINE_DISABLED'],
  }),
  callback: defineRoute({
    method: 'POST',
    path: '/api/dues/online/callback/:provider',
    permission: 'public',
    tag,
    summary: '支付机构的支付结果通知（验签；重复、重放、签名无效、未知订单、金额不符、过期的均不入账并记录）',
    params: callbackParams,
    body: z.unknown(),
    responses: {
      200: callbackAck.describe('已入账，或此前已入账（重复通知）：支付机构停止重发'),
      400: callbackRefusal.describe('格式不正确、金额不符、时间戳过期或重放：不入账'),
      401: callbackRefusal.describe('签名无效：不入账'),
      404: callbackRefusal.describe('订单不存在或未开通该支付机构：不入账'),
    },
  }),
  cashier: defineRoute({
    method: 'POST',
    path: '/api/dues/online/simulated/:orderNo',
    permission: 'public',
    tag,
    summary: '模拟支付机构的收银台：查看订单（凭支付链接中的令牌）',
    params: orderNoParam,
    body: cashierBody,
    responses: { 200: cashierDto },
  }),
  cashierPay: defineRoute({
    method: 'POST',
    path: '/api/dues/online/simulated/:orderNo/pay',
    permission: 'public',
    tag,
    summary: '模拟支付机构的收银台：支付（模拟机构签名后通知本系统）',
    params: orderNoParam,
    body: cashierPayBody,
    responses: { 200: cashierPayResult },
    errors: ['DUES_ONLINE_ORDER_NOT_PENDING'],
  }),
} satisfies ContractGroup;
