import { describe, expect, it } from 'vitest';
import { defaultRules, resolveRules, ruleDef } from '../rules/index.js';
import {
  type ComplianceContext,
  completionRate,
  evaluate,
  type HeldMeeting,
  summarize,
} from './compliance.js';
import { parsePeriodKey } from './periods.js';
import { type OrgLifeOrg, type Requirement, requirementsFor } from './requirements.js';
import { rulesInForceOn } from './versions.js';

const branch: OrgLifeOrg = {
  kind: 'branch',
  foundedOn: '2020-01-01',
  dissolvedOn: null,
  hasCommittee: true,
  groupIds: [11, 12],
};

const req = (key: string, over: Partial<Requirement> = {}): Requirement => ({
  ruleId: 'orglife.generalMeetingPeriod',
  meetingKind: 'general_meeting',
  period: parsePeriodKey(key)!,
  required: 1,
  ...over,
});

const ctx = (over: Partial<ComplianceContext> = {}): ComplianceContext => ({
  today: '2026-11-23',
  foundedOn: '2020-01-01',
  dissolvedOn: null,
  exemptions: [],
  ...over,
});

const gm = (date: string, status: HeldMeeting['status'] = 'submitted'): HeldMeeting => ({
  kind: 'general_meeting',
  date,
  status,
});

describe('catalog entries for organizational life', () => {
  it('holds the defaults and citations from the rules sheet', () => {
    expect(defaultRules['orglife.generalMeetingPeriod']).toBe(3);
    expect(defaultRules['orglife.committeeMeetingPeriod']).toBe(1);
    expect(defaultRules['orglife.groupMeetingPeriod']).toBe(1);
    expect(defaultRules['orglife.partyLecturePeriod']).toBe(3);
    expect(defaultRules['orglife.themeDayPeriod']).toBe(1);
    expect(defaultRules['orglife.lifeMeetingPeriod']).toBe(12);
    expect(defaultRules['orglife.memberReviewPeriod']).toBe(12);
    expect(defaultRules['orglife.secretaryLecturesPerYear']).toBe(1);
    expect(defaultRules['orglife.heartTalksPerYear']).toBe(1);
    expect(defaultRules['orglife.exemptFoundedOrDissolvedInPeriod']).toBe(true);
    expect(defaultRules['vote.passShare']).toEqual({ num: 1, den: 2 });
    expect(ruleDef('orglife.generalMeetingPeriod').citation).toContain('第十一条');
    expect(ruleDef('committee.meetingQuorum').citation).toContain('第十二条');
    expect(ruleDef('orglife.partyLecturePeriod').confidence).toBe('uncertain');
    expect(ruleDef('orglife.secretaryLecturesPerYear').confidence).toBe('memory');
    expect(ruleDef('vote.passShare').configurable).toBe(false);
    expect(() => resolveRules({ 'vote.quorumShare': { num: 1, den: 3 } })).toThrow('不允许修改');
  });
});

