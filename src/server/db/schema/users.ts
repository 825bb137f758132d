import { sql } from 'drizzle-orm';
import {
  boolean,
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

/** Settings a user keeps for themselves (大字模式 and the like). */
export interface UserPreferences {
  largeType?: boolean;
}

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: varchar('username', { length: 40 }).notNull(),
    displayName: varchar('display_name', { length: 40 }).notNull(),
    passwordHash: varchar('password_hash', { length: 200 }).notNull(),
    /** The member record a user is, if any: the `member` role reads only this record. */
    memberId: integer('member_id'),
    /**
     * The development case an applicant's or activist's account follows (no member record yet):
     * their home shows the case's next step. Moves to `member_id` when they join.
     */
    developmentCaseId: integer('development_case_id'),
    active: boolean('active').notNull().default(true),
    failedLogins: smallint('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Set by an administrator's reset: the next sign-in may do nothing but change the password. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /** For the configurable password expiry (等保 2.0 identification). */
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** A member account issued in a batch is inactive until the member activates it with the code. */
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    /** Why the account was disabled by the system (left_party: the member left the party). */
    disabledReason: varchar('disabled_reason', { length: 20 }),
    /** The user's own settings that follow them across devices: { largeType?: boolean }. */
    preferences: jsonb('preferences').$type<UserPreferences>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_idx').on(t.username),
    index('users_member_id_idx').on(t.memberId),
    index('users_development_case_id_idx').on(t.developmentCaseId),
  ],
);

/** A role held at the root of a subtree; a user's scope is the union of these subtrees. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    role: varchar('role', { length: 20 }).notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
  },
  (t) => [
    index('role_assignments_user_id_idx').on(t.userId),
    index('role_assignments_org_id_idx').on(t.orgId),
  ],
);

/** Server-side sessions; the cookie holds a random token whose SHA-256 is the id. */
export const sessions = pgTable(
  'sessions',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

/** Earlier password hashes of a user, so that a new password may not repeat the last few. */
export const passwordHistory = pgTable(
  'password_history',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    passwordHash: varchar('password_hash', { length: 200 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('password_history_user_id_idx').on(t.userId, t.createdAt)],
);

/**
 * A role grant or revocation proposed by one administrator that takes effect only when a second,
 * a security administrator other than the proposer, approves it (三员分立, issue #18).
 */
export const roleGrantRequests = pgTable(
  'role_grant_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    /** grant | revoke */
    action: varchar('action', { length: 10 }).notNull(),
    role: varchar('role', { length: 20 }).notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** pending | approved | rejected | withdrawn */
    status: varchar('status', { length: 10 }).notNull().default('pending'),
    reason: text('reason').notNull(),
    proposedBy: integer('proposed_by')
      .notNull()
      .references(() => users.id),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    index('role_grant_requests_user_id_idx').on(t.userId),
    index('role_grant_requests_org_id_idx').on(t.orgId),
    index('role_grant_requests_proposed_by_idx').on(t.proposedBy),
    index('role_grant_requests_decided_by_idx').on(t.decidedBy),
    index('role_grant_requests_pending_idx').on(t.status).where(sql`status = 'pending'`),
  ],
);

/**
 * Linking an account to the member record it is: requested by an administrator whose scope holds
 * the member, effective when the member's org (a secretary or org admin there) confirms it.
 */
export const memberLinkRequests = pgTable(
  'member_link_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    memberId: integer('member_id').notNull(),
    /** The member's org when requested, for the confirming org's queue. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    /** pending | confirmed | rejected | withdrawn */
    status: varchar('status', { length: 10 }).notNull().default('pending'),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    index('member_link_requests_user_id_idx').on(t.userId),
    index('member_link_requests_member_id_idx').on(t.memberId),
    index('member_link_requests_org_id_idx').on(t.orgId),
    index('member_link_requests_org_path_gist').using('gist', t.orgPath),
    index('member_link_requests_requested_by_idx').on(t.requestedBy),
    index('member_link_requests_decided_by_idx').on(t.decidedBy),
  ],
);

/**
 * Data keys of the envelope encryption (lib/pii.ts): each is random, stored wrapped by the
 * deployment's key (JICENG_DATA_KEY or the key file), never in clear. `purpose` enc encrypts
 * values (rotated: a new key encrypts, old ones still decrypt until re-encryption); hash keys the
 * lookup hashes.
 */
export const dataKeys = pgTable('data_keys', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  /** enc | hash */
  purpose: varchar('purpose', { length: 8 }).notNull(),
  /** The data key wrapped by the deployment key: algorithm, iv, ciphertext and tag, base64. */
  wrapped: text('wrapped').notNull(),
  /** Fingerprint of the deployment key that wrapped it (which key a rotation must unwrap with). */
  kekId: varchar('kek_id', { length: 16 }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** A retired enc key only decrypts; the re-encryption command moves its values to the current one. */
  retiredAt: timestamp('retired_at', { withTimezone: true }),
});
