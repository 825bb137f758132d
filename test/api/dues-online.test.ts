/**
 * 在线缴纳党费 (decision 0041): orders for the months due, the simulated provider's signed callback
 * booking them through the payments path, and every callback that must book nothing (bad signature,
 * replay, unknown order, wrong amount, stale timestamp), reconciliation of a lost callback, expiry.
 */
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAssignments, users } from '../../src/server/db/schema/index.js';
import { runDailyJob } from '../../src/server/jobs/daily.js';
import { hashPassword } from '../../src/server/lib/passwords.js';
import { signedNotice } from '../../src/server/modules/dues/online/simulated.js';
import { json, NOW, PASSWORD, requests, setupEnv, TEST_KEK, type TestEnv } from './harness.js';

let env: TestEnv;
const { get, post } = requests(() => env);
/** The simulated provider's secret as the app derives it from the suite's deployment key. */
const SECRET = createHmac('sha256', TEST_KEK).update('jiceng payment simulated v1').digest('base64');
const CALLBACK = '/api/dues/online/callback/simulated';

beforeAll(async () => {
  env = await setupEnv();
  const hash = await hashPassword(PASSWORD);
  for (const [username, memberId, role, org] of [
    ['memberProbA1', env.fx.member.probA1, 'member', env.fx.org.branchA1],
    ['secB1', null, 'secretary', env.fx.org.branchB1],
  ] as const) {
    const [u] = await env.db
      .insert(users)
      .values({ username, displayName: username, passwordHash: hash, memberId })
      .returning();
    await env.db.insert(roleAssignments).values({ userId: u.id, role, orgId: org });
  }
  // 李秀英 (memberA1's record) owes September to November at 15.00 a month.
  const res = await post(
    `/api/members/${env.fx.member.plainA1}/dues-profiles`,
    { category: 'employed', effectiveMonth: '2026-09', baseFen: 300000 },
    'secA1',
  );
  if (res.statusCode !== 201) throw new Error(res.body);
  // 王小明 (probA1) too, for the reconciliation and expiry cases (signed in as memberProbA1 below).
  const r2 = await post(
    `/api/members/${env.fx.member.probA1}/dues-profiles`,
    { category: 'employed', effectiveMonth: '2026-10', baseFen: 300000 },
    'secA1',
  );
  if (r2.statusCode !== 201) throw new Error(r2.body);
});
afterAll(() => env.app.close());

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await env.db.execute(query)) as unknown as { rows: T[] }).rows;
}

const ledger = (memberId: number) =>
  rows<{ month: string; paid: number; status: string }>(
    sql`select to_char(month, 'YYYY-MM') as month, paid_fen as paid, status from dues_ledger
        where member_id = ${memberId} order by month`,
  );
const paymentsOf = (memberId: number) =>
  rows<{ month: string; amount: number; method: string; ref: string | null }>(
    sql`select to_char(month, 'YYYY-MM') as month, amount_fen as amount, method, external_ref as ref
        from dues_payments where member_id = ${memberId} and voided_at is null order by month`,
  );
const outcomes = async () =>
  (await rows<{ outcome: string }>(sql`select outcome from dues_payment_callbacks order by id`)).map(
    (r) => r.outcome,
  );

/** A notification signed as the provider signs, posted to the callback endpoint. */
async function notify(
  n: { orderNo: string; txnId: string; amountFen: number },
  opts: { secret?: string; at?: Date; nonce?: string; tamper?: (b: string) => string } = {},
) {
  const at = opts.at ?? env.clock.now;
  const s = signedNotice(
    opts.secret ?? SECRET,
    { ...n, paidAt: env.clock.now.toISOString(), tradeState: 'SUCCESS' },
    at,
    opts.nonce,
  );
  return send(opts.tamper ? opts.tamper(s.body) : s.body, s.headers);
}
const send = (body: string, headers: Record<string, string>) =>
  env.app.inject({ method: 'POST', url: CALLBACK, payload: body, headers });

