/**
 * Accounts for the whole register (issue #19, decision 0039): issuing a subtree's accounts in one
 * action, printing the slips, activation with the code and the ID tail (and its lock), SMS codes
 * (limits, sign-in, 忘记密码), and the account following the record (transfer, leaving the party).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { auditLog, roleAssignments, users } from '../../src/server/db/schema/index.js';
import { smsOutbox } from '../../src/server/modules/accounts/index.js';
import { freshIdNumber } from './authz/base.js';
import { json, NOW, PASSWORD, requests, setupEnv, type TestEnv, testDatabase } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
// Fresh sign-ins: the test clock jumps minutes and hours (codes expire, limits reset), and a
// session cached by the harness would outlive its idle limit.
const { get, post, send } = requests(() => ({
  ...env,
  login: async (username: string) => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: PASSWORD },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
    return String(res.headers['set-cookie']).split(';')[0];
  },
}));

const NEW_PASSWORD = 'Hq7#mWz2$Lp9';
const cookieOf = (res: { headers: Record<string, unknown> }) =>
  String(res.headers['set-cookie']).split(';')[0];

/** A member with an ID number and a phone, added through the API by the branch's secretary. */
async function addMember(name: string, phone: string, orgId = env.fx.org.branchA1) {
  const idNumber = freshIdNumber('1990-03-03');
  const res = await post(
    '/api/members',
    {
      orgId,
      name,
      gender: 'male',
      ethnicity: '01',
      birthDate: '1990-03-03',
      education: 'bachelor',
      category: 'full',
      joinedOn: '2015-06-30',
      confirmedOn: '2016-06-30',
      idNumber,
      phone,
    },
    'admin',
  );
  expect(res.statusCode).toBe(201);
  return { id: json(res).id as number, idNumber, tail: idNumber.slice(-6), phone };
}

/** The open slip of a member, printed through the API as the org admin would. */
async function slipOf(memberId: number) {
  const list = await get(`/api/accounts/batches?orgId=${env.fx.org.city}`, 'admin');
  expect(list.statusCode, list.body).toBe(200);
  for (const b of json(list).data) {
    const res = await get(`/api/accounts/batches/${b.id}/slips`, 'admin');
    expect(res.statusCode, res.body).toBe(200);
    const printed = json(res);
    const slip = printed.slips.find((s: { memberId: number }) => s.memberId === memberId);
    if (slip) return slip as { code: string; username: string; expiresAt: string };
  }
  throw new Error(`no slip for member ${memberId}`);
}

const activate = (body: Record<string, unknown>) => post('/api/accounts/activate', body);
const later = (seconds: number) => {
  env.clock.now = new Date(env.clock.now.getTime() + seconds * 1000);
};

let wang: Awaited<ReturnType<typeof addMember>>;
let zhou: Awaited<ReturnType<typeof addMember>>;

describe('issuing accounts for a subtree', () => {
  it('counts who has an account, then creates one for every member without', async () => {
    wang = await addMember('王建军', '13912340001');
    zhou = await addMember('周敏', '13912340002');
    const before = json(await get(`/api/accounts/summary?orgId=${env.fx.org.branchA1}`, 'secA1'));
    // 张建国 and 李秀英 have accounts (made by an administrator), 王小明 and the two new ones do not.
    expect(before).toMatchObject({ members: 5, withoutAccount: 3, activated: 2, pending: 0 });

    const res = await post('/api/accounts/batches', { orgId: env.fx.org.branchA1 }, 'secA1');
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ created: 3, issued: 3, open: 3, createdBy: '张建国' });
    const after = json(await get(`/api/accounts/summary?orgId=${env.fx.org.branchA1}`, 'secA1'));
    expect(after).toMatchObject({ withoutAccount: 0, pending: 3, activated: 2 });

    // A second action creates nothing: existing accounts are never touched.
    const again = json(await post('/api/accounts/batches', { orgId: env.fx.org.branchA1 }, 'secA1'));
    expect(again).toMatchObject({ created: 0, open: 0 });

    // The issued account holds only the member role, at the member's org, linked to the record.
    const [u] = await env.db.select().from(users).where(eq(users.memberId, wang.id));
    expect(u.username).toMatch(/^m[a-z2-9]{8}$/);
    expect(u.active).toBe(false);
    const roles = await env.db.select().from(roleAssignments).where(eq(roleAssignments.userId, u.id));
    expect(roles.map((r) => [r.role, r.orgId])).toEqual([['member', env.fx.org.branchA1]]);
  });

  it('keeps to the scope: out of it is 404, a member or a system administrator may not issue', async () => {
    expect((await post('/api/accounts/batches', { orgId: env.fx.org.branchB1 }, 'secA1')).statusCode).toBe(
      404,
    );
    expect((await get(`/api/accounts/summary?orgId=${env.fx.org.districtA}`, 'secA1')).statusCode).toBe(404);
    expect((await post('/api/accounts/batches', { orgId: env.fx.org.branchA1 }, 'memberA1')).statusCode).toBe(
      403,
    );
    expect((await post('/api/accounts/batches', { orgId: env.fx.org.branchA1 }, 'sysadmin')).statusCode).toBe(
      403,
    );
    const bad = await post('/api/accounts/batches', { orgId: 'x' }, 'secA1');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).details[0].field).toBe('orgId');
  });

  it('prints the slips (each printing audited) and lists the members with their state', async () => {
    const slip = await slipOf(wang.id);
    expect(slip.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const prints = await env.db.select().from(auditLog).where(eq(auditLog.action, 'account.print'));
    expect(prints.length).toBeGreaterThan(0);
    const list = json(await get(`/api/accounts/members?orgId=${env.fx.org.branchA1}&state=pending`, 'secA1'));
    expect(list.total).toBe(3);
    expect(list.data[0]).toMatchObject({ state: 'pending', codeLocked: false });
    expect(JSON.stringify(list)).not.toMatch(/1391234|code"/);
  });
});

