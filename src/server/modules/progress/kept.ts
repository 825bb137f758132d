/**
 * 学时进度 of a subtree from kept figures (issue #21, decision 0054): the counts of
 * progress_subtree (migration 0026, kept by triggers) for the org and each direct child, with the
 * members on the register from subtree_counts, in one statement. The figures equal the scan's
 * (repo.figuresByChild) when the register as it stands is the register of the as-of date: no member
 * of the subtree joined after it or left after it, and no committee role of its members begins after
 * the last day known within the year. The statement checks that first (indexes on joined_on,
 * left_on, started_on) and answers null otherwise: the caller then scans.
 *
 * Per org the kept rows give, for each member with hours in the year, the seconds and whether the
 * member is a leader in the year; the standing is judged here against the same targets and pace as
 * the scan (met ≥ target > on pace ≥ expected > behind > 0 seconds); members without hours are the
 * register minus those with hours ('none'; targets above zero, which the caller checks).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { inSubtree } from '../../lib/scope.js';
import { type FiguresRow, type Judging, probationaryUntrainedSql } from './repo.js';

/** How much cheaper the walk must look than the scan (the standing's share, the joins per row). */
export const WALK_MARGIN = 8;

const keptRow = z.object({
  off: z.boolean(),
  orgId: z.number().nullable(),
  name: z.string().nullable(),
  kind: z.string().nullable(),
  status: z.string().nullable(),
  probationary: z.number().nullable(),
  members: z.number(),
  leaders: z.number(),
  withHours: z.number(),
  met: z.number(),
  onPace: z.number(),
  behind: z.number(),
  totalSeconds: z.number(),
});

/** Whether the kept figures can answer for these targets (a target of 0 makes no hours 'met'). */
export const keptApplies = (j: Judging) => j.memberTarget > 0 && j.leaderTarget > 0;

/**
 * The figures of the org at `orgPath` (id `orgId`) grouped by child as repo.figuresByChild returns
 * them ('' the org's own members, else the child's id; only groups with members), or null when the
 * register has changed since the as-of date within the subtree (the caller scans).
 */
export async function keptFiguresByChild(
  db: DbOrTx,
  orgId: number,
  orgPath: string,
  j: Judging,
): Promise<FiguresRow[] | null> {
  return (await keptSummary(db, orgId, orgPath, j, null))?.figures ?? null;
}

/** A child org as the summary lists it (repo.childOrgs' shape). */
export interface KeptChild {
  id: number;
  name: string;
  kind: string;
  status: string;
}

/**
 * The summary's reads in one statement: the figures by child (keptFiguresByChild), the direct
 * children in the tree's order (groups left out, as repo.childOrgs) and, when `probationaryOn` is
 * given, the untrained probationary members of the subtree on that day
 * (repo.probationaryUntrainedCount). Null as keptFiguresByChild.
 */
