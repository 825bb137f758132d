/**
 * Organizational life (组织生活): meetings with attendance and votes, heart talks, exemptions granted
 * by the higher org, the compliance table derived from them, and in-app notifications.
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
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { members } from './members.js';
import { orgs } from './orgs.js';
import { ltree } from './types.js';
import { users } from './users.js';

/** One recorded vote of a general meeting (表决事项), with the counts checked against §1.4. */
export interface MeetingVote {
  subject: string;
  forVotes: number;
  against: number;
  abstain: number;
  /** 应到会有表决权党员 (full members expected) and 实到 (full members present), fixed at save. */
  expectedVoting: number;
  presentVoting: number;
  quorumMet: boolean;
  passed: boolean;
}

/** 三会一课 and the other meetings. One row per meeting held (or planned, while a draft). */
export const meetings = pgTable(
  'meetings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** Copy of the org's path, kept in step on org moves: subtree lists are one index scan. */
    orgPath: ltree('org_path').notNull(),
    /** general_meeting | committee_meeting | group_meeting | party_lecture | theme_day | life_meeting | member_review */
    kind: varchar('kind', { length: 20 }).notNull(),
    /** The party group (党小组, an org of kind party_group) for a group meeting. */
    groupId: integer('group_id').references(() => orgs.id),
    title: varchar('title', { length: 100 }).notNull(),
    /** The business date (Asia/Shanghai) the meeting counts for. */
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    place: varchar('place', { length: 100 }).notNull().default(''),
    hostName: varchar('host_name', { length: 30 }).notNull().default(''),
    recorderName: varchar('recorder_name', { length: 30 }).notNull().default(''),
    lecturerName: varchar('lecturer_name', { length: 30 }),
    lecturerMemberId: integer('lecturer_member_id').references(() => members.id),
    /** A lecture given by the org's secretary in office on the day (counts for the secretary's yearly lecture). */
    bySecretary: boolean('by_secretary').notNull().default(false),
    topic: varchar('topic', { length: 200 }),
    agenda: text('agenda').notNull().default(''),
    minutes: text('minutes').notNull().default(''),
    decisions: text('decisions').notNull().default(''),
    votes: jsonb('votes').$type<MeetingVote[]>().notNull().default([]),
    /** draft | submitted | reviewed | returned */
    status: varchar('status', { length: 10 }).notNull().default('draft'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: integer('submitted_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewComment: text('review_comment'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('meetings_org_held_idx').on(t.orgId, t.heldOn),
    index('meetings_org_path_gist').using('gist', t.orgPath),
    // Newest-first pages of a broad subtree walk this index and stop after one page.
    index('meetings_held_idx').on(t.heldOn, t.startsAt, t.id),
    // Deleting a member or an org checks these foreign keys: without an index each delete scanned
    // every meeting (issue #21). Partial: most meetings have neither.
    index('meetings_group_idx').on(t.groupId).where(sql`group_id is not null`),
    index('meetings_lecturer_idx').on(t.lecturerMemberId).where(sql`lecturer_member_id is not null`),
  ],
);

/** 参会情况: one row per expected attendee, fixed from the org's members on the meeting day. */
export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** Snapshot at the meeting: full | probationary (probationary members do not vote). */
    category: varchar('category', { length: 14 }).notNull(),
    /** present | excused (请假, with reason) | absent */
    attendance: varchar('attendance', { length: 10 }).notNull().default('absent'),
    reason: varchar('reason', { length: 100 }),
    /** Set when the member signed in with the meeting's QR code: the time of the scan. */
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    /**
     * When the server received a check-in scanned offline and sent later (the phone's queue); null
     * when it arrived at once. The secretary sees both times.
     */
    checkinReceivedAt: timestamp('checkin_received_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.memberId] }),
    index('meeting_attendance_member_idx').on(t.memberId),
  ],
);

/** Photos and documents of a meeting; the bytes are on disk under the data directory. */
export const meetingAttachments = pgTable(
  'meeting_attachments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    fileName: varchar('file_name', { length: 200 }).notNull(),
    mimeType: varchar('mime_type', { length: 100 }).notNull(),
    size: integer('size').notNull(),
    /** Relative to the attachments directory; never derived from the uploaded name. */
    storageKey: varchar('storage_key', { length: 100 }).notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meeting_attachments_meeting_idx').on(t.meetingId)],
);

/**
 * A member's answer to a planned meeting from their phone: 参加 (attend) or 请假 (leave, with a
 * reason). The attendance grid shows it, and a leave pre-fills the row as excused.
 */
