/**
 * The learning module's queries. Staff reads take a Scope (the item's or class's org path in the
 * caller's subtrees); the member's reads are keyed by the caller's own member record (visibility.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { IsoDate } from '../../../domain/common/dates.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import {
  learningClassAttendance,
  learningClasses,
  learningClassRoster,
  learningClassTokens,
  learningItems,
} from '../../db/schema/index.js';
import type { Scope } from '../../lib/scope.js';
import { inSubtree } from '../../lib/scope.js';
import { type MemberFacts, visibleCondition } from './visibility.js';

export type ItemRow = typeof learningItems.$inferSelect;
export type ClassRow = typeof learningClasses.$inferSelect;

// ---- items ----------------------------------------------------------------------------------

const itemCols = sql`i.id, i.org_id as "orgId", o.name as "orgName", i.org_path::text as "orgPath", i.title, i.kind,
  i.summary, i.length_seconds as "lengthSeconds", i.audience, i.required, i.publish_on::text as "publishOn",
  i.status, i.file_name as "fileName", i.mime_type as "mimeType", i.size::int as size,
  i.storage_key as "storageKey", i.created_at as "createdAt", i.updated_at as "updatedAt"`;

export const itemRow = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  orgPath: z.string(),
  title: z.string(),
  kind: z.string(),
  summary: z.string(),
  lengthSeconds: z.number(),
  audience: z.array(z.string()),
  required: z.boolean(),
  publishOn: z.string(),
  status: z.string(),
  fileName: z.string().nullable(),
  mimeType: z.string().nullable(),
  size: z.number().nullable(),
  storageKey: z.string().nullable(),
  createdAt: z.union([z.date(), z.string()]),
  updatedAt: z.union([z.date(), z.string()]),
});
export type ItemListRow = z.infer<typeof itemRow>;

export interface ItemFilter {
  orgPath?: string;
  kind?: string;
  status?: string;
  q?: string;
}

export async function listItems(db: DbOrTx, scope: Scope, f: ItemFilter, current: number, pageSize: number) {
  const where = sql.join(
    [
      scope.pathCondition(sql`i.org_path`),
      f.orgPath ? inSubtree(sql`i.org_path`, f.orgPath) : sql`true`,
      f.kind ? sql`i.kind = ${f.kind}` : sql`true`,
      f.status ? sql`i.status = ${f.status}` : sql`true`,
      f.q ? sql`i.title ilike ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : sql`true`,
    ],
    sql` and `,
  );
  const [data, [count]] = await Promise.all([
    queryRows(
      db,
      sql`select ${itemCols} from learning_items i join orgs o on o.id = i.org_id where ${where}
        order by i.publish_on desc, i.id desc limit ${pageSize} offset ${(current - 1) * pageSize}`,
      itemRow,
    ),
    queryRows(
      db,
      sql`select count(*)::int as total from learning_items i where ${where}`,
      z.object({ total: z.number() }),
    ),
  ]);
  return { data, total: count?.total ?? 0 };
}

export async function findItem(db: DbOrTx, scope: Scope, id: number, lock = false) {
  const [row] = await queryRows(
    db,
    sql`select ${itemCols}, i.body from learning_items i join orgs o on o.id = i.org_id
      where i.id = ${id} and ${scope.pathCondition(sql`i.org_path`)} ${lock ? sql`for update of i` : sql``}`,
    itemRow.extend({ body: z.string() }),
  );
  return row ?? null;
}

export async function insertItem(db: DbOrTx, values: typeof learningItems.$inferInsert) {
  const [row] = await db.insert(learningItems).values(values).returning({ id: learningItems.id });
  return row.id;
}

export async function updateItem(db: DbOrTx, id: number, values: Partial<typeof learningItems.$inferInsert>) {
  await db
    .update(learningItems)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(learningItems.id, id));
}

/** The member's items: visible today, required first, newest first. */
export async function myItems(
  db: DbOrTx,
  f: MemberFacts,
  today: IsoDate,
  filter: { kind?: string; required?: boolean },
  current: number,
  pageSize: number,
) {
  const where = sql`${visibleCondition(f, today)}
    ${filter.kind ? sql`and i.kind = ${filter.kind}` : sql``}
    ${filter.required === undefined ? sql`` : sql`and i.required = ${filter.required}`}`;
  const [data, [count]] = await Promise.all([
    queryRows(
      db,
      sql`select ${itemCols} from learning_items i join orgs o on o.id = i.org_id where ${where}
        order by i.required desc, i.publish_on desc, i.id desc limit ${pageSize} offset ${(current - 1) * pageSize}`,
      itemRow,
    ),
    queryRows(
      db,
      sql`select count(*)::int as total from learning_items i where ${where}`,
      z.object({ total: z.number() }),
    ),
  ]);
  return { data, total: count?.total ?? 0 };
}

