/**
 * 党费: the module's only SQL user besides the shared bookkeeping in ledger.ts and runs.ts. Reads of members,
 * profiles, ledger rows, payments and decisions take a Scope.
 *
 * Reads without a Scope, each for a reason:
 * - `profilesOf`, `ledgerMonthsOf`, `paymentsOfMember`, `latestDecisions`, `streakRows`,
 *   `memberNames`: by member ids the caller has already read through a Scope (a member's history
 *   follows the member, also months booked under an earlier org), or the daily job's candidates;
 * - `ledgerRow`, `lockLedger`, `paymentsByIds`, `decisionById`, `findProfile`: by ids of rows the
 *   caller has just read through a Scope or written in the same transaction (writes go by id after
 *   a scoped read);
 * - `paymentWithExternalRef`: a provider's reference is unique across the deployment;
 * - `runsOf`: by member ids, like the ledger reads above;
 * - `rootOrgPaths`, `unpaidIn`, `usersOfMembers`: the daily job, which acts for the
 *   whole deployment;
 * - the approving committee's name on a profile (`profileSelect`): it sits above a branch
 *   secretary's scope; only its name is shown on a profile the actor already sees;
 * - the idempotency-key functions: keyed by (scope, key); the row's user is checked by the caller.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { firstDay, lastDay, type Month } from '../../../domain/dues/months.js';
import { CURRENT_MEMBER_STATUSES } from '../../../domain/member/labels.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { Scope } from '../../lib/scope.js';
import { nameSearch } from '../../lib/search.js';

const col = (s: string) => sql.raw(s) as unknown as AnyPgColumn;
const intArray = (ids: readonly number[]) =>
  sql.raw(`array[${ids.map((i) => Math.trunc(Number(i))).join(',')}]::int[]`);

/** Rows of one column, by name (`returning id`, `select member_id as "memberId"`). */
export const idRow = z.object({ id: z.number() });
export const memberIdRow = z.object({ memberId: z.number() });
const pathRow = z.object({ path: z.string() });
const countRow = z.object({ n: z.number() });
const totalRow = z.object({ total: z.number() });

// ---- members and orgs -----------------------------------------------------------------------

export const memberRow = z.object({
  id: z.number(),
  name: z.string(),
  category: z.string(),
  status: z.string(),
  joinedOn: z.string(),
  leftOn: z.string().nullable(),
  orgId: z.number(),
  orgPath: z.string(),
  orgName: z.string(),
  orgParentId: z.number().nullable(),
});
export type MemberRow = z.infer<typeof memberRow>;

/** A member through a Scope (their own record for the member role); optionally locked. */
export async function findMember(db: DbOrTx, scope: Scope, id: number, forUpdate = false) {
  const [row] = await queryRows(
    db,
    sql`select m.id, m.name, m.category, m.status, m.joined_on::text as "joinedOn", m.left_on::text as "leftOn",
          m.org_id as "orgId", m.org_path::text as "orgPath", o.name as "orgName", o.parent_id as "orgParentId"
        from members m join orgs o on o.id = m.org_id
        where m.id = ${id} and ${scope.memberCondition(col('m.org_path'), col('m.id'))}
        ${forUpdate ? sql`for update of m` : sql``}`,
    memberRow,
  );
  return row ?? null;
}

/** Members of a subtree (already checked to be in scope) among the ids given. */
export async function membersInSubtree(db: DbOrTx, scope: Scope, orgPath: string, ids: readonly number[]) {
  if (!ids.length) return [];
  return queryRows(
    db,
    sql`select m.id, m.name, m.category, m.status, m.joined_on::text as "joinedOn", m.left_on::text as "leftOn",
          m.org_id as "orgId", m.org_path::text as "orgPath", o.name as "orgName", o.parent_id as "orgParentId"
        from members m join orgs o on o.id = m.org_id
        where m.id = any(${intArray(ids)}) and m.org_path <@ ${orgPath}::ltree
          and ${scope.pathCondition(sql`m.org_path`)}
        order by m.id`,
    memberRow,
  );
}

export const orgRef = z.object({
  id: z.number(),
  name: z.string(),
  path: z.string(),
  kind: z.string(),
  depth: z.number(),
  parentId: z.number().nullable(),
});
export type OrgRef = z.infer<typeof orgRef>;

/** An org through a Scope (null outside it); optionally locked (a remittance checks the balance). */
export async function findOrg(db: DbOrTx, scope: Scope, id: number, forUpdate = false) {
  const [row] = await queryRows(
    db,
    sql`select id, name, path::text as path, kind, depth, parent_id as "parentId" from orgs
        where id = ${id} and ${scope.pathCondition(sql`path`)} ${forUpdate ? sql`for update` : sql``}`,
    orgRef,
  );
  return row ?? null;
}

