/**
 * The server log (Fastify's pino): what it may say about personal data. Three layers, because each
 * one alone has let a value through somewhere:
 *
 * 1. The error serializer. A failed query's DrizzleQueryError carries the statement's parameters (an
 *    ID number, a phone) in `params` and again in its message and stack; PostgreSQL's own error adds
 *    `detail` ("Key (id_number)=(…) already exists", "Failing row contains (…)") and sometimes the
 *    value in its message ('invalid input syntax for type integer: "…"'). The serializer keeps what
 *    a maintainer needs to find the fault (the SQL's shape without literals, the SQLSTATE code, the
 *    constraint, table and column, how many parameters there were) and drops every value.
 * 2. Redaction of the fields known to hold secrets or personal data, wherever a log call passes an
 *    object that has them (a body, a row, request headers).
 * 3. A last-line scrubber on the serialized line itself: anything shaped like an 18-digit ID number or
 *    a mainland mobile number is replaced, whatever path it took (a message someone wrote with a
 *    template string, a URL's query string, a library's error text).
 *
 * `scripts/scan-logs.ts` counts the same patterns in the API suite's log; it must find none.
 */
import type { DestinationStream, LoggerOptions } from 'pino';

/** An 18-digit resident ID number (GB 11643: 17 digits and a check digit or X), not part of a longer token. */
export const ID_NUMBER_PATTERN = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
/** A mainland mobile number (1[3-9] + 9 digits), optionally with +86 and 3-4-4 separators. */
export const PHONE_PATTERN = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9A-Za-z])/g;

const ID_MASK = '[身份证号已隐去]';
const PHONE_MASK = '[手机号已隐去]';

/** Replaces ID numbers and mobile numbers in any text. */
export function scrubText(text: string): string {
  return text.replace(ID_NUMBER_PATTERN, ID_MASK).replace(PHONE_PATTERN, PHONE_MASK);
}

/**
 * Field names whose values never reach the log. pino's redaction takes explicit paths (a wildcard
 * stands for one level), so each name is listed at the depths log calls use; anything deeper is
 * still caught by the scrubber.
 */
const SENSITIVE_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'idNumber',
  'id_number',
  'phone',
  'token',
  'cookie',
  'authorization',
];
export const REDACT_PATHS = [
  ...SENSITIVE_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers["set-cookie"]',
];

/**
 * SQL with its literals replaced: statements are parameterised ($1…), but a few are built with
 * inlined values (`sql.raw`, ltree paths, IN lists).
 */
export function sqlShape(query: string): string {
  return query
    .replace(/'(?:[^']|'')*'/g, "'?'")
    .replace(/(?<![\w$.])\d{4,}(?![\w.])/g, '?')
    .slice(0, 2_000);
}

/** A quoted name in a driver's message (a constraint, a table), not a value: no long digit run. */
const isIdentifier = (text: string) => /^[A-Za-z_][\w.$]*$/.test(text) && !/\d{6,}/.test(text);

/**
 * A driver's message may quote the offending value ('invalid input syntax for type integer: "…"',
 * 'Failing row contains (…)'): quoted text that is not an identifier is dropped, and the
 * "Failed query … params: …" of Drizzle becomes the query's shape alone.
 */
function messageWithoutValues(message: string, query?: string): string {
  if (message.startsWith('Failed query:')) {
    return `Failed query: ${query !== undefined ? sqlShape(query) : ''}`.trimEnd();
  }
  return scrubText(
    message
      .replace(/"([^"]*)"/g, (whole, inner: string) => (isIdentifier(inner) ? whole : '"…"'))
      .replace(/\((?:[^()]|\([^()]*\))*\)=\((?:[^()]|\([^()]*\))*\)/g, '(…)=(…)')
      .replace(/Failing row contains \(.*\)/s, 'Failing row contains (…)'),
  );
}

/** Properties of driver errors (pg, PGlite) that name the fault without carrying a value. */
const KEPT_PROPERTIES = [
  'code',
  'severity',
  'constraint',
  'table',
  'column',
  'schema',
  'dataType',
  'routine',
  'statusCode',
] as const;

const MAX_CAUSE_DEPTH = 4;

/**
 * The error serializer: type, message and stack without values, the fault's identifiers, the SQL
 * shape and the number of parameters, and the cause chain the same way.
 */
export function serializeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error) && (typeof err !== 'object' || err === null)) {
    return { message: scrubText(String(err)) };
  }
  const e = err as Error & Record<string, unknown>;
  const query = typeof e.query === 'string' ? e.query : undefined;
  const message = messageWithoutValues(String(e.message ?? ''), query);
  const out: Record<string, unknown> = { type: e.constructor?.name ?? 'Error', message };
  if (typeof e.stack === 'string') {
    // The stack's first lines repeat the message (with the params): keep only the frames.
    const frames = e.stack.split('\n').filter((l) => /^\s+at /.test(l));
    out.stack = [`${out.type}: ${message}`, ...frames].join('\n');
  }
  for (const key of KEPT_PROPERTIES) {
    if (typeof e[key] === 'string' || typeof e[key] === 'number') out[key] = e[key];
  }
  if (query !== undefined) out.query = sqlShape(query);
  if (Array.isArray(e.params)) out.paramCount = e.params.length;
  if (e.cause !== undefined && depth < MAX_CAUSE_DEPTH) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** The request as an error line shows it: no query string (a search may be by phone or ID number). */
function serializeRequest(req: { method?: string; url?: string; ip?: string }) {
  return { method: req.method, url: req.url?.split('?')[0], remoteAddress: req.ip };
}

/** Fastify's `logger` option: level, serializers, redaction and the last-line scrubber. */
export function loggerOptions(level: string, stream?: DestinationStream): false | LoggerOptions {
  if (level === 'silent') return false;
  return {
    level,
    serializers: { err: serializeError, error: serializeError, req: serializeRequest },
    redact: { paths: REDACT_PATHS, censor: '[已隐去]' },
    hooks: { streamWrite: scrubText },
    ...(stream ? { stream } : {}),
  } as LoggerOptions;
}