export async function myItem(db: DbOrTx, f: MemberFacts, today: IsoDate, id: number) {
  const [row] = await queryRows(
    db,
    sql`select ${itemCols}, i.body from learning_items i join orgs o on o.id = i.org_id
      where i.id = ${id} and ${visibleCondition(f, today)}`,
    itemRow.extend({ body: z.string() }),
  );
  return row ?? null;
}

// ---- classes --------------------------------------------------------------------------------

const classCols = sql`c.id, c.org_id as "orgId", o.name as "orgName", c.org_path::text as "orgPath", c.kind, c.title,
  c.organiser, c.starts_on::text as "startsOn", c.ends_on::text as "endsOn", c.credit_seconds as "creditSeconds",
  c.place, c.online, c.completion_percent as "completionPercent", c.status,
  (select count(*)::int from learning_class_roster r where r.class_id = c.id) as "rosterCount",
  (select count(*)::int from learning_class_roster r where r.class_id = c.id
     and (select count(*) from learning_class_attendance a where a.class_id = c.id and a.member_id = r.member_id
          and a.day between c.starts_on and c.ends_on)
       >= greatest(1, ceil((c.ends_on - c.starts_on + 1) * c.completion_percent / 100.0))) as "completedCount"`;

export const classRow = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  orgPath: z.string(),
  kind: z.string(),
  title: z.string(),
  organiser: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  creditSeconds: z.number(),
  place: z.string(),
  online: z.boolean(),
  completionPercent: z.number(),
  status: z.string(),
  rosterCount: z.number(),
  completedCount: z.number(),
});
export type ClassListRow = z.infer<typeof classRow>;

export interface ClassFilter {
  orgPath?: string;
  kind?: string;
  status?: string;
  year?: number;
}

export async function listClasses(
  db: DbOrTx,
  scope: Scope,
  f: ClassFilter,
  current: number,
  pageSize: number,
) {
  const where = sql.join(
    [
      scope.pathCondition(sql`c.org_path`),
      f.orgPath ? inSubtree(sql`c.org_path`, f.orgPath) : sql`true`,
      f.kind ? sql`c.kind = ${f.kind}` : sql`true`,
      f.status ? sql`c.status = ${f.status}` : sql`true`,
      f.year
        ? sql`c.starts_on <= ${`${f.year}-12-31`}::date and c.ends_on >= ${`${f.year}-01-01`}::date`
        : sql`true`,
    ],
    sql` and `,
  );
  const [data, [count]] = await Promise.all([
    queryRows(
      db,
      sql`select ${classCols} from learning_classes c join orgs o on o.id = c.org_id where ${where}
        order by c.starts_on desc, c.id desc limit ${pageSize} offset ${(current - 1) * pageSize}`,
      classRow,
    ),
    queryRows(
      db,
      sql`select count(*)::int as total from learning_classes c where ${where}`,
      z.object({ total: z.number() }),
    ),
  ]);
  return { data, total: count?.total ?? 0 };
}

export async function findClass(db: DbOrTx, scope: Scope, id: number, lock = false) {
  if (lock) {
    // Lock the class row first (writes to its roster and attendance serialise on it).
    await db.execute(sql`select 1 from learning_classes where id = ${id} for update`);
  }
  const [row] = await queryRows(
    db,
    sql`select ${classCols} from learning_classes c join orgs o on o.id = c.org_id
      where c.id = ${id} and ${scope.pathCondition(sql`c.org_path`)}`,
    classRow,
  );
  return row ?? null;
}

