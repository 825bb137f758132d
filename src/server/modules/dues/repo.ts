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
 * - `rootOrgPaths`, `unpaidIn`, `usersOfMembers`: the daily job, which acts for the whole deployment;
 * - the approving committee's name on a profile (`profileSelect`): it sits above a branch
 *   secretary's scope; only its name is shown on a profile the actor already sees;
 * - the idempotency-key functions: keyed by (scope, key); the row's user is checked by the caller.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { firstDay, type Month } from '../../../domain/dues/months.js';
import { CURRENT_MEMBER_STATUSES } from '../../../domain/member/labels.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { Scope } from '../../lib/scope.js';
import { nameSearch } from '../../lib/search.js';

const col = (s: string) => sql.raw(s) as unknown as AnyPgColumn;
const intArray = (ids: readonly number[]) =>
  sql.raw(`array[${ids.map((i) => Math.trunc(Number(i))).join(',')}]::int[]`);

// ---- members and orgs -----------------------------------------------------------------------

export interface MemberRow {
  id: number;
  name: string;
  category: string;
  status: string;
  joinedOn: string;
  leftOn: string | null;
  orgId: number;
  orgPath: string;
  orgName: string;
  orgParentId: number | null;
}

/** A member through a Scope (their own record for the member role); optionally locked. */
export async function findMember(db: DbOrTx, scope: Scope, id: number, forUpdate = false) {
  const [row] = await queryRows<MemberRow>(
    db,
    sql`select m.id, m.name, m.category, m.status, m.joined_on::text as "joinedOn", m.left_on::text as "leftOn",
          m.org_id as "orgId", m.org_path::text as "orgPath", o.name as "orgName", o.parent_id as "orgParentId"
        from members m join orgs o on o.id = m.org_id
        where m.id = ${id} and ${scope.memberCondition(col('m.org_path'), col('m.id'))}
        ${forUpdate ? sql`for update of m` : sql``}`,
  );
  return row ?? null;
}

/** Members of a subtree (already checked to be in scope) among the ids given. */
export async function membersInSubtree(db: DbOrTx, scope: Scope, orgPath: string, ids: readonly number[]) {
  if (!ids.length) return [];
  return queryRows<MemberRow>(
    db,
    sql`select m.id, m.name, m.category, m.status, m.joined_on::text as "joinedOn", m.left_on::text as "leftOn",
          m.org_id as "orgId", m.org_path::text as "orgPath", o.name as "orgName", o.parent_id as "orgParentId"
        from members m join orgs o on o.id = m.org_id
        where m.id = any(${intArray(ids)}) and m.org_path <@ ${orgPath}::ltree
          and ${scope.pathCondition(sql`m.org_path`)}
        order by m.id`,
  );
}

export interface OrgRef {
  id: number;
  name: string;
  path: string;
  kind: string;
  depth: number;
  parentId: number | null;
}

/** An org through a Scope (null outside it); optionally locked (a remittance checks the balance). */
export async function findOrg(db: DbOrTx, scope: Scope, id: number, forUpdate = false) {
  const [row] = await queryRows<OrgRef>(
    db,
    sql`select id, name, path::text as path, kind, depth, parent_id as "parentId" from orgs
        where id = ${id} and ${scope.pathCondition(sql`path`)} ${forUpdate ? sql`for update` : sql``}`,
  );
  return row ?? null;
}

/** The roots of the tree (for the daily job, which has no actor). */
export async function rootOrgPaths(db: DbOrTx) {
  const rows = await queryRows<{ path: string }>(
    db,
    sql`select path::text as path from orgs where parent_id is null order by id`,
  );
  return rows.map((r) => r.path);
}

// ---- profiles -------------------------------------------------------------------------------

