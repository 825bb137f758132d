import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, compareDates, type IsoDate } from '../common/dates.js';
import { defaultRules } from '../rules/index.js';
import {
  type CaseFacts,
  caseState,
  checkStep,
  type MemberFact,
  type RecordedStep,
  type StepData,
  type StepKey,
} from './engine.js';
import type { DevelopmentVersion } from './steps.js';
import { workingDaysBetween } from './working-days.js';

const R = defaultRules;
const TODAY = '2026-11-23';
const full = (memberId: number, name: string): MemberFact => ({
  memberId,
  name,
  category: 'full',
  current: true,
  rightsSuspended: false,
});
const VOTE = { expectedVoting: 10, presentVoting: 9, for: 8, against: 1, abstain: 0 };

/**
 * A correct case from application to archive, step by step, starting on `applied`. The dates are
 * the earliest sensible ones (a week between routine steps) so that tests can move one of them.
 */
function fullCase(version: DevelopmentVersion, applied: IsoDate): RecordedStep[] {
  const steps: RecordedStep[] = [];
  let on = applied;
  const add = (key: StepKey, data: StepData = {}, at?: IsoDate) => {
    on = at ?? addDays(on, 7);
    steps.push({ key, on, data });
  };
  add('application', {}, applied);
  add('application_talk', { talkerName: '王书记' });
  add('activist_designated', { decidedBy: 'committee' });
  const activistOn = on;
  add('activist_filed');
  add('mentors_assigned', { mentors: [full(1, '李明')] });
  add('activist_assessment', { note: '表现良好' }, addMonths(activistOn, 6));
  add('candidate_designated', { decidedBy: 'committee' }, addMonths(activistOn, 12));
  if (version === '2026') {
    const from = addDays(on, 1);
    add('candidate_filed', { notice: { from, to: addDays(from, 9), objection: false } }, on);
    add('sponsors_assigned', { sponsors: [full(1, '李明'), full(2, '赵强')] }, addDays(from, 10));
  } else {
    add('candidate_filed');
    add('sponsors_assigned', { sponsors: [full(1, '李明'), full(2, '赵强')] });
  }
  add('political_review', { reviewConclusion: 'pass' });
  const tFrom = addDays(on, 1);
  add('training', { training: { from: tFrom, to: addDays(tFrom, 2), hours: 24 } }, addDays(tFrom, 2));
  add('committee_review');
  add('higher_pre_review', { outcome: 'approved' });
  add('volunteer_form');
  add('admission_vote', { vote: VOTE, branchFullMembers: 10 });
  const voteOn = on;
  add('higher_interview', { talkerName: '组织员' });
  add('admission_approval', { outcome: 'approved' });
  add('admission_filed');
  add('assigned_to_branch');
  add('oath');
  add('probation_assessment', { note: '表现良好' });
  add('confirmation_application', {}, addMonths(voteOn, 12));
  add('confirmation_vote', { vote: VOTE, branchFullMembers: 10, decision: 'confirm' });
  add('confirmation_approval', { outcome: 'approved' });
  add('archived');
  return steps;
}

const facts = (version: DevelopmentVersion): CaseFacts => ({ version, birthDate: '2000-05-10' });

/** Checks `steps[i]` against the steps before it. */
function check(version: DevelopmentVersion, steps: RecordedStep[], i: number, today = TODAY) {
  return checkStep(facts(version), steps.slice(0, i), steps[i], { today, rules: R });
}

const indexOf = (steps: RecordedStep[], key: StepKey) => steps.findIndex((s) => s.key === key);
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