/** The roots of the tree (for the daily job, which has no actor). */
export async function rootOrgPaths(db: DbOrTx) {
  const rows = await queryRows(
    db,
    sql`select path::text as path from orgs where parent_id is null order by id`,
    pathRow,
  );
  return rows.map((r) => r.path);
}

// ---- profiles -------------------------------------------------------------------------------

export const profileFull = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  category: z.string(),
  effectiveMonth: z.string(),
  baseFen: z.number().nullable(),
  amountFen: z.number().nullable(),
  status: z.string(),
  reason: z.string().nullable(),
  approvalOrgId: z.number().nullable(),
  approvalOrgName: z.string().nullable(),
  approvalOrgPath: z.string().nullable(),
  approvalRef: z.string().nullable(),
  decidedOn: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdByName: z.string().nullable(),
  /** Timestamps arrive as the database's text on both drivers (Drizzle leaves them unparsed). */
  createdAt: z.string(),
  memberOrgPath: z.string(),
});
export type ProfileFull = z.infer<typeof profileFull>;

const profileSelect = sql`select p.id, p.member_id as "memberId", m.name as "memberName", p.org_id as "orgId",
    o.name as "orgName", p.category, p.effective_month::text as "effectiveMonth", p.base_fen as "baseFen",
    p.amount_fen as "amountFen", p.status, p.reason, p.approval_org_id as "approvalOrgId",
    a.name as "approvalOrgName", a.path::text as "approvalOrgPath", p.approval_ref as "approvalRef",
    p.decided_on::text as "decidedOn", p.decision_note as "decisionNote", u.display_name as "createdByName",
    p.created_at as "createdAt", m.org_path::text as "memberOrgPath"
  from dues_profiles p join members m on m.id = p.member_id join orgs o on o.id = p.org_id
  left join orgs a on a.id = p.approval_org_id left join users u on u.id = p.created_by`;

/** Profiles of a member already read through a Scope, newest first. */
export async function profilesOf(db: DbOrTx, memberId: number) {
  return queryRows(
    db,
    sql`${profileSelect} where p.member_id = ${memberId} order by p.effective_month desc, p.id desc`,
    profileFull,
  );
}

/** A profile whose approving committee is in the (dues.approve) scope; optionally locked. */
export async function findProfileToDecide(db: DbOrTx, scope: Scope, id: number, forUpdate = false) {
  const [row] = await queryRows(
    db,
    sql`${profileSelect} where p.id = ${id} and ${scope.pathCondition(sql`a.path`)}
        ${forUpdate ? sql`for update of p` : sql``}`,
    profileFull,
  );
  return row ?? null;
}

export async function findProfile(db: DbOrTx, id: number) {
  const [row] = await queryRows(db, sql`${profileSelect} where p.id = ${id}`, profileFull);
  return row ?? null;
}

/** Pending hardship profiles whose approving committee lies in the org's subtree and the scope. */
/** A batch of the approval queue: after the profile `afterId` (in the queue's order), `limit` rows. */
export interface QueuePage {
  afterId?: number | null;
  limit?: number;
}

const pendingWhere = (scope: Scope, orgPath: string | null) =>
  sql`p.status = 'pending' and ${scope.pathCondition(sql`a.path`)}
      ${orgPath ? sql`and a.path <@ ${orgPath}::ltree` : sql``}`;

/** Rows of the approval queue a screen shows at once (the oldest first). */
export const QUEUE_PAGE = 500;

export async function pendingProfiles(
  db: DbOrTx,
  scope: Scope,
  orgPath: string | null,
  { afterId = null, limit = QUEUE_PAGE }: QueuePage = {},
) {
  // The cursor's time is read in the database: a JS Date would drop its microseconds.
  const after =
    afterId === null
      ? sql``
      : sql`and (p.created_at, p.id) > ((select created_at from dues_profiles where id = ${afterId}), ${afterId})`;
  return queryRows(
    db,
    sql`${profileSelect} where ${pendingWhere(scope, orgPath)} ${after}
        order by p.created_at, p.id limit ${limit}`,
    profileFull,
  );
}

export async function countPendingProfiles(db: DbOrTx, scope: Scope, orgPath: string | null) {
  const [r] = await queryRows(
    db,
    sql`select count(*)::int as n from dues_profiles p left join orgs a on a.id = p.approval_org_id
        where ${pendingWhere(scope, orgPath)}`,
    countRow,
  );
  return r.n;
}

