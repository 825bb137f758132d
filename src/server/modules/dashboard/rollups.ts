/**
 * Reads of the subtree rollups (`subtree_counts`, kept by the triggers of migration 0008): the
 * figures of an org's whole subtree are its own rows, a few dozen, whatever the subtree's size.
 *
 * No Scope condition on the rows: they are read for an org already found in the actor's scope, and
 * a scope is a set of whole subtrees, so everything counted under that org is in scope too.
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { Scope } from '../../lib/scope.js';
import { rollupStateSql } from '../orglife/index.js';

// `n` is a bigint column: read as float8, so both drivers hand back a number (node-postgres gives
// a bigint as a string).
const countRow = z.object({ orgId: z.number(), dim: z.string(), key: z.string(), n: z.number() });
export type CountRow = z.infer<typeof countRow>;

/**
 * An org's figures for the child comparison, summed in the database (one row per child): the
 * headline counts the reference scan computes per child, and the org, coverage and dues totals.
 */
const childFiguresRow = z.object({
  orgId: z.number(),
  total: z.number(),
  probationary: z.number(),
  female: z.number(),
  minorities: z.number(),
  college: z.number(),
  upTo35: z.number(),
  orgs: z.number(),
  units: z.number(),
  covered: z.number(),
  expectedFen: z.number(),
  paidFen: z.number(),
  complianceMet: z.number(),
  complianceMissed: z.number(),
  complianceDue: z.number(),
});
export type ChildFigures = z.infer<typeof childFiguresRow>;

const countsOfSql = (orgId: number): SQL =>
  sql`select org_id as "orgId", dim, key, n::float8 as n from subtree_counts where org_id = ${orgId} and n <> 0`;

/** Every non-zero rollup of `orgId` (a few dozen to a few hundred rows, by primary key). */
export async function countsOf(db: DbOrTx, orgId: number) {
  return queryRows(db, countsOfSql(orgId), countRow);
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
  return queryRows(db, childFiguresSql(childIds, dues, compliance), childFiguresRow);
}

/** The figures of one org's rollups `s`, summed (one row per org when grouped by s.org_id). */
function figureColumns(
  dues: { from: string; to: string } | null,
  compliance: { from: string; to: string; today: string },
): SQL {
  const f = (cond: ReturnType<typeof sql>) => sql`coalesce(sum(s.n) filter (where ${cond}), 0)::float8`;
  const months = dues ? sql`s.key between ${dues.from} and ${dues.to}` : sql`false`;
  // Keys 'closing day|opening day': closing in the range; an open one missed (rollupStateSql).
  const closing = sql`left(s.key, 10) between ${compliance.from} and ${compliance.to}`;
  return sql`${f(sql`s.dim = 'm' and s.key = 'total'`)} as total,
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
          ${f(sql`s.dim = 'cl.open' and ${closing} and ${rollupStateSql(compliance.today)} = 'due'`)} as "complianceDue"`;
}

/**
 * The comparison figure a rollup row `s` counts towards (null: none), for the dashboard's page of
 * children: one CASE per row, summed by child and figure, where `figureColumns` tested fourteen
 * filters on every row (50 children × ~50 rows: 0.3 ms a child of the city's dashboard).
 */
function figureOf(
  dues: { from: string; to: string } | null,
  compliance: { from: string; to: string; today: string },
): SQL {
  const months = dues ? sql`s.key between ${dues.from} and ${dues.to}` : sql`false`;
  const closing = sql`left(s.key, 10) between ${compliance.from} and ${compliance.to}`;
  return sql`case s.dim
      when 'm' then case when s.key = 'total' then 'total' end
      when 'm.category' then case when s.key = 'probationary' then 'probationary' end
      when 'm.gender' then case when s.key = 'female' then 'female' end
      when 'm.flag' then case s.key when 'minority' then 'minorities' when 'college' then 'college' end
      when 'm.ageBand' then case when s.key in ('le30', '31-35') then 'upTo35' end
      when 'o' then case when s.key = 'total' then 'orgs' end
      when 'c.total' then 'units'
      when 'c.covered' then 'covered'
      when 'd.expected' then case when ${months} then 'expectedFen' end
      when 'd.paid' then case when ${months} then 'paidFen' end
      when 'cl.met' then case when ${closing} then 'complianceMet' end
      when 'cl.open' then case when ${closing} then case
        when left(s.key, 10) < ${compliance.today} then 'complianceMissed'
        when substr(s.key, 12, 10) <= ${compliance.today} then 'complianceDue' end end
    end`;
}

