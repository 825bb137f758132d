/**
 * 党费 for the demo: a dues profile for every member on the ledger, a year of ledger rows (the
 * 12 months up to the current one), the payments behind them, half-yearly remittances up the tree
 * and one lapse decision.
 *
 * - Profiles follow the register: village branches' members are farmers (the branch sets 0.2–1 元),
 *   members of 60 and over and of 离退休 branches retired (pensions of 3,000–9,000 元), young members
 *   of school branches students; the rest mostly employed with after-tax bases of 2,800–15,000 元
 *   (a few exactly on the 3,000 and 5,000 元 edges), some annual-salary and self-employed, ~1 %
 *   unemployed, a few hardship reductions and exemptions approved by the parent committee, two
 *   pending ones awaiting approval in 城关区, and some salary changes from a later month.
 * - Ledger amounts come from `computeMonth` (the server's own bookkeeping) with the deployment's
 *   rules; `paid_fen`, `status` and `last_paid_on` are the sums of the unvoided regular payments.
 * - Payments: most members pay every month within the month (cash, transfer, online with a
 *   reference, some paid by another member); some quarterly in advance; ~4 % owe the last 1–2
 *   months, ~1.5 % 3–5 (warning), ~0.3 % 6 or more (lapse flag; two of them in the demo
 *   secretary's branch, one with a recorded 限期改正 decision, and a third member there who went six
 *   months without paying earlier in the year and paid it all back: the run still awaits the
 *   branch's decision); the runs are stored by the server's `detectRuns`; a few partial payments, late
 *   back-payments, one voided entry, voluntary extras (one of 2,000 元 to the Centre). About half
 *   have paid the current month; a handful of the demo branch owe this month and last.
 * - Every payment is checked with the domain's `checkPayment` as of its day (a refused one throws),
 *   so the demo holds nothing the application would not have accepted.
 * - Remittances: each branch remits the last half-year's collection to its parent the month after
 *   (confirmed), most committees pass what they received up the month after that, and the demo
 *   branch's remittance of the months since is still in transit. No org ever sends more than it has collected and received.
 *
 * Deterministic in `seed` and `today`; a handful of bulk statements.
 */
import { performance } from 'node:perf_hooks';
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { PgliteTransaction } from 'drizzle-orm/pglite';
import { z } from 'zod';
import { addDays, ageOn, type IsoDate } from '../../src/domain/common/dates.js';
import type { DuesCategory } from '../../src/domain/dues/labels.js';
import { checkPayment, ledgerStatus, owesMonth } from '../../src/domain/dues/ledger.js';
import {
  addMonthsTo,
  firstDay,
  lastDay,
  type Month,
  monthDiff,
  monthOf,
  monthRange,
} from '../../src/domain/dues/months.js';
import { arrearsRuns } from '../../src/domain/dues/runs.js';
import type { Rules } from '../../src/domain/rules/index.js';
import { type DbOrTx, queryRows } from '../../src/server/db/client.js';
import {
  duesLapseDecisions,
  duesLedger,
  duesPayments,
  duesProfiles,
  duesRemittances,
} from '../../src/server/db/schema/index.js';
import { computeMonth, type ProfileRow, profileAt } from '../../src/server/modules/dues/ledger.js';
import { settleRun } from '../../src/server/modules/dues/repo.js';
import { detectRuns } from '../../src/server/modules/dues/runs.js';
import { loadRules } from '../../src/server/modules/settings/rules.js';
import { bulkInsert, inTurn } from './bulk.js';
import { Rng } from './prng.js';

export interface SeedDuesOptions {
  today: IsoDate;
  seed?: number;
  /** The demo secretary's branch (中共畅家巷社区支部委员会). */
  homeOrgId: number;
}

export interface SeedDuesResult {
  profiles: number;
  pendingProfiles: number;
  ledgerRows: number;
  payments: number;
  remittances: number;
  byCategory: Record<string, number>;
  /** Members by the unpaid streak the seed gave them (1–2 months, 3–5, 6 or more). */
  byLevel: { arrears: number; warning: number; lapse: number };
  partials: number;
  latePayments: number;
  /** How long the dues seed took (ms). */
  ms: number;
  /** The demo branch: lapse members, the member whose past run was paid back, this month's unpaid. */
  home: { lapse: number[]; paidBack: number; unpaidCurrent: number };
}

const DEFAULT_SEED = 20240626;

const orgRow = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  path: z.string(),
  kind: z.string(),
  sector: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  depth: z.number(),
});
type OrgRow = z.infer<typeof orgRow>;

interface MemberRow {
  id: number;
  orgId: number;
  orgPath: string;
  name: string;
  birthDate: string;
  workUnit: string | null;
  status: string;
  leaveReason: string | null;
  leftOn: string | null;
  joinedOn: string;
  endedOn: string | null;
}

type Payment = typeof duesPayments.$inferInsert;
type LedgerRow = typeof duesLedger.$inferInsert & { id: number; month: string; expectedFen: number | null };

/** After-tax monthly base of an employed member, by sector: 2,800–15,000 元 with a long upper tail. */
function employedBase(rng: Rng, sector: string): number {
  const [lo, mid, hi] =
    sector === 'government' || sector === 'public_institution'
      ? [4200, 6500, 12000]
      : sector === 'state_enterprise'
        ? [3800, 6800, 15000]
        : sector === 'school'
          ? [4500, 7000, 11000]
          : [2800, 4800, 15000];
  const u = rng.next();
  const yuanValue = u < 0.7 ? lo + (mid - lo) * (u / 0.7) : mid + (hi - mid) * ((u - 0.7) / 0.3) ** 1.6;
  return Math.round(yuanValue * 100) + rng.int(0, 99);
}

