import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { OrgKind, OrgStatus, Sector } from '../../../domain/org/labels.js';
import { type OrgSummaryDto, orgSummaryDto } from '../../../shared/contracts/orgs.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { writerOf } from '../../db/replica.js';
import { committeeMembers, members, orgs, orgTerms, orgVersions } from '../../db/schema/index.js';
import { cacheGeneration, RowCache } from '../../lib/cache.js';
import type { Scope } from '../../lib/scope.js';
import { nameSearch } from '../../lib/search.js';

/** Members counted as "in the register": not left, not deceased. */
export const CURRENT_MEMBER = sql`${members.status} not in ('left', 'deceased')`;

const summaryColumns = {
  id: orgs.id,
  parentId: orgs.parentId,
  name: orgs.name,
  // varchar columns holding the domain's codes (the response serializer checks them).
  kind: sql<OrgKind>`${orgs.kind}`,
  sector: sql<Sector>`${orgs.sector}`,
  status: sql<OrgStatus>`${orgs.status}`,
  path: orgs.path,
  // Written out as "orgs".x: inside a subquery Drizzle would render a bare, ambiguous column.
  // A scalar subquery with a limit, not `exists`: over a long list the planner made `exists` a
  // hashed subplan that reads every org's parent (27,000 on the generated city) per request.
  hasChildren: sql<boolean>`coalesce((select true from orgs c where c.parent_id = "orgs"."id" limit 1), false)`,
  // The current register of the subtree, from its rollup (a count of a city's members per row was
  // the slowest part of a children list at province scale).
  memberCount: sql<number>`coalesce((select sc.n::int from subtree_counts sc
    where sc.org_id = "orgs"."id" and sc.dim = 'm' and sc.key = 'total'), 0)`,
};

export type OrgRow = typeof orgs.$inferSelect;

/**
 * The org rows read by id, kept in the process (lib/cache.ts `RowCache`): the org and scope check
 * is the first statement of almost every route. Dropped in every process by the `orgs` topic's
 * invalidation (module.ts), i.e. by any write of the orgs table, which all go through a unit of
 * work touching it. Frozen: callers share the object.
 */
const orgRows = new RowCache<Readonly<OrgRow>>((inv) => inv.orgs === true);

/**
 * An org by id, if in the scope. Outside a transaction from the kept rows (the scope is checked
 * on the row's path, as `pathCondition` would); inside one from the table, since the transaction
 * may have changed the row itself (its invalidation runs only at its flush).
 */
export async function findOrg(db: DbOrTx, scope: Scope, id: number): Promise<OrgRow | null> {
  if (!(db instanceof PgTransaction)) {
    // A read on the replica (heavy reads, decision 0050) is served from the primary's kept rows.
    const primary = writerOf(db);
    const kept = orgRows.get(primary, id);
    if (kept) return scope.containsPath(kept.path) ? kept : null;
    const readAt = cacheGeneration();
    const [row] = await db.select().from(orgs).where(eq(orgs.id, id)).limit(1);
    if (!row) return null;
    // Only a row read on the primary is kept: the replica may not yet have replayed a change whose
    // invalidation has already arrived, and its old row would then be kept after it.
    if (primary === db) orgRows.set(db, id, Object.freeze(row), readAt);
    return scope.containsPath(row.path) ? row : null;
  }
  const [row] = await db
    .select()
    .from(orgs)
    .where(and(eq(orgs.id, id), scope.pathCondition(orgs.path)))
    .limit(1);
  return row ?? null;
}

/** Locks the row for the rest of the transaction (moves and dissolutions). */
export async function findOrgForUpdate(db: DbOrTx, scope: Scope, id: number): Promise<OrgRow | null> {
  const [row] = await db
    .select()
    .from(orgs)
    .where(and(eq(orgs.id, id), scope.pathCondition(orgs.path)))
    .for('update')
    .limit(1);
  return row ?? null;
}