describe.each(['2014', '2026'] as const)('a correct case under the %s 细则', (version) => {
  const steps = fullCase(version, '2023-03-06');

  it('passes every step without an error and ends completed as a full member', () => {
    steps.forEach((_, i) => {
      expect(check(version, steps, i).errors, steps[i].key).toEqual([]);
    });
    const st = caseState(facts(version), steps, R);
    expect(st.status).toBe('completed');
    expect(st.stage).toBe('full');
    const vote = steps[indexOf(steps, 'admission_vote')].on;
    expect(st.admittedOn).toBe(vote);
    expect(st.confirmedOn).toBe(addMonths(vote, 12));
  });

  it('moves the person through the five stages', () => {
    const stageAfter = (key: StepKey) =>
      caseState(facts(version), steps.slice(0, indexOf(steps, key) + 1), R).stage;
    expect(stageAfter('application_talk')).toBe('applicant');
    expect(stageAfter('activist_designated')).toBe('activist');
    expect(stageAfter('candidate_designated')).toBe('candidate');
    expect(stageAfter('admission_vote')).toBe('candidate');
    expect(stageAfter('admission_approval')).toBe('probationary');
    expect(stageAfter('confirmation_approval')).toBe('full');
  });

  it('refuses a step out of order', () => {
    const i = indexOf(steps, 'activist_designated');
    const r = checkStep(
      facts(version),
      steps.slice(0, i),
      { ...steps[i], key: 'candidate_designated' },
      { today: TODAY, rules: R },
    );
    expect(codes(r)).toEqual(['DEV_STEP_ORDER']);
    expect(r.errors[0].message).toContain('确定入党积极分子');
  });

  it('refuses a date before the previous step and a date after today', () => {
    const i = indexOf(steps, 'activist_filed');
    const before = { ...steps[i], on: addDays(steps[i - 1].on, -1) };
    expect(codes(checkStep(facts(version), steps.slice(0, i), before, { today: TODAY, rules: R }))).toContain(
      'DEV_DATE_ORDER',
    );
    expect(codes(check(version, steps, i, addDays(steps[i].on, -1)))).toContain('DEV_FUTURE_DATE');
  });

  // Each row: the step, how to change it, the expected code, and the date the message must name.
  const activistOn = steps[indexOf(steps, 'activist_designated')].on;
  const voteOn = steps[indexOf(steps, 'admission_vote')].on;
  const rows: [string, StepKey, (s: RecordedStep) => RecordedStep, string, IsoDate | null][] = [
    [
      'candidate a day before a full year',
      'candidate_designated',
      (s) => ({ ...s, on: addDays(addMonths(activistOn, 12), -1) }),
      'DEV_ACTIVIST_TOO_SOON',
      addMonths(activistOn, 12),
    ],
    [
      'one sponsor',
      'sponsors_assigned',
      (s) => ({ ...s, data: { sponsors: [full(1, '李明')] } }),
      'DEV_SPONSOR_COUNT',
      null,
    ],
    [
      'a probationary sponsor',
      'sponsors_assigned',
      (s) => ({
        ...s,
        data: { sponsors: [full(1, '李明'), { ...full(3, '周红'), category: 'probationary' }] },
      }),
      'DEV_SPONSOR_NOT_FULL',
      null,
    ],
    [
      'a sponsor under 留党察看',
      'sponsors_assigned',
      (s) => ({ ...s, data: { sponsors: [full(1, '李明'), { ...full(4, '钱亮'), rightsSuspended: true }] } }),
      'DEV_SPONSOR_SUSPENDED',
      null,
    ],
    [
      'a sponsor no longer on the roll',
      'sponsors_assigned',
      (s) => ({ ...s, data: { sponsors: [full(1, '李明'), { ...full(5, '孙丽'), current: false }] } }),
      'DEV_SPONSOR_NOT_CURRENT',
      null,
    ],
    [
      'the same sponsor twice',
      'sponsors_assigned',
      (s) => ({ ...s, data: { sponsors: [full(1, '李明'), full(1, '李明')] } }),
      'DEV_PERSON_REPEATED',
      null,
    ],
    [
      'three mentors',
      'mentors_assigned',
      (s) => ({ ...s, data: { mentors: [full(1, 'a'), full(2, 'b'), full(3, 'c')] } }),
      'DEV_MENTOR_COUNT',
      null,
    ],
    [
      'training of 2 days and 16 hours',
      'training',
      (s) => ({ ...s, data: { training: { from: addDays(s.on, -1), to: s.on, hours: 16 } } }),
      'DEV_TRAINING_TOO_SHORT',
      null,
    ],
    [
      'a branch of 2 full members voting',
      'admission_vote',
      (s) => ({
        ...s,
        data: {
          vote: { expectedVoting: 2, presentVoting: 2, for: 2, against: 0, abstain: 0 },
          branchFullMembers: 2,
        },
      }),
      'DEV_BRANCH_TOO_SMALL',
      null,
    ],
    [
      'a vote without quorum',
      'admission_vote',
      (s) => ({
        ...s,
        data: {
          vote: { expectedVoting: 10, presentVoting: 5, for: 5, against: 0, abstain: 0 },
          branchFullMembers: 10,
        },
      }),
      'DEV_VOTE_INVALID',
      null,
    ],
    [
      'approval after 6 months',
      'admission_approval',
      (s) => ({
        ...s,
        on: addDays(addMonths(voteOn, 6), 1),
        data: { outcome: 'approved', delayReason: '材料补充' },
      }),
      'DEV_APPROVAL_TOO_LATE',
      addMonths(voteOn, 6),
    ],
    [
      'approval after 3 months without a reason',
      'admission_approval',
      (s) => ({ ...s, on: addDays(addMonths(voteOn, 3), 1), data: { outcome: 'approved' } }),
      'DEV_APPROVAL_LATE_REASON',
      addMonths(voteOn, 3),
    ],
    [
      'confirmation vote before probation ends',
      'confirmation_vote',
      (s) => ({ ...s, on: addDays(addMonths(voteOn, 12), -1) }),
      'DEV_PROBATION_NOT_ENDED',
      addMonths(voteOn, 12),
    ],
    [
      'an extension of 5 months',
      'confirmation_vote',
      (s) => ({ ...s, data: { ...s.data, decision: 'extend', extensionMonths: 5 } }),
      'DEV_EXTENSION_RANGE',
      null,
    ],
    [
      'an extension of 13 months',
      'confirmation_vote',
      (s) => ({ ...s, data: { ...s.data, decision: 'extend', extensionMonths: 13 } }),
      'DEV_EXTENSION_RANGE',
      null,
    ],
    ['a talk without the talker', 'application_talk', (s) => ({ ...s, data: {} }), 'DEV_MISSING_INPUT', null],
  ];

  it.each(rows)('refuses %s', (_, key, change, code, date) => {
    const i = indexOf(steps, key);
    const prior = steps.slice(0, i);
    const input = change(steps[i]);
    const r = checkStep(facts(version), prior, input, { today: TODAY, rules: R });
    expect(codes(r)).toContain(code);
    const finding = r.errors.find((e) => e.code === code);
    expect(finding?.message).toMatch(/[\u4e00-\u9fa5]/);
    if (date) {
      expect(finding?.date).toBe(date);
      expect(finding?.message).toContain(date);
    }
  });

  it('explains the one-year rule with its date and article', () => {
    const i = indexOf(steps, 'candidate_designated');
    const r = checkStep(
      facts(version),
      steps.slice(0, i),
      { ...steps[i], on: addMonths(activistOn, 6) },
      { today: TODAY, rules: R },
    );
    expect(r.errors[0].message).toBe(
      `须在 ${addMonths(activistOn, 12)}（含）之后：入党积极分子培养教育满一年（《中国共产党发展党员工作细则》第十三条）`,
    );
    expect(r.errors[0].ruleId).toBe('development.activistMinMonths');
  });

  it('accepts approval between 3 and 6 months with a reason, as a warning', () => {
    const i = indexOf(steps, 'admission_approval');
    const late = {
      ...steps[i],
      on: addMonths(voteOn, 5),
      data: { outcome: 'approved' as const, delayReason: '政审材料补充' },
    };
    const r = checkStep(facts(version), steps.slice(0, i), late, { today: TODAY, rules: R });
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['DEV_APPROVAL_LATE']);
  });

  it('warns of a talk later than one month but records it', () => {
    const i = indexOf(steps, 'application_talk');
    const r = checkStep(
      facts(version),
      steps.slice(0, i),
      { ...steps[i], on: addDays(addMonths(steps[0].on, 1), 1) },
      { today: TODAY, rules: R },
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['DEV_TALK_LATE']);
  });

  it('extends probation once (6–12 months), moves the end, and refuses a second extension', () => {
    const i = indexOf(steps, 'confirmation_vote');
    const prior = steps.slice(0, i);
    const extendVote: RecordedStep = {
      ...steps[i],
      data: { ...steps[i].data, decision: 'extend', extensionMonths: 6 },
    };
    expect(checkStep(facts(version), prior, extendVote, { today: TODAY, rules: R }).errors).toEqual([]);
    const approved: RecordedStep = {
      key: 'confirmation_approval',
      on: addDays(extendVote.on, 10),
      data: { outcome: 'approved' },
    };
    const after = [...prior, extendVote, approved];
    const st = caseState(facts(version), after, R);
    expect(st.stage).toBe('probationary');
    expect(st.extensionMonths).toBe(6);
    expect(st.probationEndsOn).toBe(addMonths(voteOn, 18));
    expect(st.next.map((n) => n.key)).toEqual(['probation_assessment', 'confirmation_application']);
    const application: RecordedStep = {
      key: 'confirmation_application',
      on: addMonths(voteOn, 18),
      data: {},
    };
    const again: RecordedStep = {
      key: 'confirmation_vote',
      on: addMonths(voteOn, 18),
      data: { vote: VOTE, branchFullMembers: 10, decision: 'extend', extensionMonths: 6 },
    };
    const r = checkStep(facts(version), [...after, application], again, { today: TODAY, rules: R });
    expect(codes(r)).toEqual(['DEV_EXTENSION_TWICE']);
    const early: RecordedStep = {
      ...again,
      on: addDays(addMonths(voteOn, 18), -1),
      data: { ...again.data, decision: 'confirm' },
    };
    expect(
      codes(checkStep(facts(version), [...after, application], early, { today: TODAY, rules: R })),
    ).toContain('DEV_PROBATION_NOT_ENDED');
  });

  it('confirms after an extension on the end of the extended probation (党章第七条), keeping the months', () => {
    const i = indexOf(steps, 'confirmation_vote');
    const extendVote: RecordedStep = {
      ...steps[i],
      data: { ...steps[i].data, decision: 'extend', extensionMonths: 6 },
    };
    const end = addMonths(voteOn, 18);
    const all: RecordedStep[] = [
      ...steps.slice(0, i),
      extendVote,
      { key: 'confirmation_approval', on: addDays(extendVote.on, 10), data: { outcome: 'approved' } },
      { key: 'confirmation_application', on: end, data: {} },
      { key: 'confirmation_vote', on: end, data: { vote: VOTE, branchFullMembers: 10, decision: 'confirm' } },
    ];
    // Replayed with the later vote to confirm on record, the extension keeps its months.
    const pending = caseState(facts(version), all, R);
    expect(pending).toMatchObject({ extensionMonths: 6, probationEndsOn: end, pendingDecision: 'confirm' });
    const approval: RecordedStep = {
      key: 'confirmation_approval',
      on: addDays(end, 20),
      data: { outcome: 'approved' },
    };
    expect(checkStep(facts(version), all, approval, { today: TODAY, rules: R }).errors).toEqual([]);
    const st = caseState(facts(version), [...all, approval], R);
    expect(st).toMatchObject({ stage: 'full', extensionMonths: 6, probationEndsOn: end, confirmedOn: end });
  });

  it('cancels probation on an approved cancellation', () => {
    const i = indexOf(steps, 'confirmation_vote');
    const cancel: RecordedStep = { ...steps[i], data: { ...steps[i].data, decision: 'cancel' } };
    const st = caseState(
      facts(version),
      [
        ...steps.slice(0, i),
        cancel,
        { key: 'confirmation_approval', on: cancel.on, data: { outcome: 'approved' } },
      ],
      R,
    );
    expect(st.status).toBe('cancelled');
  });

  it('keeps a failed admission vote on record and asks for a new one', () => {
    const i = indexOf(steps, 'admission_vote');
    const failed: RecordedStep = {
      ...steps[i],
      data: {
        vote: { expectedVoting: 10, presentVoting: 8, for: 5, against: 3, abstain: 0 },
        branchFullMembers: 10,
      },
    };
    expect(check(version, [...steps.slice(0, i), failed], i).errors).toEqual([]);
    const st = caseState(facts(version), [...steps.slice(0, i), failed], R);
    expect(st.admissionVoteOn).toBeNull();
    expect(st.next.map((n) => n.key)).toEqual(['admission_vote']);
  });

  it('stops at a failed political review until a new review passes', () => {
    const i = indexOf(steps, 'political_review');
    const failed: RecordedStep = { ...steps[i], data: { reviewConclusion: 'fail' } };
    const st = caseState(facts(version), [...steps.slice(0, i), failed], R);
    expect(st.next.map((n) => n.key)).toEqual(['political_review']);
  });
});