describe('activation', () => {
  it('refuses a wrong code or a wrong ID tail with the same answer', async () => {
    const slip = await slipOf(wang.id);
    const wrongCode = await activate({ code: 'ABCD-EFGH', idTail: wang.tail, password: NEW_PASSWORD });
    const wrongTail = await activate({ code: slip.code, idTail: '000000', password: NEW_PASSWORD });
    for (const r of [wrongCode, wrongTail]) {
      expect(r.statusCode).toBe(400);
      expect(json(r).code).toBe('ACCOUNTS_ACTIVATION_FAILED');
    }
    expect(json(wrongCode).message).toBe(json(wrongTail).message);
    const bad = await activate({ code: slip.code, idTail: '12', password: NEW_PASSWORD });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).details[0].field).toBe('idTail');
  });

  it('locks the code after repeated wrong tails; a re-issued code replaces it', async () => {
    const slip = await slipOf(zhou.id);
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      // Minutes apart, so that the sign-in back-off of the address does not answer first.
      later(600);
      answers.push(json(await activate({ code: slip.code, idTail: '99999X', password: NEW_PASSWORD })).code);
    }
    expect(answers).toEqual([
      'ACCOUNTS_ACTIVATION_FAILED',
      'ACCOUNTS_ACTIVATION_FAILED',
      'ACCOUNTS_ACTIVATION_FAILED',
      'ACCOUNTS_ACTIVATION_FAILED',
      'ACCOUNTS_ACTIVATION_LOCKED',
    ]);
    // Locked: even the right tail is refused until the period ends or the code is re-issued.
    later(60);
    const locked = await activate({ code: slip.code, idTail: zhou.tail, password: NEW_PASSWORD });
    expect(locked.statusCode).toBe(429);
    const pending = json(
      await get(`/api/accounts/members?orgId=${env.fx.org.branchA1}&state=pending`, 'secA1'),
    );
    expect(pending.data.find((m: { memberId: number }) => m.memberId === zhou.id).codeLocked).toBe(true);

    const fresh = await post(`/api/accounts/members/${zhou.id}/code`, {}, 'secA1');
    expect(fresh.statusCode).toBe(200);
    expect(json(fresh).code).not.toBe(slip.code);
    later(3600);
    const old = await activate({ code: slip.code, idTail: zhou.tail, password: NEW_PASSWORD });
    expect(json(old).code).toBe('ACCOUNTS_ACTIVATION_FAILED');
    later(600);
    const ok = await activate({
      code: json(fresh).code,
      idTail: zhou.tail.toLowerCase(),
      password: NEW_PASSWORD,
    });
    expect(ok.statusCode).toBe(200);
  });

  it('sets a password under the policy and signs the member in', async () => {
    const slip = await slipOf(wang.id);
    later(600);
    const weak = await activate({ code: slip.code, idTail: wang.tail, password: '123' });
    expect(weak.statusCode).toBe(400);
    expect(json(weak).details[0].field).toBe('password');
    // Issued but not activated: no sign-in with any password.
    const before = await post('/api/auth/login', { username: slip.username, password: NEW_PASSWORD });
    expect(before.statusCode).toBe(401);

    const res = await activate({ code: slip.code.toLowerCase(), idTail: wang.tail, password: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ ok: true, username: slip.username });
    const me = json(await env.app.inject({ url: '/api/me', headers: { cookie: cookieOf(res) } }));
    expect(me).toMatchObject({ username: slip.username, memberId: wang.id });
    // The code is used: it does not activate twice, and the slip no longer prints.
    const twice = await activate({ code: slip.code, idTail: wang.tail, password: NEW_PASSWORD });
    expect(twice.statusCode).toBe(400);
    // Reissuing for an activated account is refused.
    expect(json(await post(`/api/accounts/members/${wang.id}/code`, {}, 'secA1')).code).toBe(
      'ACCOUNTS_ALREADY_ACTIVE',
    );
    // Sign-in by the phone number in the username field, with the password just set.
    const byPhone = await post('/api/auth/login', { username: wang.phone, password: NEW_PASSWORD });
    expect(byPhone.statusCode).toBe(200);
    const audit = await env.db.select().from(auditLog).where(eq(auditLog.action, 'account.activate'));
    expect(audit.length).toBe(2);
  });
});