export async function keptSummary(
  db: DbOrTx,
  orgId: number,
  orgPath: string,
  j: Judging,
  probationaryOn: string | null,
): Promise<{ figures: FiguresRow[]; kids: KeptChild[]; probationary: number } | null> {
  const sub = inSubtree(sql`m.org_path`, orgPath);
  const yearEnd = `${j.year}-12-31`;
  const rows = await queryRows(
    db,
    sql`with g as materialized (select
          exists (select 1 from members m where m.joined_on > ${j.on}::date and m.status not in ('left', 'deceased') and ${sub})
          or exists (select 1 from members m where m.left_on > ${j.on}::date and m.status in ('left', 'deceased') and ${sub})
          or exists (select 1 from committee_members c join members m on m.id = c.member_id
            where c.started_on > ${j.last}::date and c.started_on <= ${yearEnd}::date and ${sub}) as off),
        k as materialized (select ${orgId}::int as id, null::varchar as name, null::varchar as kind,
            null::varchar as status, -1 as sort_order where not (select off from g)
          union all select o.id, o.name, o.kind, o.status, o.sort_order from orgs o
            where o.parent_id = ${orgId} and not (select off from g)),
        h as (select s.org_id, sum(s.n)::int as with_hours,
            sum(s.n) filter (where s.seconds >= case when s.leader then ${j.leaderTarget}::int else ${j.memberTarget}::int end)::int as met,
            sum(s.n) filter (where s.seconds < case when s.leader then ${j.leaderTarget}::int else ${j.memberTarget}::int end
              and s.seconds >= case when s.leader then ${j.leaderExpected}::int else ${j.memberExpected}::int end)::int as on_pace,
            sum(s.n) filter (where s.seconds < case when s.leader then ${j.leaderExpected}::int else ${j.memberExpected}::int end)::int as behind,
            sum(s.n::bigint * s.seconds)::float8 as total
          from k join progress_subtree s on s.org_id = k.id and s.kind = 'h' and s.year_from = ${j.year} and s.year_to = ${j.year}
          group by s.org_id),
        l as (select s.org_id, sum(s.n)::int as leaders
          from k join progress_subtree s on s.org_id = k.id and s.kind = 'l' and s.year_from <= ${j.year} and s.year_to >= ${j.year}
          group by s.org_id)
      select (select off from g) as off, k.id as "orgId", k.name, k.kind, k.status,
        ${probationaryOn === null ? sql`null::int` : sql`(select ${probationaryUntrainedSql(orgPath, probationaryOn)})`} as probationary,
        coalesce(c.n, 0)::int as members, coalesce(l.leaders, 0) as leaders,
        coalesce(h.with_hours, 0) as "withHours", coalesce(h.met, 0) as met, coalesce(h.on_pace, 0) as "onPace",
        coalesce(h.behind, 0) as behind, coalesce(h.total, 0)::float8 as "totalSeconds"
      from (select 1) one
      left join k on true
      left join subtree_counts c on c.org_id = k.id and c.dim = 'm' and c.key = 'total'
      left join h on h.org_id = k.id
      left join l on l.org_id = k.id
      order by k.sort_order, k.id`,
    keptRow,
  );
  if (rows[0]?.off !== false) return null;
  const kids = rows.flatMap((r) =>
    r.orgId === null || r.orgId === orgId || r.kind === 'group'
      ? []
      : [{ id: r.orgId, name: r.name as string, kind: r.kind as string, status: r.status as string }],
  );
  const figures = (r: z.infer<typeof keptRow>) => ({
    members: r.members,
    leaders: r.leaders,
    met: r.met,
    onPace: r.onPace,
    behind: r.behind,
    none: r.members - r.withHours,
    totalSeconds: r.totalSeconds,
  });
  const org = rows.find((r) => r.orgId === orgId);
  const probationary = rows[0]?.probationary ?? 0;
  if (!org) return { figures: [], kids, probationary };
  const own = figures(org);
  const out: FiguresRow[] = [];
  for (const r of rows) {
    if (r.orgId === orgId || r.orgId === null) continue;
    const f = figures(r);
    // The org's own members: the subtree less each child's.
    for (const key of Object.keys(own) as Array<keyof typeof own>) own[key] -= f[key];
    if (f.members > 0) out.push({ child: String(r.orgId), ...f });
  }
  if (own.members > 0) out.push({ child: '', ...own });
  return { figures: out, kids, probationary };
}

