/**
 * Reads of the subtree rollups (`subtree_counts`, kept by the triggers of migration 0008): the
 * figures of an org's whole subtree are its own rows, a few dozen, whatever the subtree's size.
 *
 * No Scope condition on the rows: they are read for an org already found in the actor's scope, and
 * a scope is a set of whole subtrees, so everything counted under that org is in scope too.
 */
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { Scope } from '../../lib/scope.js';
import { rollupStateSql } from '../orglife/index.js';
import type { MemberHeadline } from './scan.js';

export interface CountRow {
  orgId: number;
  dim: string;
  key: string;
  n: number;
}

/**
 * An org's figures for the child comparison, summed in the database (one row per child): the
 * headline counts the reference scan computes per child, and the org, coverage and dues totals.
 */
export interface ChildFigures extends Omit<MemberHeadline, 'childId'> {
  orgId: number;
  orgs: number;
  units: number;
  covered: number;
  expectedFen: number;
  paidFen: number;
  complianceMet: number;
  complianceMissed: number;
  complianceDue: number;
}

/** Every non-zero rollup of `orgId` (a few dozen to a few hundred rows, by primary key). */
export async function countsOf(db: DbOrTx, orgId: number) {
  return queryRows<CountRow>(
    db,
    sql`select org_id as "orgId", dim, key, n::float8 as n from subtree_counts where org_id = ${orgId} and n <> 0`,
  );
}

/**
 * The comparison figures of each child, pivoted in the database: a committee with 2,600 direct
 * branches would otherwise send 50,000 rollup rows to be summed here. The children are a join
 * with their ids, so the plan is an index probe per child (written with IN or OR, PostgreSQL
 * scanned the whole table at a province's 8 M rows). Dues: the months `from`–`to` ('YYYY-MM');
 * compliance: requirements closing between two days, met and missed on `today`.
 */
export async function childFigures(
  db: DbOrTx,
  childIds: number[],
  dues: { from: string; to: string } | null,
  compliance: { from: string; to: string; today: string },
) {
  if (!childIds.length) return [];
  const f = (cond: ReturnType<typeof sql>) => sql`coalesce(sum(s.n) filter (where ${cond}), 0)::float8`;
  const months = dues ? sql`s.key between ${dues.from} and ${dues.to}` : sql`false`;
  // Keys 'closing day|opening day': closing in the range; an open one missed (rollupStateSql).
  const closing = sql`left(s.key, 10) between ${compliance.from} and ${compliance.to}`;
  return queryRows<ChildFigures>(
    db,
    sql`select s.org_id as "orgId",
          ${f(sql`s.dim = 'm' and s.key = 'total'`)} as total,
          ${f(sql`s.dim = 'm.category' and s.key = 'probationary'`)} as probationary,
          ${f(sql`s.dim = 'm.gender' and s.key = 'female'`)} as female,
          ${f(sql`s.dim = 'm.flag' and s.key = 'minority'`)} as minorities,
          ${f(sql`s.dim = 'm.flag' and s.key = 'college'`)} as college,
          ${f(sql`s.dim = 'm.ageBand' and s.key in ('le30', '31-35')`)} as "upTo35",
          ${f(sql`s.dim = 'o' and s.key = 'total'`)} as orgs,
          ${f(sql`s.dim = 'c.total'`)} as units,
          ${f(sql`s.dim = 'c.covered'`)} as covered,
          ${f(sql`s.dim = 'd.expected' and ${months}`)} as "expectedFen",
          ${f(sql`s.dim = 'd.paid' and ${months}`)} as "paidFen",
          ${f(sql`s.dim = 'cl.met' and ${closing}`)} as "complianceMet",
          ${f(sql`s.dim = 'cl.open' and ${closing} and ${rollupStateSql(compliance.today)} = 'missed'`)} as "complianceMissed",
          ${f(sql`s.dim = 'cl.open' and ${closing} and ${rollupStateSql(compliance.today)} = 'due'`)} as "complianceDue"
        from unnest(${`{${childIds.join(',')}}`}::int[]) c(id)
        join subtree_counts s on s.org_id = c.id
        where s.dim in ('m', 'm.category', 'm.gender', 'm.flag', 'm.ageBand', 'o', 'c.total', 'c.covered', 'd.expected',
          'd.paid', 'cl.met', 'cl.open')
        group by s.org_id`,
  );
}

/** Active direct children of the org, in the tree's order. */
export async function children(db: DbOrTx, scope: Scope, orgId: number) {
  return queryRows<{ id: number; name: string; kind: string; path: string }>(
    db,
    sql`select id, name, kind, path::text as path from orgs
        where parent_id = ${orgId} and status = 'active' and ${scope.pathCondition(sql`path`)}
        order by sort_order, id`,
  );
}

/**
 * Makes the age-band rollups count ages on `day`. Ages change at midnight; the daily job shifts the
 * bands, and the first read of a day that finds them on another day shifts them itself (a few
 * thousand members per day in a province: those whose birthday crossed a band's edge). Concurrent
 * callers queue on the state row; the second finds nothing left to do.
 */
export async function ensureAgeBandsOn(db: DbOrTx, day: string): Promise<number> {
  const [state] = await queryRows<{ on: string }>(db, sql`select age_bands_on::text as on from rollup_state`);
  if (state?.on === day) return 0;
  const [r] = await queryRows<{ moved: number }>(
    db,
    sql`select rollup_shift_age_bands(${day}::date) as moved`,
  );
  return r?.moved ?? 0;
}

/** Active development cases of the subtree whose next step is overdue on `today`. */
export async function overdueCases(db: DbOrTx, path: string, today: string) {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from development_cases
        where org_path <@ ${path}::ltree and status = 'active' and next_due_on < ${today}::date`,
  );
  return r?.n ?? 0;
}

/** One rollup figure of an org's subtree (0 when it has no row). */
export async function countOf(db: DbOrTx, orgId: number, dim: string, key: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`select n::float8 as n from subtree_counts where org_id = ${orgId} and dim = ${dim} and key = ${key}`,
  );
  return r?.n ?? 0;
}