describe('SMS codes', () => {
  const requestCode = (phone: string, purpose = 'login', ip?: string) =>
    env.app.inject({
      method: 'POST',
      url: '/api/auth/sms-code',
      payload: { phone, purpose },
      ...(ip ? { remoteAddress: ip } : {}),
    });

  it('answers the same for a registered and an unknown phone, and sends only to the registered', async () => {
    smsOutbox.clear();
    later(3600);
    const known = await requestCode(wang.phone);
    const unknown = await requestCode('13700000000');
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(known.body).toBe(unknown.body);
    expect(smsOutbox.lastCodeFor(wang.phone)).toMatch(/^\d{6}$/);
    expect(smsOutbox.lastCodeFor('13700000000')).toBeNull();
    expect(smsOutbox.all().at(-1)?.phoneMasked).toBe('139****0001');
  });

  it('limits per phone (interval and day) and per address (hour)', async () => {
    const again = await requestCode(wang.phone);
    expect(again.statusCode).toBe(429);
    expect(json(again).code).toBe('ACCOUNTS_SMS_RATE_LIMITED');
    // The unknown phone is limited exactly alike.
    expect((await requestCode('13700000000')).statusCode).toBe(429);
    later(61);
    expect((await requestCode(wang.phone)).statusCode).toBe(200);
    // Ten a day per phone: eight more a minute apart, then refused.
    for (let i = 0; i < 8; i++) {
      later(61);
      expect((await requestCode(wang.phone, 'login', '10.9.0.1')).statusCode).toBe(200);
    }
    later(61);
    const daily = await requestCode(wang.phone, 'login', '10.9.0.2');
    expect(daily.statusCode).toBe(429);
    expect(json(daily).message).toContain('24 小时');
    // Twenty an hour per address, whatever the phones.
    const answers: number[] = [];
    for (let i = 0; i < 21; i++)
      answers.push(
        (await requestCode(`1360000${String(i).padStart(4, '0')}`, 'login', '10.9.0.3')).statusCode,
      );
    expect(answers.filter((s) => s === 200)).toHaveLength(20);
    expect(answers[20]).toBe(429);
    const bad = await requestCode('12345');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).details[0].field).toBe('phone');
  });

  it('signs in with the code once; a wrong code counts against it', async () => {
    later(86_400);
    smsOutbox.clear();
    expect((await requestCode(zhou.phone)).statusCode).toBe(200);
    const code = smsOutbox.lastCodeFor(zhou.phone) as string;
    const wrong = await post('/api/auth/sms-login', {
      phone: zhou.phone,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(json(wrong).code).toBe('ACCOUNTS_SMS_CODE_INVALID');
    const res = await post('/api/auth/sms-login', { phone: zhou.phone, code });
    expect(res.statusCode).toBe(200);
    const me = json(await env.app.inject({ url: '/api/me', headers: { cookie: cookieOf(res) } }));
    expect(me.memberId).toBe(zhou.id);
    expect((await post('/api/auth/sms-login', { phone: zhou.phone, code })).statusCode).toBe(400);
  });

  it('gives up a code after five wrong tries', async () => {
    later(120);
    smsOutbox.clear();
    await requestCode(zhou.phone, 'login', '10.9.1.1');
    const code = smsOutbox.lastCodeFor(zhou.phone) as string;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await env.app.inject({
        method: 'POST',
        url: '/api/auth/sms-login',
        payload: { phone: zhou.phone, code: wrong },
        remoteAddress: `10.9.2.${i}`,
      });
      expect(r.statusCode).toBe(400);
      later(600);
    }
    const right = await env.app.inject({
      method: 'POST',
      url: '/api/auth/sms-login',
      payload: { phone: zhou.phone, code },
      remoteAddress: '10.9.2.9',
    });
    expect(right.statusCode).toBe(400);
  });

  it('resets a forgotten password: every session ends, the new password signs in', async () => {
    later(3600);
    smsOutbox.clear();
    const session = await post('/api/auth/login', { username: wang.phone, password: NEW_PASSWORD });
    expect(session.statusCode).toBe(200);
    expect((await requestCode(wang.phone, 'reset', '10.9.3.1')).statusCode).toBe(200);
    const code = smsOutbox.lastCodeFor(wang.phone) as string;
    const reused = await post('/api/auth/password-reset', {
      phone: wang.phone,
      code,
      newPassword: NEW_PASSWORD,
    });
    expect(reused.statusCode).toBe(400);
    expect(json(reused).details[0].field).toBe('newPassword');
    const res = await post('/api/auth/password-reset', {
      phone: wang.phone,
      code,
      newPassword: 'Rb5%nXc8&Tk3',
    });
    expect(res.statusCode).toBe(200);
    const old = await env.app.inject({ url: '/api/me', headers: { cookie: cookieOf(session) } });
    expect(old.statusCode).toBe(401);
    expect(
      (await post('/api/auth/login', { username: wang.phone, password: 'Rb5%nXc8&Tk3' })).statusCode,
    ).toBe(200);
    const audit = await env.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'account.password_reset_sms'));
    expect(audit).toHaveLength(1);
    // A login code does not reset, a reset code does not sign in.
    expect((await post('/api/auth/sms-login', { phone: wang.phone, code })).statusCode).toBe(400);
  });
});

