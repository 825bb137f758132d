/**
 * Prepared statements for the hot queries (issue #21): on PostgreSQL a statement sent with a name
 * is parsed and analysed once per connection and its plan can be kept, where an unnamed one is
 * parsed, analysed and planned on every execution (1.4 ms of planning for the member page's join
 * over a table with twelve indexes, against 1.0 ms to run it: docs/benchmarks.md).
 *
 * Drizzle names a statement only when asked (`.prepare(name)`), query by query. Here the pool's
 * connections name every data statement the application sends more than once, by a hash of its
 * text, so every repo gains without a change. Bounded: a text must be seen `minUses` times (lists
 * of ids vary in length and make texts that never come back), and at most `maxNames` distinct
 * statements are named per process (each costs the server some memory per connection).
 *
 * Off with JICENG_PREPARED=0 (e.g. behind PgBouncer in transaction mode before 1.21, which cannot
 * keep a session's prepared statements).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Database } from '../db/client.js';

/** Only data statements: transaction control and the like gain nothing from a name. */
const DATA_STATEMENT = /^\s*(select|with|insert|update|delete)\b/i;

export interface StatementNames {
  /** The name to send `text` under, or undefined to send it unnamed. */
  nameFor(text: string): string | undefined;
  readonly named: number;
}

export function statementNames(opts: {
  minUses: number;
  maxNames: number;
  maxTracked: number;
}): StatementNames {
  const uses = new Map<string, number>();
  const names = new Map<string, string>();
  return {
    get named() {
      return names.size;
    },
    nameFor(text) {
      const known = names.get(text);
      if (known) return known;
      if (!DATA_STATEMENT.test(text) || names.size >= opts.maxNames) return undefined;
      const n = (uses.get(text) ?? 0) + 1;
      if (n < opts.minUses) {
        // Texts seen once are forgotten beyond a bound: a stream of one-off texts costs nothing.
        if (uses.size >= opts.maxTracked) uses.clear();
        uses.set(text, n);
        return undefined;
      }
      uses.delete(text);
      const name = `jc_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
      return name;
    },
  };
}

type QueryFn = (config: unknown, ...rest: unknown[]) => unknown;

/** Names the repeated data statements of `database`'s pool (PostgreSQL only; PGlite has no use for it). */
export function namePreparedStatements(database: Database, env: NodeJS.ProcessEnv = process.env) {
  if (database.kind !== 'pg' || env.JICENG_PREPARED === '0') return null;
  const pool = (database.db as unknown as { $client?: pg.Pool }).$client;
  if (!pool || typeof pool.on !== 'function') return null;
  const names = statementNames({ minUses: 2, maxNames: 500, maxTracked: 5_000 });
  const wrapped = new WeakSet<object>();
  // Every query, pooled or in a transaction, runs on a client the pool hands out: name there.
  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as QueryFn;
    (client as unknown as { query: QueryFn }).query = (config, ...rest) => {
      if (config && typeof config === 'object' && !('name' in config && (config as { name?: string }).name)) {
        const text = (config as { text?: unknown }).text;
        const name = typeof text === 'string' ? names.nameFor(text) : undefined;
        if (name) return query({ ...(config as object), name }, ...rest);
      }
      return query(config, ...rest);
    };
  });
  return names;
}
