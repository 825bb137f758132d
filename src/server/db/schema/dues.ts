/**
 * 党费: effective-dated dues profiles, the member × month ledger, payments (append-only; a
 * correction voids with a reason), idempotency keys of payment requests, remittances to the higher
 * committee, the runs of unpaid months that reached the warning or lapse level and the branch's
 * decisions on them, and previewed imports of bases.
 *
 * Months are stored as their first day (`date`). Money is integer fen. Ledger, payment and
 * decision rows carry a copy of the org path (kept in step on org moves, like members.org_path) for
 * the scope filter; ledger and payment rows of a subtree are found by org id and month (btree, see
 * `inSubtree` in modules/dues/repo.ts), not by a GiST index on the path.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { members } from './members.js';
import { orgs } from './orgs.js';
import { ltree } from './types.js';
import { users } from './users.js';

/**
 * One dues profile of a member from a month on; the latest active profile whose month is not after
 * a ledger month applies to it. Hardship profiles stay `pending` (not applied) until the higher
 * committee approves them (规定第七条).
 */
export const duesProfiles = pgTable(
  'dues_profiles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** The member's branch when the profile was entered (who proposed it; whose parent approves). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    category: varchar('category', { length: 20 }).notNull(),
    effectiveMonth: date('effective_month', { mode: 'string' }).notNull(),
    baseFen: integer('base_fen'),
    amountFen: integer('amount_fen'),
    /** active | pending | rejected */
    status: varchar('status', { length: 10 }).notNull().default('active'),
    reason: text('reason'),
    approvalOrgId: integer('approval_org_id').references(() => orgs.id),
    approvalRef: varchar('approval_ref', { length: 60 }),
    decidedOn: date('decided_on', { mode: 'string' }),
    decidedBy: integer('decided_by').references(() => users.id),
    decisionNote: text('decision_note'),
    importId: integer('import_id'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('dues_profiles_member_idx').on(t.memberId, t.effectiveMonth),
    index('dues_profiles_org_id_idx').on(t.orgId),
    index('dues_profiles_pending_idx').on(t.status).where(sql`status = 'pending'`),
    index('dues_profiles_approval_org_id_idx').on(t.approvalOrgId),
    index('dues_profiles_decided_by_idx').on(t.decidedBy),
    index('dues_profiles_created_by_idx').on(t.createdBy),
  ],
);

