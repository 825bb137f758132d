/**
 * The report's figures classified in the database (issue #21, decision 0051): the register history
 * is read, carried forward and classified by window functions and `group by`, and only the counts
 * (one row per org and figure key) come back to the process. `domain/stats/register-replay.ts`
 * stays the reference: `replayFigures` (./replay-figures.ts) computes the same keys by replaying
 * every member in JavaScript, and the property test holds the two equal on random histories.
 *
 * One SQL serves two purposes:
 * - **live**: the figures of one subtree (`x` = its root), for the current year, an as-of date, or
 *   a closed year whose kept figures are missing or stale;
 * - **keep**: the figures of EVERY org's subtree at once (`x` = each org of the year-end tree, or a
 *   listed subset when only stale ones are recomputed), kept in `stats_figures`.
 * The only difference is the relation `anc(org_id, x)` — "org_id is inside x's subtree on the
 * period's last day" — and which members are read. Flows are not additive over children (a
 * transfer between two branches of a county is a flow of each branch, not of the county), so each
 * event is classified per x: an increase of x when x holds the org after it and not the org before
 * it, which is exactly the replay's "was not in the set, is in it".
 *
 * Ages are comparisons of the birth date with bounds computed once per report (no date parsed per
 * member and band), and the history is ordered once per member.
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { addYears, type IsoDate } from '../../../domain/common/dates.js';
import { AGE_BANDS } from '../../../domain/member/age-bands.js';
import { EDUCATION_LEVELS } from '../../../domain/member/education.js';
import { HAN_CODE } from '../../../domain/member/ethnicities.js';
import { CURRENT_MEMBER_STATUSES } from '../../../domain/member/labels.js';
import { JOIN_PERIODS, YOUTH_MAX_AGE } from '../../../domain/stats/classifications.js';
import { type DbOrTx, queryRows } from '../../db/client.js';

/** Figure key → count (absent = 0). The keys are listed in docs/decisions/0051. */
export type Figures = Record<string, number>;

export interface FigurePeriod {
  from: IsoDate;
  to: IsoDate;
}

/** Leave reasons the report names; any other reason is 其他出党. */
export const NAMED_LEAVE_REASONS = ['expelled', 'removed', 'withdrew', 'lapsed'] as const;

export const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
export const onRoll = (status: SQL) => sql`(${status} in (${list(CURRENT_MEMBER_STATUSES)}))`;

/**
 * The age band on `on` by comparing the birth date with constant dates: age ≥ n exactly when born
 * on or before `on` minus n years (`addYears`, which clamps 29 February to the 28th as `ageOn`
 * counts it). The bounds are computed once per report, not a date parsed per member and band.
 */
export const ageBandSql = (born: SQL, on: IsoDate): SQL =>
  sql`(case ${sql.join(
    AGE_BANDS.filter((b) => b.max !== null).map(
      (b) => sql`when ${born} > ${addYears(on, -(b.max! + 1))}::date then ${b.code}`,
    ),
    sql` `,
  )} else ${AGE_BANDS[AGE_BANDS.length - 1]!.code} end)`;

/** Aged at most `max` on the row's own date (PostgreSQL's `date + interval` clamps as addYears does). */
const atMostAgedOn = (born: SQL, on: SQL, max: number): SQL =>
  sql`((${born} + make_interval(years => ${max + 1}))::date > ${on})`;

/** A date as the integer yyyymmdd. */
export const yyyymmdd = (d: SQL): SQL => sql`(to_char(${d}, 'YYYYMMDD')::int)`;

/**
 * Aged exactly a band's maximum on `on` (a 31 December): the age band may change within the next
 * year, on the birthday. The others' band cannot: a year adds at most one to an age.
 */
export const edgeBirthSql = (born: SQL, on: IsoDate): SQL =>
  sql`(${sql.join(
    AGE_BANDS.filter((b) => b.max !== null).map(
      (b) =>
        sql`(${born} > ${addYears(on, -(b.max! + 1))}::date and ${born} <= ${addYears(on, -b.max!)}::date)`,
    ),
    sql` or `,
  )})`;

/**
 * A kept edge birth day (yyyymmdd) whose band may have moved between `kept` (31 December) and `on`:
 * within some band's edge year, on or before `on` minus the band's maximum + 1 years. A superset is
 * safe (the process recomputes both bands exactly); this keeps only the birthdays passed by `on`.
 */
