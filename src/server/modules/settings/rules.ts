import { type Rules, resolveRules } from '../../../domain/rules/index.js';
import type { DbOrTx } from '../../db/client.js';
import { settings } from '../../db/schema/index.js';

/**
 * The rules in force: the catalog's defaults with this deployment's overrides (settings rows
 * keyed `rule:<id>`). Read per use: the table is tiny and an override takes effect at once.
 */
export async function loadRules(db: DbOrTx): Promise<Rules> {
  const rows = await db.select().from(settings);
  const overrides: Record<string, unknown> = {};
  for (const r of rows) if (r.key.startsWith('rule:')) overrides[r.key.slice(5)] = r.value;
  return resolveRules(overrides);
}
