import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  varchar,
} from 'drizzle-orm/pg-core';

/**
 * Kept figures of the annual report (issue #21, decision 0051). When a year closes, the report's
 * figures of every org's subtree (the tree as it stood on 31 December) are computed once in SQL and
 * kept; a report of a closed year reads one row. Derived data: no foreign keys (the orgs are those
 * of that 31 December; recomputing a year rewrites its rows).
 */

/** One row per kept year: when it was kept and how far the histories it read went. */
export const statsKeptYears = pgTable('stats_kept_years', {
  year: integer('year').primaryKey(),
  firstKeptAt: timestamp('first_kept_at', { withTimezone: true }).notNull().defaultNow(),
  keptAt: timestamp('kept_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * The highest `member_events.id` and `org_versions.id` when the year was first kept: a later row
   * dated inside the year is a late correction (ids only grow; occurred_on says which years it hits).
   */
  eventWatermark: integer('event_watermark').notNull(),
  versionWatermark: integer('version_watermark').notNull(),
  /**
   * The highest `development_steps.id` when the year was first kept (null: kept before it was
   * recorded): a step recorded later dated inside the year, or correcting one that was, changes
   * the year's development pipeline (表三) — a late correction like a register event.
   */
  stepWatermark: integer('step_watermark'),
  /** `branch.minFullMembers` the figures were counted with. */
  minFull: integer('min_full').notNull(),
  /**
   * The order of the counts in `stats_closing.counts` when the closing states were kept (null: the
   * year was kept without them, before they existed): the incremental report reads them by position
   * and falls back to the full computation when the code's keys differ.
   */
  closingKeys: text('closing_keys').array(),
  /**
   * The members with a register event dated after 31 December already recorded when the year was
   * kept (up to the watermark): with the events recorded later, the members whose state may have
   * changed since the kept closing states (the incremental report reads only their histories).
   */
  pendingMembers: integer('pending_members').array(),
});

/**
 * The closing states of one kept year per org where the members stood on 31 December (every org,
 * whether or not it stood that day: an org whose first version is later still holds members):
 * `counts` in the order of `stats_kept_years.closing_keys` (on the roll, women, full members, each
 * education, age band, …), `edgeBirths` the birth dates (yyyymmdd) of those whose age band can
 * change within the next year (aged exactly a band's maximum on 31 December). The report of the
 * next year's dates sums them over its subtree and adds the changes since (issue #21, decision 0051).
 */
export const statsClosing = pgTable(
  'stats_closing',
  {
    year: integer('year').notNull(),
    orgId: integer('org_id').notNull(),
    counts: integer('counts').array().notNull(),
    edgeBirths: integer('edge_births').array().notNull(),
    staleSince: timestamp('stale_since', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.year, t.orgId] })],
);

/**
 * The figures of one org's subtree for one kept year: `figures` maps a figure key (`close.women`,
 * `inc.transferred_in`, `orgs.below_min`, …) to its count, zeros left out. `parentId` is the org's
 * parent on 31 December (a correction marks the ancestors of that tree stale). `staleSince` is set
 * when a late correction may have changed the figures; the report then computes live and says so
 * until the daily job recomputes them.
 */
export const statsFigures = pgTable(
  'stats_figures',
  {
    year: integer('year').notNull(),
    orgId: integer('org_id').notNull(),
    parentId: integer('parent_id'),
    figures: jsonb('figures').$type<Record<string, number>>().notNull(),
    keptAt: timestamp('kept_at', { withTimezone: true }).notNull().defaultNow(),
    staleSince: timestamp('stale_since', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.year, t.orgId] })],
);

/**
 * A late correction of a kept year, one row per report it reaches (the org whose subtree figures it
 * may change): a register event or an org version recorded after the year was kept but dated inside
 * it, or a correction of a member's fixed facts. `appliedAt` is set when the recomputation changed
 * that org's figures; a correction that left them equal is removed (the report lists what changed it).
 */
export const statsCorrections = pgTable(
  'stats_corrections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    year: integer('year').notNull(),
    orgId: integer('org_id').notNull(),
    /** member_event | org_version | development_step */
    source: varchar('source', { length: 16 }).notNull(),
    sourceId: integer('source_id').notNull(),
    /** The event's kind (transferred, status_changed, …) or the version's change (moved, …). */
    change: varchar('change', { length: 20 }).notNull(),
    /** The org the event or version is about (the member's org after the event, the org itself). */
    subjectOrgId: integer('subject_org_id').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: integer('recorded_by'),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
  },
  (t) => [
    index('stats_corrections_year_org_idx').on(t.year, t.orgId),
    index('stats_corrections_source_idx').on(t.source, t.sourceId, t.year),
  ],
);
