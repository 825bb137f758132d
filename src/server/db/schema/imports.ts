import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { orgs } from './orgs.js';
import { ltree } from './types.js';
import { users } from './users.js';

/**
 * An uploaded workbook of orgs or members (issue #6): parsed as a stream with progress, every row
 * validated (errors kept by row and column), then committed all-or-nothing; rows it created carry
 * its id (`orgs.import_id`, `members.import_id`) so that it can be rolled back as a whole while
 * nothing depends on them.
 */
export const imports = pgTable(
  'imports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** orgs | members */
    kind: varchar('kind', { length: 10 }).notNull(),
    /** The org the upload was made at (the scope the rows must fall in); its path for scoped reads. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: ltree('org_path').notNull(),
    fileName: varchar('file_name', { length: 200 }).notNull(),
    /** parsing | invalid | validated | committing | committed | rolled_back | failed */
    status: varchar('status', { length: 12 }).notNull().default('parsing'),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    /** A failure of the whole file (not a workbook, wrong columns, empty), in Chinese. */
    failure: text('failure'),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    committedBy: integer('committed_by').references(() => users.id),
    committedAt: timestamp('committed_at', { withTimezone: true }),
    rolledBackBy: integer('rolled_back_by').references(() => users.id),
    rolledBackAt: timestamp('rolled_back_at', { withTimezone: true }),
    /** When the staging rows were purged (after commit, rollback or the retention period). */
    purgedAt: timestamp('purged_at', { withTimezone: true }),
  },
  (t) => [
    index('imports_org_id_idx').on(t.orgId),
    index('imports_org_path_gist').using('gist', t.orgPath),
    index('imports_created_by_idx').on(t.createdBy),
    index('imports_committed_by_idx').on(t.committedBy),
    index('imports_rolled_back_by_idx').on(t.rolledBackBy),
  ],
);

/** The validated values of one row, kept between preview and commit. */
export const importRows = pgTable(
  'import_rows',
  {
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    /** The row number in the sheet as the user sees it (header is row 1). */
    rowNo: integer('row_no').notNull(),
    /** Sensitive cells (ID number, phone) are kept encrypted (lib/pii.ts), never in clear. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** Staging rows are purged after commit or rollback, and after a retention period otherwise. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.rowNo] }),
    index('import_rows_created_at_idx').on(t.createdAt),
  ],
);

/** One error of one cell (or of a whole row when `column` is empty), in Chinese. */
export const importErrors = pgTable(
  'import_errors',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    rowNo: integer('row_no').notNull(),
    column: varchar('column', { length: 40 }).notNull().default(''),
    message: text('message').notNull(),
  },
  (t) => [index('import_errors_import_row_idx').on(t.importId, t.rowNo)],
);

export type ImportRow = typeof imports.$inferSelect;