describe("facts read from the register as of the step's date", () => {
  const steps = fullCase('2026', '2023-03-06');
  const at = (key: StepKey, data: StepData) => {
    const i = indexOf(steps, key);
    return checkStep(facts('2026'), steps.slice(0, i), { ...steps[i], data }, { today: TODAY, rules: R });
  };

  it("refuses a 应到 other than the register's full members of the day without a reason, warns with one", () => {
    const short = { expectedVoting: 3, presentVoting: 3, for: 3, against: 0, abstain: 0 };
    const refused = at('admission_vote', { vote: short, branchFullMembers: 6 });
    expect(codes(refused)).toEqual(['DEV_VOTE_EXPECTED_DIFFERS']);
    expect(refused.errors[0]).toMatchObject({ field: 'expectedVotingReason', ruleId: 'vote.quorumShare' });
    expect(refused.errors[0].message).toContain('填写3人');
    expect(refused.errors[0].message).toContain('正式党员为6人');
    const explained = at('admission_vote', {
      vote: short,
      branchFullMembers: 6,
      expectedVotingReason: '三名党员组织关系已转出，名册尚未更新',
    });
    expect(explained.errors).toEqual([]);
    expect(explained.warnings.map((w) => w.code)).toEqual(['DEV_VOTE_EXPECTED_DIFFERS']);
    expect(explained.warnings[0].message).toContain('名册尚未更新');
    const confirm = at('confirmation_vote', { vote: short, branchFullMembers: 4, decision: 'confirm' });
    expect(codes(confirm)).toEqual(['DEV_VOTE_EXPECTED_DIFFERS']);
    expect(at('admission_vote', { vote: short, branchFullMembers: 3 }).errors).toEqual([]);
  });

  it('takes 应到 from the voting members of the day (not under 留党察看), the size from the full members', () => {
    const of = (n: number) => ({ expectedVoting: n, presentVoting: n, for: n, against: 0, abstain: 0 });
    const counted = at('admission_vote', { vote: of(4), branchFullMembers: 4, branchVotingMembers: 3 });
    expect(codes(counted)).toEqual(['DEV_VOTE_EXPECTED_DIFFERS']);
    expect(counted.errors[0].message).toContain('有表决权的正式党员为3人');
    expect(
      at('admission_vote', { vote: of(3), branchFullMembers: 4, branchVotingMembers: 3 }).errors,
    ).toEqual([]);
    // A member under 留党察看 is still a 正式党员: a branch of three with two voters may vote.
    expect(
      at('admission_vote', { vote: of(2), branchFullMembers: 3, branchVotingMembers: 2 }).errors,
    ).toEqual([]);
  });

  it('refuses a designation by the committee when none was in office that day', () => {
    for (const key of ['activist_designated', 'candidate_designated'] as const) {
      const none = at(key, { decidedBy: 'committee', branchCommittee: 0 });
      expect(codes(none), key).toEqual(['DEV_NO_COMMITTEE']);
      expect(none.errors[0]).toMatchObject({ field: 'decidedBy', ruleId: 'branch.committeeSize' });
      expect(at(key, { decidedBy: 'general_meeting', branchCommittee: 0 }).errors, key).toEqual([]);
      expect(at(key, { decidedBy: 'committee', branchCommittee: 3 }).errors, key).toEqual([]);
    }
  });
});