export interface ProfileFull {
  id: number;
  memberId: number;
  memberName: string;
  orgId: number;
  orgName: string;
  category: string;
  effectiveMonth: string;
  baseFen: number | null;
  amountFen: number | null;
  status: string;
  reason: string | null;
  approvalOrgId: number | null;
  approvalOrgName: string | null;
  approvalOrgPath: string | null;
  approvalRef: string | null;
  decidedOn: string | null;
  decisionNote: string | null;
  createdByName: string | null;
  createdAt: string;
  memberOrgPath: string;
}

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
  return queryRows<ProfileFull>(
    db,
    sql`${profileSelect} where p.member_id = ${memberId} order by p.effective_month desc, p.id desc`,
  );
}

/** A profile whose approving committee is in the (dues.approve) scope; optionally locked. */
export async function findProfileToDecide(db: DbOrTx, scope: Scope, id: number, forUpdate = false) {
  const [row] = await queryRows<ProfileFull>(
    db,
    sql`${profileSelect} where p.id = ${id} and ${scope.pathCondition(sql`a.path`)}
        ${forUpdate ? sql`for update of p` : sql``}`,
  );
  return row ?? null;
}

export async function findProfile(db: DbOrTx, id: number) {
  const [row] = await queryRows<ProfileFull>(db, sql`${profileSelect} where p.id = ${id}`);
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
  return queryRows<ProfileFull>(
    db,
    sql`${profileSelect} where ${pendingWhere(scope, orgPath)} ${after}
        order by p.created_at, p.id limit ${limit}`,
  );
}

