import { and, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AuditEntity } from '../../../shared/contracts/audit.js';
import type { DbOrTx } from '../../db/client.js';
import {
  auditLog,
  coverageUnits,
  developmentCases,
  developmentPlans,
  duesImports,
  duesLapseDecisions,
  duesPayments,
  duesProfiles,
  duesRemittances,
  externalStudy,
  heartTalks,
  imports,
  learningClasses,
  learningItems,
  meetings,
  members,
  orgs,
  pointsAwards,
  pointsFlags,
  transfers,
  users,
} from '../../db/schema/index.js';
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

/**
 * Entries tied to an org are scoped by its path; sign-in events and user accounts carry no org
 * and are shown only to auditors of a whole tree (a grant at a root org).
 */
export const seesUnscoped = (scope: Scope) => scope.roots.some((r) => !r.includes('.'));

export async function list(db: DbOrTx, scope: Scope, f: AuditFilter, current: number, pageSize: number) {
  const conds: SQL[] = [
    seesUnscoped(scope)
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

type NameRows = Promise<{ id: number; name: string }[]>;

/**
 * The names of records an audit entry refers to, one query per entity for a page of entries, each
 * scoped like the record's own list: an id outside the auditor's subtrees gets no name. Rules are
 * named from the catalog (no query); the audit log names nothing of its own.
 */
export const NAME_QUERIES: Record<
  Exclude<AuditEntity, 'rule' | 'audit'>,
  (db: DbOrTx, scope: Scope, ids: number[]) => NameRows
> = {
  org: (db, scope, ids) =>
    db
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .where(and(inArray(orgs.id, ids), scope.pathCondition(orgs.path))),
  member: (db, scope, ids) =>
    db
      .select({ id: members.id, name: members.name })
      .from(members)
      .where(and(inArray(members.id, ids), scope.pathCondition(members.orgPath))),
  // A user account belongs to no org: named for the auditors who see accounts at all.
  user: async (db, scope, ids) =>
    seesUnscoped(scope)
      ? db
          .select({
            id: users.id,
            name: sql<string>`${users.displayName} || '（' || ${users.username} || '）'`,
          })
          .from(users)
          .where(inArray(users.id, ids))
      : [],
  transfer: (db, scope, ids) =>
    db
      .select({ id: transfers.id, name: members.name })
      .from(transfers)
      .innerJoin(members, eq(members.id, transfers.memberId))
      .where(
        and(
          inArray(transfers.id, ids),
          or(scope.pathCondition(transfers.fromOrgPath), scope.pathCondition(transfers.toOrgPath)),
        ),
      ),
  meeting: (db, scope, ids) =>
    db
      .select({ id: meetings.id, name: meetings.title })
      .from(meetings)
      .where(and(inArray(meetings.id, ids), scope.pathCondition(meetings.orgPath))),
  learning_item: (db, scope, ids) =>
    db
      .select({ id: learningItems.id, name: learningItems.title })
      .from(learningItems)
      .where(and(inArray(learningItems.id, ids), scope.pathCondition(learningItems.orgPath))),
  learning_class: (db, scope, ids) =>
    db
      .select({ id: learningClasses.id, name: learningClasses.title })
      .from(learningClasses)
      .where(and(inArray(learningClasses.id, ids), scope.pathCondition(learningClasses.orgPath))),
  external_study: (db, scope, ids) =>
    db
      .select({ id: externalStudy.id, name: sql<string>`${members.name} || '：' || ${externalStudy.title}` })
      .from(externalStudy)
      .innerJoin(members, eq(members.id, externalStudy.memberId))
      .where(and(inArray(externalStudy.id, ids), scope.pathCondition(externalStudy.orgPath))),
  points_award: (db, scope, ids) =>
    db
      .select({
        id: pointsAwards.id,
        name: sql<string>`${members.name} || '的积分' || case when ${pointsAwards.points} > 0 then '奖励' else '扣分' end`,
      })
      .from(pointsAwards)
      .innerJoin(members, eq(members.id, pointsAwards.memberId))
      .where(and(inArray(pointsAwards.id, ids), scope.pathCondition(pointsAwards.orgPath))),
  points_flag: (db, scope, ids) =>
    db
      .select({ id: pointsFlags.id, name: sql<string>`${members.name} || '的积分异常'` })
      .from(pointsFlags)
      .innerJoin(members, eq(members.id, pointsFlags.memberId))
      .where(and(inArray(pointsFlags.id, ids), scope.pathCondition(pointsFlags.orgPath))),
  heart_talk: (db, scope, ids) =>
    db
      .select({ id: heartTalks.id, name: sql<string>`'与' || ${members.name} || '谈话'` })
      .from(heartTalks)
      .innerJoin(members, eq(members.id, heartTalks.memberId))
      .where(and(inArray(heartTalks.id, ids), scope.pathCondition(heartTalks.orgPath))),
  development_case: (db, scope, ids) =>
    db
      .select({ id: developmentCases.id, name: developmentCases.name })
      .from(developmentCases)
      .where(and(inArray(developmentCases.id, ids), scope.pathCondition(developmentCases.orgPath))),
  development_plan: (db, scope, ids) =>
    db
      .select({
        id: developmentPlans.id,
        name: sql<string>`${orgs.name} || ' ' || ${developmentPlans.year} || '年'`,
      })
      .from(developmentPlans)
      .innerJoin(orgs, eq(orgs.id, developmentPlans.orgId))
      .where(and(inArray(developmentPlans.id, ids), scope.pathCondition(orgs.path))),
  dues_profile: (db, scope, ids) =>
    db
      .select({ id: duesProfiles.id, name: members.name })
      .from(duesProfiles)
      .innerJoin(members, eq(members.id, duesProfiles.memberId))
      .innerJoin(orgs, eq(orgs.id, duesProfiles.orgId))
      .where(and(inArray(duesProfiles.id, ids), scope.pathCondition(orgs.path))),
  dues_payment: (db, scope, ids) =>
    db
      .select({
        id: duesPayments.id,
        name: sql<string>`${members.name} || ' ' || to_char(${duesPayments.month}, 'YYYY"年"FMMM"月"')`,
      })
      .from(duesPayments)
      .innerJoin(members, eq(members.id, duesPayments.memberId))
      .where(and(inArray(duesPayments.id, ids), scope.pathCondition(duesPayments.orgPath))),
  dues_remittance: (db, scope, ids) =>
    db
      .select({ id: duesRemittances.id, name: sql<string>`${orgs.name} || '上缴'` })
      .from(duesRemittances)
      .innerJoin(orgs, eq(orgs.id, duesRemittances.fromOrgId))
      .where(
        and(
          inArray(duesRemittances.id, ids),
          or(
            scope.pathCondition(duesRemittances.fromOrgPath),
            scope.pathCondition(duesRemittances.toOrgPath),
          ),
        ),
      ),
  dues_import: (db, scope, ids) =>
    db
      .select({ id: duesImports.id, name: duesImports.fileName })
      .from(duesImports)
      .where(and(inArray(duesImports.id, ids), scope.pathCondition(duesImports.orgPath))),
  dues_lapse_decision: (db, scope, ids) =>
    db
      .select({ id: duesLapseDecisions.id, name: members.name })
      .from(duesLapseDecisions)
      .innerJoin(members, eq(members.id, duesLapseDecisions.memberId))
      .where(and(inArray(duesLapseDecisions.id, ids), scope.pathCondition(duesLapseDecisions.orgPath))),
  coverage_unit: (db, scope, ids) =>
    db
      .select({ id: coverageUnits.id, name: coverageUnits.name })
      .from(coverageUnits)
      .where(and(inArray(coverageUnits.id, ids), scope.pathCondition(coverageUnits.orgPath))),
  import: (db, scope, ids) =>
    db
      .select({ id: imports.id, name: imports.fileName })
      .from(imports)
      .where(and(inArray(imports.id, ids), scope.pathCondition(imports.orgPath))),
};