describe('evaluate', () => {
  it('is met by a submitted or reviewed meeting inside the period', () => {
    expect(evaluate(req('2026-Q3'), [gm('2026-09-30')], ctx(), defaultRules)).toMatchObject({
      state: 'met',
      held: 1,
    });
    expect(evaluate(req('2026-Q3'), [gm('2026-08-01', 'reviewed')], ctx(), defaultRules).state).toBe('met');
  });

  it('does not count drafts, returned records, other kinds, or meetings outside the period', () => {
    const held = [
      gm('2026-08-01', 'draft'),
      gm('2026-08-02', 'returned'),
      gm('2026-06-30'),
      gm('2026-10-01'),
      { kind: 'theme_day', date: '2026-08-03', status: 'submitted' } as HeldMeeting,
    ];
    expect(evaluate(req('2026-Q3'), held, ctx(), defaultRules)).toMatchObject({ state: 'missed', held: 0 });
  });

  it('is due while the period is open, with days left counting today and the last day', () => {
    const r = evaluate(req('2026-Q4'), [], ctx({ today: '2026-11-23' }), defaultRules);
    expect(r).toMatchObject({ state: 'due', daysLeft: 39, held: 0, required: 1 });
    expect(r.reason).toBe('2026年第四季度支部党员大会应1次，已0次，剩余39天');
    expect(evaluate(req('2026-Q4'), [], ctx({ today: '2026-12-31' }), defaultRules).daysLeft).toBe(1);
    expect(evaluate(req('2026-Q4'), [], ctx({ today: '2026-10-01' }), defaultRules).daysLeft).toBe(92);
  });

  it('is missed the day after the period ends, and not_started before it begins', () => {
    const missed = evaluate(req('2026-Q3'), [], ctx({ today: '2026-10-01' }), defaultRules);
    expect(missed.state).toBe('missed');
    expect(missed.reason).toBe('2026年第三季度支部党员大会未按要求召开（应1次，已0次）');
    expect(evaluate(req('2027-Q1'), [], ctx(), defaultRules).state).toBe('not_started');
    expect(evaluate(req('2027-Q1'), [gm('2027-01-05')], ctx(), defaultRules).state).toBe('met');
  });

  it('exempts a period in which the org was founded (not on its first day)', () => {
    const r = evaluate(
      req('2026-Q2'),
      [],
      ctx({ foundedOn: '2026-05-15', today: '2026-12-01' }),
      defaultRules,
    );
    expect(r).toMatchObject({ state: 'exempt', reason: '2026-05-15成立，2026年第二季度免于考核' });
    expect(
      evaluate(req('2026-Q2'), [], ctx({ foundedOn: '2026-04-01', today: '2026-12-01' }), defaultRules).state,
    ).toBe('missed');
  });

  it('exempts a period in which the org was dissolved (not on its last day)', () => {
    const monthly = req('2026-03', { ruleId: 'orglife.themeDayPeriod', meetingKind: 'theme_day' });
    expect(evaluate(monthly, [], ctx({ dissolvedOn: '2026-03-10' }), defaultRules).state).toBe('exempt');
    expect(evaluate(monthly, [], ctx({ dissolvedOn: '2026-03-31' }), defaultRules).state).toBe('missed');
  });

  it('does not exempt founding or dissolution when the rule is switched off', () => {
    const rules = resolveRules({ 'orglife.exemptFoundedOrDissolvedInPeriod': false });
    expect(evaluate(req('2026-Q2'), [], ctx({ foundedOn: '2026-05-15' }), rules).state).toBe('missed');
  });

  it('exempts a period excused by the higher org, for that rule and period only', () => {
    const exemptions = [
      { ruleId: 'orglife.generalMeetingPeriod' as const, periodKey: '2026-Q3', reason: '疫情防控' },
    ];
    const r = evaluate(req('2026-Q3'), [], ctx({ exemptions }), defaultRules);
    expect(r).toMatchObject({ state: 'exempt', reason: '上级党组织批准2026年第三季度免于考核：疫情防控' });
    expect(evaluate(req('2026-Q2'), [], ctx({ exemptions }), defaultRules).state).toBe('missed');
  });

  it('counts group meetings per group and secretary lectures only when given by the secretary', () => {
    const g = req('2026-10', {
      ruleId: 'orglife.groupMeetingPeriod',
      meetingKind: 'group_meeting',
      subjectId: 11,
    });
    const meetings: HeldMeeting[] = [
      { kind: 'group_meeting', date: '2026-10-09', status: 'submitted', groupId: 12 },
    ];
    expect(evaluate(g, meetings, ctx(), defaultRules).state).toBe('missed');
    expect(evaluate({ ...g, subjectId: 12 }, meetings, ctx(), defaultRules)).toMatchObject({
      state: 'met',
      subjectId: 12,
    });

    const lecture = req('2026', {
      ruleId: 'orglife.secretaryLecturesPerYear',
      meetingKind: 'party_lecture',
      bySecretary: true,
      required: 2,
    });
    const lectures: HeldMeeting[] = [
      { kind: 'party_lecture', date: '2026-03-01', status: 'reviewed' },
      { kind: 'party_lecture', date: '2026-06-01', status: 'reviewed', bySecretary: true },
    ];
    expect(evaluate(lecture, lectures, ctx(), defaultRules)).toMatchObject({
      state: 'due',
      held: 1,
      required: 2,
    });
    lectures.push({ kind: 'party_lecture', date: '2026-09-01', status: 'submitted', bySecretary: true });
    expect(evaluate(lecture, lectures, ctx(), defaultRules).state).toBe('met');
  });

  it('judges a past period by the exemption rule in force on its first day', () => {
    const history = { 'orglife.exemptFoundedOrDissolvedInPeriod': [{ from: '2026-07-01', value: false }] };
    const c = ctx({ foundedOn: '2026-05-15' });
    expect(evaluate(req('2026-Q2'), [], c, defaultRules, history).state).toBe('exempt');
    expect(evaluate(req('2026-Q3'), [], ctx({ foundedOn: '2026-08-15' }), defaultRules, history).state).toBe(
      'missed',
    );
  });
});