/** A class by id, without scope: the QR check-in (the code is the credential). */
export async function classById(db: DbOrTx, id: number) {
  const [row] = await queryRows(
    db,
    sql`select ${classCols} from learning_classes c join orgs o on o.id = c.org_id where c.id = ${id}`,
    classRow,
  );
  return row ?? null;
}

export async function insertClass(db: DbOrTx, values: typeof learningClasses.$inferInsert) {
  const [row] = await db.insert(learningClasses).values(values).returning({ id: learningClasses.id });
  return row.id;
}

export async function updateClass(
  db: DbOrTx,
  id: number,
  values: Partial<typeof learningClasses.$inferInsert>,
) {
  await db
    .update(learningClasses)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(learningClasses.id, id));
}

const rosterRow = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  attended: z.array(z.object({ day: z.string(), method: z.string() })),
});

export async function roster(db: DbOrTx, classId: number) {
  return queryRows(
    db,
    sql`select r.member_id as "memberId", m.name, m.org_id as "orgId", o.name as "orgName",
        coalesce((select json_agg(json_build_object('day', a.day::text, 'method', a.method) order by a.day)
                  from learning_class_attendance a where a.class_id = r.class_id and a.member_id = r.member_id),
                 '[]'::json) as attended
      from learning_class_roster r join members m on m.id = r.member_id join orgs o on o.id = m.org_id
      where r.class_id = ${classId} order by o.path, m.name_pinyin, m.id`,
    rosterRow,
  );
}

const memberRow = z.object({
  id: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgPath: z.string(),
  status: z.string(),
});

export async function membersByIds(db: DbOrTx, ids: number[]) {
  if (!ids.length) return [];
  return queryRows(
    db,
    sql`select id, name, org_id as "orgId", org_path::text as "orgPath", status from members
      where id = any(${sql.raw(`array[${ids.map((i) => Math.trunc(i)).join(',')}]::int[]`)})`,
    memberRow,
  );
}

/** Members of the subtree in scope, by name (the roster's picker). */
export async function candidates(
  db: DbOrTx,
  scope: Scope,
  orgPath: string,
  classId: number,
  q: string | undefined,
) {
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return queryRows(
    db,
    sql`select m.id as "memberId", m.name, o.name as "orgName" from members m join orgs o on o.id = m.org_id
      where ${inSubtree(sql`m.org_path`, orgPath)} and ${scope.pathCondition(sql`m.org_path`)}
        and m.status not in ('left', 'deceased')
        and not exists (select 1 from learning_class_roster r where r.class_id = ${classId} and r.member_id = m.id)
        ${like ? sql`and (m.name like ${like} or m.name_pinyin like ${like.toLowerCase()} or m.name_initials like ${like.toLowerCase()})` : sql``}
      order by m.org_path, m.name_pinyin, m.id limit 50`,
    z.object({ memberId: z.number(), name: z.string(), orgName: z.string() }),
  );
}

export async function addRoster(db: DbOrTx, classId: number, memberIds: number[]) {
  if (!memberIds.length) return [];
  return db
    .insert(learningClassRoster)
    .values(memberIds.map((memberId) => ({ classId, memberId })))
    .onConflictDoNothing()
    .returning({ memberId: learningClassRoster.memberId });
}

export async function removeRoster(db: DbOrTx, classId: number, memberId: number) {
  await db
    .delete(learningClassAttendance)
    .where(and(eq(learningClassAttendance.classId, classId), eq(learningClassAttendance.memberId, memberId)));
  const r = await db
    .delete(learningClassRoster)
    .where(and(eq(learningClassRoster.classId, classId), eq(learningClassRoster.memberId, memberId)))
    .returning({ memberId: learningClassRoster.memberId });
  return r.length > 0;
}

export async function onRoster(db: DbOrTx, classId: number, memberId: number) {
  const r = await db
    .select({ memberId: learningClassRoster.memberId })
    .from(learningClassRoster)
    .where(and(eq(learningClassRoster.classId, classId), eq(learningClassRoster.memberId, memberId)));
  return r.length > 0;
}

