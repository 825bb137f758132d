/**
 * Reading the compliance table for a subtree: rates by kind and month, the heat map (the org's
 * children × months), the missed and due lists, and a branch's own items (its calendar).
 *
 * Totals, kinds, trend and heat map come from the subtree rollups of the org and its children
 * (`clk.*` and `cl.*`, migration 0012), the lists from partial indexes of the open requirements:
 * the page reads about the same few hundred rows for a branch and for a province (see
 * docs/benchmarks.md).
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { lastDay, type Month } from '../../../domain/dues/months.js';
import { isBranchKind, ORG_KINDS, type OrgKind } from '../../../domain/org/labels.js';
import {
  completionRate,
  daysLeftOn,
  dueText,
  missedText,
  stateOn,
} from '../../../domain/orglife/compliance.js';
import { monthsBetweenKeys, periodLabel } from '../../../domain/orglife/periods.js';
import {
  MEETING_KIND_LABELS,
  MEETING_KINDS,
  type MeetingKind,
} from '../../../domain/orglife/requirements.js';
import {
  COMPLIANCE_STATES,
  type ComplianceDto,
  type ComplianceItemDto,
  type ComplianceStateDto,
  type HeatRowDto,
  type StateCounts,
} from '../../../shared/contracts/orglife.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { fieldErrors, notFound } from '../../lib/errors.js';
import { inSubtree } from '../../lib/scope.js';
import { orgRepo } from '../orgs/index.js';

const MAX_MONTHS = 36;
/** The missed and due lists show the first 200 (the totals count them all). */
const LIST_LIMIT = 200;
/** The heat map's child orgs per page. */
export const HEAT_PAGE_SIZE = 50;
/**
 * Subtrees with at most this many requirements within the page's reach (the rollups say how many)
 * are read by one scan of their rows (`complianceScanSql`), larger ones from the rollups and the
 * lists' ordered indexes. The scan's cost grows with the rows, the rollups' does not: at this
 * size both cost a few milliseconds (issue #21, docs/benchmarks.md).
 */
export const SCAN_MAX = 1_000;
/**
 * Up to this many requirements within reach, the rollup plan reads the missed and due lists from
 * the subtree's own rows (see `complianceQueries`); above it, off the lists' ordered indexes.
 */
export const LISTS_BY_SUBTREE_MAX = 8_000;

/** The heat map's order: the tree's, or by completion rate (worst or best first). */
export type HeatSort = 'tree' | 'worst' | 'best';
/** Which children the heat map shows: a page, the children whose name holds `q`, in `sort` order. */
export interface HeatQuery {
  page: number;
  q: string | null;
  sort: HeatSort;
}
const TREE_PAGE_1: HeatQuery = { page: 1, q: null, sort: 'tree' };
/** The condition on a child org's name (`name` of `orgs`) the heat map's filter asks for. */
const nameHolds = (q: string | null) => (q ? sql` and strpos(name, ${q}) > 0` : sql``);

/** The state of a compliance row on `today`, in SQL (the same as `stateOn` in the domain). */
export function stateSql(today: string): SQL {
  return sql`case when c.held >= c.required then 'met'
    when c.exempt_reason is not null then 'exempt'
    when ${today}::date < c.period_start then 'not_started'
    when ${today}::date <= c.period_end then 'due'
    else 'missed' end`;
}

/**
 * The state on `today` of a compliance rollup row `s` (`cl.*` and `clk.*`, keys 'closing
 * day|opening day[|kind]', migration 0012): met and exempt as counted; an open requirement is not
 * started before its opening day, due until its closing day, missed after (as `stateSql`).
 */
export function rollupStateSql(today: string): SQL {
  return sql`case split_part(s.dim, '.', 2) when 'open' then case
      when left(s.key, 10) < ${today} then 'missed' when substr(s.key, 12, 10) <= ${today} then 'due'
      else 'not_started' end else split_part(s.dim, '.', 2) end`;
}

function emptyCounts(): StateCounts {
  return { met: 0, missed: 0, due: 0, exempt: 0, notStarted: 0, rate: null };
}