describe('orders', () => {
  it('offers the months due, oldest first, and refuses a choice that skips one', async () => {
    const mine = json(await get('/api/dues/online/mine', 'memberA1'));
    expect(mine).toMatchObject({ enabled: true, provider: 'simulated', pending: null });
    expect(mine.due.map((d: { month: string }) => d.month)).toEqual(['2026-09', '2026-10', '2026-11']);
    const skip = await post('/api/dues/online/orders', { months: ['2026-10'] }, 'memberA1');
    expect(skip.statusCode).toBe(422);
    expect(json(skip).code).toBe('DUES_ONLINE_MONTHS');
    expect(json(skip).details[0].field).toBe('months');
    const notDue = await post('/api/dues/online/orders', { months: ['2026-09', '2026-12'] }, 'memberA1');
    expect(notDue.statusCode).toBe(422);
    const bad = await post('/api/dues/online/orders', { months: ['2026-13'] }, 'memberA1');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).message).toContain('月份');
  });

  it('makes one pending order per member, for the two oldest months, with a cashier URL', async () => {
    const res = await post('/api/dues/online/orders', { months: ['2026-10', '2026-09'] }, 'memberA1');
    expect(res.statusCode).toBe(201);
    const o = json(res);
    expect(o).toMatchObject({ months: ['2026-09', '2026-10'], amountFen: 3000, status: 'pending' });
    expect(o.payUrl).toMatch(/^\/pay\/simulated\/DO[A-Z0-9]+\?token=/);
    const again = await post('/api/dues/online/orders', {}, 'memberA1');
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('DUES_ONLINE_ORDER_PENDING');
    // An org administrator holds no dues.pay: paying is the member's own act.
    expect((await post('/api/dues/online/orders', {}, 'districtA')).statusCode).toBe(403);
    // A secretary who is a member pays their own dues only (张建国 has none on the ledger).
    expect(json(await post('/api/dues/online/orders', {}, 'secA1')).code).toBe('DUES_ONLINE_NOTHING_DUE');
  });

  it('shows an order to its member and the branch in scope, 404 to others', async () => {
    const { pending } = json(await get('/api/dues/online/mine', 'memberA1'));
    const url = `/api/dues/online/orders/${pending.orderNo}`;
    expect(json(await get(url, 'memberA1')).payUrl).toBeTruthy();
    const bySecretary = json(await get(url, 'secA1'));
    expect(bySecretary).toMatchObject({ memberName: '李秀英', status: 'pending', payUrl: null });
    expect((await get(url, 'secB1')).statusCode).toBe(404);
    // 张建国 pays his own dues (the member role): another member's order is not his to cancel.
    expect((await post(`${url}/cancel`, {}, 'secA1')).statusCode).toBe(404);
    expect((await post(`${url}/cancel`, {}, 'districtA')).statusCode).toBe(403);
  });
});

