/**
 * 党员账号 (issue #19, docs/decisions/0039-member-accounts.md): accounts for the whole register,
 * issued by an org for its subtree in one action and handed out as activation slips; activation
 * with the code and the last six characters of the ID number; sign-in and password reset by a
 * one-time SMS code. The public routes (activation, SMS) answer the same whether or not a phone or
 * a code exists.
 */
import { z } from 'zod';
import { idParam, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute, timestamp } from './route.js';

// ---- errors ---------------------------------------------------------------------------------
export const ACCOUNTS_ERRORS = {
  /** Wrong code, wrong ID tail, expired or used code: one answer, so nothing tells which. */
  ACCOUNTS_ACTIVATION_FAILED: {
    status: 400,
    message: '激活码或身份证号后6位不正确，或激活码已失效',
  },
  ACCOUNTS_ACTIVATION_LOCKED: {
    status: 429,
    message: '激活码输错次数过多，已暂时锁定，请稍后再试或请党组织书记重新发放',
  },
  ACCOUNTS_SMS_UNAVAILABLE: { status: 503, message: '短信服务未开通，请使用用户名和密码登录' },
  ACCOUNTS_SMS_RATE_LIMITED: { status: 429, message: '获取验证码过于频繁，请稍后再试' },
  ACCOUNTS_SMS_CODE_INVALID: { status: 400, message: '验证码不正确或已过期，请重新获取' },
  ACCOUNTS_ALREADY_ACTIVE: { status: 409, message: '该党员的账号已激活，无需发放激活码' },
  ACCOUNTS_NOT_ELIGIBLE: { status: 409, message: '该党员已不在党员名册中（出党或去世），不能发放账号' },
  // Applicants and activists (a development case without a member record yet).
  ACCOUNTS_CASE_ALREADY_ACTIVE: {
    status: 409,
    message: '该申请人的账号已激活，无需再发放激活码（忘记密码可用手机验证码找回）',
  },
  ACCOUNTS_CASE_NOT_ELIGIBLE: {
    status: 409,
    message: '该发展党员案件已结束（终止或不予批准），不能发放账号',
  },
  ACCOUNTS_CASE_HAS_MEMBER: {
    status: 409,
    message: '已接收为预备党员：账号随党员档案，请在“党员账号”中为其发放',
  },
} as const satisfies ErrorMap;

// ---- shapes ---------------------------------------------------------------------------------
const orgIdQuery = z.coerce.number().int().positive().max(MAX_ID);

/** A member's account as the issuing org sees it. */
export const ACCOUNT_STATES = ['none', 'pending', 'active', 'disabled'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

export const accountSummaryDto = z.object({
  orgId: z.number(),
  orgName: z.string(),
  /** Members on the register (current statuses) in the subtree. */
  members: z.number(),
  /** Without any account: what "create accounts" will create. */
  withoutAccount: z.number(),
  /** Issued, waiting for the member to activate. */
  pending: z.number(),
  activated: z.number(),
  disabled: z.number(),
});

export const accountMemberDto = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  state: z.enum(ACCOUNT_STATES),
  username: z.string().nullable(),
  activatedAt: timestamp.nullable(),
  /** The open code's expiry (pending accounts). */
  codeExpiresAt: timestamp.nullable(),
  /** The open code is locked after too many wrong tries. */
  codeLocked: z.boolean(),
});

export const accountMembersQuery = z.object({
  orgId: orgIdQuery,
  state: z.enum(ACCOUNT_STATES, { message: '账号状态：应为未发放、待激活、已激活或已停用' }).optional(),
  ...pageQuery,
});

export const batchDto = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  /** Accounts created and codes issued by the batch. */
  created: z.number(),
  issued: z.number(),
  /** Codes of the batch still open (not used, not revoked): the slips that print. */
  open: z.number(),
  createdBy: z.string(),
  createdAt: timestamp,
});