/** The ledger: one row per member and month owed. `paid_fen` sums the regular, unvoided payments. */
export const duesLedger = pgTable(
  'dues_ledger',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    /** null: no profile applies (未核定). */
    expectedFen: integer('expected_fen'),
    paidFen: integer('paid_fen').notNull().default(0),
    /** paid | partial | unpaid | exempt | unset (domain ledgerStatus). */
    status: varchar('status', { length: 8 }).notNull(),
    profileId: integer('profile_id').references(() => duesProfiles.id),
    category: varchar('category', { length: 20 }),
    baseFen: integer('base_fen'),
    rateBp: smallint('rate_bp'),
    lastPaidOn: date('last_paid_on', { mode: 'string' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dues_ledger_member_month_idx').on(t.memberId, t.month),
    index('dues_ledger_org_month_idx').on(t.orgId, t.month),
    index('dues_ledger_month_status_idx').on(t.month, t.status),
    index('dues_ledger_profile_id_idx').on(t.profileId),
  ],
);

/** A payment. Never updated except to void it (with reason, audited); a correction is a new row. */
export const duesPayments = pgTable(
  'dues_payments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** The ledger month a regular payment settles (null for a voluntary extra in a month not owed). */
    ledgerId: integer('ledger_id').references(() => duesLedger.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    /** regular | voluntary */
    kind: varchar('kind', { length: 10 }).notNull(),
    amountFen: integer('amount_fen').notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    /** cash | transfer | online */
    method: varchar('method', { length: 10 }).notNull(),
    /** Who paid when it was paid on the member's behalf (代交). */
    payerName: varchar('payer_name', { length: 30 }),
    /** Online: the payment provider's transaction reference. */
    externalRef: varchar('external_ref', { length: 100 }),
    note: text('note'),
    /** Paid more than the back-payment limit after its month (规定第十二条). */
    late: boolean('late').notNull().default(false),
    /** Voluntary extra at or above the limit that goes entirely to the Centre (第十一条). */
    toCentre: boolean('to_centre').notNull().default(false),
    collectorId: integer('collector_id').references(() => users.id),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidReason: text('void_reason'),
    voidedBy: integer('voided_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('dues_payments_member_idx').on(t.memberId, t.month),
    index('dues_payments_ledger_id_idx').on(t.ledgerId),
    index('dues_payments_org_month_idx').on(t.orgId, t.month),
    index('dues_payments_paid_on_idx').on(t.paidOn),
    index('dues_payments_collector_id_idx').on(t.collectorId),
    index('dues_payments_voided_by_idx').on(t.voidedBy),
    uniqueIndex('dues_payments_external_ref_idx').on(t.externalRef),
  ],
);

/**
 * 在线缴纳: an order for the months a member pays online through a payment provider. The provider's
 * signed callback (or a query of the provider for orders left pending) books the payments through
 * the idempotent payment path, the provider's transaction id as the key (`dues_payments.external_ref`).
 */
export const duesPaymentOrders = pgTable(
  'dues_payment_orders',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Our order number, sent to the provider (商户订单号). */
    orderNo: varchar('order_no', { length: 32 }).notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    /** The ledger months the order pays (first days, 'YYYY-MM-01'), fixed at creation. */
    months: jsonb('months').$type<string[]>().notNull(),
    amountFen: integer('amount_fen').notNull(),
    /** simulated | wechat | bank … (the adapter's name) */
    provider: varchar('provider', { length: 20 }).notNull(),
    /** pending | paid | closed | failed */
    status: varchar('status', { length: 10 }).notNull().default('pending'),
    providerTxnId: varchar('provider_txn_id', { length: 100 }),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The last reconciliation query of the provider for this order. */
    queriedAt: timestamp('queried_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('dues_payment_orders_order_no_idx').on(t.orderNo),
    uniqueIndex('dues_payment_orders_txn_idx').on(t.providerTxnId),
    index('dues_payment_orders_member_idx').on(t.memberId, t.createdAt),
    index('dues_payment_orders_org_id_idx').on(t.orgId),
    index('dues_payment_orders_created_by_idx').on(t.createdBy),
    index('dues_payment_orders_pending_idx').on(t.createdAt).where(sql`status = 'pending'`),
  ],
);

/**
 * Every callback a payment provider sent, whatever became of it: booked, a duplicate (replayed),
 * a bad signature, an unknown order, a wrong amount. Nothing is booked but through `booked`.
 */
export const duesPaymentCallbacks = pgTable(
  'dues_payment_callbacks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    provider: varchar('provider', { length: 20 }).notNull(),
    /** As the callback claimed them (unverified unless outcome is booked or duplicate). */
    orderNo: varchar('order_no', { length: 64 }),
    providerTxnId: varchar('provider_txn_id', { length: 100 }),
    nonce: varchar('nonce', { length: 64 }),
    /** booked | duplicate | replayed | bad_signature | unknown_order | amount_mismatch | stale | malformed */
    outcome: varchar('outcome', { length: 20 }).notNull(),
    detail: text('detail'),
    /** SHA-256 of the raw body, to match a replay without keeping the body. */
    bodyHash: varchar('body_hash', { length: 64 }).notNull(),
    ip: varchar('ip', { length: 45 }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('dues_payment_callbacks_order_idx').on(t.orderNo),
    index('dues_payment_callbacks_nonce_idx').on(t.provider, t.nonce),
    index('dues_payment_callbacks_received_idx').on(t.receivedAt),
  ],
);

/**
 * Idempotency keys of write requests (`Idempotency-Key` header): the first request's body hash and
 * response, so a retry or a re-delivered payment callback returns the first result and books once.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** The route family, e.g. 'dues.payments'. */
    scope: varchar('scope', { length: 40 }).notNull(),
    key: varchar('key', { length: 200 }).notNull(),
    userId: integer('user_id').references(() => users.id),
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    statusCode: smallint('status_code'),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_user_id_idx').on(t.userId)],
);

/** 党费上缴: money sent from an org to a higher one; the receiver confirms it arrived. */
export const duesRemittances = pgTable(
  'dues_remittances',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    fromOrgId: integer('from_org_id')
      .notNull()
      .references(() => orgs.id),
    fromOrgPath: ltree('from_org_path').notNull(),
    toOrgId: integer('to_org_id')
      .notNull()
      .references(() => orgs.id),
    toOrgPath: ltree('to_org_path').notNull(),
    amountFen: integer('amount_fen').notNull(),
    remittedOn: date('remitted_on', { mode: 'string' }).notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    voucherNo: varchar('voucher_no', { length: 60 }),
    note: text('note'),
    /** sent | confirmed */
    status: varchar('status', { length: 10 }).notNull().default('sent'),
    confirmedOn: date('confirmed_on', { mode: 'string' }),
    confirmedBy: integer('confirmed_by').references(() => users.id),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('dues_remittances_from_org_idx').on(t.fromOrgId, t.remittedOn),
    index('dues_remittances_to_org_idx').on(t.toOrgId, t.remittedOn),
    index('dues_remittances_from_path_gist').using('gist', t.fromOrgPath),
    index('dues_remittances_to_path_gist').using('gist', t.toOrgPath),
    index('dues_remittances_confirmed_by_idx').on(t.confirmedBy),
    index('dues_remittances_created_by_idx').on(t.createdBy),
  ],
);

