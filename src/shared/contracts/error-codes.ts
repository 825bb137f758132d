import { ACCOUNTS_ERRORS } from './accounts.js';
import { AUDIT_ERRORS } from './audit.js';
import { AUTH_ERRORS } from './auth.js';
import { COVERAGE_ERRORS } from './coverage.js';
import { DASHBOARD_ERRORS } from './dashboard.js';
import { DEVELOPMENT_ERRORS } from './development.js';
import { DUES_ERRORS } from './dues.js';
import { DUES_ONLINE_ERRORS } from './dues-online.js';
import { EXPORTS_ERRORS } from './exports.js';
import { HEALTH_ERRORS } from './health.js';
import { HOURS_ERRORS } from './hours.js';
import { IMPORTS_ERRORS } from './imports.js';
import { LEARNING_ERRORS } from './learning.js';
import { MEETINGS_ERRORS } from './meetings.js';
import { MEMBERS_ERRORS } from './members.js';
import { MY_ERRORS } from './my.js';
import { NOTIFICATIONS_ERRORS } from './notifications.js';
import { OPS_ERRORS } from './ops.js';
import { ORGLIFE_ERRORS } from './orglife.js';
import { ORGS_ERRORS } from './orgs.js';
import { POINTS_ERRORS } from './points.js';
import { PROGRESS_ERRORS } from './progress.js';
import { RULES_ERRORS } from './rules.js';
import { STATS_ERRORS } from './stats.js';
import { TRANSFERS_ERRORS } from './transfers.js';
import { USERS_ERRORS } from './users.js';

/** Error codes rendered as `{code, message, details?, requestId}`; messages are Chinese. */
const BASE_ERRORS = {
  VALIDATION: { status: 400, message: '提交的数据有误' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  FORBIDDEN: { status: 403, message: '没有执行此操作的权限' },
  NOT_FOUND: { status: 404, message: '记录不存在' },
  CONFLICT: { status: 409, message: '操作与当前状态冲突' },
  RULE_VIOLATION: { status: 422, message: '不符合规定' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '服务器内部错误' },
} as const;

/** An area's error codes: `CODE: {status, message}` (see DUES_ERRORS in ./dues.ts). */
export type ErrorMap = Readonly<Record<string, { readonly status: number; readonly message: string }>>;

/**
 * Every error code the API answers: the generic ones above and each area's own, stable codes
 * (`DUES_PAYMENT_VOIDED`, `TRANSFER_NOT_PENDING`, …). A client may switch on them.
 */
export const ERROR_CODES = {
  ...BASE_ERRORS,
  ...ACCOUNTS_ERRORS,
  ...AUDIT_ERRORS,
  ...AUTH_ERRORS,
  ...COVERAGE_ERRORS,
  ...DASHBOARD_ERRORS,
  ...DEVELOPMENT_ERRORS,
  ...DUES_ERRORS,
  ...DUES_ONLINE_ERRORS,
  ...EXPORTS_ERRORS,
  ...HEALTH_ERRORS,
  ...HOURS_ERRORS,
  ...IMPORTS_ERRORS,
  ...LEARNING_ERRORS,
  ...MEETINGS_ERRORS,
  ...MEMBERS_ERRORS,
  ...MY_ERRORS,
  ...NOTIFICATIONS_ERRORS,
  ...OPS_ERRORS,
  ...ORGLIFE_ERRORS,
  ...ORGS_ERRORS,
  ...POINTS_ERRORS,
  ...PROGRESS_ERRORS,
  ...RULES_ERRORS,
  ...STATS_ERRORS,
  ...TRANSFERS_ERRORS,
  ...USERS_ERRORS,
} as const satisfies ErrorMap;
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
