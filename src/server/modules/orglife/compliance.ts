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
  rowsPage = 1,
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
        from (select id from orgs where parent_id = ${org.id} order by path
              limit ${HEAT_PAGE_SIZE} offset ${(rowsPage - 1) * HEAT_PAGE_SIZE}) c
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
  const open = sql`${inSubtree(sql`c.org_path`, org.path)} and c.held < c.required and c.exempt_reason is null`;
  const itemsOf = (where: SQL, order: SQL) =>
    sql`select ${itemColumns} from orglife_compliance c ${itemJoins} where ${where} order by ${order} limit ${sql.raw(String(LIST_LIMIT))}`;
  const missed = itemsOf(
    sql`${open} and c.period_end < ${today}::date and c.period_end >= ${start}::date and c.period_end <= ${lastDay}`,
    sql`c.period_end desc, c.org_path, c.rule_id`,
  );
  const due = itemsOf(
    sql`${open} and c.period_start <= ${today}::date and c.period_end >= ${today}::date`,
    sql`c.period_end, c.org_path, c.rule_id`,
  );
  // Open today, closing today or later: keys from today's date on, not the range.
  const dueTotal = sql`select coalesce(sum(s.n), 0)::int as total,
          (select count(*)::int from orgs where parent_id = ${org.id}) as children
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
  rowsPage: number,
): Promise<Parts> {
  const queries = complianceQueries(org, today, from, to, rowsPage);
  const [agg, missedRows, dueRows, [{ total: dueTotal, children }], itemRows] = await Promise.all([
    queryRows(db, queries.agg, aggRow),
    queryRows(db, queries.missed, itemRow),
    queryRows(db, queries.due, itemRow),
    queryRows(db, queries.dueTotal, z.object({ total: z.number(), children: z.number() })),
    queries.items ? queryRows(db, queries.items, itemRow) : Promise.resolve([]),
  ]);
  return { agg, missedRows, dueRows, dueTotal, itemRows, children };
}

const scanRow = itemRow.extend({
  orgPath: z.string(),
  childId: z.number().nullable(),
  childName: z.string().nullable(),
  childKind: z.enum(ORG_KINDS).nullable(),
  childPath: z.string().nullable(),
  childCount: z.number(),
});

/**
 * The statement of the small subtree's plan (written to test/api/__sql__/compliance-branch-scan.sql):
 * every requirement of the subtree that closes in the range, is open today or overlaps the range,
 * with the direct child of the org it falls under.
 */
export function complianceScanSql(
  org: { id: number; path: string },
  today: string,
  from: string,
  to: string,
): SQL {
  const start = `${from}-01`;
  const lastDay = sql`(${`${to}-01`}::date + interval '1 month' - interval '1 day')::date`;
  const depth = org.path.split('.').length;
  return sql`select ${itemColumns}, c.org_path::text as "orgPath",
        k.id as "childId", k.name as "childName", k.kind as "childKind", k.path::text as "childPath",
        (select count(*)::int from orgs where parent_id = ${org.id}) as "childCount"
      from orglife_compliance c ${itemJoins}
      left join orgs k on k.id = case when nlevel(c.org_path) > ${depth}
        then subltree(c.org_path, ${depth}, ${depth + 1})::text::int end
      where ${inSubtree(sql`c.org_path`, org.path)}
        and c.period_end >= least(${start}::date, ${today}::date)
        and c.period_start <= greatest(${lastDay}, ${today}::date)`;
}

/**
 * The small subtree's plan: one statement reads the subtree's requirements (a branch: a few dozen)
 * and the page's figures, lists and heat map are counted here exactly as the rollups and the list
 * queries count them (a test compares the two plans on every org of the fixture). Six statements,
 * each planned for a millisecond, cost more than the rows they read.
 */
async function scanParts(
  db: DbOrTx,
  org: OrgOfPage,
  today: string,
  from: string,
  to: string,
  rowsPage: number,
): Promise<Parts> {
  const rows = await queryRows(db, complianceScanSql(org, today, from, to), scanRow);
  // The children are counted with the rows; a branch with no requirement in the range counts them apart.
  const children = rows.length
    ? rows[0].childCount
    : ((
        await queryRows(
          db,
          sql`select count(*)::int as n from orgs where parent_id = ${org.id}`,
          z.object({ n: z.number() }),
        )
      )[0]?.n ?? 0);
  // A branch's children (its party groups) fit on one page: later pages hold no row.
  const firstPage = rowsPage === 1;
  const start = `${from}-01`;
  const end = lastDay(to as Month);
  const agg: Parts['agg'] = [];
  const missedRows: ItemRow[] = [];
  const dueRows: ItemRow[] = [];
  const itemRows: ItemRow[] = [];
  const names = new Map<number, NameRow>([
    [org.id, { id: org.id, name: org.name, kind: org.kind as OrgKind, path: org.path }],
  ]);
  const order = new Map<ItemRow, string>();
  for (const r of rows) {
    const { orgPath, childId, childName, childKind, childPath, childCount: _n, ...item } = r;
    order.set(item, orgPath);
    const state = stateOn(today, {
      start: r.periodStart,
      end: r.periodEnd,
      held: r.held,
      required: r.required,
      exempt: r.exemptReason !== null,
    });
    if (r.periodEnd >= start && r.periodEnd <= end) {
      const month = r.periodEnd.slice(0, 7);
      agg.push({ part: 'subtree', orgId: org.id, month, kind: r.meetingKind, state, n: 1 });
      if (childId !== null && childName !== null && childKind !== null && childPath !== null) {
        if (firstPage) {
          agg.push({ part: 'child', orgId: childId, month, kind: null, state, n: 1 });
          names.set(childId, { id: childId, name: childName, kind: childKind, path: childPath });
        }
      } else {
        agg.push({ part: 'own', orgId: org.id, month, kind: null, state, n: 1 });
      }
      if (state === 'missed') missedRows.push(item);
    }
    const open = r.held < r.required && r.exemptReason === null;
    if (open && r.periodStart <= today && today <= r.periodEnd) dueRows.push(item);
    if (r.orgId === org.id && r.periodEnd >= start && r.periodStart <= end) itemRows.push(item);
  }
  const path = (r: ItemRow) => order.get(r) as string;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  missedRows.sort(
    (a, b) =>
      cmp(b.periodEnd, a.periodEnd) ||
      cmp(path(a), path(b)) ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.subjectId, b.subjectId),
  );
  dueRows.sort(
    (a, b) =>
      cmp(a.periodEnd, b.periodEnd) ||
      cmp(path(a), path(b)) ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.subjectId, b.subjectId),
  );
  itemRows.sort(
    (a, b) =>
      cmp(a.periodStart, b.periodStart) ||
      cmp(a.periodEnd, b.periodEnd) ||
      cmp(a.meetingKind, b.meetingKind) ||
      cmp(a.subjectId, b.subjectId),
  );
  return {
    agg,
    missedRows: missedRows.slice(0, LIST_LIMIT),
    dueRows: dueRows.slice(0, LIST_LIMIT),
    dueTotal: dueRows.length,
    itemRows,
    // Paths as text sort as the tree does: labels are digits and '.' sorts before them.
    names: [...names.values()].sort((a, b) => cmp(a.path, b.path)),
    children,
  };
}

export async function complianceOf(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  q: { from?: string; to?: string; rowsPage?: number },
  /** The plan, chosen by the subtree's size unless a test or the benchmark names one. */
  plan?: 'scan' | 'rollups',
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
  const rowsPage = q.rowsPage ?? 1;
  // The plan by the subtree's size: a branch's requirements are a few dozen rows, read in one
  // statement and counted here; a committee's come from the rollups and two ordered indexes.
  const parts =
    (plan ?? (isBranchKind(org.kind as OrgKind) ? 'scan' : 'rollups')) === 'scan'
      ? await scanParts(db, org, today, from, to, rowsPage)
      : await rollupParts(db, org, today, from, to, rowsPage);
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
  for (const g of agg) {
    if (g.part === 'child') {
      addToRow(g.orgId, g.month, g.state, g.n);
    } else if (g.part === 'own') {
      // The org's own requirements (a committee's own meetings) head the heat map's first page.
      if (rowsPage === 1) addToRow(org.id, g.month, g.state, g.n);
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
  const heat: HeatRowDto[] = names.map((o) => {
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
    rowsTotal: parts.children,
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
