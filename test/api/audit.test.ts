import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
  const cookie = await env.login('secA1');
  await env.app.inject({
    method: 'PATCH',
    url: `/api/members/${env.fx.member.plainA1}`,
    payload: { workUnit: '甲单位' },
    headers: { cookie },
  });
  const admin = await env.login('admin');
  await env.app.inject({
    method: 'PATCH',
    url: `/api/members/${env.fx.member.b1}`,
    payload: { workUnit: '乙单位' },
    headers: { cookie: admin },
  });
});
afterAll(() => env.app.close());
const { get } = requests(() => env);

describe('GET /api/audit', () => {
  it('shows the auditor every write and sign-in, newest first', async () => {
    const res = json(await get('/api/audit?pageSize=100', 'auditor'));
    const actions = res.data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.update', 'auth.login']));
    expect(res.total).toBe(res.data.length);
    const times = res.data.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('scopes an auditor of one district to that district', async () => {
    const res = json(await get('/api/audit?action=member.update', 'auditorB'));
    expect(res.total).toBe(1);
    expect(res.data[0].entityId).toBe(env.fx.member.b1);
  });

  it('filters by user and date', async () => {
    const byUser = json(await get('/api/audit?username=secA1&action=member.update', 'auditor'));
    expect(byUser.data.map((e: { username: string }) => e.username)).toEqual(['secA1']);
    const none = json(await get('/api/audit?to=2000-01-01', 'auditor'));
    expect(none.total).toBe(0);
    const some = json(await get('/api/audit?from=2000-01-01&to=2100-01-01', 'auditor'));
    expect(some.total).toBeGreaterThan(0);
  });

  it('is forbidden to everyone without audit.read, 401 anonymous', async () => {
    expect((await get('/api/audit', 'admin')).statusCode).toBe(403);
    expect((await get('/api/audit', 'sysadmin')).statusCode).toBe(403);
    expect((await get('/api/audit')).statusCode).toBe(401);
  });

  it('gives the sysadmin no member data', async () => {
    expect((await get('/api/members', 'sysadmin')).statusCode).toBe(403);
  });
});