/** The figures of `childFiguresRow` a child with no rollup row for them has: zero. */
const NO_FIGURES = {
  total: 0,
  probationary: 0,
  female: 0,
  minorities: 0,
  college: 0,
  upTo35: 0,
  orgs: 0,
  units: 0,
  covered: 0,
  expectedFen: 0,
  paidFen: 0,
  complianceMet: 0,
  complianceMissed: 0,
  complianceDue: 0,
};

const FIGURE_DIMS = sql`s.dim in ('m', 'm.category', 'm.gender', 'm.flag', 'm.ageBand', 'o', 'c.total', 'c.covered',
  'd.expected', 'd.paid', 'cl.met', 'cl.open')`;

function childFiguresSql(
  childIds: number[],
  dues: { from: string; to: string } | null,
  compliance: { from: string; to: string; today: string },
): SQL {
  return sql`select s.org_id as "orgId", ${figureColumns(dues, compliance)}
        from unnest(${`{${childIds.join(',')}}`}::int[]) c(id)
        join subtree_counts s on s.org_id = c.id
        where ${FIGURE_DIMS}
        group by s.org_id`;
}

/**
 * How many children the dashboard compares at once. A committee with hundreds of direct children
 * (a city's 机关工委: 710 branches) summed every child's rollups for each view (327–514 ms p50);
 * the comparison pages through them instead, in tree order.
 */
export const CHILDREN_PAGE_SIZE = 50;

/** The rollup dimensions the dashboard reads of the org itself (not the compliance-by-kind ones). */
const ORG_DIMS = sql`s.dim not in ('clk.met', 'clk.exempt', 'clk.open')`;

const dashboardRow = z.object({
  org: z.object({ id: z.number(), name: z.string(), kind: z.string(), path: z.string() }).nullable(),
  counts: z.array(z.object({ dim: z.string(), key: z.string(), n: z.number() })).nullable(),
  childTotal: z.number().nullable(),
  // A figure no rollup row counts is absent (filled with zero by `dashboardReads`).
  children: z
    .array(
      childFiguresRow
        .omit({ orgId: true })
        .partial()
        .extend({ id: z.number(), name: z.string(), kind: z.string(), path: z.string() }),
    )
    .nullable(),
  overdue: z.number().nullable(),
  bandsOn: z.string().nullable(),
});
export type DashboardReads = Omit<z.infer<typeof dashboardRow>, 'children'> & {
  children: Array<
    Omit<ChildFigures, 'orgId'> & { id: number; name: string; kind: string; path: string }
  > | null;
};

interface DashboardReadOptions {
  page: number;
  pageSize: number;
  dues: { from: string; to: string } | null;
  compliance: { from: string; to: string; today: string };
  overdueOn: string | null;
}

/**
 * Everything the dashboard reads, in one statement (one round trip, where it took six: the org,
 * its children, the age-band state, its rollups, the children's figures, the overdue cases): the
 * org if it is in the scope, its rollups (the compliance-by-kind ones excepted: the compliance page
 * reads those), the number of active children and one page of them with their figures, and the
 * overdue development cases when `overdueOn` is given, and the day the age bands count on (the caller
 * shifts them and reads again when that is not today: once a day). A small subtree costs what a scan of it
 * costs the peers' designs; a large one reads a few hundred rollup rows per child on the page.
 */
export async function dashboardReads(
  db: DbOrTx,
  scope: Scope,
  orgId: number,
  opts: DashboardReadOptions,
): Promise<DashboardReads> {
  const [row] = await queryRows(db, dashboardReadsSql(scope, orgId, opts), dashboardRow);
  if (!row)
    return { org: null, counts: null, childTotal: null, children: null, overdue: null, bandsOn: null };
  // A figure no rollup row counts is not in the child's object: zero.
  return { ...row, children: row.children?.map((c) => ({ ...NO_FIGURES, ...c })) ?? null };
}

