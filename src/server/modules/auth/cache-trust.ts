import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { AppConfig } from '../../config.js';
import type { Database } from '../../db/client.js';
import { type Listener, listen } from '../../db/notify.js';
import { applyLocally, CACHE_CHANNEL, parseInvalidation, setCachesTrusted } from '../../lib/cache.js';

/** One listening connection per database address, shared by the apps of the process (tests build many). */
const listeners = new Map<string, { listener: Listener; listening: Promise<void>; apps: number }>();

/** How long start-up waits for the first LISTEN before serving (uncached meanwhile). */
const FIRST_LISTEN_MS = 2_000;

/**
 * Vouches for the process's caches (lib/cache.ts) while every change is sure to reach them, and
 * answers how to stop: on PGlite for as long as the app runs (one process opens the database,
 * decision 0033, and every change is invalidated in it), on PostgreSQL while a dedicated
 * connection LISTENs to the invalidations of every process.
 */
export async function trustCaches(
  app: FastifyInstance,
  config: AppConfig,
  database: Database,
): Promise<() => Promise<void>> {
  if (database.kind === 'pglite') {
    const voucher = {};
    setCachesTrusted(voucher, true);
    return async () => setCachesTrusted(voucher, false);
  }
  // The harness and the benches open their pool themselves: its address is the pool's.
  const url =
    config.databaseUrl ??
    (database.db as unknown as { $client?: pg.Pool }).$client?.options?.connectionString;
  if (!url) {
    app.log.warn('no database address for the cache listener: sessions and rules are read per request');
    return async () => {};
  }
  let shared = listeners.get(url);
  if (!shared) {
    let first: () => void = () => {};
    const listening = new Promise<void>((resolve) => {
      first = resolve;
    });
    const voucher = {};
    const listener = listen({
      url,
      channel: CACHE_CHANNEL,
      onMessage: (payload) => applyLocally(parseInvalidation(payload)),
      onState: (on) => {
        setCachesTrusted(voucher, on);
        if (on) first();
      },
      onError: (message) =>
        app.log.warn({ reason: message }, 'cache listener lost: sessions and rules are read per request'),
    });
    shared = { listener, listening, apps: 0 };
    listeners.set(url, shared);
  }
  const mine = shared;
  mine.apps++;
  await Promise.race([mine.listening, new Promise((r) => setTimeout(r, FIRST_LISTEN_MS).unref())]);
  return async () => {
    if (--mine.apps > 0) return;
    listeners.delete(url);
    await mine.listener.close();
  };
}
