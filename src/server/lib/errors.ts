import { ERROR_CODES, type ErrorCode, type FieldErrorDto } from '../../shared/contracts/error-codes.js';

/** The one error type services throw; the handler renders it as `{code, message, details}`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: FieldErrorDto[],
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.status = ERROR_CODES[code].status;
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在`);

/** Field errors from a domain check become one 400 naming every field. */
export function fieldErrors(details: FieldErrorDto[]): AppError {
  const first = details[0];
  return new AppError('VALIDATION', first ? first.message : undefined, details);
}