export const batchListQuery = z.object({ orgId: orgIdQuery.optional(), ...pageQuery });

export const issueBody = z.object({
  orgId: z.number({ error: '党组织：请选择党组织' }).int().positive().max(MAX_ID),
});

/** One slip: what the secretary cuts out and hands to the member. */
export const slipDto = z.object({
  memberId: z.number(),
  name: z.string(),
  orgName: z.string(),
  username: z.string(),
  /** ABCD-EFGH */
  code: z.string(),
  expiresAt: timestamp,
});

export const slipsDto = z.object({ batch: batchDto, slips: z.array(slipDto) });

/** The slip of an applicant's or activist's account: the case instead of a member record. */
export const caseSlipDto = slipDto.omit({ memberId: true }).extend({ caseId: z.number() });

/** The account of a development case as the issuing org sees it (after admission: the member's). */
export const caseAccountDto = z.object({
  caseId: z.number(),
  state: z.enum(ACCOUNT_STATES),
  username: z.string().nullable(),
  activatedAt: timestamp.nullable(),
  codeExpiresAt: timestamp.nullable(),
  codeLocked: z.boolean(),
  /** Whether 发放账号 applies: an active case without a member record and no activated account. */
  canIssue: z.boolean(),
});

export const activateBody = z.object({
  code: z.string().trim().min(1, '请输入激活码').max(20, '激活码：最多20个字符'),
  idTail: z
    .string()
    .trim()
    .min(1, '请输入身份证号后6位')
    .max(6, '身份证号后6位：只填最后6位')
    .regex(/^\d{5}[\dXx]$/, '身份证号后6位：应为6位数字（最后一位可为X）'),
  // The policy (length, classes…) is the server's, with the rules in force.
  password: z.string().min(1, '请设置密码').max(200),
});

const phone = z
  .string()
  .trim()
  .min(1, '请输入手机号')
  .max(20, '手机号：格式不正确')
  .regex(/^(\+?86)?[\s-]*1[3-9](\d[\s-]*){9}$/, '手机号：应为11位手机号码');
const smsCode = z
  .string()
  .trim()
  .min(1, '请输入验证码')
  .regex(/^\d{6}$/, '验证码：应为6位数字');

export const SMS_PURPOSES = ['login', 'reset'] as const;
export const smsCodeBody = z.object({
  phone,
  purpose: z.enum(SMS_PURPOSES, { message: '用途：应为登录或重置密码' }),
});
export const smsLoginBody = z.object({ phone, code: smsCode });
export const passwordResetBody = z.object({
  phone,
  code: smsCode,
  newPassword: z.string().min(1, '请输入新密码').max(200),
});

const ok = z.object({ ok: z.literal(true) });
const signedIn = z.object({ ok: z.literal(true), mustChangePassword: z.boolean() });

