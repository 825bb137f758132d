import { z } from 'zod';
import { idParam, isoDate, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute } from './route.js';

export const TRANSFER_STATUSES = ['pending', 'accepted', 'rejected', 'cancelled'] as const;
export const TRANSFER_STATUS_LABELS: Record<(typeof TRANSFER_STATUSES)[number], string> = {
  pending: '办理中',
  accepted: '已接收',
  rejected: '已退回',
  cancelled: '已撤回',
};

export const transferDto = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  fromOrgId: z.number(),
  fromOrgName: z.string(),
  toOrgId: z.number(),
  toOrgName: z.string(),
  kind: z.string(),
  status: z.enum(TRANSFER_STATUSES),
  letterNumber: z.string(),
  reason: z.string(),
  requestedOn: z.string(),
  requestedByName: z.string().nullable(),
  respondedOn: z.string().nullable(),
  respondedByName: z.string().nullable(),
  responseNote: z.string().nullable(),
  /** Which side the caller may act for. */
  abilities: z.object({ accept: z.boolean(), reject: z.boolean(), cancel: z.boolean() }),
});
export type TransferDto = z.infer<typeof transferDto>;

export const transferCreateBody = z.object({
  memberId: z.number().int().positive().max(MAX_ID),
  toOrgId: z.number().int().positive().max(MAX_ID),
  letterNumber: z.string().trim().min(1, '请填写介绍信编号').max(40, '介绍信编号不超过40个字符'),
  reason: z.string().trim().min(2, '请填写转接原因').max(200),
  requestedOn: isoDate.optional(),
});

export const transferRespondBody = z.object({
  note: z.string().trim().max(200).optional(),
  /** The day the relation moved; defaults to today. */
  effectiveOn: isoDate.optional(),
});

export const transferListQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  direction: z.enum(['in', 'out', 'all']).default('all'),
  status: z.enum(TRANSFER_STATUSES).optional(),
  memberId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  ...pageQuery,
});

export const transferTargetsQuery = z.object({ q: z.string().trim().min(1, '请输入名称').max(50) });
/** A receiving branch: its id, name and kind only (the receiving side may be out of the caller's scope). */
export const transferTargetDto = z.object({ id: z.number(), name: z.string(), kind: z.string() });

// ---- errors ---------------------------------------------------------------------------------

/** The transfers area's error codes (`TRANSFERS_…`): stable, each with its status and Chinese message. */
export const TRANSFERS_ERRORS = {
  TRANSFERS_ALREADY_PENDING: { status: 409, message: '该党员已有一笔待接收的组织关系转接' },
  /** Accepted, rejected or withdrawn already: a transfer is answered once. */
  TRANSFERS_NOT_PENDING: { status: 409, message: '该转接已办结，不能重复处理' },
  /** The receiving org was dissolved while the transfer waited. */
  TRANSFERS_TARGET_DISSOLVED: { status: 409, message: '转入党组织已撤销' },
  TRANSFERS_MEMBER_OFF_REGISTER: { status: 400, message: '党员已不在册，不能转接组织关系' },
  TRANSFERS_TARGET_NOT_BRANCH: { status: 400, message: '转入党组织应为正常运行的党支部或联合党支部' },
  TRANSFERS_SAME_ORG: { status: 400, message: '转入党组织与现在所在的党组织相同' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const tag = 'transfers';

/** An answer to a pending transfer: the receiving side accepts or rejects, the sending side withdraws. */
const answer = <const P extends `/api/${string}`>(path: P, summary: string) =>
  defineRoute({
    method: 'POST',
    path,
    permission: 'transfer.write',
    tag,
    summary,
    params: idParam,
    body: transferRespondBody,
    responses: { 200: transferDto },
    errors: ['TRANSFERS_NOT_PENDING', 'TRANSFERS_TARGET_DISSOLVED'],
  });

/** Internal transfers. The list's export (`/api/transfers/export`) is the exports module's. */
export const transfersApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/transfers',
    permission: 'transfer.read',
    tag,
    summary: '组织关系转接（转出、转入）',
    query: transferListQuery,
    responses: { 200: page(transferDto) },
  }),
  targets: defineRoute({
    method: 'GET',
    path: '/api/transfers/targets',
    permission: 'transfer.write',
    tag,
    summary: '可转入的党支部（全系统按名称搜索）',
    query: transferTargetsQuery,
    responses: { 200: z.array(transferTargetDto) },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/transfers/:id',
    permission: 'transfer.read',
    tag,
    summary: '转接详情',
    params: idParam,
    responses: { 200: transferDto },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/transfers',
    permission: 'transfer.write',
    tag,
    summary: '发起组织关系转接（转出方）',
    body: transferCreateBody,
    responses: { 201: transferDto },
    errors: [
      'TRANSFERS_ALREADY_PENDING',
      'TRANSFERS_MEMBER_OFF_REGISTER',
      'TRANSFERS_TARGET_NOT_BRANCH',
      'TRANSFERS_SAME_ORG',
    ],
  }),
  accept: answer('/api/transfers/:id/accept', '接收（转入方）'),
  reject: answer('/api/transfers/:id/reject', '退回（转入方）'),
  cancel: answer('/api/transfers/:id/cancel', '撤回（转出方）'),
} satisfies ContractGroup;
