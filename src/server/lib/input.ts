/**
 * Text checked and normalised at the edge, for every route, before the contract's zod schema sees it.
 *
 * Why here and not in each schema: PostgreSQL refuses a NUL byte in text ("invalid byte sequence"),
 * a lone UTF-16 surrogate cannot be encoded, and a control character in a name or a file name shows
 * differently to every reader. Left to the database these were 500s (issue #18: 89 of them, one in
 * the login username). One walk over params, query and JSON body turns each into a 400 that names
 * the field, whatever the route.
 *
 * Decisions:
 * - NUL, lone surrogates, C0 and C1 controls and DEL are refused everywhere, except TAB, LF and CR
 *   in the JSON body, where the multi-line fields (minutes, notes, summaries) are. A path or query
 *   value is one line by nature (an id, a search word, a filter).
 * - Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are
 *   refused: no Chinese or Latin text needs them, and they let a name or a file name display as
 *   something else ("Trojan Source"). Zero-width joiners stay (emoji use them).
 * - Every string is normalised to NFC, so the same name typed on two keyboards is one value for
 *   uniqueness checks and search.
 * - Shape limits guard the walk and what follows it: nesting deeper than 20, an object with more
 *   than 1,000 keys, an array with more than 10,000 items or a string over 200,000 characters is
 *   refused (zod bounds each field far lower; these stop absurd input before zod walks it).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fieldLabel } from '../../shared/contracts/common.js';
import { AppError } from './errors.js';

export const INPUT_LIMITS = {
  depth: 20,
  keys: 1_000,
  items: 10_000,
  stringLength: 200_000,
} as const;

type Where = 'params' | 'query' | 'body' | 'headers';

/** A problem found in one value: the top-level field it sits under, and what is wrong. */
export interface InputProblem {
  field: string;
  message: string;
}

// Any C0 control but TAB, LF, CR; DEL; C1; the bidi controls. A high surrogate not followed
// by a low one, or a low one not preceded by a high one, is half a character (not valid UTF-16).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const BAD_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const BAD_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string is refused, in Chinese; null when it is fine. */
export function textProblem(value: string, multiline: boolean): string | null {
  if (value.length > INPUT_LIMITS.stringLength) return `过长（超过${INPUT_LIMITS.stringLength}个字符）`;
  if (LONE_SURROGATE.test(value)) return '含有无效的 Unicode 字符（孤立代理项）';
  const bad = (multiline ? BAD_MULTILINE : BAD_SINGLE_LINE).exec(value);
  if (!bad) return null;
  const c = bad[0].charCodeAt(0);
  if (c === 0) return '含有空字符（NUL）';
  if (c >= 0x202a) return '含有文字方向控制字符';
  if (c === 0x0a || c === 0x0d || c === 0x09) return '不能包含换行或制表符';
  return '含有控制字符';
}

/**
 * Walks a parsed value iteratively (no recursion: the depth limit is what is checked, it cannot
 * overflow the stack first) and returns the first problem and the value with every string in NFC
 * (objects and arrays are normalised in place; a bare string is returned normalised).
 * `top` is the top-level key being walked, which is what the error names (as app.ts's handler does
 * for zod's errors).
 */
export function checkValue(root: unknown, where: Where): { problem: InputProblem | null; value: unknown } {
  const multiline = where === 'body';
  type Frame = { holder: Record<string | number, unknown>; key: string | number; depth: number; top: string };
  // The root sits in a holder so that a top-level string (a JSON body that is a string) is normalised too.
  const box: Record<string, unknown> = { root };
  const stack: Frame[] = [{ holder: box, key: 'root', depth: 0, top: '' }];
  const fail = (problem: InputProblem) => ({ problem, value: box.root });
  while (stack.length) {
    const { holder, key, depth, top } = stack.pop() as Frame;
    const value = holder[key];
    if (typeof value === 'string') {
      const problem = textProblem(value, multiline);
      if (problem) return fail({ field: top, message: problem });
      const nfc = value.normalize('NFC');
      if (nfc !== value) holder[key] = nfc;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= INPUT_LIMITS.depth)
      return fail({ field: top, message: `层级过深（超过${INPUT_LIMITS.depth}层）` });
    if (Array.isArray(value)) {
      if (value.length > INPUT_LIMITS.items) {
        return fail({ field: top, message: `条目过多（超过${INPUT_LIMITS.items}项）` });
      }
      for (let i = 0; i < value.length; i++) {
        stack.push({ holder: value as unknown as Record<number, unknown>, key: i, depth: depth + 1, top });
      }
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > INPUT_LIMITS.keys)
      return fail({ field: top, message: `字段过多（超过${INPUT_LIMITS.keys}个）` });
    for (const k of keys) {
      const field = depth === 0 ? k : top;
      // Keys are names, never multi-line.
      const problem = textProblem(k, false);
      if (problem) return fail({ field, message: `字段名${problem}` });
      stack.push({ holder: value as Record<string, unknown>, key: k, depth: depth + 1, top: field });
    }
  }
  return { problem: null, value: box.root };
}

/** The 400 for a problem: the same `{field, message}` detail as a zod error, labelled the same way. */
function inputError(problem: InputProblem, request: FastifyRequest): AppError {
  const area = request.url.split('/')[2]?.split('?')[0];
  const label = problem.field ? fieldLabel(problem.field, area) : '';
  const message = label ? `${label}：${problem.message}` : `请求${problem.message}`;
  return new AppError('VALIDATION', message, [{ field: problem.field, message }]);
}

/**
 * The route's declared request headers (e.g. Idempotency-Key) are values it reads and stores, so
 * they are checked like the query. Other headers are the HTTP parser's business.
 */
function declaredHeaders(request: FastifyRequest): string[] {
  const shape = (request.routeOptions.schema?.headers as { shape?: Record<string, unknown> } | undefined)
    ?.shape;
  return shape ? Object.keys(shape).map((h) => h.toLowerCase()) : [];
}

/**
 * Registers the check as a preValidation hook on the root instance. Register it after the auth
 * plugin: its preValidation hook checks the permission first, so an anonymous caller learns nothing
 * about the input rules of a route it may not call.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const headers = declaredHeaders(request);
    const parts: Array<[Where, unknown]> = [
      ['params', request.params],
      ['query', request.query],
      ['headers', Object.fromEntries(headers.map((h) => [h, request.headers[h]]))],
    ];
    for (const [where, value] of parts) {
      const { problem } = checkValue(value, where);
      if (problem) throw inputError(problem, request);
    }
    // A parsed body (JSON). Multipart uploads are not parsed before the handler, which reads the
    // file and checks its name itself (src/server/lib/upload.ts).
    if (request.body !== undefined && request.body !== null) {
      const { problem, value } = checkValue(request.body, 'body');
      if (problem) throw inputError(problem, request);
      request.body = value;
    }
  });
}
