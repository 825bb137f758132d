/**
 * 学时: study sessions credited from heartbeats (the server's clock and rules decide, decision
 * 0046), the member's own ledger, and the ledger of a member in scope with its trace.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { todayInZone } from '../../../domain/common/dates.js';
import {
  BEAT_VERDICT_LABELS,
  type BeatVerdict,
  type CreditRules,
  isIdle,
  judgeBeat,
  type SessionState,
  type SessionStatus,
} from '../../../domain/hours/credit.js';
import { rulesInForceOn } from '../../../domain/orglife/versions.js';
import type { Rules } from '../../../domain/rules/index.js';
import type {
  LedgerDto,
  OnlineTraceDto,
  StudyStartDto,
  StudyStateDto,
  studyBeatBody,
  studyEndBody,
  studyStartBody,
} from '../../../shared/contracts/hours.js';
import { SESSION_STATUS_LABELS } from '../../../shared/contracts/hours.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { visibleItemForMember } from '../learning/index.js';
import { loadRuleHistory, loadRules } from '../settings/index.js';
import * as repo from './repo.js';

const ITEM = '学习资料';
const SESSION = '学习会话';
const MEMBER = '党员';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function creditRulesOf(rules: Rules): CreditRules {
  return {
    heartbeatSeconds: rules['learning.heartbeatSeconds'],
    maxGapSeconds: rules['learning.heartbeatMaxGapSeconds'],
    idleMinutes: rules['learning.sessionIdleMinutes'],
    dailyCapSeconds: rules['learning.dailyOnlineCapMinutes'] * 60,
  };
}

/** The rules in force on a day (rule history), e.g. the year's minutes per 学时 on its first day. */
export async function rulesOn(db: DbOrTx, day: string): Promise<Rules> {
  const [rules, history] = await Promise.all([loadRules(db), loadRuleHistory(db)]);
  return rulesInForceOn(day, rules, history);
}

/** The caller's member record; an account without one (an applicant, a manager) cannot study. */
async function ownMember(db: DbOrTx, ctx: RequestContext) {
  const memberId = ctx.actor.memberId;
  if (!memberId) throw new AppError('HOURS_NOT_A_MEMBER');
  const m = await repo.member(db, memberId);
  if (!m || m.status === 'left' || m.status === 'deceased') throw new AppError('HOURS_NOT_A_MEMBER');
  return m;
}

const isMedia = (kind: string) => kind === 'video' || kind === 'audio';

function stateDto(
  s: {
    id: number;
    itemId: number;
    status: string;
    creditedSeconds: number;
    reached: number;
    nextSeq: number;
  },
  r: CreditRules,
  f: {
    verdict: BeatVerdict | null;
    credited: number;
    itemSeconds: number;
    todaySeconds: number;
    lengthSeconds: number;
  },
): StudyStateDto {
  return {
    sessionId: s.id,
    itemId: s.itemId,
    status: s.status,
    verdict: f.verdict,
    verdictLabel: f.verdict ? BEAT_VERDICT_LABELS[f.verdict] : null,
    credited: f.credited,
    sessionSeconds: s.creditedSeconds,
    itemSeconds: f.itemSeconds,
    todaySeconds: f.todaySeconds,
    lengthSeconds: f.lengthSeconds,
    dailyCapSeconds: r.dailyCapSeconds,
    reached: s.reached,
    heartbeatSeconds: r.heartbeatSeconds,
    nextSeq: s.nextSeq,
  };
}

// ---------------------------------------------------------------------------------------------
// Sessions

/**
 * Starts studying an item the member may see. The member's active session (on any device) is
 * superseded: its later beats credit nothing. The session resumes at the furthest point the
 * member reached in the item before (seeking past it credits nothing).
 */
export async function start(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof studyStartBody>,
): Promise<StudyStartDto> {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const m = await ownMember(tx, ctx);
    const item = await visibleItemForMember(tx, m.id, body.itemId, ctx.today);
    if (!item) throw notFound(ITEM);
    const rules = creditRulesOf(await rulesOn(tx, ctx.today));
    const old = await repo.closeActive(tx, m.id, 'superseded', ctx.now);
    const reached = isMedia(item.kind) ? await repo.reachedOf(tx, m.id, item.id) : 0;
    const token = randomBytes(24).toString('base64url');
    const s = await repo.insertSession(tx, {
      tokenHash: sha256(token),
      memberId: m.id,
      itemId: item.id,
      userId: ctx.actor.userId,
      deviceHash: sha256(`device:${body.deviceId}`),
      at: ctx.now,
      position: reached,
      reached,
    });
    if (old) await repo.setSupersededBy(tx, old, s.id);
    const totals = await repo.onlineTotals(tx, m.id, item.id, ctx.today);
    return {
      token,
      ...stateDto(s, rules, {
        verdict: null,
        credited: 0,
        itemSeconds: totals.item,
        todaySeconds: totals.day,
        lengthSeconds: item.lengthSeconds,
      }),
    };
  });
}