// ---- routes ---------------------------------------------------------------------------------
export const accountsApi = {
  summary: defineRoute({
    method: 'GET',
    path: '/api/accounts/summary',
    permission: 'account.issue',
    tag: 'accounts',
    summary: '党员账号发放情况（所选党组织及其下级）',
    query: z.object({ orgId: orgIdQuery }),
    responses: { 200: accountSummaryDto },
  }),
  members: defineRoute({
    method: 'GET',
    path: '/api/accounts/members',
    permission: 'account.issue',
    tag: 'accounts',
    summary: '党员及其账号状态',
    query: accountMembersQuery,
    responses: { 200: page(accountMemberDto) },
  }),
  issue: defineRoute({
    method: 'POST',
    path: '/api/accounts/batches',
    permission: 'account.issue',
    tag: 'accounts',
    summary: '为所选党组织及其下级尚无账号的党员批量发放账号（只含“党员”角色）',
    body: issueBody,
    responses: { 201: batchDto },
  }),
  batches: defineRoute({
    method: 'GET',
    path: '/api/accounts/batches',
    permission: 'account.issue',
    tag: 'accounts',
    summary: '账号发放批次',
    query: batchListQuery,
    responses: { 200: page(batchDto) },
  }),
  slips: defineRoute({
    method: 'GET',
    path: '/api/accounts/batches/:id/slips',
    permission: 'account.issue',
    tag: 'accounts',
    summary: '打印激活单（尚未使用的激活码；每次打印记入审计日志）',
    params: idParam,
    responses: { 200: slipsDto },
  }),
  reissue: defineRoute({
    method: 'POST',
    path: '/api/accounts/members/:id/code',
    permission: 'account.issue',
    tag: 'accounts',
    summary: '为一名党员（重新）发放激活码：未激活的账号换新码，旧码作废；没有账号的先建账号',
    params: idParam,
    responses: { 200: slipDto },
    errors: ['ACCOUNTS_ALREADY_ACTIVE', 'ACCOUNTS_NOT_ELIGIBLE'],
  }),
  caseAccount: defineRoute({
    method: 'GET',
    path: '/api/accounts/cases/:id',
    permission: 'account.issue',
    tag: 'accounts',
    summary: '发展党员案件（入党申请人、积极分子等）的账号状态',
    params: idParam,
    responses: { 200: caseAccountDto },
  }),
  issueForCase: defineRoute({
    method: 'POST',
    path: '/api/accounts/cases/:id',
    permission: 'account.issue',
    tag: 'accounts',
    summary:
      '为发展党员案件中的本人（入党申请人、积极分子等）发放账号和激活码：不含任何角色，首页显示本人的发展进度；未激活的换新码，旧码作废',
    params: idParam,
    responses: { 200: caseSlipDto },
    errors: ['ACCOUNTS_CASE_ALREADY_ACTIVE', 'ACCOUNTS_CASE_NOT_ELIGIBLE', 'ACCOUNTS_CASE_HAS_MEMBER'],
  }),
  activate: defineRoute({
    method: 'POST',
    path: '/api/accounts/activate',
    permission: 'public',
    tag: 'accounts',
    summary: '激活账号：激活码＋身份证号后6位，设置密码（成功后即登录）',
    body: activateBody,
    responses: { 200: signedIn.extend({ username: z.string() }) },
    errors: ['ACCOUNTS_ACTIVATION_FAILED', 'ACCOUNTS_ACTIVATION_LOCKED', 'AUTH_THROTTLED', 'RATE_LIMITED'],
  }),
  smsCode: defineRoute({
    method: 'POST',
    path: '/api/auth/sms-code',
    permission: 'public',
    tag: 'auth',
    summary: '获取短信验证码（登录或重置密码；无论手机号是否登记，应答相同）',
    body: smsCodeBody,
    responses: { 200: ok },
    errors: ['ACCOUNTS_SMS_UNAVAILABLE', 'ACCOUNTS_SMS_RATE_LIMITED', 'RATE_LIMITED'],
  }),
  smsLogin: defineRoute({
    method: 'POST',
    path: '/api/auth/sms-login',
    permission: 'public',
    tag: 'auth',
    summary: '手机号＋短信验证码登录',
    body: smsLoginBody,
    responses: { 200: signedIn },
    errors: ['ACCOUNTS_SMS_UNAVAILABLE', 'ACCOUNTS_SMS_CODE_INVALID', 'AUTH_THROTTLED', 'RATE_LIMITED'],
  }),
  resetPassword: defineRoute({
    method: 'POST',
    path: '/api/auth/password-reset',
    permission: 'public',
    tag: 'auth',
    summary: '忘记密码：手机号＋短信验证码设置新密码（所有设备退出登录）',
    body: passwordResetBody,
    responses: { 200: ok },
    errors: ['ACCOUNTS_SMS_UNAVAILABLE', 'ACCOUNTS_SMS_CODE_INVALID', 'AUTH_THROTTLED', 'RATE_LIMITED'],
  }),
} satisfies ContractGroup;
