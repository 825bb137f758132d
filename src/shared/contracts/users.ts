import { z } from 'zod';
import { idParam, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { ROLES } from './permissions.js';
import { type ContractGroup, defineRoute, timestamp } from './route.js';

/**
 * Accounts, role grants and member links (issue #18, 三员分立). No route grants a role or links a
 * member record on one person's word: a grant is proposed (by a sysadmin) and applied when a
 * security administrator other than the proposer approves it; a link is requested and applied
 * when the member's own org confirms it.
 */

const id = z.number().int().positive().max(MAX_ID);
const reason = z.string().trim().min(2, '请填写理由（至少2个字）').max(200);
const note = z.string().trim().max(200);

/** A grant waiting for the security administrator, as the users list shows it. */
export const pendingGrantDto = z.object({
  requestId: z.number(),
  action: z.enum(['grant', 'revoke']),
  role: z.enum(ROLES),
  orgId: z.number(),
  orgName: z.string(),
});

export const userDto = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  /** The member record this account is, by id only: the sysadmin sees no member data. */
  memberId: z.number().nullable(),
  /** A link to a member record requested and not yet confirmed by the member's org (its id only). */
  pendingMemberId: z.number().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  /** Set by an administrator's reset: the owner must choose a new password at next sign-in. */
  mustChangePassword: z.boolean(),
  roles: z.array(z.object({ role: z.enum(ROLES), orgId: z.number(), orgName: z.string() })),
  pendingGrants: z.array(pendingGrantDto),
  createdAt: timestamp,
});
export type UserDto = z.infer<typeof userDto>;

export const userListQuery = z.object({ q: z.string().trim().max(40).optional(), ...pageQuery });

const roleAt = z.object({ role: z.enum(ROLES), orgId: id });

export const userCreateBody = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,39}$/, '用户名应以字母开头，3至40位字母、数字、点、下划线或连字符'),
    displayName: z.string().trim().min(1).max(40),
    password: z.string().min(10, '密码至少10位').max(200),
    /**
     * The roles the account is meant to have: each becomes a pending grant request (the account is
     * created with none) that a security administrator approves.
     */
    roles: z.array(roleAt).max(10).default([]),
    /** The member record the account is: a link request the member's org confirms (member role). */
    memberId: id.optional(),
    reason,
  })
  // Something to ask for, which also keeps the new account inside its creator's scope.
  .refine((b) => b.roles.length > 0 || b.memberId !== undefined, {
    path: ['roles'],
    message: '至少应申请1个角色或关联党员档案',
  });

/** Account changes that need no second person: none of them adds access. */
export const userPatchBody = z
  .object({
    displayName: z.string().trim().min(1).max(40).optional(),
    active: z.boolean().optional(),
    /** Clears the failed-login count and any lock. */
    unlock: z.literal(true).optional(),
    /** A temporary password: the owner is told and must change it at next sign-in. */
    password: z.string().min(10, '密码至少10位').max(200).optional(),
    /** Ends the link to the member record and the member role (less access: immediate). */
    unlinkMember: z.literal(true).optional(),
  })
  .strict();

export const GRANT_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const GRANT_STATUS_LABELS: Record<(typeof GRANT_STATUSES)[number], string> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  withdrawn: '已撤回',
};
export const GRANT_ACTION_LABELS = { grant: '授予', revoke: '撤销' } as const;

export const grantProposeBody = z.object({
  action: z.enum(['grant', 'revoke']),
  role: z.enum(ROLES),
  orgId: id,
  reason,
});

export const grantRequestDto = z.object({
  id: z.number(),
  userId: z.number(),
  username: z.string(),
  displayName: z.string(),
  action: z.enum(['grant', 'revoke']),
  role: z.enum(ROLES),
  orgId: z.number(),
  orgName: z.string(),
  status: z.enum(GRANT_STATUSES),
  reason: z.string(),
  proposedBy: z.string(),
  proposedAt: timestamp,
  decidedBy: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  decisionNote: z.string().nullable(),
});
export type GrantRequestDto = z.infer<typeof grantRequestDto>;

export const grantListQuery = z.object({
  status: z.enum(['pending', 'decided']).default('pending'),
  userId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  ...pageQuery,
});

