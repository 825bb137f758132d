import { sql } from 'drizzle-orm';
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { orgs } from './orgs.js';
import { ltree } from './types.js';
import { users } from './users.js';

export const members = pgTable(
  'members',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /**
     * Copy of the owning org's path, kept in step on transfers and org moves, so that subtree
     * lists and counts are one index range scan instead of a join (DESIGN §6).
     */
    orgPath: ltree('org_path').notNull(),
    groupId: integer('group_id').references(() => orgs.id),
    name: varchar('name', { length: 30 }).notNull(),
    namePinyin: varchar('name_pinyin', { length: 120 }).notNull().default(''),
    nameInitials: varchar('name_initials', { length: 30 }).notNull().default(''),
    gender: varchar('gender', { length: 6 }).notNull(),
    ethnicity: varchar('ethnicity', { length: 2 }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    /**
     * Legacy clear columns (before issue #18): start-up encrypts what it finds here into the
     * columns below and empties them; nothing writes them any more.
     */
    idNumber: varchar('id_number', { length: 18 }),
    phone: varchar('phone', { length: 20 }),
    /**
     * Sensitive: the ID number and phone are stored encrypted with the deployment's data key
     * (lib/pii.ts, envelope encryption), never in clear; `*_hash` is a keyed hash for uniqueness
     * and exact lookup, `*_masked` what lists show without a reveal.
     */
    idNumberEnc: text('id_number_enc'),
    idNumberHash: varchar('id_number_hash', { length: 64 }),
    idNumberMasked: varchar('id_number_masked', { length: 18 }),
    phoneEnc: text('phone_enc'),
    phoneHash: varchar('phone_hash', { length: 64 }),
    phoneMasked: varchar('phone_masked', { length: 20 }),
    education: varchar('education', { length: 30 }).notNull(),
    workUnit: varchar('work_unit', { length: 100 }),
    category: varchar('category', { length: 14 }).notNull(),
    status: varchar('status', { length: 14 }).notNull().default('active'),
    leaveReason: varchar('leave_reason', { length: 10 }),
    leftOn: date('left_on', { mode: 'string' }),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    confirmedOn: date('confirmed_on', { mode: 'string' }),
    probationExtendedMonths: smallint('probation_extended_months'),
    /** The import that created the row (rolled back with it while nothing depends on it). */
    importId: integer('import_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('members_org_id_idx').on(t.orgId),
    index('members_group_id_idx').on(t.groupId),
    index('members_org_path_gist').using('gist', t.orgPath),
    // Lists are ordered by (org_path, id): walking this index avoids sorting a whole subtree.
    index('members_org_path_id_idx').on(t.orgPath, t.id),
    index('members_name_idx').on(t.name),
    // Name search (lib/search.ts, indexed form): the pinyin and initials by prefix, which needs the
    // pattern operator class (the database's collation is not C, so a plain btree serves no LIKE),
    // with the path second so that one index scan keeps only a subtree's matches; the characters
    // of the Chinese name (a one-character query, 王); and for longer Chinese text the name's
    // pairs of characters with the org path's labels below the root (member_search_tokens,
    // migration 0010), so the index intersects 建国 with the subtree.
    index('members_name_pinyin_idx').on(t.namePinyin.op('varchar_pattern_ops'), t.orgPath),
    index('members_name_initials_idx').on(t.nameInitials.op('varchar_pattern_ops'), t.orgPath),
    index('members_name_chars_gin').using('gin', sql`string_to_array(${t.name}, null)`),
    index('members_search_gin').using('gin', sql`member_search_tokens(${t.name}, ${t.orgPath})`),
    // The nightly shift of the age-band rollups finds the members whose birthday crossed a band's edge.
    index('members_birth_date_idx').on(t.birthDate),
    index('members_import_id_idx').on(t.importId).where(sql`import_id is not null`),
    // One register entry per ID number; also the exact lookup by ID number (issue #18).
    uniqueIndex('members_id_number_hash_idx').on(t.idNumberHash).where(sql`id_number_hash is not null`),
    index('members_phone_hash_idx').on(t.phoneHash).where(sql`phone_hash is not null`),
  ],
);

/** Append-only history of a member's register changes (org, status, category), for "as of". */
export const memberEvents = pgTable(
  'member_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** registered | updated | transferred | status_changed */
    kind: varchar('kind', { length: 20 }).notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    orgId: integer('org_id').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: integer('recorded_by'),
  },
  (t) => [
    index('member_events_member_id_idx').on(t.memberId, t.occurredOn),
    // Statistics as of a date find the members ever placed in a subtree's orgs (issue #6).
    index('member_events_org_id_idx').on(t.orgId, t.occurredOn),
  ],
);

/** 组织关系转接 inside the system: requested by the sending org, answered by the receiving one. */
export const transfers = pgTable(
  'transfers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    fromOrgId: integer('from_org_id')
      .notNull()
      .references(() => orgs.id),
    fromOrgPath: ltree('from_org_path').notNull(),
    toOrgId: integer('to_org_id')
      .notNull()
      .references(() => orgs.id),
    toOrgPath: ltree('to_org_path').notNull(),
    kind: varchar('kind', { length: 10 }).notNull().default('internal'),
    /** pending | accepted | rejected | cancelled */
    status: varchar('status', { length: 10 }).notNull().default('pending'),
    letterNumber: varchar('letter_number', { length: 40 }).notNull(),
    reason: text('reason').notNull(),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
    requestedBy: integer('requested_by').references(() => users.id),
    respondedOn: date('responded_on', { mode: 'string' }),
    respondedBy: integer('responded_by').references(() => users.id),
    responseNote: text('response_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('transfers_member_id_idx').on(t.memberId),
    index('transfers_from_org_id_idx').on(t.fromOrgId),
    index('transfers_to_org_id_idx').on(t.toOrgId),
    index('transfers_requested_by_idx').on(t.requestedBy),
    index('transfers_responded_by_idx').on(t.respondedBy),
    index('transfers_from_path_gist').using('gist', t.fromOrgPath),
    index('transfers_to_path_gist').using('gist', t.toOrgPath),
  ],
);

export type MemberRow = typeof members.$inferSelect;
export type TransferRow = typeof transfers.$inferSelect;
