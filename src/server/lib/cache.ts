/**
 * What every request reads before its route runs (the session with its user and grants, the rules
 * in force), kept in the process and dropped when it changes (docs/decisions/0049). A change says
 * what it invalidated with `invalidate(db, …)`, inside the transaction that makes it:
 *
 * - in this process at once (the caches below forget the entries and bump the generation, so a read
 *   that started before the change cannot store what it read: see `CacheGeneration`);
 * - in every other process through PostgreSQL: `pg_notify('jiceng_cache', …)` in the same
 *   transaction, so the notification is delivered exactly when the change commits (and never when it
 *   rolls back). Each server listens on a dedicated connection (`db/notify.ts`) and applies what
 *   arrives, its own notifications included (they close the window between this process's early
 *   forgetting and the commit).
 *
 * The caches serve only while they can trust the invalidations: on PGlite always (one process opens
 * the database: decision 0033), on PostgreSQL only while the listening connection is up. When it is
 * lost everything is dropped and requests go to the database until it is back.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';

/** The PostgreSQL channel every process listens to. */
export const CACHE_CHANNEL = 'jiceng_cache';

/**
 * What a change makes stale. `all` for changes that reach every session (an org renamed or moved);
 * `orgs` for any change of the org rows (`OrgRowCache`: founded, moved, renamed, dissolved).
 */
export interface Invalidation {
  sessions?: string[];
  users?: number[];
  all?: boolean;
  rules?: boolean;
  orgs?: boolean;
}

/** Everything this process keeps. */
const EVERYTHING: Invalidation = { all: true, rules: true, orgs: true };

/** A notification's payload is at most 8,000 bytes: beyond this many ids, say `all`. */
const MAX_IDS = 100;

type Subscriber = (inv: Invalidation) => void;
const subscribers = new Set<Subscriber>();

/**
 * Counts changes, so that a reader can tell whether an invalidation happened while it read from
 * the database: it takes the generation before the query and stores only if it is unchanged.
 */
let generation = 0;
export const cacheGeneration = () => generation;

/**
 * Whether the caches may serve: while something vouches that every change reaches this process.
 * Nothing does until an app says so (a script that writes without a listener must not keep what
 * another process may change): the auth plugin vouches for a PGlite database for as long as the app
 * runs, and on PostgreSQL for as long as its listening connection is up. Several apps in one process
 * (tests) each vouch; any one listener is enough, since a notification applies process-wide.
 */
const vouchers = new Set<object>();
let trusted = false;
export const cachesTrusted = () => trusted;

export function setCachesTrusted(voucher: object, on: boolean) {
  if (on) vouchers.add(voucher);
  else vouchers.delete(voucher);
  const now = vouchers.size > 0;
  // Whatever was kept before trust began or after it ended may have missed a change.
  if (now !== trusted) applyLocally(EVERYTHING);
  trusted = now;
}