const bandMovedSql = (bd: SQL, kept: IsoDate, on: IsoDate): SQL => {
  const n = (d: IsoDate) => Number(d.replaceAll('-', ''));
  return sql`(${sql.join(
    AGE_BANDS.filter((b) => b.max !== null).map(
      (b) =>
        sql`(${bd} > ${n(addYears(kept, -(b.max! + 1)))} and ${bd} <= ${n(addYears(on, -(b.max! + 1)))})`,
    ),
    sql` or `,
  )})`;
};

/**
 * The incremental form (see ./incremental.ts): the closing states kept for `year` (31 December)
 * summed over the subtree, plus the changes of the members whose history moved since; `keys` is
 * the order of `stats_closing.counts`, `fullIndex` the position of `close.full` in it.
 */
export interface Incremental {
  year: number;
  keys: readonly string[];
  fullIndex: number;
  /** The subtree is the whole register (its root has no parent): every member is in it. */
  wholeRegister: boolean;
  /** Many members changed since the kept year: their histories are read by hash joins. */
  bulk: boolean;
}

export const joinPeriodSql = (joined: SQL): SQL =>
  sql`(case ${sql.join(
    JOIN_PERIODS.filter((p) => p.until !== null).map(
      (p) => sql`when ${joined} < ${p.until}::date then ${p.code}`,
    ),
    sql` `,
  )} else ${JOIN_PERIODS[JOIN_PERIODS.length - 1]!.code} end)`;

export const collegeCodes = EDUCATION_LEVELS.filter((e) => e.collegeOrAbove).map((e) => e.code);

/**
 * How the orgs of the period's last day are chosen and which subtrees are reported:
 * - `subtree`: the walk down from one root (the live report of that org);
 * - `all`: every org valid on the day, each one's subtree reported (keeping a year), or only the
 *   listed `only` orgs' subtrees (recomputing stale ones).
 */
export type FigureScope = { subtree: number } | { all: true; only?: readonly number[] };

/**
 * `vt`: the versions valid on the last day (the orgs, their parent, kind and status that day);
 * `anc(org_id, x)`: org_id inside x's subtree that day.
 */
function treeCtes(scope: FigureScope, on: IsoDate): SQL {
  const valid = sql`v.valid_from <= ${on} and (v.valid_to is null or v.valid_to > ${on})`;
  if ('subtree' in scope) {
    return sql`recursive vt as materialized (
      select v.org_id as id, v.parent_id, v.kind, v.status
      from org_versions v where v.org_id = ${scope.subtree} and ${valid}
      union all
      select v.org_id, v.parent_id, v.kind, v.status
      from org_versions v join vt t on v.parent_id = t.id where ${valid}
    ),
    anc as materialized (select id as org_id, ${scope.subtree}::int as x from vt)`;
  }
  // Upwards from every org: (org, itself), then its parent of that day while the parent stood then
  // (the same chain the walk down from the parent would follow).
  const onlyX = scope.only ? sql`where x = any(${`{${scope.only.join(',')}}`}::int[])` : sql``;
  return sql`recursive vt as materialized (
      select v.org_id as id, v.parent_id, v.kind, v.status from org_versions v where ${valid}
    ),
    up as (
      select id as org_id, id as x, parent_id from vt
      union all
      select u.org_id, p.id, p.parent_id from up u join vt p on p.id = u.parent_id
    ),
    anc as materialized (select org_id, x from up ${onlyX})`;
}

/**
 * The members whose history is read: for one subtree, those ever placed in one of its orgs; for
 * every org, everyone. A small subtree's are looked up by index, org by org and member by member;
 * a large one's are joined by hash (see LARGE_SUBTREE_ORGS).
 */
