/**
 * The dues ledger's bookkeeping, shared by every dues route, the import, the daily job and the seed:
 * - `ensureLedger` creates the missing member × month rows of a subtree (or of some members) with
 *   the amount of the profile in force for that month;
 * - `recomputeMember` re-applies the profiles to a member's months from one on (a new profile, an
 *   approval), keeping what was paid;
 * - `refreshPaid` re-sums a month's regular, unvoided payments into the row.
 *
 * Amounts are computed with the rules in force when the row is (re)computed: a rounding change
 * applies to months computed afterwards, and the months already in the ledger keep their amount
 * until a profile change recomputes them.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DuesProfileInput, monthlyDues } from '../../../domain/dues/amounts.js';
import { DUES_CATEGORIES, type DuesCategory } from '../../../domain/dues/labels.js';
import { ledgerStatus, owesMonth } from '../../../domain/dues/ledger.js';
import { firstDay, lastDay, type Month, monthOf } from '../../../domain/dues/months.js';
import type { Rules } from '../../../domain/rules/index.js';
import { type DbOrTx, queryRows } from '../../db/client.js';

const profileRow = z.object({
  id: z.number(),
  memberId: z.number(),
  category: z.enum(DUES_CATEGORIES),
  effectiveMonth: z.string(),
  baseFen: z.number().nullable(),
  amountFen: z.number().nullable(),
});
export type ProfileRow = z.infer<typeof profileRow>;

/** The active profile in force in a month: the latest (by month, then id) not after it. */
export function profileAt<P extends { effectiveMonth: string; id: number }>(
  profiles: readonly P[],
  month: Month,
): P | null {
  let best: P | null = null;
  const day = firstDay(month);
  for (const p of profiles) {
    if (p.effectiveMonth > day) continue;
    if (
      !best ||
      p.effectiveMonth > best.effectiveMonth ||
      (p.effectiveMonth === best.effectiveMonth && p.id > best.id)
    ) {
      best = p;
    }
  }
  return best;
}

interface Computed {
  expectedFen: number | null;
  profileId: number | null;
  category: DuesCategory | null;
  baseFen: number | null;
  rateBp: number | null;
}

export function computeMonth(profiles: readonly ProfileRow[], month: Month, rules: Rules): Computed {
  const p = profileAt(profiles, month);
  if (!p) return { expectedFen: null, profileId: null, category: null, baseFen: null, rateBp: null };
  const input: DuesProfileInput = { category: p.category, baseFen: p.baseFen, amountFen: p.amountFen };
  const m = monthlyDues(input, rules);
  return {
    expectedFen: m.expectedFen,
    profileId: p.id,
    category: p.category,
    baseFen: p.baseFen,
    rateBp: m.rateBp,
  };
}

async function activeProfiles(db: DbOrTx, memberIds: number[]): Promise<Map<number, ProfileRow[]>> {
  const out = new Map<number, ProfileRow[]>();
  if (!memberIds.length) return out;
  const rows = await queryRows(
    db,
    sql`select id, member_id as "memberId", category, effective_month::text as "effectiveMonth",
          base_fen as "baseFen", amount_fen as "amountFen"
        from dues_profiles where status = 'active' and member_id = any(${sql.raw(`array[${memberIds.join(',')}]`)}::int[])
        order by member_id, effective_month, id`,
    profileRow,
  );
  for (const r of rows) {
    const list = out.get(r.memberId) ?? [];
    list.push(r);
    out.set(r.memberId, list);
  }
  return out;
}

export type LedgerTarget = { orgPath: string } | { memberIds: number[] };

/**
 * Creates the missing ledger rows of the target for the given months (idempotent; concurrent calls
 * are safe: the insert skips rows another transaction created meanwhile). Returns rows created.
 */
export async function ensureLedger(
  db: DbOrTx,
  target: LedgerTarget,
  months: readonly Month[],
  rules: Rules,
): Promise<number> {
  return (await ensureLedgerRows(db, target, months, rules)).created;
}

/**
 * `ensureLedger` that also says whose rows it created: months before the current one created late
 * (a past month's sheet opened for the first time) can make a run of unpaid months (runs.ts).
 */