describe('without an SMS provider', () => {
  it('answers 503 on the SMS routes, with a Chinese message; activation still works', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-accounts-'));
    const config = {
      ...loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', DATA_DIR: dataDir }),
      smsProvider: 'none' as const,
    };
    const app = await buildApp({ config, database: await testDatabase(), clock: () => env.clock.now });
    try {
      for (const [url, payload] of [
        ['/api/auth/sms-code', { phone: zhou.phone, purpose: 'login' }],
        ['/api/auth/sms-login', { phone: zhou.phone, code: '123456' }],
        ['/api/auth/password-reset', { phone: zhou.phone, code: '123456', newPassword: 'Xy7#pLm2$Qr5' }],
      ] as const) {
        const res = await app.inject({ method: 'POST', url, payload });
        expect(res.statusCode).toBe(503);
        expect(json(res)).toMatchObject({
          code: 'ACCOUNTS_SMS_UNAVAILABLE',
          message: expect.stringContaining('短信'),
        });
      }
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the account follows the record', () => {
  it('moves the member role with a transfer and keeps the account', async () => {
    const t = json(
      await post(
        '/api/transfers',
        {
          memberId: zhou.id,
          toOrgId: env.fx.org.branchA2,
          letterNumber: '甲组转〔2026〕009号',
          reason: '搬家',
        },
        'secA1',
      ),
    );
    expect((await post(`/api/transfers/${t.id}/accept`, { note: '已接收' }, 'districtA')).statusCode).toBe(
      200,
    );
    const [u] = await env.db.select().from(users).where(eq(users.memberId, zhou.id));
    expect(u.active).toBe(true);
    const roles = await env.db.select().from(roleAssignments).where(eq(roleAssignments.userId, u.id));
    expect(roles.map((r) => [r.role, r.orgId])).toEqual([['member', env.fx.org.branchA2]]);
  });

  it('disables the account when the member leaves the party, and ends its sessions', async () => {
    const session = await post('/api/auth/login', { username: wang.phone, password: 'Rb5%nXc8&Tk3' });
    expect(session.statusCode).toBe(200);
    const res = await send(
      'PATCH',
      `/api/members/${wang.id}`,
      { status: 'left', leaveReason: 'withdrew', leftOn: '2026-11-20' },
      'secA1',
    );
    expect(res.statusCode).toBe(200);
    const [u] = await env.db.select().from(users).where(eq(users.memberId, wang.id));
    expect(u).toMatchObject({ active: false, disabledReason: 'left_party' });
    expect(
      (await env.app.inject({ url: '/api/me', headers: { cookie: cookieOf(session) } })).statusCode,
    ).toBe(401);
    expect(
      (await post('/api/auth/login', { username: wang.phone, password: 'Rb5%nXc8&Tk3' })).statusCode,
    ).toBe(401);
    const audit = await env.db.select().from(auditLog).where(eq(auditLog.action, 'account.disable_left'));
    expect(audit.map((a) => a.entityId)).toEqual([u.id]);
    // No code for a member who left.
    expect(json(await post(`/api/accounts/members/${wang.id}/code`, {}, 'secA1')).code).toBe(
      'ACCOUNTS_NOT_ELIGIBLE',
    );
    const counted = await env.db.execute(
      sql`select count(*)::int as n from sessions where user_id = ${u.id}`,
    );
    expect(JSON.stringify(counted)).toContain('"n":0');
  });
});

it('keeps the clock moving forward only', () => {
  expect(env.clock.now.getTime()).toBeGreaterThan(NOW.getTime());
});
