// The request path shared by every route (issue #21, decision 0049): what a signed-in request
// costs in queries once the process keeps its session, that a change made through the application
// is seen by the next request at once (in-process invalidation; across processes:
// cache-processes.test.ts), and that the session's limits and its last use still work.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../src/server/db/client.js';
import { countQueries, QUERY_COUNT_HEADER } from '../../src/server/lib/request-stats.js';
import { loadRules } from '../../src/server/modules/settings/index.js';
import * as usersRepo from '../../src/server/modules/users/repo.js';
import { json, NOW, ON_POSTGRES, setupEnv, type TestEnv } from './harness.js';

// Read when the app is built: every response then says how many queries it sent.
process.env.JICENG_QUERY_COUNT = '1';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(async () => {
  env.clock.now = NOW;
  await env.app.close();
});

const get = async (url: string, cookie?: string) => {
  const res = await env.app.inject({ url, headers: cookie ? { cookie } : {} });
  return { res, queries: Number(res.headers[QUERY_COUNT_HEADER]) };
};

const userId = async (username: string) =>
  (
    await queryRows(
      env.db,
      sql`select id from users where username = ${username}`,
      z.object({ id: z.number() }),
    )
  )[0].id;

describe('queries per request', () => {
  it('a route without a session sends none', async () => {
    const { res, queries } = await get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(queries).toBe(0);
  });

  it('the first request of a session reads it once; later ones, /api/me included, send none', async () => {
    const cookie = await env.login('auditor');
    const first = await get('/api/me', cookie);
    expect(first.res.statusCode).toBe(200);
    expect(first.queries).toBe(1);
    const again = await get('/api/me', cookie);
    expect(again.queries).toBe(0);
    // The answer is the same whether read or kept.
    expect(json(again.res)).toEqual(json(first.res));
    expect(json(again.res).roles[0]).toMatchObject({ role: 'auditor', orgKind: 'committee' });
  });

  it('counts the statements of a transaction too', async () => {
    const { stats } = await countQueries(() =>
      env.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        await tx.execute(sql`select 2`);
      }),
    );
    // The two statements; on PostgreSQL Drizzle sends begin and commit as statements too (PGlite's
    // driver opens and ends the transaction itself).
    expect(stats.queries).toBe(ON_POSTGRES ? 4 : 2);
  });
});

describe('a change made through the application is seen by the next request', () => {
  it('a role granted and revoked', async () => {
    const cookie = await env.login('auditorB');
    await get('/api/me', cookie);
    const id = await userId('auditorB');
    await env.db.transaction((tx) => usersRepo.addRole(tx, id, 'auditor', env.fx.org.districtA));
    const granted = await get('/api/me', cookie);
    expect(granted.queries).toBe(1);
    expect(json(granted.res).roles.map((r: { orgId: number }) => r.orgId)).toContain(env.fx.org.districtA);
    await env.db.transaction((tx) => usersRepo.removeRole(tx, id, 'auditor', env.fx.org.districtA));
    expect(
      json((await get('/api/me', cookie)).res).roles.map((r: { orgId: number }) => r.orgId),
    ).not.toContain(env.fx.org.districtA);
  });

  it('the display settings', async () => {
    const cookie = await env.login('memberA1');
    expect(json((await get('/api/me', cookie)).res).preferences).toEqual({ largeType: false });
    const put = await env.app.inject({
      method: 'PUT',
      url: '/api/me/preferences',
      payload: { largeType: true },
      headers: { cookie },
    });
    expect(put.statusCode).toBe(200);
    expect(json((await get('/api/me', cookie)).res).preferences).toEqual({ largeType: true });
  });

  it('an org moved: the kept grants carry its path', async () => {
    const cookie = await env.login('secA1');
    const path = async () =>
      json((await get('/api/me', cookie)).res).roles.find(
        (r: { orgId: number }) => r.orgId === env.fx.org.branchA1,
      ).orgPath as string;
    expect(await path()).toContain(`.${env.fx.org.districtA}.`);
    const admin = await env.login('admin');
    const moved = await env.app.inject({
      method: 'POST',
      url: `/api/orgs/${env.fx.org.branchA1}/move`,
      payload: { parentId: env.fx.org.districtB, reason: '测试：调整隶属关系' },
      headers: { cookie: admin },
    });
    expect(moved.statusCode).toBe(200);
    expect(await path()).toBe(json(moved).path);
    expect(await path()).toContain(`.${env.fx.org.districtB}.`);
  });

  it('a rule changed, and reset', async () => {
    const before = await loadRules(env.db);
    // Kept: the second read sends nothing.
    expect((await countQueries(() => loadRules(env.db))).stats.queries).toBe(0);
    const admin = await env.login('sysadmin');
    const put = await env.app.inject({
      method: 'PUT',
      url: '/api/rules/term.reminderLeadMonths',
      payload: { value: before['term.reminderLeadMonths'] + 1, reason: '测试：提前提醒' },
      headers: { cookie: admin },
    });
    expect(put.statusCode).toBe(200);
    expect((await loadRules(env.db))['term.reminderLeadMonths']).toBe(before['term.reminderLeadMonths'] + 1);
    const reset = await env.app.inject({
      method: 'DELETE',
      url: '/api/rules/term.reminderLeadMonths',
      payload: { reason: '测试：恢复' },
      headers: { cookie: admin },
    });
    expect(reset.statusCode).toBe(200);
    expect((await loadRules(env.db))['term.reminderLeadMonths']).toBe(before['term.reminderLeadMonths']);
  });
});

describe('the session, kept', () => {
  it('still has its last use written once a minute, and still ends when idle too long', async () => {
    const cookie = await env.login('districtA');
    await get('/api/me', cookie);
    const lastSeen = async () =>
      (
        await queryRows(
          env.db,
          sql`select s.last_seen_at as at from sessions s join users u on u.id = s.user_id
              where u.username = 'districtA'`,
          z.object({ at: z.union([z.date(), z.string()]) }),
        )
      ).map((r) => new Date(r.at).getTime());
    try {
      env.clock.now = new Date(NOW.getTime() + 2 * 60_000);
      const touched = await get('/api/me', cookie);
      expect(touched.res.statusCode).toBe(200);
      expect(touched.queries).toBe(1);
      expect(await lastSeen()).toEqual([env.clock.now.getTime()]);
      // Within the minute: nothing written.
      env.clock.now = new Date(NOW.getTime() + 2.5 * 60_000);
      expect((await get('/api/me', cookie)).queries).toBe(0);
      // Thirty-one minutes after its last use: ended (read again first, then deleted).
      env.clock.now = new Date(NOW.getTime() + 33 * 60_000);
      expect((await get('/api/me', cookie)).res.statusCode).toBe(401);
      expect(await lastSeen()).toEqual([]);
    } finally {
      env.clock.now = NOW;
    }
  });
});