function memberEventsCte(scope: FigureScope, to: IsoDate, large: boolean, inc?: Incremental): SQL {
  const cols = sql`e.id, e.member_id, e.kind, e.occurred_on, e.org_id,
      e.data->>'status' as s, e.data->>'category' as c, e.data->>'leaveReason' as lr`;
  if (inc) {
    // Incremental: only the members whose state may have changed since the kept 31 December —
    // those with an event dated after it recorded by the year's watermark (kept with the year) or
    // recorded since (ids above the watermark: a range of the primary key) — each by index.
    const end = `${inc.year}-12-31`;
    // Below the register's root, only those ever placed in one of the subtree's orgs: a member
    // never placed there cannot enter, leave or be counted in it.
    const placed =
      'subtree' in scope && !inc.wholeRegister
        ? sql`where member_id in (select e.member_id from vt t
            cross join lateral (select member_id from member_events e
              where e.org_id = t.id and e.occurred_on <= ${to} offset 0) e)`
        : sql``;
    return sql`tm0 as (
      select unnest(y.pending_members) as member_id from stats_kept_years y where y.year = ${inc.year}
      union
      select e.member_id from member_events e
      where e.id > (select y.event_watermark from stats_kept_years y where y.year = ${inc.year})
        and e.occurred_on > ${end}::date and e.occurred_on <= ${to}
    ),
    -- their fixed facts, once (the figures join these, not the whole register), and their
    -- histories: looked up by key, or, when many members changed (a year's activity), read by hash
    -- joins over the tables (one pass beats a random read per member)
    tm as materialized (
      select m.id as member_id, m.gender, m.ethnicity, m.education, m.birth_date, m.joined_on
      from (select member_id from tm0 ${placed}) w
      ${
        inc.bulk
          ? sql`join members m on m.id = w.member_id`
          : sql`cross join lateral (select * from members m where m.id = w.member_id offset 0) m`
      }
    ),
    ev0 as (
      ${
        inc.bulk
          ? sql`select ${cols} from tm join member_events e on e.member_id = tm.member_id where e.occurred_on <= ${to}`
          : sql`select ${cols} from tm
      cross join lateral (select * from member_events e
        where e.member_id = tm.member_id and e.occurred_on <= ${to} offset 0) e`
      }
    )`;
  }
  if ('subtree' in scope && !large) {
    // `offset 0` keeps each lateral subquery a lookup by index (the planner may not flatten it into
    // a hash join over the whole history, which it chose for a branch of 19 members: 1.3 s).
    return sql`tm as materialized (
      select distinct e.member_id from vt t
      cross join lateral (select member_id from member_events e
        where e.org_id = t.id and e.occurred_on <= ${to} offset 0) e
    ),
    ev0 as (
      select ${cols} from tm
      cross join lateral (select * from member_events e
        where e.member_id = tm.member_id and e.occurred_on <= ${to} offset 0) e
    )`;
  }
  if ('subtree' in scope) {
    // A large subtree: its members' events by hash joins (a lookup per member would be slower).
    return sql`tm as materialized (
      select distinct e.member_id from member_events e join vt t on t.id = e.org_id where e.occurred_on <= ${to}
    ),
    ev0 as (
      select ${cols} from member_events e join tm on tm.member_id = e.member_id where e.occurred_on <= ${to}
    )`;
  }
  return sql`ev0 as (select ${cols} from member_events e where e.occurred_on <= ${to})`;
}

/**
 * `ev1`, `ev2`, `ev` over `ev0` (the events read): each event with the status and category carried
 * forward from the last event that set them, the state before it (`b_…`, from the previous event)
 * and the day of the member's next event (`next_on`, null for the last one read).
 */
export function carriedHistorySql(): SQL {
  return sql`ev1 as (
      select ev0.*, count(s) over w as gs, count(c) over w as gc
      from ev0 window w as (partition by member_id order by occurred_on, id)
    ),
    -- status and category carried forward from the last event that set them (the running count
    -- of non-null values numbers the groups that share it; measured faster than running arrays)
    ev2 as (
      select id, member_id, kind, occurred_on, org_id, lr,
        coalesce(max(s) over (partition by member_id, gs), 'active') as st,
        coalesce(max(c) over (partition by member_id, gc), 'probationary') as cat
      from ev1
    ),
    ev as materialized (
      select ev2.*,
        lag(id) over w as b_id, lag(org_id) over w as b_org, lag(st) over w as b_st, lag(cat) over w as b_cat,
        lead(occurred_on) over w as next_on
      from ev2 window w as (partition by member_id order by occurred_on, id)
    )`;
}

/**
 * The member figures of each x: opening and closing counts, the closing structure (表一), the
 * flows by cause (表二), developments and confirmations (表三), and the branches below the minimum
 * of full members (表四), all as (x, key, n).
 */
