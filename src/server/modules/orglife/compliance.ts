/**
 * Reading the compliance table for a subtree: rates by kind and month, the heat map (the org's
 * children × months), the missed and due lists, and a branch's own items (its calendar).
 *
 * One aggregate over the subtree's rows feeds totals, kinds, trend and heat map: on a city of
 * 10,000 orgs that single scan is what the page costs (see docs/benchmarks.md).
 */
import { type SQL, sql } from 'drizzle-orm';
import { isBranchKind, type OrgKind } from '../../../domain/org/labels.js';
import { daysLeftOn, dueText, missedText, stateOn } from '../../../domain/orglife/compliance.js';
import { monthsBetweenKeys, periodLabel } from '../../../domain/orglife/periods.js';
import {
  MEETING_KIND_LABELS,
  MEETING_KINDS,
  type MeetingKind,
} from '../../../domain/orglife/requirements.js';
import type {
  ComplianceDto,
  ComplianceItemDto,
  ComplianceStateDto,
  HeatRowDto,
  StateCounts,
} from '../../../shared/contracts/orglife.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { fieldErrors, notFound } from '../../lib/errors.js';
import * as orgRepo from '../orgs/repo.js';

const MAX_MONTHS = 36;

/** The state of a compliance row on `today`, in SQL (the same as `stateOn` in the domain). */
export function stateSql(today: string): SQL {
  return sql`case when c.held >= c.required then 'met'
    when c.exempt_reason is not null then 'exempt'
    when ${today}::date < c.period_start then 'not_started'
    when ${today}::date <= c.period_end then 'due'
    else 'missed' end`;
}

function emptyCounts(): StateCounts {
  return { met: 0, missed: 0, due: 0, exempt: 0, notStarted: 0, rate: null };
}

function addCounts(s: StateCounts, state: ComplianceStateDto, n: number) {
  if (state === 'not_started') s.notStarted += n;
  else s[state] += n;
  s.rate = s.met + s.missed === 0 ? null : s.met / (s.met + s.missed);
}

interface ItemRow {
  orgId: number;
  orgName: string;
  ruleId: string;
  meetingKind: MeetingKind;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  subjectId: number;
  subjectName: string | null;
  required: number;
  held: number;
  exemptReason: string | null;
  exemptionId: number | null;
}

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

export async function complianceOf(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  q: { from?: string; to?: string },
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
  const start = `${from}-01`;
  // Rows whose period ENDS inside the range: each requirement is counted once, in its closing month.
  const lastDay = sql`(${`${to}-01`}::date + interval '1 month' - interval '1 day')::date`;
  const inRange = sql`c.org_path <@ ${org.path}::ltree and c.period_end >= ${start}::date
    and c.period_end <= ${lastDay}`;
  const depth = org.path.split('.').length;
  const state = stateSql(today);

  // The row key: the child of `org` containing the row, or the org itself for its own requirements.
  const rowKey = sql`case when nlevel(c.org_path) > ${depth} then subpath(c.org_path, 0, ${depth + 1})
    else c.org_path end`;
  // Grouped by the raw key and closing day (cheap to hash); text and months are made from the
  // ~thousands of groups, not from every row.
  const aggP = queryRows<{
    rowPath: string;
    deepest: number;
    periodEnd: string;
    kind: MeetingKind;
    state: ComplianceStateDto;
    n: number;
  }>(
    db,
    sql`select g.row_key::text as "rowPath", g.deepest, g.period_end::text as "periodEnd", g.kind, g.state, g.n
        from (select ${rowKey} as row_key, max(nlevel(c.org_path))::int as deepest, c.period_end,
                c.meeting_kind as kind, ${state} as state, count(*)::int as n
              from orglife_compliance c
              where ${inRange}
              group by 1, 3, 4, 5) g`,
  );
  // Missed items are those of the range; due items are those open today, whatever the range (a
  // quarter closing next month is due now even when the range stops at this month).
  const openToday = sql`c.org_path <@ ${org.path}::ltree and c.period_end >= ${today}::date
    and c.period_start <= ${today}::date`;
  const itemsOf = (where: SQL, order: SQL) =>
    queryRows<ItemRow>(
      db,
      sql`select ${itemColumns} from orglife_compliance c ${itemJoins} where ${where} order by ${order} limit 200`,
    );
  const missedP = itemsOf(sql`${inRange} and ${state} = 'missed'`, sql`c.period_end desc, o.path, c.rule_id`);
  const dueP = itemsOf(sql`${openToday} and ${state} = 'due'`, sql`c.period_end, o.path, c.rule_id`);
  const dueTotalP = queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from orglife_compliance c where ${openToday} and ${state} = 'due'`,
  );
  const itemsP = isBranchKind(org.kind as OrgKind)
    ? queryRows<ItemRow>(
        db,
        sql`select ${itemColumns} from orglife_compliance c ${itemJoins}
            where c.org_id = ${org.id} and c.period_end >= ${start}::date
              and c.period_start <= ${lastDay}
            order by c.period_start, c.period_end, c.meeting_kind, c.subject_id`,
      )
    : Promise.resolve([]);
  const [agg, missedRows, dueRows, [{ total: dueTotal }], itemRows] = await Promise.all([
    aggP,
    missedP,
    dueP,
    dueTotalP,
    itemsP,
  ]);

  const total = emptyCounts();
  const byKind = new Map<MeetingKind, StateCounts>();
  const trend = new Map<string, StateCounts>(months.map((m) => [m, emptyCounts()]));
  const rows = new Map<string, { deepest: number; total: StateCounts; cells: Map<string, StateCounts> }>();
  for (const g of agg) {
    const a = { ...g, month: g.periodEnd.slice(0, 7) };
    addCounts(total, a.state, a.n);
    if (!byKind.has(a.kind)) byKind.set(a.kind, emptyCounts());
    addCounts(byKind.get(a.kind) as StateCounts, a.state, a.n);
    const t = trend.get(a.month);
    if (t) addCounts(t, a.state, a.n);
    let row = rows.get(a.rowPath);
    if (!row) {
      row = { deepest: 0, total: emptyCounts(), cells: new Map(months.map((m) => [m, emptyCounts()])) };
      rows.set(a.rowPath, row);
    }
    row.deepest = Math.max(row.deepest, a.deepest);
    addCounts(row.total, a.state, a.n);
    const cell = row.cells.get(a.month);
    if (cell) addCounts(cell, a.state, a.n);
  }

  const rowIds = [...rows.keys()].map((p) => Number(p.split('.').at(-1)));
  const names = rowIds.length
    ? await queryRows<{ id: number; name: string; kind: OrgKind; path: string }>(
        db,
        sql`select id, name, kind, path::text as path from orgs
            where id = any(array[${sql.join(
              rowIds.map((id) => sql`${id}`),
              sql`, `,
            )}]::int[]) order by path`,
      )
    : [];
  const heat: HeatRowDto[] = names.map((o) => {
    const r = rows.get(o.path) as NonNullable<ReturnType<typeof rows.get>>;
    return {
      orgId: o.id,
      name: o.name,
      kind: o.kind,
      hasChildren: r.deepest > o.path.split('.').length,
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
    missed,
    // Every missed item of the range is in the aggregate: no second count.
    missedTotal: total.missed,
    due,
    dueTotal,
    items,
  };
}
