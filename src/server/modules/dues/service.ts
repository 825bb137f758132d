/**
 * 党费: profiles (with the higher committee's approval of hardship), the collection sheet, a
 * member's own page and the payment list. Payments live in payments.ts, arrears and lapse
 * decisions in arrears.ts. Every write is one transaction with its audit entry.
 */
import type { z } from 'zod';
import { monthlyDues, profileProblems, roundingText } from '../../../domain/dues/amounts.js';
import {
  APPROVAL_CATEGORIES,
  type DuesCategory,
  type LedgerStatus,
  type PaymentKind,
  type PaymentMethod,
} from '../../../domain/dues/labels.js';
import { type ArrearsRules, type DuesStanding, duesStanding } from '../../../domain/dues/ledger.js';
import { addMonthsTo, type Month, monthDiff, monthOf, monthRange } from '../../../domain/dues/months.js';
import { CURRENT_MEMBER_STATUSES } from '../../../domain/member/labels.js';
import type { Rules } from '../../../domain/rules/index.js';
import type {
  DuesStandingDto,
  LedgerPage,
  LedgerRowDto,
  ledgerQuery,
  MemberDuesDto,
  PaymentDto,
  ProfileDto,
  paymentListQuery,
  profileCreateBody,
  profileDecisionBody,
} from '../../../shared/contracts/dues.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { findOrg } from '../orgs/index.js';
import { loadRules } from '../settings/index.js';
import { toRunDto } from './arrears.js';
import { type DuesFinding, duesRuleErrors } from './errors.js';
import { ensureLedger, ensureLedgerRows, profileAt, recomputeMember } from './ledger.js';
import * as repo from './repo.js';
import { detectRuns } from './runs.js';

export const MEMBER = '党员';
export const readScope = (ctx: RequestContext) => ctx.actor.scope('dues.read');
export const writeScope = (ctx: RequestContext) => ctx.actor.scope('dues.write');
export const approveScope = (ctx: RequestContext) => ctx.actor.scope('dues.approve');

// ---------------------------------------------------------------------------------------------
// DTOs

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

export function toProfileDto(p: repo.ProfileFull, rules: Rules): ProfileDto {
  const input = { category: p.category as DuesCategory, baseFen: p.baseFen, amountFen: p.amountFen };
  // A profile entered under other rules may no longer be valid (a changed farmer range): show it
  // with its problem instead of failing the whole page.
  const problem = profileProblems(input, rules)[0];
  const m = problem ? null : monthlyDues(input, rules);
  return {
    id: p.id,
    memberId: p.memberId,
    memberName: p.memberName,
    orgId: p.orgId,
    orgName: p.orgName,
    category: p.category as DuesCategory,
    effectiveMonth: monthOf(p.effectiveMonth),
    baseFen: p.baseFen,
    amountFen: p.amountFen,
    monthlyFen: m?.expectedFen ?? 0,
    rateBp: m?.rateBp ?? null,
    explanation: m?.explanation ?? problem?.message ?? '',
    status: p.status as ProfileDto['status'],
    reason: p.reason,
    approvalOrgName: p.approvalOrgName,
    approvalRef: p.approvalRef,
    decidedOn: p.decidedOn,
    decisionNote: p.decisionNote,
    createdByName: p.createdByName,
    createdAt: iso(p.createdAt),
  };
}

export const toStandingDto = (s: DuesStanding): DuesStandingDto => ({
  month: s.month,
  owedMonths: s.owedMonths,
  arrearsFen: s.arrearsFen,
  unpaidStreak: s.unpaidStreak,
  streakFrom: s.streakFrom,
  streakTo: s.streakTo,
  currentBalanceFen: s.currentBalanceFen,
  currentUnpaid: s.currentUnpaid,
  totalFen: s.totalFen,
});

