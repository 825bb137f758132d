/**
 * Recomputation of the points ledger from its source records (issue #20, decision 0048).
 *
 * For each member and year: the source facts are read (meetings held and recorded, dues months,
 * credited study, completed classes), the catalog's rules as of the year's first day score them
 * with their caps (src/domain/points), and the difference to what the ledger holds per source key
 * is appended (entries and reversals, never an update). A second run appends nothing. The member's
 * `points_totals` row of the year is rewritten from the ledger in the same transaction.
 *
 * Batches: members are read in chunks, every query takes the chunk's ids at once (one statement per
 * source, not per member), so the demo seed and a province-wide touch cost a few statements per
 * thousand members.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { IsoDate } from '../../../domain/common/dates.js';
import { rulesInForceOn } from '../../../domain/orglife/versions.js';
import {
  type ComputedSourceCode,
  type CurrentKey,
  computeDesired,
  ledgerDiff,
  type SourceFact,
  type SourceRules,
  studyHoursPerDay,
} from '../../../domain/points/index.js';
import type { Rules } from '../../../domain/rules/index.js';
import { bulkInsert } from '../../db/bulk.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { pointsEntries } from '../../db/schema/index.js';
import { loadRuleHistory, loadRules } from '../settings/index.js';

const CHUNK = 2000;

export const idArray = (ids: readonly number[]) =>
  sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::int[]`;

/** The source rules of a year: the `points.*` rules in force on its first day. */
export function sourceRulesOf(year: number, rules: Rules, history: Parameters<typeof rulesInForceOn>[2]) {
  const r = rulesInForceOn(`${year}-01-01`, rules, history);
  const source: SourceRules = {
    'meeting.attended': r['points.meetingAttended'],
    'meeting.absent': r['points.meetingAbsent'],
    'dues.on_time': r['points.duesOnTime'],
    'dues.late': r['points.duesLate'],
    'study.hours': r['points.studyPerHour'],
    'class.completed': r['points.classCompleted'],
  };
  return { source, minutesPerHour: r['learning.minutesPerHour'] };
}

const memberRow = z.object({
  id: z.number(),
  orgId: z.number(),
  orgPath: z.string(),
  onRegister: z.boolean(),
});
const meetingFact = z.object({
  memberId: z.number(),
  id: z.number(),
  heldOn: z.string(),
  title: z.string(),
  attendance: z.string(),
});
const duesFact = z.object({
  memberId: z.number(),
  month: z.string(),
  status: z.string(),
  lastPaidOn: z.string().nullable(),
});
const creditFact = z.object({
  memberId: z.number(),
  source: z.string(),
  sourceId: z.number(),
  day: z.string(),
  seconds: z.number(),
  title: z.string().nullable(),
});
const currentRow = z.object({
  memberId: z.number(),
  sourceKey: z.string(),
  rule: z.string(),
  points: z.number(),
  occurredOn: z.string(),
});

