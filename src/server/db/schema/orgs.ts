import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { ltree } from './types.js';

export const orgs = pgTable(
  'orgs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer('parent_id'),
    /** Ancestor ids and own id, e.g. 1.5.23; the scope key of every query (DESIGN §4.1). */
    path: ltree('path').notNull(),
    depth: smallint('depth').notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    shortName: varchar('short_name', { length: 40 }),
    namePinyin: varchar('name_pinyin', { length: 400 }).notNull().default(''),
    nameInitials: varchar('name_initials', { length: 100 }).notNull().default(''),
    kind: varchar('kind', { length: 20 }).notNull(),
    sector: varchar('sector', { length: 30 }).notNull(),
    divisionCode: varchar('division_code', { length: 12 }),
    foundedOn: date('founded_on', { mode: 'string' }),
    status: varchar('status', { length: 12 }).notNull().default('active'),
    dissolvedOn: date('dissolved_on', { mode: 'string' }),
    dissolveReason: text('dissolve_reason'),
    /** Units a joint branch covers (联合党支部), free text names. */
    /**
     * 有发展党员审批权: only a 党委 with approval authority approves admissions and confirmations
     * (not a 党总支, nor a village or community 党委 under a township; shared rules §2.2 step 17).
     * The approving committee of a branch is its nearest ancestor with this flag.
     */
    approvesDevelopment: boolean('approves_development').notNull().default(false),
    coveredUnits: jsonb('covered_units').$type<string[]>().notNull().default([]),
    sortOrder: integer('sort_order').notNull().default(0),
    /** The import that created the row (rolled back with it while nothing depends on it). */
    importId: integer('import_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('orgs_parent_id_idx').on(t.parentId),
    index('orgs_path_gist').using('gist', t.path),
    index('orgs_name_idx').on(t.name),
    index('orgs_name_pinyin_idx').on(t.namePinyin),
    index('orgs_division_code_idx').on(t.divisionCode),
    index('orgs_import_id_idx').on(t.importId).where(sql`import_id is not null`),
  ],
);

/**
 * Effective-dated history of the attributes that shape the tree (DESIGN §4.6): one row per
 * period in which name, parent and status were constant. The tree "as of" a date reads the rows
 * whose [validFrom, validTo) contains it.
 */
export const orgVersions = pgTable(
  'org_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    parentId: integer('parent_id'),
    name: varchar('name', { length: 100 }).notNull(),
    kind: varchar('kind', { length: 20 }).notNull(),
    status: varchar('status', { length: 12 }).notNull(),
    /** created | renamed | moved | dissolved | updated */
    change: varchar('change', { length: 20 }).notNull(),
    reason: text('reason'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: integer('recorded_by'),
  },
  (t) => [
    index('org_versions_org_id_idx').on(t.orgId, t.validFrom),
    index('org_versions_parent_idx').on(t.parentId, t.validFrom),
  ],
);

/** A committee's term (任期): one row per election. */
export const orgTerms = pgTable(
  'org_terms',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termEnd: date('term_end', { mode: 'string' }).notNull(),
    /** current | ended */
    status: varchar('status', { length: 10 }).notNull().default('current'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('org_terms_org_id_idx').on(t.orgId)],
);

/** 班子成员: who holds which committee role in which term. */
export const committeeMembers = pgTable(
  'committee_members',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    termId: integer('term_id').references(() => orgTerms.id),
    memberId: integer('member_id').notNull(),
    role: varchar('role', { length: 30 }).notNull(),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    sortOrder: smallint('sort_order').notNull().default(0),
  },
  (t) => [
    index('committee_members_org_id_idx').on(t.orgId),
    index('committee_members_term_id_idx').on(t.termId),
    index('committee_members_member_id_idx').on(t.memberId),
    uniqueIndex('committee_members_one_role_per_term').on(t.orgId, t.memberId).where(sql`ended_on is null`),
  ],
);