export const meetingResponses = pgTable(
  'meeting_responses',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** attend | leave */
    response: varchar('response', { length: 10 }).notNull(),
    reason: varchar('reason', { length: 100 }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    respondedAt: timestamp('responded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.memberId] }),
    index('meeting_responses_member_idx').on(t.memberId),
    index('meeting_responses_user_id_idx').on(t.userId),
  ],
);

/** QR sign-in tokens. Only the SHA-256 is stored; a token names its meeting and expires. */
export const meetingCheckinTokens = pgTable(
  'meeting_checkin_tokens',
  {
    tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meeting_checkin_tokens_meeting_idx').on(t.meetingId)],
);

/** 谈心谈话: a committee member talks with a member of the org. */
export const heartTalks = pgTable(
  'heart_talks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** The committee member (or secretary) who held the talk. */
    talkerMemberId: integer('talker_member_id')
      .notNull()
      .references(() => members.id),
    talkedOn: date('talked_on', { mode: 'string' }).notNull(),
    summary: text('summary').notNull(),
    recordedBy: integer('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('heart_talks_org_talked_idx').on(t.orgId, t.talkedOn),
    index('heart_talks_member_idx').on(t.memberId),
    index('heart_talks_talker_idx').on(t.talkerMemberId),
    index('heart_talks_org_path_gist').using('gist', t.orgPath),
  ],
);

/** 免于考核: the higher org excuses one org from one rule for one period, with a reason. */
export const orglifeExemptions = pgTable(
  'orglife_exemptions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    ruleId: varchar('rule_id', { length: 60 }).notNull(),
    periodKey: varchar('period_key', { length: 10 }).notNull(),
    reason: varchar('reason', { length: 200 }).notNull(),
    grantedBy: integer('granted_by').references(() => users.id),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('orglife_exemptions_key').on(t.orgId, t.ruleId, t.periodKey)],
);

/**
 * The compliance table: one row per org, rule, period and subject (the party group of a group
 * meeting, else 0), with what was required and what was held. Derived data, rewritten for an org in
 * the same transaction as any change to its records; the state (met / due / missed / exempt /
 * not_started) depends on today and is computed when read, so nothing goes stale overnight.
 */
export const orglifeCompliance = pgTable(
  'orglife_compliance',
  {
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    ruleId: varchar('rule_id', { length: 60 }).notNull(),
    meetingKind: varchar('meeting_kind', { length: 20 }).notNull(),
    periodKey: varchar('period_key', { length: 10 }).notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    subjectId: integer('subject_id').notNull().default(0),
    required: integer('required').notNull(),
    held: integer('held').notNull(),
    /** Set when the period is exempt (founded/dissolved inside it, or granted by the higher org). */
    exemptReason: text('exempt_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.ruleId, t.periodKey, t.subjectId] }),
    index('orglife_compliance_path_gist').using('gist', t.orgPath),
    // Items open today (the due list, reminders) are a small slice by period end.
    index('orglife_compliance_end_idx').on(t.periodEnd),
    // The compliance page's missed and due lists (orglife/compliance.ts): open requirements in
    // the lists' order, so that a province's first 200 are read off the index, not sorted.
    index('orglife_compliance_missed_idx')
      .on(t.periodEnd.desc().nullsFirst(), t.orgPath, t.ruleId)
      .where(sql`held < required and exempt_reason is null`),
    index('orglife_compliance_due_idx')
      .on(t.periodEnd, t.orgPath, t.ruleId)
      .where(sql`held < required and exempt_reason is null`),
  ],
);

/** 消息: in-app notifications. `dedupeKey` makes the daily job safe to run twice. */
export const notifications = pgTable(
  'notifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    /** orglife.due | orglife.missed | meeting.returned … */
    kind: varchar('kind', { length: 30 }).notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    body: text('body').notNull().default(''),
    /** A path in the web UI to open. */
    link: varchar('link', { length: 200 }),
    orgId: integer('org_id').references(() => orgs.id),
    dedupeKey: varchar('dedupe_key', { length: 200 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_idx').on(t.userId, t.dedupeKey),
    index('notifications_unread_idx').on(t.userId, t.createdAt).where(sql`read_at is null`),
    index('notifications_org_idx').on(t.orgId).where(sql`org_id is not null`),
  ],
);

/** Runs of scheduled jobs, one row per job and day, so a second run the same day is a no-op. */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: varchar('job', { length: 40 }).notNull(),
    runOn: date('run_on', { mode: 'string' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    stats: jsonb('stats').$type<Record<string, number>>(),
  },
  (t) => [primaryKey({ columns: [t.job, t.runOn] })],
);