function addCounts(s: StateCounts, state: ComplianceStateDto, n: number) {
  if (state === 'not_started') s.notStarted += n;
  else s[state] += n;
  s.rate = completionRate(s);
}

const itemRow = z.object({
  orgId: z.number(),
  orgName: z.string(),
  ruleId: z.string(),
  meetingKind: z.enum(MEETING_KINDS),
  periodKey: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  subjectId: z.number(),
  subjectName: z.string().nullable(),
  required: z.number(),
  held: z.number(),
  exemptReason: z.string().nullable(),
  exemptionId: z.number().nullable(),
});
type ItemRow = z.infer<typeof itemRow>;

/** A rollup figure: an org's requirements closing in a month, by kind (the org's own) and state. */
const aggRow = z.object({
  /** subtree: the org's whole subtree by kind; child: a direct child's subtree; own: the org's own requirements. */
  part: z.enum(['subtree', 'child', 'own']),
  orgId: z.number(),
  month: z.string(),
  kind: z.enum(MEETING_KINDS).nullable(),
  state: z.enum(COMPLIANCE_STATES),
  n: z.number(),
});

/** A stored row as the domain's text helpers read it (the secretary's lectures are their own rule). */
export function describedRow(r: {
  meetingKind: MeetingKind;
  required: number;
  ruleId: string;
  periodKey: string;
}) {
  return {
    meetingKind: r.meetingKind,
    required: r.required,
    bySecretary: r.ruleId === 'orglife.secretaryLecturesPerYear',
    period: { key: r.periodKey },
  };
}

function toItem(r: ItemRow, today: string): ComplianceItemDto {
  const state = stateOn(today, {
    start: r.periodStart,
    end: r.periodEnd,
    held: r.held,
    required: r.required,
    exempt: r.exemptReason !== null,
  });
  const req = describedRow(r);
  const daysLeft = state === 'due' ? daysLeftOn(today, r.periodEnd) : null;
  const subject = r.subjectName ? `（${r.subjectName}）` : '';
  const reason =
    state === 'exempt'
      ? r.exemptReason
      : state === 'due'
        ? `${dueText(req, r.held, daysLeft as number)}${subject}`
        : state === 'missed'
          ? `${missedText(req, r.held)}${subject}`
          : null;
  return {
    orgId: r.orgId,
    orgName: r.orgName,
    ruleId: r.ruleId,
    meetingKind: r.meetingKind,
    periodKey: r.periodKey,
    periodLabel: periodLabel(r.periodKey),
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    subjectId: r.subjectId || null,
    subjectName: r.subjectName,
    required: r.required,
    held: r.held,
    state,
    daysLeft,
    reason,
    exemptionId: r.exemptionId,
  };
}

const itemColumns = sql`c.org_id as "orgId", o.name as "orgName", c.rule_id as "ruleId",
  c.meeting_kind as "meetingKind", c.period_key as "periodKey", c.period_start::text as "periodStart",
  c.period_end::text as "periodEnd", c.subject_id as "subjectId", g.name as "subjectName",
  c.required, c.held, c.exempt_reason as "exemptReason", e.id as "exemptionId"`;
const itemJoins = sql`join orgs o on o.id = c.org_id
  left join orgs g on g.id = c.subject_id and c.subject_id <> 0
  left join orglife_exemptions e on e.org_id = c.org_id and e.rule_id = c.rule_id and e.period_key = c.period_key`;

export function defaultRange(today: string) {
  return { from: `${today.slice(0, 4)}-01`, to: today.slice(0, 7) };
}

/**
 * The compliance page's queries for an org's subtree over the months `from`..`to` (written to
 * test/api/__sql__/compliance-*.sql, so that a change to them shows in review).
 */
