/**
 * The report of the current year or an as-of date computed incrementally (issue #21, decision 0051):
 * from the closing states kept with last year (`stats_closing`: per org where the members stood on
 * 31 December, the counts of every closing figure and the birth days of those whose age band can
 * move within a year) plus the register's events since, so the work follows the events since the
 * kept year (and the subtree's orgs, summed once), not every member's whole history.
 *
 * For a report of `from` (1 January) to `to` in the year after a kept year:
 * - opening = the kept closing states summed over the subtree as it stands on `to` (the period
 *   opens the day after the kept 31 December; an org founded or moved since brings the members it
 *   held that day, as the full computation counts them);
 * - closing = that sum, minus the kept states of the members with an event since (their closing
 *   state of 31 December, classified as of that day), plus their state on `to`, and the members
 *   born on a day whose age band changed between 31 December and `to` moved band (exactly, by the
 *   birth day kept);
 * - flows (增加, 减少, 转正, 发展) are events inside the period: only those members have any;
 * - the branches below the minimum: each branch's kept full members plus the same differences;
 * - the org figures and the pipeline are counted over the subtree's orgs as before.
 * The members "with an event since" are those with an event dated after the kept 31 December that
 * was recorded by the year's watermark (kept with the year: `pending_members`) or recorded since
 * (ids above the watermark). Where the form cannot serve — no kept year before the period, kept
 * without closing states, closing states a late correction made stale — the full computation runs
 * and the report says which (`figures.basis`).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { ageOn, type IsoDate } from '../../../domain/common/dates.js';
import { AGE_BANDS, ageBandOf } from '../../../domain/member/age-bands.js';
import { EDUCATION_LEVELS } from '../../../domain/member/education.js';
import { HAN_CODE } from '../../../domain/member/ethnicities.js';
import { CURRENT_MEMBER_STATUSES } from '../../../domain/member/labels.js';
import { JOIN_PERIODS } from '../../../domain/stats/classifications.js';
import { type DbOrTx, queryRows, type Tx } from '../../db/client.js';
import {
  ageBandSql,
  carriedHistorySql,
  collegeCodes,
  edgeBirthSql,
  type FigurePeriod,
  type Figures,
  figuresOf,
  joinPeriodSql,
  list,
  onRoll,
  yyyymmdd,
} from './figures.js';

/**
 * The closing figures kept per org, in the order of `stats_closing.counts` (recorded with the year:
 * a change of this list makes older kept states unusable, and the report computes in full).
 * `close` first: the opening of the next year's report is its sum.
 */
export const CLOSING_KEYS: readonly string[] = [
  'close',
  'close.women',
  'close.minority',
  'close.full',
  ...CURRENT_MEMBER_STATUSES.filter((s) => s !== 'active').map((s) => `close.status.${s}`),
  'close.college',
  ...EDUCATION_LEVELS.map((e) => `close.edu.${e.code}`),
  ...AGE_BANDS.map((b) => `close.age.${b.code}`),
  ...JOIN_PERIODS.map((j) => `close.join.${j.code}`),
];

/** The condition of each closing key over `cm` (a member's classified closing state). */
function keyCondition(key: string) {
  const [, what, code] = key.split('.');
  if (key === 'close') return sql`true`;
  if (what === 'women') return sql`cm.gender = 'female'`;
  if (what === 'minority') return sql`cm.minority`;
  if (what === 'full') return sql`cm.cat = 'full'`;
  if (what === 'status') return sql`cm.st = ${code}`;
  if (what === 'college') return sql`cm.education in (${list(collegeCodes)})`;
  if (what === 'edu') return sql`cm.education = ${code}`;
  if (what === 'age') return sql`cm.band = ${key.slice('close.age.'.length)}`;
  if (what === 'join') return sql`cm.jp = ${code}`;
  throw new Error(`no condition for ${key}`);
}

const yearEnd = (year: number): IsoDate => `${year}-12-31`;
const idArray = (ids: readonly number[]) => sql`${`{${ids.join(',')}}`}::int[]`;

