import {
  parseRuleOverride,
  RuleOverrideError,
  type Rules,
  resolveRules,
  ruleCatalog,
} from '../../../domain/rules/index.js';
import type { RuleDto } from '../../../shared/contracts/rules.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import * as repo from './repo.js';

/**
 * The rules in force: the catalog's defaults with this deployment's overrides (settings rows
 * keyed `rule:<id>`). Read per use: the table is tiny and an override takes effect at once.
 */
export async function loadRules(db: DbOrTx): Promise<Rules> {
  return resolveRules(await repo.ruleOverrides(db));
}

export async function listRules(db: DbOrTx): Promise<RuleDto[]> {
  const overrides = await repo.ruleOverrides(db);
  const inForce = resolveRules(overrides) as unknown as Record<string, unknown>;
  return ruleCatalog.map((def) => ({
    id: def.id,
    title: def.title,
    value: inForce[def.id],
    defaultValue: def.value,
    overridden: def.id in overrides,
    unit: def.unit ?? null,
    citation: def.citation,
    confidence: def.confidence,
    note: def.note ?? null,
    configurable: def.configurable,
    schema: def.schema,
  }));
}

/** Rules are deployment-wide: only a settings.write grant at a root org may change them. */
function assertDeploymentWide(ctx: RequestContext) {
  if (!ctx.actor.scope('settings.write').roots.some((r) => !r.includes('.'))) {
    throw new AppError('FORBIDDEN', '规则参数只能由全系统的系统管理员修改');
  }
}

export async function overrideRule(db: Db, ctx: RequestContext, id: string, value: unknown, reason: string) {
  assertDeploymentWide(ctx);
  if (!ruleCatalog.some((d) => d.id === id)) throw notFound('规则');
  return db.transaction(async (tx) => {
    let parsed: unknown;
    try {
      parsed = parseRuleOverride(id, value);
    } catch (e) {
      if (e instanceof RuleOverrideError)
        throw fieldErrors([{ field: 'value', message: `取值：${e.problem}` }]);
      throw e;
    }
    const before = (await repo.ruleOverrides(tx))[id] ?? null;
    await repo.setRuleOverride(tx, id, parsed);
    await writeAudit(tx, ctx, {
      action: 'rule.override',
      entity: 'rule',
      before: { id, value: before },
      after: { id, value: parsed },
      reason,
    });
    return (await listRules(tx)).find((r) => r.id === id) as RuleDto;
  });
}

export async function resetRule(db: Db, ctx: RequestContext, id: string, reason: string) {
  assertDeploymentWide(ctx);
  if (!ruleCatalog.some((d) => d.id === id)) throw notFound('规则');
  return db.transaction(async (tx) => {
    const before = (await repo.ruleOverrides(tx))[id] ?? null;
    await repo.deleteRuleOverride(tx, id);
    await writeAudit(tx, ctx, {
      action: 'rule.reset',
      entity: 'rule',
      before: { id, value: before },
      after: { id, value: null },
      reason,
    });
    return (await listRules(tx)).find((r) => r.id === id) as RuleDto;
  });
}