function memberFiguresSql(
  scope: FigureScope,
  p: FigurePeriod,
  minFull: number,
  large = 'all' in scope,
  inc?: Incremental,
): SQL {
  const cur = onRoll(sql`r.st`);
  const curBefore = onRoll(sql`r.b_st`);
  const keptEnd = inc ? `${inc.year}-12-31` : null;
  // The incremental form serves one subtree (its root is the only x).
  const rootX = 'subtree' in scope ? scope.subtree : 0;
  // The members' facts: the incremental form has them with its members (`tm`).
  const mrel = inc
    ? sql`(select member_id as id, gender, ethnicity, education, birth_date, joined_on from tm)`
    : sql`members`;
  return sql`with ${treeCtes(scope, p.to)},
    ${memberEventsCte(scope, p.to, large, inc)},
    ${
      inc
        ? // the kept closing states of the subtree's orgs, read once (by key for a small walk)
          sql`kb as materialized (
      select k.org_id, k.counts, k.edge_births, k.stale_since
      from vt o join stats_closing k on k.year = ${inc.year} and k.org_id = o.id
    ),`
        : sql``
    }
    ${carriedHistorySql()},
    inc as (
      select a.x, r.member_id, r.id, r.occurred_on, r.org_id,
        case when r.kind = 'registered' or r.b_id is null then
               case when m.joined_on between ${p.from}::date and ${p.to}::date then 'developed' else 'recorded' end
             when not ${curBefore} then 'reinstated'
             else 'transferred_in' end as cause
      from ev r join ${mrel} m on m.id = r.member_id
      join anc a on a.org_id = r.org_id
      -- an anti-join (not a correlated subplan over the closure): x did not hold the member before
      left join anc b on b.org_id = r.b_org and b.x = a.x and r.b_id is not null and ${curBefore}
      where r.occurred_on >= ${p.from} and ${cur} and b.x is null
    ),
    dec as (
      select b.x,
        case when not ${cur} then
               case when r.st = 'deceased' then 'deceased'
                    when r.lr in (${list(NAMED_LEAVE_REASONS)}) then r.lr else 'left_other' end
             else 'transferred_out' end as cause
      from ev r join anc b on b.org_id = r.b_org
      left join anc a on a.org_id = r.org_id and a.x = b.x and ${cur}
      where r.occurred_on >= ${p.from} and r.b_id is not null and ${curBefore} and a.x is null
    ),
    -- 表三 counts a member once, at the org of the last development into x's subtree
    developed as (
      select distinct on (x, member_id) x, member_id, org_id
      from inc where cause = 'developed' order by x, member_id, occurred_on desc, id desc
    ),
    -- the closing state of each member on the roll, classified once (its own org, not yet x)
    closing_m as materialized (
      select r.org_id, r.cat, r.st, m.gender, m.ethnicity <> ${HAN_CODE} as minority, m.education,
        ${ageBandSql(sql`m.birth_date`, p.to)} as band, ${joinPeriodSql(sql`m.joined_on`)} as jp,
        1 as sg, null::int as bd
      from ev r join ${mrel} m on m.id = r.member_id
      where r.next_on is null and ${cur}
      ${
        keptEnd
          ? // Incremental: the same members' kept closing states (on the kept 31 December, their age
            // band of that day) are taken out again, since the kept counts hold them (sg = −1);
            // `bd`: the birth day of one whose band may change by the report's day.
            sql`union all
      select r.org_id, r.cat, r.st, m.gender, m.ethnicity <> ${HAN_CODE}, m.education,
        ${ageBandSql(sql`m.birth_date`, keptEnd)}, ${joinPeriodSql(sql`m.joined_on`)},
        -1, case when ${edgeBirthSql(sql`m.birth_date`, keptEnd)} then ${yyyymmdd(sql`m.birth_date`)} end
      from ev r join ${mrel} m on m.id = r.member_id
      where r.occurred_on <= ${keptEnd} and (r.next_on is null or r.next_on > ${keptEnd}) and ${cur}`
          : sql``
      }
    ),
    -- grouped by x and the classes before the keys are spread out: a city's 400,000 members fall
    -- into a few thousand groups per x (grouped by their own org first, they stayed 330,000)
    closing as (
      select a.x, c.cat, c.st, c.gender, c.minority, c.education, c.band, c.jp, sum(c.sg)::int as n
      from closing_m c join anc a on a.org_id = c.org_id
      group by 1, 2, 3, 4, 5, 6, 7, 8
    ),
    -- a branch's full members, those of its party groups included; grouped rather than joined to
    -- the branches, so that no estimate of the walk's size can make it a nested loop
    below_min as (
      select branch_id from (
        select id as branch_id, 0 as n, true as is_branch from vt
        where status = 'active' and kind in ('branch', 'joint_branch')
        union all
        select case when o.kind = 'group' then o.parent_id else o.id end, c.sg, false
        from closing_m c join vt o on o.id = c.org_id where c.cat = 'full'
        ${
          inc
            ? sql`union all
        select case when o.kind = 'group' then o.parent_id else o.id end, k.counts[${sql.raw(String(inc.fullIndex + 1))}], false
        from kb k join vt o on o.id = k.org_id`
            : sql``
        }
      ) b
      group by branch_id having bool_or(is_branch) and sum(n) < ${minFull}
    )
    select c.x, k.key, sum(c.n)::int as n
    from closing c
    cross join lateral (values
      ('close', true), ('close.women', c.gender = 'female'), ('close.minority', c.minority),
      ('close.full', c.cat = 'full'), ('close.status.' || c.st, c.st <> 'active'),
      ('close.college', c.education in (${list(collegeCodes)})), ('close.edu.' || c.education, true),
      ('close.age.' || c.band, true), ('close.join.' || c.jp, true)
    ) k(key, ok)
    where k.ok group by 1, 2
    union all
    ${
      inc
        ? // The kept closing states of the subtree's orgs (of the report's day: an org may have moved
          // or been founded since) are the opening (the period opens the day after) and the base of
          // the closing counts; `bd.`: birth days whose band may have changed since; `stale`: rows a
          // late correction made stale (the caller then computes in full).
          sql`select ${rootX}::int as x, u.key, u.n::int
    from (select unnest(${`{${inc.keys.join(',')}}`}::text[]) as key, unnest(array[${sql.join(
      inc.keys.map((_, i) => sql.raw(`coalesce(sum(k.counts[${i + 1}]), 0)`)),
      sql`, `,
    )}]) as n
      from kb k) u
    union all
    select ${rootX}::int, 'open', coalesce(sum(k.counts[1]), 0)::int
    from kb k
    union all
    select ${rootX}::int, 'stale', count(*)::int
    from kb k where k.stale_since is not null
    union all
    select b.x, 'bd.' || b.bd, sum(b.n)::int from (
      select ${rootX}::int as x, e.bd, 1 as n
      from kb k cross join lateral unnest(k.edge_births) e(bd)
      where ${bandMovedSql(sql`e.bd`, keptEnd!, p.to)}
      union all
      select a.x, c.bd, c.sg from closing_m c join anc a on a.org_id = c.org_id
      where c.bd is not null and ${bandMovedSql(sql`c.bd`, keptEnd!, p.to)}
    ) b group by 1, 2`
        : sql`select a.x, 'open', count(*)::int
    from ev r join anc a on a.org_id = r.org_id
    where r.occurred_on < ${p.from} and (r.next_on is null or r.next_on >= ${p.from}) and ${cur}
    group by 1`
    }
    union all
    select x, 'inc.' || cause, count(*)::int from inc group by 1, 2
    union all
    select x, 'dec.' || cause, count(*)::int from dec group by 1, 2
    union all
    select a.x, 'confirmed', count(distinct r.member_id)::int
    from ev r join anc a on a.org_id = r.org_id
    where r.occurred_on >= ${p.from} and ${cur} and r.b_id is not null
      and r.b_cat = 'probationary' and r.cat = 'full'
    group by 1
    union all
    select d.x, k.key, count(*)::int
    from developed d join ${mrel} m on m.id = d.member_id join orgs o on o.id = d.org_id
    cross join lateral (values
      ('dev', true), ('dev.women', m.gender = 'female'), ('dev.minority', m.ethnicity <> ${HAN_CODE}),
      ('dev.youth', ${atMostAgedOn(sql`m.birth_date`, sql`m.joined_on`, YOUTH_MAX_AGE)}),
      ('dev.college', m.education in (${list(collegeCodes)})), ('dev.sector.' || o.sector, true)
    ) k(key, ok)
    where k.ok group by 1, 2
    union all
    select a.x, 'orgs.below_min', count(*)::int
    from below_min b join anc a on a.org_id = b.branch_id
    group by 1`;
}

