// Sessions, grants and rules kept in the process (src/server/lib/cache.ts, decision 0049) across
// two real processes on PostgreSQL: this process's app (the first) changes what the second keeps,
// and the second must refuse within a second. PGlite is one process (decision 0033): nothing to
// test there but the in-process invalidation, which the rest of the suite exercises.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../src/server/db/client.js';
import { CACHE_CHANNEL } from '../../src/server/lib/cache.js';
import * as usersRepo from '../../src/server/modules/users/repo.js';
import { NOW, ON_POSTGRES, PASSWORD, setupEnv, type TestEnv, testDatabaseUrl } from './harness.js';

/** The second server: the same app on the same database, in its own Node process. */
async function startSecond(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve('test/api/processes/cache-server.ts')],
    {
      // DATABASE_URL, or this file's database on the suite's embedded PostgreSQL (harness.ts).
      env: {
        ...process.env,
        DATABASE_URL: testDatabaseUrl(),
        CACHE_TEST_NOW: NOW.toISOString(),
        JICENG_QUERY_COUNT: '1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the second server exited (${code})`)));
    lines.on('line', (line) => {
      const m = /^READY (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

describe.skipIf(!ON_POSTGRES)(
  'kept sessions, grants and rules across two processes (PostgreSQL only: PGlite is one process)',
  () => {
    let env: TestEnv;
    let second: { child: ChildProcess; base: string };
    beforeAll(async () => {
      env = await setupEnv();
      second = await startSecond();
    }, 120_000);
    afterAll(async () => {
      second?.child.kill('SIGTERM');
      await env?.app.close();
    });

    /** Signs in through the second process; answers its cookie. */
    const signInThere = async (username: string) => {
      const res = await fetch(`${second.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      expect(res.status).toBe(200);
      return String(res.headers.get('set-cookie')).split(';')[0];
    };
    const getThere = (cookie: string, route: string) =>
      fetch(`${second.base}${route}`, { headers: { cookie } }).then(async (r) => ({
        status: r.status,
        body: await r.text(),
        queries: Number(r.headers.get('x-query-count')),
      }));

    /**
     * Polls the second process from the moment `change` resolves (committed) until `refused` holds;
     * answers the milliseconds it took.
     */
    async function refusedWithin(change: () => Promise<unknown>, poll: () => Promise<boolean>) {
      await change();
      const started = performance.now();
      for (;;) {
        if (await poll()) return performance.now() - started;
        if (performance.now() - started > 5_000) return Number.POSITIVE_INFINITY;
        await new Promise((r) => setTimeout(r, 20));
      }
    }

    /**
     * A few requests first: the second process then serves the session from what it keeps (fewer
     * queries than the first request, which read it), so a stale answer is possible at all.
     */
    async function warm(cookie: string, route: string) {
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await getThere(cookie, route);
        expect(res.status).toBe(200);
        counts.push(res.queries);
      }
      expect(counts[2]).toBeLessThan(counts[0]);
    }

    it('a revoked role stops working in the other process within a second', async () => {
      const cookie = await signInThere('districtA');
      const route = `/api/orgs/${env.fx.org.districtA}`;
      await warm(cookie, route);
      const [u] = await queryRows(
        env.db,
        sql`select id from users where username = 'districtA'`,
        z.object({ id: z.number() }),
      );
      // The revocation alone (its session stays): only the kept grants can go stale.
      const ms = await refusedWithin(
        () => env.db.transaction((tx) => usersRepo.removeRole(tx, u.id, 'org_admin', env.fx.org.districtA)),
        async () => (await getThere(cookie, route)).status !== 200,
      );
      expect(ms).toBeLessThan(1_000);
      expect((await getThere(cookie, '/api/me')).status).toBe(200);
      expect(JSON.parse((await getThere(cookie, '/api/me')).body).roles).toEqual([]);
    });

    it('a session signed out through the first process is refused by the second within a second', async () => {
      const cookie = await signInThere('auditor');
      await warm(cookie, '/api/me');
      const ms = await refusedWithin(
        async () =>
          expect(
            (await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } }))
              .statusCode,
          ).toBe(200),
        async () => (await getThere(cookie, '/api/me')).status === 401,
      );
      expect(ms).toBeLessThan(1_000);
    });

    it('a session the first process finds idle too long is refused by the second within a second', async () => {
      const cookie = await signInThere('auditorB');
      await warm(cookie, '/api/me');
      // The first process's clock moves past the idle limit (30 minutes): it ends the session.
      env.clock.now = new Date(NOW.getTime() + 31 * 60_000);
      try {
        const ms = await refusedWithin(
          async () =>
            expect((await env.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401),
          async () => (await getThere(cookie, '/api/me')).status === 401,
        );
        expect(ms).toBeLessThan(1_000);
      } finally {
        env.clock.now = NOW;
      }
    });

    it('a user disabled by the administrator is refused by the second within a second', async () => {
      const cookie = await signInThere('memberA1');
      await warm(cookie, '/api/me');
      const admin = await env.login('sysadmin');
      const [u] = await queryRows(
        env.db,
        sql`select id from users where username = 'memberA1'`,
        z.object({ id: z.number() }),
      );
      const ms = await refusedWithin(
        async () =>
          expect(
            (
              await env.app.inject({
                method: 'PATCH',
                url: `/api/users/${u.id}`,
                payload: { active: false },
                headers: { cookie: admin },
              })
            ).statusCode,
          ).toBe(200),
        async () => (await getThere(cookie, '/api/me')).status === 401,
      );
      expect(ms).toBeLessThan(1_000);
    });

    it('a rule changed through the first process is applied by the second within a second', async () => {
      // The second read the rules at this sign-in and keeps them.
      let cookie = await signInThere('admin');
      let current = PASSWORD;
      const admin = await env.login('sysadmin');
      // 15 characters of three classes: allowed at the default minimum (10), refused at 16.
      const candidates = ['River-stone-42x', 'Cedar-cloud-57y', 'Amber-field-68z', 'Maple-frost-79w'];
      const change = async () => {
        const next = candidates.shift();
        // Four changes went through on the old rule: the second still applies it (fails below).
        if (!next) return false;
        const res = await fetch(`${second.base}/api/auth/password`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ currentPassword: current, newPassword: next }),
        });
        if (res.status === 200) {
          // Still the old rule: the change went through; carry on with the new password.
          cookie = String(res.headers.get('set-cookie')).split(';')[0];
          current = next;
          return false;
        }
        expect(res.status).toBe(400);
        expect(JSON.stringify(await res.json())).toContain('newPassword');
        return true;
      };
      try {
        const ms = await refusedWithin(async () => {
          const res = await env.app.inject({
            method: 'PUT',
            url: '/api/rules/password.minLength',
            payload: { value: 16, reason: '测试：密码最短长度' },
            headers: { cookie: admin },
          });
          expect(res.statusCode).toBe(200);
        }, change);
        expect(ms).toBeLessThan(1_000);
      } finally {
        await env.app.inject({
          method: 'DELETE',
          url: '/api/rules/password.minLength',
          payload: { reason: '测试：恢复' },
          headers: { cookie: admin },
        });
      }
    });

    it('an org moved through the first process leaves the old branch in the second within a second', async () => {
      // The second keeps the org rows it read (orgs repo `findOrg`): the scope check of a kept row
      // is made on its kept path, so a missed invalidation would still answer 200.
      const cookie = await signInThere('secA1');
      const route = `/api/orgs/${env.fx.org.groupA1}/children`;
      await warm(cookie, route);
      const admin = await env.login('admin');
      const move = (parentId: number) =>
        env.app.inject({
          method: 'POST',
          url: `/api/orgs/${env.fx.org.groupA1}/move`,
          payload: { parentId, reason: '测试：调整隶属关系' },
          headers: { cookie: admin },
        });
      try {
        const ms = await refusedWithin(
          async () => expect((await move(env.fx.org.branchA2)).statusCode).toBe(200),
          async () => (await getThere(cookie, route)).status === 404,
        );
        expect(ms).toBeLessThan(1_000);
      } finally {
        expect((await move(env.fx.org.branchA1)).statusCode).toBe(200);
      }
      // Moved back: the second sees it in the district again.
      const back = await refusedWithin(
        async () => {},
        async () => (await getThere(cookie, route)).status === 200,
      );
      expect(back).toBeLessThan(1_000);
    });

    it('with its listening connection cut, the second drops what it keeps and still refuses within a second', async () => {
      const cookie = await signInThere('secA1');
      const route = `/api/orgs/${env.fx.org.branchA1}`;
      await warm(cookie, route);
      // Every listener of the channel (this process's and the second's) loses its connection.
      const cut = await queryRows(
        env.db,
        sql`select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = ${CACHE_CHANNEL}`,
        z.object({ done: z.boolean() }),
      );
      expect(cut.length).toBeGreaterThanOrEqual(2);
      const [u] = await queryRows(
        env.db,
        sql`select id from users where username = 'secA1'`,
        z.object({ id: z.number() }),
      );
      const ms = await refusedWithin(
        () => env.db.transaction((tx) => usersRepo.removeRole(tx, u.id, 'secretary', env.fx.org.branchA1)),
        async () =>
          (JSON.parse((await getThere(cookie, '/api/me')).body) as { roles: { role: string }[] }).roles.every(
            (r) => r.role !== 'secretary',
          ),
      );
      expect(ms).toBeLessThan(1_000);
      // It listens again (a reconnect within about a second): a later change still arrives.
      await new Promise((r) => setTimeout(r, 1_500));
      const listening = await queryRows(
        env.db,
        sql`select count(*)::int as n from pg_stat_activity where application_name = ${CACHE_CHANNEL}`,
        z.object({ n: z.number() }),
      );
      expect(listening[0].n).toBeGreaterThanOrEqual(2);
    });
  },
);