describe('requirementsFor', () => {
  const keys = (rs: Requirement[], kind: string) =>
    rs
      .filter((r) => r.meetingKind === kind && !r.bySecretary)
      .map((r) => `${r.period.key}${r.subjectId ? `#${r.subjectId}` : ''}`);

  it('lists each kind at its default frequency', () => {
    const rs = requirementsFor(branch, '2026-01', '2026-06', defaultRules);
    expect(keys(rs, 'general_meeting')).toEqual(['2026-Q1', '2026-Q2']);
    expect(keys(rs, 'committee_meeting')).toHaveLength(6);
    expect(keys(rs, 'group_meeting')).toHaveLength(12);
    expect(keys(rs, 'group_meeting').slice(0, 2)).toEqual(['2026-01#11', '2026-01#12']);
    expect(keys(rs, 'party_lecture')).toEqual(['2026-Q1', '2026-Q2']);
    expect(keys(rs, 'theme_day')).toHaveLength(6);
    expect(keys(rs, 'life_meeting')).toEqual(['2026']);
    expect(keys(rs, 'member_review')).toEqual(['2026']);
    expect(rs.filter((r) => r.bySecretary)).toMatchObject([
      { ruleId: 'orglife.secretaryLecturesPerYear', period: { key: '2026' }, required: 1 },
    ]);
    expect(rs.every((r) => r.meetingKind !== 'heart_talk')).toBe(true);
  });

  it('asks committee meetings only with a committee, group meetings only with groups, nothing above branches', () => {
    const small = requirementsFor(
      { ...branch, hasCommittee: false, groupIds: [] },
      '2026-01',
      '2026-03',
      defaultRules,
    );
    expect(
      small.some((r) => r.meetingKind === 'committee_meeting' || r.meetingKind === 'group_meeting'),
    ).toBe(false);
    expect(
      requirementsFor({ ...branch, kind: 'joint_branch' }, '2026-01', '2026-01', defaultRules).length,
    ).toBeGreaterThan(0);
    for (const kind of ['committee', 'general_branch', 'group'] as const) {
      expect(requirementsFor({ ...branch, kind }, '2026-01', '2026-12', defaultRules)).toEqual([]);
    }
  });

  it('leaves out periods wholly before founding or after dissolution', () => {
    const org = { ...branch, foundedOn: '2026-02-10', dissolvedOn: '2026-08-31' };
    const rs = requirementsFor(org, '2026-01', '2026-12', defaultRules);
    expect(keys(rs, 'theme_day')).toEqual([
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
    ]);
    expect(keys(rs, 'general_meeting')).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
  });

  it('follows a deployment override of a period', () => {
    const rules = resolveRules({ 'orglife.partyLecturePeriod': 1, 'orglife.generalMeetingPeriod': 6 });
    const rs = requirementsFor(branch, '2026-01', '2026-12', rules);
    expect(keys(rs, 'party_lecture')).toHaveLength(12);
    expect(keys(rs, 'general_meeting')).toEqual(['2026-H1', '2026-H2']);
    const none = requirementsFor(
      branch,
      '2026-01',
      '2026-12',
      resolveRules({ 'orglife.secretaryLecturesPerYear': 0 }),
    );
    expect(none.some((r) => r.bySecretary)).toBe(false);
  });

  it('refuses a months count that is not a calendar period', () => {
    // Settings refuse it; should a value get past them (a rule history, say), the engine still does.
    expect(() => resolveRules({ 'orglife.themeDayPeriod': 5 })).toThrow(/1、3、6、12之一/);
    const forged = { ...resolveRules({}), 'orglife.themeDayPeriod': 5 } as ReturnType<typeof resolveRules>;
    expect(() => requirementsFor(branch, '2026-01', '2026-01', forged)).toThrow('无效的考核周期：5个月');
  });

  it('judges each period by the version in force on its first day', () => {
    const history = {
      'orglife.partyLecturePeriod': [
        { from: '2027-01-01', value: 1 },
        { from: '2026-01-01', value: 3 },
      ],
    };
    const rs = requirementsFor(branch, '2026-10', '2027-02', defaultRules, history);
    expect(keys(rs, 'party_lecture')).toEqual(['2026-Q4', '2027-01', '2027-02']);
    // A change that takes effect mid-quarter applies from the next period that starts under it.
    const mid = { 'orglife.partyLecturePeriod': [{ from: '2026-11-15', value: 1 }] };
    expect(keys(requirementsFor(branch, '2026-10', '2027-01', defaultRules, mid), 'party_lecture')).toEqual([
      '2026-Q4',
      '2026-12',
      '2027-01',
    ]);
  });
});

describe('rulesInForceOn', () => {
  const history = {
    'orglife.generalMeetingPeriod': [
      { from: '2025-01-01', value: 1 },
      { from: '2027-01-01', value: 6, citation: '某市委文件' },
    ],
  };
  it('picks the latest version on or before the date, else the base value', () => {
    expect(rulesInForceOn('2024-12-31', defaultRules, history)['orglife.generalMeetingPeriod']).toBe(3);
    expect(rulesInForceOn('2025-01-01', defaultRules, history)['orglife.generalMeetingPeriod']).toBe(1);
    expect(rulesInForceOn('2026-12-31', defaultRules, history)['orglife.generalMeetingPeriod']).toBe(1);
    expect(rulesInForceOn('2027-01-01', defaultRules, history)['orglife.generalMeetingPeriod']).toBe(6);
    expect(rulesInForceOn('2027-01-01', defaultRules, history)['branch.minFullMembers']).toBe(3);
    expect(rulesInForceOn('2026-01-01', defaultRules)).toEqual(defaultRules);
  });
  it('refuses bad dates', () => {
    expect(() => rulesInForceOn('2026-1-1', defaultRules)).toThrow(RangeError);
    expect(() =>
      rulesInForceOn('2026-01-01', defaultRules, { 'orglife.themeDayPeriod': [{ from: 'soon', value: 1 }] }),
    ).toThrow('生效日期无效');
  });
});

describe('summarize', () => {
  it('rates met / (met + missed + due) by kind, leaving out exempt and not started', () => {
    const s = summarize([
      { meetingKind: 'general_meeting', state: 'met' },
      { meetingKind: 'general_meeting', state: 'met' },
      { meetingKind: 'general_meeting', state: 'missed' },
      { meetingKind: 'general_meeting', state: 'exempt' },
      { meetingKind: 'general_meeting', state: 'due' },
      { meetingKind: 'theme_day', state: 'not_started' },
      { meetingKind: 'theme_day', state: 'exempt' },
    ]);
    expect(s.byKind.general_meeting).toEqual({
      met: 2,
      missed: 1,
      due: 1,
      exempt: 1,
      notStarted: 0,
      rate: 2 / 4,
    });
    expect(s.byKind.theme_day?.rate).toBeNull();
    expect(s.byKind.party_lecture).toBeUndefined();
    expect(s.total).toMatchObject({ met: 2, missed: 1, exempt: 2, notStarted: 1, rate: 2 / 4 });
    expect(summarize([]).total.rate).toBeNull();
  });

  it('does not read 100% while items are still due (issue #16: an item met early counted, one open did not)', () => {
    const s = summarize([
      { meetingKind: 'committee_meeting', state: 'met' },
      ...Array.from({ length: 5 }, () => ({
        meetingKind: 'committee_meeting' as const,
        state: 'due' as const,
      })),
    ]);
    expect(s.total.rate).toBe(1 / 6);
    expect(completionRate({ met: 0, missed: 0, due: 2 })).toBe(0);
    expect(completionRate({ met: 0, missed: 0, due: 0 })).toBeNull();
  });

  it('summarizes an evaluated year end to end', () => {
    const rs = requirementsFor({ ...branch, groupIds: [] }, '2026-01', '2026-12', defaultRules);
    const held: HeldMeeting[] = [gm('2026-02-01'), gm('2026-05-01', 'draft'), gm('2026-08-01')];
    const results = rs.map((r) => evaluate(r, held, ctx(), defaultRules));
    const s = summarize(results).byKind.general_meeting!;
    expect(s).toEqual({ met: 2, missed: 1, due: 1, exempt: 0, notStarted: 0, rate: 2 / 4 });
  });
});

describe('period rule overrides', () => {
  it('accept only a month, quarter, half-year or year', async () => {
    const { parseRuleOverride } = await import('../rules/index.js');
    expect(parseRuleOverride('orglife.partyLecturePeriod', 6)).toBe(6);
    expect(() => parseRuleOverride('orglife.partyLecturePeriod', 5)).toThrow(/1、3、6、12之一/);
  });
});
