/**
 * 党费 figures of a subtree: collection by month and by direct child (from the ledger as it stands:
 * the daily job and the seed fill it; a summary never creates ledger rows, which over a large
 * subtree would be a long write inside a read), and the reconciliation "collected = remitted + held"
 * per org.
 *
 * Every read takes a Scope: an org outside it reads as 404 (DESIGN §4.1).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { yuan } from '../../../domain/dues/amounts.js';
import {
  addMonthsTo,
  firstDay,
  lastDay,
  type Month,
  monthOf,
  monthRange,
} from '../../../domain/dues/months.js';
import type { DuesSummaryDto, reconciliationDto } from '../../../shared/contracts/dues.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { notFound } from '../../lib/errors.js';
import type { Scope } from '../../lib/scope.js';
import { CURRENT_MEMBER_SQL, findOrg, inSubtree, type OrgRef } from './repo.js';

export type OrgRow = OrgRef;

/** An org the scope contains, else 404 (an org outside reads as missing, never as forbidden). */
export async function orgInScope(db: DbOrTx, scope: Scope, id: number, forUpdate = false): Promise<OrgRow> {
  const o = await findOrg(db, scope, id, forUpdate);
  if (!o) throw notFound('党组织');
  return o;
}

/** The months of a year that have begun by today (none for a future year). */
export function monthsOfYearToDate(year: number, today: string): { from: Month; to: Month } | null {
  const current = monthOf(today);
  const first = `${year}-01`;
  if (first > current) return null;
  const to = `${year}-12` < current ? `${year}-12` : current;
  return { from: first, to };
}

/** paid / expected, 4 decimals; null when nothing was expected. */
export const rateOf = (paid: number, expected: number) =>
  expected > 0 ? Math.round((paid / expected) * 10_000) / 10_000 : null;

/**
 * A sum of fen over a subtree (`::bigint`: a national year overflows integer): PGlite reads it as a
 * number, node-postgres as a string; read with Number().
 */
export const bigintFen = z.union([z.number(), z.string().regex(/^-?\d+$/)]);

const figureRow = z.object({
  members: z.number(),
  expected: bigintFen,
  paid: bigintFen,
  unpaid: z.number(),
});
type FigureRow = z.infer<typeof figureRow>;
const childRow = z.object({ orgId: z.number(), orgName: z.string(), kind: z.string() });

const figures = (r: FigureRow | undefined) => {
  const expectedFen = Number(r?.expected ?? 0);
  const paidFen = Number(r?.paid ?? 0);
  return {
    members: Number(r?.members ?? 0),
    expectedFen,
    paidFen,
    rate: rateOf(paidFen, expectedFen),
    unpaidMembers: Number(r?.unpaid ?? 0),
  };
};

/**
 * GET /api/orgs/:id/dues-summary. `members` of a month counts its ledger rows; over the year (totals
 * and children) it counts distinct members, and `unpaidMembers` the members with any month not paid
 * in full. `voluntaryFen` is every unvoided voluntary extra of the year; `toCentreFen` the part of
 * it at or above the limit, which goes entirely to the Centre (规定第十一条) and is shown apart.
 * Warning and lapse count members from the recorded runs of unpaid months (see below).
 */