describe('application age (党章第一条)', () => {
  it('accepts the 18th birthday and refuses the day before, naming the date', () => {
    const f: CaseFacts = { version: '2026', birthDate: '2008-11-23' };
    expect(
      checkStep(f, [], { key: 'application', on: '2026-11-23', data: {} }, { today: TODAY, rules: R }).errors,
    ).toEqual([]);
    const r = checkStep(
      f,
      [],
      { key: 'application', on: '2026-11-22', data: {} },
      { today: TODAY, rules: R },
    );
    expect(codes(r)).toEqual(['DEV_UNDER_AGE']);
    expect(r.errors[0].message).toContain('2026-11-23');
  });
  it('counts a 29 February birthday as 18 on 28 February', () => {
    const f: CaseFacts = { version: '2014', birthDate: '2008-02-29' };
    expect(
      checkStep(f, [], { key: 'application', on: '2026-02-28', data: {} }, { today: TODAY, rules: R }).errors,
    ).toEqual([]);
  });
});

describe('the 2026 public notice in working days', () => {
  const base = fullCase('2026', '2024-01-08');
  const i = indexOf(base, 'candidate_filed');
  const prior = base.slice(0, i);
  const consentOn = prior[prior.length - 1].on;
  const notice = (from: IsoDate, to: IsoDate, today = TODAY) =>
    checkStep(
      facts('2026'),
      prior,
      { key: 'candidate_filed', on: consentOn, data: { notice: { from, to, objection: false } } },
      { today, rules: R },
    );

  // Moving the candidate designation forward keeps the table independent of fullCase's dates.
  const withConsent = (on: IsoDate) => {
    const p = prior.slice(0, -1).concat({ ...prior[prior.length - 1], on });
    return (from: IsoDate, to: IsoDate) =>
      checkStep(
        facts('2026'),
        p,
        { key: 'candidate_filed', on, data: { notice: { from, to, objection: false } } },
        { today: TODAY, rules: R },
      );
  };

  it('counts National Day 2026: 28 Sep – 9 Oct holds exactly 5 working days (Oct 1–7 off, Sep 28–30 and Oct 8–9 on)', () => {
    const check = withConsent('2026-09-25');
    expect(check('2026-09-28', '2026-10-09').errors).toEqual([]);
    const short = check('2026-09-28', '2026-10-08');
    expect(codes(short)).toEqual(['DEV_NOTICE_TOO_SHORT']);
    expect(short.errors[0].message).toContain('须公示至 2026-10-09');
  });

  it('counts the 2026 Spring Festival: a notice from 12 Feb needs until 26 Feb (15–23 off, 14 Feb a make-up day)', () => {
    const check = withConsent('2026-02-11');
    // 12 (Thu), 13 (Fri), 14 (Sat, make-up) are three; 24 (Tue) and 25 (Wed) make five.
    expect(codes(check('2026-02-12', '2026-02-24'))).toEqual(['DEV_NOTICE_TOO_SHORT']);
    expect(check('2026-02-12', '2026-02-25').errors).toEqual([]);
  });

  it('refuses a notice before the consent, an objection that blocks, and reversed dates', () => {
    const check = withConsent('2026-06-10');
    expect(codes(check('2026-06-09', '2026-06-20'))).toContain('DEV_NOTICE_BEFORE_CONSENT');
    expect(codes(check('2026-06-20', '2026-06-10'))).toEqual(['DEV_NOTICE_DATES']);
    const p = prior.slice(0, -1).concat({ ...prior[prior.length - 1], on: '2026-06-10' });
    const objection = checkStep(
      facts('2026'),
      p,
      {
        key: 'candidate_filed',
        on: '2026-06-10',
        data: { notice: { from: '2026-06-10', to: '2026-06-20', objection: true } },
      },
      { today: TODAY, rules: R },
    );
    expect(codes(objection)).toEqual(['DEV_NOTICE_OBJECTION']);
  });

  it('warns when the holiday calendar of the year is not known', () => {
    const p = prior.slice(0, -1).concat({ ...prior[prior.length - 1], on: '2026-11-20' });
    const r = checkStep(
      facts('2026'),
      p,
      {
        key: 'candidate_filed',
        on: '2026-11-20',
        data: { notice: { from: '2026-12-28', to: '2027-01-08', objection: false } },
      },
      { today: '2027-01-10', rules: R },
    );
    expect(r.warnings.map((w) => w.code)).toContain('DEV_HOLIDAY_CALENDAR_UNKNOWN');
  });

  it('does not let sponsors be named before the notice has ended', () => {
    const j = indexOf(base, 'sponsors_assigned');
    const noticeTo = (base[i].data.notice as { to: IsoDate }).to;
    const r = checkStep(
      facts('2026'),
      base.slice(0, j),
      { ...base[j], on: noticeTo },
      { today: TODAY, rules: R },
    );
    expect(codes(r)).toEqual(['DEV_NOTICE_NOT_ENDED']);
    expect(r.errors[0].date).toBe(addDays(noticeTo, 1));
  });

  it('requires a notice under 2026 and none under 2014', () => {
    expect(
      codes(
        checkStep(
          facts('2026'),
          prior,
          { key: 'candidate_filed', on: consentOn, data: {} },
          { today: TODAY, rules: R },
        ),
      ),
    ).toEqual(['DEV_NOTICE_MISSING']);
    const old = fullCase('2014', '2024-01-08');
    const k = indexOf(old, 'candidate_filed');
    expect(
      checkStep(facts('2014'), old.slice(0, k), { ...old[k], data: {} }, { today: TODAY, rules: R }).errors,
    ).toEqual([]);
    void notice;
  });
});

