/**
 * Compliance (合规 / 达标): did an org meet one requirement in one period?
 *
 * States: met; due (the period is open, not met yet, with days left); missed (the period is over);
 * exempt (founded or dissolved inside the period, or excused by the higher org); not_started (a
 * future period).
 */
import { daysBetween, type IsoDate } from '../common/dates.js';
import type { RuleId, Rules } from '../rules/index.js';
import { inPeriod, periodLabel } from './periods.js';
import { MEETING_KIND_LABELS, type MeetingKind, type Requirement } from './requirements.js';
import { type RuleHistory, rulesInForceOn } from './versions.js';

export type MeetingStatus = 'draft' | 'submitted' | 'reviewed' | 'returned';

export interface HeldMeeting {
  kind: MeetingKind;
  date: IsoDate;
  status: MeetingStatus;
  groupId?: number;
  /** For a party lecture: given by the branch secretary. */
  bySecretary?: boolean;
}

export interface Exemption {
  ruleId: RuleId;
  periodKey: string;
  /** Why the higher org excused the period; shown with the result. */
  reason: string;
}

export interface ComplianceContext {
  today: IsoDate;
  foundedOn: IsoDate | null;
  dissolvedOn: IsoDate | null;
  exemptions: Exemption[];
}

export type ComplianceState = 'met' | 'due' | 'missed' | 'exempt' | 'not_started';

export interface ComplianceResult {
  ruleId: RuleId;
  meetingKind: MeetingKind;
  periodKey: string;
  subjectId?: number;
  state: ComplianceState;
  held: number;
  required: number;
  /** For `due`: days from today to the end of the period, both inclusive (today counts). */
  daysLeft?: number;
  /** Chinese, for exempt, due and missed. */
  reason?: string;
}

/**
 * A meeting counts once its record is submitted (and stays counted once reviewed). A draft may
 * describe a meeting that never took place, and a returned record was sent back by the higher org
 * as not acceptable (no minutes, wrong attendance…), so counting either would let a branch pass on
 * paperwork that nobody has vouched for.
 */
export function meetingCounts(m: HeldMeeting): boolean {
  return m.status === 'submitted' || m.status === 'reviewed';
}

function matches(req: Requirement, m: HeldMeeting): boolean {
  if (m.kind !== req.meetingKind || !meetingCounts(m) || !inPeriod(m.date, req.period)) return false;
  if (req.meetingKind === 'group_meeting' && req.subjectId !== undefined && m.groupId !== req.subjectId)
    return false;
  if (req.bySecretary && !m.bySecretary) return false;
  return true;
}

/**
 * Evaluates one requirement. `rules` (and `history` for past versions) decide whether founding or
 * dissolution exempts a period, by the value in force on the period's first day. A requirement that
 * was fulfilled is `met` even where an exemption would apply: the meetings were held and the rates
 * should show it.
 */
export function evaluate(
  req: Requirement,
  heldMeetings: HeldMeeting[],
  ctx: ComplianceContext,
  rules: Rules,
  history: RuleHistory = {},
): ComplianceResult {
  return judge(req, heldMeetings.filter((m) => matches(req, m)).length, ctx, rules, history);
}

/**
 * Judges one requirement given how much of it was held (meetings, or for 谈心谈话 the members who
 * had their talks). Shared by `evaluate` and the server's compliance table, which stores `held`
 * and the exemption and derives the state on read with `stateOn`.
 */
export function judge(
  req: Requirement,
  held: number,
  ctx: ComplianceContext,
  rules: Rules,
  history: RuleHistory = {},
): ComplianceResult {
  const base = {
    ruleId: req.ruleId,
    meetingKind: req.meetingKind,
    periodKey: req.period.key,
    ...(req.subjectId !== undefined ? { subjectId: req.subjectId } : {}),
    held,
    required: req.required,
  };
  if (held >= req.required) return { ...base, state: 'met' };

  const { start, end } = req.period;
  const exempt = exemptionReason(req, ctx, rules, history);
  if (exempt) return { ...base, state: 'exempt', reason: exempt };
  const state = stateOn(ctx.today, { start, end, held, required: req.required, exempt: false });
  if (state === 'not_started') return { ...base, state };
  if (state === 'due') {
    const daysLeft = daysLeftOn(ctx.today, end);
    return { ...base, state, daysLeft, reason: dueText(req, held, daysLeft) };
  }
  return { ...base, state, reason: missedText(req, held) };
}