export async function insertProfile(
  db: DbOrTx,
  v: {
    memberId: number;
    orgId: number;
    category: string;
    effectiveMonth: Month;
    baseFen: number | null;
    amountFen: number | null;
    status: string;
    reason: string | null;
    approvalOrgId: number | null;
    createdBy: number;
  },
) {
  const [row] = await queryRows(
    db,
    sql`insert into dues_profiles (member_id, org_id, category, effective_month, base_fen, amount_fen, status,
          reason, approval_org_id, created_by)
        values (${v.memberId}, ${v.orgId}, ${v.category}, ${firstDay(v.effectiveMonth)}::date, ${v.baseFen},
          ${v.amountFen}, ${v.status}, ${v.reason}, ${v.approvalOrgId}, ${v.createdBy})
        returning id`,
    idRow,
  );
  return row.id;
}

export async function decideProfile(
  db: DbOrTx,
  id: number,
  v: {
    status: string;
    approvalRef: string | null;
    decidedOn: string;
    decidedBy: number;
    note: string | null;
  },
) {
  await db.execute(sql`update dues_profiles set status = ${v.status}, approval_ref = ${v.approvalRef},
      decided_on = ${v.decidedOn}::date, decided_by = ${v.decidedBy}, decision_note = ${v.note}
    where id = ${id}`);
}

// ---- ledger ---------------------------------------------------------------------------------

export const ledgerFull = z.object({
  ledgerId: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  memberCategory: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  orgPath: z.string(),
  month: z.string(),
  category: z.string().nullable(),
  baseFen: z.number().nullable(),
  rateBp: z.number().nullable(),
  expectedFen: z.number().nullable(),
  paidFen: z.number(),
  status: z.string(),
  lastPaidOn: z.string().nullable(),
  paidOnline: z.boolean(),
});
export type LedgerFull = z.infer<typeof ledgerFull>;

const statusTotalsRow = z.object({
  status: z.string(),
  n: z.number(),
  expected: z.number(),
  paid: z.number(),
  balance: z.number(),
});

const ledgerColumns = sql`l.id as "ledgerId", l.member_id as "memberId", m.name as "memberName",
    m.category as "memberCategory", l.org_id as "orgId", o.name as "orgName", l.org_path::text as "orgPath",
    l.month::text as month, l.category, l.base_fen as "baseFen", l.rate_bp as "rateBp",
    l.expected_fen as "expectedFen", l.paid_fen as "paidFen", l.status, l.last_paid_on::text as "lastPaidOn",
    coalesce((select p.method = 'online' from dues_payments p where p.ledger_id = l.id and p.voided_at is null
      order by p.id desc limit 1), false) as "paidOnline"`;
const ledgerFrom = sql`from dues_ledger l join members m on m.id = l.member_id join orgs o on o.id = l.org_id`;
const ledgerSelect = sql`select ${ledgerColumns} ${ledgerFrom}`;

export interface LedgerFilter {
  orgPath: string;
  month: Month;
  status?: string;
  q?: string;
}

function ledgerWhere(scope: Scope, f: LedgerFilter, withFilters: boolean): SQL {
  const conds: SQL[] = [
    inSubtree(sql`l.org_id`, f.orgPath),
    sql`l.month = ${firstDay(f.month)}::date`,
    scope.pathCondition(sql`l.org_path`),
  ];
  if (withFilters && f.status) conds.push(sql`l.status = ${f.status}`);
  if (withFilters && f.q)
    conds.push(
      nameSearch(
        { name: col('m.name'), pinyin: col('m.name_pinyin'), initials: col('m.name_initials') },
        f.q,
      ),
    );
  return sql.join(conds, sql` and `);
}

/** The collection sheet of a subtree and month: a page of rows, their count, and the month's totals. */
export async function ledgerPage(
  db: DbOrTx,
  scope: Scope,
  f: LedgerFilter,
  current: number,
  pageSize: number,
) {
  const where = ledgerWhere(scope, f, true);
  const all = ledgerWhere(scope, f, false);
  const [data, [{ total }], byStatus, [voluntary]] = await Promise.all([
    queryRows(
      db,
      sql`${ledgerSelect} where ${where} order by l.org_path, m.name_pinyin, l.member_id
          limit ${pageSize} offset ${(current - 1) * pageSize}`,
      ledgerFull,
    ),
    queryRows(
      db,
      sql`select count(*)::int as total from dues_ledger l join members m on m.id = l.member_id where ${where}`,
      totalRow,
    ),
    queryRows(
      db,
      sql`select l.status, count(*)::int as n, coalesce(sum(l.expected_fen), 0)::int as expected,
            coalesce(sum(l.paid_fen), 0)::int as paid,
            coalesce(sum(greatest(coalesce(l.expected_fen, 0) - l.paid_fen, 0)), 0)::int as balance
          from dues_ledger l join members m on m.id = l.member_id where ${all} group by l.status`,
      statusTotalsRow,
    ),
    queryRows(
      db,
      sql`select coalesce(sum(amount_fen), 0)::int as fen from dues_payments p
          where p.kind = 'voluntary' and p.voided_at is null and ${inSubtree(sql`p.org_id`, f.orgPath)}
            and p.month = ${firstDay(f.month)}::date and ${scope.pathCondition(sql`p.org_path`)}`,
      z.object({ fen: z.number() }),
    ),
  ]);
  return { data, total, byStatus, voluntaryFen: voluntary?.fen ?? 0 };
}

