import { describe, expect, it } from 'vitest';
import { BACKOFF } from '../../../domain/auth/backoff.js';
import { LoginThrottle } from './throttle.js';

const NOW = new Date('2026-11-23T04:00:00Z');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe('LoginThrottle', () => {
  it('lets only the free attempts of a simultaneous burst through (they count before hashing)', () => {
    const t = new LoginThrottle();
    const answers = Array.from({ length: 10 }, () => t.attempt('zhangsan', '10.0.0.1', NOW));
    expect(answers.filter((a) => 'imposed' in a)).toHaveLength(BACKOFF.pair.free + 1);
    expect(answers.filter((a) => 'refused' in a)).toHaveLength(10 - BACKOFF.pair.free - 1);
  });

  it('treats an unknown username exactly like a known one (it never asks which exists)', () => {
    const t = new LoginThrottle();
    const run = (name: string) =>
      Array.from({ length: 6 }, (_, i) => JSON.stringify(t.attempt(name, `10.0.1.${name.length}`, at(i))));
    expect(run('real-user')).toEqual(run('nobody-xyz'));
  });

  it('forgets the pair and the account on success, but only one attempt of the address', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 3; i++) t.attempt(`user${i}`, '10.0.0.9', NOW);
    t.attempt('owner', '10.0.0.9', NOW);
    t.succeeded('owner', '10.0.0.9');
    // 3 failures remain on the address: 17 more are free before the address waits.
    const more = Array.from({ length: 18 }, (_, i) => t.attempt(`other${i}`, '10.0.0.9', NOW));
    expect(more.slice(0, 17).every((a) => 'imposed' in a && a.imposed === 0)).toBe(true);
    expect(more[17]).toEqual({ imposed: BACKOFF.address.baseSeconds });
    expect(t.attempt('other-again', '10.0.0.9', NOW)).toEqual({ refused: BACKOFF.address.baseSeconds });
  });

  it('forgets everything a day after the last failure', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 8; i++) t.attempt('zhangsan', '10.0.0.1', at(i * 1000));
    expect('refused' in t.attempt('zhangsan', '10.0.0.1', at(7000))).toBe(true);
    expect(t.attempt('zhangsan', '10.0.0.1', at(7000 + 86_401))).toEqual({ imposed: 0 });
  });

  it('keeps at most its bound of counters, dropping the least recent', () => {
    const t = new LoginThrottle(30);
    for (let i = 0; i < 100; i++) t.attempt(`u${i}`, `10.1.${i}.1`, NOW);
    // The earliest pairs were dropped: their owner starts afresh.
    expect(t.attempt('u0', '10.1.0.1', NOW)).toEqual({ imposed: 0 });
  });
});
