/**
 * Reads of 学时进度. One pass over the subtree's register: the members on the register on the
 * as-of date (joined by then, not left or died by then) found by the btree range of their path
 * (`members_org_path_id_idx`), their row of `learning_progress` for the year by its key (no row:
 * zero hours), and whether they held a committee role in the year (a semi-join on
 * `committee_members_member_id_idx`). The standing is decided in the same statement from the
 * targets and the pace computed by the domain (src/domain/progress/targets.ts), so a province is
 * grouped by child org in one scan instead of one query per child.
 *
 * Members are placed by their current org (`members.org_path`, which `learning_progress` follows
 * too): a member transferred since the as-of date is counted where they are now (decision 0047).
 *
 * Every read takes the path of an org the service found in the caller's scope, or one member id.
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { inSubtree } from '../../lib/scope.js';

/** What the standing is judged against (src/domain/progress/targets.ts, computed by the service). */
export interface Judging {
  year: number;
  on: string;
  /** The last day of the year known on `on` (committee roles begun later are not known). */
  last: string;
  memberTarget: number;
  leaderTarget: number;
  memberExpected: number;
  leaderExpected: number;
}

/**
 * Subtrees with more current members than this take the leaders as one hashed set of every
 * committee role of the year; smaller ones only the roles of their own members. Measured on the
 * province bench (229,000 members): the restricted set costs a second scan of the members, 0.57 s
 * against 0.32 s at the root, while the whole set costs a branch 12–33 ms against 0.5 ms.
 */
export const LARGE_SUBTREE = 20_000;

/** Whose committee roles are looked at: every member's (one hashed set) or the selected members'. */
export type Leaders = 'all' | 'selected';

/**
 * The register of the subtree on `on` with each member's hours, target and standing. The leaders
 * are a set joined once (a correlated EXISTS, referenced by target, expected and the standing, was
 * planned once per reference); see LARGE_SUBTREE for which set.
 */
function judgedSql(where: SQL, j: Judging, leaders: Leaders = 'selected'): SQL {
  const roles = sql`c.started_on <= ${j.last}::date and (c.ended_on is null or c.ended_on > ${`${j.year}-01-01`}::date)`;
  const set =
    leaders === 'all'
      ? sql`select distinct c.member_id from committee_members c where ${roles}`
      : sql`select distinct c.member_id from committee_members c join members m on m.id = c.member_id
          where ${where} and ${roles}`;
  return sql`select m.id, m.name, m.org_id, m.org_path, m.category, l.member_id is not null as leader,
      coalesce(p.online_seconds, 0) as online, coalesce(p.class_seconds, 0) as class,
      coalesce(p.external_seconds, 0) as external, t.total, t.target, t.expected,
      case when t.total <= 0 then (case when t.target <= 0 then 'met' else 'none' end)
        when t.total >= t.target then 'met'
        when t.total >= t.expected then 'on_pace'
        else 'behind' end as standing
    from members m
    left join learning_progress p on p.member_id = m.id and p.year = ${j.year}
    left join (${set}) l on l.member_id = m.id
    cross join lateral (select coalesce(p.total_seconds, 0) as total,
      case when l.member_id is not null then ${j.leaderTarget}::int else ${j.memberTarget}::int end as target,
      case when l.member_id is not null then ${j.leaderExpected}::int else ${j.memberExpected}::int end as expected) t
    where ${where} and m.joined_on <= ${j.on}::date
      and (m.status not in ('left', 'deceased') or (m.left_on is not null and m.left_on > ${j.on}::date))`;
}

/** The subtree's current members (from the rollups): what the plans are chosen by. */
export async function registerSize(db: DbOrTx, orgId: number): Promise<number> {
  const [row] = await queryRows(
    db,
    sql`select coalesce(sum(n), 0)::int as n from subtree_counts where org_id = ${orgId} and dim = 'm' and key = 'total'`,
    z.object({ n: z.number() }),
  );
  return row?.n ?? 0;
}