/**
 * Keeps `year`'s closing states per org (every org holding members on the roll that 31 December),
 * or recomputes those of the `only` orgs (made stale by a late correction), and records with the
 * year the keys' order and the members with events pending after it. One statement, in the
 * database. Answers the number of org rows written.
 */
export async function keepClosing(tx: Tx, year: number, only?: readonly number[]): Promise<number> {
  const end = yearEnd(year);
  // Recomputing some orgs: the members ever placed in them up to 31 December (a correction marks
  // every org the member stood in up to then, so the one they stood in that day is among them).
  const who = only
    ? sql`and e.member_id in (select member_id from member_events
        where org_id = any(${idArray(only)}) and occurred_on <= ${end})`
    : sql``;
  if (only) {
    await tx.execute(sql`delete from stats_closing where year = ${year} and org_id = any(${idArray(only)})`);
  } else {
    await tx.execute(sql`delete from stats_closing where year = ${year}`);
  }
  const [row] = await queryRows(
    tx,
    sql`with w as (
      insert into stats_closing (year, org_id, counts, edge_births)
      with ev0 as (
        select e.id, e.member_id, e.kind, e.occurred_on, e.org_id,
          e.data->>'status' as s, e.data->>'category' as c, e.data->>'leaveReason' as lr
        from member_events e where e.occurred_on <= ${end} ${who}
      ),
      ${carriedHistorySql()},
      cm as (
        select r.org_id, r.cat, r.st, m.gender, m.ethnicity <> ${HAN_CODE} as minority, m.education,
          ${ageBandSql(sql`m.birth_date`, end)} as band, ${joinPeriodSql(sql`m.joined_on`)} as jp,
          case when ${edgeBirthSql(sql`m.birth_date`, end)} then ${yyyymmdd(sql`m.birth_date`)} end as bd
        from ev r join members m on m.id = r.member_id
        where r.next_on is null and ${onRoll(sql`r.st`)}
          ${only ? sql`and r.org_id = any(${idArray(only)})` : sql``}
      )
      select ${year}, cm.org_id,
        array[${sql.join(
          CLOSING_KEYS.map((k) => sql`count(*) filter (where ${keyCondition(k)})`),
          sql`, `,
        )}]::int[],
        coalesce(array_agg(cm.bd order by cm.bd) filter (where cm.bd is not null), '{}')
      from cm group by cm.org_id
      returning 1
    ) select count(*)::int as n from w`,
    z.object({ n: z.number() }),
  );
  if (!only) {
    await tx.execute(sql`update stats_kept_years set closing_keys = ${`{${CLOSING_KEYS.join(',')}}`}::text[],
      pending_members = array(select distinct e.member_id from member_events e
        where e.occurred_on > ${end} and e.id <= event_watermark order by 1)
      where year = ${year}`);
  }
  return row?.n ?? 0;
}

/**
 * Subtrees of more orgs than this are computed incrementally (when a kept previous year allows);
 * a smaller one's full read by index is faster than the kept states' sums and the changed members'
 * lookups. Measured on the generated city (2027 to 01-15, 2026 kept, load 13–16): 511 orgs 149 ms
 * incremental against 473 ms in full; 11 orgs 141 against 57; one org 104 against 49.
 */
export const INCREMENTAL_MIN_ORGS = 300;

/**
 * The whole register, when more than this many members have events since the kept year (an upper bound: pending members plus
 * events recorded since), their histories are read by hash joins over the tables rather than by a
 * lookup per member. Measured on the generated city: 72,000 changed members of 400,000 took 8 s of
 * random lookups on the loaded machine.
 */
export const BULK_CHANGED_MEMBERS = 20_000;

/** Why the report was computed in full rather than incrementally (null: it was incremental). */
export type FullReason = 'no_kept_year' | 'kept_without_states' | 'stale' | 'many_changes';

