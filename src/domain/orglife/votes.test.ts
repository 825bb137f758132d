import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRules } from '../rules/index.js';
import { committeeQuorumMet, decideVote, neededToExceed, quorumMet, votePasses, votersOf } from './votes.js';

describe('votePasses (more than half of the EXPECTED voting members)', () => {
  it('fails at exactly half and passes at half + 1', () => {
    expect(votePasses(5, 10).ok).toBe(false);
    expect(votePasses(6, 10)).toEqual({ ok: true, needed: 6 });
    expect(votePasses(4, 9).ok).toBe(false);
    expect(votePasses(5, 9)).toEqual({ ok: true, needed: 5 });
    expect(votePasses(1, 1).ok).toBe(true);
    expect(votePasses(1, 2).ok).toBe(false);
    expect(votePasses(2, 2).ok).toBe(true);
  });

  it('explains a failure in Chinese', () => {
    expect(votePasses(5, 10).message).toBe(
      '赞成5票，未超过应到会有表决权党员10人的半数（至少需6票），未通过',
    );
    expect(votePasses(0, 0)).toMatchObject({ ok: false, message: '没有应到会的有表决权党员，不能进行表决' });
  });

  it('refuses impossible counts', () => {
    expect(() => votePasses(11, 10)).toThrow(RangeError);
    expect(() => votePasses(-1, 10)).toThrow('赞成票数应为非负整数');
    expect(() => votePasses(1.5, 10)).toThrow(RangeError);
  });

  it('passes exactly when 2·for > expected (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.nat(), (expected, f) => {
        const forVotes = f % (expected + 1);
        const r = votePasses(forVotes, expected, defaultRules);
        expect(r.ok).toBe(2 * forVotes > expected);
        expect(r.needed).toBe(Math.floor(expected / 2) + 1);
        expect(votePasses(r.needed, expected).ok).toBe(true);
        expect(votePasses(r.needed - 1, expected).ok).toBe(false);
      }),
    );
  });
});

describe('quorumMet', () => {
  it('needs more than half of the expected voting members present', () => {
    expect(quorumMet(10, 5).ok).toBe(false);
    expect(quorumMet(10, 6).ok).toBe(true);
    expect(quorumMet(9, 5).ok).toBe(true);
    expect(quorumMet(9, 4).message).toBe('应到会有表决权党员9人，实到4人，须超过半数（至少5人）到会方可表决');
    expect(quorumMet(3, 2).ok).toBe(true);
    expect(quorumMet(0, 0)).toMatchObject({ ok: false, needed: 0 });
    expect(() => quorumMet(5, 6)).toThrow('多于应到会人数');
  });

  it('agrees with 2·present > expected (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.nat(), (expected, p) => {
        const present = p % (expected + 1);
        expect(quorumMet(expected, present).ok).toBe(2 * present > expected);
      }),
    );
  });
});

describe('committeeQuorumMet', () => {
  it('needs more than half of the committee members', () => {
    expect(committeeQuorumMet(3, 2).ok).toBe(true);
    expect(committeeQuorumMet(3, 1).ok).toBe(false);
    expect(committeeQuorumMet(4, 2).ok).toBe(false);
    expect(committeeQuorumMet(4, 3)).toEqual({ ok: true, needed: 3 });
    expect(committeeQuorumMet(5, 2).message).toBe(
      '支委会委员5人，到会2人，须超过半数（至少3人）到会方可召开',
    );
    expect(committeeQuorumMet(0, 0).ok).toBe(false);
    expect(() => committeeQuorumMet(3, 4)).toThrow(RangeError);
  });
});

describe('neededToExceed', () => {
  it('handles shares other than one half', () => {
    expect(neededToExceed(10, { num: 2, den: 3 })).toBe(7);
    expect(neededToExceed(9, { num: 2, den: 3 })).toBe(7);
    expect(neededToExceed(10, { num: 4, den: 5 })).toBe(9);
  });
});

describe('votersOf', () => {
  it('leaves out probationary members and suspended voting rights', () => {
    const people = [
      { id: 1, category: 'full' as const },
      { id: 2, category: 'probationary' as const },
      { id: 3, category: 'full' as const, votingRightsSuspended: true },
      { id: 4, category: 'full' as const, votingRightsSuspended: false },
    ];
    expect(votersOf(people).map((p) => p.id)).toEqual([1, 4]);
  });
});

describe('decideVote', () => {
  it('checks quorum, then the tally, then the pass threshold', () => {
    expect(decideVote(10, 5, { for: 5, against: 0, abstain: 0 })).toMatchObject({
      ok: false,
      stage: 'quorum',
    });
    expect(decideVote(10, 6, { for: 5, against: 1, abstain: 1 })).toMatchObject({
      ok: false,
      stage: 'tally',
    });
    expect(decideVote(10, 8, { for: 5, against: 2, abstain: 1 })).toMatchObject({
      ok: false,
      stage: 'pass',
      needed: 6,
    });
    expect(decideVote(10, 6, { for: 6, against: 0, abstain: 0 })).toEqual({ ok: true, needed: 6 });
    expect(() => decideVote(10, 6, { for: 1, against: -1, abstain: 0 })).toThrow('反对票数');
  });
});
