/**
 * 学时进度 (issue #20, decision 0047): a member's yearly target by role as of a date, the pace of
 * the year, a member's standing, the new secretary's training deadline and the probationary
 * member's training. Pure: dates come in as ISO strings, rules as the values in force for the year.
 *
 * - Target: 班子成员 (any committee role held on some day of the year, up to the as-of date) have
 *   `learning.leaderYearlyHours`, everyone else `learning.memberYearlyHours`; the rules are those
 *   in force on 1 January of the year (a target does not move under a member in the middle of it).
 * - Hours are seconds divided by `learning.minutesPerHour` × 60 as of the year.
 * - Pace: the target × the share of the year elapsed on the as-of date (the day itself counted).
 *   Standing is one of met (at or over the target), on_pace, behind (below pace, some hours),
 *   none (no hours at all): the four are exclusive and add up to the members counted.
 */
import { addMonths, daysBetween, type IsoDate } from '../common/dates.js';

export type Standing = 'met' | 'on_pace' | 'behind' | 'none';
export const STANDINGS: readonly Standing[] = ['met', 'on_pace', 'behind', 'none'];
export const STANDING_LABELS: Record<Standing, string> = {
  met: '已达标',
  on_pace: '进度正常',
  behind: '进度落后',
  none: '尚无学时',
};

export type TargetRole = 'leader' | 'member';
export const TARGET_ROLE_LABELS: Record<TargetRole, string> = { leader: '书记和班子成员', member: '党员' };

export interface TargetRules {
  memberYearlyHours: number;
  leaderYearlyHours: number;
  minutesPerHour: number;
}

/** A committee role's dates (committee_members.started_on / ended_on; ended_on exclusive). */
export interface CommitteeSpan {
  role: string;
  startedOn: IsoDate;
  endedOn: IsoDate | null;
}

const yearStart = (year: number): IsoDate => `${year}-01-01`;
const yearEnd = (year: number): IsoDate => `${year}-12-31`;

/**
 * The last day of `year` known on `on`: the as-of date inside the year, 31 December after it, and
 * null before the year began (nothing of the year is known yet).
 */
export function lastKnownDay(year: number, on: IsoDate): IsoDate | null {
  if (on < yearStart(year)) return null;
  return on > yearEnd(year) ? yearEnd(year) : on;
}

/**
 * 班子成员 for the year as of `on`: a committee role held on at least one day between 1 January
 * and the last day of the year known on `on` (a role begun after `on` is not known yet).
 */
export function isLeaderInYear(spans: readonly CommitteeSpan[], year: number, on: IsoDate): boolean {
  const last = lastKnownDay(year, on);
  if (!last) return false;
  return spans.some((s) => s.startedOn <= last && (s.endedOn === null || s.endedOn > yearStart(year)));
}

export function targetHours(role: TargetRole, rules: TargetRules): number {
  return role === 'leader' ? rules.leaderYearlyHours : rules.memberYearlyHours;
}

export function secondsPerHour(rules: Pick<TargetRules, 'minutesPerHour'>): number {
  return rules.minutesPerHour * 60;
}

export function targetSeconds(role: TargetRole, rules: TargetRules): number {
  return targetHours(role, rules) * secondsPerHour(rules);
}

/** 学时 of `seconds`, to one decimal place (what pages show). */
export function hoursOf(seconds: number, rules: Pick<TargetRules, 'minutesPerHour'>): number {
  return Math.round((seconds / secondsPerHour(rules)) * 10) / 10;
}

/** The share of `year` elapsed on `on` (the day counted): 0 before the year, 1 after it. */
export function elapsedShare(year: number, on: IsoDate): number {
  const last = lastKnownDay(year, on);
  if (!last) return 0;
  const days = daysBetween(yearStart(year), yearEnd(year)) + 1;
  return (daysBetween(yearStart(year), last) + 1) / days;
}

/** Seconds a member should have by `on` to be on pace (whole seconds, rounded down). */
export function expectedSeconds(target: number, year: number, on: IsoDate): number {
  return Math.floor(target * elapsedShare(year, on));
}

export function standingOf(seconds: number, target: number, expected: number): Standing {
  if (seconds <= 0) return target <= 0 ? 'met' : 'none';
  if (seconds >= target) return 'met';
  return seconds >= expected ? 'on_pace' : 'behind';
}

/** The rate of target met (0–1), null without members. */
export function metRate(met: number, members: number): number | null {
  return members > 0 ? met / members : null;
}

// ---- the new secretary ------------------------------------------------------------------------

export interface NewSecretaryCheck {
  /** The last day of the window (took office + N months, the day before the same date). */
  deadline: IsoDate;
  trained: boolean;
  /** due: still within the window, untrained; overdue: the window closed untrained. */
  state: 'trained' | 'due' | 'overdue';
  daysLeft: number;
}

/**
 * A secretary who took office on `startedOn` must complete a class organised above the branch
 * within `months` months (`learning.newSecretaryTrainingMonths`). `trainedOn` is the last day of the
 * first such class completed on or after `startedOn` (null: none).
 */
export function newSecretaryCheck(
  startedOn: IsoDate,
  months: number,
  on: IsoDate,
  trainedOn: IsoDate | null,
): NewSecretaryCheck {
  const deadline = addMonths(startedOn, months);
  const last = deadline; // inclusive: six months after 2026-03-15 is 2026-09-15
  const trained = trainedOn !== null && trainedOn >= startedOn;
  const daysLeft = daysBetween(on, last);
  return { deadline: last, trained, state: trained ? 'trained' : on > last ? 'overdue' : 'due', daysLeft };
}

/**
 * Secretaries listed by the progress page: in office on `on`, took office on or before it, and
 * either still within the window or past it by less than `graceMonths` (an old secretary from
 * before the system is not "new"; a missed deadline stays visible for a year).
 */
export function isNewSecretaryOn(startedOn: IsoDate, months: number, on: IsoDate, graceMonths = 12): boolean {
  if (startedOn > on) return false;
  return addMonths(startedOn, months + graceMonths) >= on;
}

// ---- the probationary member ------------------------------------------------------------------

/**
 * A probationary member (预备党员) must complete a class organised by a higher organisation during
 * the probation (from admission `joinedOn`), when `learning.probationaryTrainingRequired`.
 * `trainedOn`: the last day of the first such class completed on or after admission.
 */
export function probationaryTrained(joinedOn: IsoDate, trainedOn: IsoDate | null): boolean {
  return trainedOn !== null && trainedOn >= joinedOn;
}

/** Is `classPath` (the organising org) above `memberOrgPath` (strict ancestor)? */
export function organisedAbove(classPath: string, memberOrgPath: string): boolean {
  return memberOrgPath.startsWith(`${classPath}.`);
}
