/**
 * How many queries a request sends, and how long it takes (issue #21: "count the queries per
 * request first"). An AsyncLocalStorage store is opened when the request arrives; the database
 * handle's query logger (Drizzle calls it once per statement sent, transactions included) counts
 * into whatever store is current. Shown as the `x-query-count` header when asked for (the API
 * tests, the load bench) and in a debug line per request when LOG_LEVEL=debug.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import type { Database, Db } from '../db/client.js';

export interface RequestStats {
  queries: number;
  /** The first words of each statement, for the debug line (no parameters: no personal data). */
  statements: string[];
  startedAt: number;
}

const storage = new AsyncLocalStorage<RequestStats>();

/** The statements counted while `fn` runs (tests of code outside a request). */
export async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; stats: RequestStats }> {
  const stats: RequestStats = { queries: 0, statements: [], startedAt: performance.now() };
  const result = await storage.run(stats, fn);
  return { result, stats };
}

interface QueryLogger {
  logQuery(query: string, params: unknown[]): void;
}

const instrumented = new WeakSet<object>();

/**
 * Counts the statements of `db` (and of its transactions: Drizzle hands a transaction's session
 * the options of the handle's, logger included). Idempotent; keeps a logger already set.
 */
export function instrumentQueries(db: Db) {
  const session = (
    db as unknown as { session?: { logger?: QueryLogger; options?: { logger?: QueryLogger } } }
  ).session;
  if (!session || instrumented.has(session)) return;
  instrumented.add(session);
  const previous = session.logger;
  const logger: QueryLogger = {
    logQuery(query, params) {
      const stats = storage.getStore();
      if (stats) {
        stats.queries++;
        if (stats.statements.length < 50) stats.statements.push(query.replace(/\s+/g, ' ').slice(0, 60));
      }
      previous?.logQuery(query, params);
    },
  };
  session.logger = logger;
  session.options = { ...session.options, logger };
}

export const QUERY_COUNT_HEADER = 'x-query-count';

/**
 * Opens each request's store (before any other hook that queries: register first) and reports it:
 * the header when `header` is set, a debug line per request when the logger's level is debug.
 */
export function registerRequestStats(app: FastifyInstance, database: Database, opts: { header: boolean }) {
  instrumentQueries(database.db);
  // The read replica's statements count too (decision 0050): they are the request's.
  if (database.reader) instrumentQueries(database.reader.db);
  const stats = new WeakMap<object, RequestStats>();
  app.addHook('onRequest', (request, _reply, done) => {
    const s: RequestStats = { queries: 0, statements: [], startedAt: performance.now() };
    stats.set(request, s);
    // Everything after this hook (the other hooks, the handler, the serializer) runs in the store.
    storage.run(s, done);
  });
  if (opts.header) {
    app.addHook('onSend', async (request, reply, payload) => {
      const s = stats.get(request);
      if (s) reply.header(QUERY_COUNT_HEADER, String(s.queries));
      return payload;
    });
  }
  if ((app.log as { isLevelEnabled?: (l: string) => boolean }).isLevelEnabled?.('debug')) {
    app.addHook('onResponse', async (request, reply) => {
      const s = stats.get(request);
      if (!s) return;
      request.log.debug(
        {
          method: request.method,
          route: request.routeOptions.url,
          status: reply.statusCode,
          queries: s.queries,
          ms: Math.round((performance.now() - s.startedAt) * 100) / 100,
          statements: s.statements,
        },
        'request',
      );
    });
  }
}