const sheetRow = z.object({
  data: z.array(ledgerFull),
  total: z.number(),
  byStatus: z.array(statusTotalsRow),
  voluntaryFen: z.number(),
  streaks: z.array(z.lazy(() => streakRow)),
  latest: z.array(z.lazy(() => decisionRow)),
  accepted: z.array(z.lazy(() => decisionRow)),
  missing: z.boolean(),
});

/**
 * `ledgerPage`, the page's members' months before `before` (`streakRows`) and their decisions
 * (`latestDecisions`) in one statement, the same conditions and orders (issue #21: the sheet sent
 * ten statements, with a write transaction on every GET). With `checkMissing`, also whether a
 * member of the subtree owes the month and has no row yet (`ensureLedgerRows` would make one): the
 * caller then makes them and reads again, so a GET writes only when there is something to write.
 */
export async function ledgerSheet(
  db: DbOrTx,
  scope: Scope,
  f: LedgerFilter,
  current: number,
  pageSize: number,
  before: Month,
  checkMissing: boolean,
) {
  const where = ledgerWhere(scope, f, true);
  const all = ledgerWhere(scope, f, false);
  const from = firstDay(f.month);
  const [row] = await queryRows(
    db,
    // The page's order kept through json_agg by its own keys (the sort column rides along).
    sql`with page as (
          select ${ledgerColumns}, l.org_path as sort_path, m.name_pinyin as sort_name ${ledgerFrom}
          where ${where} order by l.org_path, m.name_pinyin, l.member_id
          limit ${pageSize} offset ${(current - 1) * pageSize})
        select
          coalesce((select json_agg(p order by p.sort_path, p.sort_name, p."memberId") from page p),
            '[]'::json) as data,
          (select count(*)::int from dues_ledger l join members m on m.id = l.member_id where ${where}) as total,
          coalesce((select json_agg(t) from (
            select l.status, count(*)::int as n, coalesce(sum(l.expected_fen), 0)::int as expected,
              coalesce(sum(l.paid_fen), 0)::int as paid,
              coalesce(sum(greatest(coalesce(l.expected_fen, 0) - l.paid_fen, 0)), 0)::int as balance
            from dues_ledger l join members m on m.id = l.member_id where ${all} group by l.status) t),
            '[]'::json) as "byStatus",
          (select coalesce(sum(amount_fen), 0)::int from dues_payments p
            where p.kind = 'voluntary' and p.voided_at is null and ${inSubtree(sql`p.org_id`, f.orgPath)}
              and p.month = ${from}::date and ${scope.pathCondition(sql`p.org_path`)}) as "voluntaryFen",
          coalesce((select json_agg(s order by s."memberId", s.month) from (
            select member_id as "memberId", month::text as month, expected_fen as "expectedFen",
              paid_fen as "paidFen", last_paid_on::text as "lastPaidOn"
            from dues_ledger where member_id in (select "memberId" from page)
              and month < ${firstDay(before)}::date) s), '[]'::json) as streaks,
          coalesce((select json_agg(x) from (
            select distinct on (x."memberId") x.* from (${decisionSelect}
              where d.member_id in (select "memberId" from page)) x
            order by x."memberId", x."decidedOn" desc, x.id desc) x), '[]'::json) as latest,
          coalesce((select json_agg(x) from (
            select distinct on (x."memberId") x.* from (${decisionSelect}
              where d.member_id in (select "memberId" from page) and d.decision = 'reason_accepted') x
            order by x."memberId", x."streakTo" desc, x.id desc) x), '[]'::json) as accepted,
          ${
            checkMissing
              ? sql`exists (select 1 from members m
                  where m.org_path <@ ${f.orgPath}::ltree and m.joined_on <= ${lastDay(f.month)}::date
                    and (m.left_on is null or m.left_on > ${from}::date)
                    and m.status <> 'deceased' and not (m.status = 'left' and m.left_on is null)
                    and not exists (select 1 from dues_ledger l where l.member_id = m.id and l.month = ${from}::date))`
              : sql`false`
          } as missing`,
    sheetRow,
  );
  return row;
}

