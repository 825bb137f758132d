/**
 * Reads on a streaming replica (issue #21, decision 0050). With DATABASE_READ_URL set, the heavy
 * reads (dashboards, the annual report, compliance pages, progress and points rankings, exports)
 * run on a hot standby's pool; everything else, and every write, on the primary. This file holds
 * the pool, the WAL positions and the choice between the two; replica-requests.ts ties them to a
 * request (the read-your-writes cookie).
 *
 * The choice for one read:
 * - the replica was found unreachable in the last few seconds: the primary;
 * - the caller has no write to see (no position): the replica;
 * - the replica has replayed past the caller's last write: the replica;
 * - otherwise wait, polling the replica's replay position, up to `waitMs` (200 ms by default), then
 *   the primary.
 * A read that fails on the replica because the replica is gone (connection refused or cut, shut
 * down, cancelled by a replay conflict) is run again on the primary: a dead replica never answers
 * a user with an error.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { z } from 'zod';
// Not imported from client.ts's values (client.ts imports this file); the types only.
import type { Db, DbOrTx } from './client.js';
import * as schema from './schema/index.js';

/** A WAL position as PostgreSQL prints it (`16/B374D848`) read as one number. */
export function parseLsn(text: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!m) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** A WAL position from a client (the cookie), or null when it is not one. */
export function lsnOrNull(text: string | undefined): bigint | null {
  if (!text) return null;
  try {
    return parseLsn(text);
  } catch {
    return null;
  }
}

const lsnRow = z.object({ lsn: z.string().nullable() });

/** The primary's current WAL position: every transaction committed before the call is at or before it. */
export async function currentLsn(primary: DbOrTx): Promise<bigint> {
  const result = (await primary.execute(sql`select pg_current_wal_lsn()::text as lsn`)) as unknown as {
    rows: unknown[];
  };
  const lsn = lsnRow.parse(result.rows[0]).lsn;
  if (!lsn) throw new Error('the primary has no WAL position');
  return parseLsn(lsn);
}

/**
 * Errors that mean the replica cannot serve, not that the read is wrong: the read is run again on
 * the primary. Connection errors (refused, reset, timed out, cut by a shutdown), SQLSTATE class 08
 * (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now) and 40001 on a
 * standby (a query cancelled because replay had to remove the rows it read: "conflict with
 * recovery"), and 25006: a write the standby refused. A heavy read should write only through
 * `writerOf`; one that does not is a bug, but the user still gets the answer from the primary and
 * the log says which read it was (replica-requests.ts logs the fallback).
 */
export function replicaUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EPIPE|EAI_AGAIN)$/.test(code))
    return true;
  if (/^(08...|57P0[123]|40001|25006)$/.test(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (/Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(message))
    return true;
  // Drizzle wraps the driver's error ("Failed query: …") with the original as its cause.
  return e.cause !== undefined && e.cause !== err && replicaUnavailable(e.cause);
}

/**
 * The writes of a read on the replica go to the primary: an export's audit entry and the annual
 * report's are the only writes of the heavy reads, and a hot standby refuses every write. The
 * replica's Db maps to its primary here (set by client.ts); any other Db or transaction is itself.
 */
const primaries = new WeakMap<object, DbOrTx>();
export function writerOf<T extends DbOrTx>(db: T): T | Db {
  return (primaries.get(db) as Db | undefined) ?? db;
}

/**
 * What went wrong, in a word: the driver's code (ECONNREFUSED, 57P01) under Drizzle's wrapper, or
 * the first line of the message. Never the connection string or a query's parameters.
 */
export function errorCode(err: unknown): string {
  for (let e = err as { code?: unknown; cause?: unknown } | null, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && e.code) return e.code;
    e = e.cause as typeof e;
  }
  const message = err instanceof Error ? err.message : String(err);
  return message.startsWith('Failed query') ? 'query failed' : message.split('\n')[0].slice(0, 120);
}

/** Where a read went, counted since the process started (shown on the health endpoint). */
export interface ReadCounts {
  /** Heavy reads served by the replica. */
  replica: number;
  /** Heavy reads served by the primary: the replica down, or behind the caller's write after the wait. */
  primary: number;
  /** Of those, reads that started on the replica and were run again on the primary. */
  fallbacks: number;
  /** Reads that waited for the replica to replay the caller's write (and got it in time). */
  waited: number;
  /** Connections the replica's pool handed out (every query on the replica takes one). */
  replicaQueries: number;
}

