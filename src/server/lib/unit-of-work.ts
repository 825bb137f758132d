/**
 * Events inside the transaction (docs/decisions/0003-unit-of-work.md). A write says what it
 * touched (`tx.touch('members', [orgId])`); before the transaction commits, every module that
 * listens to that topic brings what it derives (compliance today, points and rollups later) up to
 * date once, with the union of the ids touched. A write that forgets nothing cannot leave a derived
 * table stale, and a new derived table is one listener in its module's manifest, not a call added
 * to every write.
 *
 * Topics are facts about the data, not the names of their consumers:
 * - `orgs`:    an org founded, moved, re-kinded, renamed or dissolved; its committee or groups changed.
 * - `members`: who belongs to an org changed (admission, a transfer, leaving, a correction).
 * - `orglife`: an org's records of organizational life changed (meetings, heart talks, exemptions).
 * - `development`: a development case ended (终止, 不予批准) or produced its member record.
 * - `rules`:   the value in force of a rule changed. Rules are deployment-wide, so this topic names
 *              no org: it is touched with `EVERY_ORG`, and its listeners recompute all they derive.
 */
import type { IsoDate } from '../../domain/common/dates.js';
import type { Db, Tx } from '../db/client.js';

// `dues`, `learning` and `hours` (issue #20) are touched with the branches of the members whose
// payments, class attendance or credited hours changed: the hours and points modules derive from them.
export const TOPICS = [
  'orgs',
  'members',
  'orglife',
  'rules',
  'development',
  'dues',
  'learning',
  'hours',
] as const;
export type Topic = (typeof TOPICS)[number];

/** The id a deployment-wide change (topic `rules`) is touched with: no org in particular, all of them. */
export const EVERY_ORG = 0;

/** A transaction that records what it touched. */
export type WorkTx = Tx & {
  /** Marks orgs whose `topic` data changed in this transaction. */
  touch(topic: Topic, orgIds: Iterable<number | null | undefined>): void;
  /** The day the work is judged on (the request's today). */
  readonly today: IsoDate;
};

export interface Listener {
  /** The module that listens (for messages). */
  module: string;
  topics: readonly Topic[];
  /** Brings the module's derived data up to date for the orgs touched; runs once per commit. */
  flush(tx: Tx, orgIds: number[], today: IsoDate): Promise<void>;
}

let listeners: readonly Listener[] | null = null;

/** Called once by the module registry with every manifest's listeners. */
export function setListeners(all: readonly Listener[]): void {
  listeners = all;
}

/** Marks `tx` as a unit of work judged on `today`; the caller flushes it (see `inUnitOfWork`). */
function asWork(raw: Tx, today: IsoDate, touched: Map<Topic, Set<number>>): WorkTx {
  const tx = raw as WorkTx;
  Object.assign(tx, {
    today,
    touch(topic: Topic, orgIds: Iterable<number | null | undefined>) {
      const set = touched.get(topic) ?? new Set<number>();
      touched.set(topic, set);
      for (const id of orgIds) if (typeof id === 'number') set.add(id);
    },
  });
  return tx;
}

/** Runs every listener whose topics were touched, once, with the union of their org ids. */
export async function flush(tx: Tx, touched: Map<Topic, Set<number>>, today: IsoDate): Promise<void> {
  if (touched.size === 0) return;
  if (!listeners) {
    // Nothing may be dropped silently: a script that writes without the registry loaded is a bug.
    throw new Error(
      'unit of work: the module registry is not loaded (import src/server/modules/registry.ts)',
    );
  }
  for (const listener of listeners) {
    const ids = new Set<number>();
    for (const topic of listener.topics) for (const id of touched.get(topic) ?? []) ids.add(id);
    if (ids.size) await listener.flush(tx, [...ids], today);
  }
  touched.clear();
}

/**
 * A transaction as a unit of work: `fn` writes and touches; the listeners flush before commit, in
 * the same transaction, so the derived data commits or rolls back with the write.
 */
export function inUnitOfWork<T>(db: Db, today: IsoDate, fn: (tx: WorkTx) => Promise<T>): Promise<T> {
  return db.transaction(async (raw) => {
    const touched = new Map<Topic, Set<number>>();
    const result = await fn(asWork(raw, today, touched));
    await flush(raw, touched, today);
    return result;
  });
}

/**
 * Work inside a transaction someone else opened (an import commit, the daily job): the caller
 * decides when to flush, e.g. once after many rows.
 */
export function workIn(tx: Tx, today: IsoDate): { tx: WorkTx; flush: () => Promise<void> } {
  const touched = new Map<Topic, Set<number>>();
  return { tx: asWork(tx, today, touched), flush: () => flush(tx, touched, today) };
}