const pageRow = z.object({
  off: z.boolean(),
  total: z.number(),
  memberId: z.number().nullable(),
  name: z.string().nullable(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  category: z.string().nullable(),
  leader: z.boolean().nullable(),
  onlineSeconds: z.number().nullable(),
  classSeconds: z.number().nullable(),
  externalSeconds: z.number().nullable(),
  totalSeconds: z.number().nullable(),
});

/** The standings a member with hours can have (none: no kept row; the list then scans). */
export const WALKED = ['behind', 'on_pace', 'met'] as const;
export type Walked = (typeof WALKED)[number];
export const isWalked = (s: string | undefined): s is Walked =>
  (WALKED as readonly string[]).includes(s ?? '');

/**
 * A page of the subtree's members of one standing with hours (behind, on pace, met), in the scan's
 * order (hours, then path and id), and how many there are. The page either walks
 * progress_members_walk_idx from the first hours of the standing and keeps the subtree's rows
 * (`walk`: about the page ÷ the subtree's share of the year's rows; a large subtree) or reads the
 * subtree's kept rows by path (progress_members_path_idx) and sorts them (`range`: a smaller one);
 * the count is the org's kept figures. `auto` (the app's) chooses inside the statement from the
 * subtree's and the root's register (subtree_counts): the walk when size² ≥ WALK_MARGIN × (offset +
 * page) × root. Null when the register changed
 * since the as-of date within the subtree (the caller scans), as keptFiguresByChild.
 */
export async function keptMembers(
  db: DbOrTx,
  orgId: number,
  orgPath: string,
  j: Judging,
  f: { standing: Walked; role?: 'leader' | 'member'; order: 'asc' | 'desc'; limit: number; offset: number },
  plan: 'walk' | 'range' | 'auto' = 'auto',
) {
  const target = (col: string) =>
    sql.raw(`case when ${col}.leader then ${j.leaderTarget}::int else ${j.memberTarget}::int end`);
  const expected = (col: string) =>
    sql.raw(`case when ${col}.leader then ${j.leaderExpected}::int else ${j.memberExpected}::int end`);
  const standing = (c: string) =>
    f.standing === 'behind'
      ? sql`${sql.raw(c)}.seconds < ${expected(c)}`
      : f.standing === 'on_pace'
        ? sql`${sql.raw(c)}.seconds >= ${expected(c)} and ${sql.raw(c)}.seconds < ${target(c)}`
        : sql`${sql.raw(c)}.seconds >= ${target(c)}`;
  const role = (c: string) =>
    f.role === 'leader'
      ? sql.raw(`${c}.leader`)
      : f.role === 'member'
        ? sql.raw(`not ${c}.leader`)
        : sql`true`;
  // Bounds on the walked index's hours (either role's thresholds), so the walk starts where the
  // standing starts and stops where it ends.
  const lo = Math.min(j.leaderExpected, j.memberExpected);
  const hi = Math.max(j.leaderExpected, j.memberExpected);
  const bounds =
    f.standing === 'behind'
      ? sql`p.seconds < ${hi}::int`
      : f.standing === 'on_pace'
        ? sql`p.seconds >= ${lo}::int and p.seconds < ${Math.max(j.leaderTarget, j.memberTarget)}::int`
        : sql`p.seconds >= ${Math.min(j.leaderTarget, j.memberTarget)}::int`;
  const dir = f.order === 'desc' ? sql`desc` : sql`asc`;
  const msub = inSubtree(sql`m.org_path`, orgPath);
  const yearEnd = `${j.year}-12-31`;
  const rows = await queryRows(
    db,
    sql`with g as materialized (select
          exists (select 1 from members m where m.joined_on > ${j.on}::date and m.status not in ('left', 'deceased') and ${msub})
          or exists (select 1 from members m where m.left_on > ${j.on}::date and m.status in ('left', 'deceased') and ${msub})
          or exists (select 1 from committee_members c join members m on m.id = c.member_id
            where c.started_on > ${j.last}::date and c.started_on <= ${yearEnd}::date and ${msub}) as off),
        sz as materialized (select
            coalesce((select n from subtree_counts where org_id = ${orgId} and dim = 'm' and key = 'total'), 0)::float8 as sub,
            coalesce((select n from subtree_counts where org_id = ${Number(orgPath.split('.')[0])} and dim = 'm' and key = 'total'), 0)::float8 as root),
        w as materialized (select ${
          plan === 'auto'
            ? sql`(select sub * sub >= ${WALK_MARGIN}::float8 * ${f.offset + f.limit}::float8 * root from sz)`
            : plan === 'walk'
              ? sql`true`
              : sql`false`
        } as walk),
        pg as materialized (
          (select p.member_id, p.seconds, p.leader, p.org_path from progress_members p
            where not (select off from g) and (select walk from w) and p.kind = 'h' and p.year_from = ${j.year}
              and ${bounds} and ${inSubtree(sql`p.org_path`, orgPath)} and ${standing('p')} and ${role('p')}
            order by p.seconds ${dir}, p.org_path, p.member_id limit ${f.limit} offset ${f.offset})
          union all
          (select p.member_id, p.seconds, p.leader, p.org_path from progress_members p
            where not (select off from g) and not (select walk from w) and p.kind = 'h' and p.year_from = ${j.year}
              and ${inSubtree(sql`p.org_path`, orgPath)} and ${standing('p')} and ${role('p')}
            order by p.seconds ${dir}, p.org_path, p.member_id limit ${f.limit} offset ${f.offset})),
        tot as materialized (select coalesce(sum(s.n), 0)::int as n from progress_subtree s
          where not (select off from g) and s.org_id = ${orgId} and s.kind = 'h' and s.year_from = ${j.year}
            and s.year_to = ${j.year} and ${standing('s')} and ${role('s')})
      select (select off from g) as off, (select n from tot) as total, pg.member_id as "memberId", m.name,
        m.org_id as "orgId", o.name as "orgName", m.category, pg.leader, lp.online_seconds as "onlineSeconds",
        lp.class_seconds as "classSeconds", lp.external_seconds as "externalSeconds", pg.seconds as "totalSeconds"
      from (select 1) one
      left join (pg join members m on m.id = pg.member_id join orgs o on o.id = m.org_id
        join learning_progress lp on lp.member_id = pg.member_id and lp.year = ${j.year}) on true
      order by pg.seconds ${dir}, pg.org_path, pg.member_id`,
    pageRow,
  );
  if (rows[0]?.off !== false) return null;
  return {
    total: rows[0].total,
    rows: rows.flatMap((r) =>
      r.memberId === null
        ? []
        : [
            {
              memberId: r.memberId,
              name: r.name as string,
              orgId: r.orgId as number,
              orgName: r.orgName as string,
              category: r.category as string,
              role: r.leader ? ('leader' as const) : ('member' as const),
              onlineSeconds: r.onlineSeconds as number,
              classSeconds: r.classSeconds as number,
              externalSeconds: r.externalSeconds as number,
              totalSeconds: r.totalSeconds as number,
              targetSeconds: r.leader ? j.leaderTarget : j.memberTarget,
              expectedSeconds: r.leader ? j.leaderExpected : j.memberExpected,
              standing: f.standing,
            },
          ],
    ),
  };
}
