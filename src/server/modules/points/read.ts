/**
 * Reading points: rankings of a branch or a subtree (from `points_totals`, one row per member and
 * year on the register, index points_totals_rank_idx (year, org_path, points)), a member's ledger
 * with their total and rank in the branch, the member's own page, the source catalog with its rules.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { isBranchKind, type OrgKind } from '../../../domain/org/labels.js';
import { rulesInForceOn } from '../../../domain/orglife/versions.js';
import { POINT_SOURCE_CODES, POINT_SOURCES, pointSourceTitle } from '../../../domain/points/index.js';
import { ruleDef } from '../../../domain/rules/index.js';
import type {
  MemberLedgerDto,
  MyPointsDto,
  memberLedgerQuery,
  RankingDto,
  RankingRowDto,
  rankingQuery,
} from '../../../shared/contracts/points.js';
import { type Db, type DbOrTx, queryRows } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { inSubtree } from '../../lib/scope.js';
import { orgRepo } from '../orgs/index.js';
import { loadRuleHistory, loadRules } from '../settings/index.js';

const yearOf = (ctx: { today: string }, y?: number) => y ?? Number(ctx.today.slice(0, 4));

const rankRow = z.object({
  rank: z.number(),
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  points: z.number(),
});

export interface RankingOrg {
  id: number;
  name: string;
  path: string;
  kind: string;
}

/**
 * The ranking of an org for a year: a branch ranks its own members, a higher org every member of
 * its subtree. Ties share a rank (1, 2, 2, 4). Exported for the bench (`rankingOf`). No scope check:
 * the caller has found `org` in the reader's scope.
 */
export async function rankingOf(
  db: DbOrTx,
  org: RankingOrg,
  year: number,
  page: { current: number; pageSize: number },
): Promise<RankingDto> {
  const branch = isBranchKind(org.kind as OrgKind);
  const offset = (page.current - 1) * page.pageSize;
  const { rows, total, average } = branch
    ? await branchRanking(db, org.path, year, page.pageSize, offset)
    : await subtreeRanking(db, org, year, page.pageSize, offset);
  return {
    orgId: org.id,
    orgName: org.name,
    level: branch ? 'branch' : 'subtree',
    year,
    average,
    total,
    data: rows,
  };
}

const pageRow = z.object({
  total: z.number(),
  average: z.number(),
  rank: z.number().nullable(),
  memberId: z.number().nullable(),
  name: z.string().nullable(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  points: z.number().nullable(),
});

/** The page rows of a statement that also carries the totals (one row with nulls: an empty page). */
function split(rows: z.infer<typeof pageRow>[]) {
  const first = rows[0];
  return {
    total: first?.total ?? 0,
    average: first?.average ?? 0,
    rows: rows.flatMap(({ total: _t, average: _a, ...r }) => (r.memberId === null ? [] : [rankRow.parse(r)])),
  };
}

/** A branch's own members (a few dozen rows of points_totals_rank_idx): one statement. */
async function branchRanking(db: DbOrTx, path: string, year: number, limit: number, offset: number) {
  return split(
    await queryRows(
      db,
      sql`with t as (select t.member_id, t.org_id, t.points from points_totals t
            where t.year = ${year} and t.org_path = ${path}::ltree),
          st as (select count(*)::int as total, coalesce(round(avg(points), 1), 0)::float8 as average from t),
          r as (select t.member_id, t.org_id, t.points, rank() over (order by t.points desc) as rank from t
            order by t.points desc, t.member_id limit ${limit} offset ${offset})
          select st.total, st.average, r.rank::int as rank, r.member_id as "memberId", m.name, r.org_id as "orgId",
            o.name as "orgName", r.points
          from st left join (r join members m on m.id = r.member_id join orgs o on o.id = r.org_id) on true
          order by r.rank, r.member_id`,
      pageRow,
    ),
  );
}

/**
 * A subtree's ranking in one statement (decision 0054). The subtree's histogram of points
 * (points_subtree, kept by triggers) gives the total, the average, each row's rank (1 + the members
 * above its points) and the points the page starts at. The page is read by one of two plans,
 * chosen inside the statement from the histogram: a large subtree walks the year's totals from the
 * top (points_totals_top_idx) keeping its own rows, about (offset + page) × year ÷ subtree entries;
 * a small one reads its path range (points_totals_rank_idx) and sorts it. The walk wins when
 * subtree² > (offset + page) × year.
 */
async function subtreeRanking(db: DbOrTx, org: RankingOrg, year: number, limit: number, offset: number) {
  const sub = inSubtree(sql`t.org_path`, org.path);
  return split(
    await queryRows(
      db,
      sql`with h as materialized (select points, n from points_subtree where org_id = ${org.id} and year = ${year} and n <> 0),
          st as materialized (select coalesce(sum(n), 0)::int as total,
              coalesce(round(sum(n::bigint * points)::numeric / nullif(sum(n), 0), 1), 0)::float8 as average from h),
          yr as materialized (select coalesce(sum(p.n), 0)::bigint as n from orgs r
              join points_subtree p on p.org_id = r.id and p.year = ${year} where r.parent_id is null),
          walk as materialized (select (select total from st)::bigint * (select total from st) >
              ${offset + limit}::bigint * (select n from yr) as go),
          start as materialized (select points, above from (select points, sum(n) over (order by points desc) - n as above from h) s
              where above <= ${offset} order by points limit 1),
          r as (
            (select t.member_id, t.org_id, t.points from points_totals t
              where (select go from walk) and t.year = ${year} and t.points <= (select points from start) and ${sub}
              order by t.points desc, t.member_id limit ${limit} offset (select ${offset}::int - above from start))
            union all
            (select t.member_id, t.org_id, t.points from points_totals t
              where not (select go from walk) and t.year = ${year} and ${sub}
              order by t.points desc, t.member_id limit ${limit} offset ${offset}))
          select st.total, st.average, (1 + coalesce((select sum(h.n) from h where h.points > r.points), 0))::int as rank,
            r.member_id as "memberId", m.name, r.org_id as "orgId", o.name as "orgName", r.points
          from st left join (r join members m on m.id = r.member_id join orgs o on o.id = r.org_id) on true
          order by r.points desc, r.member_id`,
      pageRow,
    ),
  );
}

export async function ranking(db: Db, ctx: RequestContext, q: z.infer<typeof rankingQuery>) {
  const org = await orgRepo.findOrg(db, ctx.actor.scope('points.read'), q.orgId);
  if (!org) throw notFound('党组织');
  return rankingOf(db, org, yearOf(ctx, q.year), q);
}

const entryRow = z.object({
  id: z.number(),
  occurredOn: z.string(),
  rule: z.string(),
  sourceKey: z.string(),
  points: z.number(),
  kind: z.string(),
  note: z.string(),
  createdAt: z.string(),
});

const memberHead = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  orgPath: z.string(),
  onRegister: z.boolean(),
});

