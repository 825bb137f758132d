/**
 * The runs of unpaid months that reached the warning or lapse level, kept in `dues_arrears_runs`
 * (domain `arrearsRuns` says what a run is). `detectRuns` recomputes some members' runs from their
 * ledger and payments and reconciles the stored rows with them:
 * - a new run is inserted `open` (detected today);
 * - a stored run the new one overlaps is the same run: its months and amount follow the record (a
 *   run that goes on, a void that lengthens it), its notifications and decision stay;
 * - a stored run no computed run overlaps any more was undone by a correction of the record (a
 *   payment entered with its real, earlier date; an approved exemption): it is `withdrawn`, with the
 *   day and the reason, and kept, with any decision on it, as history.
 *
 * Called by every write that can change a past month (payments, voids, profiles and their approval,
 * the import of bases, ledger months created for past months) in that write's transaction, and by
 * the daily job for the members who paid nothing last month. The result depends on the record only,
 * so running it twice, or from two places, stores the same runs. The reads are by member id (the
 * ledger's (member_id, month) index), never a scan of a subtree's ledger.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { IsoDate } from '../../../domain/common/dates.js';
import { addMonthsTo, firstDay, type Month, monthOf } from '../../../domain/dues/months.js';
import {
  type ArrearsRun,
  arrearsRuns,
  RUN_LEVELS,
  type RunRules,
  runsOverlap,
} from '../../../domain/dues/runs.js';
import { type DbOrTx, queryRows } from '../../db/client.js';

const intArray = (ids: readonly number[]) =>
  sql.raw(`array[${ids.map((i) => Math.trunc(Number(i))).join(',')}]::int[]`);

const storedRun = z.object({
  id: z.number(),
  memberId: z.number(),
  level: z.enum(RUN_LEVELS),
  firstMonth: z.string(),
  lastMonth: z.string(),
  status: z.string(),
  decided: z.boolean(),
});
export type StoredRun = z.infer<typeof storedRun>;

export const WITHDRAWN_REASON = '记录更正后，这些月份不再是连续未交（如补录了按时交纳的记录、批准了减免）';
const MERGED_REASON = '记录更正后与同一段连续未交合并';

const CHUNK = 1000;

/** Recomputes and stores the runs of some members; returns how many runs were new or withdrawn. */
export async function detectRuns(
  db: DbOrTx,
  memberIds: readonly number[],
  today: IsoDate,
  rules: RunRules,
): Promise<{ created: number; withdrawn: number }> {
  const ids = [...new Set(memberIds)].sort((a, b) => a - b);
  const total = { created: 0, withdrawn: 0 };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const r = await detectChunk(db, ids.slice(i, i + CHUNK), today, rules);
    total.created += r.created;
    total.withdrawn += r.withdrawn;
  }
  return total;
}

async function detectChunk(db: DbOrTx, ids: number[], today: IsoDate, rules: RunRules) {
  const current = monthOf(today);
  // Sequential: `db` may be a transaction (one connection).
  const months = await queryRows(
    db,
    sql`select l.member_id as "memberId", l.month::text as month, l.expected_fen as "expectedFen",
          case when l.paid_fen > 0 then (select min(p.paid_on)::text from dues_payments p
            where p.ledger_id = l.id and p.kind = 'regular' and p.voided_at is null) end as "firstPaidOn"
        from dues_ledger l
        where l.member_id = any(${intArray(ids)}) and l.month < ${firstDay(current)}::date
        order by l.member_id, l.month`,
    z.object({
      memberId: z.number(),
      month: z.string(),
      expectedFen: z.number().nullable(),
      firstPaidOn: z.string().nullable(),
    }),
  );
  const stored = await queryRows(
    db,
    sql`select r.id, r.member_id as "memberId", r.level, to_char(r.first_month, 'YYYY-MM') as "firstMonth",
          to_char(r.last_month, 'YYYY-MM') as "lastMonth", r.status,
          exists (select 1 from dues_lapse_decisions d where d.run_id = r.id) as decided
        from dues_arrears_runs r where r.member_id = any(${intArray(ids)})
        order by r.member_id, r.id for update of r`,
    storedRun,
  );
  const orgs = await queryRows(
    db,
    sql`select id, org_id as "orgId", org_path::text as "orgPath" from members where id = any(${intArray(ids)})`,
    z.object({ id: z.number(), orgId: z.number(), orgPath: z.string() }),
  );
  const orgOf = new Map(orgs.map((o) => [o.id, o]));
  const byMember = new Map<number, typeof months>();
  for (const m of months) byMember.set(m.memberId, [...(byMember.get(m.memberId) ?? []), m]);
  const storedBy = new Map<number, StoredRun[]>();
  for (const s of stored) storedBy.set(s.memberId, [...(storedBy.get(s.memberId) ?? []), s]);

  let created = 0;
  let withdrawn = 0;
  for (const id of ids) {
    const runs = arrearsRuns(
      (byMember.get(id) ?? []).map((r) => ({
        month: monthOf(r.month),
        expectedFen: r.expectedFen,
        firstPaidOn: r.firstPaidOn,
      })),
      current,
      rules,
    );
    const have = storedBy.get(id) ?? [];
    if (!runs.length && !have.some((s) => s.status !== 'withdrawn')) continue;
    const org = orgOf.get(id);
    if (!org) continue;
    const matched = new Set<number>();
    for (const run of runs) {
      const same = have.filter(
        (s) => s.level === run.level && runsOverlap({ from: s.firstMonth, to: s.lastMonth }, run),
      );
      const primary =
        same.find((s) => s.firstMonth === run.from) ??
        same.find((s) => s.decided) ??
        same.find((s) => s.status !== 'withdrawn') ??
        same[0];
      if (!primary) {
        created += await insertRun(db, id, org, run, today);
        continue;
      }
      matched.add(primary.id);
      await updateRun(db, primary, run, org);
      for (const other of same) {
        if (other.id === primary.id || matched.has(other.id)) continue;
        matched.add(other.id);
        if (other.status !== 'withdrawn') {
          await withdraw(db, other.id, today, MERGED_REASON);
          withdrawn++;
        }
      }
    }
    for (const s of have) {
      if (matched.has(s.id) || s.status === 'withdrawn') continue;
      await withdraw(db, s.id, today, WITHDRAWN_REASON);
      withdrawn++;
    }
  }
  return { created, withdrawn };
}

