/**
 * One fuzzed request for a contract: params, query, headers and body drawn from its zod schemas with
 * nasty values mixed in (./from-zod.ts), sent as a user who may call the route, sometimes as nobody
 * or as someone else. Multipart routes get hand-built form bodies: odd file names, many fields, no
 * file, a body cut short.
 */
import fc from 'fast-check';
import type { RouteContract } from '../../../src/shared/contracts/route.js';
import { arbitraryOf, shapeOf, sometimes } from './from-zod.js';
import { NASTY_STRINGS, nastyKeys, nastyValue, plantedOnce, toJsonText, urlText } from './nasty.js';

export interface FuzzRequest {
  /** Who sends it: 'route' (a user holding the route's permission), 'other' (any user) or 'nobody'. */
  as: 'route' | 'other' | 'nobody';
  method: RouteContract['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** A session cookie sent by 'nobody': forged, malformed or absurd (the auth hook reads every one). */
  cookie?: string;
}

const WEIRD_COOKIES = [
  'jiceng_sid=%00',
  'jiceng_sid=%ED%A0%80',
  'jiceng_sid=%',
  'jiceng_sid="unterminated',
  `jiceng_sid=${'a'.repeat(8_000)}`,
  'jiceng_sid=; jiceng_sid=x; jiceng_sid=y',
  'jiceng_sid=0000000000000000000000000000000000000000000000000000000000000000',
  '=; ;;; jiceng_sid',
  'jiceng_sid=\u0000',
];

/** `key=value` pairs of a query object: arrays repeat the key, objects travel as JSON text. */
function queryText(query: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    const values = Array.isArray(v) && v.length <= 50 ? v : [v];
    for (const one of values) pairs.push(`${urlText(k)}=${one === null ? '' : urlText(one)}`);
  }
  return pairs.join('&');
}

const paramsArb = (c: RouteContract) =>
  fc.record(
    Object.fromEntries(
      Object.entries(shapeOf(c.params)).map(([k, s]) => [
        k,
        // Mostly the fixture's small ids, so the route finds rows; sometimes a nasty segment.
        fc.oneof(
          { weight: 7, arbitrary: fc.integer({ min: 1, max: 12 }).map(String) },
          { weight: 2, arbitrary: arbitraryOf(s, 0) },
          { weight: 2, arbitrary: nastyValue },
        ),
      ]),
    ),
  );

/**
 * How nasty a request's values are: half of them clean (they test the services with what the
 * schema allows), the rest with a nasty value at some levels or many.
 */
const mixed = (schema: RouteContract['body']) =>
  fc.oneof(
    { weight: 3, arbitrary: arbitraryOf(schema, 0) },
    { weight: 3, arbitrary: plantedOnce(arbitraryOf(schema, 0)) },
    { weight: 2, arbitrary: arbitraryOf(schema, 2) },
    { weight: 2, arbitrary: arbitraryOf(schema, 5) },
  );

const queryArb = (c: RouteContract) =>
  fc
    .tuple(
      mixed(c.query).map((q) => (q && typeof q === 'object' && !Array.isArray(q) ? q : {})),
      sometimes(fc.tuple(nastyKeys, nastyValue), 1, 6),
    )
    .map(([q, extra]) => {
      const text = queryText(q as Record<string, unknown>);
      const more = extra ? `${urlText(extra[0])}=${urlText(extra[1])}` : '';
      return [text, more].filter(Boolean).join('&');
    });

/** Bodies that are not what any schema describes: broken JSON, a bare value, nothing. */
const brokenBody = fc.constantFrom(
  '{"a":',
  '\u0000',
  '',
  '[',
  '{"a":1}garbage',
  '"\\ud800"',
  'null',
  '1e309',
);

const jsonBodyArb = (c: RouteContract) =>
  fc.oneof({ weight: 9, arbitrary: mixed(c.body).map(toJsonText) }, { weight: 1, arbitrary: brokenBody });

const headerArb = (c: RouteContract) =>
  arbitraryOf(c.headers, 3).map((h) => {
    const out: Record<string, string> = {};
    if (h && typeof h === 'object') {
      for (const [k, v] of Object.entries(h)) {
        // A header value is Latin-1 bytes on the wire: wider characters arrive as '?'.
        if (v !== undefined)
          out[k] = String(typeof v === 'object' ? JSON.stringify(v) : v).replace(/[^\x20-\xff]/g, '?');
      }
    }
    return out;
  });