export function complianceQueries(
  org: { id: number; path: string; kind: string },
  today: string,
  from: string,
  to: string,
  heat: HeatQuery = TREE_PAGE_1,
  /** Read the lists from the subtree's own rows (a subtree of at most LISTS_BY_SUBTREE_MAX requirements). */
  listsBySubtree = false,
): { agg: SQL; missed: SQL; due: SQL; dueTotal: SQL; items: SQL | null } {
  const start = `${from}-01`;
  // Rows whose period ENDS inside the range: each requirement is counted once, in its closing month.
  const lastDay = sql`(${`${to}-01`}::date + interval '1 month' - interval '1 day')::date`;

  // Totals, kinds, trend and heat map from the subtree rollups (migration 0012): the org's by
  // meeting kind (`clk.*`, keys 'closing day|opening day|kind'), its children's without (`cl.*`,
  // keys 'closing day|opening day'; fewer rows for an org with thousands of children). A few
  // hundred rows whatever the subtree, where aggregating the rows cost 4 s at a province's root
  // (3.1 M requirements).
  const stateOfKey = rollupStateSql(today);
  const closing = sql`s.key >= ${from} and left(s.key, 7) <= ${to}`;
  // The org's own requirements (a committee's own meetings) from its rows by primary key, and one
  // page of its children from their rollups: a committee with 710 children read every child's
  // rollups for each view (105 ms of 31,000 buffer reads) and sent 710 heat rows.
  const agg = sql`select 'subtree' as part, s.org_id as "orgId", left(s.key, 7) as month,
          split_part(s.key, '|', 3) as kind, ${stateOfKey} as state, sum(s.n)::int as n
        from subtree_counts s
        where s.org_id = ${org.id} and s.dim in ('clk.met', 'clk.exempt', 'clk.open') and ${closing}
        group by 2, 3, 4, 5 having sum(s.n) <> 0
        union all
        select 'child', s.org_id, left(s.key, 7), null, ${stateOfKey}, sum(s.n)::int
        from (select id from orgs where parent_id = ${org.id}${nameHolds(heat.q)} order by path
              ${
                // In the tree's order one page of children; sorted by rate, all of them (the
                // filter's): the page is cut once they are ranked.
                heat.sort === 'tree'
                  ? sql`limit ${HEAT_PAGE_SIZE} offset ${(heat.page - 1) * HEAT_PAGE_SIZE}`
                  : sql``
              }) c
        join subtree_counts s on s.org_id = c.id
          and s.dim in ('cl.met', 'cl.exempt', 'cl.open') and ${closing}
        group by 2, 3, 4, 5 having sum(s.n) <> 0
        union all
        select 'own', c.org_id, left(c.period_end::text, 7), null, ${stateSql(today)}, count(*)::int
        from orglife_compliance c
        where c.org_id = ${org.id} and c.period_end >= ${start}::date and c.period_end <= ${lastDay}
        group by 2, 3, 4, 5`;
  // Missed items are those of the range; due items are those open today, whatever the range (a
  // quarter closing next month is due now even when the range stops at this month). Both are open
  // requirements (neither met nor exempt, as `stateSql` judges them), which the partial indexes
  // orglife_compliance_missed_idx and _due_idx hold in the lists' order, newest or soonest closing
  // first, then in tree order: the first 200 are read off the index (3 ms at a province's root,
  // where sorting the month's 300,000 missed items took 790 ms). The subtree is a btree range of
  // the path (Scope's inSubtree) so that the index scan checks it in place.
  //
  // A subtree of a few thousand requirements (`listsBySubtree`: a county) has few of the lists'
  // items, scattered along those indexes: a county's due list walked the whole city's to find 200
  // (10–24 ms). Its lists are read from its own rows instead (the path's index, then sorted):
  // the open condition written so that no partial index matches it and the closing day's index
  // kept out (`+ 0`), the first 200 sorted before they are joined to their names.
  const open = listsBySubtree
    ? sql`${inSubtree(sql`c.org_path`, org.path)} and c.held - c.required < 0 and c.exempt_reason is null`
    : sql`${inSubtree(sql`c.org_path`, org.path)} and c.held < c.required and c.exempt_reason is null`;
  const end = listsBySubtree ? sql`c.period_end + 0` : sql`c.period_end`;
  const itemsOf = (where: SQL, order: SQL) =>
    listsBySubtree
      ? sql`select ${itemColumns} from (select * from orglife_compliance c where ${where}
          order by ${order} limit ${sql.raw(String(LIST_LIMIT))}) c ${itemJoins} order by ${order}`
      : sql`select ${itemColumns} from orglife_compliance c ${itemJoins} where ${where} order by ${order} limit ${sql.raw(String(LIST_LIMIT))}`;
  const missed = itemsOf(
    sql`${open} and ${end} < ${today}::date and ${end} >= ${start}::date and ${end} <= ${lastDay}`,
    sql`c.period_end desc, c.org_path, c.rule_id`,
  );
  const due = itemsOf(
    sql`${open} and c.period_start <= ${today}::date and ${end} >= ${today}::date`,
    sql`c.period_end, c.org_path, c.rule_id`,
  );
  // Open today, closing today or later: keys from today's date on, not the range.
  const dueTotal = sql`select coalesce(sum(s.n), 0)::int as total,
          (select count(*)::int from orgs where parent_id = ${org.id}${nameHolds(heat.q)}) as children
        from subtree_counts s
        where s.org_id = ${org.id} and s.dim = 'cl.open' and s.key >= ${today}
          and substr(s.key, 12, 10) <= ${today}`;
  const items = isBranchKind(org.kind as OrgKind)
    ? sql`select ${itemColumns} from orglife_compliance c ${itemJoins}
        where c.org_id = ${org.id} and c.period_end >= ${start}::date
          and c.period_start <= ${lastDay}
        order by c.period_start, c.period_end, c.meeting_kind, c.subject_id`
    : null;
  return { agg, missed, due, dueTotal, items };
}