export function toLedgerDto(
  r: repo.LedgerFull,
  standing: DuesStanding,
  canPay: (orgPath: string) => boolean,
): LedgerRowDto {
  const status = r.status as LedgerStatus;
  return {
    ledgerId: r.ledgerId,
    memberId: r.memberId,
    memberName: r.memberName,
    memberCategory: r.memberCategory,
    orgId: r.orgId,
    orgName: r.orgName,
    month: monthOf(r.month),
    category: r.category as DuesCategory | null,
    baseFen: r.baseFen,
    rateBp: r.rateBp,
    expectedFen: r.expectedFen,
    paidFen: r.paidFen,
    balanceFen: Math.max(0, (r.expectedFen ?? 0) - r.paidFen),
    status,
    lastPaidOn: r.lastPaidOn,
    paidOnline: r.paidOnline,
    unpaidStreak: standing.unpaidStreak,
    standing: toStandingDto(standing),
    abilities: { pay: (status === 'unpaid' || status === 'partial') && canPay(r.orgPath) },
  };
}

export function toPaymentDto(p: repo.PaymentFull): PaymentDto {
  return {
    id: p.id,
    memberId: p.memberId,
    memberName: p.memberName,
    orgId: p.orgId,
    month: monthOf(p.month),
    kind: p.kind as PaymentKind,
    amountFen: p.amountFen,
    paidOn: p.paidOn,
    method: p.method as PaymentMethod,
    payerName: p.payerName,
    externalRef: p.externalRef,
    note: p.note,
    late: p.late,
    toCentre: p.toCentre,
    collectorName: p.collectorName,
    voided: p.voidedAt !== null,
    voidReason: p.voidReason,
    createdAt: iso(p.createdAt),
  };
}

const rounding = (rules: Rules) => ({
  unitFen: rules['dues.roundingUnit'],
  text: roundingText(rules['dues.roundingUnit']),
});

export interface MemberArrears {
  /** Arrears, today's streak and the current month (`duesStanding`). */
  state: DuesStanding;
  lastPaidOn: string | null;
  /** The latest decision the branch recorded on the member's streaks. */
  decision: repo.DecisionRow | null;
}

/**
 * Where some members stand as of the current month (domain `duesStanding`: arrears, today's streak
 * and the current month), with the months a recorded 'reason_accepted' decision excused taken out.
 * The one source of what a member owes for the sheet, the arrears list, the job and payments (我的党费
 * computes the same function on the rows it reads anyway). The ids come from a scoped read, or
 * from the daily job, which acts for the whole deployment. `from`: read the ledger from that month.
 */
export async function arrearsStates(
  db: DbOrTx,
  memberIds: readonly number[],
  currentMonth: Month,
  rules: ArrearsRules,
  from: Month | null = null,
): Promise<Map<number, MemberArrears>> {
  const ids = [...new Set(memberIds)];
  const out = new Map<number, MemberArrears>();
  if (!ids.length) return out;
  // Sequential: `db` may be a transaction (one connection).
  const rows = await repo.streakRows(db, ids, from, addMonthsTo(currentMonth, 1));
  const decisions = await repo.latestDecisions(db, ids);
  return statesFrom(ids, rows, decisions, currentMonth, rules);
}

/** `arrearsStates` from rows already read (the collection sheet reads them with its page). */
function statesFrom(
  ids: readonly number[],
  rows: readonly repo.StreakRow[],
  decisions: { latest: repo.DecisionRow[]; accepted: repo.DecisionRow[] },
  currentMonth: Month,
  rules: ArrearsRules,
): Map<number, MemberArrears> {
  const out = new Map<number, MemberArrears>();
  const excused = new Map(decisions.accepted.map((d) => [d.memberId, monthOf(d.streakTo)]));
  const latest = new Map(decisions.latest.map((d) => [d.memberId, d]));
  const byMember = new Map<number, repo.StreakRow[]>();
  for (const r of rows) byMember.set(r.memberId, [...(byMember.get(r.memberId) ?? []), r]);
  for (const id of ids) {
    const list = byMember.get(id) ?? [];
    const state = duesStanding(
      list.map((r) => ({ month: monthOf(r.month), expectedFen: r.expectedFen, paidFen: r.paidFen })),
      currentMonth,
      rules,
      excused.get(id) ?? null,
    );
    const lastPaidOn = list.reduce<string | null>(
      (max, r) => (r.lastPaidOn && (!max || r.lastPaidOn > max) ? r.lastPaidOn : max),
      null,
    );
    out.set(id, { state, lastPaidOn, decision: latest.get(id) ?? null });
  }
  return out;
}

