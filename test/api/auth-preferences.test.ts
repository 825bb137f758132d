/** 大字模式 kept on the server (PUT /api/me/preferences, read back through /api/me): decision 0043. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
const { get, send } = requests(() => env);

describe('a user’s own preferences', () => {
  it('reads large type as off until it is set', async () => {
    const me = json(await get('/api/me', 'memberA1'));
    expect(me.preferences).toEqual({ largeType: false });
  });

  it('lets a member turn large type on and off, and /api/me reads it back', async () => {
    const on = await send('PUT', '/api/me/preferences', { largeType: true }, 'memberA1');
    expect(on.statusCode).toBe(200);
    expect(json(on)).toEqual({ largeType: true });
    expect(json(await get('/api/me', 'memberA1')).preferences).toEqual({ largeType: true });

    // An empty change changes nothing.
    const same = await send('PUT', '/api/me/preferences', {}, 'memberA1');
    expect(json(same)).toEqual({ largeType: true });

    const off = await send('PUT', '/api/me/preferences', { largeType: false }, 'memberA1');
    expect(json(off)).toEqual({ largeType: false });
    expect(json(await get('/api/me', 'memberA1')).preferences).toEqual({ largeType: false });
  });

  it('keeps each user’s setting to themselves: an administrator sets their own', async () => {
    await send('PUT', '/api/me/preferences', { largeType: true }, 'memberA1');
    const admin = await send('PUT', '/api/me/preferences', { largeType: true }, 'admin');
    expect(admin.statusCode).toBe(200);
    await send('PUT', '/api/me/preferences', { largeType: false }, 'admin');
    expect(json(await get('/api/me', 'admin')).preferences).toEqual({ largeType: false });
    expect(json(await get('/api/me', 'memberA1')).preferences).toEqual({ largeType: true });
  });

  it('answers a field-named Chinese 400 for a value that is not on or off, and changes nothing', async () => {
    for (const largeType of ['yes', 1, null, 'true']) {
      const res = await send('PUT', '/api/me/preferences', { largeType }, 'memberA1');
      expect(res.statusCode).toBe(400);
      const body = json(res);
      expect(body.code).toBe('VALIDATION');
      expect(body.details).toEqual([expect.objectContaining({ field: 'largeType' })]);
      expect(body.details[0].message).toMatch(/[\u4e00-\u9fff]/);
    }
    // A setting the server does not know is refused, not stored.
    const unknown = await send('PUT', '/api/me/preferences', { fontScale: 3 }, 'memberA1');
    expect(unknown.statusCode).toBe(400);
    expect(json(await get('/api/me', 'memberA1')).preferences).toEqual({ largeType: true });
  });

  it('refuses an anonymous change with 401', async () => {
    const res = await send('PUT', '/api/me/preferences', { largeType: true });
    expect(res.statusCode).toBe(401);
  });
});
