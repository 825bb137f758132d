/**
 * 三员分立 (issue #18): the escalations found by the review, as regression tests. The system
 * administrator reaches no member or org data, grants nothing alone and links no member record
 * outside its scope or without the member's org; the security administrator approves grants it did
 * not propose and reads no member data; the audit administrator reads the audit log only; no
 * account holds two administrator roles, nor one with a data role; an administrator's password
 * reset forces a change, ends the sessions and tells the owner.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  memberLinkRequests,
  notifications,
  roleAssignments,
  users,
} from '../../src/server/db/schema/index.js';
import { json, PASSWORD, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
const { get, post, send } = requests(() => env);

/** A district A system administrator and a second security administrator (district B). */
const extra: Record<string, number> = {};
beforeAll(async () => {
  env = await setupEnv();
  const [{ hash }] = await env.db
    .select({ hash: users.passwordHash })
    .from(users)
    .where(eq(users.username, 'admin'));
  const add = async (username: string, grants: Array<[string, number]>) => {
    const [u] = await env.db
      .insert(users)
      .values({ username, displayName: username, passwordHash: hash })
      .returning({ id: users.id });
    await env.db
      .insert(roleAssignments)
      .values(grants.map(([role, orgId]) => ({ userId: u.id, role, orgId })));
    extra[username] = u.id;
  };
  await add('sysA', [['sysadmin', env.fx.org.districtA]]);
  await add('secadminB', [['security_admin', env.fx.org.districtB]]);
  // An account from before the separation, holding two administrator roles (the proposer check
  // must hold even for data that breaks the rule).
  await add('legacyBoth', [
    ['sysadmin', env.fx.org.city],
    ['security_admin', env.fx.org.city],
  ]);
});
afterAll(() => env.app.close());

/** Signs in with the password an administrator set, as the owner after the forced change. */
async function signIn(username: string, password = 'a-long-password-1') {
  await env.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, username));
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  expect(res.statusCode).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0];
}
const as = (cookie: string, url: string) => env.app.inject({ url, headers: { cookie } });

async function createAccount(by: string, username: string, body: object) {
  const res = await post(
    '/api/users',
    { username, displayName: username, password: 'a-long-password-1', reason: '测试账号', ...body },
    by,
  );
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { id: number; pendingGrants: { requestId: number }[]; pendingMemberId: number | null };
}

const linkCount = async () =>
  (await env.db.select({ n: sql<number>`count(*)::int` }).from(memberLinkRequests))[0].n;

