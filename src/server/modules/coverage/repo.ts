/** 两新组织 units: every read takes a Scope on the responsible org's path copy (`org_path`). */
import { and, eq, ilike, isNotNull, isNull, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { coverageUnits, orgs } from '../../db/schema/index.js';
import type { Scope } from '../../lib/scope.js';

const coverer = alias(orgs, 'coverer');

const columns = {
  unit: coverageUnits,
  orgName: orgs.name,
  coveredByOrgName: coverer.name,
};
export type UnitRow = {
  unit: typeof coverageUnits.$inferSelect;
  orgName: string;
  coveredByOrgName: string | null;
};

export interface UnitFilter {
  orgPath?: string;
  kind?: string;
  covered?: boolean;
  q?: string;
}

function conditions(scope: Scope, f: UnitFilter): SQL | undefined {
  const conds: SQL[] = [scope.pathCondition(coverageUnits.orgPath)];
  if (f.orgPath) conds.push(sql`${coverageUnits.orgPath} <@ ${f.orgPath}::ltree`);
  if (f.kind) conds.push(eq(coverageUnits.kind, f.kind));
  if (f.covered === true) conds.push(isNotNull(coverageUnits.coveredByOrgId));
  if (f.covered === false) conds.push(isNull(coverageUnits.coveredByOrgId));
  if (f.q) conds.push(ilike(coverageUnits.name, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return and(...conds);
}

export async function list(db: DbOrTx, scope: Scope, f: UnitFilter, current: number, pageSize: number) {
  const where = conditions(scope, f);
  const [data, [{ total }]] = await Promise.all([
    db
      .select(columns)
      .from(coverageUnits)
      .innerJoin(orgs, eq(orgs.id, coverageUnits.orgId))
      .leftJoin(coverer, eq(coverer.id, coverageUnits.coveredByOrgId))
      .where(where)
      .orderBy(coverageUnits.orgPath, coverageUnits.kind, coverageUnits.id)
      .limit(pageSize)
      .offset((current - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(coverageUnits).where(where),
  ]);
  return { data: data as UnitRow[], total };
}

export async function find(db: DbOrTx, scope: Scope, id: number, forUpdate = false): Promise<UnitRow | null> {
  const q = db
    .select(columns)
    .from(coverageUnits)
    .innerJoin(orgs, eq(orgs.id, coverageUnits.orgId))
    .leftJoin(coverer, eq(coverer.id, coverageUnits.coveredByOrgId))
    .where(and(eq(coverageUnits.id, id), scope.pathCondition(coverageUnits.orgPath)))
    .limit(1);
  const [row] = forUpdate ? await q.for('update', { of: coverageUnits }) : await q;
  return (row as UnitRow | undefined) ?? null;
}

/** Another unit of the same name in the same area (names are how departments tell units apart). */
export async function nameTaken(db: DbOrTx, orgId: number, name: string, exceptId?: number) {
  const conds = [eq(coverageUnits.orgId, orgId), eq(coverageUnits.name, name)];
  if (exceptId) conds.push(ne(coverageUnits.id, exceptId));
  const [row] = await db
    .select({ id: coverageUnits.id })
    .from(coverageUnits)
    .where(and(...conds))
    .limit(1);
  return Boolean(row);
}

export async function insert(db: DbOrTx, values: typeof coverageUnits.$inferInsert) {
  const [row] = await db.insert(coverageUnits).values(values).returning();
  return row;
}

export async function update(db: DbOrTx, id: number, values: Partial<typeof coverageUnits.$inferInsert>) {
  await db.update(coverageUnits).set(values).where(eq(coverageUnits.id, id));
}