/** Ledger rows of one member (already read through a Scope) between two months, oldest first. */
export async function ledgerMonthsOf(db: DbOrTx, memberId: number, from: Month | null, to: Month | null) {
  return queryRows(
    db,
    sql`${ledgerSelect} where l.member_id = ${memberId}
        ${from ? sql`and l.month >= ${firstDay(from)}::date` : sql``}
        ${to ? sql`and l.month <= ${firstDay(to)}::date` : sql``}
        order by l.month`,
    ledgerFull,
  );
}

export async function ledgerRow(db: DbOrTx, ledgerId: number) {
  const [row] = await queryRows(db, sql`${ledgerSelect} where l.id = ${ledgerId}`, ledgerFull);
  return row ?? null;
}

/**
 * Locks the member's rows of a month FOR UPDATE: two payments for one month queue here, so the
 * second sees the first's paid amount and cannot over-book the month.
 */
export async function lockLedger(db: DbOrTx, memberIds: readonly number[], month: Month) {
  if (!memberIds.length) return [];
  return queryRows(
    db,
    sql`select id, member_id as "memberId", expected_fen as "expectedFen", paid_fen as "paidFen"
        from dues_ledger where member_id = any(${intArray(memberIds)}) and month = ${firstDay(month)}::date
        order by member_id for update`,
    z.object({
      id: z.number(),
      memberId: z.number(),
      expectedFen: z.number().nullable(),
      paidFen: z.number(),
    }),
  );
}

export const streakRow = z.object({
  memberId: z.number(),
  month: z.string(),
  expectedFen: z.number().nullable(),
  paidFen: z.number(),
  lastPaidOn: z.string().nullable(),
});
export type StreakRow = z.infer<typeof streakRow>;

/** The months before `before` of the members given (from `from` on), for streaks and arrears. */
export async function streakRows(
  db: DbOrTx,
  memberIds: readonly number[],
  from: Month | null,
  before: Month,
) {
  if (!memberIds.length) return [];
  return queryRows(
    db,
    sql`select member_id as "memberId", month::text as month, expected_fen as "expectedFen", paid_fen as "paidFen",
          last_paid_on::text as "lastPaidOn"
        from dues_ledger where member_id = any(${intArray(memberIds)}) and month < ${firstDay(before)}::date
        ${from ? sql`and month >= ${firstDay(from)}::date` : sql``}
        order by member_id, month`,
    streakRow,
  );
}

/**
 * Ledger and payment rows of an org's subtree, found by their org id: `org_id in (the subtree's
 * orgs)`, which the (org_id, month) btree indexes answer. No GiST index on their path copies: the
 * month filter is what is selective, and a GiST build costs ~1 s per 100,000 rows on PGlite (the
 * demo's first start) and is the slowest index to maintain at national scale. The path copy still
 * serves the scope filter.
 */
export const inSubtree = (orgIdColumn: SQL, path: string) =>
  sql`${orgIdColumn} in (select id from orgs where path <@ ${path}::ltree)`;

/** Arrears and flags concern the register's current members, not those who left or died. */
export const CURRENT_MEMBER_SQL = sql.raw(
  `m.status in (${CURRENT_MEMBER_STATUSES.map((v) => `'${v}'`).join(', ')})`,
);

/**
 * Current members of the whole deployment who paid nothing for `month` (the daily job's reminder
 * candidates; no Scope: the job acts for the deployment and tells each user only of their own org).
 */
export async function unpaidIn(db: DbOrTx, month: Month) {
  const rows = await queryRows(
    db,
    sql`select l.member_id as "memberId" from dues_ledger l join members m on m.id = l.member_id
        where l.month = ${firstDay(month)}::date and l.status = 'unpaid' and ${CURRENT_MEMBER_SQL}`,
    memberIdRow,
  );
  return rows.map((r) => r.memberId);
}

/** The active accounts linked to some members (the daily job tells each their own warning). */
export async function usersOfMembers(db: DbOrTx, memberIds: readonly number[]) {
  if (!memberIds.length) return [];
  return queryRows(
    db,
    sql`select id, member_id as "memberId" from users where active and member_id = any(${intArray(memberIds)})`,
    z.object({ id: z.number(), memberId: z.number() }),
  );
}

/** Current members of a subtree owing something before `before` (status unpaid or partial). */

export async function arrearsCandidates(db: DbOrTx, scope: Scope, orgPath: string, before: Month) {
  const rows = await queryRows(
    db,
    sql`select distinct l.member_id as "memberId" from dues_ledger l
        where ${inSubtree(sql`l.org_id`, orgPath)} and ${scope.pathCondition(sql`l.org_path`)}
          and l.status in ('unpaid', 'partial') and l.month < ${firstDay(before)}::date
          and exists (select 1 from members m where m.id = l.member_id and ${CURRENT_MEMBER_SQL})`,
    memberIdRow,
  );
  return rows.map((r) => r.memberId);
}

