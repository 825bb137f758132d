import { z } from 'zod';
import { ORG_KINDS } from '../../domain/org/labels.js';
import type { ErrorMap } from './error-codes.js';
import { type Permission, ROLES } from './permissions.js';
import { type ContractGroup, defineRoute } from './route.js';

export const loginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(40),
  password: z.string().min(1, '请输入密码').max(200),
});

export const roleAssignmentDto = z.object({
  role: z.enum(ROLES),
  orgId: z.number(),
  orgName: z.string(),
  orgPath: z.string(),
  /** The kind of that org: the menu offers a committee's tools only to a role held above a branch. */
  orgKind: z.enum(ORG_KINDS),
});

export const meDto = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  memberId: z.number().nullable(),
  roles: z.array(roleAssignmentDto),
  permissions: z.array(z.string()),
  /** Roots of the subtrees the user may see, with names, for the tree's starting points. */
  scopeRoots: z.array(z.object({ orgId: z.number(), orgName: z.string(), path: z.string() })),
});
export type MeDto = z.infer<typeof meDto>;
export type { Permission };

// ---- errors ---------------------------------------------------------------------------------

/** The auth area's error codes (`AUTH_…`): stable, each with its status and Chinese message. */
export const AUTH_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const ok = z.object({ ok: z.literal(true) });

export const authApi = {
  login: defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    permission: 'public',
    tag: 'auth',
    summary: '登录',
    body: loginBody,
    responses: { 200: ok },
    errors: ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'RATE_LIMITED'],
  }),
  logout: defineRoute({
    method: 'POST',
    path: '/api/auth/logout',
    permission: 'public',
    tag: 'auth',
    summary: '退出登录',
    responses: { 200: ok },
  }),
  me: defineRoute({
    method: 'GET',
    path: '/api/me',
    permission: 'authenticated',
    tag: 'auth',
    summary: '当前用户、角色与可见范围',
    responses: { 200: meDto },
  }),
} satisfies ContractGroup;