export async function countPendingProfiles(db: DbOrTx, scope: Scope, orgPath: string | null) {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from dues_profiles p left join orgs a on a.id = p.approval_org_id
        where ${pendingWhere(scope, orgPath)}`,
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
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into dues_profiles (member_id, org_id, category, effective_month, base_fen, amount_fen, status,
          reason, approval_org_id, created_by)
        values (${v.memberId}, ${v.orgId}, ${v.category}, ${firstDay(v.effectiveMonth)}::date, ${v.baseFen},
          ${v.amountFen}, ${v.status}, ${v.reason}, ${v.approvalOrgId}, ${v.createdBy})
        returning id`,
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

export interface LedgerFull {
  ledgerId: number;
  memberId: number;
  memberName: string;
  memberCategory: string;
  orgId: number;
  orgName: string;
  orgPath: string;
  month: string;
  category: string | null;
  baseFen: number | null;
  rateBp: number | null;
  expectedFen: number | null;
  paidFen: number;
  status: string;
  lastPaidOn: string | null;
}

const ledgerSelect = sql`select l.id as "ledgerId", l.member_id as "memberId", m.name as "memberName",
    m.category as "memberCategory", l.org_id as "orgId", o.name as "orgName", l.org_path::text as "orgPath",
    l.month::text as month, l.category, l.base_fen as "baseFen", l.rate_bp as "rateBp",
    l.expected_fen as "expectedFen", l.paid_fen as "paidFen", l.status, l.last_paid_on::text as "lastPaidOn"
  from dues_ledger l join members m on m.id = l.member_id join orgs o on o.id = l.org_id`;

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
    queryRows<LedgerFull>(
      db,
      sql`${ledgerSelect} where ${where} order by l.org_path, m.name_pinyin, l.member_id
          limit ${pageSize} offset ${(current - 1) * pageSize}`,
    ),
    queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from dues_ledger l join members m on m.id = l.member_id where ${where}`,
    ),
    queryRows<{ status: string; n: number; expected: number; paid: number; balance: number }>(
      db,
      sql`select l.status, count(*)::int as n, coalesce(sum(l.expected_fen), 0)::int as expected,
            coalesce(sum(l.paid_fen), 0)::int as paid,
            coalesce(sum(greatest(coalesce(l.expected_fen, 0) - l.paid_fen, 0)), 0)::int as balance
          from dues_ledger l join members m on m.id = l.member_id where ${all} group by l.status`,
    ),
    queryRows<{ fen: number }>(
      db,
      sql`select coalesce(sum(amount_fen), 0)::int as fen from dues_payments p
          where p.kind = 'voluntary' and p.voided_at is null and ${inSubtree(sql`p.org_id`, f.orgPath)}
            and p.month = ${firstDay(f.month)}::date and ${scope.pathCondition(sql`p.org_path`)}`,
    ),
  ]);
  return { data, total, byStatus, voluntaryFen: voluntary?.fen ?? 0 };
}

/** Ledger rows of one member (already read through a Scope) between two months, oldest first. */
export async function ledgerMonthsOf(db: DbOrTx, memberId: number, from: Month | null, to: Month | null) {
  return queryRows<LedgerFull>(
    db,
    sql`${ledgerSelect} where l.member_id = ${memberId}
        ${from ? sql`and l.month >= ${firstDay(from)}::date` : sql``}
        ${to ? sql`and l.month <= ${firstDay(to)}::date` : sql``}
        order by l.month`,
  );
}

export async function ledgerRow(db: DbOrTx, ledgerId: number) {
  const [row] = await queryRows<LedgerFull>(db, sql`${ledgerSelect} where l.id = ${ledgerId}`);
  return row ?? null;
}

/**
 * Locks the member's rows of a month FOR UPDATE: two payments for one month queue here, so the
 * second sees the first's paid amount and cannot over-book the month.
 */
export async function lockLedger(db: DbOrTx, memberIds: readonly number[], month: Month) {
  if (!memberIds.length) return [];
  return queryRows<{ id: number; memberId: number; expectedFen: number | null; paidFen: number }>(
    db,
    sql`select id, member_id as "memberId", expected_fen as "expectedFen", paid_fen as "paidFen"
        from dues_ledger where member_id = any(${intArray(memberIds)}) and month = ${firstDay(month)}::date
        order by member_id for update`,
  );
}

export interface StreakRow {
  memberId: number;
  month: string;
  expectedFen: number | null;
  paidFen: number;
  lastPaidOn: string | null;
}

/** The months before `before` of the members given (from `from` on), for streaks and arrears. */
export async function streakRows(
  db: DbOrTx,
  memberIds: readonly number[],
  from: Month | null,
  before: Month,
) {
  if (!memberIds.length) return [];
  return queryRows<StreakRow>(
    db,
    sql`select member_id as "memberId", month::text as month, expected_fen as "expectedFen", paid_fen as "paidFen",
          last_paid_on::text as "lastPaidOn"
        from dues_ledger where member_id = any(${intArray(memberIds)}) and month < ${firstDay(before)}::date
        ${from ? sql`and month >= ${firstDay(from)}::date` : sql``}
        order by member_id, month`,
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
  const rows = await queryRows<{ memberId: number }>(
    db,
    sql`select l.member_id as "memberId" from dues_ledger l join members m on m.id = l.member_id
        where l.month = ${firstDay(month)}::date and l.status = 'unpaid' and ${CURRENT_MEMBER_SQL}`,
  );
  return rows.map((r) => r.memberId);
}

/** The active accounts linked to some members (the daily job tells each their own warning). */
export async function usersOfMembers(db: DbOrTx, memberIds: readonly number[]) {
  if (!memberIds.length) return [];
  return queryRows<{ id: number; memberId: number }>(
    db,
    sql`select id, member_id as "memberId" from users where active and member_id = any(${intArray(memberIds)})`,
  );
}

/** Current members of a subtree owing something before `before` (status unpaid or partial). */

export async function arrearsCandidates(db: DbOrTx, scope: Scope, orgPath: string, before: Month) {
  const rows = await queryRows<{ memberId: number }>(
    db,
    sql`select distinct l.member_id as "memberId" from dues_ledger l
        where ${inSubtree(sql`l.org_id`, orgPath)} and ${scope.pathCondition(sql`l.org_path`)}
          and l.status in ('unpaid', 'partial') and l.month < ${firstDay(before)}::date
          and exists (select 1 from members m where m.id = l.member_id and ${CURRENT_MEMBER_SQL})`,
  );
  return rows.map((r) => r.memberId);
}

export async function memberNames(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return [];
  return queryRows<{ id: number; name: string; orgId: number; orgName: string; orgPath: string }>(
    db,
    sql`select m.id, m.name, m.org_id as "orgId", o.name as "orgName", m.org_path::text as "orgPath"
        from members m join orgs o on o.id = m.org_id where m.id = any(${intArray(ids)})`,
  );
}

// ---- payments -------------------------------------------------------------------------------

export interface PaymentFull {
  id: number;
  memberId: number;
  memberName: string;
  ledgerId: number | null;
  orgId: number;
  orgPath: string;
  month: string;
  kind: string;
  amountFen: number;
  paidOn: string;
  method: string;
  payerName: string | null;
  externalRef: string | null;
  note: string | null;
  late: boolean;
  toCentre: boolean;
  collectorName: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  createdAt: string;
}

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
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into dues_payments (member_id, ledger_id, org_id, org_path, month, kind, amount_fen, paid_on, method,
          payer_name, external_ref, note, late, to_centre, collector_id)
        values (${v.memberId}, ${v.ledgerId}, ${v.orgId}, ${v.orgPath}::ltree, ${firstDay(v.month)}::date, ${v.kind},
          ${v.amountFen}, ${v.paidOn}::date, ${v.method}, ${v.payerName}, ${v.externalRef}, ${v.note}, ${v.late},
          ${v.toCentre}, ${v.collectorId})
        returning id`,
  );
  return row.id;
}

