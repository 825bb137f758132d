import {
  boolean,
  index,
  integer,
  pgTable,
  smallint,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { orgs } from './orgs.js';

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: varchar('username', { length: 40 }).notNull(),
    displayName: varchar('display_name', { length: 40 }).notNull(),
    passwordHash: varchar('password_hash', { length: 200 }).notNull(),
    /** The member record a user is, if any: the `member` role reads only this record. */
    memberId: integer('member_id'),
    active: boolean('active').notNull().default(true),
    failedLogins: smallint('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_idx').on(t.username), index('users_member_id_idx').on(t.memberId)],
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