/**
 * Where some members stand, for the rows of a sheet or a payment's answer: all their months are
 * read, as the arrears list and 我的党费 read them, so the three show the same arrears.
 */
export async function standingsOf(
  db: DbOrTx,
  memberIds: readonly number[],
  currentMonth: Month,
  rules: ArrearsRules,
): Promise<Map<number, DuesStanding>> {
  const states = await arrearsStates(db, memberIds, currentMonth, rules);
  return new Map([...states].map(([id, s]) => [id, s.state]));
}

/** A member with no ledger month (none read): owes nothing. */
export const noStanding = (currentMonth: Month, rules: ArrearsRules) => duesStanding([], currentMonth, rules);

// ---------------------------------------------------------------------------------------------
// Profiles

export async function listProfiles(db: Db, ctx: RequestContext, memberId: number) {
  const member = await repo.findMember(db, readScope(ctx), memberId);
  if (!member) throw notFound(MEMBER);
  const rules = await loadRules(db);
  const data = (await repo.profilesOf(db, memberId)).map((p) => toProfileDto(p, rules));
  return { data, total: data.length };
}

/** The months a new or approved profile brings into the ledger: this year's, from its month on. */
function profileMonths(effectiveMonth: Month, today: string): Month[] {
  const current = monthOf(today);
  const startOfYear = `${current.slice(0, 4)}-01`;
  const from = monthDiff(startOfYear, effectiveMonth) > 0 ? effectiveMonth : startOfYear;
  return monthRange(from, current);
}

export async function createProfile(
  db: Db,
  ctx: RequestContext,
  memberId: number,
  body: z.infer<typeof profileCreateBody>,
): Promise<number> {
  return db.transaction(async (tx) => {
    const member = await repo.findMember(tx, writeScope(ctx), memberId, true);
    if (!member) throw notFound(MEMBER);
    if (!(CURRENT_MEMBER_STATUSES as readonly string[]).includes(member.status)) {
      throw new AppError('DUES_MEMBER_NOT_CURRENT');
    }
    const rules = await loadRules(tx);
    const input = {
      category: body.category,
      baseFen: body.baseFen ?? null,
      amountFen: body.amountFen ?? null,
    };
    const problems: DuesFinding[] = profileProblems(input, rules).map((p) => ({
      code: 'DUES_PROFILE',
      field: p.field,
      message: p.message,
      // A farmer's amount is refused by the range the rules give (党费规定第六条).
      ...(body.category === 'farmer' && p.field === 'amountFen'
        ? { ruleId: 'dues.farmerRange' as const }
        : {}),
    }));
    const needsApproval = APPROVAL_CATEGORIES.includes(body.category);
    if (needsApproval && !body.reason) {
      problems.push({
        code: 'DUES_PROFILE',
        field: 'reason',
        message: '原因：生活困难减交或免交须写明原因，报上级党委批准（党费规定第七条）',
        citation: '《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）第七条',
      });
    }
    if (problems.length) throw duesRuleErrors(problems, ctx.today);
    if (needsApproval && member.orgParentId === null) {
      throw fieldErrors([{ field: 'category', message: '类别：该组织没有上级党委，无法报批减免' }]);
    }
    const status = needsApproval ? 'pending' : 'active';
    const id = await repo.insertProfile(tx, {
      memberId,
      orgId: member.orgId,
      category: body.category,
      effectiveMonth: body.effectiveMonth,
      baseFen: input.baseFen,
      amountFen: input.amountFen,
      status,
      reason: body.reason ?? null,
      // 规定第七条: the higher committee approves, i.e. the parent of the member's branch.
      approvalOrgId: needsApproval ? member.orgParentId : null,
      createdBy: ctx.actor.userId,
    });
    if (status === 'active') {
      await recomputeMember(tx, memberId, body.effectiveMonth, rules);
      await ensureLedger(tx, { memberIds: [memberId] }, profileMonths(body.effectiveMonth, ctx.today), rules);
      await detectRuns(tx, [memberId], ctx.today, rules);
    }
    await writeAudit(tx, ctx, {
      action: 'dues.profile.create',
      entity: 'dues_profile',
      entityId: id,
      orgPath: member.orgPath,
      after: { memberId, ...body, status },
    });
    return id;
  });
}