export async function summary(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  year: number,
): Promise<DuesSummaryDto> {
  const org = await orgInScope(db, ctx.actor.scope('dues.read'), orgId);
  const span = monthsOfYearToDate(year, ctx.today);
  const empty = figures(undefined);
  if (!span) {
    const children = await queryRows(
      db,
      sql`select id as "orgId", name as "orgName", kind from orgs
          where parent_id = ${org.id} and status = 'active' order by sort_order, id`,
      childRow,
    );
    return {
      orgId: org.id,
      orgName: org.name,
      year,
      totals: { ...empty, voluntaryFen: 0, toCentreFen: 0, warningMembers: 0, lapseMembers: 0 },
      months: [],
      children: children.map((c) => ({ ...c, ...empty })),
    };
  }
  // One statement (decision 0054): the kept counts of the org and its active children, the
  // voluntary extras and the arrears runs.
  const last = firstDay(addMonthsTo(monthOf(ctx.today), -1));
  const { byMonth, year_, children, vol, streaks } = await keptFigures(db, org, year, span, last);
  return {
    orgId: org.id,
    orgName: org.name,
    year,
    totals: {
      ...figures(year_),
      voluntaryFen: vol.voluntary,
      toCentreFen: vol.toCentre,
      warningMembers: streaks.warning,
      lapseMembers: streaks.lapse,
    },
    // Every month to date, zeros where the ledger has no row, so that charts keep their axis.
    months: monthRange(span.from, span.to).map((m) => ({
      month: m,
      ...figures(byMonth.find((r) => r.month === m)),
    })),
    children: children.map((c) => ({ orgId: c.orgId, orgName: c.orgName, kind: c.kind, ...figures(c) })),
  };
}

/** What each org of a subtree collected, received, remitted and holds in a year. */
export interface Flow {
  orgId: number;
  orgName: string;
  depth: number;
  collectedFen: number;
  receivedFen: number;
  remittedFen: number;
  inTransitFen: number;
}

/**
 * The money flows of the orgs of a subtree (or of one org with `only`), between two dates.
 * Collected is cash: unvoided payments by `paid_on`, booked on the org itself (payments carry the
 * member's branch, so a committee collects only from its own direct members). Received counts
 * confirmed remittances in; remitted counts every remittance sent out, confirmed or not: the money
 * left the sender on the day it was sent.
 */
export async function flows(
  db: DbOrTx,
  root: OrgRow,
  fromDate: string,
  toDate: string,
  only = false,
): Promise<Flow[]> {
  const orgCond = only ? sql`o.id = ${root.id}` : sql`o.path <@ ${root.path}::ltree`;
  const rows = await queryRows(
    db,
    sql`with col as (
          select org_id, sum(amount_fen) as v from dues_payments
          where ${inSubtree(sql`org_id`, root.path)} and voided_at is null
            and paid_on between ${fromDate}::date and ${toDate}::date
          group by org_id),
        rin as (
          select to_org_id, sum(amount_fen) as v from dues_remittances
          where to_org_path <@ ${root.path}::ltree and status = 'confirmed'
            and remitted_on between ${fromDate}::date and ${toDate}::date
          group by to_org_id),
        rout as (
          select from_org_id, sum(amount_fen) as v, sum(amount_fen) filter (where status = 'sent') as t
          from dues_remittances
          where from_org_path <@ ${root.path}::ltree and remitted_on between ${fromDate}::date and ${toDate}::date
          group by from_org_id)
        select o.id as "orgId", o.name as "orgName", nlevel(o.path) - ${root.path.split('.').length} as depth,
          coalesce(col.v, 0)::bigint as "collectedFen", coalesce(rin.v, 0)::bigint as "receivedFen",
          coalesce(rout.v, 0)::bigint as "remittedFen", coalesce(rout.t, 0)::bigint as "inTransitFen"
        from orgs o
        left join col on col.org_id = o.id
        left join rin on rin.to_org_id = o.id
        left join rout on rout.from_org_id = o.id
        where ${orgCond} and (${only ? sql`true` : sql`col.v is not null or rin.v is not null or rout.v is not null`})
        order by o.path`,
    z.object({
      orgId: z.number(),
      orgName: z.string(),
      depth: z.number(),
      collectedFen: bigintFen,
      receivedFen: bigintFen,
      remittedFen: bigintFen,
      inTransitFen: bigintFen,
    }),
  );
  return rows.map((r) => ({
    orgId: r.orgId,
    orgName: r.orgName,
    depth: r.depth,
    collectedFen: Number(r.collectedFen),
    receivedFen: Number(r.receivedFen),
    remittedFen: Number(r.remittedFen),
    inTransitFen: Number(r.inTransitFen),
  }));
}

