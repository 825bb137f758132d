import { bigint, index, integer, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { ltree } from './types.js';

/** Every write and every reveal of sensitive data: who, when, what, before and after. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: integer('user_id'),
    username: varchar('username', { length: 40 }),
    /** e.g. member.update, member.reveal, org.move, auth.login_failed */
    action: varchar('action', { length: 40 }).notNull(),
    entity: varchar('entity', { length: 20 }).notNull(),
    entityId: integer('entity_id'),
    /** Path of the org the record belonged to, so an auditor sees only their subtree's entries. */
    orgPath: ltree('org_path'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    requestId: varchar('request_id', { length: 40 }),
    ip: varchar('ip', { length: 60 }),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_entity_idx').on(t.entity, t.entityId),
    index('audit_log_user_id_idx').on(t.userId),
    index('audit_log_org_path_gist').using('gist', t.orgPath),
  ],
);

/** Deployment overrides of configurable rules (DESIGN §4.3); changes are audited. */
export const settings = pgTable('settings', {
  key: varchar('key', { length: 80 }).primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
