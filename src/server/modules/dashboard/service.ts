/**
 * 数据看板: every figure of an org's subtree in one function with one output type (DashboardDto).
 * Members, orgs, coverage, the development pipeline, organizational-life compliance and the dues
 * amounts are the org's subtree rollups and its children's (rollups.ts: indexed reads of a few
 * hundred rows, whatever the subtree's size), counted as the owning modules' pages count them (the
 * tests compare them); only the overdue development cases, which depend on today, are a count over
 * their index.
 */

import { addMonthsTo, lastDay, monthOf } from '../../../domain/dues/months.js';
import { AGE_BANDS } from '../../../domain/member/age-bands.js';
import { EDUCATION_LEVELS } from '../../../domain/member/education.js';
import { ethnicityName, HAN_CODE } from '../../../domain/member/ethnicities.js';
import {
  CURRENT_MEMBER_STATUSES,
  GENDER_LABELS,
  GENDERS,
  MEMBER_CATEGORIES,
  MEMBER_CATEGORY_LABELS,
  MEMBER_STATUS_LABELS,
} from '../../../domain/member/labels.js';
import { COVERAGE_KIND_LABELS, COVERAGE_KINDS, coverageRate } from '../../../domain/org/coverage.js';
import { ORG_KIND_LABELS, ORG_KINDS, SECTOR_LABELS, SECTORS } from '../../../domain/org/labels.js';
import { completionRate } from '../../../domain/orglife/compliance.js';
import type { BucketDto, CoverageKindDto, DashboardDto } from '../../../shared/contracts/dashboard.js';
import type { Db } from '../../db/client.js';
import { writerOf } from '../../db/replica.js';
import type { RequestContext } from '../../lib/context.js';
import { notFound } from '../../lib/errors.js';
import { monthsOfYearToDate, rateOf } from '../dues/index.js';
import { defaultRange } from '../orglife/index.js';
import * as repo from './rollups.js';

/** The pipeline stages the dashboard shows, with the names the statistics use. */
const PIPELINE: Record<string, string> = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
};

const share = (n: number, total: number) => (total > 0 ? n / total : null);

function coverageKind(kind: string, label: string, total: number, covered: number): CoverageKindDto {
  return { kind, label, total, covered, uncovered: total - covered, rate: coverageRate(covered, total) };
}

/**
 * Compliance of the requirements closing in `closing`, from the `cl.*` rollups keyed
 * 'closing day|opening day': met and exempt as stored; an open one is not started before its
 * opening day, due until its closing day, missed after.
 */
function complianceCounts(
  countsOf: (orgId: number, dim: string) => Map<string, number>,
  orgId: number,
  closing: { from: string; to: string },
  today: string,
) {
  const out = { met: 0, missed: 0, due: 0, exempt: 0 };
  const inRange = (key: string) => {
    const end = key.slice(0, 10);
    return end >= closing.from && end <= closing.to;
  };
  for (const [key, n] of countsOf(orgId, 'cl.met')) if (inRange(key)) out.met += n;
  for (const [key, n] of countsOf(orgId, 'cl.exempt')) if (inRange(key)) out.exempt += n;
  for (const [key, n] of countsOf(orgId, 'cl.open')) {
    if (!inRange(key)) continue;
    const [end, start] = key.split('|');
    if (today > end) out.missed += n;
    else if (today >= start) out.due += n;
  }
  return { ...out, rate: completionRate(out) };
}

