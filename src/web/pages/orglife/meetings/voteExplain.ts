/**
 * The live explanation of a general meeting's vote, computed in the browser with the same domain
 * functions the server uses (支部工作条例 Art. 11: quorum and pass both "more than half" of the voting
 * members expected), so the secretary sees the outcome while typing the counts.
 */
import { decideVote, quorumMet } from '../../../../domain/orglife/votes';
import { defaultRules, type Rules } from '../../../../domain/rules/index';
import type { Rule } from '../../../api/types';

export interface VoteExplanation {
  /** quorum: no quorum; tally: counts do not add up; pass: not enough votes for; ok: passed. */
  outcome: 'ok' | 'quorum' | 'tally' | 'pass' | 'incomplete';
  text: string;
}

/** The rules in force for the arithmetic: catalog defaults with this deployment's values. */
export function rulesInForce(list: Rule[] | undefined): Rules {
  if (!list?.length) return defaultRules;
  const out: Record<string, unknown> = { ...defaultRules };
  for (const r of list) if (r.id in out) out[r.id] = r.value;
  return out as Rules;
}

export function explainVote(
  expectedVoting: number,
  presentVoting: number,
  tally: { for?: number | null; against?: number | null; abstain?: number | null },
  rules: Rules = defaultRules,
): VoteExplanation {
  const quorum = (() => {
    try {
      return quorumMet(expectedVoting, presentVoting, rules);
    } catch (e) {
      return { ok: false, needed: 0, message: (e as Error).message };
    }
  })();
  if (!quorum.ok) {
    return { outcome: 'quorum', text: `${quorum.message ?? '不足法定人数'}，本项表决无效。` };
  }
  const quorumText = `应到会有表决权党员${expectedVoting}人，实到${presentVoting}人，超过半数（至少${quorum.needed}人），可以表决`;
  if (tally.for == null || tally.against == null || tally.abstain == null) {
    return { outcome: 'incomplete', text: `${quorumText}；请填写赞成、反对、弃权票数。` };
  }
  try {
    const r = decideVote(
      expectedVoting,
      presentVoting,
      { for: tally.for, against: tally.against, abstain: tally.abstain },
      rules,
    );
    if (r.ok) {
      return {
        outcome: 'ok',
        text: `${quorumText}；赞成${tally.for}票，超过应到会有表决权党员${expectedVoting}人的半数（至少需${r.needed}票），通过。`,
      };
    }
    return {
      outcome: r.stage ?? 'pass',
      text: `${quorumText}；${r.message ?? '未通过'}。`.replace('。。', '。'),
    };
  } catch (e) {
    return { outcome: 'tally', text: (e as Error).message };
  }
}