/** The org rows at the scope's roots. */
export async function rootRows(db: DbOrTx, scope: Scope): Promise<OrgRow[]> {
  if (!scope.roots.length) return [];
  return db
    .select()
    .from(orgs)
    .where(inArray(orgs.path, [...scope.roots]))
    .orderBy(asc(orgs.depth), asc(orgs.id));
}

export async function summaries(db: DbOrTx, scope: Scope, ids: number[]) {
  if (!ids.length) return [];
  return db
    .select(summaryColumns)
    .from(orgs)
    .where(and(inArray(orgs.id, ids), scope.pathCondition(orgs.path)))
    .orderBy(asc(orgs.depth));
}

const childrenPage = z.object({ data: z.array(orgSummaryDto), total: z.number() });

/**
 * A page of the children in the tree's order with their total, in one statement (the columns of
 * `summaryColumns`). The parent has been checked against the scope; the children are in it.
 */
export async function children(db: DbOrTx, scope: Scope, parent: OrgRow, current: number, pageSize: number) {
  const mine = sql`o.parent_id = ${parent.id} and ${scope.pathCondition(sql`o.path`)}`;
  // The page first, then its figures: an `exists` over the whole list was planned as a hashed
  // subplan reading every org's parent (27,000 rows on the generated city for a page of 100).
  const [row] = await queryRows(
    db,
    sql`select (select count(*)::int from orgs o where ${mine}) as total,
        coalesce((select json_agg(x order by x.sort_order, x.id) from (
          select p.id, p.parent_id as "parentId", p.name, p.kind, p.sector, p.status, p.path::text as path,
            coalesce((select true from orgs c where c.parent_id = p.id limit 1), false) as "hasChildren",
            coalesce((select sc.n::int from subtree_counts sc
              where sc.org_id = p.id and sc.dim = 'm' and sc.key = 'total'), 0) as "memberCount",
            p.sort_order
          from (select o.* from orgs o where ${mine} order by o.sort_order, o.id
            limit ${pageSize} offset ${(current - 1) * pageSize}) p) x), '[]'::json) as data`,
    childrenPage,
  );
  return row;
}

/**
 * Orgs as they stood on a date, from the effective-dated versions: those picked by `which`
 * (children of a parent, or given ids), with their subtree's member count on that date. A
 * member's org and status on a date are those of their last register event up to it; subtrees
 * are matched on today's paths (an org moved since then counts where it is now).
 */
async function versionsAsOf(db: DbOrTx, which: SQL, within: string, asOf: string) {
  // The rows are the summaries the API answers, so the contract's schema is the row's.
  return queryRows(
    db,
    sql`
    with picked as (
      select v.org_id as id, v.parent_id, v.name, v.kind, o.sector, v.status, o.path, o.sort_order, o.depth
      from org_versions v join orgs o on o.id = v.org_id
      where ${which} and v.valid_from <= ${asOf} and (v.valid_to is null or v.valid_to > ${asOf})
    ),
    last as (
      select distinct on (e.member_id) e.org_id, e.data->>'status' as status
      from member_events e
      where e.occurred_on <= ${asOf} and e.member_id in (
        select x.member_id from member_events x join orgs d on d.id = x.org_id where d.path <@ ${within}::ltree)
      order by e.member_id, e.occurred_on desc, e.id desc
    )
    select k.id, k.parent_id as "parentId", k.name, k.kind, k.sector, k.status, k.path::text as path,
      exists (select 1 from org_versions c where c.parent_id = k.id and c.valid_from <= ${asOf}
              and (c.valid_to is null or c.valid_to > ${asOf})) as "hasChildren",
      (select count(*)::int from last l join orgs d on d.id = l.org_id
        where d.path <@ k.path and coalesce(l.status, 'active') not in ('left', 'deceased')) as "memberCount"
    from picked k
    order by k.depth, k.sort_order, k.id`,
    orgSummaryDto,
  );
}