describe('the system administrator', () => {
  it('reads no member or org data (403)', async () => {
    for (const url of [
      '/api/members',
      `/api/members/${env.fx.member.secA1}`,
      '/api/members/export',
      '/api/orgs/roots',
      `/api/orgs/${env.fx.org.branchA1}`,
      '/api/audit',
      '/api/users/member-links',
    ]) {
      expect((await get(url, 'sysadmin')).statusCode, url).toBe(403);
    }
  });

  it('links no member outside its scope: 404 like a missing record, nothing written', async () => {
    const acct = await createAccount('sysA', 'linkOutside', {
      roles: [{ role: 'secretary', orgId: env.fx.org.branchA2 }],
    });
    const before = await linkCount();
    const outside = await post(
      `/api/users/${acct.id}/member-link`,
      { memberId: env.fx.member.b1, reason: '关联' },
      'sysA',
    );
    const missing = await post(
      `/api/users/${acct.id}/member-link`,
      { memberId: 2_000_000, reason: '关联' },
      'sysA',
    );
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(json(outside).message).toBe(json(missing).message);
    expect(await linkCount()).toBe(before);
    // Nor through the creation of an account.
    const created = await post(
      '/api/users',
      {
        username: 'linkOut2',
        displayName: 'x',
        password: 'a-long-password-1',
        memberId: env.fx.member.b1,
        reason: '关联',
      },
      'sysA',
    );
    expect(created.statusCode).toBe(404);
    expect(json(await get('/api/users?q=linkOut2', 'sysadmin')).total).toBe(0);
    const [u] = await env.db.select().from(users).where(eq(users.id, acct.id));
    expect(u.memberId).toBeNull();
    // One member record, one account: a record already linked is refused (in scope, so said).
    const taken = await post(
      `/api/users/${acct.id}/member-link`,
      { memberId: env.fx.member.secA1, reason: '关联' },
      'sysA',
    );
    expect(json(taken).code).toBe('USERS_MEMBER_HAS_ACCOUNT');
  });

  it('links inside its scope only as a request: no access until the member’s org confirms', async () => {
    const acct = await createAccount('sysA', 'zhaogang', { memberId: env.fx.member.a2 });
    expect(acct.pendingMemberId).toBe(env.fx.member.a2);
    // The answer to the sysadmin carries no member data.
    expect(JSON.stringify(acct)).not.toMatch(/赵刚/);
    const cookie = await signIn('zhaogang');
    expect((await as(cookie, `/api/members/${env.fx.member.a2}`)).statusCode).toBe(403);

    // The branch A1 secretary does not keep branch A2's records: not in its queue, 404 to decide.
    const queueA1 = json(await get('/api/users/member-links', 'secA1'));
    expect(queueA1.data.map((l: { userId: number }) => l.userId)).not.toContain(acct.id);
    const linkId = json(await get('/api/users/member-links', 'districtA')).data.find(
      (l: { userId: number }) => l.userId === acct.id,
    ).id;
    expect(
      (await post(`/api/users/member-links/${linkId}/decision`, { confirm: true }, 'secA1')).statusCode,
    ).toBe(404);
    expect(
      (await post(`/api/users/member-links/${linkId}/decision`, { confirm: true }, 'sysA')).statusCode,
    ).toBe(403);

    // The district's org admin keeps it: sees the member's name and confirms.
    const queue = json(await get('/api/users/member-links', 'districtA'));
    expect(queue.data.find((l: { id: number }) => l.id === linkId)).toMatchObject({
      memberName: '赵刚',
      status: 'pending',
    });
    const confirm = await post(
      `/api/users/member-links/${linkId}/decision`,
      { confirm: true, note: '本人' },
      'districtA',
    );
    expect(confirm.statusCode).toBe(200);
    expect(json(confirm).status).toBe('confirmed');
    expect((await as(cookie, '/api/me')).statusCode).toBe(401);
    const again = await signIn('zhaogang');
    expect((await as(again, `/api/members/${env.fx.member.a2}`)).statusCode).toBe(200);
    expect((await as(again, `/api/members/${env.fx.member.b1}`)).statusCode).toBe(404);
    const decided = await post(`/api/users/member-links/${linkId}/decision`, { confirm: true }, 'districtA');
    expect(json(decided).code).toBe('USERS_LINK_DECIDED');
  });

  it('creates an org admin at the root only as a request: no access until a security administrator approves', async () => {
    const acct = await createAccount('sysadmin', 'rootAdmin', {
      roles: [{ role: 'org_admin', orgId: env.fx.org.city }],
    });
    const cookie = await signIn('rootAdmin');
    expect((await as(cookie, '/api/members')).statusCode).toBe(403);
    expect((await as(cookie, '/api/members/export')).statusCode).toBe(403);
    const requestId = acct.pendingGrants[0].requestId;
    const pending = json(await get('/api/users/grant-requests?status=pending', 'secadmin'));
    expect(pending.data.map((r: { id: number }) => r.id)).toContain(requestId);
    // A district security administrator may not approve a grant at the root: not in its scope.
    expect(
      (await post(`/api/users/grant-requests/${requestId}/decision`, { approve: true }, 'secadminB'))
        .statusCode,
    ).toBe(404);
    const ok = await post(
      `/api/users/grant-requests/${requestId}/decision`,
      { approve: true, note: '同意' },
      'secadmin',
    );
    expect(ok.statusCode).toBe(200);
    expect(json(ok)).toMatchObject({ status: 'approved', decidedBy: 'secadmin', decisionNote: '同意' });
    // A privilege change ends the sessions; the new one has the role.
    expect((await as(cookie, '/api/me')).statusCode).toBe(401);
    const granted = await signIn('rootAdmin');
    expect((await as(granted, '/api/members')).statusCode).toBe(200);
    // Taking it away needs no second person, and is immediate.
    const revoke = await post(
      `/api/users/${acct.id}/revoke`,
      { role: 'org_admin', orgId: env.fx.org.city, reason: '调离岗位' },
      'secadmin',
    );
    expect(revoke.statusCode).toBe(200);
    expect((await as(granted, '/api/me')).statusCode).toBe(401);
    expect((await as(await signIn('rootAdmin'), '/api/members')).statusCode).toBe(403);
    const trail = json(await get(`/api/audit?entity=user&entityId=${acct.id}&pageSize=50`, 'auditor'));
    expect(
      trail.data
        .map((e: { action: string }) => e.action)
        .filter((a: string) => a.startsWith('user.'))
        .sort(),
    ).toEqual(['user.create', 'user.grant_approve', 'user.grant_propose', 'user.role_revoke'].sort());
  });

  it('cannot approve: the route needs grant.approve (403)', async () => {
    const acct = await createAccount('sysadmin', 'selfApprove', {
      roles: [{ role: 'auditor', orgId: env.fx.org.districtA }],
    });
    const id = acct.pendingGrants[0].requestId;
    expect(
      (await post(`/api/users/grant-requests/${id}/decision`, { approve: true }, 'sysadmin')).statusCode,
    ).toBe(403);
    expect(
      (
        await post(
          `/api/users/${acct.id}/revoke`,
          { role: 'auditor', orgId: env.fx.org.city, reason: '测试' },
          'sysadmin',
        )
      ).statusCode,
    ).toBe(403);
  });
});

