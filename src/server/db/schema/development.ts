/**
 * 发展党员: cases (one person from application to full membership), their append-only step records,
 * documents per step, the yearly development plan, and the discipline records that decide who may
 * be a sponsor or mentor.
 *
 * The case row carries the state the engine derives from the steps (stage, next step, dates), so
 * that boards and cohorts are index scans; it is rewritten in the same transaction as every step.
 */
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
import { members } from './members.js';
import { orgs } from './orgs.js';
import { ltree } from './types.js';
import { users } from './users.js';

export const developmentCases = pgTable(
  'development_cases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The branch the person applied to. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** Copy of the branch's path, kept in step on org moves (like meetings.org_path). */
    orgPath: ltree('org_path').notNull(),
    /** '2014' | '2026': the 细则 the case runs under, fixed when it is opened. */
    version: varchar('version', { length: 4 }).notNull(),
    /** The rule values (development.* and those the engine reads) in force when the case opened. */
    rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
    name: varchar('name', { length: 30 }).notNull(),
    namePinyin: varchar('name_pinyin', { length: 200 }).notNull().default(''),
    nameInitials: varchar('name_initials', { length: 30 }).notNull().default(''),
    gender: varchar('gender', { length: 6 }).notNull(),
    /** Legacy clear columns (before issue #18): emptied at start-up into the encrypted ones below. */
    idNumber: varchar('id_number', { length: 18 }),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    phone: varchar('phone', { length: 20 }),
    /** Encrypted, hashed and masked like members' (lib/pii.ts). */
    idNumberEnc: text('id_number_enc'),
    idNumberHash: varchar('id_number_hash', { length: 64 }),
    idNumberMasked: varchar('id_number_masked', { length: 18 }),
    phoneEnc: text('phone_enc'),
    phoneMasked: varchar('phone_masked', { length: 20 }),
    /** Keyed hash of the phone (lib/pii.ts): an applicant's account signs in by phone through it. */
    phoneHash: varchar('phone_hash', { length: 64 }),
    ethnicity: varchar('ethnicity', { length: 20 }),
    education: varchar('education', { length: 20 }),
    workUnit: varchar('work_unit', { length: 100 }),
    /** active | completed | rejected | cancelled | closed */
    status: varchar('status', { length: 10 }).notNull().default('active'),
    /** applicant | activist | candidate | probationary | full: where the person stands. */
    stage: varchar('stage', { length: 14 }).notNull().default('applicant'),
    lastStepKey: varchar('last_step_key', { length: 30 }),
    lastStepOn: date('last_step_on', { mode: 'string' }),
    /** The forward next step and the dates of all next items (earliest of the forward one, first due). */
    nextKey: varchar('next_key', { length: 30 }),
    nextEarliestOn: date('next_earliest_on', { mode: 'string' }),
    nextDueOn: date('next_due_on', { mode: 'string' }),
    appliedOn: date('applied_on', { mode: 'string' }).notNull(),
    activistOn: date('activist_on', { mode: 'string' }),
    candidateEligibleOn: date('candidate_eligible_on', { mode: 'string' }),
    candidateOn: date('candidate_on', { mode: 'string' }),
    admittedOn: date('admitted_on', { mode: 'string' }),
    probationEndsOn: date('probation_ends_on', { mode: 'string' }),
    extensionMonths: smallint('extension_months'),
    confirmedOn: date('confirmed_on', { mode: 'string' }),
    /** The register entry created when the higher committee approves the admission. */
    memberId: integer('member_id').references(() => members.id),
    closedReason: text('closed_reason'),
    closedOn: date('closed_on', { mode: 'string' }),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('development_cases_org_id_idx').on(t.orgId),
    index('development_cases_org_path_gist').using('gist', t.orgPath),
    index('development_cases_stage_idx').on(t.status, t.stage),
    index('development_cases_next_due_idx').on(t.nextDueOn).where(sql`status = 'active'`),
    index('development_cases_name_idx').on(t.name),
    index('development_cases_member_id_idx').on(t.memberId),
    index('development_cases_phone_hash_idx').on(t.phoneHash).where(sql`phone_hash is not null`),
    index('development_cases_id_number_hash_idx').on(t.idNumberHash).where(sql`id_number_hash is not null`),
  ],
);

/**
 * One recorded step. Append-only: a correction inserts a new row that names the row it corrects
 * (`corrects_id`) with a reason; the corrected row stays and is marked superseded.
 */
export const developmentSteps = pgTable(
  'development_steps',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => developmentCases.id),
    no: smallint('no').notNull(),
    key: varchar('key', { length: 30 }).notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    /** The step's inputs (StepData; people by id and name as they were on the day). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** Warnings the engine raised when the step was recorded (late talk, late approval, …). */
    warnings: jsonb('warnings').$type<Record<string, unknown>[]>().notNull().default([]),
    correctsId: integer('corrects_id'),
    correctionReason: text('correction_reason'),
    supersededById: integer('superseded_by_id'),
    recordedBy: integer('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('development_steps_case_id_idx').on(t.caseId, t.id)],
);

/** Files attached to a step (申请书, 志愿书, 政审材料 …), stored under DATA_DIR like meeting attachments. */
export const developmentDocuments = pgTable(
  'development_documents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => developmentCases.id),
    stepId: integer('step_id')
      .notNull()
      .references(() => developmentSteps.id),
    fileName: varchar('file_name', { length: 200 }).notNull(),
    mimeType: varchar('mime_type', { length: 100 }).notNull(),
    size: integer('size').notNull(),
    storedName: varchar('stored_name', { length: 100 }).notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('development_documents_case_id_idx').on(t.caseId),
    index('development_documents_step_id_idx').on(t.stepId),
  ],
);

/** 发展计划: the yearly quota of an org, set by its higher committee. */
export const developmentPlans = pgTable(
  'development_plans',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    year: smallint('year').notNull(),
    quota: integer('quota').notNull(),
    note: text('note'),
    setBy: integer('set_by').references(() => users.id),
    setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('development_plans_org_year').on(t.orgId, t.year)],
);

/** 党纪处分 on the register: 留党察看 until rights are restored bars a member from sponsoring. */
export const memberDisciplines = pgTable(
  'member_disciplines',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** warning | serious_warning | removal_from_post | probation_watch */
    kind: varchar('kind', { length: 20 }).notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    reason: text('reason').notNull(),
    recordedBy: integer('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('member_disciplines_member_id_idx').on(t.memberId)],
);

export type DevelopmentCaseRow = typeof developmentCases.$inferSelect;
export type DevelopmentStepRow = typeof developmentSteps.$inferSelect;