/**
 * The org figures (表四 without the branches below the minimum) and the development pipeline on
 * the last day (表三's applicants, activists and candidates) of each x.
 */
function orgFiguresSql(scope: FigureScope, p: FigurePeriod): SQL {
  const on = p.to;
  return sql`with ${treeCtes(scope, on)},
    own as (
      select o.id as org_id, k.key, 1 as n
      from vt o join orgs g on g.id = o.id
      cross join lateral (values
        ('orgs.kind.' || o.kind, o.status = 'active'),
        ('orgs.total', o.status = 'active' and o.kind <> 'group'),
        ('orgs.sector.' || g.sector, o.status = 'active' and o.kind <> 'group'),
        ('orgs.founded', o.kind <> 'group' and (select min(f.valid_from) from org_versions f where f.org_id = o.id)
                          between ${p.from}::date and ${p.to}::date)
      ) k(key, ok)
      where k.ok
      union all
      select v.org_id, 'orgs.dissolved', 1
      from vt o join org_versions v on v.org_id = o.id
      where v.change = 'dissolved' and v.kind <> 'group' and v.valid_from between ${p.from}::date and ${p.to}::date
      union all
      select c.org_id,
        case when c.candidate_on <= ${on}::date then 'pipe.candidates'
             when c.activist_on <= ${on}::date then 'pipe.activists'
             else 'pipe.applicants' end, 1
      from vt o join development_cases c on c.org_id = o.id
      where c.applied_on <= ${on}::date
        and not (c.closed_on is not null and c.closed_on <= ${on}::date and c.status <> 'completed')
        and not (c.admitted_on is not null and c.admitted_on <= ${on}::date)
    )
    select a.x, own.key, sum(own.n)::int as n from own join anc a on a.org_id = own.org_id group by 1, 2`;
}

