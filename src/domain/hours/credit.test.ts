import { describe, expect, it } from 'vitest';
import {
  type BeatContext,
  type BeatInput,
  type CreditRules,
  judgeBeat,
  type SessionState,
} from './credit.js';

const rules: CreditRules = {
  heartbeatSeconds: 30,
  maxGapSeconds: 90,
  idleMinutes: 10,
  dailyCapSeconds: 180 * 60,
};
const T0 = Date.UTC(2026, 10, 23, 4, 0, 0);
const start: SessionState = {
  status: 'active',
  lastBeatAt: T0,
  position: 0,
  reached: 0,
  prevVisible: true,
  prevPlaying: true,
};
const video: BeatContext = { media: true, lengthSeconds: 600, itemCredited: 0, dayCredited: 0 };
const beat = (afterSeconds: number, position: number, over: Partial<BeatInput> = {}): BeatInput => ({
  at: T0 + afterSeconds * 1000,
  position,
  visible: true,
  playing: true,
  ...over,
});

/** Plays a list of beats, carrying the session and the totals as the server does. */
function play(beats: BeatInput[], ctx: BeatContext = video, state: SessionState = start) {
  let s = state;
  let item = ctx.itemCredited;
  let day = ctx.dayCredited;
  const verdicts: string[] = [];
  for (const b of beats) {
    const r = judgeBeat(s, b, { ...ctx, itemCredited: item, dayCredited: day }, rules);
    verdicts.push(r.verdict);
    item += r.credited;
    day += r.credited;
    s = r.next;
  }
  return { verdicts, credited: item - ctx.itemCredited, state: s };
}

