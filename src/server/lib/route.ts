/**
 * Registers routes from their contracts (src/shared/contracts/route.ts). A module binds each of its
 * contracts to a handler with `bind`; the registry hands every module's bindings to `registerRoutes`.
 *
 * The handler's parameters are typed from the contract's schemas and its result must fit the
 * success response's schema (the compiler checks it; the serializer below checks it again at run
 * time, so a field the contract does not name never leaves the server).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type BodyOf,
  type FileResponse,
  type HandlerResultOf,
  isFileResponse,
  isJsonOrFile,
  type ParamsOf,
  type QueryOf,
  type RouteContract,
} from '../../shared/contracts/route.js';

export type ContractRequest<C extends RouteContract> = FastifyRequest<{
  Params: ParamsOf<C>;
  Querystring: QueryOf<C>;
  Body: BodyOf<C>;
}>;

/** Returns the response body (sent with the contract's success status) or the reply it sent. */
export type ContractHandler<C extends RouteContract> = (
  req: ContractRequest<C>,
  reply: FastifyReply,
) => Promise<HandlerResultOf<C> | FastifyReply>;

export interface RouteOptions {
  /** Extra route config (e.g. `rateLimit`). */
  config?: Record<string, unknown>;
  /** A larger body than Fastify's default (uploads). */
  bodyLimit?: number;
}

export interface RouteBinding {
  readonly contract: RouteContract;
  readonly handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  readonly options?: RouteOptions;
}

/** Binds a contract to its handler. */
export function bind<C extends RouteContract>(
  contract: C,
  handler: ContractHandler<C>,
  options?: RouteOptions,
): RouteBinding {
  return { contract, handler: handler as RouteBinding['handler'], options };
}

/** The success status a returned body is sent with: the contract's only (or lowest) 2xx. */
function successStatus(contract: RouteContract): number {
  const statuses = Object.keys(contract.responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300)
    .sort((a, b) => a - b);
  if (!statuses.length) {
    throw new Error(`route ${contract.method} ${contract.path} declares no success response`);
  }
  return statuses[0];
}

/** The contract's responses as Fastify's schema (files as binary content for the OpenAPI document). */
function responseSchemas(contract: RouteContract): Record<number, unknown> {
  const binary = (file: FileResponse) => ({
    [file.contentType === '*' ? 'application/octet-stream' : file.contentType]: {
      schema: z.string().meta({ format: 'binary' }),
    },
  });
  const out: Record<number, unknown> = {};
  for (const [status, schema] of Object.entries(contract.responses)) {
    out[Number(status)] = isFileResponse(schema)
      ? { description: schema.description, content: binary(schema) }
      : isJsonOrFile(schema)
        ? {
            description: `JSON，或${schema.file.description}`,
            content: { 'application/json': { schema: schema.json }, ...binary(schema.file) },
          }
        : schema;
  }
  return out;
}

export function registerRoutes(app: FastifyInstance, bindings: readonly RouteBinding[]): void {
  for (const { contract, handler, options } of bindings) {
    const status = successStatus(contract);
    app.route({
      method: contract.method,
      url: contract.path,
      bodyLimit: options?.bodyLimit,
      config: { ...options?.config, permission: contract.permission, contract },
      schema: {
        tags: [contract.tag],
        summary: contract.summary,
        ...(contract.params ? { params: contract.params } : {}),
        ...(contract.query ? { querystring: contract.query } : {}),
        ...(contract.body && !contract.multipart ? { body: contract.body } : {}),
        ...(contract.multipart ? { consumes: ['multipart/form-data'] } : {}),
        ...(contract.headers ? { headers: contract.headers } : {}),
        response: responseSchemas(contract),
      },
      handler: async (req, reply) => {
        const result = await handler(req, reply);
        if (result === reply || reply.sent) return reply;
        if (reply.statusCode === 200 && status !== 200) reply.status(status);
        return result;
      },
    });
  }
}

/**
 * The response serializer: parses (so preprocess steps such as Date → ISO string run, and fields
 * the contract does not name are dropped) and then stringifies. Files and streams never reach it.
 */
export const contractSerializer = ({
  schema,
  method,
  url,
}: {
  schema: unknown;
  method: string;
  url: string;
}): ((data: unknown) => string) => {
  const zod =
    schema instanceof z.ZodType
      ? schema
      : (schema as { properties?: unknown })?.properties instanceof z.ZodType
        ? (schema as { properties: z.ZodType }).properties
        : null;
  if (!zod) return (data) => JSON.stringify(data);
  return (data) => {
    const result = zod.safeParse(data);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(
        `response of ${method} ${url} does not match its contract at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      );
    }
    return JSON.stringify(result.data);
  };
};