async function insertRun(
  db: DbOrTx,
  memberId: number,
  org: { orgId: number; orgPath: string },
  run: ArrearsRun,
  today: IsoDate,
) {
  const rows = await queryRows(
    db,
    sql`insert into dues_arrears_runs (member_id, org_id, org_path, level, first_month, last_month, reached_month,
          expected_fen, detected_on)
        values (${memberId}, ${org.orgId}, ${org.orgPath}::ltree, ${run.level}, ${firstDay(run.from)}::date,
          ${firstDay(run.to)}::date, ${firstDay(run.reached)}::date, ${run.expectedFen}, ${today}::date)
        on conflict (member_id, level, first_month) do nothing
        returning id`,
    z.object({ id: z.number() }),
  );
  return rows.length;
}

/**
 * The run as the record now shows it; a withdrawn run that the record shows again comes back. A run
 * awaiting a decision follows its member to their branch of today (who has to decide).
 */
async function updateRun(db: DbOrTx, s: StoredRun, run: ArrearsRun, org: { orgId: number; orgPath: string }) {
  const status = s.status === 'withdrawn' ? (s.decided ? 'decided' : 'open') : s.status;
  if (status === 'open') {
    await db.execute(sql`update dues_arrears_runs set org_id = ${org.orgId}, org_path = ${org.orgPath}::ltree
      where id = ${s.id} and org_id <> ${org.orgId}`);
  }
  await db.execute(sql`update dues_arrears_runs set first_month = ${firstDay(run.from)}::date,
      last_month = ${firstDay(run.to)}::date, reached_month = ${firstDay(run.reached)}::date,
      expected_fen = ${run.expectedFen}, status = ${status},
      withdrawn_on = case when ${status} = 'withdrawn' then withdrawn_on end,
      withdrawn_reason = case when ${status} = 'withdrawn' then withdrawn_reason end,
      updated_at = now()
    where id = ${s.id} and (first_month, last_month, reached_month, expected_fen, status)
      is distinct from (${firstDay(run.from)}::date, ${firstDay(run.to)}::date, ${firstDay(run.reached)}::date,
        ${run.expectedFen}, ${status})`);
}

async function withdraw(db: DbOrTx, id: number, today: IsoDate, reason: string) {
  await db.execute(sql`update dues_arrears_runs set status = 'withdrawn', withdrawn_on = ${today}::date,
      withdrawn_reason = ${reason}, updated_at = now() where id = ${id}`);
}

/**
 * A member's open runs follow them to their new branch when they move (a transfer accepted), in the
 * move's transaction: the receiving branch sees the run on its decision list and decides it (a run
 * that reached the lapse level stays 待决定 until a branch decides). Decided and withdrawn runs stay
 * with the branch that decided or had them, as history.
 */
export async function moveOpenRuns(db: DbOrTx, memberId: number, to: { id: number; path: string }) {
  await db.execute(sql`update dues_arrears_runs set org_id = ${to.id}, org_path = ${to.path}::ltree,
      updated_at = now()
    where member_id = ${memberId} and status = 'open' and org_id <> ${to.id}`);
}

/** Members of the given months' ledger rows for which past months were just created (sheet, page). */
export function pastMonths(months: readonly Month[], today: IsoDate): boolean {
  const current = monthOf(today);
  return months.some((m) => m < current);
}

/** The month before today's. */
export const lastMonthOf = (today: IsoDate) => addMonthsTo(monthOf(today), -1);
