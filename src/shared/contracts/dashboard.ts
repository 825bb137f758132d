import { z } from 'zod';
import { idParam, MAX_PAGE } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute } from './route.js';

/**
 * 数据看板 of an org's whole subtree (GET /api/orgs/:id/dashboard): the current register, orgs,
 * 两新组织 coverage, the development pipeline, organizational-life compliance and dues collection,
 * with the headline figures of each direct child for the side-by-side comparison.
 *
 * Every bucket carries the `key` the matching list filters by (member list: gender, ethnicity,
 * education, ageBand, joinDecade, category, status), so a chart click opens a list of `count` rows.
 */
export const bucketDto = z.object({ key: z.string(), label: z.string(), count: z.number() });
export type BucketDto = z.infer<typeof bucketDto>;

/** A share or rate as a fraction 0–1; null when the denominator is zero. */
const rate = z.number().nullable();

export const coverageKindDto = z.object({
  kind: z.string(),
  label: z.string(),
  total: z.number(),
  covered: z.number(),
  uncovered: z.number(),
  rate,
});
export type CoverageKindDto = z.infer<typeof coverageKindDto>;

export const dashboardChildDto = z.object({
  orgId: z.number(),
  name: z.string(),
  kind: z.string(),
  members: z.number(),
  probationary: z.number(),
  femaleShare: rate,
  minorityShare: rate,
  collegeShare: rate,
  upTo35Share: rate,
  /** Active orgs of the child's subtree, the child included. */
  orgs: z.number(),
  complianceRate: rate,
  duesRate: rate,
  coverageRate: rate,
});
export type DashboardChildDto = z.infer<typeof dashboardChildDto>;

export const dashboardDto = z.object({
  orgId: z.number(),
  orgName: z.string(),
  orgKind: z.string(),
  /** The day ages and periods are taken on (Asia/Shanghai). */
  today: z.string(),
  members: z.object({
    total: z.number(),
    full: z.number(),
    probationary: z.number(),
    female: z.number(),
    minorities: z.number(),
    collegeOrAbove: z.number(),
    upTo35: z.number(),
  }),
  category: z.array(bucketDto),
  gender: z.array(bucketDto),
  ageBand: z.array(bucketDto),
  /** 汉族 and 少数民族 (keys `01` and `minority`), and each minority group present. */
  ethnicity: z.object({ han: z.number(), minorities: z.number(), groups: z.array(bucketDto) }),
  education: z.array(bucketDto),
  joinDecade: z.array(bucketDto),
  status: z.array(bucketDto),
  orgs: z.object({ total: z.number(), byKind: z.array(bucketDto), bySector: z.array(bucketDto) }),
  coverage: z.object({ kinds: z.array(coverageKindDto), total: coverageKindDto }),
  /** Active development cases by stage (null when the user may not read development). */
  development: z
    .object({ stages: z.array(bucketDto), admittedThisYear: z.number(), overdue: z.number() })
    .nullable(),
  /** Requirements of the year to date whose period closed or is open (the compliance page's range). */
  compliance: z
    .object({
      from: z.string(),
      to: z.string(),
      met: z.number(),
      missed: z.number(),
      due: z.number(),
      exempt: z.number(),
      rate,
    })
    .nullable(),
  /**
   * Dues of the current year to date: amounts expected and paid (the dues summary's totals); for
   * `month` (the last complete month, January in January) the members billed and those who have not
   * paid it in full.
   */
  dues: z
    .object({
      year: z.number(),
      month: z.string(),
      members: z.number(),
      expectedFen: z.number(),
      paidFen: z.number(),
      rate,
      unpaidMembers: z.number(),
    })
    .nullable(),
  /**
   * One page of the direct children in tree order (`childrenPageSize` at a time): a committee with
   * hundreds of children is compared a page at a time. `childrenTotal` counts them all.
   */
  children: z.array(dashboardChildDto),
  childrenTotal: z.number(),
  childrenPage: z.number(),
  childrenPageSize: z.number(),
});
export type DashboardDto = z.infer<typeof dashboardDto>;

// ---- errors ---------------------------------------------------------------------------------

/** The dashboard area's error codes (`DASHBOARD_…`). None: it only reads, and answers 404 outside the scope. */
export const DASHBOARD_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const dashboardApi = {
  get: defineRoute({
    method: 'GET',
    path: '/api/orgs/:id/dashboard',
    permission: 'stats.read',
    tag: 'dashboard',
    summary: '数据看板：该组织及全部下级的党员、组织、覆盖、发展、组织生活与党费统计',
    params: idParam,
    query: z.object({
      /** The page of the children's comparison (1 by default). */
      childrenPage: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
    }),
    responses: { 200: dashboardDto },
  }),
} satisfies ContractGroup;
