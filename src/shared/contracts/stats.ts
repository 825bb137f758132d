import { z } from 'zod';
import { idParam, isoDate } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute, fileResponse, jsonOrFile } from './route.js';

export const reportQuery = z.object({
  /** The statistical year (1 January to 31 December, or to today for the current year). */
  year: z.coerce
    .number()
    .int()
    .min(1921, '统计年度不早于1921年')
    .max(2100, '统计年度不晚于2100年')
    .optional(),
  /** "As of" a date: the period runs from 1 January of its year to it. Wins over `year`. */
  asOf: isoDate.optional(),
  format: z.enum(['json', 'xlsx']).default('json'),
});

export const reportRowDto = z.object({
  /** Stable key for API users and tests, e.g. `members.women`. */
  key: z.string(),
  label: z.string(),
  /** 0 = a headline figure (or a section heading when it has no values), 1 = 其中, 2 = below that. */
  indent: z.number().int(),
  /** One per column; empty for a section heading; null where a figure does not apply. */
  values: z.array(z.number().nullable()),
});

export const reportTableDto = z.object({
  code: z.string(),
  title: z.string(),
  columns: z.array(z.string()),
  rows: z.array(reportRowDto),
  note: z.string().nullable(),
});

export const annualReportDto = z.object({
  org: z.object({ id: z.number(), name: z.string(), kind: z.string() }),
  year: z.number(),
  from: z.string(),
  to: z.string(),
  /** True when the period ends before 31 December (the current year, or an explicit as-of date). */
  partial: z.boolean(),
  tables: z.array(reportTableDto),
  reconciliation: z.object({
    opening: z.number(),
    increases: z.number(),
    decreases: z.number(),
    closing: z.number(),
    balanced: z.boolean(),
  }),
  /**
   * Where the figures come from (issue #21, decision 0051): `kept` when a closed year is read from
   * the figures kept when it closed, `live` when computed now (the current year, an as-of date, a
   * year not kept yet, or kept figures a late correction made stale: then `recomputing` is true
   * until the daily job recomputes them).
   */
  figures: z.object({
    source: z.enum(['kept', 'live', 'incremental']),
    /**
     * `incremental`: the current year or an as-of date computed from the closing states kept with
     * the previous year plus the events since (that year here). Null otherwise.
     */
    incrementalFrom: z.number().nullable(),
    /**
     * Why a `live` report of the current year or an as-of date was computed over the whole history
     * rather than incrementally: no kept previous year, kept without closing states, closing states
     * made stale by a late correction (until the daily job), a small subtree (faster in full), or
     * below the register's root, more members changed since than a full read of the subtree costs.
     */
    fullBecause: z
      .enum(['no_kept_year', 'kept_without_states', 'stale', 'small_subtree', 'many_changes'])
      .nullable(),
    keptAt: z.string().nullable(),
    recomputing: z.boolean(),
  }),
  /** Late corrections of a kept year that changed (or, while recomputing, may change) these figures. */
  corrections: z.array(
    z.object({
      /** What was recorded: a register event's kind or an org version's change, in Chinese. */
      what: z.string(),
      /** The org it is about (its name today). */
      orgName: z.string().nullable(),
      /** The day it took effect (inside the kept year) and when and by whom it was recorded. */
      occurredOn: z.string(),
      recordedAt: z.string(),
      recordedBy: z.string().nullable(),
      /** True while the recomputation is pending. */
      pending: z.boolean(),
    }),
  ),
});

export type ReportRowDto = z.infer<typeof reportRowDto>;
export type ReportTableDto = z.infer<typeof reportTableDto>;
export type AnnualReportDto = z.infer<typeof annualReportDto>;

// ---- errors ---------------------------------------------------------------------------------

/**
 * The stats area's error codes (`STATS_…`). None: a period in the future or before the org existed
 * is a field error (400) naming `year` or `asOf`.
 */
export const STATS_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const statsApi = {
  /**
   * One endpoint, two formats: the JSON report, or with `format=xlsx` the same figures as a
   * workbook (watermarked, audited as `stats.report_export`). A contract has one body per status,
   * so the workbook is documented here and in the summary; its links are `urlOf(report, {…,
   * format: 'xlsx'})`. Kept on one URL so saved links and the page's download keep working.
   */
  report: defineRoute({
    method: 'GET',
    path: '/api/orgs/:id/report',
    permission: 'stats.read',
    tag: 'stats',
    summary: '党内统计年报（year=年度，或 asOf=截至日期；format=xlsx 下载工作簿）',
    params: idParam,
    query: reportQuery,
    responses: { 200: jsonOrFile(annualReportDto, fileResponse('统计年报工作簿（format=xlsx）')) },
  }),
} satisfies ContractGroup;