export async function getProfile(db: DbOrTx, id: number) {
  const p = await repo.findProfile(db, id);
  if (!p) throw notFound('党费档案');
  return toProfileDto(p, await loadRules(db));
}

/** The approval queue's org (checked to be in the approver's scope, else 404), or the whole scope. */
async function queuePath(db: Db, scope: ReturnType<typeof approveScope>, orgId: number | undefined) {
  if (orgId === undefined) return null;
  const org = await repo.findOrg(db, scope, orgId);
  if (!org) throw notFound('组织');
  return org.path;
}

/** The queue's size, exactly (an export counts before it streams). */
export async function countPendingProfiles(db: Db, ctx: RequestContext, orgId: number | undefined) {
  const scope = approveScope(ctx);
  return repo.countPendingProfiles(db, scope, await queuePath(db, scope, orgId));
}

/** The approval queue, oldest first; an export reads all of it in batches after `afterId`. */
export async function pendingProfiles(
  db: Db,
  ctx: RequestContext,
  orgId: number | undefined,
  page: repo.QueuePage = {},
) {
  const scope = approveScope(ctx);
  const orgPath = await queuePath(db, scope, orgId);
  const rules = await loadRules(db);
  const data = (await repo.pendingProfiles(db, scope, orgPath, page)).map((p) => toProfileDto(p, rules));
  // The screen shows the oldest 500; its total is the queue's, counted when the page is full.
  const full = data.length >= (page.limit ?? repo.QUEUE_PAGE);
  const total = full || page.afterId ? await repo.countPendingProfiles(db, scope, orgPath) : data.length;
  return { data, total };
}

export async function decideProfile(
  db: Db,
  ctx: RequestContext,
  id: number,
  body: z.infer<typeof profileDecisionBody>,
) {
  await db.transaction(async (tx) => {
    // The approving committee must be in the approver's scope: a branch cannot approve its own.
    const p = await repo.findProfileToDecide(tx, approveScope(ctx), id, true);
    if (!p) throw notFound('党费档案');
    if (p.status !== 'pending') throw new AppError('DUES_PROFILE_ALREADY_DECIDED');
    if (body.decidedOn > ctx.today) {
      throw fieldErrors([{ field: 'decidedOn', message: '批复日期：不能晚于今天' }]);
    }
    const status = body.approve ? 'active' : 'rejected';
    await repo.decideProfile(tx, id, {
      status,
      approvalRef: body.approvalRef ?? null,
      decidedOn: body.decidedOn,
      decidedBy: ctx.actor.userId,
      note: body.note ?? null,
    });
    if (body.approve) {
      const rules = await loadRules(tx);
      const month = monthOf(p.effectiveMonth);
      await recomputeMember(tx, p.memberId, month, rules);
      await ensureLedger(tx, { memberIds: [p.memberId] }, profileMonths(month, ctx.today), rules);
      // An approved exemption can undo a run of unpaid months; a reduction changes its amount.
      await detectRuns(tx, [p.memberId], ctx.today, rules);
    }
    await writeAudit(tx, ctx, {
      action: body.approve ? 'dues.profile.approve' : 'dues.profile.reject',
      entity: 'dues_profile',
      entityId: id,
      orgPath: p.memberOrgPath,
      before: { status: p.status },
      after: { status, ...body },
    });
  });
  return getProfile(db, id);
}