describe('the callback', () => {
  let order: { orderNo: string; amountFen: number };
  beforeAll(async () => {
    order = json(await get('/api/dues/online/mine', 'memberA1')).pending;
  });

  it('books nothing on a bad signature, an unknown order, a wrong amount or a stale timestamp', async () => {
    const before = await outcomes();
    const forged = await notify({ ...order, txnId: 'T1' }, { secret: 'not-the-secret-not-the-secret-000' });
    expect(forged.statusCode).toBe(401);
    expect(json(forged)).toEqual({ code: 'FAIL', message: '签名验证失败' });
    // The body changed after signing (the amount raised): the signature no longer holds.
    const tampered = await notify({ ...order, txnId: 'T1' }, { tamper: (b) => b.replace('3000', '3001') });
    expect(tampered.statusCode).toBe(401);
    const unsigned = await send(JSON.stringify({ ...order, txnId: 'T1' }), {
      'content-type': 'application/json',
    });
    expect(unsigned.statusCode).toBe(401);
    const unknown = await notify({ orderNo: 'DO0000000000UNKNOWN', txnId: 'T2', amountFen: 3000 });
    expect(unknown.statusCode).toBe(404);
    const wrongAmount = await notify({ ...order, txnId: 'T3', amountFen: 1 });
    expect(wrongAmount.statusCode).toBe(400);
    const stale = await notify({ ...order, txnId: 'T4' }, { at: new Date(NOW.getTime() - 6 * 60_000) });
    expect(stale.statusCode).toBe(400);
    const garbage = await send('{"orderNo":', { 'content-type': 'application/json' });
    expect(garbage.statusCode).toBe(400);
    expect((await outcomes()).slice(before.length)).toEqual([
      'bad_signature',
      'bad_signature',
      'bad_signature',
      'unknown_order',
      'amount_mismatch',
      'stale',
    ]);
    expect(await paymentsOf(env.fx.member.plainA1)).toEqual([]);
    expect(json(await get(`/api/dues/online/orders/${order.orderNo}`, 'memberA1')).status).toBe('pending');
  });

  it('books both months in one go through the payments path, the collection sheet shows them paid', async () => {
    const res = await notify({ ...order, txnId: 'WX4200001' }, { nonce: 'nonce-first-0001' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ code: 'SUCCESS', message: '成功' });
    expect(await paymentsOf(env.fx.member.plainA1)).toEqual([
      { month: '2026-09', amount: 1500, method: 'online', ref: 'WX4200001#2026-09' },
      { month: '2026-10', amount: 1500, method: 'online', ref: 'WX4200001#2026-10' },
    ]);
    const l = await ledger(env.fx.member.plainA1);
    expect(l.map((r) => [r.month, r.status])).toEqual([
      ['2026-09', 'paid'],
      ['2026-10', 'paid'],
      ['2026-11', 'unpaid'],
    ]);
    const sheet = json(
      await get(`/api/dues/ledger?orgId=${env.fx.org.branchA1}&month=2026-10&q=李秀英`, 'secA1'),
    );
    expect(sheet.data[0]).toMatchObject({ memberName: '李秀英', status: 'paid', paidFen: 1500 });
    const payments = json(
      await get(`/api/dues/payments?memberId=${env.fx.member.plainA1}&month=2026-10`, 'secA1'),
    );
    expect(payments.data[0]).toMatchObject({ method: 'online', externalRef: 'WX4200001#2026-10' });
    const o = json(await get(`/api/dues/online/orders/${order.orderNo}`, 'memberA1'));
    expect(o).toMatchObject({ status: 'paid', providerTxnId: 'WX4200001', payUrl: null });
    const [audit] = await rows<{ action: string; reason: string }>(
      sql`select action, reason from audit_log where action = 'dues.online_paid'`,
    );
    expect(audit.reason).toContain('2026-09、2026-10');
  });

  it('books nothing twice: the same callback replayed, or re-sent by the provider', async () => {
    const replay = await notify({ ...order, txnId: 'WX4200001' }, { nonce: 'nonce-first-0001' });
    expect(replay.statusCode).toBe(400);
    expect(json(replay).code).toBe('FAIL');
    // The provider's own retry: a new nonce and signature, the same transaction.
    const resent = await notify({ ...order, txnId: 'WX4200001' }, { nonce: 'nonce-second-002' });
    expect(resent.statusCode).toBe(200);
    expect(json(resent).code).toBe('SUCCESS');
    expect((await outcomes()).slice(-3)).toEqual(['booked', 'replayed', 'duplicate']);
    expect(await paymentsOf(env.fx.member.plainA1)).toHaveLength(2);
  });

  it('lists the orders and every callback to the branch, never to another', async () => {
    const list = json(await get(`/api/dues/online/orders?orgId=${env.fx.org.branchA1}`, 'secA1'));
    expect(list.data[0]).toMatchObject({ orderNo: order.orderNo, status: 'paid' });
    const log = json(await get(`/api/dues/online/callbacks?orgId=${env.fx.org.branchA1}`, 'secA1'));
    const mine = log.data.map((c: { outcome: string }) => c.outcome);
    expect(mine).toEqual(
      expect.arrayContaining(['booked', 'duplicate', 'replayed', 'bad_signature', 'stale']),
    );
    // The unknown order's callback belongs to no branch: only the top of the tree sees it.
    expect(mine).not.toContain('unknown_order');
    const top = json(await get(`/api/dues/online/callbacks?orgId=${env.fx.org.city}`, 'admin'));
    expect(top.data.map((c: { outcome: string }) => c.outcome)).toContain('unknown_order');
    expect(JSON.stringify(log)).not.toContain(SECRET);
    expect((await get(`/api/dues/online/callbacks?orgId=${env.fx.org.branchA1}`, 'secB1')).statusCode).toBe(
      404,
    );
  });
});

