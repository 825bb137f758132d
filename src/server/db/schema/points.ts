/**
 * 党员积分 (issue #20, module `points`): an append-only ledger per member whose entries come from a
 * rule of the point-source catalog (src/domain/points/) applied to a source record, manual awards
 * and deductions approved by a second person, anomaly flags that stay until someone decides them,
 * and the per-member yearly totals the rankings read.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { members } from './members.js';
import { ltree } from './types.js';
import { users } from './users.js';

/**
 * The ledger. Rows are only appended: when a recomputation finds that a source now earns less (or
 * nothing: the meeting record was deleted), it appends a reversal of the difference, so the sum of
 * a source's entries is always what the rules give it today and its history stays readable.
 */
export const pointsEntries = pgTable(
  'points_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      // Derived rows go with the member (an import rolled back deletes the members it added).
      .references(() => members.id, { onDelete: 'cascade' }),
    /** The member's branch on the day the points were earned. */
    orgId: integer('org_id').notNull(),
    orgPath: ltree('org_path').notNull(),
    year: smallint('year').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    /** The catalog's source code (meeting.attended, dues.on_time, …) or manual. */
    rule: varchar('rule', { length: 24 }).notNull(),
    /** What earned it: 'meeting:123', 'dues:2026-03', 'study:2026-03-05', 'award:7'. */
    sourceKey: varchar('source_key', { length: 48 }).notNull(),
    points: integer('points').notNull(),
    /** entry | reversal | award | deduction */
    kind: varchar('kind', { length: 10 }).notNull(),
    /** Why, in Chinese: the rule's title and the record, or the award's reason. */
    note: varchar('note', { length: 200 }).notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('points_entries_member_year_idx').on(t.memberId, t.year, t.occurredOn),
    index('points_entries_source_idx').on(t.memberId, t.sourceKey),
  ],
);

/** Manual awards and deductions (奖励 / 扣分): proposed by one person, approved by another. */
export const pointsAwards = pgTable(
  'points_awards',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    orgId: integer('org_id').notNull(),
    orgPath: ltree('org_path').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    /** Positive: award; negative: deduction. */
    points: integer('points').notNull(),
    reason: varchar('reason', { length: 200 }).notNull(),
    /** proposed | approved | rejected | withdrawn */
    status: varchar('status', { length: 10 }).notNull().default('proposed'),
    proposedBy: integer('proposed_by')
      .notNull()
      .references(() => users.id),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: varchar('decision_note', { length: 200 }),
  },
  (t) => [
    index('points_awards_member_idx').on(t.memberId),
    index('points_awards_org_path_gist').using('gist', t.orgPath),
    index('points_awards_proposed_by_idx').on(t.proposedBy),
    index('points_awards_decided_by_idx').on(t.decidedBy),
    check('points_awards_nonzero', sql`${t.points} <> 0`),
    check('points_awards_two_people', sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.proposedBy}`),
  ],
);

/**
 * Anomalies for review: two devices studying at once, study at implausible hours, points far above
 * the branch's distribution. A flag stays open until someone decides it (cleared or confirmed,
 * with a note); `key` keeps the daily scan from raising the same one twice.
 */
export const pointsFlags = pgTable(
  'points_flags',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    orgId: integer('org_id').notNull(),
    orgPath: ltree('org_path').notNull(),
    /** two_devices | odd_hours | outlier */
    kind: varchar('kind', { length: 12 }).notNull(),
    key: varchar('key', { length: 80 }).notNull(),
    raisedOn: date('raised_on', { mode: 'string' }).notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    /** open | cleared | confirmed */
    status: varchar('status', { length: 10 }).notNull().default('open'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: varchar('decision_note', { length: 200 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('points_flags_key_idx').on(t.key),
    index('points_flags_member_idx').on(t.memberId),
    index('points_flags_org_path_gist').using('gist', t.orgPath),
    index('points_flags_status_idx').on(t.status, t.raisedOn),
    index('points_flags_decided_by_idx').on(t.decidedBy),
  ],
);

/** Per member and year: the ledger's sum, kept in the same transaction as every entry. Rankings read it. */
export const pointsTotals = pgTable(
  'points_totals',
  {
    memberId: integer('member_id')
      .notNull()
      // Derived rows go with the member (an import rolled back deletes the members it added).
      .references(() => members.id, { onDelete: 'cascade' }),
    year: smallint('year').notNull(),
    /** The member's current branch (moved with transfers and org moves). */
    orgId: integer('org_id').notNull(),
    orgPath: ltree('org_path').notNull(),
    points: integer('points').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.year] }),
    index('points_totals_rank_idx').on(t.year, t.orgPath, t.points),
  ],
);