// ---------------------------------------------------------------------------------------------
// The collection sheet

export async function ledger(
  db: Db,
  ctx: RequestContext,
  q: z.infer<typeof ledgerQuery>,
): Promise<LedgerPage> {
  const scope = readScope(ctx);
  // The org rows kept in the process (orgs module): no statement once read.
  const org = await findOrg(db, scope, q.orgId);
  if (!org) throw notFound('组织');
  const rules = await loadRules(db);
  const current = monthOf(ctx.today);
  // The sheet of a month is made when first asked for (the daily job makes the current month's).
  const makes = monthDiff(current, q.month) <= rules['dues.advanceMonths'];
  // One statement: the page, its totals, its members' months and decisions, and whether the
  // sheet lacks a row it should have. A GET writes only then (issue #21: it wrote on every one).
  const read = (checkMissing: boolean) =>
    repo.ledgerSheet(
      db,
      scope,
      { orgPath: org.path, month: q.month, status: q.status, q: q.q },
      q.current,
      q.pageSize,
      addMonthsTo(current, 1),
      checkMissing,
    );
  let page = await read(makes);
  if (page.missing) {
    await db.transaction(async (tx) => {
      const made = await ensureLedgerRows(tx, { orgPath: org.path }, [q.month], rules);
      // A past month's rows made only now can complete a run of unpaid months.
      if (q.month < current) await detectRuns(tx, made.memberIds, ctx.today, rules);
    });
    // Made by this request or by another meanwhile: the sheet as it now stands.
    page = await read(false);
  }
  const states = statesFrom(
    page.data.map((r) => r.memberId),
    page.streaks,
    page,
    current,
    rules,
  );
  const standings = new Map([...states].map(([id, s]) => [id, s.state]));
  const write = writeScope(ctx);
  const byStatus: Record<string, number> = {};
  let members = 0;
  let expectedFen = 0;
  let paidFen = 0;
  let balanceFen = 0;
  for (const s of page.byStatus) {
    byStatus[s.status] = s.n;
    members += s.n;
    expectedFen += s.expected;
    paidFen += s.paid;
    balanceFen += s.balance;
  }
  return {
    data: page.data.map((r) =>
      toLedgerDto(r, standings.get(r.memberId) ?? noStanding(current, rules), (p) => write.containsPath(p)),
    ),
    total: page.total,
    totals: { members, expectedFen, paidFen, balanceFen, byStatus, voluntaryFen: page.voluntaryFen },
    rounding: rounding(rules),
  };
}

// ---------------------------------------------------------------------------------------------
// A member's own page