/** A committee's document prefix: 城关区委 → 城关区委组, 酒泉路街道党工委 → 酒泉路街道党工委. */
function docPrefix(o: OrgRow): string {
  const short = o.shortName ?? o.name.replace(/^中共/, '').replace(/委员会$/, '党委');
  return short.endsWith('区委') || short.endsWith('县委') || short.endsWith('市委') ? `${short}组` : short;
}

export async function seedDues(tx: DbOrTx, opts: SeedDuesOptions): Promise<SeedDuesResult> {
  const t0 = performance.now();
  const today = opts.today;
  const rng = new Rng((opts.seed ?? DEFAULT_SEED) ^ 0xd0e5);
  const rules: Rules = await loadRules(tx);
  const current = monthOf(today);
  const start = addMonthsTo(current, -11);
  const months = monthRange(start, current);
  const todayDay = Number(today.slice(8, 10));

  const [orgRows, memberRows, userRows, seatRows] = await inTurn([
    () =>
      queryRows(
        tx,
        sql`select id, parent_id as "parentId", path::text as path, kind, sector, name, short_name as "shortName", depth
          from orgs order by id`,
        orgRow,
      ),
    (): Promise<MemberRow[]> =>
      queryRows(
        tx,
        sql`select coalesce(json_agg(json_build_object(
            'id', m.id, 'orgId', m.org_id, 'orgPath', m.org_path::text, 'name', m.name, 'birthDate', m.birth_date,
            'workUnit', m.work_unit, 'status', m.status, 'leaveReason', m.leave_reason, 'leftOn', m.left_on,
            'joinedOn', m.joined_on, 'endedOn', coalesce(m.left_on, d.on)
          ) order by m.id), '[]')::text as j
          from members m
          left join (select member_id, max(occurred_on) as on from member_events
                     where kind = 'status_changed' and data->>'status' = 'deceased' group by member_id) d
            on d.member_id = m.id and m.status = 'deceased'`,
        z.object({ j: z.string() }),
      ).then((rows) => JSON.parse(rows[0]?.j ?? '[]') as MemberRow[]),
    () =>
      queryRows(
        tx,
        sql`select id, username, member_id as "memberId" from users order by id`,
        z.object({ id: z.number(), username: z.string(), memberId: z.number().nullable() }),
      ),
    () =>
      queryRows(
        tx,
        sql`select org_id as "orgId", member_id as "memberId", role from committee_members where ended_on is null`,
        z.object({ orgId: z.number(), memberId: z.number(), role: z.string() }),
      ),
  ]);
  const orgById = new Map(orgRows.map((o) => [o.id, o]));
  const uid = (name: string) => userRows.find((u) => u.username === name)?.id ?? null;
  const secretaryUser = uid('secretary');
  const districtUser = uid('district');
  const home = orgById.get(opts.homeOrgId);
  if (!home) throw new Error('dues seed: the demo branch is missing');
  const homeDistrictPath = home.path.split('.').slice(0, 2).join('.');
  const protectedMembers = new Set<number>([
    ...userRows.map((u) => u.memberId).filter((x): x is number => x !== null),
    ...seatRows.filter((s) => s.orgId === home.id && s.role === 'secretary').map((s) => s.memberId),
  ]);

  // Members on the ledger: those who owe at least one month of the year (a member who died is
  // treated as having left on the day of death).
  const onLedger = memberRows.filter((m) => months.some((mo) => owesMonth(m.joinedOn, m.endedOn, mo)));
  const byOrg = new Map<number, MemberRow[]>();
  for (const m of onLedger) {
    const list = byOrg.get(m.orgId) ?? [];
    list.push(m);
    byOrg.set(m.orgId, list);
  }

  // ---------------------------------------------------------------------------------------------
  // Profiles
  // ---------------------------------------------------------------------------------------------
  const [{ maxProfile, maxLedger }] = await queryRows(
    tx,
    sql`select (select coalesce(max(id), 0) from dues_profiles)::int as "maxProfile",
               (select coalesce(max(id), 0) from dues_ledger)::int as "maxLedger"`,
    z.object({ maxProfile: z.number(), maxLedger: z.number() }),
  );
  let profileId = maxProfile;
  const profileRows: (typeof duesProfiles.$inferInsert)[] = [];
  const activeByMember = new Map<number, ProfileRow[]>();
  const farmerAmount = new Map<number, number>();
  const refCounter = new Map<number, number>();
  const approvalRef = (approver: OrgRow, on: IsoDate) => {
    const n = (refCounter.get(approver.id) ?? rng.int(3, 9)) + rng.int(1, 6);
    refCounter.set(approver.id, n);
    return `${docPrefix(approver)}〔${on.slice(0, 4)}〕${n}号`;
  };
  const addProfile = (
    m: MemberRow,
    p: {
      category: DuesCategory;
      month: Month;
      baseFen?: number | null;
      amountFen?: number | null;
      status?: 'active' | 'pending';
      reason?: string | null;
      approval?: { org: OrgRow; ref: string | null; decidedOn: IsoDate | null; by: number | null };
      createdBy?: number | null;
    },
  ) => {
    const row = {
      id: ++profileId,
      memberId: m.id,
      orgId: m.orgId,
      category: p.category,
      effectiveMonth: firstDay(p.month),
      baseFen: p.baseFen ?? null,
      amountFen: p.amountFen ?? null,
      status: p.status ?? 'active',
      reason: p.reason ?? null,
      approvalOrgId: p.approval?.org.id ?? null,
      approvalRef: p.approval?.ref ?? null,
      decidedOn: p.approval?.decidedOn ?? null,
      decidedBy: p.approval?.by ?? null,
      createdBy: p.createdBy ?? null,
    };
    profileRows.push(row);
    if (row.status === 'active') {
      const list = activeByMember.get(m.id) ?? [];
      list.push({
        id: row.id,
        memberId: m.id,
        category: p.category,
        effectiveMonth: row.effectiveMonth,
        baseFen: row.baseFen,
        amountFen: row.amountFen,
      });
      activeByMember.set(m.id, list);
    }
    return row;
  };

  const byCategory: Record<string, number> = {};
  const hardshipCandidates: MemberRow[] = [];
  for (const m of onLedger) {
    const org = orgById.get(m.orgId) as OrgRow;
    const age = ageOn(m.birthDate, today);
    const firstMonth = [start, monthOf(m.joinedOn)].sort()[1];
    const retireeBranch = /离退休|退休/.test(org.name);
    let category: DuesCategory;
    let baseFen: number | null = null;
    let amountFen: number | null = null;
    if (org.sector === 'rural' && org.name.includes('村')) {
      category = 'farmer';
      if (!farmerAmount.has(org.id))
        farmerAmount.set(
          org.id,
          rng.weighted([
            [50, 5],
            [100, 4],
            [30, 1],
            [20, 1],
          ]),
        );
      amountFen = farmerAmount.get(org.id) as number;
    } else if (retireeBranch || age >= 60) {
      category = 'retired';
      baseFen = rng.chance(0.02) ? 500_000 : rng.int(300_000, rng.chance(0.3) ? 900_000 : 650_000);
    } else if (org.sector === 'school' && age <= 24) {
      category = 'student';
    } else if (rng.chance(0.011)) {
      category = 'unemployed';
    } else if (org.sector === 'community' && !m.workUnit && rng.chance(0.2)) {
      category = 'self_employed';
      baseFen = rng.int(200_000, 1_000_000);
    } else if (
      (org.sector === 'private_enterprise' || org.sector === 'social_organization') &&
      rng.chance(0.08)
    ) {
      category = 'self_employed';
      baseFen = rng.int(250_000, 1_200_000);
    } else if (
      (org.sector === 'state_enterprise' || org.sector === 'private_enterprise') &&
      rng.chance(0.04)
    ) {
      category = 'annual_salary';
      baseFen = rng.int(900_000, 4_000_000);
    } else {
      category = 'employed';
      const r = rng.next();
      baseFen =
        r < 0.006 ? 300_000 : r < 0.012 ? 500_000 : r < 0.014 ? 1_000_000 : employedBase(rng, org.sector);
    }
    byCategory[category] = (byCategory[category] ?? 0) + 1;
    addProfile(m, { category, month: firstMonth, baseFen, amountFen });
    // Salary changes from the month the new pay was first paid (规定第十条).
    if (
      (category === 'employed' || category === 'retired') &&
      rng.chance(category === 'employed' ? 0.09 : 0.3)
    ) {
      const changeMonth =
        category === 'retired' ? `${current.slice(0, 4)}-01` : addMonthsTo(current, -rng.int(1, 6));
      if (monthDiff(firstMonth, changeMonth) > 0 && !(m.endedOn && monthOf(m.endedOn) < changeMonth)) {
        const raise = category === 'retired' ? 1.02 : 1 + rng.int(3, 15) / 100;
        addProfile(m, { category, month: changeMonth, baseFen: Math.round((baseFen as number) * raise) });
      }
    }
    if ((category === 'retired' || category === 'unemployed' || category === 'self_employed') && !m.endedOn)
      hardshipCandidates.push(m);
  }

  // Hardship (规定第七条): the branch proposes, the parent committee approves.
  const hardship = rng.sample(
    hardshipCandidates.filter(
      (m) => m.orgId !== home.id && !protectedMembers.has(m.id) && monthOf(m.joinedOn) < start,
    ),
    14,
  );
  hardship.forEach((m, i) => {
    const org = orgById.get(m.orgId) as OrgRow;
    const parent = orgById.get(org.parentId as number) as OrgRow;
    const month = addMonthsTo(current, -rng.int(2, 9));
    const decidedOn = addDays(firstDay(month), -rng.int(3, 20));
    const exempt = i % 3 === 0;
    addProfile(m, {
      category: exempt ? 'hardship_exempt' : 'hardship_reduced',
      month,
      amountFen: exempt ? null : rng.pick([100, 200, 500, 1000]),
      reason: exempt
        ? '本人患重病长期住院，家庭无其他收入，支部大会研究同意申请免交'
        : '家庭成员重病，医疗支出大，生活困难，支部大会研究同意申请减交',
      approval: { org: parent, ref: approvalRef(parent, decidedOn), decidedOn, by: null },
    });
  });
  // Two waiting for approval in 城关区: one in the demo branch, one elsewhere in the district.
  const pendingIn = [
    onLedger.find(
      (m) =>
        m.orgId === home.id && !m.endedOn && !protectedMembers.has(m.id) && ageOn(m.birthDate, today) >= 60,
    ),
    onLedger.find(
      (m) =>
        m.orgPath.startsWith(`${homeDistrictPath}.`) &&
        m.orgId !== home.id &&
        !m.endedOn &&
        !hardship.includes(m) &&
        activeByMember.get(m.id)?.[0].category === 'unemployed',
    ),
  ].filter((m): m is MemberRow => !!m);
  for (const m of pendingIn) {
    const org = orgById.get(m.orgId) as OrgRow;
    const parent = orgById.get(org.parentId as number) as OrgRow;
    addProfile(m, {
      category: m.orgId === home.id ? 'hardship_reduced' : 'hardship_exempt',
      month: current,
      amountFen: m.orgId === home.id ? 200 : null,
      status: 'pending',
      reason:
        m.orgId === home.id
          ? '老伴长期卧床，医药费负担重，支部大会研究同意申请减交至每月2元'
          : '失业后无固定收入，领取低保，支部大会研究同意申请免交',
      approval: { org: parent, ref: null, decidedOn: null, by: null },
      createdBy: m.orgId === home.id ? secretaryUser : null,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Ledger rows
  // ---------------------------------------------------------------------------------------------
  let ledgerId = maxLedger;
  const ledgerByMember = new Map<number, LedgerRow[]>();
  // computeMonth depends on the month only through the profile in force: computed once per profile.
  const computed = new Map<number, ReturnType<typeof computeMonth>>();
  const amountOf = (profiles: ProfileRow[], mo: Month) => {
    const p = profileAt(profiles, mo);
    if (!p) return computeMonth([], mo, rules);
    let c = computed.get(p.id);
    if (!c) {
      c = computeMonth([p], mo, rules);
      computed.set(p.id, c);
    }
    return c;
  };
  for (const m of onLedger) {
    const profiles = activeByMember.get(m.id) ?? [];
    const list: LedgerRow[] = [];
    for (const mo of months) {
      if (!owesMonth(m.joinedOn, m.endedOn, mo)) continue;
      const c = amountOf(profiles, mo);
      list.push({
        id: ++ledgerId,
        memberId: m.id,
        orgId: m.orgId,
        orgPath: m.orgPath,
        month: firstDay(mo),
        expectedFen: c.expectedFen,
        paidFen: 0,
        status: ledgerStatus(c.expectedFen, 0),
        profileId: c.profileId,
        category: c.category,
        baseFen: c.baseFen,
        rateBp: c.rateBp,
        lastPaidOn: null,
      });
    }
    ledgerByMember.set(m.id, list);
  }

  // ---------------------------------------------------------------------------------------------
  // Who owes what
  // ---------------------------------------------------------------------------------------------
  /** Months (ending last month) left unpaid, per member; the current month is unpaid for them too. */
  const streak = new Map<number, number>();
  const eligible = (m: MemberRow) =>
    !m.endedOn && !protectedMembers.has(m.id) && !hardship.includes(m) && !pendingIn.includes(m);
  const homeMembers = (byOrg.get(home.id) ?? []).filter(eligible);
  const homePick = rng.sample(
    homeMembers.filter((m) => monthOf(m.joinedOn) <= addMonthsTo(current, -11)),
    7,
  );
  const homeLapse = homePick.slice(0, 2);
  streak.set(homeLapse[0].id, 7);
  streak.set(homeLapse[1].id, 6);
  for (const m of homePick.slice(2, 6)) streak.set(m.id, 1);
  // A past run: six months unpaid (current−10 … current−5), all paid back together in the month
  // after; the run stays on the branch's decision list (党章第九条) although nothing is owed now.
  const paidBack = homePick[6];
  const paidBackRun = { from: addMonthsTo(current, -10), to: addMonthsTo(current, -5) };
  for (const m of onLedger) {
    if (!eligible(m) || m.orgId === home.id) continue;
    const r = rng.next();
    const lapseP = m.status === 'lost_contact' ? 0.4 : 0.002;
    if (r < lapseP) streak.set(m.id, rng.int(6, 9));
    else if (r < lapseP + 0.015) streak.set(m.id, rng.int(3, 5));
    else if (r < lapseP + 0.015 + 0.04) streak.set(m.id, rng.int(1, 2));
  }

  // ---------------------------------------------------------------------------------------------
  // Payments
  // ---------------------------------------------------------------------------------------------
  const payments: Payment[] = [];
  let onlineSeq = 0;
  const pay = (
    m: MemberRow,
    row: LedgerRow,
    amountFen: number,
    paidOn: IsoDate,
    extra: Partial<Payment> & { kind?: 'regular' | 'voluntary' } = {},
  ) => {
    const kind = extra.kind ?? 'regular';
    const check = checkPayment(
      {
        kind,
        month: monthOf(row.month),
        amountFen,
        paidOn,
        today: paidOn,
        ledger: { expectedFen: row.expectedFen, paidFen: row.paidFen as number },
      },
      rules,
    );
    if (check.errors.length)
      throw new Error(
        `dues seed: payment of member ${m.id} for ${row.month} refused: ${check.errors[0].message}`,
      );
    const mobile = m.status === 'mobile';
    const method =
      extra.method ??
      rng.weighted<'cash' | 'transfer' | 'online'>([
        ['cash', mobile ? 1 : 5],
        ['transfer', 3],
        ['online', mobile ? 6 : 2],
      ]);
    const p: Payment = {
      memberId: m.id,
      ledgerId: row.id,
      orgId: m.orgId,
      orgPath: m.orgPath,
      month: row.month,
      kind,
      amountFen,
      paidOn,
      method,
      payerName: extra.payerName ?? null,
      externalRef:
        method === 'online' ? `DF${paidOn.replaceAll('-', '')}${String(++onlineSeq).padStart(7, '0')}` : null,
      note: extra.note ?? null,
      late: check.late,
      toCentre: check.toCentre,
      collectorId: m.orgId === home.id && method !== 'online' ? secretaryUser : null,
      voidedAt: extra.voidedAt ?? null,
      voidReason: extra.voidReason ?? null,
      voidedBy: extra.voidedBy ?? null,
    };
    payments.push(p);
    if (kind === 'regular' && !p.voidedAt) {
      row.paidFen = (row.paidFen as number) + amountFen;
      row.lastPaidOn = row.lastPaidOn && row.lastPaidOn > paidOn ? row.lastPaidOn : paidOn;
    }
    return p;
  };
  const dayIn = (mo: Month, lo: number, hi: number) => {
    const last = Number(lastDay(mo).slice(8));
    return `${mo}-${String(Math.min(rng.int(lo, hi), last)).padStart(2, '0')}`;
  };
  const notBefore = (d: IsoDate, floor: IsoDate) => (d < floor ? floor : d);

  let partials = 0;
  let lateCount = 0;
  let voided = false;
  // The demo `member` account: this month not yet paid (payable within the month) and the branch's
  // one voided entry, so that 我的党费 shows both as a member reads them.
  const demoMemberId = userRows.find((u) => u.username === 'member')?.memberId ?? null;
  const voidMonth = firstDay(addMonthsTo(current, -2));
  const voidTarget =
    demoMemberId !== null &&
    (ledgerByMember.get(demoMemberId) ?? []).some((r) => r.month === voidMonth && (r.expectedFen ?? 0) >= 100)
      ? demoMemberId
      : null;
  for (const m of onLedger) {
    const rows = (ledgerByMember.get(m.id) ?? []).filter((r) => (r.expectedFen ?? 0) > 0);
    if (!rows.length) continue;
    const k = streak.get(m.id) ?? 0;
    const unpaidFrom = k ? addMonthsTo(current, -k) : null;
    // A member who left as 自行脱党 stopped paying half a year before.
    const lapsedLeaver = m.status === 'left' && m.leaveReason === 'lapsed';
    const sameBranch = (byOrg.get(m.orgId) ?? []).filter((x) => x.id !== m.id);
    const proxy = sameBranch.length && rng.chance(0.03) ? rng.pick(sameBranch).name : null;
    const quarterly = !k && !lapsedLeaver && monthOf(m.joinedOn) < start && rng.chance(0.12);
    const partialMonth =
      !k && rng.chance(0.006) ? monthOf(rng.pick(rows.slice(0, -3) as LedgerRow[])?.month ?? '') : null;
    const lateMonth = !k && !quarterly && rng.chance(0.005) ? monthOf(rows[0].month) : null;
    for (const row of rows) {
      const mo = monthOf(row.month);
      if (unpaidFrom && mo >= unpaidFrom) continue;
      if (m === paidBack && mo >= paidBackRun.from && mo <= paidBackRun.to) {
        pay(m, row, row.expectedFen as number, dayIn(addMonthsTo(paidBackRun.to, 1), 6, 20), {
          method: 'cash',
          note: '补交',
        });
        continue;
      }
      if (lapsedLeaver && m.endedOn && monthDiff(mo, monthOf(m.endedOn)) < 6) continue;
      const expected = row.expectedFen as number;
      const floor = m.joinedOn > firstDay(mo) ? m.joinedOn : firstDay(mo);
      if (mo === lateMonth && monthDiff(mo, current) > 6) {
        // Paid back more than 6 months later (规定第十二条: flagged, still accepted).
        const paidMonth = addMonthsTo(mo, rng.int(7, monthDiff(mo, current)));
        const paidOn = paidMonth === current ? dayIn(current, 1, todayDay) : dayIn(paidMonth, 1, 28);
        pay(m, row, expected, paidOn, { payerName: proxy, note: '补交' });
        lateCount++;
        continue;
      }
      if (quarterly) {
        const qStart = addMonthsTo(mo, -((Number(mo.slice(5)) - 1) % 3));
        const paidOn = qStart === current ? dayIn(current, 1, Math.min(todayDay, 15)) : dayIn(qStart, 3, 15);
        pay(m, row, expected, paidOn, { payerName: proxy, note: '按季度交纳' });
        continue;
      }
      if (mo === current && (!rng.chance(0.5) || m.id === demoMemberId)) continue;
      let paidOn: IsoDate;
      if (mo === current) paidOn = dayIn(current, 1, todayDay);
      else if (rng.chance(0.08)) paidOn = dayIn(addMonthsTo(mo, 1), 1, 10);
      else paidOn = dayIn(mo, rng.chance(0.6) ? 1 : 10, 28);
      paidOn = notBefore(paidOn, floor);
      if (paidOn > today) paidOn = today;
      if (mo === partialMonth && expected >= 2) {
        pay(m, row, Math.floor(expected / 2), paidOn, { payerName: proxy, note: '本月先交一部分' });
        partials++;
        continue;
      }
      if (
        !voided &&
        (voidTarget === null ? m.orgId === home.id : m.id === voidTarget) &&
        mo === addMonthsTo(current, -2) &&
        expected >= 100
      ) {
        pay(m, row, Math.floor(expected / 10), paidOn, {
          method: 'cash',
          voidedAt: new Date(`${paidOn}T18:00:00+08:00`),
          voidReason: '金额录入错误（少录一位），作废后重新登记',
          voidedBy: secretaryUser,
        });
        voided = true;
      }
      pay(m, row, expected, paidOn, { payerName: proxy });
    }
  }
  if (!voided) throw new Error('dues seed: no payment to void in the demo branch');

  // Voluntary extras (第十一条): a few on 七一, one of 2,000 元 that goes to the Centre.
  const thisJuly = `${current.slice(0, 4)}-07-01`;
  const julyFirst = thisJuly <= today ? thisJuly : `${Number(current.slice(0, 4)) - 1}-07-01`;
  const givers = rng.sample(
    onLedger.filter(
      (m) =>
        !m.endedOn &&
        (streak.get(m.id) ?? 0) === 0 &&
        ledgerByMember.get(m.id)?.some((r) => r.month === julyFirst),
    ),
    12,
  );
  givers.forEach((m, i) => {
    const row = ledgerByMember.get(m.id)?.find((r) => r.month === julyFirst) as LedgerRow;
    pay(m, row, i === 0 ? 200_000 : rng.pick([10_000, 20_000, 50_000, 30_000]), julyFirst, {
      kind: 'voluntary',
      method: 'transfer',
      note: i === 0 ? '庆祝建党节，自愿多交党费' : '自愿多交党费',
    });
  });

  // Ledger status from what was paid.
  const ledgerRows: LedgerRow[] = [];
  for (const list of ledgerByMember.values())
    for (const r of list) {
      r.status = ledgerStatus(r.expectedFen, r.paidFen as number);
      ledgerRows.push(r);
    }

  // ---------------------------------------------------------------------------------------------
  // Remittances: each branch remits the last half-year's collection to its parent the month after
  // (January–June in July), most committees pass what they received up the month after that.
  // ---------------------------------------------------------------------------------------------
  const remittances: (typeof duesRemittances.$inferInsert)[] = [];
  let halfEnd = `${current.slice(0, 4)}-12`;
  while (
    halfEnd.endsWith('-06') || halfEnd.endsWith('-12')
      ? monthDiff(addMonthsTo(halfEnd, 2), current) <= 0
      : true
  )
    halfEnd = addMonthsTo(halfEnd, -1);
  const halfFrom = firstDay(addMonthsTo(halfEnd, -5));
  const halfTo = lastDay(halfEnd);
  const halfName = `${halfEnd.slice(0, 4)}年${halfEnd.endsWith('-06') ? '上' : '下'}半年`;
  let voucher = 0;
  const voucherNo = (on: IsoDate) =>
    `JF${on.slice(0, 7).replace('-', '')}${String(++voucher).padStart(4, '0')}`;
  const collectedBy = new Map<number, number>();
  for (const p of payments) {
    if (p.voidedAt || p.paidOn < halfFrom || p.paidOn > halfTo) continue;
    collectedBy.set(p.orgId, (collectedBy.get(p.orgId) ?? 0) + p.amountFen);
  }
  const received = new Map<number, number>();
  for (const [orgId, amount] of [...collectedBy].sort((x, y) => x[0] - y[0])) {
    const org = orgById.get(orgId) as OrgRow;
    const parent = org.parentId ? orgById.get(org.parentId) : undefined;
    if (!parent || amount <= 0) continue;
    const remittedOn = dayIn(addMonthsTo(halfEnd, 1), 5, 20);
    remittances.push({
      fromOrgId: org.id,
      fromOrgPath: org.path,
      toOrgId: parent.id,
      toOrgPath: parent.path,
      amountFen: amount,
      remittedOn,
      periodFrom: halfFrom,
      periodTo: halfTo,
      voucherNo: voucherNo(remittedOn),
      note: `上缴${halfName}党费`,
      status: 'confirmed',
      confirmedOn: addDays(remittedOn, rng.int(1, 5)),
      confirmedBy: parent.path === homeDistrictPath ? districtUser : null,
      createdBy: org.id === home.id ? secretaryUser : null,
    });
    received.set(parent.id, (received.get(parent.id) ?? 0) + amount);
  }
  for (const [orgId, amount] of [...received].sort((x, y) => x[0] - y[0])) {
    const org = orgById.get(orgId) as OrgRow;
    const parent = org.parentId ? orgById.get(org.parentId) : undefined;
    if (!parent || !rng.chance(0.7)) continue;
    const remittedOn = dayIn(addMonthsTo(halfEnd, 2), 5, 25);
    remittances.push({
      fromOrgId: org.id,
      fromOrgPath: org.path,
      toOrgId: parent.id,
      toOrgPath: parent.path,
      amountFen: amount,
      remittedOn,
      periodFrom: halfFrom,
      periodTo: halfTo,
      voucherNo: voucherNo(remittedOn),
      note: `汇总上缴所属党组织${halfName}党费`,
      status: 'confirmed',
      confirmedOn: addDays(remittedOn, rng.int(2, 6)),
      confirmedBy: parent.path === homeDistrictPath ? districtUser : null,
      createdBy: null,
    });
  }
  // The demo branch's collection since then (up to the month before last), sent a few days ago and
  // not yet confirmed by the parent: the reconciliation shows it in transit.
  const sinceFrom = addMonthsTo(halfEnd, 1);
  const sinceTo = addMonthsTo(current, -2);
  if (monthDiff(sinceFrom, sinceTo) >= 0 && home.parentId) {
    const parent = orgById.get(home.parentId) as OrgRow;
    const remittedOn = addDays(today, -5);
    let amount = 0;
    for (const p of payments)
      if (
        p.orgId === home.id &&
        !p.voidedAt &&
        p.paidOn >= firstDay(sinceFrom) &&
        p.paidOn <= lastDay(sinceTo)
      )
        amount += p.amountFen;
    if (amount > 0)
      remittances.push({
        fromOrgId: home.id,
        fromOrgPath: home.path,
        toOrgId: parent.id,
        toOrgPath: parent.path,
        amountFen: amount,
        remittedOn,
        periodFrom: firstDay(sinceFrom),
        periodTo: lastDay(sinceTo),
        voucherNo: voucherNo(remittedOn),
        note: `上缴${sinceFrom.slice(0, 4)}年${Number(sinceFrom.slice(5))}至${Number(sinceTo.slice(5))}月党费`,
        status: 'sent',
        confirmedOn: null,
        confirmedBy: null,
        createdBy: secretaryUser,
      });
  }

  // The runs of unpaid months (domain `arrearsRuns` on the payments as made): only the members who
  // have one are handed to the server's `detectRuns` after the load, which stores them.
  const firstPaid = new Map<number, IsoDate>();
  for (const p of payments) {
    if (p.kind !== 'regular' || p.voidedAt || p.ledgerId === null || p.ledgerId === undefined) continue;
    const prev = firstPaid.get(p.ledgerId);
    if (!prev || p.paidOn < prev) firstPaid.set(p.ledgerId, p.paidOn);
  }
  const withRuns = onLedger
    .filter(
      (m) =>
        arrearsRuns(
          (ledgerByMember.get(m.id) ?? []).map((r) => ({
            month: monthOf(r.month),
            expectedFen: r.expectedFen,
            firstPaidOn: firstPaid.get(r.id as number) ?? null,
          })),
          current,
          rules,
        ).length > 0,
    )
    .map((m) => m.id);

  // ---------------------------------------------------------------------------------------------
  // Write
  // ---------------------------------------------------------------------------------------------
  const tables = ['dues_profiles', 'dues_ledger', 'dues_payments', 'dues_remittances'];
  await withoutConstraintsUntilLoaded(tx, tables, async () => {
    await insertColumns(tx, duesProfiles, profileRows);
    await insertColumns(tx, duesLedger, ledgerRows);
    // Entered during the working day of the payment (Beijing time), spread over 08:00–17:59.
    await insertColumns(tx, duesPayments, payments, {
      createdAt: sql.raw(
        `(u.paid_on + time '08:00' + ((u.amount_fen * 7 + u.member_id) % 600) * interval '1 minute') at time zone 'Asia/Shanghai'`,
      ),
    });
    await bulkInsert(tx, duesRemittances, remittances);
  });
  for (const table of ['dues_profiles', 'dues_ledger']) {
    await tx.execute(
      sql.raw(
        `select setval(pg_get_serial_sequence('${table}', 'id'), (select coalesce(max(id), 1) from ${table}))`,
      ),
    );
  }
  await detectRuns(tx, withRuns, today, rules);

  // ---------------------------------------------------------------------------------------------
  // The branch's decision on one of its lapse members' runs; the other runs wait for one.
  // ---------------------------------------------------------------------------------------------
  const decided = homeLapse[0];
  const [run] = await queryRows(
    tx,
    sql`select id, first_month::text as "firstMonth", last_month::text as "lastMonth" from dues_arrears_runs
        where member_id = ${decided.id} and level = 'lapse' and status = 'open'`,
    z.object({ id: z.number(), firstMonth: z.string(), lastMonth: z.string() }),
  );
  if (!run) throw new Error('dues seed: the demo branch has no lapse run to decide');
  const deadlineOn = lastDay(addMonthsTo(current, 1));
  await bulkInsert(tx, duesLapseDecisions, [
    {
      runId: run.id,
      memberId: decided.id,
      orgId: home.id,
      orgPath: home.path,
      streakFrom: run.firstMonth,
      streakTo: run.lastMonth,
      decision: 'deadline_set',
      decidedOn: addDays(today, -8),
      deadlineOn,
      note: `支部委员会研究，对${decided.name}同志进行批评教育，限其于${deadlineOn}前补交所欠党费。`,
      recordedBy: secretaryUser,
    },
  ]);
  await settleRun(tx, run.id);

  const levels = { arrears: 0, warning: 0, lapse: 0 };
  for (const [, k] of streak) {
    if (k >= rules['dues.lapseMonths']) levels.lapse++;
    else if (k >= rules['dues.warningMonths']) levels.warning++;
    else levels.arrears++;
  }
  return {
    profiles: profileRows.length,
    pendingProfiles: pendingIn.length,
    ledgerRows: ledgerRows.length,
    payments: payments.length,
    remittances: remittances.length,
    byCategory,
    byLevel: levels,
    partials,
    latePayments: lateCount,
    ms: Math.round(performance.now() - t0),
    home: {
      lapse: homeLapse.map((m) => m.id),
      paidBack: paidBack.id,
      unpaidCurrent: ledgerRows.filter(
        (r) => r.orgId === home.id && r.month === firstDay(current) && r.status === 'unpaid',
      ).length,
    },
  };
}

/**
 * Runs `load` with the foreign keys and secondary indexes of `tables` dropped, and re-creates them
 * afterwards from their own catalog definitions (the orglife seed's technique, plus indexes): a
 * foreign key added to a full table is validated with one join, an index built with one sort,
 * instead of ~200,000 row-by-row checks and GiST insertions, which on PGlite is most of the cost.
 * Inside the caller's transaction: everything is back, and checked, before it commits.
 */
async function withoutConstraintsUntilLoaded(tx: DbOrTx, tables: string[], load: () => Promise<void>) {
  const list = sql.raw(`array[${tables.map((t) => `'${t}'`).join(',')}]::text[]`);
  const fks = await queryRows(
    tx,
    sql`select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
        from pg_constraint where contype = 'f' and conrelid::regclass::text = any(${list})`,
    z.object({ tbl: z.string(), name: z.string(), def: z.string() }),
  );
  const indexes = await queryRows(
    tx,
    sql`select i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = current_schema() and i.tablename = any(${list})
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    z.object({ name: z.string(), def: z.string() }),
  );
  const q = (id: string) => `"${id.replaceAll('"', '""')}"`;
  for (const fk of fks) await tx.execute(sql.raw(`alter table ${fk.tbl} drop constraint ${q(fk.name)}`));
  for (const i of indexes) await tx.execute(sql.raw(`drop index ${q(i.name)}`));
  await load();
  for (const i of indexes) await tx.execute(sql.raw(i.def));
  for (const fk of fks)
    await tx.execute(sql.raw(`alter table ${fk.tbl} add constraint ${q(fk.name)} ${fk.def}`));
}

/** PGlite's own transaction under a Drizzle one, or null on node-postgres. */
function pgliteOf(tx: DbOrTx): PGliteTransactionLike | null {
  if (!(tx instanceof PgliteTransaction)) return null;
  return (tx as unknown as { session: { client: PGliteTransactionLike } }).session.client;
}
interface PGliteTransactionLike {
  query(query: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
}

/**
 * Inserts rows column-wise. On PGlite (the demo's first start) the rows travel as CSV through
 * `COPY … FROM '/dev/blob'`, about three times faster than any INSERT there; on node-postgres as one
 * array parameter per column, unnested in the database. The columns written are the keys of the
 * first row (every row must have the same keys), plus `computed` ones: SQL over the loaded columns,
 * named `u.<column>` (on PGlite they are loaded into a temporary table first).
 */
async function insertColumns<T extends PgTable>(
  tx: DbOrTx,
  table: T,
  rows: T['$inferInsert'][],
  computed: Partial<Record<keyof T['$inferInsert'] & string, SQL>> = {},
  chunk = 50_000,
) {
  if (!rows.length) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(rows[0]);
  const q = (id: string) => `"${id.replaceAll('"', '""')}"`;
  const names = keys.map((k) => q(columns[k].name)).join(', ');
  const extra = Object.entries(computed) as [string, SQL][];
  const target = [names, ...extra.map(([k]) => q(columns[k].name))].join(', ');
  const select = sql.join([sql.raw('u.*'), ...extra.map(([, e]) => e)], sql`, `);
  const tableName = q(getTableName(table));
  const lite = pgliteOf(tx);
  if (lite) {
    const csvCell = (v: unknown) =>
      v === null || v === undefined
        ? ''
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : `"${(v instanceof Date ? v.toISOString() : String(v)).replaceAll('"', '""')}"`;
    const lines: string[] = [];
    for (const r of rows as Record<string, unknown>[]) lines.push(keys.map((k) => csvCell(r[k])).join(','));
    const blob = new Blob([`${lines.join('\n')}\n`]);
    if (!extra.length) {
      await lite.query(`copy ${tableName} (${names}) from '/dev/blob' with (format csv)`, [], { blob });
      return;
    }
    await lite.query(`create temp table u on commit drop as select ${names} from ${tableName} with no data`);
    await lite.query(`copy u (${names}) from '/dev/blob' with (format csv)`, [], { blob });
    await tx.execute(sql`insert into ${sql.raw(tableName)} (${sql.raw(target)}) overriding system value
        select ${select} from u`);
    await lite.query('drop table u');
    return;
  }
  const cell = (v: unknown) =>
    v === null || v === undefined
      ? 'NULL'
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : `"${(v instanceof Date ? v.toISOString() : String(v)).replace(/["\\]/g, '\\$&')}"`;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk) as Record<string, unknown>[];
    const arrays = keys.map(
      (k) => sql`${`{${part.map((r) => cell(r[k])).join(',')}}`}::${sql.raw(columns[k].getSQLType())}[]`,
    );
    await tx.execute(
      sql`insert into ${sql.raw(tableName)} (${sql.raw(target)}) overriding system value
          select ${select} from unnest(${sql.join(arrays, sql`, `)}) as u(${sql.raw(names)})`,
    );
  }
}