export async function paymentsByIds(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return [];
  return queryRows<PaymentFull>(db, sql`${paymentSelect} where p.id = any(${intArray(ids)}) order by p.id`);
}

export async function paymentWithExternalRef(db: DbOrTx, externalRef: string) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`select id from dues_payments where external_ref = ${externalRef}`,
  );
  return row ?? null;
}

/** A payment through a Scope (by the payment's org path), locked for a void. */
export async function findPaymentForUpdate(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<{
    id: number;
    memberId: number;
    ledgerId: number | null;
    voidedAt: string | null;
    orgPath: string;
  }>(
    db,
    sql`select id, member_id as "memberId", ledger_id as "ledgerId", voided_at as "voidedAt", org_path::text as "orgPath" from dues_payments
        where id = ${id} and ${scope.pathCondition(sql`org_path`)} for update`,
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
    queryRows<PaymentFull>(
      db,
      sql`${paymentSelect} where ${where} order by p.paid_on desc, p.id desc
          limit ${pageSize} offset ${(current - 1) * pageSize}`,
    ),
    queryRows<{ total: number }>(db, sql`select count(*)::int as total from dues_payments p where ${where}`),
  ]);
  return { data, total };
}

/** Payments of one member (already read through a Scope) in a range of months. */
export async function paymentsOfMember(db: DbOrTx, memberId: number, from: Month, to: Month) {
  return queryRows<PaymentFull>(
    db,
    sql`${paymentSelect} where p.member_id = ${memberId} and p.month >= ${firstDay(from)}::date
        and p.month <= ${firstDay(to)}::date order by p.month, p.paid_on, p.id`,
  );
}

// ---- lapse decisions ------------------------------------------------------------------------

export interface DecisionRow {
  id: number;
  runId: number | null;
  memberId: number;
  decision: string;
  decidedOn: string;
  deadlineOn: string | null;
  streakFrom: string;
  streakTo: string;
  note: string;
  recordedByName: string | null;
}

const decisionSelect = sql`select d.id, d.run_id as "runId", d.member_id as "memberId", d.decision, d.decided_on::text as "decidedOn",
    d.deadline_on::text as "deadlineOn", d.streak_from::text as "streakFrom", d.streak_to::text as "streakTo",
    d.note, u.display_name as "recordedByName"
  from dues_lapse_decisions d left join users u on u.id = d.recorded_by`;