function dashboardReadsSql(scope: Scope, orgId: number, opts: DashboardReadOptions): SQL {
  const offset = (opts.page - 1) * opts.pageSize;
  return sql`with o as (
          select id, name, kind, path from orgs where id = ${orgId} and ${scope.pathCondition(sql`path`)}
        ), kids as (
          select k.id, k.name, k.kind, k.path::text as path, k.sort_order
          from o join orgs k on k.parent_id = o.id and k.status = 'active'
        ), page as (
          select * from kids order by sort_order, id limit ${opts.pageSize} offset ${offset}
        ), figs as (
          select s.org_id, ${figureOf(opts.dues, opts.compliance)} as fig, sum(s.n)::float8 as n
          from page p join subtree_counts s on s.org_id = p.id
          where ${FIGURE_DIMS}
          group by 1, 2
        )
        select
          (select json_build_object('id', id, 'name', name, 'kind', kind, 'path', path::text) from o) as org,
          (select json_agg(json_build_object('dim', s.dim, 'key', s.key, 'n', s.n::float8))
             from o join subtree_counts s on s.org_id = o.id where s.n <> 0 and ${ORG_DIMS}) as counts,
          (select count(*)::int from kids) as "childTotal",
          (select json_agg(to_jsonb(p) - 'sort_order' || coalesce((
               select jsonb_object_agg(f.fig, f.n) filter (where f.fig is not null)
               from figs f where f.org_id = p.id), '{}'::jsonb) order by p.sort_order, p.id)
             from page p) as children,
          ${
            opts.overdueOn
              ? sql`(select count(*)::int from o join development_cases d on d.org_path <@ o.path
                   where d.status = 'active' and d.next_due_on < ${opts.overdueOn}::date)`
              : sql`null::int`
          } as overdue,
          (select age_bands_on::text from rollup_state) as "bandsOn"`;
}

const childRow = z.object({ id: z.number(), name: z.string(), kind: z.string(), path: z.string() });

const childrenSql = (scope: Scope, orgId: number): SQL =>
  sql`select id, name, kind, path::text as path from orgs
      where parent_id = ${orgId} and status = 'active' and ${scope.pathCondition(sql`path`)}
      order by sort_order, id`;

/** Active direct children of the org, in the tree's order. */
export async function children(db: DbOrTx, scope: Scope, orgId: number) {
  return queryRows(db, childrenSql(scope, orgId), childRow);
}

/**
 * Makes the age-band rollups count ages on `day`. Ages change at midnight; the daily job shifts the
 * bands, and the first read of a day that finds them on another day shifts them itself (a few
 * thousand members per day in a province: those whose birthday crossed a band's edge). Concurrent
 * callers queue on the state row; the second finds nothing left to do.
 */
export async function ensureAgeBandsOn(db: DbOrTx, day: string): Promise<number> {
  const [state] = await queryRows(
    db,
    sql`select age_bands_on::text as on from rollup_state`,
    z.object({ on: z.string() }),
  );
  if (state?.on === day) return 0;
  const [r] = await queryRows(
    db,
    sql`select rollup_shift_age_bands(${day}::date) as moved`,
    z.object({ moved: z.number() }),
  );
  return r?.moved ?? 0;
}

const nRow = z.object({ n: z.number() });

const overdueCasesSql = (path: string, today: string): SQL =>
  sql`select count(*)::int as n from development_cases
      where org_path <@ ${path}::ltree and status = 'active' and next_due_on < ${today}::date`;

/** Active development cases of the subtree whose next step is overdue on `today`. */
export async function overdueCases(db: DbOrTx, path: string, today: string) {
  const [r] = await queryRows(db, overdueCasesSql(path, today), nRow);
  return r?.n ?? 0;
}

/** One rollup figure of an org's subtree (0 when it has no row). */
export async function countOf(db: DbOrTx, orgId: number, dim: string, key: string): Promise<number> {
  const [r] = await queryRows(
    db,
    sql`select n::float8 as n from subtree_counts where org_id = ${orgId} and dim = ${dim} and key = ${key}`,
    nRow,
  );
  return r?.n ?? 0;
}

/**
 * The SQL of the dashboard's reads of an org's subtree, for the snapshot test
 * (test/api/__sql__/dashboard-*.sql): a change to them shows in review.
 */
export const dashboardSql = {
  children: childrenSql,
  counts: countsOfSql,
  childFigures: childFiguresSql,
  dashboardReads: dashboardReadsSql,
  overdueCases: overdueCasesSql,
};
