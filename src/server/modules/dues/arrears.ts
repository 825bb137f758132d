/**
 * Arrears (欠交) and the flags of 党章第九条: a run of consecutive unpaid months that reached
 * `dues.warningMonths` (warning) or `dues.lapseMonths` (lapse) is recorded as a run (runs.ts) and
 * stays a fact after the months are paid. The branch's decision names the run it settles; a lapse
 * run stays on the branch's decision list (level 'lapse', 待决定) until then. A 'reason_accepted'
 * decision also excuses the streak it was about (the months up to its streakTo no longer count in
 * today's streak); 'treated_as_left' changes nothing in the register: 除名 needs the higher
 * committee's approval and goes through the member's own procedure.
 *
 * The list reads the subtree's members owing something and those with an open lapse run (off the
 * runs table), then only these members' months and runs.
 */
import type { z } from 'zod';
import { yuan } from '../../../domain/dues/amounts.js';
import { type ArrearsLevel, LAPSE_DECISION_LABELS, type LapseDecision } from '../../../domain/dues/labels.js';
import { addMonthsTo, firstDay, monthDiff, monthOf, monthRangeText } from '../../../domain/dues/months.js';
import type { RunLevel } from '../../../domain/dues/runs.js';
import type {
  ArrearsRowDto,
  ArrearsRunDto,
  arrearsQuery,
  lapseDecisionBody,
} from '../../../shared/contracts/dues.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { loadRules } from '../settings/index.js';
import { duesRuleErrors } from './errors.js';
import * as repo from './repo.js';
import { arrearsStates, readScope, toStandingDto, writeScope } from './service.js';

const iso = (v: unknown): string | null =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v.toISOString()
      : new Date(String(v)).toISOString();

export const toDecisionDto = (d: repo.DecisionRow) => ({
  id: d.id,
  runId: d.runId,
  decision: d.decision as LapseDecision,
  decidedOn: d.decidedOn,
  deadlineOn: d.deadlineOn,
  streakFrom: monthOf(d.streakFrom),
  streakTo: monthOf(d.streakTo),
  note: d.note,
  recordedByName: d.recordedByName,
});

/**
 * `lastUnpaid`: the member's last month is still unpaid today (today's streak ends last month), so
 * a run reaching last month still goes on.
 */
export function toRunDto(r: repo.RunRow, today: string, lastUnpaid: boolean): ArrearsRunDto {
  return {
    id: r.id,
    memberId: r.memberId,
    level: r.level as RunLevel,
    firstMonth: r.firstMonth,
    lastMonth: r.lastMonth,
    months: monthDiff(r.firstMonth, r.lastMonth) + 1,
    expectedFen: r.expectedFen,
    reachedMonth: r.reachedMonth,
    detectedOn: r.detectedOn,
    memberNotifiedAt: iso(r.memberNotifiedAt),
    branchNotifiedAt: iso(r.branchNotifiedAt),
    status: r.status as ArrearsRunDto['status'],
    withdrawnOn: r.withdrawnOn,
    withdrawnReason: r.withdrawnReason,
    ongoing: lastUnpaid && r.lastMonth === addMonthsTo(monthOf(today), -1),
    decision: r.decision ? toDecisionDto(r.decision) : null,
  };
}

/** The run a branch has to decide on: an open lapse run, else an open warning run that goes on. */
export function runToDecide(runs: readonly ArrearsRunDto[]): ArrearsRunDto | null {
  const open = runs.filter((r) => r.status === 'open');
  return (
    open.find((r) => r.level === 'lapse') ?? open.find((r) => r.level === 'warning' && r.ongoing) ?? null
  );
}

/** Arrears of members as of the current month, with the rules in force (see `arrearsStates`). */
export async function statesOf(db: DbOrTx, memberIds: number[], currentMonth: string) {
  const rules = await loadRules(db);
  return { rules, out: await arrearsStates(db, memberIds, currentMonth, rules) };
}