/** Children as they stood on a date; the parent has been checked against the scope. */
export const childrenAsOf = (db: DbOrTx, parent: OrgRow, asOf: string) =>
  versionsAsOf(db, sql`v.parent_id = ${parent.id}`, parent.path, asOf);

/** The scope roots as they stood on a date (an org founded later is absent). */
export async function rootsAsOf(db: DbOrTx, roots: OrgRow[], asOf: string) {
  const out: OrgSummaryDto[] = [];
  for (const r of roots) out.push(...(await versionsAsOf(db, sql`v.org_id = ${r.id}`, r.path, asOf)));
  return out;
}

export async function rootsOf(db: DbOrTx, scope: Scope) {
  if (!scope.roots.length) return [];
  return db
    .select(summaryColumns)
    .from(orgs)
    .where(inArray(orgs.path, [...scope.roots]))
    .orderBy(asc(orgs.depth), asc(orgs.id));
}

export async function search(
  db: DbOrTx,
  scope: Scope,
  q: string | undefined,
  kind: string | undefined,
  limit: number,
) {
  const conds = [scope.pathCondition(orgs.path)];
  if (q) {
    conds.push(
      nameSearch({ name: orgs.name, pinyin: orgs.namePinyin, initials: orgs.nameInitials }, q, {
        pinyinAnywhere: true,
      }),
    );
  }
  if (kind) conds.push(eq(orgs.kind, kind));
  const where = and(...conds);
  const [data, [{ total }]] = await Promise.all([
    db.select(summaryColumns).from(orgs).where(where).orderBy(asc(orgs.depth), asc(orgs.id)).limit(limit),
    db.select({ total: sql<number>`count(*)::int` }).from(orgs).where(where),
  ]);
  return { data, total };
}

const pageFiguresRow = z.object({
  hasChildren: z.boolean(),
  memberCount: z.number(),
  fullMembers: z.number(),
  probationaryMembers: z.number(),
  directMembers: z.number(),
  probationOverdue: z.number(),
  subtreeFull: z.number(),
  subtreeProbationary: z.number(),
  childOrgs: z.number(),
  term: z.object({ id: z.number(), termStart: z.string(), termEnd: z.string() }).nullable(),
  committee: z.array(
    z.object({
      id: z.number(),
      memberId: z.number(),
      memberName: z.string(),
      role: z.string(),
      category: z.string(),
      startedOn: z.string(),
    }),
  ),
});

/**
 * Everything the org page reads besides the org row, in one statement (issue #21: it was six):
 * the summary's figures (`summaryColumns`), the counts of `memberStats`, the current term and the
 * committee of `currentTerm` and `currentCommittee`, with the same conditions.
 */
export async function pageFigures(db: DbOrTx, org: OrgRow, today: string, probationMonths: number) {
  const [row] = await queryRows(
    db,
    sql`select
        exists (select 1 from orgs c where c.parent_id = ${org.id}) as "hasChildren",
        coalesce((select sc.n::int from subtree_counts sc
          where sc.org_id = ${org.id} and sc.dim = 'm' and sc.key = 'total'), 0) as "memberCount",
        d.full_members as "fullMembers", d.probationary_members as "probationaryMembers",
        d.direct_members as "directMembers", d.probation_overdue as "probationOverdue",
        s.full_members as "subtreeFull", s.probationary_members as "subtreeProbationary",
        (select count(*)::int from orgs where parent_id = ${org.id} and status = 'active') as "childOrgs",
        (select json_build_object('id', t.id, 'termStart', t.term_start, 'termEnd', t.term_end)
          from org_terms t where t.org_id = ${org.id} and t.status = 'current' order by t.id limit 1) as term,
        coalesce((select json_agg(json_build_object('id', c.id, 'memberId', c.member_id, 'memberName', m.name,
            'role', c.role, 'category', m.category, 'startedOn', c.started_on) order by c.sort_order, c.id)
          from committee_members c join members m on m.id = c.member_id
          where c.org_id = ${org.id} and c.ended_on is null), '[]'::json) as committee
      from (select count(*) filter (where m.category = 'full')::int as full_members,
              count(*) filter (where m.category = 'probationary')::int as probationary_members,
              count(*)::int as direct_members,
              count(*) filter (where m.category = 'probationary' and m.joined_on
                + make_interval(months => ${probationMonths}::int + coalesce(m.probation_extended_months, 0))
                < ${today}::date)::int as probation_overdue
            from members m where m.org_id = ${org.id} and m.status not in ('left', 'deceased')) d,
        (select coalesce(sum(n) filter (where key = 'full'), 0)::int as full_members,
              coalesce(sum(n) filter (where key = 'probationary'), 0)::int as probationary_members
            from subtree_counts where org_id = ${org.id} and dim = 'm.category') s`,
    pageFiguresRow,
  );
  return row;
}

