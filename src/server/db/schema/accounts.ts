/**
 * Accounts for the whole register (issue #19): batches of member accounts issued by an org for a
 * subtree, the activation code of each (handed out by the secretary on a printed slip), and the
 * one-time SMS codes of sign-in and password reset through the SMS provider.
 *
 * A member's account has a generated username, not the phone: phones stay sealed (decision 0035),
 * and sign-in by phone finds the member through `members.phone_hash`, then the account through
 * `users.member_id`.
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, smallint, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { developmentCases } from './development.js';
import { members } from './members.js';
import { orgs } from './orgs.js';
import { ltree } from './types.js';
import { users } from './users.js';

/** One "create accounts for this subtree" action: its slips print from here. */
export const accountBatches = pgTable(
  'account_batches',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    /** Accounts created (members who had none) and codes issued in the batch. */
    created: integer('created').notNull().default(0),
    issued: integer('issued').notNull().default(0),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('account_batches_org_path_gist').using('gist', t.orgPath),
    index('account_batches_org_id_idx').on(t.orgId),
    index('account_batches_created_by_idx').on(t.createdBy),
  ],
);

/**
 * An activation code: the member types it with the last six characters of their ID number and sets
 * a password. Only the keyed hash checks it; the sealed copy (lib/pii.ts) lets the org print the
 * slip again until it is used. A newer code for the same account replaces (revokes) the older.
 */
export const activationCodes = pgTable(
  'activation_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    /** The member the account is for; null for an applicant's or activist's account. */
    memberId: integer('member_id').references(() => members.id),
    /** The development case an applicant's or activist's account follows (no member record yet). */
    developmentCaseId: integer('development_case_id').references(() => developmentCases.id),
    batchId: integer('batch_id').references(() => accountBatches.id),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    codeEnc: text('code_enc').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Wrong ID tails typed with this code; at the limit the code locks until `locked_until`. */
    failedAttempts: smallint('failed_attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    issuedBy: integer('issued_by')
      .notNull()
      .references(() => users.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('activation_codes_code_hash_idx').on(t.codeHash),
    index('activation_codes_user_id_idx').on(t.userId),
    index('activation_codes_member_id_idx').on(t.memberId),
    index('activation_codes_development_case_id_idx').on(t.developmentCaseId),
    index('activation_codes_batch_id_idx').on(t.batchId),
    index('activation_codes_issued_by_idx').on(t.issuedBy),
  ],
);

/**
 * A one-time SMS code (sign-in or password reset). Rate limits per phone and per address are
 * counted from these rows, so they hold across restarts and processes. Only hashes are stored.
 */
export const smsCodes = pgTable(
  'sms_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The keyed hash of the phone (members.phone_hash). */
    phoneHash: varchar('phone_hash', { length: 64 }).notNull(),
    /** login | reset */
    purpose: varchar('purpose', { length: 10 }).notNull(),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    /** The requesting address, for the per-address limit. */
    ip: varchar('ip', { length: 45 }).notNull(),
    attempts: smallint('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    index('sms_codes_phone_idx').on(t.phoneHash, t.createdAt),
    index('sms_codes_ip_idx').on(t.ip, t.createdAt),
    index('sms_codes_open_idx').on(t.phoneHash, t.purpose).where(sql`used_at is null`),
  ],
);
