import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import { z } from 'zod';
import { API_CONTRACTS } from '../shared/contracts/api.js';
import { fieldLabel } from '../shared/contracts/common.js';
import { ERROR_CODES } from '../shared/contracts/error-codes.js';
import type { RoutePermission } from '../shared/contracts/permissions.js';
import type { RouteContract } from '../shared/contracts/route.js';
import type { AppConfig } from './config.js';
import type { Database } from './db/client.js';
import { registerWritePosition } from './db/replica-requests.js';
import { namePreparedStatements } from './lib/cache-statements.js';
import { AppError } from './lib/errors.js';
import { registerInputGuard } from './lib/input.js';
import { loggerOptions } from './lib/log.js';
import { registerOriginCheck } from './lib/origin-check.js';
import { deploymentKey, loadDataKeys } from './lib/pii.js';
import { registerRequestStats } from './lib/request-stats.js';
import { contractSerializer, registerRoutes } from './lib/route.js';
import { registerSecurityHeaders } from './lib/security-headers.js';
import { registerWebStatic, sendSpaIndex } from './lib/static.js';
import { registerAuth } from './modules/auth/plugin.js';
import type { ModuleManifest } from './modules/manifest.js';
import { MODULES } from './modules/registry.js';

z.config(z.locales.zhCN());
// A missing field says so plainly, rather than zod's "expected string, received undefined".
z.config({ customError: (issue) => (issue.input === undefined ? '必填' : undefined) });

declare module 'fastify' {
  interface FastifyInstance {
    /** `METHOD url -> permission` of every API route, for the permission snapshot test. */
    routeTable: string[];
  }
  interface FastifyContextConfig {
    /** Every route declares what it requires (DESIGN §4.2); start-up fails otherwise. */
    permission?: RoutePermission;
  }
}

export interface AppDeps {
  config: AppConfig;
  database: Database;
  /** Injectable clock for tests; defaults to the wall clock. */
  clock?: () => Date;
  /** The modules to serve; the registry's by default (tests leave one out to see start-up refuse). */
  modules?: readonly ModuleManifest[];
  /** Where the log goes (the API suite writes it to a file it scans); stdout by default. */
  logStream?: DestinationStream;
}

export type App = FastifyInstance;

