/**
 * Password change (voluntary and forced), history, expiry, and the session rules around it:
 * rotation on sign-in and on change, sign-out everywhere, the absolute lifetime (issue #18).
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../src/server/db/client.js';
import { settings, users } from '../../src/server/db/schema/index.js';
import { dropCaches, json, PASSWORD, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

/** Signs in with a password and answers the cookie and the body. */
async function signIn(username: string, password = PASSWORD, cookie?: string) {
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    headers: cookie ? { cookie } : {},
  });
  expect(res.statusCode).toBe(200);
  return { cookie: String(res.headers['set-cookie']).split(';')[0], body: json(res) };
}

const me = (cookie: string) => env.app.inject({ url: '/api/me', headers: { cookie } });
const change = (cookie: string, currentPassword: string, newPassword: string) =>
  env.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    payload: { currentPassword, newPassword },
    headers: { cookie },
  });

describe('forced change after an administrator reset', () => {
  const NEW = 'Lantern-river-27';
  it('lets the session do nothing but see itself, change the password and sign out', async () => {
    await env.db.update(users).set({ mustChangePassword: true }).where(eq(users.username, 'memberA1'));
    const { cookie, body } = await signIn('memberA1');
    expect(body).toEqual({ ok: true, mustChangePassword: true });
    expect(json(await me(cookie)).mustChangePassword).toBe(true);
    const members = await env.app.inject({
      url: `/api/members/${env.fx.member.plainA1}`,
      headers: { cookie },
    });
    expect(members.statusCode).toBe(403);
    expect(json(members)).toMatchObject({ code: 'AUTH_PASSWORD_CHANGE_REQUIRED', message: '请先修改密码' });

    // The policy answers with every shortfall, under the field's name.
    const weak = await change(cookie, PASSWORD, '1111111111');
    expect(weak.statusCode).toBe(400);
    expect(json(weak).details.map((d: { field: string }) => d.field)).toEqual(['newPassword', 'newPassword']);
    expect(json(weak).message).toMatch(/至少3类/);
    // The current password is not a new one.
    const same = await change(cookie, PASSWORD, PASSWORD);
    expect(same.statusCode).toBe(400);
    expect(json(same).message).toBe('新密码不能与当前密码或最近5次使用过的密码相同');
    // A wrong current password names its field.
    const wrong = await change(cookie, 'not-my-password', NEW);
    expect(json(wrong).details[0]).toMatchObject({ field: 'currentPassword', message: '当前密码不正确' });

    const ok = await change(cookie, PASSWORD, NEW);
    expect(ok.statusCode).toBe(200);
    const rotated = String(ok.headers['set-cookie']).split(';')[0];
    expect(rotated).not.toBe(cookie);
    // The old session is gone, the new one may do everything again.
    expect((await me(cookie)).statusCode).toBe(401);
    expect(json(await me(rotated)).mustChangePassword).toBe(false);
    const after = await env.app.inject({
      url: `/api/members/${env.fx.member.plainA1}`,
      headers: { cookie: rotated },
    });
    expect(after.statusCode).toBe(200);
    const [u] = await env.db.select().from(users).where(eq(users.username, 'memberA1'));
    expect(u.mustChangePassword).toBe(false);
    expect(u.passwordChangedAt.getTime()).toBe(env.clock.now.getTime());
    const audit = await queryRows(
      env.db,
      sql`select reason from audit_log where action = 'auth.password_change' and user_id = ${u.id}`,
      z.object({ reason: z.string() }),
    );
    expect(audit).toEqual([{ reason: '按要求修改密码' }]);
  });

  it('refuses the last few passwords again (password.historyCount, here set to 2)', async () => {
    // A deployment's override of the rule (what PUT /api/rules/:id stores): fewer hashes to compare in a test.
    await env.db.insert(settings).values({ key: 'rule:password.historyCount', value: 2 });
    dropCaches();
    try {
      let { cookie } = await signIn('memberA1', NEW);
      let current = NEW;
      for (const next of ['Harbour-lamp-31', 'Orchard-kite-45']) {
        const res = await change(cookie, current, next);
        expect(res.statusCode).toBe(200);
        cookie = String(res.headers['set-cookie']).split(';')[0];
        current = next;
      }
      // Harbour-lamp-31 is the one before the current: refused. NEW is older than the last two: allowed.
      const again = await change(cookie, current, 'Harbour-lamp-31');
      expect(json(again).details[0]).toMatchObject({
        field: 'newPassword',
        message: '新密码不能与当前密码或最近2次使用过的密码相同',
      });
      expect((await change(cookie, current, NEW)).statusCode).toBe(200);
      // The history keeps one row besides the current hash on the users row.
      const [u] = await env.db.select().from(users).where(eq(users.username, 'memberA1'));
      const kept = await queryRows(
        env.db,
        sql`select count(*)::int as n from password_history where user_id = ${u.id}`,
        z.object({ n: z.number() }),
      );
      expect(kept[0].n).toBe(1);
    } finally {
      await env.db.delete(settings).where(eq(settings.key, 'rule:password.historyCount'));
      dropCaches();
    }
  });
});

describe('expiry', () => {
  it('turns a password older than password.maxAgeDays (90) into a forced change', async () => {
    const old = new Date(env.clock.now.getTime() - 91 * 86_400_000);
    await env.db.update(users).set({ passwordChangedAt: old }).where(eq(users.username, 'auditorB'));
    const { body, cookie } = await signIn('auditorB');
    expect(body.mustChangePassword).toBe(true);
    expect((await env.app.inject({ url: '/api/audit', headers: { cookie } })).statusCode).toBe(403);
  });
});

describe('sessions', () => {
  it('ends the session a browser still held when it signs in again (rotation)', async () => {
    const first = await signIn('districtA');
    const second = await signIn('districtA', PASSWORD, first.cookie);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await me(first.cookie)).statusCode).toBe(401);
    expect((await me(second.cookie)).statusCode).toBe(200);
  });

  it('signs out everywhere', async () => {
    const phone = await signIn('secA1');
    const desk = await signIn('secA1');
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/logout-all',
      headers: { cookie: desk.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect((await me(phone.cookie)).statusCode).toBe(401);
    expect((await me(desk.cookie)).statusCode).toBe(401);
  });

  it('ends a session 12 hours after sign-in however active it stays', async () => {
    const { cookie } = await signIn('admin');
    const start = env.clock.now;
    try {
      // A request every 25 minutes keeps it from idling out; the absolute limit ends it all the same.
      let minutes = 0;
      while (minutes + 25 <= 12 * 60) {
        minutes += 25;
        env.clock.now = new Date(start.getTime() + minutes * 60_000);
        expect((await me(cookie)).statusCode).toBe(200);
      }
      env.clock.now = new Date(start.getTime() + (12 * 60 + 1) * 60_000);
      expect((await me(cookie)).statusCode).toBe(401);
    } finally {
      env.clock.now = start;
    }
  });
});