export async function dashboard(
  db: Db,
  ctx: RequestContext,
  orgId: number,
  q: { childrenPage?: number } = {},
): Promise<DashboardDto> {
  const scope = ctx.actor.scope('stats.read');
  const today = ctx.today;
  const year = Number(today.slice(0, 4));
  const span = monthsOfYearToDate(year, today);
  const range = defaultRange(today);
  const closing = { from: `${range.from}-01`, to: lastDay(range.to) };
  const childrenPage = q.childrenPage ?? 1;
  // The org's own permissions are known only once it is found; the overdue count is cheap, so it
  // is read with the rest and dropped below when development.read does not reach the org.
  const read = (from: Db = db) =>
    repo.dashboardReads(from, scope, orgId, {
      page: childrenPage,
      pageSize: repo.CHILDREN_PAGE_SIZE,
      dues: span,
      compliance: { ...closing, today },
      overdueOn: today,
    });
  let reads = await read();
  // Ages are counted on the day the bands were last shifted: the first read of a day shifts them
  // (a no-op for the requests that find it done) and reads again.
  if (reads.org && reads.bandsOn !== today) {
    // The shift is a write: on a read replica it goes to the primary, and so does the read after it
    // (the replica may not have replayed the shift yet; decision 0050).
    const primary = writerOf(db);
    await repo.ensureAgeBandsOn(primary, today);
    reads = await read(primary);
  }
  const org = reads.org;
  if (!org) throw notFound('党组织');
  // The owning modules check their own permission; a user without it sees no figure, not an error.
  const may = (p: 'development.read' | 'orglife.read' | 'dues.read') =>
    ctx.actor.scope(p).containsPath(org.path);
  const overdue = may('development.read') ? (reads.overdue ?? 0) : null;
  const kids = reads.children ?? [];
  const rows = (reads.counts ?? []).map((r) => ({ ...r, orgId: org.id }));
  const childOf = new Map(kids.map((c) => [c.id, c]));

  /** `${orgId} ${dim}` → key → n */
  const byOrgDim = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const k = `${r.orgId} ${r.dim}`;
    const keys = byOrgDim.get(k) ?? new Map<string, number>();
    keys.set(r.key, r.n);
    byOrgDim.set(k, keys);
  }
  const countsOf = (orgId: number, dim: string) =>
    byOrgDim.get(`${orgId} ${dim}`) ?? new Map<string, number>();
  const n = (orgId: number, dim: string, key: string) => countsOf(orgId, dim).get(key) ?? 0;
  const counts = (dim: string) => countsOf(org.id, `m.${dim}`);
  const fixed = (dim: string, keys: readonly string[], label: (k: string) => string) => {
    const m = counts(dim);
    return keys.map((k) => ({ key: k, label: label(k), count: m.get(k) ?? 0 }));
  };
  const total = {
    total: n(org.id, 'm', 'total'),
    probationary: n(org.id, 'm.category', 'probationary'),
    female: n(org.id, 'm.gender', 'female'),
    minorities: n(org.id, 'm.flag', 'minority'),
    college: n(org.id, 'm.flag', 'college'),
    upTo35: n(org.id, 'm.ageBand', 'le30') + n(org.id, 'm.ageBand', '31-35'),
  };
  const ethnic = counts('ethnicity');
  const groups: BucketDto[] = [...ethnic.entries()]
    .filter(([k]) => k !== HAN_CODE)
    .map(([k, c]) => ({ key: k, label: ethnicityName(k) ?? k, count: c }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const decades: BucketDto[] = [...counts('joinDecade').entries()]
    .map(([k, c]) => ({ key: k, label: `${k}年代`, count: c }))
    .sort((a, b) => Number(a.key) - Number(b.key));

  const kindCounts = countsOf(org.id, 'o.kind');
  const sectorCounts = countsOf(org.id, 'o.sector');
  const kinds = COVERAGE_KINDS.map((k) =>
    coverageKind(k, COVERAGE_KIND_LABELS[k], n(org.id, 'c.total', k), n(org.id, 'c.covered', k)),
  );
  const covTotal = kinds.reduce((s, k) => s + k.total, 0);
  const covCovered = kinds.reduce((s, k) => s + k.covered, 0);
  const sum = (m: Map<string, number>, keep: (k: string) => boolean = () => true) =>
    [...m.entries()].filter(([k]) => keep(k)).reduce((s, [, v]) => s + v, 0);

  // Dues: the months of the year to date; the member counts of the last complete month.
  const inSpan = (m: string) => !!span && m >= span.from && m <= span.to;
  const lastComplete = span
    ? span.to < monthOf(today)
      ? span.to
      : addMonthsTo(span.to, -1) >= span.from
        ? addMonthsTo(span.to, -1)
        : span.from
    : `${year}-01`;

  const dues = may('dues.read')
    ? {
        year,
        month: lastComplete,
        members: n(org.id, 'd.rows', lastComplete),
        expectedFen: sum(countsOf(org.id, 'd.expected'), inSpan),
        paidFen: sum(countsOf(org.id, 'd.paid'), inSpan),
        rate: rateOf(sum(countsOf(org.id, 'd.paid'), inSpan), sum(countsOf(org.id, 'd.expected'), inSpan)),
        unpaidMembers: n(org.id, 'd.unpaid', lastComplete),
      }
    : null;
  const stages = countsOf(org.id, 'dev.stage');

  // Organizational life: the requirements closing in the range (the compliance page's default,
  // year to date), by state on today, as `complianceOf` counts them.
  const compliance = may('orglife.read') ? complianceCounts(countsOf, org.id, closing, today) : null;

  return {
    orgId: org.id,
    orgName: org.name,
    orgKind: org.kind,
    today,
    members: {
      total: total.total,
      full: total.total - total.probationary,
      probationary: total.probationary,
      female: total.female,
      minorities: total.minorities,
      collegeOrAbove: total.college,
      upTo35: total.upTo35,
    },
    category: fixed('category', MEMBER_CATEGORIES, (k) => MEMBER_CATEGORY_LABELS[k as 'full']),
    gender: fixed('gender', GENDERS, (k) => GENDER_LABELS[k as 'male']),
    ageBand: fixed(
      'ageBand',
      AGE_BANDS.map((b) => b.code),
      (k) => AGE_BANDS.find((b) => b.code === k)?.label ?? k,
    ),
    ethnicity: { han: ethnic.get(HAN_CODE) ?? 0, minorities: total.minorities, groups },
    education: fixed(
      'education',
      EDUCATION_LEVELS.map((e) => e.code),
      (k) => EDUCATION_LEVELS.find((e) => e.code === k)?.name ?? k,
    ),
    joinDecade: decades,
    status: fixed('status', CURRENT_MEMBER_STATUSES, (k) => MEMBER_STATUS_LABELS[k as 'active']),
    orgs: {
      total: n(org.id, 'o', 'total'),
      byKind: ORG_KINDS.filter((k) => kindCounts.has(k)).map((k) => ({
        key: k,
        label: ORG_KIND_LABELS[k],
        count: kindCounts.get(k) ?? 0,
      })),
      bySector: SECTORS.filter((k) => sectorCounts.has(k)).map((k) => ({
        key: k,
        label: SECTOR_LABELS[k],
        count: sectorCounts.get(k) ?? 0,
      })),
    },
    coverage: { kinds, total: coverageKind('all', '合计', covTotal, covCovered) },
    development:
      overdue === null
        ? null
        : {
            stages: Object.entries(PIPELINE).map(([key, label]) => ({
              key,
              label,
              count: stages.get(key) ?? 0,
            })),
            admittedThisYear: n(org.id, 'dev.admitted', String(year)),
            overdue,
          },
    compliance: compliance ? { from: range.from, to: range.to, ...compliance } : null,
    dues,
    childrenTotal: reads.childTotal ?? 0,
    childrenPage,
    childrenPageSize: repo.CHILDREN_PAGE_SIZE,
    children: kids.map((k) => {
      const c = childOf.get(k.id);
      const m = c?.total ?? 0;
      return {
        orgId: k.id,
        name: k.name,
        kind: k.kind,
        members: m,
        probationary: c?.probationary ?? 0,
        femaleShare: share(c?.female ?? 0, m),
        minorityShare: share(c?.minorities ?? 0, m),
        collegeShare: share(c?.college ?? 0, m),
        upTo35Share: share(c?.upTo35 ?? 0, m),
        orgs: c?.orgs ?? 0,
        complianceRate:
          may('orglife.read') && c
            ? completionRate({ met: c.complianceMet, missed: c.complianceMissed, due: c.complianceDue })
            : null,
        duesRate: dues ? rateOf(c?.paidFen ?? 0, c?.expectedFen ?? 0) : null,
        coverageRate: c && c.units > 0 ? coverageRate(c.covered, c.units) : null,
      };
    }),
  };
}