async function ledgerOf(
  db: DbOrTx,
  m: z.infer<typeof memberHead>,
  year: number,
  page: { current: number; pageSize: number },
): Promise<MemberLedgerDto> {
  const [entries, [sums], [rank]] = await Promise.all([
    queryRows(
      db,
      sql`select id::int as id, occurred_on::text as "occurredOn", rule, source_key as "sourceKey", points, kind, note,
            to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"
          from points_entries where member_id = ${m.memberId} and year = ${year}
          order by occurred_on desc, id desc limit ${page.pageSize} offset ${(page.current - 1) * page.pageSize}`,
      entryRow,
    ),
    queryRows(
      db,
      sql`select count(*)::int as n, coalesce(sum(points), 0)::int as total
          from points_entries where member_id = ${m.memberId} and year = ${year}`,
      z.object({ n: z.number(), total: z.number() }),
    ),
    queryRows(
      db,
      // The branch's members on the register; a member without entries this year counts as 0 points.
      sql`select (select count(*)::int from members where org_id = ${m.orgId} and status not in ('left', 'deceased')) as size,
            (select 1 + count(*)::int from points_totals o where o.year = ${year} and o.org_path = ${m.orgPath}::ltree
               and o.points > coalesce((select points from points_totals where member_id = ${m.memberId} and year = ${year}), 0)) as rank`,
      z.object({ size: z.number(), rank: z.number() }),
    ),
  ]);
  return {
    memberId: m.memberId,
    name: m.name,
    orgId: m.orgId,
    orgName: m.orgName,
    year,
    total: sums.total,
    branchRank: m.onRegister ? rank.rank : null,
    branchSize: rank.size,
    entries: {
      total: sums.n,
      data: entries.map((e) => ({ ...e, ruleTitle: pointSourceTitle(e.rule) })),
    },
  };
}

async function memberById(db: DbOrTx, id: number, scopeCondition: ReturnType<typeof sql>) {
  const [m] = await queryRows(
    db,
    sql`select m.id as "memberId", m.name, m.org_id as "orgId", o.name as "orgName", m.org_path::text as "orgPath",
          m.status not in ('left', 'deceased') as "onRegister"
        from members m join orgs o on o.id = m.org_id where m.id = ${id} and ${scopeCondition}`,
    memberHead,
  );
  return m ?? null;
}

export async function memberLedger(
  db: Db,
  ctx: RequestContext,
  id: number,
  q: z.infer<typeof memberLedgerQuery>,
) {
  const m = await memberById(db, id, ctx.actor.scope('points.read').pathCondition(sql`m.org_path`));
  if (!m) throw notFound('党员');
  return ledgerOf(db, m, yearOf(ctx, q.year), q);
}

/** The caller's own points: only the member record the account is linked to. */
export async function my(
  db: Db,
  ctx: RequestContext,
  q: z.infer<typeof memberLedgerQuery>,
): Promise<MyPointsDto> {
  const memberId = ctx.actor.memberId;
  const m = memberId ? await memberById(db, memberId, sql`true`) : null;
  if (!m) throw new AppError('POINTS_NO_MEMBER');
  const year = yearOf(ctx, q.year);
  const ledger = await ledgerOf(db, m, year, q);
  const visible = (await loadRules(db))['points.rankingsVisibleToMembers'];
  let branchRanking: RankingRowDto[] | null = null;
  if (visible && m.onRegister) {
    branchRanking = (
      await rankingOf(db, { id: m.orgId, name: m.orgName, path: m.orgPath, kind: 'branch' }, year, {
        current: 1,
        pageSize: 50,
      })
    ).data;
  }
  return { ...ledger, rankingsVisible: visible, branchRanking };
}

export async function sources(db: Db, ctx: RequestContext, q: { year?: number }) {
  const year = yearOf(ctx, q.year);
  const rules = rulesInForceOn(`${year}-01-01`, await loadRules(db), await loadRuleHistory(db));
  return {
    year,
    awardMax: rules['points.awardMax'],
    sources: POINT_SOURCE_CODES.map((code) => {
      const s = POINT_SOURCES[code];
      const r = s.rule ? (rules[s.rule] as { value: number; daily: number; yearly: number }) : null;
      return {
        code,
        title: s.title,
        direction: s.direction,
        active: s.active,
        value: r?.value ?? null,
        daily: r?.daily ?? null,
        yearly: r?.yearly ?? null,
        note: s.rule ? (ruleDef(s.rule).note ?? null) : null,
      };
    }),
  };
}