/** The members' current branches (the orgs touched on topic `learning`). */
export async function branchesOf(db: DbOrTx, memberIds: number[]): Promise<number[]> {
  if (!memberIds.length) return [];
  const rows = await queryRows(
    db,
    sql`select distinct org_id as "orgId" from members
      where id = any(${sql.raw(`array[${memberIds.map((i) => Math.trunc(i)).join(',')}]::int[]`)})`,
    z.object({ orgId: z.number() }),
  );
  return rows.map((r) => r.orgId);
}

export async function rosterIds(db: DbOrTx, classId: number): Promise<number[]> {
  const r = await db
    .select({ memberId: learningClassRoster.memberId })
    .from(learningClassRoster)
    .where(eq(learningClassRoster.classId, classId));
  return r.map((x) => x.memberId);
}

export async function attendanceOf(db: DbOrTx, classId: number, memberId: number, day: string) {
  const [r] = await db
    .select()
    .from(learningClassAttendance)
    .where(
      and(
        eq(learningClassAttendance.classId, classId),
        eq(learningClassAttendance.memberId, memberId),
        eq(learningClassAttendance.day, day),
      ),
    );
  return r ?? null;
}

export async function markAttendance(
  db: DbOrTx,
  v: {
    classId: number;
    memberId: number;
    day: string;
    method: 'qr' | 'manual';
    at: Date;
    recordedBy: number;
  },
) {
  const r = await db
    .insert(learningClassAttendance)
    .values({
      classId: v.classId,
      memberId: v.memberId,
      day: v.day,
      method: v.method,
      checkedInAt: v.at,
      recordedBy: v.recordedBy,
    })
    .onConflictDoNothing()
    .returning({ day: learningClassAttendance.day });
  return r.length > 0;
}

export async function unmarkAttendance(db: DbOrTx, classId: number, memberId: number, day: string) {
  const r = await db
    .delete(learningClassAttendance)
    .where(
      and(
        eq(learningClassAttendance.classId, classId),
        eq(learningClassAttendance.memberId, memberId),
        eq(learningClassAttendance.day, day),
      ),
    )
    .returning({ day: learningClassAttendance.day });
  return r.length > 0;
}

export async function attendedDays(
  db: DbOrTx,
  classId: number,
  memberId: number,
  startsOn: string,
  endsOn: string,
) {
  const [r] = await queryRows(
    db,
    sql`select count(*)::int as n from learning_class_attendance
      where class_id = ${classId} and member_id = ${memberId} and day between ${startsOn}::date and ${endsOn}::date`,
    z.object({ n: z.number() }),
  );
  return r?.n ?? 0;
}

/** Attendance outside the class's days (after its dates were changed): removed. */
export async function dropAttendanceOutside(db: DbOrTx, classId: number, startsOn: string, endsOn: string) {
  await db.execute(
    sql`delete from learning_class_attendance where class_id = ${classId}
      and (day < ${startsOn}::date or day > ${endsOn}::date)`,
  );
}

export async function insertToken(db: DbOrTx, v: typeof learningClassTokens.$inferInsert) {
  await db.insert(learningClassTokens).values(v);
}

export async function findToken(db: DbOrTx, tokenHash: string) {
  const [r] = await db.select().from(learningClassTokens).where(eq(learningClassTokens.tokenHash, tokenHash));
  return r ?? null;
}

const myClassRow = classRow.extend({ attendedDays: z.number() });

export async function myClasses(db: DbOrTx, memberId: number) {
  return queryRows(
    db,
    sql`select ${classCols},
        (select count(*)::int from learning_class_attendance a where a.class_id = c.id and a.member_id = ${memberId}
          and a.day between c.starts_on and c.ends_on) as "attendedDays"
      from learning_class_roster r join learning_classes c on c.id = r.class_id join orgs o on o.id = c.org_id
      where r.member_id = ${memberId} order by c.starts_on desc, c.id desc limit 200`,
    myClassRow,
  );
}