const nameRow = z.object({ id: z.number(), name: z.string(), kind: z.enum(ORG_KINDS), path: z.string() });
type NameRow = z.infer<typeof nameRow>;

/** What the page is built from, however it was read. */
interface Parts {
  agg: z.infer<typeof aggRow>[];
  missedRows: ItemRow[];
  dueRows: ItemRow[];
  dueTotal: number;
  itemRows: ItemRow[];
  /** The heat map's orgs in tree order, when the plan read them already. */
  names?: NameRow[];
  /** How many direct children the org has (the heat map pages through them). */
  children: number;
}

type OrgOfPage = { id: number; name: string; path: string; kind: string };

/** The large subtree's plan: the rollups for the figures, two ordered partial indexes for the lists. */
async function rollupParts(
  db: DbOrTx,
  org: OrgOfPage,
  today: string,
  from: string,
  to: string,
  heat: HeatQuery,
  /** The requirements within reach, when the scan's statement read it. */
  size: number | null,
): Promise<Parts> {
  const queries = complianceQueries(
    org,
    today,
    from,
    to,
    heat,
    size !== null && size <= LISTS_BY_SUBTREE_MAX,
  );
  const [agg, missedRows, dueRows, [{ total: dueTotal, children }], itemRows] = await Promise.all([
    queryRows(db, queries.agg, aggRow),
    queryRows(db, queries.missed, itemRow),
    queryRows(db, queries.due, itemRow),
    queryRows(db, queries.dueTotal, z.object({ total: z.number(), children: z.number() })),
    queries.items ? queryRows(db, queries.items, itemRow) : Promise.resolve([]),
  ]);
  return { agg, missedRows, dueRows, dueTotal, itemRows, children };
}

const scanRow = z.object({
  /** The subtree's requirements within reach, from its rollups: the plan is chosen by it. */
  size: z.number(),
  children: z.number(),
  agg: z.array(aggRow).nullable(),
  missed: z.array(itemRow).nullable(),
  due: z.array(itemRow).nullable(),
  dueTotal: z.number(),
  items: z.array(itemRow).nullable(),
  kids: z.array(nameRow).nullable(),
});

/**
 * The small subtree's plan in one statement (written to test/api/__sql__/compliance-branch-scan.sql):
 * the subtree's requirements that close in the range, are open today or overlap the range, read by
 * the path's range and counted where they are read: the heat map's figures by child, month and
 * state, the first 200 missed and due items with their names (only those are joined to orgs and
 * exemptions), the org's own items (a branch's calendar) and its children (`heat.q`: those whose
 * name holds it). Only when the rollups count at most `max` such requirements: a larger subtree's
 * statement reads the count and the children's number only, and the page goes to the rollups.
 */
