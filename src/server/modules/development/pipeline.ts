/**
 * The pipeline views of a subtree: cohorts (who can be designated a candidate this month, whose
 * probation ends soon (development.probationEndingDays), what is overdue), the board (active cases by stage, children with
 * their counts) and the yearly development plan, whose quotas the higher committee sets.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { addDays, daysInMonth } from '../../../domain/common/dates.js';
import { DEVELOPMENT_STAGE_LABELS, DEVELOPMENT_STAGES } from '../../../domain/development/steps.js';
import type { Rules } from '../../../domain/rules/index.js';
import type {
  BoardDto,
  CohortKind,
  cohortQuery,
  PlanDto,
  planBody,
} from '../../../shared/contracts/development.js';
import type { Db } from '../../db/client.js';
import { developmentCases } from '../../db/schema/index.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { orgRepo } from '../orgs/index.js';
import { loadRules } from '../settings/index.js';
import * as repo from './repo.js';
import { approveScope, readScope, toSummary } from './service.js';

async function visibleOrg(db: Db, ctx: RequestContext, orgId: number) {
  const org = await orgRepo.findOrg(db, readScope(ctx), orgId);
  if (!org) throw notFound('党组织');
  return org;
}

const c = developmentCases;

function cohortCondition(kind: CohortKind, today: string, rules: Rules) {
  switch (kind) {
    case 'eligible_candidates': {
      const [y, m] = today.split('-').map(Number) as [number, number];
      const monthEnd = `${today.slice(0, 7)}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
      return sql`${c.status} = 'active' and ${c.stage} = 'activist' and ${c.candidateOn} is null
        and ${c.candidateEligibleOn} <= ${monthEnd}::date`;
    }
    case 'probation_ending':
      return sql`${c.status} = 'active' and ${c.stage} = 'probationary'
        and ${c.probationEndsOn} between ${today}::date and ${addDays(today, rules['development.probationEndingDays'])}::date
        and ${c.lastStepKey} is distinct from 'confirmation_vote'`;
    case 'overdue':
      return sql`${c.status} = 'active' and ${c.nextDueOn} < ${today}::date`;
  }
}

export async function cohort(db: Db, ctx: RequestContext, q: z.infer<typeof cohortQuery>) {
  const org = await visibleOrg(db, ctx, q.orgId);
  const rules = await loadRules(db);
  const rows = await repo.casesWhere(db, readScope(ctx), org.path, cohortCondition(q.kind, ctx.today, rules));
  return rows.map((r) => toSummary(r, ctx.today));
}

export async function board(db: Db, ctx: RequestContext, orgId: number): Promise<BoardDto> {
  const org = await visibleOrg(db, ctx, orgId);
  const year = Number(ctx.today.slice(0, 4));
  const [stages, counts, children] = await Promise.all([
    repo.stageCounts(db, org.path, ctx.today),
    repo.yearCounts(db, org.path, year),
    repo.childCounts(db, org.id, org.path, year),
  ]);
  const byStage = new Map(stages.map((s) => [s.stage, s]));
  const kids = new Map<number, BoardDto['children'][number]>();
  for (const r of children) {
    const k = kids.get(r.orgId) ?? {
      orgId: r.orgId,
      name: r.name,
      counts: Object.fromEntries(DEVELOPMENT_STAGES.map((s) => [s, 0])),
    };
    if (r.stage) k.counts[r.stage] = (k.counts[r.stage] ?? 0) + r.active;
    kids.set(r.orgId, k);
  }
  return {
    orgId: org.id,
    stages: DEVELOPMENT_STAGES.map((s) => ({
      stage: s,
      label: DEVELOPMENT_STAGE_LABELS[s],
      count: byStage.get(s)?.count ?? 0,
      overdue: byStage.get(s)?.overdue ?? 0,
    })),
    admittedThisYear: counts.admitted,
    confirmedThisYear: counts.confirmed,
    children: [...kids.values()],
  };
}

export async function plan(db: Db, ctx: RequestContext, orgId: number, year: number): Promise<PlanDto> {
  const org = await visibleOrg(db, ctx, orgId);
  const [counts, children] = await Promise.all([
    repo.yearCounts(db, org.path, year),
    repo.childCounts(db, org.id, org.path, year),
  ]);
  const childIds = [...new Set(children.map((r) => r.orgId))];
  const quotas = new Map((await repo.plans(db, [org.id, ...childIds], year)).map((p) => [p.orgId, p]));
  const kids = new Map<number, PlanDto['children'][number]>();
  for (const r of children) {
    const k = kids.get(r.orgId) ?? {
      orgId: r.orgId,
      name: r.name,
      quota: quotas.get(r.orgId)?.quota ?? null,
      admitted: 0,
    };
    k.admitted += r.admitted;
    kids.set(r.orgId, k);
  }
  const own = quotas.get(org.id);
  return {
    orgId: org.id,
    orgName: org.name,
    year,
    quota: own?.quota ?? null,
    note: own?.note ?? null,
    admitted: counts.admitted,
    inPipeline: counts.pipeline,
    children: [...kids.values()],
    canSet: approveScope(ctx).containsPath(org.path),
  };
}

/** Only the higher org sets a quota: the approve scope must hold the target org's PARENT. */
export async function setPlan(db: Db, ctx: RequestContext, body: z.infer<typeof planBody>) {
  return db.transaction(async (tx) => {
    const org = await orgRepo.findOrg(tx, readScope(ctx), body.orgId);
    if (!org) throw notFound('党组织');
    const parent = org.path.split('.').slice(0, -1).join('.');
    if (parent === '' || !approveScope(ctx).containsPath(parent)) {
      throw new AppError('FORBIDDEN', '发展计划由上级党委下达，不能为本组织自行设定');
    }
    const before = (await repo.plans(tx, [org.id], body.year))[0] ?? null;
    const row = await repo.upsertPlan(tx, {
      orgId: org.id,
      year: body.year,
      quota: body.quota,
      note: body.note ?? null,
      setBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'development.plan.set',
      entity: 'development_plan',
      entityId: row.id,
      orgPath: org.path,
      before: before ? { quota: before.quota, note: before.note } : null,
      after: { orgId: org.id, year: body.year, quota: body.quota, note: body.note ?? null },
    });
    return org.id;
  });
}
