import { z } from 'zod';
import { COMMITTEE_ROLES, ORG_KINDS, SECTORS } from '../../domain/org/labels.js';
import { idParam, isoDate, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute } from './route.js';

export const orgSummaryDto = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  sector: z.enum(SECTORS),
  status: z.enum(['active', 'dissolved']),
  path: z.string(),
  hasChildren: z.boolean(),
  /** Members registered in this org's whole subtree (current, not left or deceased). */
  memberCount: z.number(),
});
export type OrgSummaryDto = z.infer<typeof orgSummaryDto>;

export const violationDto = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  ruleId: z.string(),
  citation: z.string(),
});

export const committeeMemberDto = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  role: z.enum(COMMITTEE_ROLES),
  category: z.string(),
  startedOn: z.string(),
});

export const termDto = z.object({ id: z.number(), termStart: z.string(), termEnd: z.string() });

export const orgDto = orgSummaryDto.extend({
  shortName: z.string().nullable(),
  divisionCode: z.string().nullable(),
  divisionName: z.string().nullable(),
  foundedOn: z.string().nullable(),
  dissolvedOn: z.string().nullable(),
  dissolveReason: z.string().nullable(),
  coveredUnits: z.array(z.string()),
  /** 有发展党员审批权: approves admissions and confirmations of the branches below it. */
  approvesDevelopment: z.boolean(),
  depth: z.number(),
  stats: z.object({
    fullMembers: z.number(),
    probationaryMembers: z.number(),
    directMembers: z.number(),
    childOrgs: z.number(),
  }),
  term: termDto.nullable(),
  committee: z.array(committeeMemberDto),
  violations: z.array(violationDto),
  abilities: z.object({
    update: z.boolean(),
    move: z.boolean(),
    dissolve: z.boolean(),
    addChild: z.boolean(),
  }),
});
export type OrgDto = z.infer<typeof orgDto>;

const name = z.string().trim().min(2, '名称至少2个字').max(100, '名称不超过100个字');
const divisionCode = z
  .string()
  .regex(/^\d{6}(\d{3})?(\d{3})?$/, '行政区划代码应为6、9或12位数字')
  .nullable()
  .optional();

export const orgCreateBody = z.object({
  parentId: z.number().int().positive().max(MAX_ID),
  name,
  shortName: z.string().trim().max(40).nullable().optional(),
  kind: z.enum(ORG_KINDS),
  sector: z.enum(SECTORS),
  divisionCode,
  foundedOn: isoDate,
  coveredUnits: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  /** Defaults to true for a 党委, except a village or community 党委 under a township or street 党委. */
  approvesDevelopment: z.boolean().optional(),
});

export const orgPatchBody = z
  .object({
    name: name.optional(),
    shortName: z.string().trim().max(40).nullable().optional(),
    sector: z.enum(SECTORS).optional(),
    divisionCode,
    foundedOn: isoDate.optional(),
    coveredUnits: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
    approvesDevelopment: z.boolean().optional(),
    /** When the change took effect, for the history; defaults to today. */
    effectiveOn: isoDate.optional(),
    reason: z.string().trim().max(200).optional(),
  })
  .strict();

export const orgMoveBody = z.object({
  parentId: z.number().int().positive().max(MAX_ID),
  effectiveOn: isoDate.optional(),
  reason: z.string().trim().min(2, '请填写调整原因').max(200),
});

export const orgDissolveBody = z.object({
  dissolvedOn: isoDate,
  reason: z.string().trim().min(2, '请填写撤销原因').max(200),
});

