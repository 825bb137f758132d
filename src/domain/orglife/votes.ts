/**
 * Quorum and vote arithmetic for the 支部党员大会 and the 支委会 (支部工作条例 Art. 11, 12).
 *
 * Every threshold is "more than" a share (超过半数), compared in integers as count × den > total × num
 * so that no rounding of a fraction can move the boundary: with 10 expected voters 5 is exactly half
 * and fails, 6 passes. The pass threshold is measured against the members EXPECTED to attend with
 * voting rights (应到会), not those present, which is why a well-attended meeting can still fail.
 */
import { defaultRules, type Rules } from '../rules/index.js';

export interface Share {
  num: number;
  den: number;
}

export interface VoteCheck {
  ok: boolean;
  /** The smallest count that satisfies the rule (0 when no count can). */
  needed: number;
  /** Chinese, when not ok. */
  message?: string;
}

function assertCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name}应为非负整数：${n}`);
}

/** count × den > total × num, in integers. */
export function exceedsShare(count: number, total: number, share: Share): boolean {
  return count * share.den > total * share.num;
}

/** The smallest count exceeding the share of `total`. */
export function neededToExceed(total: number, share: Share): number {
  return Math.floor((total * share.num) / share.den) + 1;
}

/** Whether enough voting members are present for the general meeting to vote (表决必须有半数以上…到会). */
export function quorumMet(
  expectedVoting: number,
  presentVoting: number,
  rules: Rules = defaultRules,
): VoteCheck {
  assertCount('应到会有表决权党员人数', expectedVoting);
  assertCount('实到会有表决权党员人数', presentVoting);
  if (expectedVoting === 0)
    return { ok: false, needed: 0, message: '没有应到会的有表决权党员，不能进行表决' };
  if (presentVoting > expectedVoting) {
    throw new RangeError(`实到会有表决权党员（${presentVoting}人）多于应到会人数（${expectedVoting}人）`);
  }
  const needed = neededToExceed(expectedVoting, rules['vote.quorumShare']);
  if (exceedsShare(presentVoting, expectedVoting, rules['vote.quorumShare'])) return { ok: true, needed };
  return {
    ok: false,
    needed,
    message: `应到会有表决权党员${expectedVoting}人，实到${presentVoting}人，须超过半数（至少${needed}人）到会方可表决`,
  };
}

/** Whether a decision passes: votes for exceed half of the voting members expected to attend. */
export function votePasses(forVotes: number, expectedVoting: number, rules: Rules = defaultRules): VoteCheck {
  assertCount('赞成票数', forVotes);
  assertCount('应到会有表决权党员人数', expectedVoting);
  if (expectedVoting === 0)
    return { ok: false, needed: 0, message: '没有应到会的有表决权党员，不能进行表决' };
  if (forVotes > expectedVoting) {
    throw new RangeError(`赞成票（${forVotes}票）多于应到会有表决权党员人数（${expectedVoting}人）`);
  }
  const needed = neededToExceed(expectedVoting, rules['vote.passShare']);
  if (exceedsShare(forVotes, expectedVoting, rules['vote.passShare'])) return { ok: true, needed };
  return {
    ok: false,
    needed,
    message: `赞成${forVotes}票，未超过应到会有表决权党员${expectedVoting}人的半数（至少需${needed}票），未通过`,
  };
}

/** Whether a 支委会 meeting has more than half of the committee members present. */
export function committeeQuorumMet(
  committeeSize: number,
  present: number,
  rules: Rules = defaultRules,
): VoteCheck {
  assertCount('支委会委员人数', committeeSize);
  assertCount('到会委员人数', present);
  if (committeeSize === 0) return { ok: false, needed: 0, message: '支部委员会没有委员，不能召开支委会' };
  if (present > committeeSize)
    throw new RangeError(`到会委员（${present}人）多于委员总数（${committeeSize}人）`);
  const needed = neededToExceed(committeeSize, rules['committee.meetingQuorum']);
  if (exceedsShare(present, committeeSize, rules['committee.meetingQuorum'])) return { ok: true, needed };
  return {
    ok: false,
    needed,
    message: `支委会委员${committeeSize}人，到会${present}人，须超过半数（至少${needed}人）到会方可召开`,
  };
}

export interface Attendee {
  category: 'full' | 'probationary';
  /** 留党察看 (and similar measures) suspend the right to vote for their duration. */
  votingRightsSuspended?: boolean;
}

/**
 * The attendees with a vote. 预备党员 have no vote (党章第七条), nor do members whose voting rights are
 * suspended (留党察看).
 */
export function votersOf<A extends Attendee>(attendees: readonly A[]): A[] {
  return attendees.filter((a) => a.category === 'full' && !a.votingRightsSuspended);
}

export interface VoteTally {
  for: number;
  against: number;
  abstain: number;
}

/**
 * Checks a recorded vote: quorum first (a vote without quorum is void whatever its result), then the
 * tally cannot exceed the voters present, then the pass threshold.
 */
export function decideVote(
  expectedVoting: number,
  presentVoting: number,
  tally: VoteTally,
  rules: Rules = defaultRules,
): VoteCheck & { stage?: 'quorum' | 'tally' | 'pass' } {
  const quorum = quorumMet(expectedVoting, presentVoting, rules);
  if (!quorum.ok) return { ...quorum, stage: 'quorum' };
  for (const [name, n] of [
    ['赞成票数', tally.for],
    ['反对票数', tally.against],
    ['弃权票数', tally.abstain],
  ] as const) {
    assertCount(name, n);
  }
  const cast = tally.for + tally.against + tally.abstain;
  if (cast > presentVoting) {
    return {
      ok: false,
      needed: 0,
      stage: 'tally',
      message: `赞成、反对、弃权合计${cast}票，多于实到会有表决权党员${presentVoting}人`,
    };
  }
  const pass = votePasses(tally.for, expectedVoting, rules);
  return pass.ok ? pass : { ...pass, stage: 'pass' };
}