export async function memberNames(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return [];
  return queryRows(
    db,
    sql`select m.id, m.name, m.org_id as "orgId", o.name as "orgName", m.org_path::text as "orgPath"
        from members m join orgs o on o.id = m.org_id where m.id = any(${intArray(ids)})`,
    z.object({
      id: z.number(),
      name: z.string(),
      orgId: z.number(),
      orgName: z.string(),
      orgPath: z.string(),
    }),
  );
}

// ---- payments -------------------------------------------------------------------------------

export const paymentFull = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  ledgerId: z.number().nullable(),
  orgId: z.number(),
  orgPath: z.string(),
  month: z.string(),
  kind: z.string(),
  amountFen: z.number(),
  paidOn: z.string(),
  method: z.string(),
  payerName: z.string().nullable(),
  externalRef: z.string().nullable(),
  note: z.string().nullable(),
  late: z.boolean(),
  toCentre: z.boolean(),
  collectorName: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  createdAt: z.string(),
});
export type PaymentFull = z.infer<typeof paymentFull>;

const paymentSelect = sql`select p.id, p.member_id as "memberId", m.name as "memberName", p.ledger_id as "ledgerId",
    p.org_id as "orgId", p.org_path::text as "orgPath", p.month::text as month, p.kind, p.amount_fen as "amountFen",
    p.paid_on::text as "paidOn", p.method, p.payer_name as "payerName", p.external_ref as "externalRef", p.note,
    p.late, p.to_centre as "toCentre", u.display_name as "collectorName", p.voided_at as "voidedAt",
    p.void_reason as "voidReason", p.created_at as "createdAt"
  from dues_payments p join members m on m.id = p.member_id left join users u on u.id = p.collector_id`;

export async function insertPayment(
  db: DbOrTx,
  v: {
    memberId: number;
    ledgerId: number | null;
    orgId: number;
    orgPath: string;
    month: Month;
    kind: string;
    amountFen: number;
    paidOn: string;
    method: string;
    payerName: string | null;
    externalRef: string | null;
    note: string | null;
    late: boolean;
    toCentre: boolean;
    collectorId: number;
  },
) {
  const [row] = await queryRows(
    db,
    sql`insert into dues_payments (member_id, ledger_id, org_id, org_path, month, kind, amount_fen, paid_on, method,
          payer_name, external_ref, note, late, to_centre, collector_id)
        values (${v.memberId}, ${v.ledgerId}, ${v.orgId}, ${v.orgPath}::ltree, ${firstDay(v.month)}::date, ${v.kind},
          ${v.amountFen}, ${v.paidOn}::date, ${v.method}, ${v.payerName}, ${v.externalRef}, ${v.note}, ${v.late},
          ${v.toCentre}, ${v.collectorId})
        returning id`,
    idRow,
  );
  return row.id;
}

export async function paymentsByIds(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return [];
  return queryRows(db, sql`${paymentSelect} where p.id = any(${intArray(ids)}) order by p.id`, paymentFull);
}

export async function paymentWithExternalRef(db: DbOrTx, externalRef: string) {
  const [row] = await queryRows(
    db,
    sql`select id from dues_payments where external_ref = ${externalRef}`,
    idRow,
  );
  return row ?? null;
}

/** A payment through a Scope (by the payment's org path), locked for a void. */
export async function findPaymentForUpdate(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows(
    db,
    sql`select id, member_id as "memberId", ledger_id as "ledgerId", voided_at as "voidedAt", org_path::text as "orgPath" from dues_payments
        where id = ${id} and ${scope.pathCondition(sql`org_path`)} for update`,
    z.object({
      id: z.number(),
      memberId: z.number(),
      ledgerId: z.number().nullable(),
      voidedAt: z.string().nullable(),
      orgPath: z.string(),
    }),
  );
  return row ?? null;
}

export async function voidPayment(db: DbOrTx, id: number, reason: string, userId: number) {
  await db.execute(
    sql`update dues_payments set voided_at = now(), void_reason = ${reason}, voided_by = ${userId} where id = ${id}`,
  );
}

export interface PaymentFilter {
  orgPath?: string;
  memberId?: number;
  month?: Month;
  from?: Month;
  to?: Month;
}

