/**
 * 发展党员: cases, step records, documents, plans and discipline records. The only Drizzle user of
 * the module. Every read of a case takes a Scope.
 *
 * Reads without a Scope, each for a reason:
 * - `activeCaseWithIdNumber`: a person has one active case in the whole deployment, found by the
 *   keyed hash; the service tells the caller only about a case it may see (like members'
 *   `idNumberTakenInSight`).
 * - `approvingOrg`: the approving committee of a branch is an ancestor the actor may not see; only
 *   its id, name and path are read, for a case the actor already sees.
 * - `memberFacts`, `branchFullMembers` and `branchCommittee`: read inside the approving committee's
 *   subtree (or the branch) of a case already read through a Scope; they say who may sponsor, how
 *   big a branch is and whether it had a committee, each as of the step's date.
 * - the reminder queries of the daily job, which has no actor.
 */
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';
import {
  developmentCases,
  developmentDocuments,
  developmentPlans,
  developmentSteps,
  memberDisciplines,
  orgs,
  users,
} from '../../db/schema/index.js';
import { hashOf } from '../../lib/pii.js';
import type { Scope } from '../../lib/scope.js';
import { nameSearch } from '../../lib/search.js';
import { categoryOn, committeeOn, membersOn, suspendedOn } from '../meetings/index.js';

export type CaseRow = typeof developmentCases.$inferSelect;
export type StepRow = typeof developmentSteps.$inferSelect;
export type DocumentRow = typeof developmentDocuments.$inferSelect;
export type CaseListRow = { c: CaseRow; orgName: string };

const caseColumns = { c: developmentCases, orgName: orgs.name };

function base(db: DbOrTx) {
  return db.select(caseColumns).from(developmentCases).innerJoin(orgs, eq(orgs.id, developmentCases.orgId));
}

export async function findCase(db: DbOrTx, scope: Scope, id: number, forUpdate = false) {
  const q = base(db)
    .where(and(eq(developmentCases.id, id), scope.pathCondition(developmentCases.orgPath)))
    .limit(1);
  const [row] = forUpdate ? await q.for('update', { of: developmentCases }) : await q;
  return (row as CaseListRow | undefined) ?? null;
}

/**
 * The case an account itself follows, without a Scope: the member's home (module `my`) passes the
 * user's own link (`users.development_case_id`, or the member record a probationary member's case
 * names), never an id from a request. The latest case first, should a person have had two.
 */
export async function findOwnCase(db: DbOrTx, by: { caseId: number } | { memberId: number }) {
  const cond =
    'caseId' in by ? eq(developmentCases.id, by.caseId) : eq(developmentCases.memberId, by.memberId);
  const [row] = await base(db).where(cond).orderBy(desc(developmentCases.id)).limit(1);
  return (row as CaseListRow | undefined) ?? null;
}

export interface CaseFilter {
  orgPath?: string;
  stage?: string;
  status?: string;
  q?: string;
}

