import { describe, expect, it } from 'vitest';
import { BACKOFF, backoffSeconds, waitMessage } from './backoff.js';

describe('backoffSeconds', () => {
  it('is free for the first failures, then doubles up to the cap', () => {
    const pair = BACKOFF.pair;
    const waits = Array.from({ length: 16 }, (_, i) => backoffSeconds(i + 1, pair));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits.slice(3, 8)).toEqual([2, 4, 8, 16, 32]);
    expect(Math.max(...waits)).toBe(pair.capSeconds);
    expect(backoffSeconds(10_000, pair)).toBe(pair.capSeconds);
  });

  it('keeps the account-wide wait short, so an attacker elsewhere cannot keep the owner out', () => {
    expect(backoffSeconds(1000, BACKOFF.account)).toBe(60);
  });
});

describe('waitMessage', () => {
  it('says seconds under two minutes, minutes after, rounded up', () => {
    expect(waitMessage(1.2)).toBe('登录尝试过于频繁，请2秒后再试');
    expect(waitMessage(119)).toBe('登录尝试过于频繁，请119秒后再试');
    expect(waitMessage(900)).toBe('登录尝试过于频繁，请15分钟后再试');
  });
});