/** Which leaders set suits a subtree of `size` current members. */
export const leadersOfSize = (size: number): Leaders => (size > LARGE_SUBTREE ? 'all' : 'selected');

/** Which leaders set suits the subtree of `orgId` (its current members from the rollups). */
export async function leadersFor(db: DbOrTx, orgId: number): Promise<Leaders> {
  return leadersOfSize(await registerSize(db, orgId));
}

const figuresRow = z.object({
  child: z.string(),
  members: z.number(),
  leaders: z.number(),
  met: z.number(),
  onPace: z.number(),
  behind: z.number(),
  none: z.number(),
  totalSeconds: z.number(),
});
export type FiguresRow = z.infer<typeof figuresRow>;

/**
 * The subtree's figures grouped by child org: `child` is the child's id (the label of the member's
 * path one level below the org), or '' for the org's own members.
 */
export async function figuresByChild(
  db: DbOrTx,
  orgPath: string,
  j: Judging,
  leaders: Leaders,
): Promise<FiguresRow[]> {
  const depth = orgPath.split('.').length;
  // Counted by org first (an integer key), then folded into the child orgs over the few thousand
  // org rows: the ltree functions run once per org, not once per member.
  return queryRows(
    db,
    sql`select case when nlevel(o.path) > ${depth}::int then subpath(o.path, ${depth}::int, 1)::text else '' end as child,
        sum(g.members)::int as members, sum(g.leaders)::int as leaders, sum(g.met)::int as met,
        sum(g.on_pace)::int as "onPace", sum(g.behind)::int as behind, sum(g.none)::int as none,
        sum(g.total)::float8 as "totalSeconds"
      from (select s.org_id, count(*) as members,
          count(*) filter (where s.leader) as leaders,
          count(*) filter (where s.standing = 'met') as met,
          count(*) filter (where s.standing = 'on_pace') as on_pace,
          count(*) filter (where s.standing = 'behind') as behind,
          count(*) filter (where s.standing = 'none') as none,
          coalesce(sum(s.total), 0) as total
        from (${judgedSql(inSubtree(sql`m.org_path`, orgPath), j, leaders)}) s
        group by s.org_id) g
      join orgs o on o.id = g.org_id
      group by 1`,
    figuresRow,
  );
}

const memberRow = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  category: z.string(),
  role: z.enum(['leader', 'member']),
  onlineSeconds: z.number(),
  classSeconds: z.number(),
  externalSeconds: z.number(),
  totalSeconds: z.number(),
  targetSeconds: z.number(),
  expectedSeconds: z.number(),
  standing: z.enum(['met', 'on_pace', 'behind', 'none']),
  total: z.number(),
});

const memberColumns = sql`s.id as "memberId", s.name, s.org_id as "orgId", o.name as "orgName", s.category,
  case when s.leader then 'leader' else 'member' end as role,
  s.online as "onlineSeconds", s.class as "classSeconds", s.external as "externalSeconds",
  s.total as "totalSeconds", s.target as "targetSeconds", s.expected as "expectedSeconds", s.standing`;

