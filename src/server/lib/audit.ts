import { maskIdNumber, maskPhone } from '../../domain/member/id-number.js';
import type { AuditAction, AuditEntity } from '../../shared/contracts/audit.js';
import type { DbOrTx } from '../db/client.js';
import { writerOf } from '../db/replica.js';
import { auditLog } from '../db/schema/index.js';
import { ID_NUMBER_PATTERN, PHONE_PATTERN } from './log.js';

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
  // A read served by the replica (an export, the report's workbook) writes its entry on the primary.
  const [row] = await writerOf(tx)
    .insert(auditLog)
    .values({
      userId: ctx?.actor?.userId ?? null,
      username: ctx?.actor?.username ?? null,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId ?? null,
      orgPath: e.orgPath ?? null,
      before: scrubPii(e.before ?? null),
      after: scrubPii(e.after ?? null),
      reason: e.reason == null ? null : scrubPiiText(e.reason),
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

/** Keys whose values are ID numbers or phones wherever they appear in an entry. */
const MASK_BY_KEY: Record<string, (v: string) => string> = {
  idNumber: maskIdNumber,
  id_number: maskIdNumber,
  phone: maskPhone,
};
/** Already masked (an asterisk in it): left as it is, so that masking twice changes nothing. */
const isMasked = (v: string) => v.includes('*');

/** An ID number or a mobile number inside any text, masked (a reason typed by hand may hold one). */
export function scrubPiiText(text: string): string {
  // A phone written with +86 or separators is masked as the 11 digits it is.
  return text
    .replace(ID_NUMBER_PATTERN, (m) => maskIdNumber(m))
    .replace(PHONE_PATTERN, (m) => maskPhone(m.replace(/\D/g, '').slice(-11)));
}

/**
 * No clear ID number or phone in the audit log (issue #18), whatever a caller passes: the values
 * under the known keys are masked, and every other string is scrubbed for the two patterns. Done
 * here, once, rather than trusted to each service.
 */
export function scrubPii(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    const mask = key ? MASK_BY_KEY[key] : undefined;
    if (mask) return isMasked(value) ? value : mask(value);
    return scrubPiiText(value);
  }
  if (Array.isArray(value)) return value.map((v) => scrubPii(v, key));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubPii(v, k)]));
  }
  return value;
}