export async function listCases(db: DbOrTx, scope: Scope, f: CaseFilter, current: number, pageSize: number) {
  const conds: SQL[] = [scope.pathCondition(developmentCases.orgPath)];
  if (f.orgPath) conds.push(sql`${developmentCases.orgPath} <@ ${f.orgPath}::ltree`);
  if (f.stage) conds.push(eq(developmentCases.stage, f.stage));
  if (f.status) conds.push(eq(developmentCases.status, f.status));
  if (f.q) {
    conds.push(
      nameSearch(
        {
          name: developmentCases.name,
          pinyin: developmentCases.namePinyin,
          initials: developmentCases.nameInitials,
        },
        f.q,
      ),
    );
  }
  const where = and(...conds);
  const [data, [{ total }]] = await Promise.all([
    base(db)
      .where(where)
      .orderBy(desc(developmentCases.appliedOn), desc(developmentCases.id))
      .limit(pageSize)
      .offset((current - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(developmentCases).where(where),
  ]);
  return { data: data as CaseListRow[], total };
}

/** Cases of a cohort in a subtree (already checked to be visible), by a condition of the caller. */
export async function casesWhere(db: DbOrTx, scope: Scope, orgPath: string, cond: SQL) {
  const rows = await base(db)
    .where(
      and(
        scope.pathCondition(developmentCases.orgPath),
        sql`${developmentCases.orgPath} <@ ${orgPath}::ltree`,
        cond,
      ),
    )
    .orderBy(asc(developmentCases.nextDueOn), asc(developmentCases.id))
    .limit(500);
  return rows as CaseListRow[];
}

export async function activeCaseWithIdNumber(db: DbOrTx, idNumber: string) {
  const [row] = await db
    .select({ id: developmentCases.id, orgPath: developmentCases.orgPath })
    .from(developmentCases)
    .where(
      and(
        eq(developmentCases.idNumberHash, hashOf('idNumber', idNumber)),
        eq(developmentCases.status, 'active'),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function insertCase(db: DbOrTx, values: typeof developmentCases.$inferInsert) {
  const [row] = await db.insert(developmentCases).values(values).returning();
  return row;
}

export async function updateCase(
  db: DbOrTx,
  id: number,
  values: Partial<typeof developmentCases.$inferInsert>,
) {
  await db
    .update(developmentCases)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(developmentCases.id, id));
}

/** The nearest STRICT ancestor with approval authority (有发展党员审批权的党委). */
export async function approvingOrg(db: DbOrTx, branchPath: string) {
  const [row] = await db
    .select({ id: orgs.id, name: orgs.name, path: orgs.path })
    .from(orgs)
    .where(
      and(
        sql`${orgs.path} @> ${branchPath}::ltree`,
        sql`${orgs.path} <> ${branchPath}::ltree`,
        eq(orgs.approvesDevelopment, true),
      ),
    )
    .orderBy(desc(sql`nlevel(${orgs.path})`))
    .limit(1);
  return row ?? null;
}

export type StepListRow = StepRow & { recordedByName: string | null };

export async function steps(db: DbOrTx, caseId: number): Promise<StepListRow[]> {
  const rows = await db
    .select({ s: developmentSteps, recordedByName: users.displayName })
    .from(developmentSteps)
    .leftJoin(users, eq(users.id, developmentSteps.recordedBy))
    .where(eq(developmentSteps.caseId, caseId))
    .orderBy(asc(developmentSteps.id));
  return rows.map((r) => ({ ...r.s, recordedByName: r.recordedByName }));
}

export async function insertStep(db: DbOrTx, values: typeof developmentSteps.$inferInsert) {
  const [row] = await db.insert(developmentSteps).values(values).returning();
  return row;
}

export async function markSuperseded(db: DbOrTx, id: number, byId: number) {
  await db.update(developmentSteps).set({ supersededById: byId }).where(eq(developmentSteps.id, id));
}

export async function documents(db: DbOrTx, caseId: number) {
  return db
    .select()
    .from(developmentDocuments)
    .where(eq(developmentDocuments.caseId, caseId))
    .orderBy(asc(developmentDocuments.id));
}

export async function document(db: DbOrTx, caseId: number, id: number) {
  const [row] = await db
    .select()
    .from(developmentDocuments)
    .where(and(eq(developmentDocuments.caseId, caseId), eq(developmentDocuments.id, id)))
    .limit(1);
  return row ?? null;
}

export async function countDocuments(db: DbOrTx, stepId: number) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(developmentDocuments)
    .where(eq(developmentDocuments.stepId, stepId));
  return n;
}

export async function insertDocument(db: DbOrTx, values: typeof developmentDocuments.$inferInsert) {
  const [row] = await db.insert(developmentDocuments).values(values).returning();
  return row;
}

export async function removeDocument(db: DbOrTx, id: number) {
  await db.delete(developmentDocuments).where(eq(developmentDocuments.id, id));
}

const memberFactRow = z.object({
  id: z.number(),
  name: z.string(),
  /** full | probationary on the date. */
  category: z.string(),
  /** In the Party and on the roll on the date (joined by then, not left or deceased by then). */
  current: z.boolean(),
  suspended: z.boolean(),
});
export type MemberFactRow = z.infer<typeof memberFactRow>;

/**
 * Members by id who were inside a subtree on `on`, as the register knows them on that day, by the
 * rules the meetings module uses for a meeting's expected attendees (`membersOn`): the category of
 * the day (`categoryOn`: full only from the confirmation date), on the roll from the join date until
 * the date of leaving, and placed in the org they left by their first transfer after the date (else
 * their org of today). A 留党察看 is in force when decided on or before the date and not ended by it.
 * A member who was elsewhere on the date is not returned.
 */
export async function memberFacts(db: DbOrTx, rootPath: string, ids: number[], on: string) {
  if (ids.length === 0) return [];
  const orgOn = sql`coalesce((select (e.data->>'fromOrgId')::int from member_events e
      where e.member_id = m.id and e.kind = 'transferred' and e.occurred_on > ${on}::date
      order by e.occurred_on, e.id limit 1), m.org_id)`;
  return queryRows(
    db,
    sql`select m.id, m.name, ${categoryOn(on)} as category,
        (m.joined_on <= ${on}::date and (m.status not in ('left', 'deceased')
          or coalesce(m.left_on > ${on}::date, false))) as current,
        ${suspendedOn(on)} as suspended
      from members m join orgs o on o.id = ${orgOn}
      where m.id in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )}) and o.path <@ ${rootPath}::ltree`,
    memberFactRow,
  );
}

/**
 * The branch on the date (the meeting day of a vote), counted as the meetings module counts a general
 * meeting (`membersOn`), so that a 党员大会 record and a development vote of the same day agree:
 * `full`, its full members, is the branch's size (a member under 留党察看 is still a 正式党员);
 * `voting`, the full members with a vote that day (not under 留党察看, 党章第四十条), is the vote's 应到.
 */
export async function branchFullMembers(db: DbOrTx, orgId: number, on: string) {
  const people = await membersOn(db, orgId, on);
  return {
    full: people.filter((p) => p.category === 'full').length,
    voting: people.filter((p) => p.votes).length,
  };
}

/** Members of the branch committee in office on the date (the meetings module's `committeeOn`). */
export async function branchCommittee(db: DbOrTx, orgId: number, on: string) {
  return (await committeeOn(db, orgId, on)).length;
}

// ----- board and plans -----

/** Active cases of a subtree by stage, with how many are overdue. */
const stageCountRow = z.object({ stage: z.string(), count: z.number(), overdue: z.number() });

export async function stageCounts(db: DbOrTx, orgPath: string, today: string) {
  return queryRows(
    db,
    sql`select stage, count(*)::int as count,
          count(*) filter (where next_due_on < ${today}::date)::int as overdue
        from development_cases where org_path <@ ${orgPath}::ltree and status = 'active'
        group by stage`,
    stageCountRow,
  );
}

/** Cases of a subtree admitted (approved; dated by the admission vote) and confirmed in a year. */
const yearCountRow = z.object({ admitted: z.number(), confirmed: z.number(), pipeline: z.number() });

export async function yearCounts(db: DbOrTx, orgPath: string, year: number) {
  const [row] = await queryRows(
    db,
    sql`select
          count(*) filter (where extract(year from admitted_on) = ${year})::int as admitted,
          count(*) filter (where extract(year from confirmed_on) = ${year} and stage = 'full')::int as confirmed,
          count(*) filter (where status = 'active' and stage = 'candidate')::int as pipeline
        from development_cases where org_path <@ ${orgPath}::ltree`,
    yearCountRow,
  );
  return row ?? { admitted: 0, confirmed: 0, pipeline: 0 };
}

/**
 * The org's direct children with counts of their subtrees' cases: one grouped query, the child
 * taken from each case's path with `subpath`.
 */
const childCountRow = z.object({
  orgId: z.number(),
  name: z.string(),
  /** Null for a child without cases. */
  stage: z.string().nullable(),
  active: z.number(),
  admitted: z.number(),
});

export async function childCounts(db: DbOrTx, orgId: number, orgPath: string, year: number) {
  const level = orgPath.split('.').length;
  return queryRows(
    db,
    sql`select o.id as "orgId", o.name, x.stage, coalesce(x.active, 0)::int as active,
          coalesce(x.admitted, 0)::int as admitted
        from orgs o left join (
          select subpath(org_path, ${level}, 1)::text::int as child_id, stage,
            count(*) filter (where status = 'active') as active,
            count(*) filter (where extract(year from admitted_on) = ${year}) as admitted
          from development_cases
          where org_path <@ ${orgPath}::ltree and nlevel(org_path) > ${level}
          group by 1, 2
        ) x on x.child_id = o.id
        where o.parent_id = ${orgId} and o.status = 'active'
        order by o.sort_order, o.id`,
    childCountRow,
  );
}

export async function plans(db: DbOrTx, orgIds: number[], year: number) {
  if (orgIds.length === 0) return [];
  return db
    .select()
    .from(developmentPlans)
    .where(and(inArray(developmentPlans.orgId, orgIds), eq(developmentPlans.year, year)));
}

export async function upsertPlan(db: DbOrTx, values: typeof developmentPlans.$inferInsert) {
  const [row] = await db
    .insert(developmentPlans)
    .values(values)
    .onConflictDoUpdate({
      target: [developmentPlans.orgId, developmentPlans.year],
      set: { quota: values.quota, note: values.note ?? null, setBy: values.setBy, setAt: new Date() },
    })
    .returning();
  return row;
}

// ----- disciplines -----

export async function disciplines(db: DbOrTx, memberId: number) {
  return db
    .select()
    .from(memberDisciplines)
    .where(eq(memberDisciplines.memberId, memberId))
    .orderBy(desc(memberDisciplines.decidedOn), desc(memberDisciplines.id));
}

export async function insertDiscipline(db: DbOrTx, values: typeof memberDisciplines.$inferInsert) {
  const [row] = await db.insert(memberDisciplines).values(values).returning();
  return row;
}

// ----- reminders (daily job, no actor) -----

const reminderCaseRow = z.object({
  id: z.number(),
  orgId: z.number(),
  orgPath: z.string(),
  name: z.string(),
  stage: z.string(),
  nextKey: z.string().nullable(),
  nextDueOn: z.string().nullable(),
  lastStepOn: z.string().nullable(),
  probationEndsOn: z.string().nullable(),
  approvingOrgId: z.number().nullable(),
});
export type ReminderCase = z.infer<typeof reminderCaseRow>;

export async function reminderCases(db: DbOrTx, today: string, until: string, probationUntil: string) {
  return queryRows(
    db,
    sql`select c.id, c.org_id as "orgId", c.org_path::text as "orgPath", c.name, c.stage,
          c.next_key as "nextKey", c.next_due_on::text as "nextDueOn", c.last_step_on::text as "lastStepOn",
          c.probation_ends_on::text as "probationEndsOn",
          (select a.id from orgs a where a.path @> c.org_path and a.path <> c.org_path
             and a.approves_development order by nlevel(a.path) desc limit 1) as "approvingOrgId"
        from development_cases c
        where c.status = 'active' and (c.next_due_on <= ${until}::date
          or c.next_key in ('admission_approval', 'confirmation_approval')
          or (c.stage = 'probationary' and c.probation_ends_on between ${today}::date and ${probationUntil}::date))
        order by c.id`,
    reminderCaseRow,
  );
}