/**
 * GET /api/orgs/:id/dues-reconciliation: one row per org of the subtree with any dues money in the
 * year. Balanced when what it holds is not negative and nothing it sent waits for confirmation.
 */
export async function reconciliation(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  year: number,
): Promise<z.infer<typeof reconciliationDto>> {
  const org = await orgInScope(db, ctx.actor.scope('dues.read'), orgId);
  const rows = await flows(db, org, `${year}-01-01`, `${year}-12-31`);
  return {
    orgId: org.id,
    year,
    rows: rows.map((f) => {
      const heldFen = f.collectedFen + f.receivedFen - f.remittedFen;
      const problems: string[] = [];
      if (f.inTransitFen > 0) problems.push(`有在途上缴款${yuan(f.inTransitFen)}元待上级确认`);
      if (heldFen < 0) problems.push('上缴额超过收缴与接收之和');
      return {
        ...f,
        heldFen,
        balanced: heldFen >= 0 && f.inTransitFen === 0,
        problem: problems.length ? problems.join('；') : null,
      };
    }),
  };
}

const keptRowSchema = z.object({
  part: z.enum(['month', 'year', 'child']),
  month: z.string().nullable(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  kind: z.string().nullable(),
  members: bigintFen,
  expected: bigintFen,
  paid: bigintFen,
  unpaid: bigintFen,
  voluntary: bigintFen.nullable(),
  toCentre: bigintFen.nullable(),
  lapse: bigintFen.nullable(),
  warning: bigintFen.nullable(),
});

/**
 * The same figures from kept counts, in one statement (decision 0054): the amounts and rows by
 * month from the ledger rollups (subtree_counts d.*), the distinct members of the year to date and
 * those with a month not paid in full from dues_subtree (each member once per org, by the first
 * month of their rows below it and the first month not paid in full), for the org and each active
 * child. A few hundred index entries whatever the subtree's size.
 */
export async function keptFigures(
  db: DbOrTx,
  org: OrgRow,
  year: number,
  span: { from: Month; to: Month },
  last: string,
) {
  const toMonth = Number(span.to.slice(5, 7));
  const rows = await queryRows(
    db,
    sql`with m as (select c.key as month, c.dim, c.n from subtree_counts c
          where c.org_id = ${org.id} and c.dim in ('d.rows', 'd.expected', 'd.paid', 'd.unpaid')
            and c.key between ${span.from} and ${span.to}),
        kids as (select id, name, kind, sort_order from orgs where parent_id = ${org.id} and status = 'active'),
        km as (select c.org_id, sum(c.n) filter (where c.dim = 'd.expected') as expected,
            sum(c.n) filter (where c.dim = 'd.paid') as paid
          from kids k join subtree_counts c on c.org_id = k.id and c.dim in ('d.expected', 'd.paid')
            and c.key between ${span.from} and ${span.to}
          group by c.org_id),
        -- Off the recorded runs (runs.ts), never the ledger: 待决定 counts the current members with a
        -- lapse run awaiting the branch's decision (paid since or not); 提醒 those whose warning run
        -- goes on to last month, not awaiting a lapse decision and not excused (a 'reason_accepted'
        -- decision up to last month).
        r as (select r.member_id, r.level, r.status, r.last_month from dues_arrears_runs r
          where r.org_path <@ ${org.path}::ltree and r.status <> 'withdrawn'
            and (r.status = 'open' or r.last_month = ${last}::date)
            and exists (select 1 from members m where m.id = r.member_id and ${CURRENT_MEMBER_SQL})),
        extras as (select
            (select coalesce(sum(amount_fen), 0) from dues_payments
              where ${inSubtree(sql`org_id`, org.path)} and kind = 'voluntary' and voided_at is null
                and month between ${firstDay(span.from)}::date and ${lastDay(`${year}-12`)}::date)::bigint as voluntary,
            (select coalesce(sum(amount_fen), 0) from dues_payments
              where ${inSubtree(sql`org_id`, org.path)} and kind = 'voluntary' and voided_at is null and to_centre
                and month between ${firstDay(span.from)}::date and ${lastDay(`${year}-12`)}::date)::bigint as to_centre,
            (select count(distinct member_id) from r where level = 'lapse' and status = 'open')::bigint as lapse,
            (select count(distinct member_id) from r where level = 'warning' and last_month = ${last}::date
              and not exists (select 1 from r x where x.member_id = r.member_id and x.level = 'lapse' and x.status = 'open')
              and not exists (select 1 from dues_lapse_decisions d where d.member_id = r.member_id
                and d.decision = 'reason_accepted' and d.streak_to >= ${last}::date))::bigint as warning),
        ky as (select d.org_id, sum(d.n) filter (where d.first_month <= ${toMonth}) as members,
            sum(d.n) filter (where d.first_unpaid <= ${toMonth}) as unpaid
          from (select ${org.id}::int as id union all select id from kids) k
          join dues_subtree d on d.org_id = k.id and d.year = ${year}
          group by d.org_id)
      select 'month' as part, m.month, null::int as "orgId", null as "orgName", null as kind,
          coalesce(sum(m.n) filter (where m.dim = 'd.rows'), 0)::bigint as members,
          coalesce(sum(m.n) filter (where m.dim = 'd.expected'), 0)::bigint as expected,
          coalesce(sum(m.n) filter (where m.dim = 'd.paid'), 0)::bigint as paid,
          coalesce(sum(m.n) filter (where m.dim = 'd.unpaid'), 0)::bigint as unpaid, null::bigint as voluntary,
          null::bigint as "toCentre", null::bigint as lapse, null::bigint as warning, null::int as sort, 0::int as id
        from m group by m.month having coalesce(sum(m.n) filter (where m.dim = 'd.rows'), 0) <> 0
      union all
      select 'year', null, null, null, null, coalesce((select members from ky where org_id = ${org.id}), 0)::bigint,
          coalesce((select sum(n) from m where dim = 'd.expected'), 0)::bigint,
          coalesce((select sum(n) from m where dim = 'd.paid'), 0)::bigint,
          coalesce((select unpaid from ky where org_id = ${org.id}), 0)::bigint,
          e.voluntary, e.to_centre, e.lapse, e.warning, null, 0
        from extras e
      union all
      select 'child', null, k.id, k.name, k.kind, coalesce(ky.members, 0)::bigint, coalesce(km.expected, 0)::bigint,
          coalesce(km.paid, 0)::bigint, coalesce(ky.unpaid, 0)::bigint, null, null, null, null, k.sort_order, k.id
        from kids k left join km on km.org_id = k.id left join ky on ky.org_id = k.id
      order by 1, 2, 14, 15`,
    keptRowSchema,
  );
  const num = (v: string | number) => Number(v);
  const fig = (r: z.infer<typeof keptRowSchema>) => ({
    members: num(r.members),
    expected: r.expected,
    paid: r.paid,
    unpaid: num(r.unpaid),
  });
  const byMonth = rows
    .filter((r) => r.part === 'month')
    .map((r) => ({ month: r.month as string, ...fig(r) }));
  const year_ = rows.find((r) => r.part === 'year');
  const children = rows
    .filter((r) => r.part === 'child')
    .map((r) => ({
      orgId: r.orgId as number,
      orgName: r.orgName as string,
      kind: r.kind as string,
      ...fig(r),
    }));
  return {
    byMonth,
    year_: year_ ? fig(year_) : undefined,
    children,
    vol: { voluntary: Number(year_?.voluntary ?? 0), toCentre: Number(year_?.toCentre ?? 0) },
    streaks: { lapse: Number(year_?.lapse ?? 0), warning: Number(year_?.warning ?? 0) },
  };
}
