/**
 * Arrears (欠交) and the lapse flag of 党章第九条: the system flags members with consecutive unpaid
 * months (warning at `dues.warningMonths`, lapse at `dues.lapseMonths`); the branch decides and its
 * decision is recorded here. A 'reason_accepted' decision excuses the streak it was about (the
 * months up to its streakTo no longer count); 'treated_as_left' changes nothing in the register:
 * 除名 needs the higher committee's approval and goes through the member's own procedure.
 *
 * The list reads the subtree's owed rows in one query, then only the candidate members' months.
 */
import type { z } from 'zod';
import { yuan } from '../../../domain/dues/amounts.js';
import { type ArrearsLevel, LAPSE_DECISION_LABELS, type LapseDecision } from '../../../domain/dues/labels.js';
import { monthOf } from '../../../domain/dues/months.js';
import type { ArrearsRowDto, arrearsQuery, lapseDecisionBody } from '../../../shared/contracts/dues.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { fieldErrors, notFound, ruleErrors } from '../../lib/errors.js';
import { loadRules } from '../settings/rules.js';
import * as repo from './repo.js';
import { arrearsStates, MEMBER, readScope, writeScope } from './service.js';

const toDecisionDto = (d: repo.DecisionRow) => ({
  id: d.id,
  decision: d.decision as LapseDecision,
  decidedOn: d.decidedOn,
  deadlineOn: d.deadlineOn,
  streakFrom: monthOf(d.streakFrom),
  streakTo: monthOf(d.streakTo),
  note: d.note,
  recordedByName: d.recordedByName,
});

/** Arrears of members as of the current month, with the rules in force (see `arrearsStates`). */
export async function statesOf(db: DbOrTx, memberIds: number[], currentMonth: string) {
  const rules = await loadRules(db);
  return { rules, out: await arrearsStates(db, memberIds, currentMonth, rules) };
}

const LEVEL_ORDER: Record<ArrearsLevel, number> = { lapse: 0, warning: 1, arrears: 2 };

export async function arrearsList(db: Db, ctx: RequestContext, q: z.infer<typeof arrearsQuery>) {
  const scope = readScope(ctx);
  const org = await repo.findOrg(db, scope, q.orgId);
  if (!org) throw notFound('组织');
  const current = monthOf(ctx.today);
  const ids = await repo.arrearsCandidates(db, scope, org.path, current);
  const { rules, out } = await statesOf(db, ids, current);
  const names = new Map((await repo.memberNames(db, ids)).map((m) => [m.id, m]));
  const rows: ArrearsRowDto[] = [];
  for (const id of ids) {
    const s = out.get(id);
    const m = names.get(id);
    if (!s || !m || !s.state.level) continue;
    rows.push({
      memberId: id,
      memberName: m.name,
      orgId: m.orgId,
      orgName: m.orgName,
      level: s.state.level,
      unpaidStreak: s.state.unpaidStreak,
      streakFrom: s.state.streakFrom,
      streakTo: s.state.streakTo,
      arrearsFen: s.state.arrearsFen,
      owedMonths: s.state.owedMonths,
      beyondBackpay: s.state.beyondBackpay,
      lastPaidOn: s.lastPaidOn,
      decision: s.decision ? toDecisionDto(s.decision) : null,
    });
  }
  const counts = { lapse: 0, warning: 0, arrears: 0 };
  for (const r of rows) counts[r.level]++;
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

/** Which arrears levels a decision may be recorded for. */
const DECIDABLE: Record<LapseDecision, readonly ArrearsLevel[]> = {
  deadline_set: ['lapse', 'warning'],
  reason_accepted: ['lapse'],
  treated_as_left: ['lapse'],
};

export async function recordDecision(db: Db, ctx: RequestContext, body: z.infer<typeof lapseDecisionBody>) {
  return db.transaction(async (tx) => {
    const member = await repo.findMember(tx, writeScope(ctx), body.memberId, true);
    if (!member) throw notFound(MEMBER);
    if (body.decidedOn > ctx.today) {
      throw fieldErrors([{ field: 'decidedOn', message: '决定日期：不能晚于今天' }]);
    }
    if (body.decision === 'deadline_set' && !body.deadlineOn) {
      throw fieldErrors([{ field: 'deadlineOn', message: '改正期限：限期改正须填写期限' }]);
    }
    if (body.deadlineOn && body.deadlineOn < body.decidedOn) {
      throw fieldErrors([{ field: 'deadlineOn', message: '改正期限：不能早于决定日期' }]);
    }
    const { rules, out } = await statesOf(tx, [member.id], monthOf(ctx.today));
    const s = out.get(member.id)?.state;
    const allowed = DECIDABLE[body.decision];
    if (!s?.level || !allowed.includes(s.level) || !s.streakFrom || !s.streakTo) {
      throw ruleErrors([
        {
          code: 'DUES_NOT_FLAGGED',
          field: 'decision',
          message:
            body.decision === 'deadline_set'
              ? `该党员目前没有连续${rules['dues.warningMonths']}个月以上未交党费，无需作出决定`
              : `该党员目前没有连续${rules['dues.lapseMonths']}个月未交党费，不能作出此决定（党章第九条）`,
        },
      ]);
    }
    const id = await repo.insertDecision(tx, {
      memberId: member.id,
      orgId: member.orgId,
      orgPath: member.orgPath,
      streakFrom: s.streakFrom,
      streakTo: s.streakTo,
      decision: body.decision,
      decidedOn: body.decidedOn,
      deadlineOn: body.deadlineOn ?? null,
      note: body.note,
      recordedBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'dues.lapse.decide',
      entity: 'dues_lapse_decision',
      entityId: id,
      orgPath: member.orgPath,
      after: { ...body, streakFrom: s.streakFrom, streakTo: s.streakTo, arrearsFen: s.arrearsFen },
      reason: body.note,
    });
    const row = await repo.decisionById(tx, id);
    if (!row) throw notFound('决定');
    const message =
      body.decision === 'treated_as_left'
        ? `已记录党支部决定：${LAPSE_DECISION_LABELS[body.decision]}。党员名册状态未改变：除名须报上级党委批准后，按党员出党程序办理。`
        : `已记录党支部决定：${LAPSE_DECISION_LABELS[body.decision]}（欠交${yuan(s.arrearsFen)}元）。`;
    return { ...toDecisionDto(row), message };
  });
}
