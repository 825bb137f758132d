// Issue #21 part 1: the read families not yet compared with the peers' designs, in bench/compare.ts's
// shape (one import and one spread there). Each family is the app's own read (the service or repo
// function the route calls, without app.inject: the peers pay no session, permission or serializer
// either, as for the dashboard) against the same figures computed by the two peer designs:
//   ancestors — bench_peer.orgs_anc (a RuoYi-style `ancestors` text column read with LIKE 'prefix%');
//   cte       — a recursive CTE over orgs.parent_id.
// Families: the dues summary of a subtree (GET /api/orgs/:id/dues-summary), the 学时进度 summary by
// child org and its member list (behind pace, a page of 20 by hours, the total), and the points
// ranking (a page of 20 with the total and the average). Helper "stats" adds bench/families-stats.ts
// in the same shape: the types below are the contract.
import type pg from 'pg';
import { CURRENT_MEMBER_STATUSES } from '../src/domain/member/labels.js';
import type { Db } from '../src/server/db/client.js';
import type { RequestContext } from '../src/server/lib/context.js';
import { Scope } from '../src/server/lib/scope.js';
import { summary as duesSummary, monthsOfYearToDate } from '../src/server/modules/dues/summary.js';
import { ranking } from '../src/server/modules/points/read.js';
import * as progress from '../src/server/modules/progress/service.js';
import { fillEducation } from './education.js';

/** The designs compared (compare.ts): ours and the two peers'. */
export type Design = 'ltree' | 'ancestors' | 'cte';
export type Level = 'root' | 'city' | 'county' | 'street' | 'branch';
export const ALL_LEVELS: Level[] = ['root', 'city', 'county', 'street', 'branch'];

/** A sampled org as compare.ts draws it. */
export interface OrgKey {
  id: number;
  path: string;
  level: number;
  parentId: number;
  /** Peer 1: the ancestors prefix of the subtree below the org (its ancestors, then its id). */
  prefix: string;
}

/** One family of compare.ts: `run` performs one read of `org` in `design`. */
export interface Family {
  name: string;
  run: (d: Design, o: OrgKey) => Promise<unknown>;
  levels: Level[];
  /** A read (the target applies) rather than a write shown for its cost. */
  read: boolean;
}

/** What the families need from compare.ts. */
export interface FamiliesCtx {
  /** One connection for the peers' SQL. */
  client: pg.Client;
  /** The app's database (ours). */
  db: Db;
  /** The bench's fixed today (YYYY-MM-DD). */
  today: string;
  /** Peer 1's subtree condition over `a` (bench_peer.orgs_anc): $1 id, $2 prefix, $3 prefix || ',%'. */
  ancSubtree: string;
  /** Peer 1's direct child of the org containing `a` (null: the org itself); same parameters. */
  ancChild: string;
  ancParams: (o: OrgKey) => unknown[];
  /** Peer 2's `with recursive sub (id, child_id, sort)` from orgs.id = $1. */
  cteSubtree: string;
}

/** What ours reads with: the scope of the sampled org and the bench's today (as the route's context). */
export const ctxOf = (o: OrgKey, today: string) =>
  ({
    actor: { scope: () => Scope.of([o.path], null), memberId: null },
    today,
  }) as unknown as RequestContext;

const current = `(${CURRENT_MEMBER_STATUSES.map((s) => `'${s}'`).join(', ')})`;