export interface MemberFilter {
  standing?: string;
  role?: 'leader' | 'member';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/**
 * A page of the subtree's members with their hours, sorted by hours (then path and id), and how
 * many match. Two statements side by side rather than a window count: `limit` after `order by`
 * keeps only the page in a top-N sort, where `count(*) over ()` made the whole subtree be sorted
 * and kept (a province's 200,000 rows).
 */
export async function membersOf(db: DbOrTx, orgPath: string, j: Judging, f: MemberFilter, leaders: Leaders) {
  const conds: SQL[] = [sql`true`];
  if (f.standing) conds.push(sql`s.standing = ${f.standing}`);
  if (f.role) conds.push(f.role === 'leader' ? sql`s.leader` : sql`not s.leader`);
  const where = sql.join(conds, sql` and `);
  const dir = f.order === 'desc' ? sql`desc` : sql`asc`;
  const judged = judgedSql(inSubtree(sql`m.org_path`, orgPath), j, leaders);
  const [rows, [count]] = await Promise.all([
    queryRows(
      db,
      // The page first, then the org names of its rows only.
      sql`select ${memberColumns}, 0 as total
        from (select s.* from (${judged}) s where ${where}
          order by s.total ${dir}, s.org_path, s.id limit ${f.limit} offset ${f.offset}) s
        join orgs o on o.id = s.org_id
        order by s.total ${dir}, s.org_path, s.id`,
      memberRow,
    ),
    queryRows(
      db,
      sql`select count(*)::int as n from (${judged}) s where ${where}`,
      z.object({ n: z.number() }),
    ),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** One member's row (the member's own progress), or null when not on the register on `on`. */
export async function memberProgress(db: DbOrTx, memberId: number, j: Judging) {
  const [row] = await queryRows(
    db,
    sql`select ${memberColumns}, 1 as total
      from (${judgedSql(sql`m.id = ${memberId}`, j)}) s join orgs o on o.id = s.org_id`,
    memberRow,
  );
  return row ?? null;
}

/** The first class completed by the member on or after `from`, organised strictly above `orgPathSql`. */
const trainedOnSql = (memberId: SQL, from: SQL, orgPath: SQL, on: string) =>
  sql`(select min(lc.credited_on)::text from learning_credits lc
      join learning_classes cl on cl.id = lc.source_id
      where lc.source = 'class' and lc.member_id = ${memberId}
        and lc.credited_on >= ${from} and lc.credited_on <= ${on}::date
        and cl.org_path @> ${orgPath} and cl.org_path <> ${orgPath})`;

/** A subtree (null: everywhere) or one member. */
export type Who = { orgPath: string | null } | { memberId: number };

const secretaryRow = z.object({
  committeeId: z.number(),
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  orgPath: z.string(),
  startedOn: z.string(),
  trainedOn: z.string().nullable(),
});
export type SecretaryRow = z.infer<typeof secretaryRow>;

/**
 * Secretaries in office on `on` in the subtree (everywhere: `orgPath` null; or one member) who took office on
 * or after `since`, with the day of their first class completed since then organised above their org.
 */
export async function secretariesSince(db: DbOrTx, who: Who, since: string, on: string) {
  const where =
    'memberId' in who
      ? sql`c.member_id = ${who.memberId}`
      : who.orgPath
        ? inSubtree(sql`o.path`, who.orgPath)
        : sql`true`;
  return queryRows(
    db,
    sql`select c.id as "committeeId", c.member_id as "memberId", m.name, c.org_id as "orgId", o.name as "orgName",
        o.path::text as "orgPath", c.started_on::text as "startedOn",
        ${trainedOnSql(sql`c.member_id`, sql`c.started_on`, sql`o.path`, on)} as "trainedOn"
      from committee_members c
      join orgs o on o.id = c.org_id
      join members m on m.id = c.member_id
      where ${where} and c.role = 'secretary' and c.started_on >= ${since}::date and c.started_on <= ${on}::date
        and (c.ended_on is null or c.ended_on > ${on}::date)
        and m.status not in ('left', 'deceased')
      order by c.started_on, c.id`,
    secretaryRow,
  );
}

const probationaryRow = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  joinedOn: z.string(),
  extension: z.number().nullable(),
  trainedOn: z.string().nullable(),
});

/** Probationary members of the subtree on `on`, with their first class since admission organised above their branch. */
export async function probationaryOf(db: DbOrTx, who: Who, on: string) {
  const where =
    'memberId' in who
      ? sql`m.id = ${who.memberId}`
      : who.orgPath
        ? inSubtree(sql`m.org_path`, who.orgPath)
        : sql`true`;
  return queryRows(
    db,
    sql`select m.id as "memberId", m.name, m.org_id as "orgId", o.name as "orgName", m.joined_on::text as "joinedOn",
        m.probation_extended_months::int as extension,
        ${trainedOnSql(sql`m.id`, sql`m.joined_on`, sql`m.org_path`, on)} as "trainedOn"
      from members m join orgs o on o.id = m.org_id
      where ${where} and m.category = 'probationary'
        and m.status not in ('left', 'deceased') and m.joined_on <= ${on}::date
      order by m.joined_on, m.id`,
    probationaryRow,
  );
}

/**
 * How many probationary members of the subtree on `on` have no class since admission organised above
 * their branch (what probationaryOf lists, counted: untrained is no such class, domain
 * probationaryTrained). Found by members_probationary_idx (the probationary members only).
 */
export async function probationaryUntrainedCount(db: DbOrTx, orgPath: string, on: string) {
  const [row] = await queryRows(
    db,
    sql`select ${probationaryUntrainedSql(orgPath, on)} as n`,
    z.object({ n: z.number() }),
  );
  return row?.n ?? 0;
}

/** The count of probationaryUntrainedCount as a scalar subquery (the kept summary embeds it). */
export function probationaryUntrainedSql(orgPath: string, on: string): SQL {
  return sql`(select count(*)::int from members m
      where ${inSubtree(sql`m.org_path`, orgPath)} and m.category = 'probationary'
        and m.status not in ('left', 'deceased') and m.joined_on <= ${on}::date
        and ${trainedOnSql(sql`m.id`, sql`m.joined_on`, sql`m.org_path`, on)} is null)`;
}

const childOrgRow = z.object({ id: z.number(), name: z.string(), kind: z.string(), status: z.string() });

/**
 * The org's direct children (for the drill-down table), in the tree's order. 党小组 are left out:
 * members are registered at the branch (their group is `members.group_id`), so a group has none.
 */
export async function childOrgs(db: DbOrTx, orgId: number) {
  return queryRows(
    db,
    sql`select id, name, kind, status from orgs where parent_id = ${orgId} and kind <> 'group' order by sort_order, id`,
    childOrgRow,
  );
}

// ---- the daily job ---------------------------------------------------------------------------

const behindRow = z.object({
  memberId: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  standing: z.enum(['met', 'on_pace', 'behind', 'none']),
  totalSeconds: z.number(),
  targetSeconds: z.number(),
  userId: z.number().nullable(),
});

/** Every member behind pace or without hours (the whole register), with their active account if any. */
export async function behindEverywhere(db: DbOrTx, j: Judging) {
  return queryRows(
    db,
    sql`select s.id as "memberId", s.org_id as "orgId", o.name as "orgName", s.standing,
        s.total as "totalSeconds", s.target as "targetSeconds",
        (select u.id from users u where u.member_id = s.id and u.active order by u.id limit 1) as "userId"
      from (${judgedSql(sql`true`, j, 'all')}) s join orgs o on o.id = s.org_id
      where s.standing in ('behind', 'none')
      order by s.org_id, s.id`,
    behindRow,
  );
}

/** Users holding a secretary or org administrator role, by the org it is held at. */
export async function holders(db: DbOrTx) {
  return queryRows(
    db,
    sql`select distinct ra.org_id as "orgId", ra.user_id as "userId" from role_assignments ra
        join users u on u.id = ra.user_id and u.active
        where ra.role in ('secretary', 'org_admin')`,
    z.object({ orgId: z.number(), userId: z.number() }),
  );
}

/** The active accounts of members (member id → user ids). */
export async function accountsOf(db: DbOrTx, memberIds: readonly number[]) {
  if (!memberIds.length) return [];
  return queryRows(
    db,
    sql`select u.member_id as "memberId", u.id as "userId" from users u
        where u.active and u.member_id = any(${`{${memberIds.join(',')}}`}::int[])`,
    z.object({ memberId: z.number(), userId: z.number() }),
  );
}
