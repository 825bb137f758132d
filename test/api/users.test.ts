import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, PASSWORD, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

const req = async (method: 'GET' | 'POST' | 'PATCH', url: string, user?: string, payload?: unknown) =>
  env.app.inject({
    method,
    url,
    payload: payload as object,
    headers: user ? { cookie: await env.login(user) } : {},
  });

describe('user administration (sysadmin)', () => {
  it('lists users with their roles, no member data', async () => {
    const res = await req('GET', '/api/users?pageSize=50', 'sysadmin');
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body.total).toBe(7);
    const sec = body.data.find((u: { username: string }) => u.username === 'secA1');
    expect(sec.roles.map((r: { role: string }) => r.role).sort()).toEqual(['member', 'secretary']);
    expect(JSON.stringify(body)).not.toMatch(/idNumber|phone|620102/);
    expect((await req('GET', '/api/users')).statusCode).toBe(401);
    expect((await req('GET', '/api/users', 'admin')).statusCode).toBe(403);
  });

  it('creates a user whose roles lie in scope, who can then sign in', async () => {
    const res = await req('POST', '/api/users', 'sysadmin', {
      username: 'secB1',
      displayName: '陈静',
      password: 'a-long-password',
      memberId: env.fx.member.b1,
      roles: [
        { role: 'secretary', orgId: env.fx.org.branchB1 },
        { role: 'member', orgId: env.fx.org.branchB1 },
      ],
    });
    expect(res.statusCode).toBe(201);
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'secB1', password: 'a-long-password' },
    });
    expect(login.statusCode).toBe(200);
    const dup = await req('POST', '/api/users', 'sysadmin', {
      username: 'secB1',
      displayName: 'x',
      password: 'a-long-password',
      roles: [{ role: 'auditor', orgId: env.fx.org.city }],
    });
    expect(dup.statusCode).toBe(400);
    expect(json(dup).details[0].field).toBe('username');
    const weak = await req('POST', '/api/users', 'sysadmin', {
      username: 'weakpw',
      displayName: 'x',
      password: 'short',
      roles: [{ role: 'auditor', orgId: env.fx.org.city }],
    });
    expect(json(weak).details[0]).toMatchObject({ field: 'password', message: '密码至少10位' });
    expect((await req('POST', '/api/users', undefined, {})).statusCode).toBe(401);
    expect((await req('POST', '/api/users', 'admin', {})).statusCode).toBe(403);
  });

  it('unlocks, deactivates (ending sessions) and changes roles, audited', async () => {
    const users = json(await req('GET', '/api/users?q=memberA1', 'sysadmin')).data;
    const id = users[0].id;
    const cookie = await env.login('memberA1');
    expect((await env.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    const off = await req('PATCH', `/api/users/${id}`, 'sysadmin', { active: false });
    expect(json(off).active).toBe(false);
    expect((await env.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    const refused = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'memberA1', password: PASSWORD },
    });
    expect(refused.statusCode).toBe(401);
    expect(
      json(await req('PATCH', `/api/users/${id}`, 'sysadmin', { active: true, unlock: true })).active,
    ).toBe(true);
    const audit = json(
      await req('GET', `/api/audit?entity=user&entityId=${id}&action=user.update`, 'auditor'),
    );
    expect(audit.total).toBe(2);
    const self = json(await req('GET', '/api/users?q=sysadmin', 'sysadmin')).data[0];
    const selfChange = await req('PATCH', `/api/users/${self.id}`, 'sysadmin', { active: false });
    expect(selfChange.statusCode).toBe(409);
    expect(selfChange.json().code).toBe('USERS_SELF_CHANGE');
    expect((await req('PATCH', `/api/users/${id}`, undefined, { active: false })).statusCode).toBe(401);
    expect((await req('PATCH', `/api/users/${id}`, 'admin', { active: false })).statusCode).toBe(403);
    expect((await req('GET', `/api/users/${id}`, 'sysadmin')).statusCode).toBe(200);
    expect((await req('GET', `/api/users/${id}`)).statusCode).toBe(401);
  });

  it('searches the orgs where roles may be granted, inside the scope only', async () => {
    const all = json(await req('GET', `/api/users/orgs?q=${encodeURIComponent('社区')}`, 'sysadmin'));
    expect(all.map((o: { id: number }) => o.id).sort()).toEqual(
      [env.fx.org.branchA1, env.fx.org.branchB1].sort(),
    );
    expect((await req('GET', '/api/users/orgs?q=x', 'admin')).statusCode).toBe(403);
    expect((await req('GET', '/api/users/orgs?q=x')).statusCode).toBe(401);
  });

  it('refuses the member role for an account not linked to a member record', async () => {
    const id = json(await req('GET', '/api/users?q=auditorB', 'sysadmin')).data[0].id;
    const res = await req('PATCH', `/api/users/${id}`, 'sysadmin', {
      roles: [{ role: 'member', orgId: env.fx.org.branchB1 }],
    });
    expect(res.statusCode).toBe(400);
    expect(json(res).details[0].field).toBe('memberId');
  });

  it('keeps a district sysadmin to users wholly inside the district', async () => {
    const create = await req('POST', '/api/users', 'sysadmin', {
      username: 'sysB',
      displayName: '乙区系统管理员',
      password: 'a-long-password',
      roles: [{ role: 'sysadmin', orgId: env.fx.org.districtB }],
    });
    expect(create.statusCode).toBe(201);
    const cookie = String(
      (
        await env.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'sysB', password: 'a-long-password' },
        })
      ).headers['set-cookie'],
    ).split(';')[0];
    const list = json(await env.app.inject({ url: '/api/users?pageSize=50', headers: { cookie } }));
    expect(list.data.map((u: { username: string }) => u.username).sort()).toEqual([
      'auditorB',
      'secB1',
      'sysB',
    ]);
    const admin = json(await req('GET', '/api/users?q=admin', 'sysadmin')).data.find(
      (u: { username: string }) => u.username === 'admin',
    );
    expect((await env.app.inject({ url: `/api/users/${admin.id}`, headers: { cookie } })).statusCode).toBe(
      404,
    );
    const grant = await env.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: {
        username: 'sneaky',
        displayName: 'x',
        password: 'a-long-password',
        roles: [{ role: 'org_admin', orgId: env.fx.org.city }],
      },
    });
    expect(grant.statusCode).toBe(400);
    expect(json(grant).details[0].field).toBe('roles');
    const orgs = json(
      await env.app.inject({ url: `/api/users/orgs?q=${encodeURIComponent('社区')}`, headers: { cookie } }),
    );
    expect(orgs.map((o: { id: number }) => o.id)).toEqual([env.fx.org.branchB1]);
  });
});