export function complianceScanSql(
  org: { id: number; path: string; kind?: string },
  today: string,
  from: string,
  to: string,
  opts: { q?: string | null; max?: number } = {},
): SQL {
  const start = `${from}-01`;
  const end = lastDay(to as Month);
  // Reach: closing from the range's start (or today, if earlier) and opening by its end (or today).
  const lo = start < today ? start : today;
  const hi = end > today ? end : today;
  const depth = org.path.split('.').length;
  const max = opts.max ?? SCAN_MAX;
  const small = sql`(select size from sz) <= ${max}`;
  const item = (from: SQL, where: SQL, order: SQL, limit: SQL = sql`limit ${LIST_LIMIT}`) =>
    sql`(select json_agg(json_build_object('orgId', i."orgId", 'orgName', i."orgName", 'ruleId', i."ruleId",
          'meetingKind', i."meetingKind", 'periodKey', i."periodKey", 'periodStart', i."periodStart",
          'periodEnd', i."periodEnd", 'subjectId', i."subjectId", 'subjectName', i."subjectName",
          'required', i.required, 'held', i.held, 'exemptReason', i."exemptReason",
          'exemptionId', i."exemptionId") order by i.ord)
        from (select ${itemColumns}, row_number() over (order by ${order}) as ord
              from ${from} c ${itemJoins} where ${where} order by ${order} ${limit}) i)`;
  // The rollups' `cl.*` keys are 'closing day|opening day': those closing from `lo` on. The rows
  // are found by the path's range alone (`+ 0` keeps the closing day's index out): the statement is
  // prepared, and its generic plan, which knows no path, ANDed the day's index over the whole table
  // (45 ms for a branch's 11 rows). The range's bounds are sub-selects, so that every org's plan is
  // costed alike: PostgreSQL keeps a prepared statement's generic plan only when the custom plans
  // do not look cheaper, and with the path as a constant a branch's did, so each view was planned
  // anew (1.8–6 ms for 0.4 ms of execution at a branch).
  return sql`with sz as materialized (
        select (select coalesce(sum(s.n), 0)::int from subtree_counts s
          where s.org_id = ${org.id} and s.dim in ('cl.met', 'cl.exempt', 'cl.open') and s.key >= ${lo}) as size
      ), r as materialized (
        select c.*, ${stateSql(today)} as state,
          case when nlevel(c.org_path) > ${depth}
            then subltree(c.org_path, ${depth}, ${depth + 1})::text::int end as child
        from orglife_compliance c
        where ${small} and c.org_path >= (select ${org.path}::ltree) and c.org_path < (select ${`${org.path}0`}::ltree)
          and c.period_end + 0 >= ${lo}::date and c.period_start <= ${hi}::date
      ), inr as (
        select * from r where period_end >= ${start}::date and period_end <= ${end}::date
      ), kids as (
        select id, name, kind, path::text as path from orgs where parent_id = ${org.id}${nameHolds(opts.q ?? null)}
      )
      select (select size from sz) as size, (select count(*)::int from kids) as children,
        (select json_agg(a) from (
          select 'subtree' as part, ${org.id}::int as "orgId", left(period_end::text, 7) as month,
            meeting_kind as kind, state, count(*)::int as n from inr group by 3, 4, 5
          union all
          select 'child', child, left(period_end::text, 7), null, state, count(*)::int
          from inr where child in (select id from kids) group by 2, 3, 5
          union all
          select 'own', ${org.id}::int, left(period_end::text, 7), null, state, count(*)::int
          from inr where child is null group by 3, 5) a) as agg,
        ${item(sql`inr`, sql`c.state = 'missed'`, sql`c.period_end desc, c.org_path, c.rule_id, c.subject_id`)} as missed,
        ${item(sql`r`, sql`c.state = 'due'`, sql`c.period_end, c.org_path, c.rule_id, c.subject_id`)} as due,
        (select count(*)::int from r where state = 'due') as "dueTotal",
        ${
          org.kind && isBranchKind(org.kind as OrgKind)
            ? item(
                sql`r`,
                sql`c.org_id = ${org.id} and c.period_end >= ${start}::date and c.period_start <= ${end}::date`,
                sql`c.period_start, c.period_end, c.meeting_kind, c.subject_id`,
                sql``,
              )
            : sql`(select json_agg(1) where false)`
        } as items,
        (select json_agg(k order by k.path) from kids k where ${small}) as kids`;
}