const endOfMonth = (first: string) => {
  const [y, m] = first.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${first.slice(0, 7)}-${String(last).padStart(2, '0')}`;
};

/** The facts of one year for a chunk of members, grouped by member. */
async function factsOf(
  tx: DbOrTx,
  ids: number[],
  year: number,
  today: IsoDate,
  minutesPerHour: number,
): Promise<Map<number, SourceFact[]>> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const [meetings, dues, credits] = await Promise.all([
    // Meetings whose record was submitted (or reviewed): a draft or a planned meeting earns nothing,
    // and a meeting only counts once its day has come. Excused (请假) neither earns nor deducts. The
    // 支委会 is the committee's duty, not a meeting of the members (the rule's note lists 党员大会,
    // 党小组会, 党课, 主题党日 …): counted, it would put every committee member above the branch.
    queryRows(
      tx,
      sql`select a.member_id as "memberId", m.id, m.held_on::text as "heldOn", m.title, a.attendance
          from meeting_attendance a join meetings m on m.id = a.meeting_id
          where a.member_id = any(${idArray(ids)}) and m.status in ('submitted', 'reviewed')
            and m.kind <> 'committee_meeting'
            and m.held_on between ${from}::date and ${to}::date and m.held_on <= ${today}::date
            and a.attendance in ('present', 'absent')`,
      meetingFact,
    ),
    queryRows(
      tx,
      sql`select member_id as "memberId", month::text as month, status, last_paid_on::text as "lastPaidOn"
          from dues_ledger where member_id = any(${idArray(ids)})
            and month between ${from}::date and ${to}::date and status in ('paid', 'partial', 'unpaid')`,
      duesFact,
    ),
    queryRows(
      tx,
      sql`select c.member_id as "memberId", c.source, c.source_id as "sourceId", c.credited_on::text as day,
            c.seconds, case when c.source = 'class' then lc.title end as title
          from learning_credits c left join learning_classes lc on c.source = 'class' and lc.id = c.source_id
          where c.member_id = any(${idArray(ids)}) and c.year = ${year} and c.credited_on <= ${today}::date`,
      creditFact,
    ),
  ]);
  const out = new Map<number, SourceFact[]>(ids.map((id) => [id, []]));
  const push = (memberId: number, f: SourceFact) => out.get(memberId)?.push(f);
  for (const m of meetings) {
    const attended = m.attendance === 'present';
    push(m.memberId, {
      code: attended ? 'meeting.attended' : 'meeting.absent',
      sourceKey: `meeting:${m.id}`,
      occurredOn: m.heldOn,
      units: 1,
      note: `${m.title}${attended ? '' : '（缺席未请假）'}`,
    });
  }
  for (const d of dues) {
    const monthEnd = endOfMonth(d.month);
    const label = `${d.month.slice(0, 4)}年${Number(d.month.slice(5, 7))}月党费`;
    const key = `dues:${d.month.slice(0, 7)}`;
    if (d.status === 'paid' && d.lastPaidOn && d.lastPaidOn <= monthEnd) {
      // Paid within its month (or in advance): on time, on the day it was settled (not before the month).
      push(d.memberId, {
        code: 'dues.on_time',
        sourceKey: key,
        occurredOn: d.lastPaidOn < d.month ? d.month : d.lastPaidOn,
        units: 1,
        note: `${label}按时交纳`,
      });
    } else if (monthEnd < today) {
      // Paid after the month, or still (partly) unpaid once it is over: late, on the month's last day.
      push(d.memberId, {
        code: 'dues.late',
        sourceKey: key,
        occurredOn: monthEnd,
        units: 1,
        note: d.status === 'paid' ? `${label}逾期补交` : `${label}逾期未交`,
      });
    }
  }
  const studyPerMember = new Map<number, { day: string; seconds: number }[]>();
  for (const c of credits) {
    if (c.source === 'class') {
      push(c.memberId, {
        code: 'class.completed',
        sourceKey: `class:${c.sourceId}`,
        occurredOn: c.day,
        units: 1,
        note: c.title ?? `培训班${c.sourceId}`,
      });
    } else {
      const list = studyPerMember.get(c.memberId) ?? [];
      list.push({ day: c.day, seconds: c.seconds });
      studyPerMember.set(c.memberId, list);
    }
  }
  for (const [memberId, rows] of studyPerMember) {
    const byDay = new Map<string, number>();
    for (const r of rows) byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.seconds);
    const days = [...byDay].map(([day, seconds]) => ({ day, seconds }));
    for (const h of studyHoursPerDay(days, minutesPerHour)) {
      push(memberId, {
        code: 'study.hours',
        sourceKey: `study:${h.day}`,
        occurredOn: h.day,
        units: h.hours,
        note: `累计学习满${h.hours}学时`,
      });
    }
  }
  return out;
}

export interface RecomputeResult {
  members: number;
  appended: number;
}

/**
 * Brings the ledger of `memberIds` for `years` in line with the source records and rewrites their
 * yearly totals. Members off the register (left, deceased) keep their ledger but lose their totals
 * row, so rankings list only members on the register.
 */
export async function recomputePoints(
  tx: DbOrTx,
  memberIds: Iterable<number>,
  years: Iterable<number>,
  today: IsoDate,
  opts: { rules?: Rules; history?: Parameters<typeof rulesInForceOn>[2] } = {},
): Promise<RecomputeResult> {
  const ids = [...new Set(memberIds)].sort((a, b) => a - b);
  const ys = [...new Set(years)].sort();
  if (ids.length === 0 || ys.length === 0) return { members: 0, appended: 0 };
  const rules = opts.rules ?? (await loadRules(tx));
  const history = opts.history ?? (await loadRuleHistory(tx));
  let appended = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const members = await queryRows(
      tx,
      sql`select id, org_id as "orgId", org_path::text as "orgPath", status not in ('left', 'deceased') as "onRegister"
          from members where id = any(${idArray(chunk)})`,
      memberRow,
    );
    const byId = new Map(members.map((m) => [m.id, m]));
    for (const year of ys) {
      const { source, minutesPerHour } = sourceRulesOf(year, rules, history);
      const facts = await factsOf(tx, chunk, year, today, minutesPerHour);
      const current = await queryRows(
        tx,
        sql`select member_id as "memberId", source_key as "sourceKey",
              (array_agg(rule order by id desc))[1] as rule, sum(points)::int as points,
              (array_agg(occurred_on::text order by id))[1] as "occurredOn"
            from points_entries where member_id = any(${idArray(chunk)}) and year = ${year}
              and source_key not like 'award:%'
            group by member_id, source_key`,
        currentRow,
      );
      const currentOf = new Map<number, Map<string, CurrentKey>>();
      for (const c of current) {
        const m = currentOf.get(c.memberId) ?? new Map<string, CurrentKey>();
        m.set(c.sourceKey, c);
        currentOf.set(c.memberId, m);
      }
      const rows: (typeof pointsEntries.$inferInsert)[] = [];
      for (const memberId of chunk) {
        const member = byId.get(memberId);
        if (!member) continue;
        const desired = computeDesired(facts.get(memberId) ?? [], source);
        for (const r of ledgerDiff(currentOf.get(memberId) ?? new Map(), desired)) {
          rows.push({
            memberId,
            orgId: member.orgId,
            orgPath: member.orgPath,
            year,
            occurredOn: r.occurredOn,
            rule: r.rule as ComputedSourceCode,
            sourceKey: r.sourceKey,
            points: r.points,
            kind: r.kind,
            note: r.note,
          });
        }
      }
      await bulkInsert(tx, pointsEntries, rows, { chunk: 5000 });
      appended += rows.length;
      await refreshTotals(tx, chunk, year);
    }
  }
  return { members: ids.length, appended };
}

/**
 * Rewrites `points_totals` of the members for the year from the ledger: a row for each member on
 * the register with entries in the year (a sum of 0 included), none for a member without entries
 * (so a member record that a rolled-back import deletes has nothing derived that holds it) or off
 * the register (rankings list only the register).
 */
export async function refreshTotals(tx: DbOrTx, ids: number[], year: number): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`
    insert into points_totals (member_id, year, org_id, org_path, points, updated_at)
    select m.id, ${year}, m.org_id, m.org_path, e.points, now()
    from members m
    join (select member_id, sum(points)::int as points from points_entries
          where member_id = any(${idArray(ids)}) and year = ${year} group by member_id) e on e.member_id = m.id
    where m.id = any(${idArray(ids)}) and m.status not in ('left', 'deceased')
    on conflict (member_id, year) do update
      set org_id = excluded.org_id, org_path = excluded.org_path, points = excluded.points, updated_at = now()
      where points_totals.points <> excluded.points or points_totals.org_id <> excluded.org_id
         or points_totals.org_path <> excluded.org_path`);
  await tx.execute(sql`
    delete from points_totals t using members m
    where t.member_id = m.id and t.year = ${year} and t.member_id = any(${idArray(ids)})
      and (m.status in ('left', 'deceased')
           or not exists (select 1 from points_entries e where e.member_id = t.member_id and e.year = ${year}))`);
}

/** The members on the register of the given orgs (branches; a touched non-branch has none). */
export async function membersOfOrgs(tx: DbOrTx, orgIds: number[]): Promise<number[]> {
  if (orgIds.length === 0) return [];
  const rows = await queryRows(
    tx,
    sql`select id from members where org_id = any(${idArray(orgIds)})`,
    z.object({ id: z.number() }),
  );
  return rows.map((r) => r.id);
}