/** Why a requirement is exempt (granted by the higher org, or founded/dissolved inside it), or null. */
export function exemptionReason(
  req: Requirement,
  ctx: Pick<ComplianceContext, 'foundedOn' | 'dissolvedOn' | 'exemptions'>,
  rules: Rules,
  history: RuleHistory = {},
): string | null {
  const { start, end } = req.period;
  const label = periodLabel(req.period.key);
  const granted = ctx.exemptions.find((e) => e.ruleId === req.ruleId && e.periodKey === req.period.key);
  if (granted) return `上级党组织批准${label}免于考核：${granted.reason}`;
  if (rulesInForceOn(start, rules, history)['orglife.exemptFoundedOrDissolvedInPeriod']) {
    // Founded on the first day, or dissolved on the last, leaves the whole period: no exemption.
    if (ctx.foundedOn && ctx.foundedOn > start && ctx.foundedOn <= end) {
      return `${ctx.foundedOn}成立，${label}免于考核`;
    }
    if (ctx.dissolvedOn && ctx.dissolvedOn >= start && ctx.dissolvedOn < end) {
      return `${ctx.dissolvedOn}撤销，${label}免于考核`;
    }
  }
  return null;
}

/** The state of a stored requirement on `today`: what `judge` says, from the stored figures. */
export function stateOn(
  today: IsoDate,
  r: { start: IsoDate; end: IsoDate; held: number; required: number; exempt: boolean },
): ComplianceState {
  if (r.held >= r.required) return 'met';
  if (r.exempt) return 'exempt';
  if (today < r.start) return 'not_started';
  if (today <= r.end) return 'due';
  return 'missed';
}

/** Days from today to the end of the period, both inclusive (today counts). */
export function daysLeftOn(today: IsoDate, end: IsoDate): number {
  return daysBetween(today, end) + 1;
}

type Described = Pick<Requirement, 'meetingKind' | 'required' | 'bySecretary'> & { period: { key: string } };

function parts(req: Described, held: number) {
  const what = `${MEETING_KIND_LABELS[req.meetingKind]}${req.bySecretary ? '（书记讲授）' : ''}`;
  const count =
    req.meetingKind === 'heart_talk'
      ? `应谈${req.required}人，已谈${held}人`
      : `应${req.required}次，已${held}次`;
  return { label: periodLabel(req.period.key), what, count };
}

/** "2026年第四季度支部党员大会应1次，已0次，剩余39天". */
export function dueText(req: Described, held: number, daysLeft: number): string {
  const { label, what, count } = parts(req, held);
  return `${label}${what}${count}，剩余${daysLeft}天`;
}

/** "2026年第三季度支部党员大会未按要求召开（应1次，已0次）"; heart talks are 完成, not 召开. */
export function missedText(req: Described, held: number): string {
  const { label, what, count } = parts(req, held);
  return `${label}${what}未按要求${req.meetingKind === 'heart_talk' ? '完成' : '召开'}（${count}）`;
}

export interface KindSummary {
  met: number;
  missed: number;
  due: number;
  exempt: number;
  notStarted: number;
  /** `completionRate`: met / (met + missed + due); exempt and not started are left out. */
  rate: number | null;
}

/**
 * 完成率: of the requirements whose period has started (and that are not exempt), the share met.
 * The due ones count as not done yet: a rate over met and missed alone read 100% next to five items
 * still open, because an item met early counted at once while one still open counted nowhere.
 * Null when nothing has started. The compliance page, its heat map and the dashboard all use this.
 */
export function completionRate(c: { met: number; missed: number; due: number }): number | null {
  const required = c.met + c.missed + c.due;
  return required === 0 ? null : c.met / required;
}

export interface ComplianceSummary {
  byKind: Partial<Record<MeetingKind, KindSummary>>;
  total: KindSummary;
}

function emptySummary(): KindSummary {
  return { met: 0, missed: 0, due: 0, exempt: 0, notStarted: 0, rate: null };
}

function add(s: KindSummary, state: ComplianceState): void {
  if (state === 'not_started') s.notStarted += 1;
  else s[state] += 1;
  s.rate = completionRate(s);
}

/** Counts and rates by meeting kind and overall. */
export function summarize(
  results: ReadonlyArray<Pick<ComplianceResult, 'meetingKind' | 'state'>>,
): ComplianceSummary {
  const byKind: Partial<Record<MeetingKind, KindSummary>> = {};
  const total = emptySummary();
  for (const r of results) {
    byKind[r.meetingKind] ??= emptySummary();
    add(byKind[r.meetingKind] as KindSummary, r.state);
    add(total, r.state);
  }
  return { byKind, total };
}
