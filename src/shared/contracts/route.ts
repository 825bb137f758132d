/**
 * One object per endpoint (docs/decisions/0001-route-contracts.md): method, path, permission and the
 * schemas of everything that crosses the wire. The server registers its routes from these objects
 * (src/server/lib/route.ts) and the web calls them through a typed client and react-query hooks
 * (src/web/api/contract.ts), so a URL, a parameter or a result type is written once.
 *
 * Why not ts-rest: its router and client would sit beside fastify-type-provider-zod, which already
 * validates requests, serializes responses and writes the OpenAPI document from the same zod
 * schemas. What was missing is only the object that both sides read; that is this file.
 */
import { z } from 'zod';
import type { ErrorCode, RuleErrorCode } from './error-codes.js';
import type { RoutePermission } from './permissions.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A response that is a file (an .xlsx export, an attachment), streamed, not JSON. */
export interface FileResponse {
  readonly file: true;
  /** The content type, e.g. the .xlsx one; '*' for attachments of any type. */
  readonly contentType: string;
  readonly description: string;
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file response (see FileResponse). */
export const fileResponse = (description: string, contentType = XLSX): FileResponse => ({
  file: true,
  contentType,
  description,
});

/** A response with no body (204). */
export const noContent = z.null().describe('无内容');

/**
 * One status answered as JSON or as a file, chosen by the request (the annual report:
 * `format=xlsx`). The typed client reads the JSON form; a file is fetched through its URL.
 */
export interface JsonOrFileResponse<J extends z.ZodType = z.ZodType> {
  readonly json: J;
  readonly file: FileResponse;
}

/** The JSON form of a response, with the file form listed beside it in the OpenAPI document. */
export const jsonOrFile = <J extends z.ZodType>(json: J, file: FileResponse): JsonOrFileResponse<J> => ({
  json,
  file,
});

export type ResponseSchema = z.ZodType | FileResponse | JsonOrFileResponse;

export interface RouteContract {
  readonly method: HttpMethod;
  /** Fastify's form: `/api/members/:id`. */
  readonly path: `/api/${string}`;
  readonly permission: RoutePermission;
  /** One line in Chinese for the OpenAPI document. */
  readonly summary: string;
  /** The OpenAPI tag (the API area). */
  readonly tag: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The body is a multipart upload (field `file`), not JSON. */
  readonly multipart?: true;
  /** Request headers the route reads (e.g. `Idempotency-Key`). */
  readonly headers?: z.ZodType;
  /** Every answer that is not an error, by status. At least one 2xx. */
  readonly responses: { readonly [status: number]: ResponseSchema };
  /** The error codes the route may answer beyond the ones every route may (400, 401, 403, 404). */
  readonly errors?: readonly (ErrorCode | RuleErrorCode)[];
}

/** Declares an endpoint; `const` keeps the literal path and method for the typed client. */
export const defineRoute = <const C extends RouteContract>(contract: C): C => contract;

type SchemaOut<S> = S extends z.ZodType ? z.output<S> : never;
type SchemaIn<S> = S extends z.ZodType ? z.input<S> : never;
type SuccessStatus = 200 | 201 | 202 | 204;
type SuccessOf<C extends RouteContract> = Extract<keyof C['responses'], SuccessStatus>;

/** The parsed params, query and body as the handler sees them. */
export type ParamsOf<C extends RouteContract> = SchemaOut<C['params']>;
export type QueryOf<C extends RouteContract> = SchemaOut<C['query']>;
export type BodyOf<C extends RouteContract> = SchemaOut<C['body']>;

/** What the client sends (before the server's defaults and coercions). */
export type ParamsIn<C extends RouteContract> = SchemaIn<C['params']>;
export type QueryIn<C extends RouteContract> = SchemaIn<C['query']>;
export type BodyIn<C extends RouteContract> = SchemaIn<C['body']>;

/** What the client receives on success (a Blob for a file response; the JSON form of either). */
export type ResultOf<C extends RouteContract> = {
  [S in SuccessOf<C>]: C['responses'][S] extends FileResponse
    ? Blob
    : C['responses'][S] extends JsonOrFileResponse
      ? SchemaOut<C['responses'][S]['json']>
      : SchemaOut<C['responses'][S]>;
}[SuccessOf<C>];

/** What a handler may return on success (the schema's input: the serializer parses it). */
export type HandlerResultOf<C extends RouteContract> = {
  [S in SuccessOf<C>]: C['responses'][S] extends FileResponse
    ? unknown
    : C['responses'][S] extends JsonOrFileResponse
      ? SchemaIn<C['responses'][S]['json']>
      : SchemaIn<C['responses'][S]>;
}[SuccessOf<C>];

export const isFileResponse = (r: ResponseSchema): r is FileResponse =>
  typeof r === 'object' && r !== null && 'file' in r && (r as FileResponse).file === true;

export const isJsonOrFile = (r: ResponseSchema): r is JsonOrFileResponse =>
  typeof r === 'object' && r !== null && 'json' in r && 'file' in r;

/** `/api/members/:id` with `{id: 3}` → `/api/members/3`. */
export function fillPath(path: string, params?: Record<string, unknown>): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') {
      throw new Error(`path parameter ${name} missing for ${path}`);
    }
    return encodeURIComponent(String(value));
  });
}

/** An area's contracts, by name (`membersApi.list`, `membersApi.get`, …). */
export type ContractGroup = Readonly<Record<string, RouteContract>>;

/**
 * A timestamp in a response: the database hands back a Date, the wire carries its ISO string. The
 * serializer parses (not encodes), so this preprocess runs on the server's side only.
 */
export const timestamp = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.string());
