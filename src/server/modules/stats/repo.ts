/**
 * Reads for statistics as of a date. The tree is the one that stood on the date, from the
 * effective-dated `org_versions` (a recursive walk down the parent ids valid that day), so a later
 * move does not change a past report; members are placed by their register history
 * (`member_events`), not by today's `members.org_id`.
 *
 * These reads take no Scope: the service checks the root org against the actor's `stats.read`
 * scope first, and every other read is keyed by the ids of the tree walked down from it.
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RegisterEvent } from '../../../domain/stats/register-replay.js';
import { type DbOrTx, queryRows } from '../../db/client.js';

const orgAsOfRow = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  name: z.string(),
  kind: z.string(),
  status: z.string(),
  sector: z.string(),
  depth: z.number(),
  /** The first day of its first version (founding, as recorded). */
  firstFrom: z.string(),
});
export type OrgAsOf = z.infer<typeof orgAsOfRow>;

/** The subtree of `rootId` as it stood on `on`: a recursive walk down the parent ids of that day. */
const subtreeAsOfSql = (rootId: number, on: string): SQL => sql`
  with recursive tree as (
    select v.org_id as id, v.parent_id, v.name, v.kind, v.status, 0 as depth
    from org_versions v
    where v.org_id = ${rootId} and v.valid_from <= ${on} and (v.valid_to is null or v.valid_to > ${on})
    union all
    select v.org_id, v.parent_id, v.name, v.kind, v.status, t.depth + 1
    from org_versions v join tree t on v.parent_id = t.id
    where v.valid_from <= ${on} and (v.valid_to is null or v.valid_to > ${on})
  )`;

const treeAsOfSql = (rootId: number, on: string): SQL => sql`${subtreeAsOfSql(rootId, on)}
    select t.id, t.parent_id as "parentId", t.name, t.kind, t.status, o.sector, t.depth,
      (select min(f.valid_from)::text from org_versions f where f.org_id = t.id) as "firstFrom"
    from tree t join orgs o on o.id = t.id
    order by t.depth, o.sort_order, t.id`;

export async function treeAsOf(db: DbOrTx, rootId: number, on: string): Promise<OrgAsOf[]> {
  return queryRows(db, treeAsOfSql(rootId, on), orgAsOfRow);
}

/**
 * A list of ids as ONE array parameter. Passing the tree's ids (rather than joining the recursive
 * walk again) lets the planner see how few rows it selects and use the org and member indexes; a
 * join with the walk was estimated at thousands of rows and scanned the whole event history.
 */
const ids = (list: readonly number[]) => sql`${`{${list.join(',')}}`}::int[]`;

const versionChangeRow = z.object({
  orgId: z.number(),
  change: z.string(),
  validFrom: z.string(),
  kind: z.string(),
});

const versionChangesSql = (orgIds: readonly number[], from: string, to: string): SQL =>
  sql`select v.org_id as "orgId", v.change, v.valid_from::text as "validFrom", v.kind
    from org_versions v
    where v.org_id = any(${ids(orgIds)}) and v.valid_from >= ${from} and v.valid_from <= ${to}
    order by v.valid_from, v.id`;

/** Versions of the tree's orgs that began inside the period (creations, dissolutions, moves). */
export async function versionChanges(db: DbOrTx, orgIds: readonly number[], from: string, to: string) {
  return queryRows(db, versionChangesSql(orgIds, from, to), versionChangeRow);
}

const memberFactsRow = z.object({
  id: z.number(),
  gender: z.string(),
  ethnicity: z.string(),
  birthDate: z.string(),
  education: z.string(),
  joinedOn: z.string(),
});
export type MemberFacts = z.infer<typeof memberFactsRow>;

const registerEventRow = z.object({
  id: z.number(),
  memberId: z.number(),
  kind: z.string(),
  occurredOn: z.string(),
  orgId: z.number(),
  status: z.string().nullable(),
  category: z.string().nullable(),
  leaveReason: z.string().nullable(),
}) satisfies z.ZodType<RegisterEvent>;

const touchedMembersSql = (orgIds: readonly number[], to: string): SQL =>
  sql`select distinct member_id as id from member_events
      where org_id = any(${ids(orgIds)}) and occurred_on <= ${to}`;

const registerEventsSql = (memberIds: readonly number[], to: string): SQL =>
  sql`select e.id, e.member_id as "memberId", e.kind, e.occurred_on::text as "occurredOn", e.org_id as "orgId",
        e.data->>'status' as status, e.data->>'category' as category, e.data->>'leaveReason' as "leaveReason"
      from member_events e
      where e.member_id = any(${ids(memberIds)}) and e.occurred_on <= ${to}
      order by e.member_id, e.occurred_on, e.id`;

const memberFactsSql = (memberIds: readonly number[]): SQL =>
  sql`select m.id, m.gender, m.ethnicity, m.birth_date::text as "birthDate", m.education,
        m.joined_on::text as "joinedOn"
      from members m where m.id = any(${ids(memberIds)})`;

/**
 * The register history up to `to` of every member who was ever placed in one of the orgs, with
 * the member's fixed facts. A member never placed in one of them cannot have belonged to the
 * subtree on any date, so nothing is missed.
 */
export async function historyOf(db: DbOrTx, orgIds: readonly number[], to: string) {
  const touched = await queryRows(db, touchedMembersSql(orgIds, to), z.object({ id: z.number() }));
  const memberIds = touched.map((m) => m.id);
  if (!memberIds.length) return { events: [] as RegisterEvent[], facts: [] as MemberFacts[] };
  const [events, facts] = await Promise.all([
    queryRows(db, registerEventsSql(memberIds, to), registerEventRow),
    queryRows(db, memberFactsSql(memberIds), memberFactsRow),
  ]);
  return { events, facts };
}

const caseDatesRow = z.object({
  orgId: z.number(),
  gender: z.string(),
  appliedOn: z.string(),
  activistOn: z.string().nullable(),
  candidateOn: z.string().nullable(),
  admittedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  status: z.string(),
});
export type CaseDates = z.infer<typeof caseDatesRow>;

const casesSql = (orgIds: readonly number[], on: string): SQL =>
  sql`select c.org_id as "orgId", c.gender, c.applied_on::text as "appliedOn", c.activist_on::text as "activistOn",
      c.candidate_on::text as "candidateOn", c.admitted_on::text as "admittedOn", c.closed_on::text as "closedOn", c.status
    from development_cases c
    where c.org_id = any(${ids(orgIds)}) and c.applied_on <= ${on}`;

/** Development cases opened by `on` at one of the orgs (the pipeline as of the date). */
export async function casesOf(db: DbOrTx, orgIds: readonly number[], on: string) {
  return queryRows(db, casesSql(orgIds, on), caseDatesRow);
}

/**
 * The SQL of the report's reads, for the snapshot test (test/api/__sql__/stats-report-*.sql): a
 * change to them shows in review.
 */
export const reportSql = {
  tree: treeAsOfSql,
  versionChanges: versionChangesSql,
  touchedMembers: touchedMembersSql,
  registerEvents: registerEventsSql,
  memberFacts: memberFactsSql,
  cases: casesSql,
};

/** An org's version on a day (its name and kind then), or null when it did not stand that day. */
export async function orgOn(db: DbOrTx, orgId: number, on: string) {
  const [row] = await queryRows(
    db,
    sql`select v.name, v.kind from org_versions v
      where v.org_id = ${orgId} and v.valid_from <= ${on} and (v.valid_to is null or v.valid_to > ${on})
      order by v.valid_from desc limit 1`,
    z.object({ name: z.string(), kind: z.string() }),
  );
  return row ?? null;
}