export async function history(db: DbOrTx, orgId: number) {
  const parent = sql`(select p.name from orgs p where p.id = ${orgVersions.parentId})`;
  return db
    .select({
      validFrom: orgVersions.validFrom,
      validTo: orgVersions.validTo,
      parentId: orgVersions.parentId,
      parentName: sql<string | null>`${parent}`,
      name: orgVersions.name,
      status: orgVersions.status,
      change: orgVersions.change,
      reason: orgVersions.reason,
    })
    .from(orgVersions)
    .where(eq(orgVersions.orgId, orgId))
    .orderBy(asc(orgVersions.validFrom), asc(orgVersions.id));
}

/** Closes the open version and opens a new one from `from` (same-day changes replace it). */
export async function recordVersion(
  db: DbOrTx,
  org: { id: number; parentId: number | null; name: string; kind: string; status: string },
  from: string,
  change: string,
  reason: string | null,
  userId: number | null,
) {
  await db
    .update(orgVersions)
    .set({ validTo: from })
    .where(and(eq(orgVersions.orgId, org.id), isNull(orgVersions.validTo)));
  // A version closed on the day it opened covered no day at all: drop it.
  await db.execute(sql`delete from org_versions where org_id = ${org.id} and valid_to = valid_from`);
  await db.insert(orgVersions).values({
    orgId: org.id,
    validFrom: from,
    parentId: org.parentId,
    name: org.name,
    kind: org.kind,
    status: org.status,
    change,
    reason,
    recordedBy: userId,
  });
}

export async function insertOrg(
  db: DbOrTx,
  values: Omit<typeof orgs.$inferInsert, 'path'> & { parentPath: string },
) {
  const { parentPath, ...rest } = values;
  const [row] = await db
    .insert(orgs)
    .values({ ...rest, path: parentPath })
    .returning({ id: orgs.id });
  // The path ends with the org's own id, known only after the insert.
  const [org] = await db
    .update(orgs)
    .set({ path: sql`${parentPath}::ltree || ${String(row.id)}::ltree` })
    .where(eq(orgs.id, row.id))
    .returning();
  return org;
}

export async function updateOrg(db: DbOrTx, id: number, values: Partial<typeof orgs.$inferInsert>) {
  const [row] = await db
    .update(orgs)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(orgs.id, id))
    .returning();
  return row;
}

/**
 * Re-roots a subtree: every org, member, transfer and organizational-life path below `oldPath` now starts with
 * `newPrefix` (the new parent's path plus the org's id).
 */