describe('the security administrator', () => {
  it('approves no proposal of its own, and no grant to itself (403 with a code)', async () => {
    const acct = await createAccount('legacyBoth', 'ownProposal', {
      roles: [{ role: 'auditor', orgId: env.fx.org.districtB }],
    });
    const own = await post(
      `/api/users/grant-requests/${acct.pendingGrants[0].requestId}/decision`,
      { approve: true },
      'legacyBoth',
    );
    expect(own.statusCode).toBe(403);
    expect(json(own).code).toBe('USERS_GRANT_OWN_PROPOSAL');
    const secadmin = json(await get('/api/users?q=secadmin', 'sysadmin')).data.find(
      (u: { username: string }) => u.username === 'secadmin',
    );
    const forSelf = json(
      await post(
        `/api/users/${secadmin.id}/grant-requests`,
        { action: 'grant', role: 'security_admin', orgId: env.fx.org.districtA, reason: '扩大范围' },
        'sysadmin',
      ),
    );
    const self = await post(
      `/api/users/grant-requests/${forSelf.id}/decision`,
      { approve: true },
      'secadmin',
    );
    expect(self.statusCode).toBe(403);
    expect(json(self).code).toBe('USERS_GRANT_FOR_SELF');
    // Another security administrator whose scope holds the org may.
    expect(
      (
        await post(
          `/api/users/grant-requests/${forSelf.id}/decision`,
          { approve: false, note: '不需要' },
          'legacyBoth',
        )
      ).statusCode,
    ).toBe(200);
  });

  it('reads no member data and proposes nothing', async () => {
    for (const url of [
      '/api/members',
      `/api/members/${env.fx.member.secA1}`,
      '/api/orgs/roots',
      '/api/audit',
      '/api/users/member-links',
    ]) {
      expect((await get(url, 'secadmin')).statusCode, url).toBe(403);
    }
    const auditorB = json(await get('/api/users?q=auditorB', 'secadmin')).data[0];
    expect(
      (
        await post(
          `/api/users/${auditorB.id}/grant-requests`,
          { action: 'grant', role: 'auditor', orgId: env.fx.org.city, reason: '测试' },
          'secadmin',
        )
      ).statusCode,
    ).toBe(403);
    expect((await post('/api/users', {}, 'secadmin')).statusCode).toBe(403);
  });
});

describe('the audit administrator', () => {
  it('reads the audit log of its subtree, nothing else', async () => {
    expect((await get('/api/audit', 'auditor')).statusCode).toBe(200);
    expect((await get('/api/audit', 'auditorB')).statusCode).toBe(200);
    for (const url of [
      '/api/users',
      '/api/users/grant-requests',
      '/api/members',
      '/api/orgs/roots',
      '/api/users/member-links',
      '/api/rules/x',
    ]) {
      const res = url === '/api/rules/x' ? await send('PUT', url, {}, 'auditor') : await get(url, 'auditor');
      expect(res.statusCode, url).toBe(403);
    }
  });
});