export async function buildApp({
  config,
  database,
  clock = () => new Date(),
  modules = MODULES,
  logStream,
}: AppDeps): Promise<App> {
  // ID numbers and phones are sealed at rest (lib/pii.ts): no key, no start.
  await loadDataKeys(database.db, { kek: deploymentKey(config) });
  const app = Fastify({
    logger: loggerOptions(config.logLevel, logStream),
    genReqId: () => randomUUID(),
    // One line per request is noise at info level; errors are still logged with the request id
    // that the client sees in every error body.
    disableRequestLogging: true,
    // Only the configured proxies' X-Forwarded-For is believed (TRUST_PROXY); by default nobody's,
    // so request.ip, the login limits and the audit log hold the socket's address (issue #18).
    trustProxy: config.trustProxy,
    // Slow clients are cut off (issue #18: 15,126 slow connections were held): an idle socket, a
    // request whose headers or whole body take too long. The header deadline is checked every
    // second rather than Node's default 30 s, so slow-header clients go before they pile up.
    connectionTimeout: config.timeouts.idle,
    requestTimeout: config.timeouts.request,
    keepAliveTimeout: config.timeouts.keepAlive,
    http: { headersTimeout: config.timeouts.headers, connectionsCheckingInterval: 1000 },
    ajv: { customOptions: { coerceTypes: false } },
    // No deadline on a module's setup: the imports module undoes, at start, a commit that a crash
    // interrupted, and on PGlite that can take longer than Fastify's 10 s default; the server
    // answers 503 (starting) meanwhile. With the default, a restart after kill -9 in the middle of
    // an import commit failed to start at all (found by bench/faults).
    pluginTimeout: 0,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(contractSerializer);
  // Queries per request (issue #21): first, so the session's lookup is counted too.
  registerRequestStats(app, database, { header: process.env.JICENG_QUERY_COUNT === '1' });
  // Repeated statements sent as named (prepared) ones on PostgreSQL (lib/cache-statements.ts).
  namePreparedStatements(database);
  // The read replica's pool too: the heavy reads repeat their statements like any other (decision 0050).
  if (database.reader) namePreparedStatements({ ...database, db: database.reader.db });

  // The idle-socket timeout is for clients that go silent, not for the server at work: a handler
  // that works longer than it (the rollback of a large import, a recompute) lost its connection with
  // the answer unsent. So the socket's clock stops once a request is in and starts again when the
  // answer is written; a client that stops reading the answer is still cut off.
  // (app.inject's socket has no clock: hence the type check.)
  const socketClock = (request: FastifyRequest, ms: number) => {
    const socket = request.raw.socket as { setTimeout?: unknown } | undefined;
    if (typeof socket?.setTimeout === 'function') request.raw.socket.setTimeout(ms);
  };
  app.addHook('onRequest', async (request) => socketClock(request, 0));
  app.addHook('onSend', async (request, _reply, payload) => {
    socketClock(request, config.timeouts.idle);
    return payload;
  });

  // A route that forgets its permission is a start-up error, not an open door.
  const routeTable: string[] = [];
  const boundContracts = new Set<RouteContract>();
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!url.startsWith('/api')) return;
    if (route.method === 'HEAD' || (Array.isArray(route.method) && route.method.includes('HEAD'))) return;
    if (url.startsWith('/api/docs')) return;
    if (!route.config?.permission) {
      throw new Error(`route ${route.method} ${url} declares no permission`);
    }
    // The OpenAPI document itself is the one /api route that no contract describes.
    if (url === '/api/openapi.json') return void routeTable.push(`${route.method} ${url} -> public`);
    const contract = (route.config as { contract?: RouteContract }).contract;
    if (!contract) {
      throw new Error(`route ${route.method} ${url} is not declared by a contract (src/shared/contracts)`);
    }
    const responses = route.schema?.response as Record<string, unknown> | undefined;
    if (!responses || !Object.keys(responses).some((s) => s.startsWith('2'))) {
      throw new Error(`route ${route.method} ${url} declares no response schema`);
    }
    if (boundContracts.has(contract))
      throw new Error(`contract ${contract.method} ${contract.path} bound twice`);
    boundContracts.add(contract);
    routeTable.push(`${route.method} ${url} -> ${route.config.permission}`);
  });

  registerSecurityHeaders(app, { hsts: config.cookieSecure });
  registerOriginCheck(app, { allowedOrigins: config.allowedOrigins });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Jiceng 基层 API',
        version: '0.1.0',
        description: '党组织、党员、组织关系转接与审计日志',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jiceng_sid' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler((error, request, reply) => {
    const requestId = String(request.id);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => {
        const field =
          String(v.instancePath ?? '')
            .replace(/^\//, '')
            .split('/')[0] || String((v.params as { missingProperty?: string })?.missingProperty ?? '');
        const label = fieldLabel(field, request.url.split('/')[2]?.split('?')[0]);
        const message = v.message ?? '格式不正确';
        // Messages written for the field already name it ("姓名至少2个字").
        return { field, message: !label || message.startsWith(label) ? message : `${label}：${message}` };
      });
      return reply.status(400).send({
        code: 'VALIDATION',
        message: details[0]?.message ?? ERROR_CODES.VALIDATION.message,
        details,
        requestId,
      });
    }
    if (error instanceof AppError) {
      return reply
        .status(error.status)
        .send({ code: error.code, message: error.message, details: error.details, requestId });
    }
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode === 429) {
      return reply
        .status(429)
        .send({ code: 'RATE_LIMITED', message: ERROR_CODES.RATE_LIMITED.message, requestId });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      // Malformed JSON, wrong content type and the like: say so in Chinese, keep no internals.
      return reply.status(e.statusCode).send({ code: 'VALIDATION', message: '请求格式不正确', requestId });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL', message: ERROR_CODES.INTERNAL.message, requestId });
  });

  await registerAuth(app, { config, database, clock });
  // With a read replica: each write's WAL position in a cookie, for read-your-writes (decision 0050).
  registerWritePosition(app, database, config);
  registerInputGuard(app);

  app.get('/api/openapi.json', {
    config: { permission: 'public' },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });

  // Every module's routes, each module in its own scope (docs/ARCHITECTURE.md, "The registry").
  const deps = { config, database, clock, modules };
  for (const module of modules) {
    const routes = module.routes?.(deps) ?? [];
    if (!routes.length && !module.setup) continue;
    await app.register(async (scope) => {
      await module.setup?.(scope, deps);
      registerRoutes(scope, routes);
    });
  }
  // A contract that no module serves is a module missing from the registry: refuse to start.
  const listed = new Set(API_CONTRACTS);
  const unlisted = [...boundContracts].filter((c) => !listed.has(c));
  if (unlisted.length) {
    throw new Error(
      `routes whose contract is not in API (src/shared/contracts/api.ts): ${unlisted
        .map((c) => `${c.method} ${c.path}`)
        .join(', ')}`,
    );
  }
  const unbound = API_CONTRACTS.filter((c) => !boundContracts.has(c));
  if (unbound.length) {
    throw new Error(
      `contracts without a route (is their module in src/server/modules/registry.ts?): ${unbound
        .map((c) => `${c.method} ${c.path}`)
        .join(', ')}`,
    );
  }

  // The built web UI, precompressed and cached by name (lib/static.ts).
  const hasWeb = await registerWebStatic(app, config.webDist);
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0];
    // Client-side routes of the single-page app get index.html; API paths and missing files
    // (a stale /assets/x.js) get a real 404.
    if (!hasWeb || url.startsWith('/api') || /\.[a-z0-9]+$/i.test(url)) {
      return reply
        .status(404)
        .send({ code: 'NOT_FOUND', message: '接口不存在', requestId: String(request.id) });
    }
    return sendSpaIndex(reply);
  });

  return app;
}