describe('version differences', () => {
  it('gives the 2026 branch vote a one-month limit after pre-review, and none in 2014', () => {
    for (const version of ['2014', '2026'] as const) {
      const steps = fullCase(version, '2023-03-06');
      const i = indexOf(steps, 'admission_vote');
      const preReview = steps[indexOf(steps, 'higher_pre_review')].on;
      const late = { ...steps[i], on: addDays(addMonths(preReview, 1), 1) };
      const r = checkStep(facts(version), steps.slice(0, i), late, { today: TODAY, rules: R });
      expect(r.errors).toEqual([]);
      expect(r.warnings.map((w) => w.code)).toEqual(
        version === '2026' ? ['DEV_VOTE_AFTER_PRE_REVIEW_LATE'] : [],
      );
    }
  });

  it('warns of a late oath only under 2026 (unverified rule)', () => {
    for (const version of ['2014', '2026'] as const) {
      const steps = fullCase(version, '2023-03-06');
      const i = indexOf(steps, 'oath');
      const approval = steps[indexOf(steps, 'admission_approval')].on;
      const r = checkStep(
        facts(version),
        steps.slice(0, i),
        { ...steps[i], on: addMonths(approval, 2) },
        { today: TODAY, rules: R },
      );
      expect(r.warnings.map((w) => w.code)).toEqual(version === '2026' ? ['DEV_OATH_LATE'] : []);
    }
  });

  it('applies a local minimum between application and activist only when configured', () => {
    const steps = fullCase('2014', '2023-03-06');
    const i = indexOf(steps, 'activist_designated');
    const rules = { ...R, 'development.applicationMinMonthsBeforeActivist': 6 };
    expect(checkStep(facts('2014'), steps.slice(0, i), steps[i], { today: TODAY, rules: R }).errors).toEqual(
      [],
    );
    const r = checkStep(facts('2014'), steps.slice(0, i), steps[i], { today: TODAY, rules });
    expect(codes(r)).toEqual(['DEV_APPLICATION_TOO_RECENT']);
    expect(r.errors[0].date).toBe(addMonths('2023-03-06', 6));
  });
});

