/**
 * 谈心谈话: every member should talk with a committee member at least `orglife.heartTalksPerYear`
 * times a year (支部工作条例, see the rule's citation). Unlike the meetings, the requirement is per
 * member, so it is judged as one yearly requirement of the branch whose `required` is the number of
 * members and whose `held` is the number of members who had enough talks: "已谈 38/42 人".
 */
import type { IsoDate } from '../common/dates.js';
import type { Rules } from '../rules/index.js';
import { type Period, periodOf } from './periods.js';
import type { OrgLifeOrg, Requirement } from './requirements.js';
import { type RuleHistory, rulesInForceOn } from './versions.js';

export interface HeartTalk {
  memberId: number;
  talkedOn: IsoDate;
}

/** The yearly heart-talk requirements over the months, for a branch with `memberIds` to talk with. */
export function heartTalkRequirements(
  org: Pick<OrgLifeOrg, 'foundedOn' | 'dissolvedOn'>,
  months: string[],
  memberCount: number,
  rules: Rules,
  history: RuleHistory = {},
): Requirement[] {
  if (memberCount === 0) return [];
  const years = new Map<string, Period>();
  for (const month of months) {
    const p = periodOf(`${month}-01`, 'year');
    years.set(p.key, p);
  }
  const out: Requirement[] = [];
  for (const period of years.values()) {
    if (org.foundedOn && org.foundedOn > period.end) continue;
    if (org.dissolvedOn && org.dissolvedOn < period.start) continue;
    if (rulesInForceOn(period.start, rules, history)['orglife.heartTalksPerYear'] <= 0) continue;
    out.push({
      ruleId: 'orglife.heartTalksPerYear',
      meetingKind: 'heart_talk',
      period,
      required: memberCount,
    });
  }
  return out;
}

/** How many of `memberIds` had at least the required number of talks inside the period. */
export function membersTalkedWith(
  period: Period,
  memberIds: readonly number[],
  talks: readonly HeartTalk[],
  perMember: number,
): number {
  const counts = new Map<number, number>();
  for (const t of talks) {
    if (t.talkedOn < period.start || t.talkedOn > period.end) continue;
    counts.set(t.memberId, (counts.get(t.memberId) ?? 0) + 1);
  }
  return memberIds.filter((id) => (counts.get(id) ?? 0) >= perMember).length;
}