/** Payments through a Scope: by the payment's org path, or the actor's own member record. */
export async function listPayments(
  db: DbOrTx,
  scope: Scope,
  f: PaymentFilter,
  current: number,
  pageSize: number,
) {
  const conds: SQL[] = [scope.memberCondition(col('p.org_path'), col('p.member_id'))];
  if (f.orgPath) conds.push(inSubtree(sql`p.org_id`, f.orgPath));
  if (f.memberId) conds.push(sql`p.member_id = ${f.memberId}`);
  if (f.month) conds.push(sql`p.month = ${firstDay(f.month)}::date`);
  if (f.from) conds.push(sql`p.month >= ${firstDay(f.from)}::date`);
  if (f.to) conds.push(sql`p.month <= ${firstDay(f.to)}::date`);
  const where = sql.join(conds, sql` and `);
  const [data, [{ total }]] = await Promise.all([
    queryRows(
      db,
      sql`${paymentSelect} where ${where} order by p.paid_on desc, p.id desc
          limit ${pageSize} offset ${(current - 1) * pageSize}`,
      paymentFull,
    ),
    queryRows(db, sql`select count(*)::int as total from dues_payments p where ${where}`, totalRow),
  ]);
  return { data, total };
}

/** Payments of one member (already read through a Scope) in a range of months. */
export async function paymentsOfMember(db: DbOrTx, memberId: number, from: Month, to: Month) {
  return queryRows(
    db,
    sql`${paymentSelect} where p.member_id = ${memberId} and p.month >= ${firstDay(from)}::date
        and p.month <= ${firstDay(to)}::date order by p.month, p.paid_on, p.id`,
    paymentFull,
  );
}

// ---- lapse decisions ------------------------------------------------------------------------

export const decisionRow = z.object({
  id: z.number(),
  runId: z.number().nullable(),
  memberId: z.number(),
  decision: z.string(),
  decidedOn: z.string(),
  deadlineOn: z.string().nullable(),
  streakFrom: z.string(),
  streakTo: z.string(),
  note: z.string(),
  recordedByName: z.string().nullable(),
});
export type DecisionRow = z.infer<typeof decisionRow>;

const decisionSelect = sql`select d.id, d.run_id as "runId", d.member_id as "memberId", d.decision, d.decided_on::text as "decidedOn",
    d.deadline_on::text as "deadlineOn", d.streak_from::text as "streakFrom", d.streak_to::text as "streakTo",
    d.note, u.display_name as "recordedByName"
  from dues_lapse_decisions d left join users u on u.id = d.recorded_by`;

/** The latest decision per member, and the latest 'reason_accepted' one (it excuses a streak). */
export async function latestDecisions(db: DbOrTx, memberIds: readonly number[]) {
  if (!memberIds.length) return { latest: [], accepted: [] };
  // Sequential: inside a transaction both would share one connection.
  const latest = await queryRows(
    db,
    sql`select distinct on (x."memberId") x.* from (${decisionSelect}
          where d.member_id = any(${intArray(memberIds)})) x
        order by x."memberId", x."decidedOn" desc, x.id desc`,
    decisionRow,
  );
  const accepted = await queryRows(
    db,
    sql`select distinct on (x."memberId") x.* from (${decisionSelect}
          where d.member_id = any(${intArray(memberIds)}) and d.decision = 'reason_accepted') x
        order by x."memberId", x."streakTo" desc, x.id desc`,
    decisionRow,
  );
  return { latest, accepted };
}

export async function insertDecision(
  db: DbOrTx,
  v: {
    runId: number;
    memberId: number;
    orgId: number;
    orgPath: string;
    streakFrom: Month;
    streakTo: Month;
    decision: string;
    decidedOn: string;
    deadlineOn: string | null;
    note: string;
    recordedBy: number;
  },
) {
  const [row] = await queryRows(
    db,
    sql`insert into dues_lapse_decisions (run_id, member_id, org_id, org_path, streak_from, streak_to, decision,
          decided_on, deadline_on, note, recorded_by)
        values (${v.runId}, ${v.memberId}, ${v.orgId}, ${v.orgPath}::ltree, ${firstDay(v.streakFrom)}::date,
          ${firstDay(v.streakTo)}::date, ${v.decision}, ${v.decidedOn}::date, ${v.deadlineOn}::date, ${v.note},
          ${v.recordedBy})
        returning id`,
    idRow,
  );
  return row.id;
}

export async function decisionById(db: DbOrTx, id: number) {
  const [row] = await queryRows(db, sql`${decisionSelect} where d.id = ${id}`, decisionRow);
  return row ?? null;
}

// ---- runs of unpaid months (written by runs.ts) -------------------------------------------------

export const runRow = z.object({
  id: z.number(),
  memberId: z.number(),
  orgId: z.number(),
  orgPath: z.string(),
  level: z.string(),
  firstMonth: z.string(),
  lastMonth: z.string(),
  reachedMonth: z.string(),
  expectedFen: z.number(),
  detectedOn: z.string(),
  memberNotifiedAt: z.string().nullable(),
  branchNotifiedAt: z.string().nullable(),
  status: z.string(),
  withdrawnOn: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  /** The decision that settles it, if any (its latest), as JSON (row_to_json of decisionSelect). */
  decision: decisionRow.nullable(),
});
export type RunRow = z.infer<typeof runRow>;