export interface ReplicaOptions {
  /** How long a read waits for the replica to replay the caller's write before it goes to the primary. */
  waitMs: number;
  /** After a failure, how long the replica is left alone before it is tried again. */
  retryMs?: number;
  /** Connections in the replica's pool. */
  max?: number;
}

export type ReadTarget = 'replica' | 'primary';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How often a waiting read asks the replica where its replay is (a query of a few hundred µs). */
const POLL_MS = 5;

export class ReadReplica {
  readonly db: Db;
  readonly waitMs: number;
  readonly counts: ReadCounts = { replica: 0, primary: 0, fallbacks: 0, waited: 0, replicaQueries: 0 };
  private readonly pool: pg.Pool;
  private readonly retryMs: number;
  /** performance.now() until which the replica is considered down (0: up). */
  private downUntil = 0;
  /** Why it was last found down, for the health endpoint. */
  lastError: string | null = null;
  /** The highest replay position seen: replay only moves forward, so a write at or below it is there. */
  private replayed = -1n;

  constructor(url: string, options: ReplicaOptions) {
    this.waitMs = options.waitMs;
    this.retryMs = options.retryMs ?? 5000;
    // The same settings as the primary's pool (client.ts: no JIT), and a short connect timeout: a
    // replica that does not answer costs a read one second, not the driver's default of forever.
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      options: '-c jit=off',
      connectionTimeoutMillis: 1000,
    });
    // An idle connection cut by the replica's shutdown is reported here; without a listener the
    // pool's 'error' event would end the process.
    this.pool.on('error', (err) => this.markDown(err));
    this.pool.on('acquire', () => {
      this.counts.replicaQueries++;
    });
    this.db = drizzlePg(this.pool, { schema }) as unknown as Db;
  }

  /** Whether reads currently skip the replica (it failed less than `retryMs` ago). */
  get down(): boolean {
    return performance.now() < this.downUntil;
  }

  markDown(err: unknown) {
    this.downUntil = performance.now() + this.retryMs;
    this.lastError = errorCode(err);
  }

  markUp() {
    this.downUntil = 0;
    this.lastError = null;
  }

  /**
   * The replica's replay position, or null when the server is not a standby (a read URL that
   * points at a primary: it has every write it has).
   */
  async replayLsn(): Promise<bigint | null> {
    const result = await this.pool.query<{ lsn: string | null }>(
      'select pg_last_wal_replay_lsn()::text as lsn',
    );
    const text = result.rows[0]?.lsn ?? null;
    if (text === null) return null;
    const lsn = parseLsn(text);
    if (lsn > this.replayed) this.replayed = lsn;
    return lsn;
  }

  /**
   * Where a read goes for a caller whose last write is at `after` (null: no write to see). Waits
   * at most `waitMs` for the replica to replay it.
   */
  async choose(after: bigint | null): Promise<ReadTarget> {
    if (this.down) return 'primary';
    if (after === null || after <= this.replayed) return 'replica';
    const deadline = performance.now() + this.waitMs;
    let waited = false;
    for (;;) {
      let replay: bigint | null;
      try {
        replay = await this.replayLsn();
      } catch (err) {
        if (!replicaUnavailable(err)) throw err;
        this.markDown(err);
        return 'primary';
      }
      if (replay === null || replay >= after) {
        if (waited) this.counts.waited++;
        return 'replica';
      }
      const left = deadline - performance.now();
      if (left <= 0) return 'primary';
      waited = true;
      await sleep(Math.min(POLL_MS, left));
    }
  }

  /**
   * Runs a read on the database `choose` picks; a read the replica cannot serve (it went away) is
   * run again on the primary and the replica is left alone for `retryMs`.
   */
  async read<T>(
    primary: Db,
    after: bigint | null,
    run: (db: Db) => Promise<T>,
    onFallback?: (err: unknown) => void,
  ): Promise<{ result: T; from: ReadTarget }> {
    const target = await this.choose(after);
    if (target === 'primary') {
      this.counts.primary++;
      return { result: await run(primary), from: 'primary' };
    }
    try {
      const result = await run(this.db);
      this.counts.replica++;
      return { result, from: 'replica' };
    } catch (err) {
      if (!replicaUnavailable(err)) throw err;
      this.markDown(err);
      onFallback?.(err);
      this.counts.primary++;
      this.counts.fallbacks++;
      return { result: await run(primary), from: 'primary' };
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** The replica of `primary` at `url`: its pool, and its writes sent to the primary (writerOf). */
export function openReplica(url: string, primary: Db, options: ReplicaOptions): ReadReplica {
  const replica = new ReadReplica(url, options);
  primaries.set(replica.db, primary);
  return replica;
}

const lagRow = z.object({
  inRecovery: z.boolean(),
  replayLsn: z.string().nullable(),
  lastReplayAt: z.string().nullable(),
  sinceReplay: z.number().nullable(),
});

/** The replica as the health endpoint shows it. */
export interface ReplicaHealth {
  /** streaming: a standby that answers; not-standby: the read URL is a primary; down: no answer. */
  status: 'streaming' | 'not-standby' | 'down';
  /** WAL bytes the primary has written that the replica has not replayed. */
  lagBytes: number | null;
  /**
   * Seconds the replica's data is behind: 0 when it has replayed up to the primary's position, else
   * the age of the last transaction it replayed (the usual measure; it overstates the lag while a
   * primary with no recent commit writes other WAL, such as a checkpoint's).
   */
  lagSeconds: number | null;
  primaryLsn: string;
  replayLsn: string | null;
  /** When the last replayed transaction committed on the primary (ISO). */
  lastReplayAt: string | null;
  /** While down: the reads go to the primary. */
  readsFrom: ReadTarget;
  /** The error that put it down (a code, never a connection string). */
  error: string | null;
  reads: ReadCounts;
}

/**
 * Asks the replica how far it is behind the primary. Also the replica's way back: a health check
 * that reaches a replica marked down puts it up again (a probe every few seconds is enough; reads
 * try it again after `retryMs` anyway).
 */
export async function replicaHealth(primary: Db, replica: ReadReplica): Promise<ReplicaHealth> {
  const primaryLsn = await currentLsn(primary);
  let row: z.output<typeof lagRow>;
  try {
    const result = await replica.db.execute(sql`
      select pg_is_in_recovery() as "inRecovery",
             pg_last_wal_replay_lsn()::text as "replayLsn",
             to_char(pg_last_xact_replay_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "lastReplayAt",
             extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as "sinceReplay"`);
    row = lagRow.parse((result as unknown as { rows: unknown[] }).rows[0]);
    replica.markUp();
  } catch (err) {
    if (!replicaUnavailable(err)) throw err;
    replica.markDown(err);
    return {
      status: 'down',
      lagBytes: null,
      lagSeconds: null,
      primaryLsn: formatLsn(primaryLsn),
      replayLsn: null,
      lastReplayAt: null,
      readsFrom: 'primary',
      error: replica.lastError,
      reads: { ...replica.counts },
    };
  }
  if (!row.inRecovery || row.replayLsn === null) {
    return {
      status: 'not-standby',
      lagBytes: 0,
      lagSeconds: 0,
      primaryLsn: formatLsn(primaryLsn),
      replayLsn: null,
      lastReplayAt: null,
      readsFrom: 'replica',
      error: null,
      reads: { ...replica.counts },
    };
  }
  const replay = parseLsn(row.replayLsn);
  const behind = primaryLsn > replay ? primaryLsn - replay : 0n;
  return {
    status: 'streaming',
    lagBytes: Number(behind),
    lagSeconds: behind === 0n ? 0 : Math.max(0, Math.round((row.sinceReplay ?? 0) * 1000) / 1000),
    primaryLsn: formatLsn(primaryLsn),
    replayLsn: row.replayLsn,
    lastReplayAt: row.lastReplayAt,
    readsFrom: replica.down ? 'primary' : 'replica',
    error: null,
    reads: { ...replica.counts },
  };
}

/** Waits (up to `timeoutMs`) until the replica has replayed the primary's current position. */
export async function waitForReplay(primary: Db, replica: ReadReplica, timeoutMs = 10_000): Promise<boolean> {
  const target = await currentLsn(primary);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const replay = await replica.replayLsn().catch(() => -1n);
    if (replay === null || (replay !== -1n && replay >= target)) return true;
    if (performance.now() > deadline) return false;
    await sleep(POLL_MS);
  }
}
