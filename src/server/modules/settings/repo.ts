import { eq, like } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { settings } from '../../db/schema/index.js';

// Settings are deployment-wide, not owned by an org: the service admits only actors whose
// settings.write grant sits at a root of the tree, so these functions take no Scope.

export async function ruleOverrides(db: DbOrTx): Promise<Record<string, unknown>> {
  const rows = await db.select().from(settings).where(like(settings.key, 'rule:%'));
  return Object.fromEntries(rows.map((r) => [r.key.slice(5), r.value]));
}

export async function setRuleOverride(db: DbOrTx, id: string, value: unknown) {
  await db
    .insert(settings)
    .values({ key: `rule:${id}`, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}

export async function deleteRuleOverride(db: DbOrTx, id: string) {
  await db.delete(settings).where(eq(settings.key, `rule:${id}`));
}

/** Dated versions of rules (`rule-history:<id>`): a value applies from its `from` date on. */
export async function ruleHistories(db: DbOrTx): Promise<Record<string, { from: string; value: unknown }[]>> {
  const rows = await db.select().from(settings).where(like(settings.key, 'rule-history:%'));
  return Object.fromEntries(rows.map((r) => [r.key.slice('rule-history:'.length), r.value as never]));
}

export async function setRuleHistory(db: DbOrTx, id: string, versions: { from: string; value: unknown }[]) {
  const key = `rule-history:${id}`;
  if (versions.length === 0) {
    await db.delete(settings).where(eq(settings.key, key));
    return;
  }
  await db
    .insert(settings)
    .values({ key, value: versions })
    .onConflictDoUpdate({ target: settings.key, set: { value: versions, updatedAt: new Date() } });
}