export async function ensureLedgerRows(
  db: DbOrTx,
  target: LedgerTarget,
  months: readonly Month[],
  rules: Rules,
): Promise<{ created: number; memberIds: number[] }> {
  const none = { created: 0, memberIds: [] };
  if (!months.length) return none;
  if ('memberIds' in target && !target.memberIds.length) return none;
  const sorted = [...months].sort();
  const from = firstDay(sorted[0]);
  const to = lastDay(sorted[sorted.length - 1]);
  const who =
    'orgPath' in target
      ? sql`m.org_path <@ ${target.orgPath}::ltree`
      : sql`m.id = any(${sql.raw(`array[${target.memberIds.join(',')}]`)}::int[])`;
  const monthArray = sql.raw(`array[${sorted.map((m) => `'${firstDay(m)}'`).join(',')}]::date[]`);
  const missing = await queryRows(
    db,
    sql`select m.id as "memberId", m.org_id as "orgId", m.org_path::text as "orgPath",
          m.joined_on::text as "joinedOn", m.left_on::text as "leftOn", mo.month::text as month
        from members m cross join unnest(${monthArray}) as mo(month)
        where ${who} and m.joined_on <= ${to}::date and (m.left_on is null or m.left_on > ${from}::date)
          -- The register keeps no date of death: nothing is owed once a member is recorded deceased
          -- (the seed stops their ledger at the death), nor by one who left without a date.
          and m.status <> 'deceased' and not (m.status = 'left' and m.left_on is null)
          and not exists (select 1 from dues_ledger l where l.member_id = m.id and l.month = mo.month)`,
    z.object({
      memberId: z.number(),
      orgId: z.number(),
      orgPath: z.string(),
      joinedOn: z.string(),
      leftOn: z.string().nullable(),
      month: z.string(),
    }),
  );
  const rows = missing.filter((r) => owesMonth(r.joinedOn, r.leftOn, monthOf(r.month)));
  if (!rows.length) return none;
  const profiles = await activeProfiles(db, [...new Set(rows.map((r) => r.memberId))]);
  const values = rows.map((r) => {
    const c = computeMonth(profiles.get(r.memberId) ?? [], monthOf(r.month), rules);
    return {
      member_id: r.memberId,
      org_id: r.orgId,
      org_path: r.orgPath,
      month: r.month,
      expected_fen: c.expectedFen,
      status: ledgerStatus(c.expectedFen, 0),
      profile_id: c.profileId,
      category: c.category,
      base_fen: c.baseFen,
      rate_bp: c.rateBp,
    };
  });
  let created = 0;
  const memberIds = new Set<number>();
  for (let i = 0; i < values.length; i += 2000) {
    const chunk = values.slice(i, i + 2000);
    const res = await queryRows(
      db,
      sql`insert into dues_ledger (member_id, org_id, org_path, month, expected_fen, status, profile_id, category, base_fen, rate_bp)
          select member_id, org_id, org_path::ltree, month, expected_fen, status, profile_id, category, base_fen, rate_bp
          from json_to_recordset(${JSON.stringify(chunk)}::json) as x(member_id int, org_id int, org_path text, month date,
            expected_fen int, status text, profile_id int, category text, base_fen int, rate_bp smallint)
          on conflict (member_id, month) do nothing
          returning id, member_id as "memberId"`,
      z.object({ id: z.number(), memberId: z.number() }),
    );
    created += res.length;
    for (const r of res) memberIds.add(r.memberId);
  }
  return { created, memberIds: [...memberIds] };
}

/**
 * Re-applies the member's active profiles to the ledger rows from `fromMonth` on (a new profile, an
 * approved hardship reduction). Payments stay; the status follows the new amount.
 */
export async function recomputeMember(
  db: DbOrTx,
  memberId: number,
  fromMonth: Month,
  rules: Rules,
): Promise<number> {
  const profiles = (await activeProfiles(db, [memberId])).get(memberId) ?? [];
  const rows = await queryRows(
    db,
    sql`select id, month::text as month, paid_fen as "paidFen", expected_fen as "expectedFen", profile_id as "profileId"
        from dues_ledger where member_id = ${memberId} and month >= ${firstDay(fromMonth)}::date order by month for update`,
    z.object({
      id: z.number(),
      month: z.string(),
      paidFen: z.number(),
      expectedFen: z.number().nullable(),
      profileId: z.number().nullable(),
    }),
  );
  let changed = 0;
  for (const r of rows) {
    const c = computeMonth(profiles, monthOf(r.month), rules);
    if (c.expectedFen === r.expectedFen && c.profileId === r.profileId) continue;
    await db.execute(sql`update dues_ledger set expected_fen = ${c.expectedFen}, profile_id = ${c.profileId},
        category = ${c.category}, base_fen = ${c.baseFen}, rate_bp = ${c.rateBp},
        status = ${ledgerStatus(c.expectedFen, r.paidFen)}, updated_at = now()
      where id = ${r.id}`);
    changed++;
  }
  return changed;
}

/** Re-sums a ledger row's regular, unvoided payments (after a payment or a void). */
export async function refreshPaid(
  db: DbOrTx,
  ledgerId: number,
): Promise<{ paidFen: number; status: string }> {
  const [r] = await queryRows(
    db,
    sql`select l.expected_fen as "expectedFen",
          (select coalesce(sum(amount_fen), 0)::int from dues_payments p
            where p.ledger_id = l.id and p.kind = 'regular' and p.voided_at is null) as paid,
          (select max(paid_on)::text from dues_payments p
            where p.ledger_id = l.id and p.kind = 'regular' and p.voided_at is null) as last
        from dues_ledger l where l.id = ${ledgerId}`,
    z.object({ expectedFen: z.number().nullable(), paid: z.number(), last: z.string().nullable() }),
  );
  const status = ledgerStatus(r.expectedFen, r.paid);
  await db.execute(sql`update dues_ledger set paid_fen = ${r.paid}, last_paid_on = ${r.last}, status = ${status},
      updated_at = now() where id = ${ledgerId}`);
  return { paidFen: r.paid, status };
}