export const grantDecisionBody = z.object({ approve: z.boolean(), note: note.optional() });

export const roleRevokeBody = z.object({ role: z.enum(ROLES), orgId: id, reason });

export const LINK_STATUS_LABELS = {
  pending: '待确认',
  confirmed: '已确认',
  rejected: '已拒绝',
  withdrawn: '已撤回',
} as const;

export const memberLinkBody = z.object({ memberId: id, reason });

/** What the sysadmin learns of its link request: ids and the state, no member data. */
export const memberLinkRequestDto = z.object({
  id: z.number(),
  userId: z.number(),
  memberId: z.number(),
  status: z.enum(['pending', 'confirmed', 'rejected', 'withdrawn']),
  requestedAt: timestamp,
});

/** A link request as the member's org sees it: the member's name is in the confirmer's scope. */
export const memberLinkDto = memberLinkRequestDto.extend({
  username: z.string(),
  displayName: z.string(),
  memberName: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  requestedBy: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  decisionNote: z.string().nullable(),
});
export type MemberLinkDto = z.infer<typeof memberLinkDto>;

export const memberLinkListQuery = z.object({
  status: z.enum(['pending', 'decided']).default('pending'),
  ...pageQuery,
});

export const memberLinkDecisionBody = z.object({ confirm: z.boolean(), note: note.optional() });

// ---- errors ---------------------------------------------------------------------------------

