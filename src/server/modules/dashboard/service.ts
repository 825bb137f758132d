/**
 * 数据看板: every figure of an org's subtree in one function with one output type (DashboardDto).
 * Members, orgs and coverage are read here with a few aggregate queries (repo.ts); the development
 * pipeline, organizational-life compliance and dues collection come from the modules that own them
 * (the development board, the compliance rollup, the dues summary), so the dashboard shows the same
 * numbers as their pages. Issue #7 will read rollups instead of scanning; this signature stays.
 */
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
import type { BucketDto, CoverageKindDto, DashboardDto } from '../../../shared/contracts/dashboard.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { notFound } from '../../lib/errors.js';
import { board } from '../development/pipeline.js';
import { summary as duesSummary } from '../dues/summary.js';
import { complianceOf } from '../orglife/compliance.js';
import * as orgRepo from '../orgs/repo.js';
import * as repo from './repo.js';

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

export async function dashboard(db: Db, ctx: RequestContext, orgId: number): Promise<DashboardDto> {
  const scope = ctx.actor.scope('stats.read');
  const org = await orgRepo.findOrg(db, scope, orgId);
  if (!org) throw notFound('党组织');
  const today = ctx.today;
  const year = Number(today.slice(0, 4));
  // The owning modules check their own permission; a user without it sees no figure, not an error.
  const may = (p: 'development.read' | 'orglife.read' | 'dues.read') =>
    ctx.actor.scope(p).containsPath(org.path);
  const [breakdown, headlines, orgRows, kids, coverage, dev, compliance, dues] = await Promise.all([
    repo.memberBreakdown(db, scope, org.path, today),
    repo.memberHeadlines(db, scope, org.path, today),
    repo.orgCounts(db, scope, org.path),
    repo.children(db, scope, org.id),
    repo.coverageCounts(db, scope, org.path),
    may('development.read') ? board(db, ctx, org.id) : null,
    may('orglife.read') ? complianceOf(db, ctx, org.id, {}) : null,
    may('dues.read') ? duesSummary(db, ctx, org.id, year) : null,
  ]);

  const counts = (dim: repo.BreakdownRow['dim']) =>
    new Map(breakdown.filter((r) => r.dim === dim).map((r) => [r.key, r.count]));
  const fixed = (dim: repo.BreakdownRow['dim'], keys: readonly string[], label: (k: string) => string) => {
    const m = counts(dim);
    return keys.map((k) => ({ key: k, label: label(k), count: m.get(k) ?? 0 }));
  };

  const total = headlines.find((h) => h.isTotal) ?? {
    total: 0,
    probationary: 0,
    female: 0,
    minorities: 0,
    college: 0,
    upTo35: 0,
  };
  const ethnic = counts('ethnicity');
  const groups: BucketDto[] = [...ethnic.entries()]
    .filter(([k]) => k !== HAN_CODE)
    .map(([k, n]) => ({ key: k, label: ethnicityName(k) ?? k, count: n }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const decades: BucketDto[] = [...counts('joinDecade').entries()]
    .map(([k, n]) => ({ key: k, label: `${k}年代`, count: n }))
    .sort((a, b) => Number(a.key) - Number(b.key));

  const orgBy = (dim: repo.OrgCountRow['dim']) =>
    new Map(orgRows.filter((r) => r.dim === dim).map((r) => [r.key, r.count]));
  const kindCounts = orgBy('kind');
  const sectorCounts = orgBy('sector');
  const orgsPerChild = orgBy('child');

  const covKinds = new Map(coverage.filter((r) => !r.byChild).map((r) => [r.kind, r]));
  const covChild = new Map(coverage.filter((r) => r.byChild).map((r) => [r.childId, r]));
  const kinds = COVERAGE_KINDS.map((k) =>
    coverageKind(k, COVERAGE_KIND_LABELS[k], covKinds.get(k)?.total ?? 0, covKinds.get(k)?.covered ?? 0),
  );
  const covTotal = kinds.reduce((s, k) => s + k.total, 0);
  const covCovered = kinds.reduce((s, k) => s + k.covered, 0);

  const memberChild = new Map(headlines.filter((h) => !h.isTotal).map((h) => [h.childId, h]));
  const complianceChild = new Map((compliance?.rows ?? []).map((r) => [r.orgId, r.total.rate]));
  const duesChild = new Map((dues?.children ?? []).map((c) => [c.orgId, c.rate]));

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
      total: [...kindCounts.values()].reduce((s, n) => s + n, 0),
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
    development: dev
      ? {
          stages: dev.stages
            .filter((s) => s.stage in PIPELINE)
            .map((s) => ({ key: s.stage, label: PIPELINE[s.stage] as string, count: s.count })),
          admittedThisYear: dev.admittedThisYear,
          overdue: dev.stages.reduce((s, x) => s + x.overdue, 0),
        }
      : null,
    compliance: compliance
      ? {
          from: compliance.from,
          to: compliance.to,
          met: compliance.total.met,
          missed: compliance.total.missed,
          due: compliance.total.due,
          exempt: compliance.total.exempt,
          rate: compliance.total.rate,
        }
      : null,
    dues: dues
      ? {
          year,
          members: dues.totals.members,
          expectedFen: dues.totals.expectedFen,
          paidFen: dues.totals.paidFen,
          rate: dues.totals.rate,
          unpaidMembers: dues.totals.unpaidMembers,
        }
      : null,
    children: kids.map((k) => {
      const m = memberChild.get(k.id);
      const n = m?.total ?? 0;
      const cov = covChild.get(k.id);
      return {
        orgId: k.id,
        name: k.name,
        kind: k.kind,
        members: n,
        probationary: m?.probationary ?? 0,
        femaleShare: share(m?.female ?? 0, n),
        minorityShare: share(m?.minorities ?? 0, n),
        collegeShare: share(m?.college ?? 0, n),
        upTo35Share: share(m?.upTo35 ?? 0, n),
        orgs: orgsPerChild.get(String(k.id)) ?? 0,
        complianceRate: complianceChild.get(k.id) ?? null,
        duesRate: duesChild.get(k.id) ?? null,
        coverageRate: cov ? coverageRate(cov.covered, cov.total) : null,
      };
    }),
  };
}
