/** Error codes rendered as `{code, message, details?, requestId}`; messages are Chinese. */
export const ERROR_CODES = {
  VALIDATION: { status: 400, message: '提交的数据有误' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  ACCOUNT_LOCKED: { status: 423, message: '连续登录失败次数过多，账号已锁定，请稍后再试' },
  FORBIDDEN: { status: 403, message: '没有执行此操作的权限' },
  NOT_FOUND: { status: 404, message: '记录不存在' },
  CONFLICT: { status: 409, message: '操作与当前状态冲突' },
  RULE_VIOLATION: { status: 422, message: '不符合规定' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '服务器内部错误' },
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Rule codes of the development procedure (DEV_UNDER_AGE, DEV_ACTIVIST_TOO_SOON, …; see
 * src/domain/development/engine.ts). A refused step answers 422 with the first finding's code as
 * `code` and every finding in `details`.
 */
export type RuleErrorCode = `DEV_${string}`;

export interface FieldErrorDto {
  field: string;
  message: string;
  /** For rule findings: the finding's own code, rule, citation and deciding date. */
  code?: string;
  ruleId?: string;
  citation?: string;
  date?: string;
}

export interface ErrorBody {
  code: ErrorCode | RuleErrorCode;
  message: string;
  details?: FieldErrorDto[];
  requestId: string;
}
