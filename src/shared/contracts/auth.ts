import { z } from 'zod';
import { ORG_KINDS } from '../../domain/org/labels.js';
import type { ErrorMap } from './error-codes.js';
import { type Permission, ROLES } from './permissions.js';
import { type ContractGroup, defineRoute } from './route.js';

export const loginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(40),
  password: z.string().min(1, '请输入密码').max(200),
});

/** The owner's change (voluntary, or forced after an administrator's reset or an expiry). */
export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(200),
  // The policy itself (length, classes, sequences, history) is checked by the server with the rules in force.
  newPassword: z.string().min(1, '请输入新密码').max(200),
});

export const roleAssignmentDto = z.object({
  role: z.enum(ROLES),
  orgId: z.number(),
  orgName: z.string(),
  orgPath: z.string(),
  /** The kind of that org: the menu offers a committee's tools only to a role held above a branch. */
  orgKind: z.enum(ORG_KINDS),
});

/** 大字模式 and the like (users.preferences); an unset preference reads as its default. */
export const preferencesDto = z.object({ largeType: z.boolean() });
export type PreferencesDto = z.infer<typeof preferencesDto>;

/** A change of one's own settings: only what is sent changes. */
export const preferencesBody = z
  .object({ largeType: z.boolean({ error: '大字模式须为开或关' }) })
  .partial()
  .strict();

export const meDto = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  memberId: z.number().nullable(),
  roles: z.array(roleAssignmentDto),
  permissions: z.array(z.string()),
  /** Roots of the subtrees the user may see, with names, for the tree's starting points. */
  scopeRoots: z.array(z.object({ orgId: z.number(), orgName: z.string(), path: z.string() })),
  /** The session may do nothing but change the password (administrator's reset, or expired). */
  mustChangePassword: z.boolean(),
  /** The user's own settings, kept on the server so they follow the user to another phone. */
  preferences: preferencesDto,
});
export type MeDto = z.infer<typeof meDto>;
export type { Permission };

// ---- errors ---------------------------------------------------------------------------------

/** The auth area's error codes (`AUTH_…`): stable, each with its status and Chinese message. */
export const AUTH_ERRORS = {
  /** The message says how long to wait (domain/auth/backoff.ts); the same for every username. */
  AUTH_THROTTLED: { status: 429, message: '登录尝试过于频繁，请稍后再试' },
  AUTH_PASSWORD_CHANGE_REQUIRED: { status: 403, message: '请先修改密码' },
  AUTH_ORIGIN_REFUSED: { status: 403, message: '请求来源不受信任，已拒绝' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const ok = z.object({ ok: z.literal(true) });
const signedIn = z.object({
  ok: z.literal(true),
  /** When true the web app goes straight to the change-password page; nothing else is allowed. */
  mustChangePassword: z.boolean(),
});

export const authApi = {
  login: defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    permission: 'public',
    tag: 'auth',
    summary: '登录',
    body: loginBody,
    responses: { 200: signedIn },
    errors: ['INVALID_CREDENTIALS', 'AUTH_THROTTLED', 'RATE_LIMITED'],
  }),
  changePassword: defineRoute({
    method: 'POST',
    path: '/api/auth/password',
    permission: 'authenticated',
    tag: 'auth',
    summary: '修改本人密码（修改后其他设备退出登录）',
    body: changePasswordBody,
    responses: { 200: ok },
    errors: ['VALIDATION', 'AUTH_THROTTLED', 'RATE_LIMITED'],
  }),
  logoutAll: defineRoute({
    method: 'POST',
    path: '/api/auth/logout-all',
    permission: 'authenticated',
    tag: 'auth',
    summary: '退出所有设备',
    responses: { 200: ok },
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
  setPreferences: defineRoute({
    method: 'PUT',
    path: '/api/me/preferences',
    permission: 'authenticated',
    tag: 'auth',
    summary: '修改本人的显示设置（大字模式）',
    body: preferencesBody,
    responses: { 200: preferencesDto },
    errors: ['VALIDATION'],
  }),
} satisfies ContractGroup;
