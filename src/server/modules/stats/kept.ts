/**
 * Kept figures of closed years (issue #21, decision 0051).
 *
 * - `keepYear` computes the figures of every org's subtree for a year (the tree of its
 *   31 December) in one SQL statement and stores them; idempotent (a second run rewrites them).
 *   The daily job keeps last year once it has closed; scripts and the bench call it for past years.
 * - A late correction (a register event or an org version recorded after the year was kept but
 *   dated inside it, or a correction of a member's fixed facts) marks the kept figures of every org
 *   whose subtree it reaches stale, in the writing transaction (the `members` and `orgs` listener),
 *   and is recorded per report in `stats_corrections`. A stale report is computed live and says so;
 *   the daily job recomputes the stale orgs and keeps the corrections that changed them.
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { IsoDate } from '../../../domain/common/dates.js';
import { type DbOrTx, queryRows, type Tx } from '../../db/client.js';
import { loadRules } from '../settings/index.js';
import { type FigureScope, type Figures, figuresOf, figuresSql } from './figures.js';
import { keepClosing } from './incremental.js';

/** Member fields that are not historized: correcting one corrects every past report. */
const FACT_FIELDS = ['gender', 'birthDate', 'ethnicity', 'education', 'joinedOn'];

const yearEnd = (year: number): IsoDate => `${year}-12-31`;
const periodOfYear = (year: number) => ({ from: `${year}-01-01`, to: yearEnd(year) });
const idArray = (ids: readonly number[]) => sql`${`{${ids.join(',')}}`}::int[]`;

/** A year can be kept once its last day has passed. */
export const isClosed = (year: number, today: IsoDate) => yearEnd(year) < today;

/**
 * Keeps `year`'s figures of every org's subtree, or recomputes those of the `only` orgs (stale
 * ones, plus orgs of that 31 December without a row). Answers the number of org rows written.
 */
