/**
 * The dashboard's member, org and coverage figures counted by scanning the subtree: one round trip
 * per family, grouped once with GROUPING SETS or FILTER clauses, with the domain's own lists
 * (statuses, education levels, age bands). The dashboard reads the rollups (rollups.ts); these scans
 * are the reference the API tests check every rollup against and the baseline the benchmark
 * measures them against (bench/compare.ts).
 *
 * Every read takes the Scope and the subtree's path (an org already found in that scope).
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AGE_BANDS, ageBandBirthRange } from '../../../domain/member/age-bands.js';
import { EDUCATION_LEVELS } from '../../../domain/member/education.js';
import { HAN_CODE } from '../../../domain/member/ethnicities.js';
import { CURRENT_MEMBER_STATUSES } from '../../../domain/member/labels.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { Scope } from '../../lib/scope.js';

const currentStatus = sql.raw(`(${CURRENT_MEMBER_STATUSES.map((s) => `'${s}'`).join(', ')})`);
const collegeCodes = sql.raw(
  `(${EDUCATION_LEVELS.filter((e) => e.collegeOrAbove)
    .map((e) => `'${e.code}'`)
    .join(', ')})`,
);

/** The band of `m.birth_date` on `today`, with the same bounds as the member list's filter. */
function ageBandCase(today: string): SQL {
  const whens = AGE_BANDS.filter((b) => b.max !== null).map((b) => {
    const r = ageBandBirthRange(b.code, today);
    return sql`when m.birth_date > ${r.bornAfter}::date then ${b.code}`;
  });
  return sql`(case ${sql.join(whens, sql` `)} else 'ge61' end)`;
}

/** Born on or before this day = older than 35 on `today`. */
const upTo35After = (today: string) => ageBandBirthRange('31-35', today).bornAfter as string;

const breakdownRow = z.object({
  dim: z.enum(['category', 'gender', 'status', 'ageBand', 'ethnicity', 'education', 'joinDecade']),
  key: z.string(),
  count: z.number(),
});
export type BreakdownRow = z.infer<typeof breakdownRow>;

/** Current members of the subtree by each dimension: one scan, one row per (dimension, value). */
export async function memberBreakdown(db: DbOrTx, scope: Scope, path: string, today: string) {
  return queryRows(
    db,
    sql`select case
          when grouping(category) = 0 then 'category' when grouping(gender) = 0 then 'gender'
          when grouping(status) = 0 then 'status' when grouping(band) = 0 then 'ageBand'
          when grouping(ethnicity) = 0 then 'ethnicity' when grouping(education) = 0 then 'education'
          else 'joinDecade' end as dim,
          coalesce(category, gender, status, band, ethnicity, education, decade::text) as key,
          count(*)::int as count
        from (select m.category, m.gender, m.status, ${ageBandCase(today)} as band, m.ethnicity, m.education,
                (extract(year from m.joined_on)::int / 10 * 10) as decade
              from members m
              where m.org_path <@ ${path}::ltree and ${scope.pathCondition(sql`m.org_path`)}
                and m.status in ${currentStatus}) x
        group by grouping sets ((category), (gender), (status), (band), (ethnicity), (education), (decade))`,
    breakdownRow,
  );
}

const memberHeadlineRow = z.object({
  childId: z.number().nullable(),
  isTotal: z.boolean(),
  total: z.number(),
  probationary: z.number(),
  female: z.number(),
  minorities: z.number(),
  college: z.number(),
  upTo35: z.number(),
});
export type MemberHeadline = Omit<z.infer<typeof memberHeadlineRow>, 'isTotal'>;

/**
 * Headline counts of the subtree (childId null) and of each direct child's subtree, in one scan
 * (ROLLUP over the child taken from the path; members of the org itself only in the total).
 */
export async function memberHeadlines(db: DbOrTx, scope: Scope, path: string, today: string) {
  const level = path.split('.').length;
  return queryRows(
    db,
    sql`select child_id as "childId", grouping(child_id) = 1 as "isTotal", count(*)::int as total,
          count(*) filter (where category = 'probationary')::int as probationary,
          count(*) filter (where gender = 'female')::int as female,
          count(*) filter (where ethnicity <> ${HAN_CODE})::int as minorities,
          count(*) filter (where education in ${collegeCodes})::int as college,
          count(*) filter (where birth_date > ${upTo35After(today)}::date)::int as "upTo35"
        from (select m.*, case when nlevel(m.org_path) > ${level}
                then subpath(m.org_path, ${level}, 1)::text::int end as child_id
              from members m
              where m.org_path <@ ${path}::ltree and ${scope.pathCondition(sql`m.org_path`)}
                and m.status in ${currentStatus}) x
        group by rollup (child_id)`,
    memberHeadlineRow,
  );
}

const orgCountRow = z.object({
  dim: z.enum(['kind', 'sector', 'child']),
  // null on the 'child' row of the org itself (it lies under no child).
  key: z.string().nullable(),
  count: z.number(),
});
export type OrgCountRow = z.infer<typeof orgCountRow>;

/** Active orgs of the subtree (the org itself included) by kind, by sector, and per direct child. */
export async function orgCounts(db: DbOrTx, scope: Scope, path: string) {
  const level = path.split('.').length;
  return queryRows(
    db,
    sql`select case when grouping(kind) = 0 then 'kind' when grouping(sector) = 0 then 'sector'
          else 'child' end as dim,
          coalesce(kind, sector, child_id::text) as key, count(*)::int as count
        from (select o.kind, o.sector, case when nlevel(o.path) > ${level}
                then subpath(o.path, ${level}, 1)::text::int end as child_id
              from orgs o
              where o.path <@ ${path}::ltree and ${scope.pathCondition(sql`o.path`)} and o.status = 'active') x
        group by grouping sets ((kind), (sector), (child_id))`,
    orgCountRow,
  );
}

const coverageRow = z.object({
  childId: z.number().nullable(),
  kind: z.string().nullable(),
  byChild: z.boolean(),
  total: z.number(),
  covered: z.number(),
});
export type CoverageRow = Omit<z.infer<typeof coverageRow>, 'byChild'>;

/** 两新组织 units by kind for the subtree, and totals per direct child (GROUPING SETS, one scan). */
export async function coverageCounts(db: DbOrTx, scope: Scope, path: string) {
  const level = path.split('.').length;
  return queryRows(
    db,
    sql`select child_id as "childId", kind, grouping(kind) = 1 as "byChild", count(*)::int as total,
          count(*) filter (where covered_by_org_id is not null)::int as covered
        from (select u.kind, u.covered_by_org_id, case when nlevel(u.org_path) > ${level}
                then subpath(u.org_path, ${level}, 1)::text::int end as child_id
              from coverage_units u
              where u.org_path <@ ${path}::ltree and ${scope.pathCondition(sql`u.org_path`)}) x
        group by grouping sets ((kind), (child_id))`,
    coverageRow,
  );
}