/**
 * A run of consecutive unpaid months that reached a level: `warning` (dues.warningMonths, 规定第十三条:
 * criticism and a deadline) or `lapse` (dues.lapseMonths, 党章第九条). A fact of the record, not of
 * today's streak: it stays after the months are paid until the branch records its decision (status
 * `decided`); it is `withdrawn` only when a correction of the record (a payment entered with its
 * real, earlier date, an approved exemption) shows the months were not unpaid after all. Detected by
 * the daily job, payments, voids, profile changes and the sheet (modules/dues/runs.ts), idempotently.
 */
export const duesArrearsRuns = pgTable(
  'dues_arrears_runs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** The member's branch when the run was last detected (whose secretaries decide). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    /** warning | lapse */
    level: varchar('level', { length: 8 }).notNull(),
    /** The run's first and last unpaid months (first days); the last advances while it goes on. */
    firstMonth: date('first_month', { mode: 'string' }).notNull(),
    lastMonth: date('last_month', { mode: 'string' }).notNull(),
    /** The month at whose end the run reached the level. */
    reachedMonth: date('reached_month', { mode: 'string' }).notNull(),
    /** What the run's months were owed (fen). */
    expectedFen: integer('expected_fen').notNull(),
    detectedOn: date('detected_on', { mode: 'string' }).notNull(),
    /** When the member was told (warning; null: not told, e.g. no account) and the branch. */
    memberNotifiedAt: timestamp('member_notified_at', { withTimezone: true }),
    branchNotifiedAt: timestamp('branch_notified_at', { withTimezone: true }),
    /** open | decided | withdrawn */
    status: varchar('status', { length: 10 }).notNull().default('open'),
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    withdrawnReason: text('withdrawn_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dues_arrears_runs_member_level_first_idx').on(t.memberId, t.level, t.firstMonth),
    index('dues_arrears_runs_org_id_idx').on(t.orgId),
    index('dues_arrears_runs_org_path_gist').using('gist', t.orgPath),
    index('dues_arrears_runs_open_idx').on(t.orgId, t.level).where(sql`status = 'open'`),
  ],
);

/** The branch's decision on a member flagged for consecutive unpaid months (党章第九条). */
export const duesLapseDecisions = pgTable(
  'dues_lapse_decisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    /** The run the decision settles (null only for decisions recorded before runs were kept). */
    runId: integer('run_id').references(() => duesArrearsRuns.id),
    /** The unpaid streak the decision is about. */
    streakFrom: date('streak_from', { mode: 'string' }).notNull(),
    streakTo: date('streak_to', { mode: 'string' }).notNull(),
    /** deadline_set | reason_accepted | treated_as_left */
    decision: varchar('decision', { length: 20 }).notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    /** 限期改正: the deadline given. */
    deadlineOn: date('deadline_on', { mode: 'string' }),
    note: text('note').notNull(),
    recordedBy: integer('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('dues_lapse_decisions_member_idx').on(t.memberId, t.decidedOn),
    index('dues_lapse_decisions_org_id_idx').on(t.orgId),
    index('dues_lapse_decisions_org_path_gist').using('gist', t.orgPath),
    index('dues_lapse_decisions_recorded_by_idx').on(t.recordedBy),
    index('dues_lapse_decisions_run_id_idx').on(t.runId),
  ],
);

/** An uploaded workbook of bases: previewed (rows and errors kept), then committed all at once. */
export const duesImports = pgTable(
  'dues_imports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    fileName: varchar('file_name', { length: 200 }).notNull(),
    /** previewed | committed */
    status: varchar('status', { length: 10 }).notNull().default('previewed'),
    rows: jsonb('rows').$type<Record<string, unknown>[]>().notNull().default([]),
    errors: jsonb('errors').$type<{ row: number; column: string; message: string }[]>().notNull().default([]),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [
    index('dues_imports_org_id_idx').on(t.orgId),
    index('dues_imports_org_path_gist').using('gist', t.orgPath),
    index('dues_imports_created_by_idx').on(t.createdBy),
  ],
);
