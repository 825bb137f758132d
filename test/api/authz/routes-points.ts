/** The matrix entries of the points module (issue #20; see kit.ts for what an entry declares). */
import { pointsAwards, pointsFlags } from '../../../src/server/db/schema/index.js';
import { TODAY } from '../harness.js';
import type { Side, World } from './fixture.js';
import { atMember, br, type ContractKey, data, listAt, nothing, type Spec } from './kit.js';

let flagSeq = 0;

/** A proposal waiting for a decision, proposed by `proposer` (a user id) for the side's member. */
async function proposal(w: World, s: Side, proposer: number) {
  const branch = br(w, s);
  const [a] = await w.env.db
    .insert(pointsAwards)
    .values({
      memberId: w.side[s].member,
      orgId: branch,
      orgPath: w.paths.get(branch) as string,
      occurredOn: TODAY,
      points: 2,
      reason: '参加抗洪抢险表现突出',
      proposedBy: proposer,
    })
    .returning({ id: pointsAwards.id });
  return a.id;
}

/** An open anomaly flag of the side's member. */
async function openFlag(w: World, s: Side) {
  const branch = br(w, s);
  flagSeq += 1;
  const [f] = await w.env.db
    .insert(pointsFlags)
    .values({
      memberId: w.side[s].member,
      orgId: branch,
      orgPath: w.paths.get(branch) as string,
      kind: 'odd_hours',
      key: `authz:${s}:${flagSeq}`,
      raisedOn: TODAY,
      detail: { day: TODAY, seconds: 600, beats: 10, from: 0, to: 5 },
    })
    .returning({ id: pointsFlags.id });
  return f.id;
}

const bystander = (w: World) => w.userIds.get('bystander') as number;

export const SPECS_POINTS = {
  'points.sources': nothing,
  'points.ranking': { build: listAt(), rows: data },
  'points.memberLedger': { build: atMember() },
  // The caller's own member record; an account linked to none is answered 409 (POINTS_NO_MEMBER).
  'points.my': { ...nothing, alsoOk: [409] },
  'points.awards': { build: listAt(), rows: data },
  'points.proposeAward': {
    build: (w, s) => ({
      body: { memberId: w.side[s].member, points: 1, reason: '帮助困难群众解决实际问题', occurredOn: TODAY },
      org: br(w, s),
    }),
  },
  // Proposed by another user (the bystander), so the caller may decide it.
  'points.decideAward': {
    build: async (w, s) => ({
      params: { id: await proposal(w, s, bystander(w)) },
      body: { approve: true, note: '同意' },
      org: br(w, s),
    }),
  },
  // Only the proposer withdraws: side A's proposal is the caller's own, side B's the bystander's.
  'points.withdrawAward': {
    build: async (w, s, me) => {
      const owner = s === 'A' && me.userId ? me.userId : bystander(w);
      return { params: { id: await proposal(w, s, owner) }, org: br(w, s), owner };
    },
  },
  'points.flags': { build: listAt(), rows: data },
  'points.decideFlag': {
    build: async (w, s) => ({
      params: { id: await openFlag(w, s) },
      body: { status: 'cleared', note: '经核实属正常学习' },
      org: br(w, s),
    }),
  },
} satisfies Partial<Record<ContractKey, Spec>>;