describe('next steps and their dates', () => {
  it('gives the talk a due date one month after the application', () => {
    const st = caseState(facts('2026'), [{ key: 'application', on: '2026-01-31', data: {} }], R);
    expect(st.next).toMatchObject([{ key: 'application_talk', due: '2026-02-28' }]);
  });
  it('offers both a new assessment and the candidate designation once assessed, with the earliest date', () => {
    const steps = fullCase('2014', '2023-03-06');
    const st = caseState(facts('2014'), steps.slice(0, indexOf(steps, 'activist_assessment') + 1), R);
    const activistOn = steps[indexOf(steps, 'activist_designated')].on;
    expect(st.next.map((n) => n.key)).toEqual(['activist_assessment', 'candidate_designated']);
    expect(st.next[1].earliest).toBe(addMonths(activistOn, 12));
    expect(st.candidateEligibleOn).toBe(addMonths(activistOn, 12));
  });
  it('gives approval a due date of 3 months and a last date of 6 months after the vote', () => {
    const steps = fullCase('2014', '2023-03-06');
    const st = caseState(facts('2014'), steps.slice(0, indexOf(steps, 'higher_interview') + 1), R);
    const vote = steps[indexOf(steps, 'admission_vote')].on;
    expect(st.next).toMatchObject([
      { key: 'admission_approval', due: addMonths(vote, 3), latest: addMonths(vote, 6) },
    ]);
  });
  it('closes the case on a rejected admission', () => {
    const steps = fullCase('2014', '2023-03-06');
    const i = indexOf(steps, 'admission_approval');
    const st = caseState(
      facts('2014'),
      [...steps.slice(0, i), { ...steps[i], data: { outcome: 'rejected' } }],
      R,
    );
    expect(st.status).toBe('rejected');
    expect(st.next).toEqual([]);
    const r = checkStep(
      facts('2014'),
      [...steps.slice(0, i), { ...steps[i], data: { outcome: 'rejected' } }],
      steps[i + 1],
      { today: TODAY, rules: R },
    );
    expect(codes(r)).toEqual(['DEV_CASE_CLOSED']);
  });
});