describe('separation of duties', () => {
  it('no account holds two administrator roles, nor an administrator role with a data role', async () => {
    const id = async (username: string) =>
      json(await get(`/api/users?q=${username}`, 'sysadmin')).data.find(
        (u: { username: string }) => u.username === username,
      ).id;
    const propose = async (username: string, role: string, orgId: number) =>
      post(
        `/api/users/${await id(username)}/grant-requests`,
        { action: 'grant', role, orgId, reason: '测试兼任' },
        'sysadmin',
      );
    for (const [username, role] of [
      ['auditor', 'security_admin'],
      ['secadmin', 'sysadmin'],
      ['auditor', 'org_admin'],
      ['secA1', 'auditor'],
      ['admin', 'security_admin'],
    ] as const) {
      const res = await propose(username, role, env.fx.org.districtA);
      expect(res.statusCode, `${username} + ${role}`).toBe(409);
      expect(json(res).code).toBe('USERS_ROLE_SEPARATION');
    }
    // A pending grant counts: a second administrator role is refused while the first waits.
    const acct = await createAccount('sysadmin', 'twoHats', {
      roles: [{ role: 'auditor', orgId: env.fx.org.districtA }],
    });
    const second = await propose('twoHats', 'sysadmin', env.fx.org.districtA);
    expect(json(second).code).toBe('USERS_ROLE_SEPARATION');
    const link = await post(
      `/api/users/${acct.id}/member-link`,
      { memberId: env.fx.member.probA1, reason: '关联' },
      'sysadmin',
    );
    expect(json(link).code).toBe('USERS_ROLE_SEPARATION');
    // And at approval: a data role that arrived meanwhile stops the administrator role.
    await env.db
      .insert(roleAssignments)
      .values({ userId: acct.id, role: 'secretary', orgId: env.fx.org.branchA2 });
    const approve = await post(
      `/api/users/grant-requests/${acct.pendingGrants[0].requestId}/decision`,
      { approve: true },
      'secadmin',
    );
    expect(approve.statusCode).toBe(409);
    expect(json(approve).code).toBe('USERS_ROLE_SEPARATION');
    const roles = await env.db.select().from(roleAssignments).where(eq(roleAssignments.userId, acct.id));
    expect(roles.map((r) => r.role)).toEqual(['secretary']);
  });

  it('an administrator’s reset sets a temporary password, ends the sessions and tells the owner', async () => {
    const cookie = await env.login('memberA1');
    const id = json(await get('/api/users?q=memberA1', 'sysadmin')).data[0].id;
    const res = await send('PATCH', `/api/users/${id}`, { password: 'temporary-pass-2026' }, 'sysadmin');
    expect(res.statusCode).toBe(200);
    expect(json(res).mustChangePassword).toBe(true);
    const [u] = await env.db.select().from(users).where(eq(users.id, id));
    expect(u.mustChangePassword).toBe(true);
    expect((await as(cookie, '/api/me')).statusCode).toBe(401);
    const told = await env.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, id), eq(notifications.kind, 'account.password_reset')));
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain('sysadmin');
    const trail = json(
      await get(`/api/audit?entity=user&entityId=${id}&action=user.password_reset`, 'auditor'),
    );
    expect(trail.total).toBe(1);
    expect(JSON.stringify(trail)).not.toContain('temporary-pass-2026');
    // The old password no longer works.
    const old = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'memberA1', password: PASSWORD },
    });
    expect(old.statusCode).toBe(401);
  });

  it('offers no way to sign in as another user', () => {
    const routes = [...env.app.routeTable];
    expect(routes.filter((r) => /imperson|sudo|login-as|switch-user|become/i.test(r))).toEqual([]);
    expect(routes.filter((r) => r.startsWith('POST /api/auth/'))).not.toContainEqual(
      expect.stringMatching(/:id/),
    );
  });
});
