import { afterEach, describe, expect, it } from 'vitest';
import type { DbOrTx } from '../db/client.js';
import {
  CACHE_CHANNEL,
  cacheGeneration,
  cachesTrusted,
  dropCaches,
  invalidate,
  parseInvalidation,
  SessionCache,
  setCachesTrusted,
  ValueCache,
} from './cache.js';

const voucher = {};
afterEach(() => setCachesTrusted(voucher, false));

/** A database handle that records the statements `invalidate` sends. */
function recordingDb() {
  const sent: unknown[] = [];
  const db = { execute: async (q: unknown) => void sent.push(q) } as unknown as DbOrTx;
  return { db, sent };
}

describe('SessionCache', () => {
  it('serves nothing while nobody vouches for the invalidations', () => {
    const c = new SessionCache<string>();
    c.set('s1', 1, 'row', cacheGeneration());
    expect(c.get('s1')).toBeNull();
    setCachesTrusted(voucher, true);
    expect(c.get('s1')).toBeNull();
    c.set('s1', 1, 'row', cacheGeneration());
    expect(c.get('s1')).toBe('row');
    c.close();
  });

  it('drops everything when trust ends, and does not serve it when trust begins again', () => {
    setCachesTrusted(voucher, true);
    const c = new SessionCache<string>();
    c.set('s1', 1, 'row', cacheGeneration());
    setCachesTrusted(voucher, false);
    expect(c.size).toBe(0);
    setCachesTrusted(voucher, true);
    expect(c.get('s1')).toBeNull();
    c.close();
  });

  it('refuses to keep a row read before an invalidation (it may predate the change)', () => {
    setCachesTrusted(voucher, true);
    const c = new SessionCache<string>();
    const readAt = cacheGeneration();
    dropCaches();
    c.set('s1', 1, 'stale', readAt);
    expect(c.get('s1')).toBeNull();
    c.close();
  });

  it('forgets by session, by user and all at once', async () => {
    setCachesTrusted(voucher, true);
    const c = new SessionCache<string>();
    const { db, sent } = recordingDb();
    const fill = () => {
      const g = cacheGeneration();
      c.set('a', 1, 'a', g);
      c.set('b', 1, 'b', g);
      c.set('c', 2, 'c', g);
    };
    fill();
    await invalidate(db, { sessions: ['a'] });
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([null, 'b', 'c']);
    fill();
    await invalidate(db, { users: [1] });
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([null, null, 'c']);
    fill();
    await invalidate(db, { all: true });
    expect(c.size).toBe(0);
    // Each went to the other processes too, on the channel they listen to.
    expect(sent).toHaveLength(3);
    expect(JSON.stringify(sent[0])).toContain(CACHE_CHANNEL);
    c.close();
  });

  it('sends nothing for an invalidation that names nothing', async () => {
    const { db, sent } = recordingDb();
    const before = cacheGeneration();
    await invalidate(db, { sessions: [], users: [] });
    expect(sent).toEqual([]);
    expect(cacheGeneration()).toBe(before);
  });

  it('says "all" rather than sending more ids than a notification holds', async () => {
    setCachesTrusted(voucher, true);
    const c = new SessionCache<string>();
    c.set('x', 999, 'x', cacheGeneration());
    const { db, sent } = recordingDb();
    await invalidate(db, { users: Array.from({ length: 500 }, (_, i) => i) });
    expect(c.size).toBe(0);
    const params = JSON.stringify(sent[0]);
    expect(params).toContain('{\\"all\\":true}');
    c.close();
  });

  it('keeps entries no longer than its age limit and no more than its size', () => {
    setCachesTrusted(voucher, true);
    let now = 0;
    const c = new SessionCache<string>({ maxEntries: 2, maxAgeMs: 1_000, now: () => now });
    c.set('a', 1, 'a', cacheGeneration());
    c.set('b', 2, 'b', cacheGeneration());
    c.set('c', 3, 'c', cacheGeneration());
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([null, 'b', 'c']);
    now = 1_001;
    expect(c.get('b')).toBeNull();
    c.close();
  });

  it('updates a kept entry in place (the last use after a touch)', () => {
    setCachesTrusted(voucher, true);
    const c = new SessionCache<{ seen: number }>();
    c.set('a', 1, { seen: 1 }, cacheGeneration());
    c.update('a', (v) => ({ ...v, seen: 2 }));
    expect(c.get('a')).toEqual({ seen: 2 });
    c.close();
  });
});

describe('ValueCache (the rules in force)', () => {
  it('loads once while trusted, again after a rules invalidation, and every time when not trusted', async () => {
    const key = {};
    let loads = 0;
    const c = new ValueCache<object, number>();
    const load = async () => ++loads;
    expect(await c.get(key, load)).toBe(1);
    expect(await c.get(key, load)).toBe(2);
    setCachesTrusted(voucher, true);
    expect(await c.get(key, load)).toBe(3);
    expect(await c.get(key, load)).toBe(3);
    await invalidate(recordingDb().db, { sessions: ['x'] });
    expect(await c.get(key, load)).toBe(3);
    await invalidate(recordingDb().db, { rules: true });
    expect(await c.get(key, load)).toBe(4);
  });

  it('does not keep a value whose load overlapped an invalidation', async () => {
    setCachesTrusted(voucher, true);
    const key = {};
    const c = new ValueCache<object, string>();
    const first = await c.get(key, async () => {
      dropCaches();
      return 'old';
    });
    expect(first).toBe('old');
    expect(await c.get(key, async () => 'new')).toBe('new');
  });
});

describe('parseInvalidation', () => {
  it('reads what invalidate sends', () => {
    expect(parseInvalidation('{"sessions":["a"],"users":[3]}')).toEqual({ sessions: ['a'], users: [3] });
    expect(parseInvalidation('{"rules":true}')).toEqual({ rules: true });
    expect(parseInvalidation('{"orgs":true}')).toEqual({ orgs: true });
  });

  it('drops everything on anything it cannot read (never trust less than sent)', () => {
    for (const bad of [undefined, '', 'x', 'null', '{"users":["1"]}', '{"sessions":[1]}'])
      expect(parseInvalidation(bad)).toEqual({ all: true, rules: true, orgs: true });
  });
});

describe('trust', () => {
  it('holds while any voucher does', () => {
    const other = {};
    setCachesTrusted(voucher, true);
    setCachesTrusted(other, true);
    setCachesTrusted(other, false);
    expect(cachesTrusted()).toBe(true);
    setCachesTrusted(voucher, false);
    expect(cachesTrusted()).toBe(false);
  });
});
