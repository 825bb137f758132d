/**
 * 免于考核: the higher org excuses a branch from one requirement for one period, with a reason
 * (a branch being reorganised, a disaster, a merger). Only the higher org may grant or withdraw
 * one: the actor's orglife.review scope must hold the branch's PARENT, so a branch cannot excuse
 * itself. Every grant and withdrawal is audited and touches the branch's organizational life, so its
 * compliance rows are rewritten before commit.
 */
import { and, eq } from 'drizzle-orm';
import { isBranchKind, type OrgKind } from '../../../domain/org/labels.js';
import { parsePeriodKey, periodLabel, periodUnitOfMonths } from '../../../domain/orglife/periods.js';
import { REQUIREMENT_RULE_IDS } from '../../../domain/orglife/requirements.js';
import { rulesInForceOn } from '../../../domain/orglife/versions.js';
import { isRuleId, ruleDef } from '../../../domain/rules/index.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { orglifeExemptions, users } from '../../db/schema/index.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { orgRepo } from '../orgs/index.js';
import { loadRuleHistory, loadRules } from '../settings/index.js';

async function orgForHigher(tx: DbOrTx, ctx: RequestContext, orgId: number) {
  const org = await orgRepo.findOrgForUpdate(tx, ctx.actor.scope('orglife.read'), orgId);
  if (!org) throw notFound('党组织');
  const parentPath = org.path.split('.').slice(0, -1).join('.');
  if (!parentPath || !ctx.actor.scope('orglife.review').containsPath(parentPath)) {
    throw new AppError('FORBIDDEN', '只有上级党组织可以批准或撤销免于考核');
  }
  if (!isBranchKind(org.kind as OrgKind)) {
    throw new AppError('ORGLIFE_NOT_A_BRANCH');
  }
  return org;
}

export async function grant(
  db: Db,
  ctx: RequestContext,
  orgId: number,
  input: { ruleId: string; periodKey: string; reason: string },
) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const org = await orgForHigher(tx, ctx, orgId);
    if (!isRuleId(input.ruleId) || !REQUIREMENT_RULE_IDS.includes(input.ruleId)) {
      throw fieldErrors([{ field: 'ruleId', message: '考核项目：不是组织生活考核项目' }]);
    }
    const period = parsePeriodKey(input.periodKey);
    if (!period) throw fieldErrors([{ field: 'periodKey', message: '考核周期：格式不正确' }]);
    // The period must be one the rule actually judges: a quarterly rule is exempted per quarter.
    const rules = rulesInForceOn(period.start, await loadRules(tx), await loadRuleHistory(tx));
    const perPeriod = input.ruleId.endsWith('Period');
    const unit = perPeriod ? periodUnitOfMonths(rules[input.ruleId] as number) : 'year';
    if (period.unit !== unit) {
      const want = {
        month: '月份（如2026-03）',
        quarter: '季度（如2026-Q1）',
        half_year: '半年（如2026-H1）',
        year: '年度（如2026）',
      }[unit];
      throw fieldErrors([
        { field: 'periodKey', message: `考核周期：“${ruleDef(input.ruleId).title}”按${want}考核` },
      ]);
    }
    const [existing] = await tx
      .select({ id: orglifeExemptions.id })
      .from(orglifeExemptions)
      .where(
        and(
          eq(orglifeExemptions.orgId, org.id),
          eq(orglifeExemptions.ruleId, input.ruleId),
          eq(orglifeExemptions.periodKey, period.key),
        ),
      );
    if (existing)
      throw new AppError('ORGLIFE_EXEMPTION_EXISTS', `${periodLabel(period.key)}该项目已批准免于考核`);
    const [row] = await tx
      .insert(orglifeExemptions)
      .values({
        orgId: org.id,
        orgPath: org.path,
        ruleId: input.ruleId,
        periodKey: period.key,
        reason: input.reason,
        grantedBy: ctx.actor.userId,
      })
      .returning();
    await writeAudit(tx, ctx, {
      action: 'orglife.exemption.grant',
      entity: 'org',
      entityId: org.id,
      orgPath: org.path,
      after: { ruleId: input.ruleId, periodKey: period.key },
      reason: input.reason,
    });
    tx.touch('orglife', [org.id]);
    return toDto(row, ctx.actor.displayName);
  });
}

export async function withdraw(db: Db, ctx: RequestContext, orgId: number, exemptionId: number) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const org = await orgForHigher(tx, ctx, orgId);
    const [row] = await tx
      .delete(orglifeExemptions)
      .where(and(eq(orglifeExemptions.id, exemptionId), eq(orglifeExemptions.orgId, org.id)))
      .returning();
    if (!row) throw notFound('免于考核记录');
    await writeAudit(tx, ctx, {
      action: 'orglife.exemption.withdraw',
      entity: 'org',
      entityId: org.id,
      orgPath: org.path,
      before: { ruleId: row.ruleId, periodKey: row.periodKey, reason: row.reason },
    });
    tx.touch('orglife', [org.id]);
    return { id: row.id };
  });
}

export async function list(db: Db, ctx: RequestContext, orgId: number) {
  const org = await orgRepo.findOrg(db, ctx.actor.scope('orglife.read'), orgId);
  if (!org) throw notFound('党组织');
  const rows = await db
    .select({ e: orglifeExemptions, grantedByName: users.displayName })
    .from(orglifeExemptions)
    .leftJoin(users, eq(users.id, orglifeExemptions.grantedBy))
    .where(eq(orglifeExemptions.orgId, org.id))
    .orderBy(orglifeExemptions.periodKey);
  return rows.map((r) => toDto(r.e, r.grantedByName));
}

function toDto(e: typeof orglifeExemptions.$inferSelect, grantedByName: string | null) {
  return {
    id: e.id,
    orgId: e.orgId,
    ruleId: e.ruleId,
    periodKey: e.periodKey,
    reason: e.reason,
    grantedByName,
    grantedAt: e.grantedAt.toISOString(),
  };
}