export async function movePaths(db: DbOrTx, oldPath: string, newParentPath: string) {
  const levels = oldPath.split('.').length;
  await db.execute(sql`update orgs set path = ${newParentPath}::ltree || subpath(path, ${levels - 1}),
      depth = nlevel(${newParentPath}::ltree) + nlevel(path) - ${levels}, updated_at = now()
    where path <@ ${oldPath}::ltree`);
  await db.execute(sql`update members set org_path = ${newParentPath}::ltree || subpath(org_path, ${levels - 1})
    where org_path <@ ${oldPath}::ltree`);
  await db.execute(sql`update transfers set from_org_path = ${newParentPath}::ltree || subpath(from_org_path, ${levels - 1})
    where from_org_path <@ ${oldPath}::ltree`);
  await db.execute(sql`update transfers set to_org_path = ${newParentPath}::ltree || subpath(to_org_path, ${levels - 1})
    where to_org_path <@ ${oldPath}::ltree`);
  // Organizational-life records carry the path too (subtree reads are one index scan). They are
  // found by org id (each table's org-id index; the dues ledger, payments and exemptions have no
  // index on the path, and a year's 59 M ledger rows of a province took a 12-second scan for a
  // town's move), the path kept as the condition itself.
  const lastLabel = oldPath.split('.').at(-1);
  const [{ ids }] = await queryRows(
    db,
    sql`select coalesce(array_agg(id), '{}') as ids from orgs where path <@ ${`${newParentPath}.${lastLabel}`}::ltree`,
    z.object({ ids: z.array(z.number()) }),
  );
  for (const table of [
    'meetings',
    'heart_talks',
    'orglife_exemptions',
    'orglife_compliance',
    'development_cases',
    'dues_ledger',
    'dues_payments',
    'dues_lapse_decisions',
    'dues_arrears_runs',
    'dues_imports',
    'coverage_units',
  ]) {
    await db.execute(sql`update ${sql.identifier(table)}
      set org_path = ${newParentPath}::ltree || subpath(org_path, ${levels - 1})
      where org_id = any(${`{${ids.join(',')}}`}::int[]) and org_path <@ ${oldPath}::ltree`);
  }
  for (const col of ['from_org_path', 'to_org_path']) {
    await db.execute(sql`update dues_remittances
      set ${sql.identifier(col)} = ${newParentPath}::ltree || subpath(${sql.identifier(col)}, ${levels - 1})
      where ${sql.identifier(col)} <@ ${oldPath}::ltree`);
  }
}

export async function activeContent(db: DbOrTx, org: OrgRow) {
  const [{ childOrgs }] = await db
    .select({ childOrgs: sql<number>`count(*)::int` })
    .from(orgs)
    .where(and(eq(orgs.parentId, org.id), eq(orgs.status, 'active')));
  const [{ currentMembers }] = await db
    .select({ currentMembers: sql<number>`count(*)::int` })
    .from(members)
    .where(and(eq(members.orgId, org.id), CURRENT_MEMBER));
  return { childOrgs, currentMembers };
}

export async function endCurrentTerm(db: DbOrTx, orgId: number, endedOn: string) {
  await db
    .update(orgTerms)
    .set({ status: 'ended' })
    .where(and(eq(orgTerms.orgId, orgId), eq(orgTerms.status, 'current')));
  await db
    .update(committeeMembers)
    .set({ endedOn })
    .where(and(eq(committeeMembers.orgId, orgId), isNull(committeeMembers.endedOn)));
}

export async function insertTerm(
  db: DbOrTx,
  orgId: number,
  term: { termStart: string; termEnd: string },
  committee: Array<{ memberId: number; role: string }>,
) {
  const [t] = await db
    .insert(orgTerms)
    .values({ orgId, ...term })
    .returning();
  await db.insert(committeeMembers).values(
    committee.map((c, i) => ({
      orgId,
      termId: t.id,
      memberId: c.memberId,
      role: c.role,
      startedOn: term.termStart,
      sortOrder: i,
    })),
  );
  return t;
}

/** Members of the org's subtree among `ids`, with their category and status. */
export async function membersInSubtree(db: DbOrTx, org: OrgRow, ids: number[]) {
  if (!ids.length) return [];
  return db
    .select({ id: members.id, name: members.name, category: members.category, status: members.status })
    .from(members)
    .where(and(inArray(members.id, ids), sql`${members.orgPath} <@ ${org.path}::ltree`));
}
