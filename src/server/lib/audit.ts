import type { AuditAction, AuditEntity } from '../../shared/contracts/audit.js';
import type { DbOrTx } from '../db/client.js';
import { auditLog } from '../db/schema/index.js';

/** Who acts: a request context, or less of one (a login attempt has no actor yet). */
export interface AuditContext {
  actor?: { userId: number; username: string } | null;
  requestId?: string;
  ip?: string;
}

export interface AuditEntry {
  /** One of AUDIT_ACTIONS: an action without a Chinese label does not compile. */
  action: AuditAction;
  entity: AuditEntity;
  entityId?: number | null;
  orgPath?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/**
 * Written in the same transaction as the change it records: no change without its entry. Answers
 * the entry's id (an export prints it as its watermark id).
 */
export async function writeAudit(tx: DbOrTx, ctx: AuditContext | null, e: AuditEntry): Promise<number> {
  const [row] = await tx
    .insert(auditLog)
    .values({
      userId: ctx?.actor?.userId ?? null,
      username: ctx?.actor?.username ?? null,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId ?? null,
      orgPath: e.orgPath ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
      reason: e.reason ?? null,
      requestId: ctx?.requestId ?? null,
      ip: ctx?.ip ?? null,
    })
    .returning({ id: auditLog.id });
  return row.id;
}

/** Only the keys whose values changed, for compact before/after entries. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (after[k] !== undefined && JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}