const runSelect = sql`select r.id, r.member_id as "memberId", r.org_id as "orgId", r.org_path::text as "orgPath",
    r.level, to_char(r.first_month, 'YYYY-MM') as "firstMonth", to_char(r.last_month, 'YYYY-MM') as "lastMonth",
    to_char(r.reached_month, 'YYYY-MM') as "reachedMonth", r.expected_fen as "expectedFen",
    r.detected_on::text as "detectedOn", r.member_notified_at as "memberNotifiedAt",
    r.branch_notified_at as "branchNotifiedAt", r.status, r.withdrawn_on::text as "withdrawnOn",
    r.withdrawn_reason as "withdrawnReason",
    (select row_to_json(x) from (${decisionSelect} where d.run_id = r.id order by d.id desc limit 1) x) as decision
  from dues_arrears_runs r`;

/** Runs of members already read through a Scope (or the job's), newest first. */
export async function runsOf(db: DbOrTx, memberIds: readonly number[], withWithdrawn = false) {
  if (!memberIds.length) return [];
  return queryRows(
    db,
    sql`${runSelect} where r.member_id = any(${intArray(memberIds)})
        ${withWithdrawn ? sql`` : sql`and r.status <> 'withdrawn'`}
        order by r.member_id, r.first_month desc, r.level desc, r.id desc`,
    runRow,
  );
}

/** A run through a Scope (by its branch's path), locked for a decision. */
export async function findRunForUpdate(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows(
    db,
    sql`${runSelect} where r.id = ${id} and ${scope.pathCondition(sql`r.org_path`)} for update of r`,
    runRow,
  );
  return row ?? null;
}

/**
 * Current members of a subtree with a lapse run awaiting a decision (the decision list): off the
 * runs' open partial index and path, never the ledger.
 */
export async function openLapseMembers(db: DbOrTx, scope: Scope, orgPath: string) {
  const rows = await queryRows(
    db,
    sql`select distinct r.member_id as "memberId" from dues_arrears_runs r join members m on m.id = r.member_id
        where r.status = 'open' and r.level = 'lapse' and r.org_path <@ ${orgPath}::ltree
          and ${scope.pathCondition(sql`r.org_path`)} and ${CURRENT_MEMBER_SQL}`,
    memberIdRow,
  );
  return rows.map((r) => r.memberId);
}

/**
 * Settles a run; a lapse run's decision also settles the open warning run of the same months (the
 * branch has decided on the whole of it, the deadline included).
 */
export async function settleRun(db: DbOrTx, id: number) {
  await db.execute(sql`update dues_arrears_runs w set status = 'decided', updated_at = now()
    from dues_arrears_runs r
    where r.id = ${id} and (w.id = r.id or (r.level = 'lapse' and w.level = 'warning' and w.status = 'open'
      and w.member_id = r.member_id and w.first_month <= r.last_month and r.first_month <= w.last_month))`);
}

// ---- idempotency keys -----------------------------------------------------------------------

const keyRow = z.object({
  userId: z.number().nullable(),
  requestHash: z.string(),
  statusCode: z.number().nullable(),
  /** The stored answer (jsonb), replayed as it was sent. */
  response: z.unknown(),
});
export type KeyRow = z.infer<typeof keyRow>;

/**
 * Claims a key: true when this transaction inserted it. A concurrent transaction holding the same
 * key makes this insert wait until it commits (then false: replay) or rolls back (then true).
 */
export async function claimKey(db: DbOrTx, scope: string, key: string, userId: number, hash: string) {
  const rows = await queryRows(
    db,
    sql`insert into idempotency_keys (scope, key, user_id, request_hash) values (${scope}, ${key}, ${userId}, ${hash})
        on conflict (scope, key) do nothing returning key`,
    z.object({ key: z.string() }),
  );
  return rows.length === 1;
}

export async function findKey(db: DbOrTx, scope: string, key: string) {
  const [row] = await queryRows(
    db,
    sql`select user_id as "userId", request_hash as "requestHash", status_code as "statusCode", response
        from idempotency_keys where scope = ${scope} and key = ${key}`,
    keyRow,
  );
  return row ?? null;
}

export async function saveKeyResponse(
  db: DbOrTx,
  scope: string,
  key: string,
  status: number,
  response: unknown,
) {
  await db.execute(sql`update idempotency_keys set status_code = ${status}, response = ${JSON.stringify(response)}::jsonb
    where scope = ${scope} and key = ${key}`);
}
