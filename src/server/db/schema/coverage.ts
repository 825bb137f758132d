import { sql } from 'drizzle-orm';
import { index, integer, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';
import { orgs } from './orgs.js';
import { ltree } from './types.js';

/**
 * 两新组织覆盖: the enterprises and social organizations of an area, as the organization department
 * keeps them, and whether a party organization covers each (its own, or a joint branch). The
 * coverage rate of a subtree is covered / all units whose responsible org lies in it.
 */
export const coverageUnits = pgTable(
  'coverage_units',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: varchar('name', { length: 100 }).notNull(),
    /** private_enterprise | state_enterprise | social_organization */
    kind: varchar('kind', { length: 20 }).notNull(),
    /** The org responsible for the area (a street or town committee), and its path copy. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    employees: integer('employees').notNull().default(0),
    /** The party organization that covers it: its own org or a joint branch; null = not covered. */
    coveredByOrgId: integer('covered_by_org_id').references(() => orgs.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('coverage_units_org_id_idx').on(t.orgId),
    index('coverage_units_org_path_gist').using('gist', t.orgPath),
    index('coverage_units_covered_by_idx').on(t.coveredByOrgId).where(sql`covered_by_org_id is not null`),
  ],
);