/** The users area's error codes (`USERS_…`): stable, each with its status and Chinese message. */
export const USERS_ERRORS = {
  USERS_SELF_CHANGE: { status: 409, message: '不能停用自己或修改自己的角色' },
  USERS_ROLE_SEPARATION: {
    status: 409,
    message: '系统管理员、安全管理员、安全审计员不能兼任，也不能持有业务角色',
  },
  USERS_GRANT_EXISTS: { status: 409, message: '该用户已持有此角色' },
  USERS_GRANT_NOT_HELD: { status: 409, message: '该用户未持有此角色' },
  USERS_GRANT_PENDING: { status: 409, message: '已有相同的授权申请待审批' },
  USERS_GRANT_DECIDED: { status: 409, message: '该申请已处理' },
  USERS_GRANT_OWN_PROPOSAL: { status: 403, message: '不能审批自己提出的授权申请' },
  USERS_GRANT_FOR_SELF: { status: 403, message: '不能审批授予自己的角色' },
  USERS_MEMBER_ROLE_BY_LINK: { status: 409, message: '党员角色随关联党员档案确认后生效，不能直接申请' },
  USERS_ALREADY_LINKED: { status: 409, message: '该账号已关联党员档案，请先解除关联' },
  USERS_MEMBER_HAS_ACCOUNT: { status: 409, message: '该党员档案已关联其他账号' },
  USERS_LINK_PENDING: { status: 409, message: '该账号已有待确认的关联申请' },
  USERS_LINK_DECIDED: { status: 409, message: '该关联申请已处理' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

/** An org where a role may be granted (the sysadmin reads no org data beyond this). */
export const grantableOrgDto = z.object({ id: z.number(), name: z.string(), kind: z.string() });

export const usersApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/users',
    permission: 'user.read',
    tag: 'users',
    summary: '用户与角色',
    query: userListQuery,
    responses: { 200: page(userDto) },
  }),
  orgs: defineRoute({
    method: 'GET',
    path: '/api/users/orgs',
    permission: 'user.write',
    tag: 'users',
    summary: '可分配角色的党组织（管理范围内，按名称、拼音搜索）',
    query: z.object({ q: z.string().trim().min(1).max(50) }),
    responses: { 200: z.array(grantableOrgDto) },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/users/:id',
    permission: 'user.read',
    tag: 'users',
    summary: '用户详情',
    params: idParam,
    responses: { 200: userDto },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/users',
    permission: 'user.write',
    tag: 'users',
    summary: '新建用户（不带角色；所申请的角色待安全管理员审批）',
    body: userCreateBody,
    responses: { 201: userDto },
    errors: ['USERS_ROLE_SEPARATION', 'USERS_MEMBER_ROLE_BY_LINK'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/users/:id',
    permission: 'user.write',
    tag: 'users',
    summary: '修改用户：姓名、停用、解锁、重置密码（临时密码，下次登录须修改）、解除党员档案关联',
    params: idParam,
    body: userPatchBody,
    responses: { 200: userDto },
    errors: ['USERS_SELF_CHANGE'],
  }),
  proposeGrant: defineRoute({
    method: 'POST',
    path: '/api/users/:id/grant-requests',
    permission: 'grant.propose',
    tag: 'users',
    summary: '提出授予或撤销角色的申请（经另一名安全管理员批准后生效）',
    params: idParam,
    body: grantProposeBody,
    responses: { 201: grantRequestDto },
    errors: [
      'USERS_SELF_CHANGE',
      'USERS_ROLE_SEPARATION',
      'USERS_GRANT_EXISTS',
      'USERS_GRANT_NOT_HELD',
      'USERS_GRANT_PENDING',
      'USERS_MEMBER_ROLE_BY_LINK',
    ],
  }),
  grantRequests: defineRoute({
    method: 'GET',
    path: '/api/users/grant-requests',
    permission: 'user.read',
    tag: 'users',
    summary: '授权申请（管理范围内的党组织）：待审批或已处理',
    query: grantListQuery,
    responses: { 200: page(grantRequestDto) },
  }),
  decideGrant: defineRoute({
    method: 'POST',
    path: '/api/users/grant-requests/:id/decision',
    permission: 'grant.approve',
    tag: 'users',
    summary: '批准或驳回授权申请（批准即生效，该用户的会话失效）',
    params: idParam,
    body: grantDecisionBody,
    responses: { 200: grantRequestDto },
    errors: [
      'USERS_GRANT_DECIDED',
      'USERS_GRANT_OWN_PROPOSAL',
      'USERS_GRANT_FOR_SELF',
      'USERS_ROLE_SEPARATION',
    ],
  }),
  withdrawGrant: defineRoute({
    method: 'POST',
    path: '/api/users/grant-requests/:id/withdraw',
    permission: 'grant.propose',
    tag: 'users',
    summary: '撤回本人提出的授权申请',
    params: idParam,
    responses: { 200: grantRequestDto },
    errors: ['USERS_GRANT_DECIDED'],
  }),
  revokeRole: defineRoute({
    method: 'POST',
    path: '/api/users/:id/revoke',
    permission: 'grant.approve',
    tag: 'users',
    summary: '安全管理员撤销角色（减少权限，立即生效）',
    params: idParam,
    body: roleRevokeBody,
    responses: { 200: grantRequestDto },
    errors: ['USERS_GRANT_NOT_HELD', 'USERS_GRANT_FOR_SELF'],
  }),
  requestMemberLink: defineRoute({
    method: 'POST',
    path: '/api/users/:id/member-link',
    permission: 'user.write',
    tag: 'users',
    summary: '申请将账号关联到党员档案（按档案编号；经党员所在党组织确认后生效）',
    params: idParam,
    body: memberLinkBody,
    responses: { 201: memberLinkRequestDto },
    errors: [
      'USERS_ROLE_SEPARATION',
      'USERS_ALREADY_LINKED',
      'USERS_MEMBER_HAS_ACCOUNT',
      'USERS_LINK_PENDING',
      'USERS_SELF_CHANGE',
    ],
  }),
  memberLinks: defineRoute({
    method: 'GET',
    path: '/api/users/member-links',
    permission: 'member.write',
    tag: 'users',
    summary: '账号关联确认：本党组织党员档案的关联申请',
    query: memberLinkListQuery,
    responses: { 200: page(memberLinkDto) },
  }),
  decideMemberLink: defineRoute({
    method: 'POST',
    path: '/api/users/member-links/:id/decision',
    permission: 'member.write',
    tag: 'users',
    summary: '确认或拒绝账号关联（确认后该账号持党员角色，只能查看本人档案）',
    params: idParam,
    body: memberLinkDecisionBody,
    responses: { 200: memberLinkDto },
    errors: [
      'USERS_LINK_DECIDED',
      'USERS_SELF_CHANGE',
      'USERS_ALREADY_LINKED',
      'USERS_MEMBER_HAS_ACCOUNT',
      'USERS_ROLE_SEPARATION',
    ],
  }),
} satisfies ContractGroup;
