import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/server/db/schema/index.js';
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

/** Signs in with a password an administrator set, as the owner after the forced change. */
async function signIn(username: string, password: string) {
  await env.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, username));
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  expect(res.statusCode).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0];
}

const userId = async (username: string) =>
  json(await req('GET', `/api/users?q=${username}`, 'sysadmin')).data.find(
    (u: { username: string }) => u.username === username,
  ).id as number;

describe('user administration (sysadmin)', () => {
  it('lists users with their roles, no member data', async () => {
    const res = await req('GET', '/api/users?pageSize=50', 'sysadmin');
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body.total).toBe(8);
    const sec = body.data.find((u: { username: string }) => u.username === 'secA1');
    expect(sec.roles.map((r: { role: string }) => r.role).sort()).toEqual(['member', 'secretary']);
    expect(JSON.stringify(body)).not.toMatch(/idNumber|phone|620102/);
    // The security administrator reads accounts (to review grants); the auditor does not.
    expect(json(await req('GET', '/api/users?pageSize=50', 'secadmin')).total).toBe(8);
    expect((await req('GET', '/api/users', 'auditor')).statusCode).toBe(403);
    expect((await req('GET', '/api/users')).statusCode).toBe(401);
    expect((await req('GET', '/api/users', 'admin')).statusCode).toBe(403);
  });

  it('creates an account without roles: the roles asked for wait for a security administrator', async () => {
    const res = await req('POST', '/api/users', 'sysadmin', {
      username: 'auditB2',
      displayName: '乙区审计员二',
      password: 'a-long-password-1',
      roles: [{ role: 'auditor', orgId: env.fx.org.districtB }],
      reason: '乙区新任审计员',
    });
    expect(res.statusCode).toBe(201);
    const created = json(res);
    expect(created.roles).toEqual([]);
    expect(created.mustChangePassword).toBe(true);
    expect(created.pendingGrants).toEqual([
      expect.objectContaining({ action: 'grant', role: 'auditor', orgId: env.fx.org.districtB }),
    ]);
    const dup = await req('POST', '/api/users', 'sysadmin', {
      username: 'auditB2',
      displayName: 'x',
      password: 'a-long-password-1',
      roles: [{ role: 'auditor', orgId: env.fx.org.city }],
      reason: '测试',
    });
    expect(dup.statusCode).toBe(400);
    expect(json(dup).details[0].field).toBe('username');
    const weak = await req('POST', '/api/users', 'sysadmin', {
      username: 'weakpw',
      displayName: 'x',
      password: 'short',
      roles: [{ role: 'auditor', orgId: env.fx.org.city }],
      reason: '测试',
    });
    expect(json(weak).details[0]).toMatchObject({ field: 'password' });
    const nothing = await req('POST', '/api/users', 'sysadmin', {
      username: 'nothing',
      displayName: 'x',
      password: 'a-long-password-1',
      reason: '测试',
    });
    expect(json(nothing).details[0].field).toBe('roles');
    // The member role comes only with the member's org's confirmation of a link.
    const member = await req('POST', '/api/users', 'sysadmin', {
      username: 'memberX',
      displayName: 'x',
      password: 'a-long-password-1',
      roles: [{ role: 'member', orgId: env.fx.org.branchB1 }],
      reason: '测试',
    });
    expect(member.statusCode).toBe(409);
    expect(json(member).code).toBe('USERS_MEMBER_ROLE_BY_LINK');
    expect(json(await req('GET', '/api/users?q=memberX', 'sysadmin')).total).toBe(0);
    expect((await req('POST', '/api/users', undefined, {})).statusCode).toBe(401);
    expect((await req('POST', '/api/users', 'admin', {})).statusCode).toBe(403);
    expect((await req('POST', '/api/users', 'secadmin', {})).statusCode).toBe(403);
  });

  it('no longer changes roles or the member link through PATCH', async () => {
    const id = await userId('auditorB');
    const roles = await req('PATCH', `/api/users/${id}`, 'sysadmin', {
      roles: [{ role: 'org_admin', orgId: env.fx.org.city }],
    });
    expect(roles.statusCode).toBe(400);
    const link = await req('PATCH', `/api/users/${id}`, 'sysadmin', { memberId: env.fx.member.b1 });
    expect(link.statusCode).toBe(400);
  });

  it('unlocks, deactivates (ending sessions), audited', async () => {
    const id = await userId('memberA1');
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
    const self = await userId('sysadmin');
    const selfChange = await req('PATCH', `/api/users/${self}`, 'sysadmin', { active: false });
    expect(selfChange.statusCode).toBe(409);
    expect(selfChange.json().code).toBe('USERS_SELF_CHANGE');
    expect((await req('PATCH', `/api/users/${id}`, undefined, { active: false })).statusCode).toBe(401);
    expect((await req('PATCH', `/api/users/${id}`, 'admin', { active: false })).statusCode).toBe(403);
    expect((await req('PATCH', `/api/users/${id}`, 'secadmin', { active: false })).statusCode).toBe(403);
    expect((await req('GET', `/api/users/${id}`, 'sysadmin')).statusCode).toBe(200);
    expect((await req('GET', `/api/users/${id}`)).statusCode).toBe(401);
  });

  it('searches the orgs where roles may be proposed, inside the scope only', async () => {
    const all = json(await req('GET', `/api/users/orgs?q=${encodeURIComponent('社区')}`, 'sysadmin'));
    expect(all.map((o: { id: number }) => o.id).sort()).toEqual(
      [env.fx.org.branchA1, env.fx.org.branchB1].sort(),
    );
    expect((await req('GET', '/api/users/orgs?q=x', 'admin')).statusCode).toBe(403);
    expect((await req('GET', '/api/users/orgs?q=x')).statusCode).toBe(401);
  });

  it('keeps a district sysadmin to users wholly inside the district', async () => {
    const create = await req('POST', '/api/users', 'sysadmin', {
      username: 'sysB',
      displayName: '乙区系统管理员',
      password: 'a-long-password-1',
      roles: [{ role: 'sysadmin', orgId: env.fx.org.districtB }],
      reason: '乙区系统管理员',
    });
    expect(create.statusCode).toBe(201);
    const requestId = json(create).pendingGrants[0].requestId;
    const approve = await req('POST', `/api/users/grant-requests/${requestId}/decision`, 'secadmin', {
      approve: true,
      note: '同意',
    });
    expect(approve.statusCode).toBe(200);
    const cookie = await signIn('sysB', 'a-long-password-1');
    const list = json(await env.app.inject({ url: '/api/users?pageSize=50', headers: { cookie } }));
    // auditB2 (created above) lies in the district by its pending grant.
    expect(list.data.map((u: { username: string }) => u.username).sort()).toEqual([
      'auditB2',
      'auditorB',
      'sysB',
    ]);
    const admin = await userId('admin');
    expect((await env.app.inject({ url: `/api/users/${admin}`, headers: { cookie } })).statusCode).toBe(404);
    const grant = await env.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: {
        username: 'sneaky',
        displayName: 'x',
        password: 'a-long-password-1',
        roles: [{ role: 'org_admin', orgId: env.fx.org.city }],
        reason: '越权测试',
      },
    });
    expect(grant.statusCode).toBe(400);
    expect(json(grant).details[0].field).toBe('roles.0');
    expect(json(await req('GET', '/api/users?q=sneaky', 'sysadmin')).total).toBe(0);
    const orgs = json(
      await env.app.inject({ url: `/api/users/orgs?q=${encodeURIComponent('社区')}`, headers: { cookie } }),
    );
    expect(orgs.map((o: { id: number }) => o.id)).toEqual([env.fx.org.branchB1]);
  });
});
