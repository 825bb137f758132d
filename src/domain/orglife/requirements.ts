/**
 * Which organizational-life requirements (三会一课, 主题党日, 组织生活会, 民主评议) apply to an org over
 * a range of months.
 *
 * Only branches (党支部, 联合党支部) are covered: the 支部工作条例 frequencies are written for them.
 * Committees and general branches above branches hold their own 党委会 / 总支委员会, whose rules are
 * out of scope here, so they get no requirements rather than wrong ones.
 */
import type { IsoDate } from '../common/dates.js';
import { isBranchKind, type OrgKind } from '../org/labels.js';
import type { RuleId, Rules } from '../rules/index.js';
import { monthsBetweenKeys, type Period, type PeriodUnit, periodOf, periodUnitOfMonths } from './periods.js';
import { type RuleHistory, rulesInForceOn } from './versions.js';

export const MEETING_KINDS = [
  'general_meeting',
  'committee_meeting',
  'group_meeting',
  'party_lecture',
  'theme_day',
  'life_meeting',
  'member_review',
  'heart_talk',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  general_meeting: '支部党员大会',
  committee_meeting: '支部委员会会议',
  group_meeting: '党小组会',
  party_lecture: '党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
  member_review: '民主评议党员',
  heart_talk: '谈心谈话',
};

export interface OrgLifeOrg {
  kind: OrgKind;
  foundedOn: IsoDate | null;
  dissolvedOn: IsoDate | null;
  hasCommittee: boolean;
  groupIds: number[];
}

export interface Requirement {
  ruleId: RuleId;
  meetingKind: MeetingKind;
  period: Period;
  /** The party group for a group meeting. */
  subjectId?: number;
  /** Only lectures given by the branch secretary count (the secretary's yearly lecture). */
  bySecretary?: boolean;
  required: number;
}

/** The frequency rules, one per meeting kind the branch as a whole must hold once per period. */
const PERIOD_RULES: ReadonlyArray<{ ruleId: RuleId; kind: MeetingKind }> = [
  { ruleId: 'orglife.generalMeetingPeriod', kind: 'general_meeting' },
  { ruleId: 'orglife.committeeMeetingPeriod', kind: 'committee_meeting' },
  { ruleId: 'orglife.groupMeetingPeriod', kind: 'group_meeting' },
  { ruleId: 'orglife.partyLecturePeriod', kind: 'party_lecture' },
  { ruleId: 'orglife.themeDayPeriod', kind: 'theme_day' },
  { ruleId: 'orglife.lifeMeetingPeriod', kind: 'life_meeting' },
  { ruleId: 'orglife.memberReviewPeriod', kind: 'member_review' },
];

/** Every rule that produces a requirement (what an exemption by the higher org can name). */
export const REQUIREMENT_RULE_IDS: readonly RuleId[] = [
  ...PERIOD_RULES.map((r) => r.ruleId),
  'orglife.secretaryLecturesPerYear',
  'orglife.heartTalksPerYear',
];

/** Whether the org existed on some day of the period (a period wholly outside its life is not asked for). */
function overlapsLife(org: OrgLifeOrg, p: Period): boolean {
  if (org.foundedOn && org.foundedOn > p.end) return false;
  if (org.dissolvedOn && org.dissolvedOn < p.start) return false;
  return true;
}

/**
 * The periods of a frequency rule overlapping the months. A period is taken when the rule in force
 * on its first day has that unit, so a change of unit applies from the first period that starts
 * under it. A change taking effect mid-period (e.g. yearly → quarterly on 1 April) therefore leaves
 * the year already begun in place as well as the new quarters: versions should start on 1 January.
 */
function periodsOfRule(
  ruleId: RuleId,
  months: string[],
  at: (d: IsoDate) => Rules,
): Array<{ period: Period; rules: Rules }> {
  const out = new Map<string, { period: Period; rules: Rules }>();
  for (const month of months) {
    for (const unit of ['month', 'quarter', 'half_year', 'year'] as PeriodUnit[]) {
      const period = periodOf(`${month}-01`, unit);
      if (out.has(period.key)) continue;
      const rules = at(period.start);
      if (periodUnitOfMonths(rules[ruleId] as number) === unit) out.set(period.key, { period, rules });
    }
  }
  return [...out.values()].sort((a, b) => (a.period.start < b.period.start ? -1 : 1));
}

/**
 * The requirements for `org` over the months `fromMonth`..`toMonth` ('YYYY-MM', inclusive), judged
 * by `rules` and, for past periods, by `history`. 谈心谈话 (once a year per member, with a committee
 * member) needs the member list and talk records, and is not produced here yet.
 */
export function requirementsFor(
  org: OrgLifeOrg,
  fromMonth: string,
  toMonth: string,
  rules: Rules,
  history: RuleHistory = {},
): Requirement[] {
  if (!isBranchKind(org.kind)) return [];
  const months = monthsBetweenKeys(fromMonth, toMonth);
  const at = (d: IsoDate) => rulesInForceOn(d, rules, history);
  const out: Requirement[] = [];

  for (const { ruleId, kind } of PERIOD_RULES) {
    if (kind === 'committee_meeting' && !org.hasCommittee) continue;
    if (kind === 'group_meeting' && org.groupIds.length === 0) continue;
    for (const { period } of periodsOfRule(ruleId, months, at)) {
      if (!overlapsLife(org, period)) continue;
      if (kind === 'group_meeting') {
        for (const groupId of org.groupIds)
          out.push({ ruleId, meetingKind: kind, period, subjectId: groupId, required: 1 });
      } else {
        out.push({ ruleId, meetingKind: kind, period, required: 1 });
      }
    }
  }

  // The secretary's own lectures are counted per calendar year, on top of the branch's lectures.
  const years = new Map<string, Period>();
  for (const month of months) {
    const p = periodOf(`${month}-01`, 'year');
    years.set(p.key, p);
  }
  for (const period of years.values()) {
    const required = at(period.start)['orglife.secretaryLecturesPerYear'];
    if (required > 0 && overlapsLife(org, period)) {
      out.push({
        ruleId: 'orglife.secretaryLecturesPerYear',
        meetingKind: 'party_lecture',
        period,
        bySecretary: true,
        required,
      });
    }
  }
  return out;
}
