import { sql } from 'drizzle-orm';
import { bigint, check, date, integer, pgTable, primaryKey, smallint, varchar } from 'drizzle-orm/pg-core';

/**
 * Subtree rollups (issue #7): for every org, counts over its whole subtree (the org itself
 * included), kept exact by statement-level triggers on members, orgs and coverage_units in the
 * same transaction as the change (migration 0008, functions `rollup_*`). The dashboard reads one
 * org's rows instead of scanning its subtree. `dim` names the figure (`m.gender`, `o.kind`,
 * `c.covered`, …: m = current members, o = active orgs, c = 两新 units) and `key` its value; a
 * count that fell to 0 keeps its row.
 */
export const subtreeCounts = pgTable(
  'subtree_counts',
  {
    orgId: integer('org_id').notNull(),
    dim: varchar('dim', { length: 16 }).notNull(),
    // Compliance keys are 'closing day|opening day|meeting kind' (up to 42 characters).
    key: varchar('key', { length: 48 }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.dim, t.key] })],
);

/**
 * One row: the day the `m.ageBand` rollups are counted on. Ages change daily, so the rollups are
 * shifted to the new day (`rollup_shift_age_bands`) by the daily job or by the first read of a day.
 */
export const rollupState = pgTable(
  'rollup_state',
  {
    id: smallint('id').primaryKey().default(1),
    ageBandsOn: date('age_bands_on', { mode: 'string' }).notNull(),
  },
  (t) => [check('rollup_state_one_row', sql`${t.id} = 1`)],
);