/**
 * The small subtree's plan: one statement (`complianceScanSql`); null when the rollups count more
 * than `max` requirements within reach (the statement then read nothing else). The heat map's
 * children come all at once (a small subtree has few): in the tree's order, the page's are kept.
 */
async function scanParts(
  db: DbOrTx,
  org: OrgOfPage,
  today: string,
  from: string,
  to: string,
  heat: HeatQuery,
  max: number,
): Promise<Parts | { size: number }> {
  const [row] = await queryRows(db, complianceScanSql(org, today, from, to, { q: heat.q, max }), scanRow);
  if (!row || row.size > max) return { size: row?.size ?? 0 };
  let kids = row.kids ?? [];
  let agg = row.agg ?? [];
  if (heat.sort === 'tree') {
    kids = kids.slice((heat.page - 1) * HEAT_PAGE_SIZE, heat.page * HEAT_PAGE_SIZE);
    const onPage = new Set(kids.map((k) => k.id));
    agg = agg.filter((a) => a.part !== 'child' || onPage.has(a.orgId));
  }
  return {
    agg,
    missedRows: row.missed ?? [],
    dueRows: row.due ?? [],
    dueTotal: row.dueTotal,
    itemRows: row.items ?? [],
    // Paths as text sort as the tree does: labels are digits and '.' sorts before them; the org's
    // own path is a prefix of its children's.
    names: [{ id: org.id, name: org.name, kind: org.kind as OrgKind, path: org.path }, ...kids],
    children: row.children,
  };
}