const figureRow = z.object({ x: z.number(), key: z.string(), n: z.number() });

/**
 * Subtrees of more orgs than this are read with hash joins only. The planner cannot know how many
 * orgs a recursive walk yields (it guessed 521 for 27,000), and on a guess that small it joins the
 * walk by nested loops (a branch's report rightly so: a few index lookups), which over a whole city
 * compared every confirmation with every org of the closure. A small subtree's members are looked
 * up by index instead (a hash join reads the whole history: 1.3 s for a branch of 19 members in the
 * generated city, 2.2 s for a district of 7,700). Measured on the generated city (bench/stats.ts).
 */
export const LARGE_SUBTREE_ORGS = 5000;

/**
 * Every x's figures over the period (x → key → n), both statements in one transaction (one
 * snapshot; the settings below stay local to it). `large`: the subtree (or the whole tree, when
 * keeping a year) is known to be large: nested loops are switched off.
 */
export async function figuresOf(
  db: DbOrTx,
  scope: FigureScope,
  p: FigurePeriod,
  minFull: number,
  large = 'all' in scope,
  inc?: Incremental,
): Promise<Map<number, Figures>> {
  // JIT is off for both statements: their cost estimates pass its threshold even for a branch of
  // 19 members, and compiling took 370 ms where the query itself takes 5.
  const [members, orgs] = await db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    if (large) {
      await tx.execute(sql`set local enable_nestloop = off`);
      // The history's sorts in memory (a city's 800,000 events: 120 MB) rather than on disk.
      await tx.execute(sql`set local work_mem = '128MB'`);
    }
    const m = await queryRows(tx, memberFiguresSql(scope, p, minFull, large, inc), figureRow);
    const o = await queryRows(tx, orgFiguresSql(scope, p), figureRow);
    // Restored for whatever the caller's transaction does next (a daily job runs other steps).
    await tx.execute(sql`set local jit to default`);
    await tx.execute(sql`set local enable_nestloop to default`);
    await tx.execute(sql`set local work_mem to default`);
    return [m, o] as const;
  });
  const out = new Map<number, Figures>();
  for (const r of [...members, ...orgs]) {
    if (!r.n && !inc) continue;
    const f = out.get(r.x) ?? {};
    f[r.key] = (f[r.key] ?? 0) + r.n;
    out.set(r.x, f);
  }
  return out;
}

/** The SQL of the report's figures, for the snapshot test. */
export const figuresSql = { members: memberFiguresSql, orgs: orgFiguresSql };