export async function keepYear(tx: Tx, year: number, only?: readonly number[]): Promise<number> {
  const p = periodOfYear(year);
  const [state] = await queryRows(
    tx,
    sql`select min_full as "minFull" from stats_kept_years where year = ${year}`,
    z.object({ minFull: z.number() }),
  );
  if (!only || !state) {
    const minFull = (await loadRules(tx))['branch.minFullMembers'];
    // The watermarks are taken first: a row recorded while the year is computed is after them, so it
    // is treated as a correction rather than missed.
    await tx.execute(sql`insert into stats_kept_years (year, event_watermark, version_watermark, step_watermark, min_full)
      values (${year}, (select coalesce(max(id), 0) from member_events), (select coalesce(max(id), 0) from org_versions),
        (select coalesce(max(id), 0) from development_steps), ${minFull})
      on conflict (year) do update set kept_at = now(), min_full = excluded.min_full,
        step_watermark = coalesce(stats_kept_years.step_watermark, excluded.step_watermark)`);
    await tx.execute(sql`delete from stats_figures where year = ${year}`);
    await tx.execute(
      sql`update stats_corrections set applied_at = coalesce(applied_at, now()) where year = ${year}`,
    );
    // The whole tree at once: hash joins only (see LARGE_SUBTREE_ORGS), for this statement alone.
    await tx.execute(sql`set local enable_nestloop = off`);
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '128MB'`);
    const n = await countOf(tx, insertFiguresSql(year, { all: true }, minFull));
    // The closing states per org, from which the next year's reports are computed incrementally.
    await keepClosing(tx, year);
    await tx.execute(sql`set local enable_nestloop to default`);
    await tx.execute(sql`set local jit to default`);
    await tx.execute(sql`set local work_mem to default`);
    return n;
  }
  const scope: FigureScope = { all: true, only: [...new Set(only)] };
  const fresh = await figuresOf(tx, scope, p, state.minFull);
  const old = await queryRows(
    tx,
    sql`select org_id as "orgId", figures from stats_figures where year = ${year} and org_id = any(${idArray(scope.only!)})`,
    z.object({ orgId: z.number(), figures: z.record(z.string(), z.number()) }),
  );
  const oldById = new Map(old.map((o) => [o.orgId, o.figures]));
  const changed: number[] = [];
  const unchanged: number[] = [];
  for (const id of scope.only!) (sameFigures(oldById.get(id), fresh.get(id)) ? unchanged : changed).push(id);
  await tx.execute(
    sql`delete from stats_figures where year = ${year} and org_id = any(${idArray(scope.only!)})`,
  );
  const rows = [...fresh].map(([orgId, figures]) => ({ org_id: orgId, figures }));
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.execute(sql`insert into stats_figures (year, org_id, parent_id, figures)
      select ${year}, r.org_id, (select v.parent_id from org_versions v where v.org_id = r.org_id
          and v.valid_from <= ${p.to} and (v.valid_to is null or v.valid_to > ${p.to}) order by v.valid_from desc limit 1),
        r.figures
      from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 2000))}::jsonb) as r(org_id int, figures jsonb)`);
  }
  // The report lists the corrections that changed it: those that left an org's figures equal go.
  if (changed.length) {
    await tx.execute(sql`update stats_corrections set applied_at = now()
      where year = ${year} and org_id = any(${idArray(changed)}) and applied_at is null`);
  }
  if (unchanged.length) {
    await tx.execute(sql`delete from stats_corrections
      where year = ${year} and org_id = any(${idArray(unchanged)}) and applied_at is null`);
  }
  return rows.length;
}

/** Runs a data-modifying statement that returns one row per row written, and counts them. */
async function countOf(tx: Tx, statement: SQL): Promise<number> {
  const [row] = await queryRows(
    tx,
    sql`with w as (${statement}) select count(*)::int as n from w`,
    z.object({ n: z.number() }),
  );
  return row?.n ?? 0;
}

function sameFigures(a: Figures | undefined, b: Figures | undefined) {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => a?.[k] === b?.[k]);
}

/** The whole year's rows written by the database: no figure travels through the process. */
function insertFiguresSql(year: number, scope: FigureScope, minFull: number): SQL {
  const p = periodOfYear(year);
  return sql`insert into stats_figures (year, org_id, parent_id, figures)
    select ${year}, f.x,
      (select v.parent_id from org_versions v where v.org_id = f.x
        and v.valid_from <= ${p.to} and (v.valid_to is null or v.valid_to > ${p.to}) order by v.valid_from desc limit 1),
      jsonb_object_agg(f.key, f.n)
    from ((${figuresSql.members(scope, p, minFull)}) union all (${figuresSql.orgs(scope, p)})) f
    where f.n > 0
    group by f.x
    returning 1`;
}

/**
 * How many orgs an org's subtree holds, for choosing the plan of a live report: from the latest
 * kept year when there is one (one row by key), else by walking today's tree down from it.
 */
export async function subtreeOrgs(db: DbOrTx, orgId: number): Promise<number> {
  const [kept] = await queryRows(
    db,
    sql`select coalesce((f.figures->>'orgs.total')::int, 0) + coalesce((f.figures->>'orgs.kind.group')::int, 0) as n
      from stats_figures f where f.org_id = ${orgId} and f.year = (select max(year) from stats_kept_years)`,
    z.object({ n: z.number() }),
  );
  if (kept) return kept.n;
  const [walked] = await queryRows(
    db,
    sql`with recursive t as (select id from orgs where id = ${orgId}
        union all select o.id from orgs o join t on o.parent_id = t.id)
      select count(*)::int as n from t`,
    z.object({ n: z.number() }),
  );
  return walked?.n ?? 0;
}

const keptRow = z.object({
  figures: z.record(z.string(), z.number()),
  keptAt: z.string(),
  stale: z.boolean(),
  minFull: z.number(),
});

/** One org's kept figures of a year (null: the year or the org is not kept). */
export async function keptFigures(db: DbOrTx, year: number, orgId: number) {
  const [row] = await queryRows(
    db,
    sql`select f.figures, to_char(f.kept_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as "keptAt",
        f.stale_since is not null as stale, y.min_full as "minFull"
      from stats_figures f join stats_kept_years y on y.year = f.year
      where f.year = ${year} and f.org_id = ${orgId}`,
    keptRow,
  );
  return row ?? null;
}

const correctionRow = z.object({
  source: z.string(),
  change: z.string(),
  orgName: z.string().nullable(),
  occurredOn: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
  pending: z.boolean(),
});

/** The late corrections listed on a kept year's report of `orgId` (newest first). */
export async function correctionsOf(db: DbOrTx, year: number, orgId: number) {
  return queryRows(
    db,
    sql`select c.source, c.change, o.name as "orgName", c.occurred_on::text as "occurredOn",
        to_char(c.recorded_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as "recordedAt",
        u.display_name as "recordedBy", c.applied_at is null as pending
      from stats_corrections c
      left join orgs o on o.id = c.subject_org_id
      left join users u on u.id = c.recorded_by
      where c.year = ${year} and c.org_id = ${orgId}
      order by c.recorded_at desc, c.id desc
      limit 200`,
    correctionRow,
  );
}

/**
 * Finds the late corrections among register events and org versions (of the touched orgs, or all
 * of them for the daily sweep) not seen yet, records them for every report they reach, and marks
 * those reports' kept figures stale. The reach of a register event is every org the member was
 * placed in up to the year's end, with their ancestors in the kept tree of that 31 December; of an
 * org version, the org and its old and new parents' ancestors.
 */
export async function markCorrections(tx: Tx, orgIds: readonly number[] | 'all'): Promise<number> {
  const kept = await queryRows(
    tx,
    sql`select year, event_watermark as "eventWatermark", version_watermark as "versionWatermark" from stats_kept_years`,
    z.object({ year: z.number(), eventWatermark: z.number(), versionWatermark: z.number() }),
  );
  if (!kept.length) return 0;
  const inOrgs = (col: SQL) => (orgIds === 'all' ? sql`true` : sql`${col} = any(${idArray(orgIds)})`);
  const [row] = await queryRows(
    tx,
    sql`
    with recursive kept as (
      select year, event_watermark, version_watermark, step_watermark, make_date(year, 12, 31) as year_end
      from stats_kept_years
    ),
    found as (
      select k.year, 'member_event'::text as source, e.id as source_id, e.kind as change, e.org_id as subject_org_id,
        e.occurred_on, e.recorded_at, e.recorded_by, e.member_id, k.year_end
      from kept k join member_events e on e.id > k.event_watermark
      where ${inOrgs(sql`e.org_id`)}
        and e.id > ${Math.min(...kept.map((k) => k.eventWatermark))}
        and (e.occurred_on <= k.year_end or e.data ?| ${`{${FACT_FIELDS.join(',')}}`}::text[])
        and not exists (select 1 from stats_corrections c
          where c.source = 'member_event' and c.source_id = e.id and c.year = k.year)
      union all
      select k.year, 'org_version', v.id, v.change, v.org_id, v.valid_from, v.recorded_at, v.recorded_by, null, k.year_end
      from kept k join org_versions v on v.id > k.version_watermark
      where ${inOrgs(sql`v.org_id`)}
        and v.id > ${Math.min(...kept.map((k) => k.versionWatermark))}
        and v.valid_from <= k.year_end
        and not exists (select 1 from stats_corrections c
          where c.source = 'org_version' and c.source_id = v.id and c.year = k.year)
      union all
      -- a development step recorded later, dated inside the year or correcting one that was: the
      -- year's pipeline (表三's applicants, activists, candidates on 31 December) may change
      select k.year, 'development_step', s.id, 'development', c.org_id, s.occurred_on, s.recorded_at, s.recorded_by,
        null, k.year_end
      from kept k join development_steps s on s.id > k.step_watermark
      join development_cases c on c.id = s.case_id
      where k.step_watermark is not null and ${inOrgs(sql`c.org_id`)}
        and (s.occurred_on <= k.year_end or exists (select 1 from development_steps p
          where p.id = s.corrects_id and p.occurred_on <= k.year_end))
        and not exists (select 1 from stats_corrections x
          where x.source = 'development_step' and x.source_id = s.id and x.year = k.year)
    ),
    subject as (
      select f.year, f.source_id, f.source, h.org_id
      from found f join member_events h on h.member_id = f.member_id and h.occurred_on <= f.year_end
      where f.source = 'member_event'
      union
      select f.year, f.source_id, f.source, f.subject_org_id from found f where f.source <> 'member_event'
      union
      select f.year, f.source_id, f.source, v.parent_id
      from found f join org_versions v on v.id = f.source_id
      where f.source = 'org_version' and v.parent_id is not null
    ),
    reach as (
      select s.year, s.source_id, s.source, sf.org_id, sf.parent_id
      from subject s join stats_figures sf on sf.year = s.year and sf.org_id = s.org_id
      union
      select r.year, r.source_id, r.source, sf.org_id, sf.parent_id
      from reach r join stats_figures sf on sf.year = r.year and sf.org_id = r.parent_id
    ),
    -- the closing states of the orgs the member stood in up to 31 December (the incremental report
    -- of the next year reads them; org versions do not change where members stood); a
    -- data-modifying CTE runs whether or not the query reads it
    closing_marked as (
      insert into stats_closing as sc (year, org_id, counts, edge_births, stale_since)
      select distinct s.year, s.org_id, '{}'::int[], '{}'::int[], now()
      from subject s join stats_kept_years y on y.year = s.year and y.closing_keys is not null
      where s.source = 'member_event'
      -- an org that held none of the year's members that day has no row yet: the correction may
      -- place one there, so it gets an empty stale one, recomputed with the others
      on conflict (year, org_id) do update set stale_since = now() where sc.stale_since is null
      returning 1
    ),
    marked as (
      update stats_figures sf set stale_since = now()
      where sf.stale_since is null and (sf.year, sf.org_id) in (select year, org_id from reach)
      returning sf.year
    ),
    ins as (
      insert into stats_corrections (year, org_id, source, source_id, change, subject_org_id, occurred_on, recorded_at, recorded_by)
      select distinct r.year, r.org_id, r.source, r.source_id, f.change, f.subject_org_id, f.occurred_on, f.recorded_at, f.recorded_by
      from reach r join found f on f.year = r.year and f.source = r.source and f.source_id = r.source_id
      returning 1
    )
    select count(*)::int as n from ins`,
    z.object({ n: z.number() }),
  );
  return row?.n ?? 0;
}

/**
 * The daily step: keeps last year once it has closed, sweeps for corrections the listener did not
 * see (rows written without touching their orgs), and recomputes the stale kept figures.
 */
export async function closeYears(tx: Tx, today: IsoDate) {
  const last = Number(today.slice(0, 4)) - 1;
  const [done] = await queryRows(
    tx,
    sql`select count(*)::int as n from stats_kept_years where year = ${last}`,
    z.object({ n: z.number() }),
  );
  let kept = 0;
  if (!done?.n) kept = await keepYear(tx, last);
  const corrections = await markCorrections(tx, 'all');
  const stale = await queryRows(
    tx,
    sql`select year, array_agg(org_id order by org_id) as orgs from stats_figures
      where stale_since is not null group by year order by year`,
    z.object({ year: z.number(), orgs: z.array(z.number()) }),
  );
  let recomputed = 0;
  for (const s of stale) recomputed += await keepYear(tx, s.year, s.orgs);
  // The closing states: last year's kept before they existed are kept now; stale ones recomputed.
  const [states] = await queryRows(
    tx,
    sql`select count(*)::int as n from stats_kept_years where year = ${last} and closing_keys is null`,
    z.object({ n: z.number() }),
  );
  if (states?.n) await keepClosing(tx, last);
  const staleStates = await queryRows(
    tx,
    sql`select year, array_agg(org_id order by org_id) as orgs from stats_closing
      where stale_since is not null group by year order by year`,
    z.object({ year: z.number(), orgs: z.array(z.number()) }),
  );
  for (const s of staleStates) await keepClosing(tx, s.year, s.orgs);
  return { statsYearKept: kept > 0, statsCorrections: corrections, statsRecomputed: recomputed };
}
