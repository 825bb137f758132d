import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, PASSWORD, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

describe('health, docs and sessions', () => {
  it('answers health without a session', async () => {
    const res = await env.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document listing the routes', async () => {
    const res = await env.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = json(res);
    expect(doc.openapi).toMatch(/^3/);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/members', '/api/orgs/{id}/move']));
    const ui = await env.app.inject({ url: '/api/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('logs in with an HttpOnly SameSite=Strict cookie and reports roles and scope', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'secA1', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/jiceng_sid=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const me = json(await env.app.inject({ url: '/api/me', headers: { cookie: setCookie.split(';')[0] } }));
    expect(me.username).toBe('secA1');
    expect(me.memberId).toBe(env.fx.member.secA1);
    expect(me.roles.map((r: { role: string }) => r.role).sort()).toEqual(['member', 'secretary']);
    // The kind of the org each role is held at: the web menu leaves a committee's tools out for a branch.
    expect(me.roles.map((r: { orgKind: string }) => r.orgKind)).toEqual(['branch', 'branch']);
    expect(me.scopeRoots).toEqual([expect.objectContaining({ orgId: env.fx.org.branchA1 })]);
    expect(me.permissions).toContain('member.write');
  });

  it('rejects anonymous calls to /api/me with a Chinese 401', async () => {
    const res = await env.app.inject({ url: '/api/me' });
    expect(res.statusCode).toBe(401);
    expect(json(res)).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
  });

  it('names the missing field when the login body is incomplete', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin' },
    });
    expect(res.statusCode).toBe(400);
    expect(json(res).details[0].field).toBe('password');
    expect(json(res).message).toMatch(/密码/);
  });

  it('expires a session after 30 idle minutes', async () => {
    const cookie = await env.login('districtA');
    expect((await env.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    const start = env.clock.now;
    env.clock.now = new Date(start.getTime() + 31 * 60_000);
    try {
      expect((await env.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    } finally {
      env.clock.now = start;
    }
  });

  it('logs out: the cookie no longer works', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'auditor', password: PASSWORD },
    });
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    expect(
      (await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode,
    ).toBe(200);
    expect((await env.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('locks an account for 15 minutes after 5 failed logins', async () => {
    const attempt = (password: string) =>
      env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'memberA1', password } });
    for (let i = 0; i < 4; i++) {
      const r = await attempt('wrong');
      expect(r.statusCode).toBe(401);
      expect(json(r).message).toBe('用户名或密码错误');
    }
    expect((await attempt('wrong')).statusCode).toBe(423);
    // Even the right password is refused while locked.
    const locked = await attempt(PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(json(locked).message).toMatch(/锁定/);
    const start = env.clock.now;
    env.clock.now = new Date(start.getTime() + 16 * 60_000);
    try {
      expect((await attempt(PASSWORD)).statusCode).toBe(200);
    } finally {
      env.clock.now = start;
    }
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'x' },
    });
    expect(r.statusCode).toBe(401);
    expect(json(r).code).toBe('INVALID_CREDENTIALS');
  });
});

describe('login rate limit', () => {
  it('answers 429 in Chinese past the per-minute limit', async () => {
    const { buildApp } = await import('../../src/server/app.js');
    const { loadConfig } = await import('../../src/server/config.js');
    const { testDatabase } = await import('./harness.js');
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', LOGIN_RATE_LIMIT: '3' }),
      database: await testDatabase(),
    });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody', password: 'x' },
      });
      codes.push(r.statusCode);
      if (r.statusCode === 429)
        expect(json(r)).toMatchObject({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    }
    expect(codes).toEqual([401, 401, 401, 429]);
    await app.close();
  });
});
