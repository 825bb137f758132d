/**
 * What every list export shares (issue #6): the export's org for the audit entry, the filters in
 * words for the banner, and the refusal of a register to a role without a subtree. Each module
 * writes its own exports (`<module>/exports.ts`) with these and src/server/lib/xlsx-export.ts.
 */
import { fieldLabel } from '../../../shared/contracts/common.js';
import type { Permission } from '../../../shared/contracts/permissions.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { commonPath, describeFilters } from '../../lib/xlsx-export.js';
import { findOrg } from '../orgs/index.js';

/** A list's query as an export receives it: the same filters, no paging. */
export type Paged<Q> = Omit<Q, 'current' | 'pageSize'>;
export type Labels = Record<string, string>;

/** The export's org: the filter's (already checked by the list) or the common root of the scope. */
export async function orgOf(db: Db, ctx: RequestContext, permission: Permission, orgId: number | undefined) {
  const scope = ctx.actor.scope(permission);
  if (!orgId) return { name: null, path: commonPath(scope.roots) };
  const org = await findOrg(db, scope, orgId);
  if (!org) throw notFound('党组织');
  return { name: org.name, path: org.path };
}

/**
 * Every filter of a query in words, by the field's Chinese label, so a filter added to a list's
 * schema later shows in the banner without touching the export (values through `labels` where
 * the key has a label map, else as given).
 */
export function describeQuery(
  q: Record<string, unknown>,
  area: string,
  orgName: string | null,
  labels: Record<string, Labels> = {},
  skip: string[] = [],
) {
  const parts: Array<[string, string | undefined]> = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '' || skip.includes(k)) continue;
    if (k === 'orgId') {
      parts.push(['党组织', `${orgName ?? v}及下级`]);
      continue;
    }
    const text = Array.isArray(v)
      ? v.map((x) => labels[k]?.[String(x)] ?? String(x)).join('、')
      : (labels[k]?.[String(v)] ?? String(v));
    parts.push([fieldLabel(k, area), text]);
  }
  return describeFilters(parts);
}

/** An export of a register needs a subtree: the member role (its own record only) has none. */
export function needsSubtree(ctx: RequestContext, permission: Permission, what: string) {
  if (!ctx.actor.scope(permission).roots.length) {
    throw new AppError('FORBIDDEN', `只有党组织的管理人员可以导出${what}`);
  }
}

export const yesNo = (b: boolean) => (b ? '是' : '否');
