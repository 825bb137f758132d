import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { bulkInsert } from '../../db/bulk.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { importErrors, importRows, imports, orgs, users } from '../../db/schema/index.js';
import type { Scope } from '../../lib/scope.js';

const creator = alias(users, 'creator');
const committer = alias(users, 'committer');
const roller = alias(users, 'roller');

const columns = {
  imp: imports,
  orgName: orgs.name,
  createdByName: creator.displayName,
  committedByName: committer.displayName,
  rolledBackByName: roller.displayName,
};
export type ImportListRow = {
  imp: typeof imports.$inferSelect;
  orgName: string;
  createdByName: string | null;
  committedByName: string | null;
  rolledBackByName: string | null;
};

const base = (db: DbOrTx) =>
  db
    .select(columns)
    .from(imports)
    .innerJoin(orgs, eq(orgs.id, imports.orgId))
    .leftJoin(creator, eq(creator.id, imports.createdBy))
    .leftJoin(committer, eq(committer.id, imports.committedBy))
    .leftJoin(roller, eq(roller.id, imports.rolledBackBy));

/*
 * Scope is checked on the org's path as it is now (a move of the org after the upload changes who
 * may see the import); `imports.org_path` is the path at upload, refreshed at commit and rollback.
 */

export async function find(db: DbOrTx, scope: Scope, id: number): Promise<ImportListRow | null> {
  const [row] = await base(db)
    .where(and(eq(imports.id, id), scope.pathCondition(orgs.path)))
    .limit(1);
  return row ?? null;
}

export async function list(
  db: DbOrTx,
  scope: Scope,
  orgPath: string | null,
  current: number,
  pageSize: number,
) {
  const conds: SQL[] = [scope.pathCondition(orgs.path)];
  if (orgPath) conds.push(sql`${orgs.path} <@ ${orgPath}::ltree`);
  const where = and(...conds);
  const [data, [{ total }]] = await Promise.all([
    base(db)
      .where(where)
      .orderBy(desc(imports.createdAt), desc(imports.id))
      .limit(pageSize)
      .offset((current - 1) * pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(imports)
      .innerJoin(orgs, eq(orgs.id, imports.orgId))
      .where(where),
  ]);
  return { data: data as ImportListRow[], total };
}

/**
 * Locks the import for a commit or rollback (two clicks must not commit twice), with its org's
 * path as it is now (kept on the row for the subtree checks of the commit).
 */
export async function lock(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select()
    .from(imports)
    .where(
      and(
        eq(imports.id, id),
        sql`${imports.orgId} in (select o.id from orgs o where ${scope.pathCondition(sql`o.path`)})`,
      ),
    )
    .for('update')
    .limit(1);
  if (!row) return null;
  const [org] = await queryRows(
    db,
    sql`select path::text as path from orgs where id = ${row.orgId}`,
    z.object({ path: z.string() }),
  );
  if (org.path !== row.orgPath) {
    await db.update(imports).set({ orgPath: org.path }).where(eq(imports.id, id));
    row.orgPath = org.path;
  }
  return row;
}

export async function insert(db: DbOrTx, values: typeof imports.$inferInsert) {
  const [row] = await db.insert(imports).values(values).returning();
  return row;
}

/** Background steps update their own import by id (the scope was checked when it started). */
export async function update(db: DbOrTx, id: number, values: Partial<typeof imports.$inferInsert>) {
  await db.update(imports).set(values).where(eq(imports.id, id));
}

export async function errorsPage(
  db: DbOrTx,
  importId: number,
  page: number,
  pageSize: number,
  column: string | undefined,
) {
  const conds = [eq(importErrors.importId, importId)];
  if (column !== undefined) conds.push(eq(importErrors.column, column));
  const where = and(...conds);
  const [data, [{ total }], byColumn] = await Promise.all([
    db
      .select({ rowNo: importErrors.rowNo, column: importErrors.column, message: importErrors.message })
      .from(importErrors)
      .where(where)
      .orderBy(asc(importErrors.rowNo), asc(importErrors.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(importErrors).where(where),
    queryRows(
      db,
      sql`select "column", count(*)::int as count from import_errors where import_id = ${importId}
          group by "column" order by min(id)`,
      z.object({ column: z.string(), count: z.number() }),
    ),
  ]);
  return { data, total, columns: byColumn };
}

export const addErrors = (db: DbOrTx, rows: (typeof importErrors.$inferInsert)[]) =>
  bulkInsert(db, importErrors, rows, { chunk: 2000 });

export const addRows = (db: DbOrTx, rows: (typeof importRows.$inferInsert)[]) =>
  bulkInsert(db, importRows, rows, { chunk: 1000 });

const orgMatchRow = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  name: z.string(),
  kind: z.string(),
  sector: z.string(),
  status: z.string(),
  path: z.string(),
  depth: z.number(),
});

/** Orgs by full name under a subtree (the candidates a name in the file may mean). */
export async function orgsByName(db: DbOrTx, underPath: string, names: string[]) {
  if (!names.length) return [];
  return queryRows(
    db,
    sql`select id, parent_id as "parentId", name, kind, sector, status, path::text as path, depth
        from orgs where name in ${textList(names)} and path <@ ${underPath}::ltree`,
    orgMatchRow,
  );
}

/**
 * The ID numbers (by keyed hash) among `hashes` already in the register, with the org path of the
 * member holding each (any status: a person registers once). The unique index answers it.
 */
export async function registeredIdNumbers(db: DbOrTx, hashes: string[]) {
  if (!hashes.length) return new Map<string, string>();
  const rows = await queryRows(
    db,
    sql`select id_number_hash as hash, org_path::text as "orgPath" from members
        where id_number_hash in ${textList(hashes)}`,
    z.object({ hash: z.string(), orgPath: z.string() }),
  );
  return new Map(rows.map((r) => [r.hash, r.orgPath]));
}

/** The values as one JSON parameter, unpacked in SQL (one bound value however many there are). */
const textList = (values: string[]) =>
  sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

/** Per-org counts of the validated rows, for the summary. */
export async function rowsByOrg(db: DbOrTx, importId: number, key: 'orgName' | 'parentName') {
  return queryRows(
    db,
    sql`select data->>${key} as "orgName", count(*)::int as count from import_rows
        where import_id = ${importId} group by 1 order by 2 desc, 1 limit 200`,
    z.object({ orgName: z.string(), count: z.number() }),
  );
}

export async function rowCount(db: DbOrTx, importId: number) {
  const [r] = await queryRows(
    db,
    sql`select count(*)::int as n from import_rows where import_id = ${importId}`,
    z.object({ n: z.number() }),
  );
  return r.n;
}