const FILE_NAMES = [
  '名单.xlsx',
  'members.xlsx',
  '',
  ' ',
  '\u0000.xlsx',
  '../../../etc/passwd',
  'a'.repeat(600),
  '\u202eslx.exe',
  'x".xlsx',
  'con.xlsx',
  '.xlsx',
  '%00.xlsx',
];
const FILE_BODIES: Buffer[] = [
  Buffer.alloc(0),
  Buffer.from('not a spreadsheet'),
  Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000garbage'),
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(70_000, 0x41),
];

const multipartArb = (c: RouteContract, workbooks: readonly Buffer[]) =>
  fc
    .record({
      fields: mixed(c.body),
      extraFields: fc.constantFrom(0, 0, 3, 300, 2_000),
      file: sometimes(
        fc.record({
          field: fc.constantFrom('file', 'file', 'file', 'attachment', ''),
          name: fc.oneof(fc.constantFrom(...FILE_NAMES), fc.constantFrom(...NASTY_STRINGS)),
          body: fc.constantFrom(...FILE_BODIES, ...workbooks, ...workbooks),
        }),
        5,
        6,
      ),
      twoFiles: fc.boolean(),
      cut: fc.constantFrom(false, false, false, true),
      boundary: fc.constantFrom('fuzzBoundary', 'fuzzBoundary', ''),
    })
    .map(({ fields, extraFields, file, twoFiles, cut, boundary }) => {
      const b = 'fuzzBoundary';
      const parts: Buffer[] = [];
      const field = (name: string, value: string) =>
        parts.push(
          Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
        );
      if (fields && typeof fields === 'object' && !Array.isArray(fields)) {
        for (const [k, v] of Object.entries(fields)) {
          if (v !== undefined) field(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
        }
      }
      for (let i = 0; i < extraFields; i++) field(`f${i}`, 'x');
      const filePart = (f: NonNullable<typeof file>) =>
        parts.push(
          Buffer.from(
            `--${b}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\n` +
              'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
          ),
          f.body,
          Buffer.from('\r\n'),
        );
      if (file) filePart(file);
      if (file && twoFiles) filePart(file);
      parts.push(Buffer.from(`--${b}--\r\n`));
      let payload = Buffer.concat(parts);
      if (cut) payload = payload.subarray(0, Math.floor(payload.length / 2));
      return {
        payload,
        contentType: boundary ? `multipart/form-data; boundary=${boundary}` : 'multipart/form-data',
      };
    });

/** The request arbitrary for a contract; `workbooks` are real .xlsx files for the upload routes. */
export function requestArb(c: RouteContract, workbooks: readonly Buffer[] = []): fc.Arbitrary<FuzzRequest> {
  const as = fc.constantFrom<FuzzRequest['as']>(
    ...(['route', 'route', 'route', 'route', 'route', 'route', 'route', 'route', 'other', 'nobody'] as const),
  );
  const hasBody = c.method !== 'GET' && c.method !== 'DELETE';
  const body = !hasBody
    ? fc.constant({
        payload: undefined as string | Buffer | undefined,
        contentType: undefined as string | undefined,
      })
    : c.multipart
      ? multipartArb(c, workbooks)
      : jsonBodyArb(c).map((payload) => ({ payload, contentType: 'application/json' }));
  return fc
    .record({
      as,
      params: paramsArb(c),
      query: queryArb(c),
      headers: headerArb(c),
      body,
      cookie: sometimes(fc.constantFrom(...WEIRD_COOKIES), 1, 2),
    })
    .map(({ as, params, query, headers, body, cookie }) => {
      const path = c.path.replace(/:([A-Za-z_]\w*)/g, (_, k: string) => urlText(params[k] ?? ''));
      return {
        as,
        method: c.method,
        url: query ? `${path}?${query}` : path,
        headers: { ...headers, ...(body.contentType ? { 'content-type': body.contentType } : {}) },
        payload: body.payload,
        ...(as === 'nobody' && cookie ? { cookie } : {}),
      };
    });
}