describe('the simulated cashier, reconciliation and expiry', () => {
  it('pays through the cashier: the provider signs and delivers, the month is booked', async () => {
    const o = json(await post('/api/dues/online/orders', {}, 'memberA1'));
    expect(o).toMatchObject({ months: ['2026-11'], amountFen: 1500 });
    const token = new URL(o.payUrl, 'http://x').searchParams.get('token');
    const path = `/api/dues/online/simulated/${o.orderNo}`;
    expect((await post(path, { token: 'wrong' })).statusCode).toBe(404);
    const view = json(await post(path, { token }));
    expect(view).toMatchObject({ merchant: '中共测试市委员会党费', amountFen: 1500, months: ['2026-11'] });
    const paid = json(await post(`${path}/pay`, { token }));
    expect(paid).toMatchObject({ status: 'paid', notified: { code: 'SUCCESS' } });
    expect(paid.returnUrl).toBe(`/me/dues?order=${o.orderNo}`);
    const refs = (await paymentsOf(env.fx.member.plainA1)).map((p) => p.ref);
    expect(refs).toContain(paid.txnId);
    expect(json(await get('/api/dues/online/mine', 'memberA1')).due).toEqual([]);
    expect((await post('/api/dues/online/orders', {}, 'memberA1')).statusCode).toBe(422);
  });

  it('reconciliation books an order whose callback was lost, and closes an expired one', async () => {
    const o = json(await post('/api/dues/online/orders', {}, 'memberProbA1'));
    const token = new URL(o.payUrl, 'http://x').searchParams.get('token');
    const lost = json(await post(`/api/dues/online/simulated/${o.orderNo}/pay`, { token, deliver: false }));
    expect(lost).toMatchObject({ status: 'paid', notified: null });
    expect(await paymentsOf(env.fx.member.probA1)).toEqual([]);
    // Too early: the order is left to its callback.
    const early = json(await post('/api/dues/online/reconcile', { orgId: env.fx.org.branchA1 }, 'secA1'));
    expect(early.queried).toBe(0);
    env.clock.now = new Date(NOW.getTime() + 15 * 60_000);
    const r = json(await post('/api/dues/online/reconcile', { orgId: env.fx.org.branchA1 }, 'secA1'));
    expect(r).toMatchObject({ queried: 1, booked: 1 });
    expect((await paymentsOf(env.fx.member.probA1)).map((p) => p.ref)).toEqual([
      `${lost.txnId}#2026-10`,
      `${lost.txnId}#2026-11`,
    ]);
    // The callback arriving late after all books nothing more.
    const late = await notify({ orderNo: o.orderNo, txnId: lost.txnId, amountFen: o.amountFen });
    expect(json(late).code).toBe('SUCCESS');
    expect(await paymentsOf(env.fx.member.probA1)).toHaveLength(2);
    expect(
      (await post('/api/dues/online/reconcile', { orgId: env.fx.org.branchB1 }, 'secA1')).statusCode,
    ).toBe(404);
  });

  it('closes an order nobody paid once it expires, at the daily job; the member may start again', async () => {
    env.clock.now = NOW;
    await env.db.execute(
      sql`delete from dues_payments where member_id = ${env.fx.member.probA1} and month = '2026-11-01'`,
    );
    await env.db.execute(
      sql`update dues_ledger set paid_fen = 0, status = 'unpaid' where member_id = ${env.fx.member.probA1} and month = '2026-11-01'`,
    );
    const o = json(await post('/api/dues/online/orders', {}, 'memberProbA1'));
    expect(o.months).toEqual(['2026-11']);
    // Thirty-one minutes old (the clock stays: sessions idle out after thirty).
    await env.db.execute(
      sql`update dues_payment_orders set created_at = ${new Date(NOW.getTime() - 31 * 60_000)},
          expires_at = ${new Date(NOW.getTime() - 60_000)} where order_no = ${o.orderNo}`,
    );
    const mine = json(await get('/api/dues/online/mine', 'memberProbA1'));
    expect(mine.pending).toBeNull();
    await runDailyJob(env.db, '2026-11-23');
    const after = json(await get(`/api/dues/online/orders/${o.orderNo}`, 'memberProbA1'));
    expect(after.status).toBe('closed');
    const token = new URL(o.payUrl, 'http://x').searchParams.get('token');
    const tooLate = json(await post(`/api/dues/online/simulated/${o.orderNo}/pay`, { token }));
    expect(tooLate.status).toBe('closed');
    const cancelled = await post(`/api/dues/online/orders/${o.orderNo}/cancel`, {}, 'memberProbA1');
    expect(cancelled.statusCode).toBe(409);
    expect((await post('/api/dues/online/orders', {}, 'memberProbA1')).statusCode).toBe(201);
    env.clock.now = NOW;
  });
});
