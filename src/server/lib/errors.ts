import {
  ERROR_CODES,
  type ErrorCode,
  type FieldErrorDto,
  type RuleErrorCode,
} from '../../shared/contracts/error-codes.js';

const isBaseCode = (code: string): code is ErrorCode => code in ERROR_CODES;

/** The one error type services throw; the handler renders it as `{code, message, details}`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode | RuleErrorCode,
    message?: string,
    readonly details?: FieldErrorDto[],
  ) {
    const base = isBaseCode(code) ? ERROR_CODES[code] : ERROR_CODES.RULE_VIOLATION;
    super(message ?? base.message);
    this.status = base.status;
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在`);

/** Field errors from a domain check become one 400 naming every field. */
export function fieldErrors(details: FieldErrorDto[]): AppError {
  const first = details[0];
  return new AppError('VALIDATION', first ? first.message : undefined, details);
}

/** A finding of a rule engine: its code, message and (where known) rule, citation, date and field. */
export interface RuleFinding {
  code: string;
  message: string;
  ruleId?: string;
  citation?: string;
  date?: string;
  field?: string;
}

/**
 * Rule findings become one 422: `code` is the first finding's code (DEV_…), `details` carries every
 * finding with its code, rule, citation, deciding date and field ('' when no single field is wrong).
 */
export function ruleErrors(findings: RuleFinding[]): AppError {
  const first = findings[0];
  const code = (first?.code.startsWith('DEV_') ? first.code : 'RULE_VIOLATION') as RuleErrorCode;
  return new AppError(
    code,
    first?.message,
    findings.map((f) => ({
      field: f.field ?? '',
      message: f.message,
      code: f.code,
      ...(f.ruleId ? { ruleId: f.ruleId } : {}),
      ...(f.citation ? { citation: f.citation } : {}),
      ...(f.date ? { date: f.date } : {}),
    })),
  );
}
