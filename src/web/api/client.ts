import type { ErrorBody, FieldErrorDto } from '../../shared/contracts/error-codes';

/** An error answered by the API (`{code, message, details?, requestId}`), or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldErrorDto[];
  readonly requestId: string | undefined;

  constructor(status: number, body: Partial<ErrorBody> | null) {
    super(body?.message || defaultMessage(status));
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'NETWORK' : 'INTERNAL');
    this.details = body?.details ?? [];
    this.requestId = body?.requestId;
  }
}

function defaultMessage(status: number): string {
  if (status === 0) return '无法连接服务器，请检查网络后重试';
  if (status === 401) return '请先登录';
  if (status === 403) return '没有执行此操作的权限';
  if (status === 404) return '记录不存在或不在您的管辖范围内';
  if (status >= 500) return '服务器内部错误，请稍后再试';
  return '请求失败，请稍后再试';
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};

/** Called when any request (other than the login itself) answers 401: the session is gone. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

export type QueryValue = string | number | boolean | null | undefined;

/** Builds `path?query`, leaving out empty values. */
export function withQuery(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  /** Extra request headers (e.g. `Idempotency-Key` on payments). */
  extraHeaders?: Record<string, string>,
): Promise<T> {
  // FormData (file uploads) goes as multipart; the browser sets the boundary header itself.
  const multipart = body instanceof FormData;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body === undefined || multipart
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' }),
        ...extraHeaders,
      },
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, parsed as Partial<ErrorBody> | null);
    if (response.status === 401 && path !== '/api/auth/login') onUnauthorized();
    throw error;
  }
  return parsed as T;
}

/** A file answer (an export): the body as a Blob, or the API's error. */
export async function requestBlob(method: string, path: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(path, { method, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    let parsed: Partial<ErrorBody> | null = null;
    try {
      parsed = (await response.json()) as Partial<ErrorBody>;
    } catch {
      parsed = null;
    }
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, parsed);
  }
  return response.blob();
}

/** The message to show a user for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '操作失败，请稍后再试';
}

/**
 * The message with the API's field reasons, for places without a form to put them under (a toast,
 * a result page): `签到码：签到码已过期` → `签到码已过期`.
 */
export function errorDetail(error: unknown): string {
  if (error instanceof ApiError && error.details.length) {
    return error.details.map((d) => d.message.replace(/^[^：]{1,8}：/, '')).join('；');
  }
  return errorMessage(error);
}