/**
 * The figures of `orgId`'s subtree over `period` (1 January of a year to a day in it) from the
 * previous year's kept closing states and the events since; `{ reason }` when that cannot serve.
 */
export async function incrementalFigures(
  db: DbOrTx,
  orgId: number,
  period: FigurePeriod,
  minFull: number,
  large = true,
): Promise<{ figures: Figures; keptYear: number } | { reason: FullReason }> {
  const year = Number(period.from.slice(0, 4)) - 1;
  if (period.from !== `${year + 1}-01-01`) return { reason: 'no_kept_year' };
  const [kept] = await queryRows(
    db,
    sql`select closing_keys as keys from stats_kept_years where year = ${year}`,
    z.object({ keys: z.array(z.string()).nullable() }),
  );
  if (!kept) return { reason: 'no_kept_year' };
  if (!kept.keys || kept.keys.join(',') !== CLOSING_KEYS.join(',')) return { reason: 'kept_without_states' };
  // The register's root reads every member with an event since; an org below it only those of
  // them ever placed in its subtree (an optimisation only: the others count nowhere in it).
  const [root] = await queryRows(
    db,
    sql`select parent_id is null as whole,
        (select coalesce(cardinality(y.pending_members), 0) + (select count(*) from member_events e
          where e.id > y.event_watermark and e.occurred_on > ${yearEnd(year)}::date and e.occurred_on <= ${period.to}::date)
         from stats_kept_years y where y.year = ${year})::int as changed
      from orgs where id = ${orgId}`,
    z.object({ whole: z.boolean(), changed: z.number() }),
  );
  // Below the root, a year's worth of changes (tens of thousands of members) makes the changed
  // members' lookups dearer than the subtree's own history read in full (measured: a 市直机关工委 of
  // 2,300 orgs, 5.2 s against 3.7 s; with two weeks of changes 0.3 s against 2.3 s).
  if (!root?.whole && (root?.changed ?? 0) > BULK_CHANGED_MEMBERS) return { reason: 'many_changes' };
  const inc = {
    year,
    keys: CLOSING_KEYS,
    fullIndex: CLOSING_KEYS.indexOf('close.full'),
    wholeRegister: root?.whole ?? false,
    bulk: (root?.whole ?? false) && (root?.changed ?? 0) > BULK_CHANGED_MEMBERS,
  };
  // `large` (a subtree of thousands of orgs): hash joins only (the planner cannot know the walk's
  // or the changed members' number; a nested loop over either, misjudged, took 380 s at the city
  // root), sorts in memory. A smaller one keeps its index lookups (hash joins would scan the
  // development cases and orgs whole: a floor of 400 ms for one branch).
  const raw = (await figuresOf(db, { subtree: orgId }, period, minFull, large, inc)).get(orgId) ?? {};
  if ((raw.stale ?? 0) > 0) return { reason: 'stale' };
  const f: Figures = {};
  const shifts: [string, number][] = [];
  for (const [key, n] of Object.entries(raw)) {
    if (key === 'stale') continue;
    if (key.startsWith('bd.')) shifts.push([key.slice(3), n]);
    else f[key] = (f[key] ?? 0) + n;
  }
  // The members kept on the roll and unchanged since whose birthday between the kept 31 December
  // and the report's day moved them to the next age band (their kept band is that of 31 December).
  const end = yearEnd(year);
  for (const [bd, n] of shifts) {
    if (!n) continue;
    const born = `${bd.slice(0, 4)}-${bd.slice(4, 6)}-${bd.slice(6, 8)}`;
    const was = ageBandOf(ageOn(born, end));
    const is = ageBandOf(ageOn(born, period.to));
    if (was === is) continue;
    f[`close.age.${was}`] = (f[`close.age.${was}`] ?? 0) - n;
    f[`close.age.${is}`] = (f[`close.age.${is}`] ?? 0) + n;
  }
  for (const k of Object.keys(f)) if (!f[k]) delete f[k];
  return { figures: f, keptYear: year };
}