describe('crediting a heartbeat', () => {
  it('credits a visible, playing interval with the time that passed', () => {
    const r = judgeBeat(start, beat(30, 30), video, rules);
    expect(r).toMatchObject({ verdict: 'credited', credited: 30 });
    expect(r.next).toMatchObject({ position: 30, reached: 30, lastBeatAt: T0 + 30_000 });
  });

  it('never credits more than one interval (plus tolerance), whatever the time elapsed', () => {
    const r = judgeBeat(start, beat(80, 80), video, rules);
    expect(r.credited).toBe(33);
  });

  it('credits nothing for a beat sooner than the interval, and does not restart the interval', () => {
    const r = judgeBeat(start, beat(10, 10), video, rules);
    expect(r).toMatchObject({ verdict: 'too_soon', credited: 0 });
    expect(r.next.lastBeatAt).toBe(T0);
    // A client beating every 10 s gets no more than the time that passed.
    const { credited } = play([beat(10, 10), beat(20, 20), beat(30, 30), beat(40, 40), beat(60, 60)]);
    expect(credited).toBe(60);
  });

  it('a too-soon beat saying hidden spoils the next interval', () => {
    const { verdicts, credited } = play([beat(10, 10, { visible: false }), beat(30, 30)]);
    expect(verdicts).toEqual(['too_soon', 'hidden']);
    expect(credited).toBe(0);
  });

  it('credits nothing while the page is hidden, on either end of the interval', () => {
    const { verdicts, credited } = play([
      beat(30, 30),
      beat(60, 60, { visible: false }),
      beat(90, 90, { visible: false }),
      beat(120, 90),
    ]);
    expect(verdicts).toEqual(['credited', 'hidden', 'hidden', 'hidden']);
    expect(credited).toBe(30);
  });

  it('credits nothing while the media is paused', () => {
    const { verdicts, credited } = play([beat(30, 30), beat(60, 30, { playing: false }), beat(90, 30)]);
    expect(verdicts).toEqual(['credited', 'paused', 'paused']);
    expect(credited).toBe(30);
  });

  it('a video that ended by itself still counts the play up to its end, not beyond', () => {
    const short: BeatContext = { ...video, lengthSeconds: 45 };
    const { verdicts, credited } = play(
      [beat(30, 30), beat(60, 45, { playing: false }), beat(90, 45, { playing: false })],
      short,
    );
    expect(verdicts).toEqual(['credited', 'credited', 'paused']);
    expect(credited).toBe(45);
    // Not fully credited (20 s were hidden): an ended video left open earns nothing more.
    const { verdicts: v2, credited: c2 } = play(
      [beat(30, 30, { visible: false }), beat(60, 45, { playing: false }), beat(90, 45, { playing: false })],
      short,
    );
    expect(v2).toEqual(['hidden', 'hidden', 'seek']);
    expect(c2).toBe(0);
  });

  it('a text or PDF counts visible time only (no media, no position)', () => {
    const text: BeatContext = { ...video, media: false };
    const { verdicts, credited } = play(
      [beat(30, 0, { playing: false }), beat(60, 9999, { playing: false }), beat(90, 0, { visible: false })],
      text,
    );
    expect(verdicts).toEqual(['credited', 'credited', 'hidden']);
    expect(credited).toBe(60);
  });

  it('a video played through is credited to the second, whatever the jitter of the beats', () => {
    // Beats a little early and a little late; the player reports whole seconds.
    const times = [29.6, 60.2, 89.7, 120.4, 150.1];
    const { verdicts, credited, state } = play(times.map((t) => beat(t, Math.floor(t))));
    expect(verdicts.every((v) => v === 'credited')).toBe(true);
    expect(credited).toBe(150);
    expect(state.reached).toBe(150);
    // A client claiming faster play than the clock gains at most the second of slack per beat.
    const { credited: greedy } = play([30, 60, 90].map((t) => beat(t, t + t / 10)));
    expect(greedy).toBeLessThanOrEqual(93);
  });

  it('a stalled video credits no more than it played', () => {
    const r = judgeBeat(start, beat(30, 4), video, rules);
    expect(r).toMatchObject({ verdict: 'credited', credited: 4 });
  });

  it('seeking ahead credits nothing and does not move the furthest point reached', () => {
    const { verdicts, credited, state } = play([beat(30, 30), beat(60, 400), beat(90, 430)]);
    expect(verdicts).toEqual(['credited', 'seek', 'seek']);
    expect(credited).toBe(30);
    expect(state.reached).toBe(30);
  });

  it('after a seek the player goes back to the point reached, and play from there counts again', () => {
    const { verdicts, credited } = play([beat(30, 30), beat(60, 400), beat(90, 60)]);
    expect(verdicts).toEqual(['credited', 'seek', 'credited']);
    expect(credited).toBe(60);
  });

  it('rewatching earlier parts counts (within the item’s length)', () => {
    const { verdicts, credited } = play([beat(30, 30), beat(60, 60), beat(90, 10), beat(120, 40)]);
    // The rewind beat moved backwards: nothing for it; then a full interval.
    expect(verdicts).toEqual(['credited', 'credited', 'paused', 'credited']);
    expect(credited).toBe(30 + 30 + 30);
  });

  it('credits nothing for a gap longer than the maximum, and resumes after it', () => {
    const { verdicts, credited } = play([beat(30, 30), beat(150, 30), beat(180, 60)]);
    expect(verdicts).toEqual(['credited', 'gap', 'credited']);
    expect(credited).toBe(60);
  });

  it('expires a session idle too long: nothing more is credited to it', () => {
    const r = judgeBeat(start, beat(11 * 60, 30), video, rules);
    expect(r.verdict).toBe('ended');
    expect(r.next.status).toBe('expired');
    expect(judgeBeat(r.next, beat(11 * 60 + 30, 60), video, rules)).toMatchObject({
      verdict: 'ended',
      credited: 0,
    });
  });

  it('credits nothing past the item’s length, across sessions and days', () => {
    const nearlyDone: BeatContext = { ...video, itemCredited: 590 };
    const { verdicts, credited } = play([beat(30, 30), beat(60, 60)], nearlyDone);
    expect(verdicts).toEqual(['credited', 'past_end']);
    expect(credited).toBe(10);
  });

  it('stops at the daily cap across items', () => {
    const late: BeatContext = { ...video, dayCredited: 180 * 60 - 20 };
    const { verdicts, credited } = play([beat(30, 30), beat(60, 60)], late);
    expect(verdicts).toEqual(['credited', 'daily_cap']);
    expect(credited).toBe(20);
  });

  it('a superseded session credits nothing: a second device cannot add time', () => {
    const old: SessionState = { ...start, status: 'superseded' };
    expect(judgeBeat(old, beat(30, 30), video, rules)).toMatchObject({ verdict: 'superseded', credited: 0 });
    const ended: SessionState = { ...start, status: 'ended' };
    expect(judgeBeat(ended, beat(30, 30), video, rules)).toMatchObject({ verdict: 'ended', credited: 0 });
  });

  it('leaving a video running for an hour credits only what was visible and playing', () => {
    // 10 min played visibly, then hidden for 50 min while the video "plays" on (a modified client):
    // the first beat back is a seek; the player returns to the point reached.
    const beats: BeatInput[] = [];
    for (let t = 30; t <= 600; t += 30) beats.push(beat(t, t));
    for (let t = 630; t <= 3600; t += 30) beats.push(beat(t, Math.min(600, t), { visible: false }));
    const { credited, state } = play(beats, { ...video, lengthSeconds: 3600 });
    expect(credited).toBe(600);
    expect(state.reached).toBe(600);
  });
});