export async function complianceOf(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  q: { from?: string; to?: string; rowsPage?: number; rowsQ?: string; rowsSort?: HeatSort },
  /**
   * The plan, chosen by the subtree's size unless a test names one (`rollups-by-subtree`: the
   * rollups with the lists read from the subtree's rows).
   */
  plan?: 'scan' | 'rollups' | 'rollups-by-subtree',
): Promise<ComplianceDto> {
  const org = await orgRepo.findOrg(db, ctx.actor.scope('orglife.read'), orgId);
  if (!org) throw notFound('党组织');
  const range = defaultRange(ctx.today);
  const from = q.from ?? range.from;
  const to = q.to ?? range.to;
  if (from > to) throw fieldErrors([{ field: 'from', message: '开始月份：不能晚于结束月份' }]);
  const months = monthsBetweenKeys(from, to);
  if (months.length > MAX_MONTHS) {
    throw fieldErrors([{ field: 'to', message: `结束月份：一次最多查询${MAX_MONTHS}个月` }]);
  }
  const today = ctx.today;
  const heatQuery: HeatQuery = {
    page: q.rowsPage ?? 1,
    q: q.rowsQ?.trim() || null,
    sort: q.rowsSort ?? 'tree',
  };
  const rowsPage = heatQuery.page;
  // The plan by the subtree's size, which the scan's statement reads from the rollups first: a
  // subtree with few requirements within reach (a branch, most streets and counties) is read in
  // that one statement and counted there; a larger one's come from the rollups and two ordered
  // indexes (the scan's statement then read only its size).
  const scanned =
    plan === undefined || plan === 'scan'
      ? await scanParts(db, org, today, from, to, heatQuery, plan === 'scan' ? 2 ** 31 - 1 : SCAN_MAX)
      : null;
  const parts =
    scanned && 'agg' in scanned
      ? scanned
      : await rollupParts(
          db,
          org,
          today,
          from,
          to,
          heatQuery,
          plan === 'rollups-by-subtree' ? 0 : (scanned?.size ?? null),
        );
  const { agg, missedRows, dueRows, dueTotal, itemRows } = parts;

  const total = emptyCounts();
  const byKind = new Map<MeetingKind, StateCounts>();
  const trend = new Map<string, StateCounts>(months.map((m) => [m, emptyCounts()]));
  const newRow = () => ({ total: emptyCounts(), cells: new Map(months.map((m) => [m, emptyCounts()])) });
  const rows = new Map<number, ReturnType<typeof newRow>>();
  const addToRow = (orgId: number, month: string, state: ComplianceStateDto, n: number) => {
    let row = rows.get(orgId);
    if (!row) {
      row = newRow();
      rows.set(orgId, row);
    }
    addCounts(row.total, state, n);
    const cell = row.cells.get(month);
    if (cell) addCounts(cell, state, n);
  };
  // In the tree's order the org's own row heads the first page; ranked by rate it is ranked too.
  const ownOnPage = heatQuery.sort !== 'tree' || rowsPage === 1;
  for (const g of agg) {
    if (g.part === 'child') {
      addToRow(g.orgId, g.month, g.state, g.n);
    } else if (g.part === 'own') {
      // The org's own requirements (a committee's own meetings), under the filter as any row.
      if (ownOnPage && (!heatQuery.q || org.name.includes(heatQuery.q)))
        addToRow(org.id, g.month, g.state, g.n);
    } else {
      addCounts(total, g.state, g.n);
      const kind = g.kind as MeetingKind;
      if (!byKind.has(kind)) byKind.set(kind, emptyCounts());
      addCounts(byKind.get(kind) as StateCounts, g.state, g.n);
      const t = trend.get(g.month);
      if (t) addCounts(t, g.state, g.n);
    }
  }

  const names = rows.size
    ? (
        parts.names ??
        (await queryRows(
          db,
          sql`select id, name, kind, path::text as path from orgs
            where id = any(${`{${[...rows.keys()].join(',')}}`}::int[]) order by path`,
          nameRow,
        ))
      ).filter((o) => rows.has(o.id))
    : [];
  let heat: HeatRowDto[] = names.map((o) => {
    const r = rows.get(o.id) as ReturnType<typeof newRow>;
    return {
      orgId: o.id,
      name: o.name,
      kind: o.kind,
      // A branch's requirements are its own (its calendar); a committee's are its branches'.
      hasChildren: o.id !== org.id && !isBranchKind(o.kind),
      total: r.total,
      cells: months.map((m) => ({ month: m, ...(r.cells.get(m) as StateCounts) })),
    };
  });
  // Ranked by rate: every row of the filter was read; rank them all, then cut the page (rows with
  // nothing started last either way, the most missed first among equal rates).
  let rowsTotal = parts.children;
  if (heatQuery.sort !== 'tree') {
    const worst = heatQuery.sort === 'worst';
    const rate = (r: HeatRowDto) => r.total.rate ?? (worst ? 2 : -1);
    heat.sort((a, b) =>
      worst
        ? rate(a) - rate(b) || b.total.missed - a.total.missed
        : rate(b) - rate(a) || b.total.missed - a.total.missed,
    );
    rowsTotal = heat.length;
    heat = heat.slice((rowsPage - 1) * HEAT_PAGE_SIZE, rowsPage * HEAT_PAGE_SIZE);
  }

  const missed = missedRows.map((r) => toItem(r, today));
  const due = dueRows.map((r) => toItem(r, today));
  const items = itemRows.map((r) => toItem(r, today));

  return {
    orgId: org.id,
    orgName: org.name,
    from,
    to,
    today,
    months,
    total,
    byKind: MEETING_KINDS.filter((k) => byKind.has(k)).map((k) => ({
      meetingKind: k,
      label: MEETING_KIND_LABELS[k],
      ...(byKind.get(k) as StateCounts),
    })),
    trend: months.map((m) => ({ month: m, ...(trend.get(m) as StateCounts) })),
    rows: heat,
    rowsTotal,
    rowsPage,
    rowsPageSize: HEAT_PAGE_SIZE,
    missed,
    // Every missed item of the range is in the aggregate: no second count.
    missedTotal: total.missed,
    due,
    dueTotal,
    items,
  };
}
