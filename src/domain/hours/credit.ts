/**
 * Online study credited from heartbeats (issue #20, decision 0046). PURE: the server passes its own
 * clock (`at`), the session as stored, the member's totals so far and the rules in force; the
 * answer is the verdict stored with the beat (the trace), the seconds credited and the session's
 * next state. Nothing the client says is taken as time: a beat's credit is at most the server time
 * elapsed since the previous beat, at most one interval, and only when the previous beat and this
 * one both say the page was visible and (for a video or audio) the media was playing.
 */

/** What a stored beat says about itself (study_beats.verdict). */
export const BEAT_VERDICTS = [
  'credited',
  'hidden',
  'paused',
  'seek',
  'too_soon',
  'gap',
  'past_end',
  'daily_cap',
  'superseded',
  'ended',
] as const;
export type BeatVerdict = (typeof BEAT_VERDICTS)[number];

export const BEAT_VERDICT_LABELS: Record<BeatVerdict, string> = {
  credited: '计时',
  hidden: '页面不可见',
  paused: '未在播放',
  seek: '快进跳过',
  too_soon: '心跳过密',
  gap: '中断过久',
  past_end: '已学满时长',
  daily_cap: '已达当日上限',
  superseded: '已在其他设备学习',
  ended: '会话已结束',
};

/**
 * Slack for the client's timers and the network, in seconds: a beat may arrive this much before
 * the interval (not too soon), credit this much more than one interval (never more than the time
 * elapsed), and the media may run this much ahead of the elapsed time without counting as a seek.
 */
export const BEAT_TOLERANCE_SECONDS = 3;

export interface CreditRules {
  /** learning.heartbeatSeconds */
  heartbeatSeconds: number;
  /** learning.heartbeatMaxGapSeconds */
  maxGapSeconds: number;
  /** learning.sessionIdleMinutes */
  idleMinutes: number;
  /** learning.dailyOnlineCapMinutes, in seconds */
  dailyCapSeconds: number;
}

export type SessionStatus = 'active' | 'ended' | 'superseded' | 'expired';

/** The session as stored, with the flags of its previous beat (the start counts as visible and playing). */
export interface SessionState {
  status: SessionStatus;
  /** Server time of the previous beat (or the start), epoch ms. */
  lastBeatAt: number;
  /** Media position of the previous beat, seconds. */
  position: number;
  /** Furthest position reached by credited play, seconds. */
  reached: number;
  prevVisible: boolean;
  prevPlaying: boolean;
}

export interface BeatInput {
  /** The SERVER's time of arrival, epoch ms. */
  at: number;
  position: number;
  visible: boolean;
  playing: boolean;
}

export interface BeatContext {
  /** A video or audio (position and playing matter); a text or PDF counts visible time only. */
  media: boolean;
  lengthSeconds: number;
  /** Online seconds already credited to the member for this item (all sessions, all days). */
  itemCredited: number;
  /** Online seconds already credited to the member on the beat's day (all items). */
  dayCredited: number;
}

export interface BeatResult {
  verdict: BeatVerdict;
  credited: number;
  /** The session's state after the beat. */
  next: SessionState;
}

/** Whether a session left without beats this long is over (its next beat or a new start expires it). */
export function isIdle(state: Pick<SessionState, 'lastBeatAt'>, at: number, rules: CreditRules): boolean {
  return at - state.lastBeatAt > rules.idleMinutes * 60_000;
}

export function judgeBeat(
  state: SessionState,
  beat: BeatInput,
  ctx: BeatContext,
  rules: CreditRules,
): BeatResult {
  const position = ctx.media ? Math.max(0, Math.floor(beat.position)) : 0;
  // A video that played to its end stops by itself: the beat after the last one still counts the
  // play up to the end (what it credits is the media's advance, never more).
  const atEnd = ctx.media && ctx.lengthSeconds > 0 && position >= ctx.lengthSeconds - BEAT_TOLERANCE_SECONDS;
  const playing = ctx.media ? beat.playing || atEnd : true;
  const flags = { prevVisible: beat.visible, prevPlaying: playing };
  const done = (verdict: BeatVerdict, credited: number, next: Partial<SessionState>): BeatResult => ({
    verdict,
    credited,
    next: { ...state, lastBeatAt: beat.at, position, ...flags, ...next },
  });

  if (state.status === 'superseded') return { verdict: 'superseded', credited: 0, next: state };
  if (state.status !== 'active') return { verdict: 'ended', credited: 0, next: state };
  if (isIdle(state, beat.at, rules)) {
    return { verdict: 'ended', credited: 0, next: { ...state, status: 'expired' } };
  }

  // Seconds since the previous beat by the server's clock, to the millisecond.
  const elapsed = (beat.at - state.lastBeatAt) / 1000;
  const tol = BEAT_TOLERANCE_SECONDS;
  if (elapsed < rules.heartbeatSeconds - tol) {
    // Ignored but for its flags: a beat saying hidden or paused still spoils the next interval.
    return {
      verdict: 'too_soon',
      credited: 0,
      next: {
        ...state,
        prevVisible: state.prevVisible && flags.prevVisible,
        prevPlaying: state.prevPlaying && flags.prevPlaying,
      },
    };
  }
  if (elapsed > rules.maxGapSeconds) return done('gap', 0, {});
  if (!state.prevVisible || !beat.visible) return done('hidden', 0, {});
  if (ctx.media && (!state.prevPlaying || !playing)) return done('paused', 0, {});
  if (ctx.media && position > state.reached + elapsed + tol) return done('seek', 0, {});

  let raw = Math.min(Math.floor(elapsed), rules.heartbeatSeconds + tol);
  if (ctx.media) {
    // What the media played, never more than the time that passed (a second of slack for the
    // whole seconds the player reports): a stalled or ended video credits nothing, and a video
    // played to the end is credited to the second. After a seek the player returns to `reached`,
    // so the advance counts from there.
    const base = Math.min(state.position, state.reached);
    raw = Math.min(Math.floor(elapsed + 1), rules.heartbeatSeconds + tol, Math.max(0, position - base));
  }
  const leftOfItem = Math.max(0, ctx.lengthSeconds - ctx.itemCredited);
  const leftOfDay = Math.max(0, rules.dailyCapSeconds - ctx.dayCredited);
  const credited = Math.max(0, Math.min(raw, leftOfItem, leftOfDay));
  const reached = ctx.media ? Math.min(ctx.lengthSeconds, Math.max(state.reached, position)) : state.reached;
  if (credited === 0 && raw > 0) {
    return done(leftOfItem === 0 ? 'past_end' : 'daily_cap', 0, { reached });
  }
  return done(credited > 0 ? 'credited' : 'paused', credited, { reached });
}
