import { PgTransaction } from 'drizzle-orm/pg-core';
import type { RuleHistory, RuleVersion } from '../../../domain/orglife/versions.js';
import {
  isRuleId,
  parseRuleOverride,
  RuleOverrideError,
  type Rules,
  resolveRules,
  ruleCatalog,
} from '../../../domain/rules/index.js';
import type { RuleDto } from '../../../shared/contracts/rules.js';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import { invalidate, ValueCache } from '../../lib/cache.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { EVERY_ORG, workIn } from '../../lib/unit-of-work.js';
import * as repo from './repo.js';

// Kept per database handle (lib/cache.ts): nearly every request reads the rules, and they change a
// few times a year. A change invalidates them in every process as it commits (overrideRule,
// resetRule). A transaction reads the table itself: it may be the one changing a rule, and must
// see its own change.
const rulesCache = new ValueCache<DbOrTx, Rules>();
const historyCache = new ValueCache<DbOrTx, RuleHistory>();
const inTransaction = (db: DbOrTx) => db instanceof PgTransaction;

/**
 * The rules in force: the catalog's defaults with this deployment's overrides (settings rows
 * keyed `rule:<id>`). An override takes effect at once (the kept copy is dropped as it commits).
 * Callers must not change the object answered: it is shared.
 */
export async function loadRules(db: DbOrTx): Promise<Rules> {
  const load = async () => resolveRules(await repo.ruleOverrides(db));
  return inTransaction(db) ? load() : rulesCache.get(db, load);
}

/**
 * The dated versions of rules changed with an effective date, so that a past period is judged by
 * the value in force on its first day (src/domain/orglife/versions.ts).
 */
export async function loadRuleHistory(db: DbOrTx): Promise<RuleHistory> {
  return inTransaction(db) ? readRuleHistory(db) : historyCache.get(db, () => readRuleHistory(db));
}

async function readRuleHistory(db: DbOrTx): Promise<RuleHistory> {
  const stored = await repo.ruleHistories(db);
  const out: Record<string, RuleVersion<unknown>[]> = {};
  for (const [id, versions] of Object.entries(stored)) {
    if (!isRuleId(id)) continue;
    out[id] = versions.map((v) => ({ from: v.from, value: parseRuleOverride(id, v.value) }));
  }
  return out as RuleHistory;
}

export async function listRules(db: DbOrTx): Promise<RuleDto[]> {
  const overrides = await repo.ruleOverrides(db);
  const histories = await repo.ruleHistories(db);
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
    history: histories[def.id] ?? [],
  }));
}

/** Rules are deployment-wide: only a settings.write grant at a root org may change them. */
function assertDeploymentWide(ctx: RequestContext) {
  if (!ctx.actor.scope('settings.write').roots.some((r) => !r.includes('.'))) {
    throw new AppError('FORBIDDEN', '规则参数只能由全系统的系统管理员修改');
  }
}

/**
 * Organizational-life rules feed the compliance table, which is rewritten when one changes: the
 * change is touched as `rules` and the orglife module, listening, recomputes before commit.
 */
async function refreshIfOrgLife(tx: Tx, ctx: RequestContext, id: string) {
  if (!id.startsWith('orglife.')) return;
  const work = workIn(tx, ctx.today);
  work.tx.touch('rules', [EVERY_ORG]);
  await work.flush();
}

/**
 * Overrides a rule. Without `effectiveFrom` the value applies to every period, past ones included
 * (a correction). With it, the value in force before that date is kept as a dated version, so
 * periods beginning earlier are still judged as they were (a change of policy).
 */
export async function overrideRule(
  db: Db,
  ctx: RequestContext,
  id: string,
  value: unknown,
  reason: string,
  effectiveFrom?: string,
) {
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
    const inForceBefore = (resolveRules(await repo.ruleOverrides(tx)) as unknown as Record<string, unknown>)[
      id
    ];
    let versions = (await repo.ruleHistories(tx))[id] ?? [];
    if (effectiveFrom) {
      // The earliest version carries the value that applied before any dated change.
      if (versions.length === 0) versions = [{ from: '0001-01-01', value: inForceBefore }];
      versions = [...versions.filter((v) => v.from < effectiveFrom), { from: effectiveFrom, value: parsed }];
    } else {
      versions = [];
    }
    await repo.setRuleOverride(tx, id, parsed);
    await repo.setRuleHistory(tx, id, versions);
    await invalidate(tx, { rules: true });
    await writeAudit(tx, ctx, {
      action: 'rule.override',
      entity: 'rule',
      before: { id, value: before },
      after: { id, value: parsed, ...(effectiveFrom ? { effectiveFrom } : {}) },
      reason,
    });
    await refreshIfOrgLife(tx, ctx, id);
    return (await listRules(tx)).find((r) => r.id === id) as RuleDto;
  });
}

export async function resetRule(db: Db, ctx: RequestContext, id: string, reason: string) {
  assertDeploymentWide(ctx);
  if (!ruleCatalog.some((d) => d.id === id)) throw notFound('规则');
  return db.transaction(async (tx) => {
    const before = (await repo.ruleOverrides(tx))[id] ?? null;
    await repo.deleteRuleOverride(tx, id);
    await repo.setRuleHistory(tx, id, []);
    await invalidate(tx, { rules: true });
    await refreshIfOrgLife(tx, ctx, id);
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