export async function memberDues(
  db: Db,
  ctx: RequestContext,
  memberId: number,
  year: number | undefined,
): Promise<MemberDuesDto> {
  const member = await repo.findMember(db, readScope(ctx), memberId);
  if (!member) throw notFound(MEMBER);
  const rules = await loadRules(db);
  const current = monthOf(ctx.today);
  const y = year ?? Number(current.slice(0, 4));
  const yearFrom = `${y}-01`;
  const yearTo = `${y}-12`;
  const upTo = monthDiff(current, yearTo) > 0 ? current : yearTo;
  await db.transaction(async (tx) => {
    const made = await ensureLedgerRows(tx, { memberIds: [memberId] }, monthRange(yearFrom, upTo), rules);
    if (made.memberIds.length) await detectRuns(tx, [memberId], ctx.today, rules);
  });

  const [all, payments, profiles, decisions] = await Promise.all([
    repo.ledgerMonthsOf(db, memberId, null, null),
    repo.paymentsOfMember(db, memberId, yearFrom, yearTo),
    repo.profilesOf(db, memberId),
    repo.latestDecisions(db, [memberId]),
  ]);
  const accepted = decisions.accepted[0];
  const state = duesStanding(
    all.map((r) => ({ month: monthOf(r.month), expectedFen: r.expectedFen, paidFen: r.paidFen })),
    current,
    rules,
    accepted ? monthOf(accepted.streakTo) : null,
  );
  const write = writeScope(ctx);
  const months = all
    .filter((r) => r.month.startsWith(String(y)))
    .map((r) => toLedgerDto(r, state, (p) => write.containsPath(p)));
  const active = profiles.filter((p) => p.status === 'active');
  const inForce = profileAt(
    active.map((p) => ({ ...p, effectiveMonth: p.effectiveMonth })),
    current,
  );
  const paymentDtos = payments.map(toPaymentDto);
  const live = paymentDtos.filter((p) => !p.voided);
  // This month whatever the year shown: the page's headline speaks of today.
  const nowRow = all.find((r) => monthOf(r.month) === current);
  const now = nowRow ? toLedgerDto(nowRow, state, () => false) : undefined;
  const runs = (await repo.runsOf(db, [memberId])).map((r) => toRunDto(r, ctx.today, state.unpaidStreak > 0));
  return {
    memberId,
    memberName: member.name,
    orgName: member.orgName,
    year: y,
    profile: inForce ? toProfileDto(inForce, rules) : null,
    months,
    payments: paymentDtos,
    arrears: {
      arrearsFen: state.arrearsFen,
      owedMonths: state.owedMonths,
      unpaidStreak: state.unpaidStreak,
      beyondBackpay: state.beyondBackpay,
      level: state.level,
    },
    currentMonth: now
      ? {
          month: now.month,
          expectedFen: now.expectedFen,
          paidFen: now.paidFen,
          balanceFen: now.balanceFen,
          status: now.status,
        }
      : null,
    yearTotals: {
      expectedFen: months.reduce((s, m) => s + (m.expectedFen ?? 0), 0),
      paidFen: months.reduce((s, m) => s + m.paidFen, 0),
      balanceFen: months.reduce((s, m) => s + m.balanceFen, 0),
      voluntaryFen: live.filter((p) => p.kind === 'voluntary').reduce((s, p) => s + p.amountFen, 0),
    },
    voidedPayments: paymentDtos.length - live.length,
    standing: toStandingDto(state),
    runs,
    rounding: rounding(rules),
  };
}

// ---------------------------------------------------------------------------------------------
// Payments list

export async function listPayments(db: Db, ctx: RequestContext, q: z.infer<typeof paymentListQuery>) {
  const scope = readScope(ctx);
  if (!q.orgId && !q.memberId) {
    throw fieldErrors([{ field: 'orgId', message: '组织：请选择组织或党员' }]);
  }
  const filter: repo.PaymentFilter = { month: q.month };
  if (q.orgId) {
    const org = await repo.findOrg(db, scope, q.orgId);
    if (!org) throw notFound('组织');
    filter.orgPath = org.path;
  }
  if (q.memberId) {
    const member = await repo.findMember(db, scope, q.memberId);
    if (!member) throw notFound(MEMBER);
    filter.memberId = q.memberId;
  }
  const page = await repo.listPayments(db, scope, filter, q.current, q.pageSize);
  return { data: page.data.map(toPaymentDto), total: page.total };
}

/**
 * The daily job's part: the current month's ledger rows for every root org's subtree, so that the
 * sheet and the arrears exist even for months nobody opened. Idempotent (only missing rows).
 */
export async function ensureCurrentLedger(db: DbOrTx, today: string, rules: Rules): Promise<number> {
  let created = 0;
  for (const orgPath of await repo.rootOrgPaths(db)) {
    created += await ensureLedger(db, { orgPath }, [monthOf(today)], rules);
  }
  return created;
}
