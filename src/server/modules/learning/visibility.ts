/**
 * What a member may study, and which classes they completed: the two reads other modules use
 * (through index.ts). Audience per src/domain/learning/audience.ts, judged TODAY:
 * - the member's org (their branch) is the item's org or below it (the register today);
 * - 书记 / 班子成员 from committee_members in office (ended_on null, started on or before today),
 *   of any org;
 * - 预备党员 from the member's category;
 * - a member who left or died studies nothing (their account may remain for the record).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { IsoDate } from '../../../domain/common/dates.js';
import { audiencesOf } from '../../../domain/learning/audience.js';
import { type DbOrTx, queryRows } from '../../db/client.js';

const factsRow = z.object({
  memberId: z.number(),
  orgId: z.number(),
  orgPath: z.string(),
  category: z.string(),
  status: z.string(),
  secretary: z.boolean(),
  committee: z.boolean(),
});
export type MemberFacts = z.infer<typeof factsRow> & { audiences: string[] };

/** The member's branch, path and audiences today; null for an unknown member or one who left. */
export async function memberFacts(db: DbOrTx, memberId: number, today: IsoDate): Promise<MemberFacts | null> {
  const [r] = await queryRows(
    db,
    sql`select m.id as "memberId", m.org_id as "orgId", m.org_path::text as "orgPath", m.category, m.status,
        exists (select 1 from committee_members c where c.member_id = m.id and c.ended_on is null
                and c.started_on <= ${today}::date and c.role = 'secretary') as secretary,
        exists (select 1 from committee_members c where c.member_id = m.id and c.ended_on is null
                and c.started_on <= ${today}::date) as committee
      from members m where m.id = ${memberId}`,
    factsRow,
  );
  if (!r || r.status === 'left' || r.status === 'deceased') return null;
  const audiences = audiencesOf({
    member: true,
    secretary: r.secretary,
    committee: r.committee,
    probationary: r.category === 'probationary',
    activist: false,
  });
  return { ...r, audiences };
}

/**
 * The condition on `learning_items i` for the member: published, published on or before today,
 * the item's org at or above the member's branch, the audience meeting one of theirs.
 */
export function visibleCondition(f: MemberFacts, today: IsoDate) {
  return sql`i.status = 'published' and i.publish_on <= ${today}::date
    and i.org_path @> ${f.orgPath}::ltree
    and i.audience ?| ${sql.raw(`array[${f.audiences.map((a) => `'${a}'`).join(',')}]::text[]`)}`;
}

const visibleRow = z.object({
  id: z.number(),
  kind: z.string(),
  lengthSeconds: z.number(),
  orgId: z.number(),
  title: z.string(),
});
export type VisibleItem = z.infer<typeof visibleRow>;

/**
 * The item if the member may study it today (see above), else null: what the hours module asks
 * before it starts a study session, and what the member's file stream asks.
 */
export async function visibleItemForMember(
  db: DbOrTx,
  memberId: number,
  itemId: number,
  today: IsoDate,
): Promise<VisibleItem | null> {
  const f = await memberFacts(db, memberId, today);
  if (!f) return null;
  const [row] = await queryRows(
    db,
    sql`select i.id, i.kind, i.length_seconds as "lengthSeconds", i.org_id as "orgId", i.title
      from learning_items i where i.id = ${itemId} and ${visibleCondition(f, today)}`,
    visibleRow,
  );
  return row ?? null;
}

const completedRow = z.object({
  memberId: z.number(),
  classId: z.number(),
  orgId: z.number(),
  orgPath: z.string(),
  endsOn: z.string(),
  creditSeconds: z.number(),
  kind: z.string(),
});
export type CompletedClass = z.infer<typeof completedRow>;

/**
 * The classes each member completed: on the roster, the class not cancelled, and attended on at
 * least `completion_percent` of its days (days from starts_on to ends_on inclusive; attendance
 * outside them is not counted). `year` filters by the class's last day (where its credit falls).
 * Completion does not wait for the class to be marked finished nor for its last day: the hours
 * module credits it on `endsOn`. Same rule as src/domain/learning/completion.ts (`completes`).
 */
export async function completedClassesOf(
  db: DbOrTx,
  memberIds: readonly number[],
  year?: number,
): Promise<CompletedClass[]> {
  if (!memberIds.length) return [];
  const ids = sql.raw(`array[${memberIds.map((id) => Math.trunc(Number(id))).join(',')}]::int[]`);
  return queryRows(
    db,
    sql`select r.member_id as "memberId", c.id as "classId", c.org_id as "orgId", c.org_path::text as "orgPath",
        c.ends_on::text as "endsOn", c.credit_seconds as "creditSeconds", c.kind
      from learning_class_roster r
      join learning_classes c on c.id = r.class_id
      where r.member_id = any(${ids}) and c.status <> 'cancelled'
        ${year === undefined ? sql`` : sql`and c.ends_on >= ${`${year}-01-01`}::date and c.ends_on <= ${`${year}-12-31`}::date`}
        and (select count(*) from learning_class_attendance a
             where a.class_id = c.id and a.member_id = r.member_id
               and a.day between c.starts_on and c.ends_on)
            >= greatest(1, ceil((c.ends_on - c.starts_on + 1) * c.completion_percent / 100.0))
      order by r.member_id, c.ends_on, c.id`,
    completedRow,
  );
}
