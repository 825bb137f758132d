import { describe, expect, it } from 'vitest';
import { defaultRules, resolveRules } from '../rules/index.js';
import { heartTalkRequirements, membersTalkedWith } from './heart-talks.js';
import { parsePeriodKey } from './periods.js';

const org = { foundedOn: '2020-01-01', dissolvedOn: null };

describe('heart talks', () => {
  it('asks once per calendar year covered by the months, for every member', () => {
    const reqs = heartTalkRequirements(org, ['2025-12', '2026-01', '2026-02'], 42, defaultRules);
    expect(reqs.map((r) => [r.period.key, r.required, r.meetingKind])).toEqual([
      ['2025', 42, 'heart_talk'],
      ['2026', 42, 'heart_talk'],
    ]);
  });

  it('asks nothing of a branch without members or outside its life', () => {
    expect(heartTalkRequirements(org, ['2026-01'], 0, defaultRules)).toEqual([]);
    expect(
      heartTalkRequirements({ foundedOn: '2027-03-01', dissolvedOn: null }, ['2026-05'], 5, defaultRules),
    ).toEqual([]);
  });

  it('counts the members who had enough talks inside the year', () => {
    const year = parsePeriodKey('2026')!;
    const talks = [
      { memberId: 1, talkedOn: '2026-03-01' },
      { memberId: 2, talkedOn: '2025-12-31' },
      { memberId: 3, talkedOn: '2026-12-31' },
      { memberId: 3, talkedOn: '2026-06-01' },
      { memberId: 9, talkedOn: '2026-06-01' },
    ];
    expect(membersTalkedWith(year, [1, 2, 3], talks, 1)).toBe(2);
    // With two talks a year required, only member 3 qualifies; member 9 is not in the list.
    expect(membersTalkedWith(year, [1, 2, 3], talks, 2)).toBe(1);
    const twice = resolveRules({ 'orglife.heartTalksPerYear': 2 });
    expect(heartTalkRequirements(org, ['2026-01'], 3, twice)[0]?.required).toBe(3);
  });
});