/**
 * Property: whatever dates a user tries, a sequence built only from steps the engine accepted never
 * breaks a hard limit. Each generated attempt proposes the next step at a random offset from the
 * previous one (sometimes far too early); accepted proposals are appended, refused ones dropped.
 */
describe('property: accepted sequences respect every hard limit', () => {
  const template = fullCase('2014', '2020-01-06');
  const proposals = (version: DevelopmentVersion) =>
    fc.record({
      offsets: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 60, maxLength: 60 }),
      version: fc.constant(version),
    });

  for (const version of ['2014', '2026'] as const) {
    it(`holds under ${version}`, () => {
      const tmpl = fullCase(version, '2020-01-06');
      let reachedFull = 0;
      fc.assert(
        fc.property(proposals(version), ({ offsets }) => {
          const accepted: RecordedStep[] = [];
          let t = 0;
          for (const offset of offsets) {
            const st = caseState(facts(version), accepted, R);
            if (st.next.length === 0) break;
            const key = st.next[st.next.length - 1].key;
            const model = tmpl.find((s) => s.key === key) as RecordedStep;
            const last = accepted.length ? accepted[accepted.length - 1].on : '2020-01-06';
            const on = accepted.length ? addDays(last, offset) : '2020-01-06';
            let data = model.data;
            if (key === 'candidate_filed' && version === '2026') {
              data = { notice: { from: on, to: addDays(on, offset % 12), objection: false } };
            }
            if (key === 'training')
              data = { training: { from: addDays(on, -(offset % 4)), to: on, hours: offset % 30 } };
            const input = { key, on, data };
            const r = checkStep(facts(version), accepted, input, { today: '2030-12-31', rules: R });
            if (r.errors.length === 0) accepted.push(input);
            t += 1;
          }
          // The invariants, checked on the accepted sequence directly rather than through the engine.
          const at = (key: StepKey) => accepted.find((s) => s.key === key);
          for (let i = 1; i < accepted.length; i++)
            expect(compareDates(accepted[i - 1].on, accepted[i].on)).toBeLessThanOrEqual(0);
          const activist = at('activist_designated');
          const candidate = at('candidate_designated');
          if (candidate)
            expect(
              compareDates(candidate.on, addMonths((activist as RecordedStep).on, 12)),
            ).toBeGreaterThanOrEqual(0);
          const vote = accepted.filter((s) => s.key === 'admission_vote').at(-1);
          const approval = at('admission_approval');
          if (approval)
            expect(compareDates(approval.on, addMonths((vote as RecordedStep).on, 6))).toBeLessThanOrEqual(0);
          const confirmation = at('confirmation_vote');
          if (confirmation)
            expect(
              compareDates(confirmation.on, addMonths((vote as RecordedStep).on, 12)),
            ).toBeGreaterThanOrEqual(0);
          const training = at('training');
          if (training) {
            const tr = training.data.training as { from: IsoDate; to: IsoDate; hours: number };
            const days = (Date.parse(tr.to) - Date.parse(tr.from)) / 86_400_000 + 1;
            expect(days >= 3 || tr.hours >= 24).toBe(true);
          }
          if (version === '2026') {
            const filed = at('candidate_filed');
            const sponsors = at('sponsors_assigned');
            if (filed) {
              const n = filed.data.notice as { from: IsoDate; to: IsoDate };
              expect(workingDaysBetween(n.from, n.to)).toBeGreaterThanOrEqual(5);
              if (sponsors) expect(compareDates(sponsors.on, n.to)).toBeGreaterThan(0);
            }
          }
          if (caseState(facts(version), accepted, R).stage === 'full') reachedFull += 1;
          return t >= 0;
        }),
        { numRuns: 150 },
      );
      // The generator must exercise the whole procedure, not stall at the first refusal.
      expect(reachedFull).toBeGreaterThan(10);
      void template;
    });
  }
});
