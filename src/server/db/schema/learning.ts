/**
 * Education and training (党员教育培训, issue #20): the content an org publishes for its subtree,
 * its 集中培训 / 专题辅导 classes with rosters and QR attendance (module `learning`), the study
 * sessions whose heartbeats the server turns into credited time, external study approved by the
 * branch, and the hours ledger every figure is summed from (module `hours`).
 *
 * Time is kept in seconds everywhere; 学时 are seconds divided by the rule
 * `learning.minutesPerHour` × 60 as of the year, so a changed rule never rewrites a credit.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
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

/** Who an item is for (any of): 全体党员, 书记, 班子成员, 预备党员, 入党积极分子. */
export type LearningAudience = 'all' | 'secretaries' | 'committee' | 'probationary' | 'activists';

/** A course or material (课程 / 学习资料) published by an org for its subtree. */
export const learningItems = pgTable(
  'learning_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** Copy of the publishing org's path: an item reaches the members of this subtree. */
    orgPath: ltree('org_path').notNull(),
    title: varchar('title', { length: 100 }).notNull(),
    /** text | pdf | video | audio */
    kind: varchar('kind', { length: 8 }).notNull(),
    summary: varchar('summary', { length: 500 }).notNull().default(''),
    /** The text of a text item (plain text with paragraphs). */
    body: text('body').notNull().default(''),
    /** The file of a pdf, video or audio item; bytes on disk under the attachments directory. */
    fileName: varchar('file_name', { length: 200 }),
    mimeType: varchar('mime_type', { length: 100 }),
    size: bigint('size', { mode: 'number' }),
    storageKey: varchar('storage_key', { length: 100 }),
    /**
     * The item's length in seconds: a video's or audio's running time, a text's or PDF's reading
     * time set by the publisher. No study of the item is credited beyond it.
     */
    lengthSeconds: integer('length_seconds').notNull(),
    audience: jsonb('audience').$type<LearningAudience[]>().notNull().default(['all']),
    /** 必学: counted as to do on the member's list until studied to its length. */
    required: boolean('required').notNull().default(false),
    /** Visible to members from this business day (Asia/Shanghai). */
    publishOn: date('publish_on', { mode: 'string' }).notNull(),
    /** draft | published | withdrawn */
    status: varchar('status', { length: 10 }).notNull().default('draft'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('learning_items_org_path_gist').using('gist', t.orgPath),
    index('learning_items_org_id_idx').on(t.orgId),
    index('learning_items_publish_idx').on(t.publishOn, t.id),
    index('learning_items_created_by_idx').on(t.createdBy),
    check('learning_items_length_positive', sql`${t.lengthSeconds} > 0`),
  ],
);

/** A 集中培训 class or a 专题辅导 (kind training | tutorial), organised by an org. */
export const learningClasses = pgTable(
  'learning_classes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    /** training (集中培训) | tutorial (专题辅导) */
    kind: varchar('kind', { length: 10 }).notNull(),
    title: varchar('title', { length: 100 }).notNull(),
    /** 主办单位 / organiser as printed on the notice (defaults to the org's name). */
    organiser: varchar('organiser', { length: 60 }).notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** The class's hours, credited whole to each member who completes it. */
    creditSeconds: integer('credit_seconds').notNull(),
    place: varchar('place', { length: 100 }).notNull().default(''),
    online: boolean('online').notNull().default(false),
    /** Completion: attended at least this share (percent) of the class days. */
    completionPercent: smallint('completion_percent').notNull(),
    /** planned | finished | cancelled */
    status: varchar('status', { length: 10 }).notNull().default('planned'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('learning_classes_org_path_gist').using('gist', t.orgPath),
    index('learning_classes_org_id_idx').on(t.orgId),
    index('learning_classes_starts_idx').on(t.startsOn, t.id),
    index('learning_classes_created_by_idx').on(t.createdBy),
    check('learning_classes_dates', sql`${t.endsOn} >= ${t.startsOn}`),
    check('learning_classes_completion', sql`${t.completionPercent} between 1 and 100`),
  ],
);

/** A class's roster (学员名单). */
export const learningClassRoster = pgTable(
  'learning_class_roster',
  {
    classId: integer('class_id')
      .notNull()
      .references(() => learningClasses.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.classId, t.memberId] }),
    index('learning_class_roster_member_idx').on(t.memberId),
  ],
);

/** Attendance of one class day: by the class's QR code (method qr) or entered (manual). */
export const learningClassAttendance = pgTable(
  'learning_class_attendance',
  {
    classId: integer('class_id')
      .notNull()
      .references(() => learningClasses.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    day: date('day', { mode: 'string' }).notNull(),
    /** qr | manual */
    method: varchar('method', { length: 8 }).notNull(),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: integer('recorded_by').references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.classId, t.memberId, t.day] }),
    index('learning_class_attendance_member_idx').on(t.memberId),
    index('learning_class_attendance_recorded_by_idx').on(t.recordedBy),
  ],
);