export function subscribe(fn: Subscriber): () => void {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

/** Applies an invalidation in this process (what `invalidate` does first, and what a notification does). */
export function applyLocally(inv: Invalidation) {
  generation++;
  for (const fn of subscribers) fn(inv);
}

/** Drops everything this process keeps (tests that write the tables directly; a lost listener). */
export function dropCaches() {
  applyLocally(EVERYTHING);
}

function normalise(inv: Invalidation): Invalidation {
  const tooMany = (inv.sessions?.length ?? 0) + (inv.users?.length ?? 0) > MAX_IDS;
  if (inv.all || tooMany)
    return { all: true, ...(inv.rules ? { rules: true } : {}), ...(inv.orgs ? { orgs: true } : {}) };
  return inv;
}

const isEmpty = (inv: Invalidation) =>
  !inv.all && !inv.rules && !inv.orgs && !inv.sessions?.length && !inv.users?.length;

/**
 * Says, inside the transaction (or statement) that changes them, which cached entries the change
 * makes stale: forgotten here now, and in every other process when the change commits.
 */
export async function invalidate(db: DbOrTx, inv: Invalidation): Promise<void> {
  if (isEmpty(inv)) return;
  const payload = normalise(inv);
  applyLocally(payload);
  await db.execute(sql`select pg_notify(${CACHE_CHANNEL}, ${JSON.stringify(payload)})`);
}

/** A notification's payload as sent by `invalidate`; anything else drops everything (never trust less). */
export function parseInvalidation(payload: string | undefined): Invalidation {
  try {
    const v = JSON.parse(payload ?? '') as Invalidation;
    const strings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');
    const ints = (x: unknown) => Array.isArray(x) && x.every((n) => Number.isInteger(n));
    if (typeof v !== 'object' || v === null) return EVERYTHING;
    if (v.sessions !== undefined && !strings(v.sessions)) return EVERYTHING;
    if (v.users !== undefined && !ints(v.users)) return EVERYTHING;
    return {
      ...(v.sessions ? { sessions: v.sessions } : {}),
      ...(v.users ? { users: v.users } : {}),
      ...(v.all === true ? { all: true } : {}),
      ...(v.rules === true ? { rules: true } : {}),
      ...(v.orgs === true ? { orgs: true } : {}),
    };
  } catch {
    return EVERYTHING;
  }
}

interface Entry<V> {
  value: V;
  userId: number;
  storedAt: number;
}

/**
 * Signed-in sessions by id (the token's hash): the row `sessionWithGrants` reads, with its user's
 * flags and grants. Bounded in size and age: the age is only a safety net for a change made
 * outside the application (by hand in psql), since every change the application makes invalidates.
 */
export class SessionCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly opts: { maxEntries: number; maxAgeMs: number; now?: () => number } = {
      maxEntries: 50_000,
      maxAgeMs: 60_000,
    },
  ) {
    this.unsubscribe = subscribe((inv) => this.apply(inv));
  }

  private now() {
    return this.opts.now ? this.opts.now() : performance.now();
  }

  get size() {
    return this.entries.size;
  }

  get(id: string): V | null {
    if (!trusted) return null;
    const e = this.entries.get(id);
    if (!e) return null;
    if (this.now() - e.storedAt > this.opts.maxAgeMs) {
      this.entries.delete(id);
      return null;
    }
    return e.value;
  }

  /**
   * Keeps what was read at `readAt` (the generation before the query): refused if anything was
   * invalidated since, because the row may predate the change.
   */
  set(id: string, userId: number, value: V, readAt: number) {
    if (!trusted || readAt !== generation) return;
    if (this.entries.size >= this.opts.maxEntries && !this.entries.has(id)) {
      // The oldest stored goes first (a Map keeps insertion order).
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(id);
    this.entries.set(id, { value, userId, storedAt: this.now() });
  }

  /** Updates a kept entry in place (the session's last use after this process touched it). */
  update(id: string, fn: (v: V) => V) {
    const e = this.entries.get(id);
    if (e) e.value = fn(e.value);
  }

  delete(id: string) {
    this.entries.delete(id);
  }

  private apply(inv: Invalidation) {
    if (inv.all) return this.entries.clear();
    for (const s of inv.sessions ?? []) this.entries.delete(s);
    if (inv.users?.length) {
      const users = new Set(inv.users);
      for (const [id, e] of this.entries) if (users.has(e.userId)) this.entries.delete(id);
    }
  }

  close() {
    this.unsubscribe();
    this.entries.clear();
  }
}

/**
 * One value per key object (the rules in force per database handle), dropped on `rules`
 * invalidations. Weakly keyed: a closed database's entry goes with it.
 */
export class ValueCache<K extends object, V> {
  private entries = new WeakMap<K, { value: V; storedAt: number }>();

  constructor(private readonly maxAgeMs = 60_000) {
    subscribe((inv) => {
      if (inv.rules) this.entries = new WeakMap();
    });
  }

  async get(key: K, load: () => Promise<V>): Promise<V> {
    if (!trusted) return load();
    const e = this.entries.get(key);
    if (e && performance.now() - e.storedAt <= this.maxAgeMs) return e.value;
    const readAt = generation;
    const value = await load();
    if (trusted && readAt === generation) this.entries.set(key, { value, storedAt: performance.now() });
    return value;
  }
}

/**
 * Rows by id per database handle (the org rows `findOrg` reads first on almost every route), all
 * dropped on an `orgs` invalidation: an org founded, moved (its subtree's paths change), renamed or
 * dissolved is rare, and a move changes many rows at once. Bounded in size (the oldest stored goes
 * first) and age (a safety net for a change made by hand in psql, as for sessions). A reader takes
 * the generation before its query and stores only if nothing was invalidated meanwhile.
 */
export class RowCache<V> {
  private perDb = new WeakMap<object, Map<number, { value: V; storedAt: number }>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly topic: (inv: Invalidation) => boolean,
    private readonly opts: { maxEntries: number; maxAgeMs: number } = {
      maxEntries: 50_000,
      maxAgeMs: 60_000,
    },
  ) {
    this.unsubscribe = subscribe((inv) => {
      if (this.topic(inv)) this.perDb = new WeakMap();
    });
  }

  get(db: object, id: number): V | undefined {
    if (!trusted) return undefined;
    const map = this.perDb.get(db);
    const e = map?.get(id);
    if (!e) return undefined;
    if (performance.now() - e.storedAt > this.opts.maxAgeMs) {
      map?.delete(id);
      return undefined;
    }
    return e.value;
  }

  set(db: object, id: number, value: V, readAt: number) {
    if (!trusted || readAt !== generation) return;
    let map = this.perDb.get(db);
    if (!map) {
      map = new Map();
      this.perDb.set(db, map);
    }
    if (map.size >= this.opts.maxEntries && !map.has(id)) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.delete(id);
    map.set(id, { value, storedAt: performance.now() });
  }

  close() {
    this.unsubscribe();
    this.perDb = new WeakMap();
  }
}
