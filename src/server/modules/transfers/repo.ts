import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { members, orgs, transfers, users } from '../../db/schema/index.js';
import type { Scope } from '../../lib/scope.js';
import { nameSearch } from '../../lib/search.js';

const fromOrg = alias(orgs, 'from_org');
const toOrg = alias(orgs, 'to_org');
const requester = alias(users, 'requester');
const responder = alias(users, 'responder');

const columns = {
  t: transfers,
  memberName: members.name,
  fromOrgName: fromOrg.name,
  toOrgName: toOrg.name,
  requestedByName: requester.displayName,
  respondedByName: responder.displayName,
};
export type TransferListRow = {
  t: typeof transfers.$inferSelect;
  memberName: string;
  fromOrgName: string;
  toOrgName: string;
  requestedByName: string | null;
  respondedByName: string | null;
};

function base(db: DbOrTx) {
  return db
    .select(columns)
    .from(transfers)
    .innerJoin(members, eq(members.id, transfers.memberId))
    .innerJoin(fromOrg, eq(fromOrg.id, transfers.fromOrgId))
    .innerJoin(toOrg, eq(toOrg.id, transfers.toOrgId))
    .leftJoin(requester, eq(requester.id, transfers.requestedBy))
    .leftJoin(responder, eq(responder.id, transfers.respondedBy));
}

/** A transfer is visible to both sides: the sending subtree and the receiving one. */
function sideCondition(scope: Scope, direction: 'in' | 'out' | 'all'): SQL {
  const out = scope.pathCondition(transfers.fromOrgPath);
  const inn = scope.pathCondition(transfers.toOrgPath);
  if (direction === 'out') return out;
  if (direction === 'in') return inn;
  return sql`(${out} or ${inn})`;
}

export interface TransferFilter {
  direction: 'in' | 'out' | 'all';
  orgPath?: string;
  status?: string;
  memberId?: number;
}

export async function list(db: DbOrTx, scope: Scope, f: TransferFilter, current: number, pageSize: number) {
  const conds: SQL[] = [sideCondition(scope, f.direction)];
  if (f.orgPath) {
    const p = f.orgPath;
    if (f.direction === 'out') conds.push(sql`${transfers.fromOrgPath} <@ ${p}::ltree`);
    else if (f.direction === 'in') conds.push(sql`${transfers.toOrgPath} <@ ${p}::ltree`);
    else conds.push(sql`(${transfers.fromOrgPath} <@ ${p}::ltree or ${transfers.toOrgPath} <@ ${p}::ltree)`);
  }
  if (f.status) conds.push(eq(transfers.status, f.status));
  if (f.memberId) conds.push(eq(transfers.memberId, f.memberId));
  const where = and(...conds);
  const [data, [{ total }]] = await Promise.all([
    base(db)
      .where(where)
      .orderBy(desc(transfers.requestedOn), desc(transfers.id))
      .limit(pageSize)
      .offset((current - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(transfers).where(where),
  ]);
  return { data: data as TransferListRow[], total };
}

export async function find(db: DbOrTx, scope: Scope, id: number, lock = false) {
  const q = base(db).where(and(eq(transfers.id, id), sideCondition(scope, 'all')));
  const [row] = await (lock ? q.for('update', { of: transfers }) : q).limit(1);
  return (row as TransferListRow) ?? null;
}

export async function insert(db: DbOrTx, values: typeof transfers.$inferInsert) {
  const [row] = await db.insert(transfers).values(values).returning();
  return row;
}

export async function update(db: DbOrTx, id: number, values: Partial<typeof transfers.$inferInsert>) {
  const [row] = await db.update(transfers).set(values).where(eq(transfers.id, id)).returning();
  return row;
}

/**
 * Receiving orgs for a transfer, searched across the whole system: the receiving branch is
 * usually outside the sender's subtree. Only active branches' ids and names are returned —
 * org names are not personal data, and nothing else about the org is exposed.
 */
export async function targets(db: DbOrTx, q: string, limit: number) {
  return db
    .select({ id: orgs.id, name: orgs.name, kind: orgs.kind })
    .from(orgs)
    .where(
      and(
        eq(orgs.status, 'active'),
        sql`${orgs.kind} in ('branch', 'joint_branch')`,
        nameSearch({ name: orgs.name, pinyin: orgs.namePinyin, initials: orgs.nameInitials }, q, {
          pinyinAnywhere: true,
        }),
      ),
    )
    .orderBy(orgs.name)
    .limit(limit);
}