export async function moreFamilies(c: FamiliesCtx): Promise<Family[]> {
  const { client, db, today, ancSubtree, ancChild, ancParams, cteSubtree } = c;
  const year = Number(today.slice(0, 4));
  // The education pages need rows for the year (synthesised for a data set without them).
  console.log(`education data: ${await fillEducation(db, year)}`);

  // ---- dues summary ----------------------------------------------------------------------------
  const span = monthsOfYearToDate(year, today);
  if (!span) throw new Error(`no dues months in ${year} by ${today}`);
  const from = `${span.from}-01`;
  const to = `${span.to}-01`;
  const yearEnd = `${year}-12-01`;
  const lastMonth = (() => {
    const [y, m] = today.slice(0, 7).split('-').map(Number);
    const d = new Date(Date.UTC(y, m - 2, 1));
    return d.toISOString().slice(0, 10);
  })();
  // The peers compute the page's figures as the page did before any rollup: by month, the year's
  // totals and each active child's (distinct members), the voluntary extras and the arrears runs.
  const duesPeer = async (d: Exclude<Design, 'ltree'>, o: OrgKey) => {
    const sub =
      d === 'ancestors'
        ? { with: '', from: `bench_peer.orgs_anc a`, id: 'a.id', where: ancSubtree, params: ancParams(o) }
        : { with: cteSubtree, from: 'sub s', id: 's.id', where: 'true', params: [o.id] };
    const n = sub.params.length;
    const p = (k: number) => `$${n + k}`;
    const args = [...sub.params, from, to];
    const child = d === 'ancestors' ? ancChild : 's.child_id';
    await client.query(
      `${sub.with} select to_char(l.month, 'YYYY-MM') as month, count(*)::int, sum(l.expected_fen)::bigint,
         sum(l.paid_fen)::bigint, count(*) filter (where l.status in ('unpaid', 'partial'))::int
       from ${sub.from} join dues_ledger l on l.org_id = ${sub.id}
       where ${sub.where} and l.month between ${p(1)}::date and ${p(2)}::date group by l.month order by l.month`,
      args,
    );
    // The year's totals and the children's in one pass (grouping sets), distinct members each.
    await client.query(
      `${sub.with} select x.child_id, grouping(x.child_id) = 1 as total, count(distinct x.member_id)::int,
         sum(x.expected_fen)::bigint, sum(x.paid_fen)::bigint,
         count(distinct x.member_id) filter (where x.status in ('unpaid', 'partial'))::int
       from (select ${child} as child_id, l.* from ${sub.from} join dues_ledger l on l.org_id = ${sub.id}
             where ${sub.where} and l.month between ${p(1)}::date and ${p(2)}::date) x
       group by grouping sets ((x.child_id), ())`,
      args,
    );
    await client.query(
      `${sub.with} select coalesce(sum(y.amount_fen), 0)::bigint, coalesce(sum(y.amount_fen) filter (where y.to_centre), 0)::bigint
       from ${sub.from} join dues_payments y on y.org_id = ${sub.id}
       where ${sub.where} and y.kind = 'voluntary' and y.voided_at is null
         and y.month between ${p(1)}::date and ${p(2)}::date`,
      [...sub.params, from, yearEnd],
    );
    return client.query(
      `${sub.with ? `${sub.with},` : 'with'} r as (select r.member_id, r.level, r.status, r.last_month
           from ${sub.from} join dues_arrears_runs r on r.org_id = ${sub.id}
           where ${sub.where} and r.status <> 'withdrawn' and (r.status = 'open' or r.last_month = ${p(1)}::date)
             and exists (select 1 from members m where m.id = r.member_id and m.status in ${current}))
       select (select count(distinct member_id) from r where level = 'lapse' and status = 'open')::int,
         (select count(distinct member_id) from r where level = 'warning' and last_month = ${p(1)}::date
           and not exists (select 1 from r x where x.member_id = r.member_id and x.level = 'lapse' and x.status = 'open')
           and not exists (select 1 from dues_lapse_decisions d where d.member_id = r.member_id
             and d.decision = 'reason_accepted' and d.streak_to >= ${p(1)}::date))::int`,
      [...sub.params, lastMonth],
    );
  };
  const dues = (d: Design, o: OrgKey) =>
    d === 'ltree' ? duesSummary(db, ctxOf(o, today), o.id, year) : duesPeer(d, o);

  // ---- 学时进度 -------------------------------------------------------------------------------
  // The targets and pace of the year as the service computes them (rules of 1 January, today's
  // share of the year): the peers get them as constants, as their own code would compute them.
  const { judging: j } = await progress.judgingOf(db, progress.periodOf(today, { year }));
  const judged = (d: Exclude<Design, 'ltree'>, o: OrgKey) => {
    const sub =
      d === 'ancestors'
        ? {
            with: '',
            from: 'bench_peer.orgs_anc a',
            id: 'a.id',
            where: ancSubtree,
            child: ancChild,
            params: ancParams(o),
          }
        : { with: cteSubtree, from: 'sub s', id: 's.id', where: 'true', child: 's.child_id', params: [o.id] };
    const roles = `c.started_on <= '${j.last}'::date and (c.ended_on is null or c.ended_on > '${j.year}-01-01'::date)`;
    return {
      with: sub.with,
      params: sub.params,
      sql: `select m.id, m.name, m.org_id, ${sub.child} as child_id, l.member_id is not null as leader, t.total,
          case when t.total <= 0 then (case when t.target <= 0 then 'met' else 'none' end)
            when t.total >= t.target then 'met' when t.total >= t.expected then 'on_pace' else 'behind' end as standing
        from ${sub.from} join members m on m.org_id = ${sub.id}
        left join learning_progress p on p.member_id = m.id and p.year = ${j.year}
        left join (select distinct c.member_id from committee_members c where ${roles}) l on l.member_id = m.id
        cross join lateral (select coalesce(p.total_seconds, 0) as total,
          case when l.member_id is not null then ${j.leaderTarget} else ${j.memberTarget} end as target,
          case when l.member_id is not null then ${j.leaderExpected} else ${j.memberExpected} end as expected) t
        where ${sub.where} and m.joined_on <= '${j.on}'::date
          and (m.status not in ('left', 'deceased') or (m.left_on is not null and m.left_on > '${j.on}'::date))`,
    };
  };
  const progressSummary = async (d: Design, o: OrgKey) => {
    if (d === 'ltree') return progress.summary(db, ctxOf(o, today), o.id, { year });
    const q = judged(d, o);
    // The page's two training figures as well: the untrained probationary members (no class since
    // admission organised above their branch) and the secretaries who took office in the window.
    const sub =
      d === 'ancestors'
        ? { from: 'bench_peer.orgs_anc a', id: 'a.id', where: ancSubtree }
        : { from: 'sub s', id: 's.id', where: 'true' };
    await client.query(
      `${q.with} select count(*)::int from ${sub.from} join members m on m.org_id = ${sub.id}
       where ${sub.where} and m.category = 'probationary' and m.status not in ('left', 'deceased')
         and m.joined_on <= '${j.on}'::date
         and not exists (select 1 from learning_credits lc join learning_classes cl on cl.id = lc.source_id
           where lc.source = 'class' and lc.member_id = m.id and lc.credited_on >= m.joined_on
             and lc.credited_on <= '${j.on}'::date and cl.org_path @> m.org_path and cl.org_path <> m.org_path)`,
      q.params,
    );
    await client.query(
      `${q.with} select c.member_id, c.started_on from ${sub.from} join committee_members c on c.org_id = ${sub.id}
       where ${sub.where} and c.role = 'secretary' and c.started_on >= '${j.year - 2}-01-01'::date
         and c.started_on <= '${j.on}'::date and (c.ended_on is null or c.ended_on > '${j.on}'::date)`,
      q.params,
    );
    return client.query(
      `${q.with} select s.child_id, count(*)::int as members, count(*) filter (where s.leader)::int as leaders,
         count(*) filter (where s.standing = 'met')::int as met, count(*) filter (where s.standing = 'on_pace')::int as on_pace,
         count(*) filter (where s.standing = 'behind')::int as behind, count(*) filter (where s.standing = 'none')::int as none,
         sum(s.total)::float8 as total_seconds
       from (${q.sql}) s group by s.child_id`,
      q.params,
    );
  };
  const progressMembers = async (d: Design, o: OrgKey) => {
    if (d === 'ltree')
      return progress.members(db, ctxOf(o, today), o.id, {
        year,
        standing: 'behind',
        order: 'asc',
        current: 1,
        pageSize: 20,
      });
    const q = judged(d, o);
    await client.query(
      `${q.with} select s.id, s.name, s.total, s.standing, o.name as org_name
       from (select s.* from (${q.sql}) s where s.standing = 'behind' order by s.total, s.id limit 20) s
       join orgs o on o.id = s.org_id order by s.total, s.id`,
      q.params,
    );
    return client.query(
      `${q.with} select count(*)::int from (${q.sql}) s where s.standing = 'behind'`,
      q.params,
    );
  };

  // ---- points ranking --------------------------------------------------------------------------
  const rankingFamily = async (d: Design, o: OrgKey) => {
    if (d === 'ltree')
      return ranking(db, ctxOf(o, today), { orgId: o.id, year, current: 1, pageSize: 20 } as never);
    const sub =
      d === 'ancestors'
        ? { with: '', from: 'bench_peer.orgs_anc a', id: 'a.id', where: ancSubtree, params: ancParams(o) }
        : { with: cteSubtree, from: 'sub s', id: 's.id', where: 'true', params: [o.id] };
    const n = sub.params.length;
    await client.query(
      `${sub.with} select r.rank::int, r.member_id, m.name, r.org_id, o.name, r.points
       from (select t.member_id, t.org_id, t.points, rank() over (order by t.points desc) as rank
             from ${sub.from} join points_totals t on t.org_id = ${sub.id}
             where ${sub.where} and t.year = $${n + 1} order by t.points desc, t.member_id limit 20) r
       join members m on m.id = r.member_id join orgs o on o.id = r.org_id order by r.rank, r.member_id`,
      [...sub.params, year],
    );
    return client.query(
      `${sub.with} select count(*)::int, coalesce(round(avg(t.points), 1), 0)::float8
       from ${sub.from} join points_totals t on t.org_id = ${sub.id} where ${sub.where} and t.year = $${n + 1}`,
      [...sub.params, year],
    );
  };

  return [
    {
      name: 'Dues summary of a subtree (the year to date: by month, totals, children, voluntary, arrears)',
      run: dues,
      levels: ALL_LEVELS,
      read: true,
    },
    {
      name: 'Study progress (学时进度) summary, figures by child org + untrained probationary and new secretaries',
      run: progressSummary,
      levels: ALL_LEVELS,
      read: true,
    },
    {
      name: 'Study progress (学时进度) member list, behind pace, page of 20 by hours + total',
      run: progressMembers,
      levels: ALL_LEVELS,
      read: true,
    },
    {
      name: 'Points ranking, page of 20 + total and average',
      run: rankingFamily,
      levels: ALL_LEVELS,
      read: true,
    },
  ];
}
