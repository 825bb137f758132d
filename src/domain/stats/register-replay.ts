/**
 * The member register as of any date, replayed from its append-only history (`member_events`).
 *
 * Every event carries the member's org after it; registrations and status changes also carry the
 * status and category (a transfer carries only the org, so those are carried forward). A member
 * "belongs" to a set of orgs on a date when the last event up to that date puts them in one of the
 * orgs with a status still on the roll (在册, 流动, 失联).
 *
 * Over a period, every change of belonging is one event, so it is counted once as an increase or a
 * decrease with its cause: the opening count plus the increases minus the decreases is the closing
 * count by construction, whatever moved (the report tests this reconciliation).
 */
import type { IsoDate } from '../common/dates.js';
import { CURRENT_MEMBER_STATUSES, type LeaveReason } from '../member/labels.js';

export interface RegisterEvent {
  id: number;
  memberId: number;
  kind: string;
  occurredOn: IsoDate;
  orgId: number;
  status: string | null;
  category: string | null;
  leaveReason: string | null;
}

export interface RegisterState {
  orgId: number;
  status: string;
  category: string;
}

export const INCREASE_CAUSES = ['developed', 'transferred_in', 'reinstated', 'recorded'] as const;
export type IncreaseCause = (typeof INCREASE_CAUSES)[number];
export const DECREASE_CAUSES = [
  'deceased',
  'expelled',
  'removed',
  'withdrew',
  'lapsed',
  'left_other',
  'transferred_out',
] as const;
export type DecreaseCause = (typeof DECREASE_CAUSES)[number];

export const INCREASE_LABELS: Record<IncreaseCause, string> = {
  developed: '发展党员',
  transferred_in: '组织关系转入',
  reinstated: '恢复党籍及其他增加',
  recorded: '补录入册（入党早于本期）',
};
export const DECREASE_LABELS: Record<DecreaseCause, string> = {
  deceased: '死亡',
  expelled: '开除党籍',
  removed: '除名',
  withdrew: '退党',
  lapsed: '自行脱党',
  left_other: '其他出党',
  transferred_out: '组织关系转出',
};

export interface MemberPeriod {
  /** State on the day before the period opens, and on its last day (null = not yet registered). */
  opening: RegisterState | null;
  closing: RegisterState | null;
  openingIn: boolean;
  closingIn: boolean;
  increases: IncreaseCause[];
  decreases: DecreaseCause[];
  /** Confirmed as a full member during the period while belonging (预备党员转正). */
  confirmed: boolean;
  /** The org the member was registered at when the period's increase was a development. */
  developedAt: number | null;
}

const onRoll = (s: RegisterState | null, inSet: (orgId: number) => boolean) =>
  !!s && inSet(s.orgId) && CURRENT_MEMBER_STATUSES.includes(s.status as never);

const sortEvents = (a: RegisterEvent, b: RegisterEvent) =>
  a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.id - b.id;

function apply(state: RegisterState | null, e: RegisterEvent): RegisterState {
  return {
    orgId: e.orgId,
    status: e.status ?? state?.status ?? 'active',
    category: e.category ?? state?.category ?? 'probationary',
  };
}

/** The state after the last event up to `on` (events in any order). */
export function stateOn(events: readonly RegisterEvent[], on: IsoDate): RegisterState | null {
  let state: RegisterState | null = null;
  for (const e of [...events].sort(sortEvents)) {
    if (e.occurredOn > on) break;
    state = apply(state, e);
  }
  return state;
}

/**
 * One member over the period (`from` .. `to`, both inclusive): where they stood before and at
 * the end, and why they entered or left the set. `joinedOn` tells a development (joined during
 * the period) from a late registration of an older member.
 */
export function replayMember(
  events: readonly RegisterEvent[],
  joinedOn: IsoDate,
  from: IsoDate,
  to: IsoDate,
  inSet: (orgId: number) => boolean,
): MemberPeriod {
  const sorted = [...events].sort(sortEvents);
  let state: RegisterState | null = null;
  let i = 0;
  for (; i < sorted.length && sorted[i]!.occurredOn < from; i++) state = apply(state, sorted[i]!);
  const opening = state;
  const increases: IncreaseCause[] = [];
  const decreases: DecreaseCause[] = [];
  let confirmed = false;
  let developedAt: number | null = null;
  for (; i < sorted.length && sorted[i]!.occurredOn <= to; i++) {
    const e = sorted[i]!;
    const before = state;
    const after = apply(state, e);
    const wasIn = onRoll(before, inSet);
    const isIn = onRoll(after, inSet);
    if (!wasIn && isIn) {
      if (e.kind === 'registered' || !before) {
        const developed = joinedOn >= from && joinedOn <= to;
        increases.push(developed ? 'developed' : 'recorded');
        if (developed) developedAt = after.orgId;
      } else if (before && !CURRENT_MEMBER_STATUSES.includes(before.status as never)) {
        increases.push('reinstated');
      } else {
        increases.push('transferred_in');
      }
    } else if (wasIn && !isIn) {
      if (!CURRENT_MEMBER_STATUSES.includes(after.status as never)) {
        decreases.push(after.status === 'deceased' ? 'deceased' : leaveCause(e.leaveReason));
      } else {
        decreases.push('transferred_out');
      }
    }
    if (isIn && before?.category === 'probationary' && after.category === 'full') confirmed = true;
    state = after;
  }
  return {
    opening,
    closing: state,
    openingIn: onRoll(opening, inSet),
    closingIn: onRoll(state, inSet),
    increases,
    decreases,
    confirmed,
    developedAt,
  };
}

function leaveCause(reason: string | null): DecreaseCause {
  const known: readonly LeaveReason[] = ['expelled', 'removed', 'withdrew', 'lapsed'];
  return known.includes(reason as LeaveReason) ? (reason as LeaveReason) : 'left_other';
}
