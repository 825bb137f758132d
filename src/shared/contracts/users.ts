import { z } from 'zod';
import { idParam, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { ROLES } from './permissions.js';
import { type ContractGroup, defineRoute, timestamp } from './route.js';

export const userDto = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  /** The member record this account is, by id only: the sysadmin sees no member data. */
  memberId: z.number().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  roles: z.array(z.object({ role: z.enum(ROLES), orgId: z.number(), orgName: z.string() })),
  createdAt: timestamp,
});
export type UserDto = z.infer<typeof userDto>;

export const userListQuery = z.object({ q: z.string().trim().max(40).optional(), ...pageQuery });

const roles = z
  .array(z.object({ role: z.enum(ROLES), orgId: z.number().int().positive().max(MAX_ID) }))
  .min(1, '至少应分配1个角色')
  .max(10);

export const userCreateBody = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,39}$/, '用户名应以字母开头，3至40位字母、数字、点、下划线或连字符'),
  displayName: z.string().trim().min(1).max(40),
  password: z.string().min(10, '密码至少10位').max(200),
  memberId: z.number().int().positive().max(MAX_ID).nullable().optional(),
  roles,
});

export const userPatchBody = z
  .object({
    displayName: z.string().trim().min(1).max(40).optional(),
    active: z.boolean().optional(),
    roles: roles.optional(),
    /** Links the account to the member record it is (needed for the member role). */
    memberId: z.number().int().positive().max(MAX_ID).nullable().optional(),
    /** Clears the failed-login count and any lock. */
    unlock: z.literal(true).optional(),
    password: z.string().min(10, '密码至少10位').max(200).optional(),
  })
  .strict();

// ---- errors ---------------------------------------------------------------------------------

/** The users area's error codes (`USERS_…`): stable, each with its status and Chinese message. */
export const USERS_ERRORS = {
  USERS_SELF_CHANGE: { status: 409, message: '不能停用自己或修改自己的角色' },
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
    summary: '新建用户并分配角色',
    body: userCreateBody,
    responses: { 201: userDto },
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/users/:id',
    permission: 'user.write',
    tag: 'users',
    summary: '修改用户：角色、停用、解锁、重置密码',
    params: idParam,
    body: userPatchBody,
    responses: { 200: userDto },
    errors: ['USERS_SELF_CHANGE'],
  }),
} satisfies ContractGroup;