/**
 * One heartbeat, judged by the server's clock (`ctx.now`) against the session as stored and the
 * rules in force today; stored with its verdict whatever it is (the trace), credited in the same
 * transaction. A beat to a superseded, ended or expired session is stored and credits nothing.
 */
export async function beat(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof studyBeatBody>,
): Promise<StudyStateDto> {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const m = await ownMember(tx, ctx);
    const s = await repo.sessionByToken(tx, m.id, sha256(body.token));
    if (!s) throw notFound(SESSION);
    if (body.seq < s.nextSeq) throw new AppError('HOURS_BEAT_REPLAYED');
    const [ruleValues, ruleHistory] = await Promise.all([loadRules(tx), loadRuleHistory(tx)]);
    const todayRules = rulesInForceOn(ctx.today, ruleValues, ruleHistory);
    const rules = creditRulesOf(todayRules);
    const day = todayInZone(ctx.now);
    const item = s.status === 'active' ? await visibleItemForMember(tx, m.id, s.itemId, ctx.today) : null;
    let status = s.status as SessionStatus;
    // Withdrawn or no longer for the member (moved away, left): the session ends.
    if (!item && status === 'active') status = 'ended';
    const last = await repo.lastBeat(tx, s.id);
    const state: SessionState = {
      status,
      lastBeatAt: Date.parse(s.lastBeatAt),
      position: s.position,
      reached: s.reached,
      prevVisible: last?.visible ?? true,
      prevPlaying: last?.playing ?? true,
    };
    const totals = await repo.onlineTotals(tx, m.id, s.itemId, day);
    const lengthSeconds = item?.lengthSeconds ?? 0;
    const r = judgeBeat(
      state,
      { at: ctx.now.getTime(), position: body.position, visible: body.visible, playing: body.playing },
      {
        media: isMedia(item?.kind ?? 'text'),
        lengthSeconds,
        itemCredited: totals.item,
        dayCredited: totals.day,
      },
      rules,
    );
    const nextSeq = body.seq + 1;
    const ended = r.next.status !== 'active' && s.status === 'active';
    await repo.updateSession(tx, s.id, {
      lastBeatAt: new Date(r.next.lastBeatAt),
      nextSeq,
      position: r.next.position,
      reached: r.next.reached,
      addCredited: r.credited,
      status: r.next.status,
      endedAt: ended ? ctx.now : null,
    });
    await repo.insertBeat(tx, {
      sessionId: s.id,
      seq: body.seq,
      at: ctx.now,
      position: Math.floor(body.position),
      visible: body.visible,
      playing: body.playing,
      creditedSeconds: r.credited,
      verdict: r.verdict,
    });
    if (r.credited > 0) {
      const studied = await repo.addOnline(tx, {
        memberId: m.id,
        orgId: m.orgId,
        orgPath: m.orgPath,
        itemId: s.itemId,
        day,
        seconds: r.credited,
      });
      // What derives from the hours (the points of study) changes only when the year's study
      // completes another whole 学时, so a beat touches the topic only then: a beat every 30 s
      // would otherwise re-derive the branch's points each time. Both readings of the 学时 (the
      // year's first day's rule, which the points use, and today's) are checked.
      const yearStart = rulesInForceOn(`${day.slice(0, 4)}-01-01`, ruleValues, ruleHistory);
      const units = new Set([todayRules, yearStart].map((x) => x['learning.minutesPerHour'] * 60));
      if ([...units].some((u) => Math.floor((studied - r.credited) / u) !== Math.floor(studied / u))) {
        tx.touch('hours', [m.orgId]);
      }
    }
    return stateDto(
      {
        id: s.id,
        itemId: s.itemId,
        status: r.next.status,
        creditedSeconds: s.creditedSeconds + r.credited,
        reached: r.next.reached,
        nextSeq,
      },
      rules,
      {
        verdict: r.verdict,
        credited: r.credited,
        itemSeconds: totals.item + r.credited,
        todaySeconds: totals.day + r.credited,
        lengthSeconds,
      },
    );
  });
}