/** The latest decision per member, and the latest 'reason_accepted' one (it excuses a streak). */
export async function latestDecisions(db: DbOrTx, memberIds: readonly number[]) {
  if (!memberIds.length) return { latest: [], accepted: [] };
  // Sequential: inside a transaction both would share one connection.
  const latest = await queryRows<DecisionRow>(
    db,
    sql`select distinct on (x."memberId") x.* from (${decisionSelect}
          where d.member_id = any(${intArray(memberIds)})) x
        order by x."memberId", x."decidedOn" desc, x.id desc`,
  );
  const accepted = await queryRows<DecisionRow>(
    db,
    sql`select distinct on (x."memberId") x.* from (${decisionSelect}
          where d.member_id = any(${intArray(memberIds)}) and d.decision = 'reason_accepted') x
        order by x."memberId", x."streakTo" desc, x.id desc`,
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
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into dues_lapse_decisions (run_id, member_id, org_id, org_path, streak_from, streak_to, decision,
          decided_on, deadline_on, note, recorded_by)
        values (${v.runId}, ${v.memberId}, ${v.orgId}, ${v.orgPath}::ltree, ${firstDay(v.streakFrom)}::date,
          ${firstDay(v.streakTo)}::date, ${v.decision}, ${v.decidedOn}::date, ${v.deadlineOn}::date, ${v.note},
          ${v.recordedBy})
        returning id`,
  );
  return row.id;
}

export async function decisionById(db: DbOrTx, id: number) {
  const [row] = await queryRows<DecisionRow>(db, sql`${decisionSelect} where d.id = ${id}`);
  return row ?? null;
}

// ---- runs of unpaid months (written by runs.ts) -------------------------------------------------

export interface RunRow {
  id: number;
  memberId: number;
  orgId: number;
  orgPath: string;
  level: string;
  firstMonth: string;
  lastMonth: string;
  reachedMonth: string;
  expectedFen: number;
  detectedOn: string;
  memberNotifiedAt: string | null;
  branchNotifiedAt: string | null;
  status: string;
  withdrawnOn: string | null;
  withdrawnReason: string | null;
  /** The decision that settles it, if any (its latest). */
  decision: DecisionRow | null;
}

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
  return queryRows<RunRow>(
    db,
    sql`${runSelect} where r.member_id = any(${intArray(memberIds)})
        ${withWithdrawn ? sql`` : sql`and r.status <> 'withdrawn'`}
        order by r.member_id, r.first_month desc, r.level desc, r.id desc`,
  );
}

/** A run through a Scope (by its branch's path), locked for a decision. */
export async function findRunForUpdate(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<RunRow>(
    db,
    sql`${runSelect} where r.id = ${id} and ${scope.pathCondition(sql`r.org_path`)} for update of r`,
  );
  return row ?? null;
}

/**
 * Current members of a subtree with a lapse run awaiting a decision (the decision list): off the
 * runs' open partial index and path, never the ledger.
 */
export async function openLapseMembers(db: DbOrTx, scope: Scope, orgPath: string) {
  const rows = await queryRows<{ memberId: number }>(
    db,
    sql`select distinct r.member_id as "memberId" from dues_arrears_runs r join members m on m.id = r.member_id
        where r.status = 'open' and r.level = 'lapse' and r.org_path <@ ${orgPath}::ltree
          and ${scope.pathCondition(sql`r.org_path`)} and ${CURRENT_MEMBER_SQL}`,
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

export interface KeyRow {
  userId: number | null;
  requestHash: string;
  statusCode: number | null;
  response: unknown;
}

/**
 * Claims a key: true when this transaction inserted it. A concurrent transaction holding the same
 * key makes this insert wait until it commits (then false: replay) or rolls back (then true).
 */
export async function claimKey(db: DbOrTx, scope: string, key: string, userId: number, hash: string) {
  const rows = await queryRows<{ key: string }>(
    db,
    sql`insert into idempotency_keys (scope, key, user_id, request_hash) values (${scope}, ${key}, ${userId}, ${hash})
        on conflict (scope, key) do nothing returning key`,
  );
  return rows.length === 1;
}

export async function findKey(db: DbOrTx, scope: string, key: string) {
  const [row] = await queryRows<KeyRow>(
    db,
    sql`select user_id as "userId", request_hash as "requestHash", status_code as "statusCode", response
        from idempotency_keys where scope = ${scope} and key = ${key}`,
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
