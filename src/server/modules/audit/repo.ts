import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';
import type { Scope } from '../../lib/scope.js';

export interface AuditFilter {
  action?: string;
  entity?: string;
  entityId?: number;
  username?: string;
  /** Instants bounding the period, [from, to). */
  from?: Date;
  to?: Date;
}

export async function list(db: DbOrTx, scope: Scope, f: AuditFilter, current: number, pageSize: number) {
  // Entries tied to an org are scoped by its path; sign-in events carry no org and are shown
  // only to auditors of a whole tree (a grant at a root org).
  const seesUnscoped = scope.roots.some((r) => !r.includes('.'));
  const conds: SQL[] = [
    seesUnscoped
      ? sql`(${auditLog.orgPath} is null or ${scope.pathCondition(auditLog.orgPath)})`
      : scope.pathCondition(auditLog.orgPath),
  ];
  if (f.action) conds.push(eq(auditLog.action, f.action));
  if (f.entity) conds.push(eq(auditLog.entity, f.entity));
  if (f.entityId) conds.push(eq(auditLog.entityId, f.entityId));
  if (f.username) conds.push(eq(auditLog.username, f.username));
  if (f.from) conds.push(gte(auditLog.at, f.from));
  if (f.to) conds.push(lt(auditLog.at, f.to));
  const where = and(...conds);
  const [data, [{ total }]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(pageSize)
      .offset((current - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { data, total };
}