/** Ends the session (the page closed, the item finished). Nothing is credited by ending. */
export async function end(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof studyEndBody>,
): Promise<StudyStateDto> {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const m = await ownMember(tx, ctx);
    const s = await repo.sessionByToken(tx, m.id, sha256(body.token));
    if (!s) throw notFound(SESSION);
    const rules = creditRulesOf(await rulesOn(tx, ctx.today));
    let status = s.status;
    if (status === 'active') {
      status = isIdle({ lastBeatAt: Date.parse(s.lastBeatAt) }, ctx.now.getTime(), rules)
        ? 'expired'
        : 'ended';
      await repo.updateSession(tx, s.id, {
        lastBeatAt: new Date(s.lastBeatAt),
        nextSeq: s.nextSeq,
        position: s.position,
        reached: s.reached,
        addCredited: 0,
        status,
        endedAt: ctx.now,
      });
    }
    const totals = await repo.onlineTotals(tx, m.id, s.itemId, todayInZone(ctx.now));
    const item = await visibleItemForMember(tx, m.id, s.itemId, ctx.today);
    return stateDto({ ...s, status }, rules, {
      verdict: null,
      credited: 0,
      itemSeconds: totals.item,
      todaySeconds: totals.day,
      lengthSeconds: item?.lengthSeconds ?? 0,
    });
  });
}

export async function myItems(db: Db, ctx: RequestContext) {
  const memberId = ctx.actor.memberId;
  if (!memberId) return [];
  const rows = await repo.itemProgress(db, memberId);
  return rows.map((r) => ({ ...r, lastStudiedAt: r.lastStudiedAt }));
}

// ---------------------------------------------------------------------------------------------
// The ledger

async function ledgerOf(db: DbOrTx, m: repo.MemberRow, year: number): Promise<LedgerDto> {
  const [credits, rules] = await Promise.all([repo.ledger(db, m.id, year), rulesOn(db, `${year}-01-01`)]);
  const sum = (s: string) => credits.filter((c) => c.source === s).reduce((a, c) => a + c.seconds, 0);
  const totals = {
    onlineSeconds: sum('online'),
    classSeconds: sum('class'),
    externalSeconds: sum('external'),
  };
  return {
    member: { id: m.id, name: m.name, orgId: m.orgId, orgName: m.orgName },
    year,
    minutesPerHour: rules['learning.minutesPerHour'],
    totals: { ...totals, totalSeconds: totals.onlineSeconds + totals.classSeconds + totals.externalSeconds },
    credits,
  };
}

const yearOf = (ctx: RequestContext, year?: number) => year ?? Number(ctx.today.slice(0, 4));

export async function myLedger(db: Db, ctx: RequestContext, year?: number) {
  const m = await ownMember(db, ctx);
  return ledgerOf(db, m, yearOf(ctx, year));
}

export async function memberLedger(db: Db, ctx: RequestContext, memberId: number, year?: number) {
  const m = await repo.memberInScope(db, ctx.actor.scope('learning.read'), memberId);
  if (!m) throw notFound(MEMBER);
  return ledgerOf(db, m, yearOf(ctx, year));
}

/** The sessions and beats behind a member's online credit of an item on a day. */
export async function onlineTrace(
  db: Db,
  ctx: RequestContext,
  memberId: number,
  q: { itemId: number; day: string },
): Promise<OnlineTraceDto> {
  const m = await repo.memberInScope(db, ctx.actor.scope('learning.read'), memberId);
  if (!m) throw notFound(MEMBER);
  const title = await repo.itemTitle(db, q.itemId);
  if (title === null) throw notFound(ITEM);
  const { sessions, beats } = await repo.trace(db, m.id, q.itemId, q.day);
  const credits = await repo.ledger(db, m.id, Number(q.day.slice(0, 4)));
  const credited = credits
    .filter((c) => c.source === 'online' && c.sourceId === q.itemId && c.creditedOn === q.day)
    .reduce((a, c) => a + c.seconds, 0);
  return {
    memberId: m.id,
    itemId: q.itemId,
    itemTitle: title,
    day: q.day,
    creditedSeconds: credited,
    sessions: sessions.map((s) => ({
      id: s.id,
      startedAt: s.startedAt,
      lastBeatAt: s.lastBeatAt,
      status: s.status,
      statusLabel: SESSION_STATUS_LABELS[s.status] ?? s.status,
      device: s.deviceHash.slice(0, 8),
      creditedSeconds: s.creditedSeconds,
      supersededBy: s.supersededBy,
      beats: beats
        .filter((b) => b.sessionId === s.id)
        .map((b) => ({
          seq: b.seq,
          at: b.at,
          position: b.position,
          visible: b.visible,
          playing: b.playing,
          creditedSeconds: b.creditedSeconds,
          verdict: b.verdict,
          verdictLabel: BEAT_VERDICT_LABELS[b.verdict as BeatVerdict] ?? b.verdict,
        })),
    })),
  };
}
