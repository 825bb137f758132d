import { z } from 'zod';
import { isoDate, MAX_ID, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import type { ContractGroup } from './route.js';

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

// ---- errors ---------------------------------------------------------------------------------

/** The transfers area's error codes (`TRANSFERS_…`): stable, each with its status and Chinese message. */
export const TRANSFERS_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const transfersApi = {} satisfies ContractGroup;