export async function arrearsList(db: Db, ctx: RequestContext, q: z.infer<typeof arrearsQuery>) {
  const scope = readScope(ctx);
  const org = await repo.findOrg(db, scope, q.orgId);
  if (!org) throw notFound('组织');
  const current = monthOf(ctx.today);
  const owing = await repo.arrearsCandidates(db, scope, org.path, current);
  const flagged = await repo.openLapseMembers(db, scope, org.path);
  const ids = [...new Set([...owing, ...flagged])];
  const { rules, out } = await statesOf(db, ids, current);
  const names = new Map((await repo.memberNames(db, ids)).map((m) => [m.id, m]));
  const runsBy = new Map<number, ArrearsRunDto[]>();
  for (const r of await repo.runsOf(db, ids)) {
    const lastUnpaid = (out.get(r.memberId)?.state.unpaidStreak ?? 0) > 0;
    runsBy.set(r.memberId, [...(runsBy.get(r.memberId) ?? []), toRunDto(r, ctx.today, lastUnpaid)]);
  }
  const rows: ArrearsRowDto[] = [];
  for (const id of ids) {
    const s = out.get(id);
    const m = names.get(id);
    if (!s || !m) continue;
    const runs = runsBy.get(id) ?? [];
    const openRun = runToDecide(runs);
    // 待决定 is a recorded lapse run without a decision, paid since or not; 提醒 today's streak.
    const level: ArrearsLevel | null =
      openRun?.level === 'lapse'
        ? 'lapse'
        : s.state.unpaidStreak >= rules['dues.warningMonths']
          ? 'warning'
          : s.state.owedMonths.length
            ? 'arrears'
            : null;
    if (!level) continue;
    rows.push({
      memberId: id,
      memberName: m.name,
      orgId: m.orgId,
      orgName: m.orgName,
      level,
      unpaidStreak: s.state.unpaidStreak,
      streakFrom: s.state.streakFrom,
      streakTo: s.state.streakTo,
      arrearsFen: s.state.arrearsFen,
      owedMonths: s.state.owedMonths,
      beyondBackpay: s.state.beyondBackpay,
      lastPaidOn: s.lastPaidOn,
      decision: s.decision ? toDecisionDto(s.decision) : null,
      openRun,
      runs,
      standing: toStandingDto(s.state),
    });
  }
  const counts = { lapse: 0, warning: 0, arrears: 0 };
  for (const r of rows) counts[r.level]++;
  const LEVEL_ORDER: Record<ArrearsLevel, number> = { lapse: 0, warning: 1, arrears: 2 };
  const filtered = (q.level ? rows.filter((r) => r.level === q.level) : rows).sort(
    (a, b) =>
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      b.unpaidStreak - a.unpaidStreak ||
      b.arrearsFen - a.arrearsFen ||
      a.memberId - b.memberId,
  );
  return {
    data: filtered.slice((q.current - 1) * q.pageSize, q.current * q.pageSize),
    total: filtered.length,
    counts,
    rules: {
      warningMonths: rules['dues.warningMonths'],
      lapseMonths: rules['dues.lapseMonths'],
      backpayMaxMonths: rules['dues.backpayMaxMonths'],
    },
  };
}

/** Which runs a decision may settle (a warning run only gets its deadline). */
const DECIDABLE: Record<LapseDecision, readonly RunLevel[]> = {
  deadline_set: ['lapse', 'warning'],
  reason_accepted: ['lapse'],
  treated_as_left: ['lapse'],
};

export async function recordDecision(db: Db, ctx: RequestContext, body: z.infer<typeof lapseDecisionBody>) {
  return db.transaction(async (tx) => {
    const run = await repo.findRunForUpdate(tx, writeScope(ctx), body.runId);
    if (!run) throw notFound('连续未交记录');
    const member = await repo.findMember(tx, writeScope(ctx), run.memberId, true);
    if (!member) throw notFound('党员');
    if (run.status === 'decided') {
      throw new AppError('DUES_RUN_ALREADY_DECIDED');
    }
    if (run.status === 'withdrawn') {
      throw new AppError('DUES_RUN_WITHDRAWN');
    }
    if (body.decidedOn > ctx.today) {
      throw fieldErrors([{ field: 'decidedOn', message: '决定日期：不能晚于今天' }]);
    }
    // The level was reached at the end of `reachedMonth`: no decision can come before that.
    const earliest = firstDay(addMonthsTo(run.reachedMonth, 1));
    if (body.decidedOn < earliest) {
      throw fieldErrors([{ field: 'decidedOn', message: `决定日期：不能早于${earliest}（该情形出现之后）` }]);
    }
    if (body.decision === 'deadline_set' && !body.deadlineOn) {
      throw fieldErrors([{ field: 'deadlineOn', message: '改正期限：限期改正须填写期限' }]);
    }
    if (body.deadlineOn && body.deadlineOn < body.decidedOn) {
      throw fieldErrors([{ field: 'deadlineOn', message: '改正期限：不能早于决定日期' }]);
    }
    const rules = await loadRules(tx);
    if (!DECIDABLE[body.decision].includes(run.level as RunLevel)) {
      throw duesRuleErrors(
        [
          {
            code: 'DUES_NOT_FLAGGED',
            field: 'decision',
            message: `这段连续未交不足${rules['dues.lapseMonths']}个月，只能批评教育、限期改正（党章第九条）`,
          },
        ],
        body.decidedOn,
      );
    }
    const id = await repo.insertDecision(tx, {
      runId: run.id,
      memberId: member.id,
      orgId: member.orgId,
      orgPath: member.orgPath,
      streakFrom: run.firstMonth,
      streakTo: run.lastMonth,
      decision: body.decision,
      decidedOn: body.decidedOn,
      deadlineOn: body.deadlineOn ?? null,
      note: body.note,
      recordedBy: ctx.actor.userId,
    });
    await repo.settleRun(tx, run.id);
    const span = monthRangeText(run.firstMonth, run.lastMonth);
    await writeAudit(tx, ctx, {
      action: 'dues.lapse.decide',
      entity: 'dues_lapse_decision',
      entityId: id,
      orgPath: member.orgPath,
      after: {
        ...body,
        memberId: member.id,
        level: run.level,
        streakFrom: run.firstMonth,
        streakTo: run.lastMonth,
        expectedFen: run.expectedFen,
      },
      reason: body.note,
    });
    const row = await repo.decisionById(tx, id);
    if (!row) throw notFound('决定');
    const message =
      body.decision === 'treated_as_left'
        ? `已记录党支部决定：${LAPSE_DECISION_LABELS[body.decision]}。党员名册状态未改变：除名须报上级党委批准后，按党员出党程序办理。`
        : `已记录党支部决定（${span}，应交${yuan(run.expectedFen)}元）：${LAPSE_DECISION_LABELS[body.decision]}。`;
    return { ...toDecisionDto(row), message };
  });
}