export const orgListQuery = z.object({
  q: z.string().trim().max(50).optional(),
  kind: z.enum(ORG_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const asOfQuery = z.object({ asOf: isoDate.optional() });

/**
 * Children a page at a time (issue #21: a city's 市直机关工委 has 710), in the tree's order, with
 * their total. 100 a page unless asked; a branch's party groups fit in one page of 500.
 */
export const CHILDREN_PAGE = 100;
export const childrenQuery = asOfQuery.extend({
  current: pageQuery.current,
  pageSize: z.coerce.number().int().min(1).max(500).default(CHILDREN_PAGE),
});

export const orgHistoryDto = z.object({
  validFrom: z.string(),
  validTo: z.string().nullable(),
  parentId: z.number().nullable(),
  parentName: z.string().nullable(),
  name: z.string(),
  status: z.string(),
  change: z.string(),
  reason: z.string().nullable(),
});

export const termCreateBody = z.object({
  termStart: isoDate,
  termEnd: isoDate.optional(),
  committee: z
    .array(z.object({ memberId: z.number().int().positive().max(MAX_ID), role: z.enum(COMMITTEE_ROLES) }))
    .min(1, '至少应有1名委员')
    .max(15),
});

// ---- errors ---------------------------------------------------------------------------------

/** The orgs area's error codes (`ORGS_…`): stable, each with its status and Chinese message. */
export const ORGS_ERRORS = {
  /** A dissolved org is history: it is not edited, moved, renewed or dissolved again. */
  ORGS_DISSOLVED: { status: 409, message: '该党组织已撤销' },
  ORGS_PARENT_DISSOLVED: { status: 422, message: '上级党组织已撤销，不能在其下设立组织' },
  /** Dissolution needs an empty org: no active child org, no current member. */
  ORGS_NOT_EMPTY: {
    status: 422,
    message: '该党组织还有下级组织或党员，请先调整隶属关系或转接组织关系后再撤销',
  },
  /** Party groups are not elected and have no term (src/domain/org/term.ts). */
  ORGS_GROUP_HAS_NO_TERM: { status: 422, message: '党小组不设任期' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const tag = 'orgs';
const summaries = z.array(orgSummaryDto);

export const orgsApi = {
  roots: defineRoute({
    method: 'GET',
    path: '/api/orgs/roots',
    permission: 'org.read',
    tag,
    summary: '可见范围的根组织（可按历史日期）',
    query: asOfQuery,
    responses: { 200: summaries },
  }),
  search: defineRoute({
    method: 'GET',
    path: '/api/orgs',
    permission: 'org.read',
    tag,
    summary: '按名称、拼音或首字母搜索党组织',
    query: orgListQuery,
    responses: { 200: page(orgSummaryDto) },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/orgs/:id',
    permission: 'org.read',
    tag,
    summary: '党组织详情（含班子、规则检查）',
    params: idParam,
    responses: { 200: orgDto },
  }),
  children: defineRoute({
    method: 'GET',
    path: '/api/orgs/:id/children',
    permission: 'org.read',
    tag,
    summary: '下级组织（分页，可按历史日期）',
    params: idParam,
    query: childrenQuery,
    responses: { 200: page(orgSummaryDto) },
  }),
  ancestors: defineRoute({
    method: 'GET',
    path: '/api/orgs/:id/ancestors',
    permission: 'org.read',
    tag,
    summary: '上级组织链（可见范围内）',
    params: idParam,
    responses: { 200: summaries },
  }),
  history: defineRoute({
    method: 'GET',
    path: '/api/orgs/:id/history',
    permission: 'org.read',
    tag,
    summary: '名称、隶属关系与状态的历史',
    params: idParam,
    responses: { 200: z.array(orgHistoryDto) },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/orgs',
    permission: 'org.write',
    tag,
    summary: '新建党组织',
    body: orgCreateBody,
    responses: { 201: z.object({ id: z.number() }) },
    errors: ['ORGS_PARENT_DISSOLVED'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/orgs/:id',
    permission: 'org.write',
    tag,
    summary: '修改党组织',
    params: idParam,
    body: orgPatchBody,
    responses: { 200: orgDto },
    errors: ['ORGS_DISSOLVED'],
  }),
  move: defineRoute({
    method: 'POST',
    path: '/api/orgs/:id/move',
    permission: 'org.write',
    tag,
    summary: '调整隶属关系',
    params: idParam,
    body: orgMoveBody,
    responses: { 200: orgDto },
    errors: ['ORGS_DISSOLVED'],
  }),
  dissolve: defineRoute({
    method: 'POST',
    path: '/api/orgs/:id/dissolve',
    permission: 'org.write',
    tag,
    summary: '撤销党组织',
    params: idParam,
    body: orgDissolveBody,
    responses: { 200: orgDto },
    errors: ['ORGS_DISSOLVED', 'ORGS_NOT_EMPTY'],
  }),
  renewTerm: defineRoute({
    method: 'POST',
    path: '/api/orgs/:id/terms',
    permission: 'org.write',
    tag,
    summary: '换届：新任期与班子',
    params: idParam,
    body: termCreateBody,
    responses: { 201: orgDto },
    errors: ['ORGS_DISSOLVED', 'ORGS_GROUP_HAS_NO_TERM'],
  }),
} satisfies ContractGroup;