/** QR sign-in tokens of a class day. Only the SHA-256 is stored. */
export const learningClassTokens = pgTable(
  'learning_class_tokens',
  {
    tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
    classId: integer('class_id')
      .notNull()
      .references(() => learningClasses.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('learning_class_tokens_class_idx').on(t.classId),
    index('learning_class_tokens_created_by_idx').on(t.createdBy),
  ],
);

/**
 * One study of an item on one device (module `hours`). A member has at most one active session:
 * starting another supersedes the first, whose later heartbeats credit nothing. The id sent to
 * the client is random (`token_hash` keeps its SHA-256), so a session cannot be guessed.
 */
export const studySessions = pgTable(
  'study_sessions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => learningItems.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    /** The device as the client names it (a random id kept in the browser), hashed. */
    deviceHash: varchar('device_hash', { length: 64 }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    lastBeatAt: timestamp('last_beat_at', { withTimezone: true }).notNull(),
    /** Next heartbeat's sequence number expected. */
    nextSeq: integer('next_seq').notNull().default(0),
    /** Media position of the last heartbeat (seconds). */
    position: integer('position').notNull().default(0),
    /** Furthest position reached by credited play: seeking past it credits nothing. */
    reached: integer('reached').notNull().default(0),
    creditedSeconds: integer('credited_seconds').notNull().default(0),
    /** active | ended | superseded | expired */
    status: varchar('status', { length: 10 }).notNull().default('active'),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** The session that superseded this one. */
    supersededBy: bigint('superseded_by', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('study_sessions_token_idx').on(t.tokenHash),
    uniqueIndex('study_sessions_one_active').on(t.memberId).where(sql`status = 'active'`),
    index('study_sessions_member_idx').on(t.memberId, t.startedAt),
    index('study_sessions_item_idx').on(t.itemId),
    index('study_sessions_user_idx').on(t.userId),
    // The daily anomaly scan reads the sessions that beat since its last run.
    index('study_sessions_last_beat_idx').on(t.lastBeatAt),
  ],
);

/** Every heartbeat received, with what it credited and why: the trace behind an online credit. */
export const studyBeats = pgTable(
  'study_beats',
  {
    sessionId: bigint('session_id', { mode: 'number' })
      .notNull()
      .references(() => studySessions.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    position: integer('position').notNull(),
    visible: boolean('visible').notNull(),
    playing: boolean('playing').notNull(),
    creditedSeconds: integer('credited_seconds').notNull(),
    /** credited | hidden | paused | seek | too_soon | gap | past_end | daily_cap | superseded | ended */
    verdict: varchar('verdict', { length: 12 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.seq] })],
);

/** 学习强国 exports, a school's certificate, …: entered or imported with evidence, approved by the branch. */
export const externalStudy = pgTable(
  'external_study',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** The member's branch when entered: who approves it. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    /** xuexi (学习强国) | school (党校 / 院校) | other */
    source: varchar('source', { length: 8 }).notNull(),
    title: varchar('title', { length: 100 }).notNull(),
    studiedOn: date('studied_on', { mode: 'string' }).notNull(),
    seconds: integer('seconds').notNull(),
    evidenceFileName: varchar('evidence_file_name', { length: 200 }),
    evidenceMimeType: varchar('evidence_mime_type', { length: 100 }),
    evidenceSize: integer('evidence_size'),
    evidenceStorageKey: varchar('evidence_storage_key', { length: 100 }),
    /** pending | approved | rejected */
    status: varchar('status', { length: 10 }).notNull().default('pending'),
    submittedBy: integer('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: varchar('decision_note', { length: 200 }),
    /** The import it came from, when imported. */
    importId: integer('import_id'),
  },
  (t) => [
    index('external_study_member_idx').on(t.memberId, t.studiedOn),
    index('external_study_org_path_gist').using('gist', t.orgPath),
    index('external_study_status_idx').on(t.status, t.orgId),
    index('external_study_org_idx').on(t.orgId),
    index('external_study_submitted_by_idx').on(t.submittedBy),
    index('external_study_decided_by_idx').on(t.decidedBy),
    check('external_study_seconds_positive', sql`${t.seconds} > 0`),
  ],
);

/**
 * The hours ledger: every credited second, traceable to its source. online: one row per member,
 * item and day (the heartbeats of `study_beats` are its trace); class: one row per completed class
 * (on its last day); external: one row per approved record. Derived: the `hours` module writes it
 * from the sources, so a deleted source takes its credit with it.
 */
export const learningCredits = pgTable(
  'learning_credits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      // Derived rows go with the member (an import rolled back deletes the members it added).
      .references(() => members.id, { onDelete: 'cascade' }),
    /** The member's branch on the day credited (the register as of that date). */
    orgId: integer('org_id').notNull(),
    orgPath: ltree('org_path').notNull(),
    year: smallint('year').notNull(),
    creditedOn: date('credited_on', { mode: 'string' }).notNull(),
    /** online | class | external */
    source: varchar('source', { length: 8 }).notNull(),
    /** learning_items.id, learning_classes.id or external_study.id */
    sourceId: integer('source_id').notNull(),
    seconds: integer('seconds').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('learning_credits_source_idx').on(t.memberId, t.source, t.sourceId, t.creditedOn),
    index('learning_credits_member_year_idx').on(t.memberId, t.year),
    index('learning_credits_source_id_idx').on(t.source, t.sourceId),
  ],
);

/**
 * Per member and year: the credited seconds by source, kept by the `hours` module with every
 * change of `learning_credits` (same transaction). Progress pages and rollups read this, one row
 * per member, never the ledger.
 */
export const learningProgress = pgTable(
  'learning_progress',
  {
    memberId: integer('member_id')
      .notNull()
      // Derived rows go with the member (an import rolled back deletes the members it added).
      .references(() => members.id, { onDelete: 'cascade' }),
    year: smallint('year').notNull(),
    /** The member's current branch (moved with transfers and org moves). */
    orgId: integer('org_id').notNull(),
    orgPath: ltree('org_path').notNull(),
    onlineSeconds: integer('online_seconds').notNull().default(0),
    classSeconds: integer('class_seconds').notNull().default(0),
    externalSeconds: integer('external_seconds').notNull().default(0),
    totalSeconds: integer('total_seconds').notNull().default(0),
    /** Completed classes of the year organised above the member's branch (集中培训 by a higher org). */
    higherClasses: smallint('higher_classes').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.year] }),
    index('learning_progress_year_path_idx').on(t.year, t.orgPath),
  ],
);
