import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDailyJob } from '../../src/server/jobs/daily.js';
import { json, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
const { get, post } = requests(() => env);

beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await env.db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Posts with an Idempotency-Key header. */
async function postKeyed(url: string, payload: unknown, user: string, key: string) {
  return env.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { cookie: await env.login(user), 'idempotency-key': key },
  });
}

const payment = (memberId: number, month: string, amountFen: number, over: Record<string, unknown> = {}) => ({
  memberId,
  month,
  amountFen,
  paidOn: TODAY,
  method: 'cash',
  ...over,
});

async function ledgerOf(memberId: number, month: string) {
  const [row] = await rows<{ expected: number | null; paid: number; status: string }>(
    sql`select expected_fen as expected, paid_fen as paid, status from dues_ledger
        where member_id = ${memberId} and month = ${`${month}-01`}::date`,
  );
  return row;
}

async function profile(memberId: number, body: Record<string, unknown>, user: string) {
  const res = await post(`/api/members/${memberId}/dues-profiles`, body, user);
  if (res.statusCode !== 201) throw new Error(`profile: ${res.statusCode} ${res.body}`);
  return json(res);
}

async function pay(memberId: number, month: string, amountFen: number, user: string, paidOn = TODAY) {
  const res = await post('/api/dues/payments', payment(memberId, month, amountFen, { paidOn }), user);
  if (res.statusCode !== 201) throw new Error(`pay ${month}: ${res.statusCode} ${res.body}`);
  return json(res);
}

describe('profiles', () => {
  it('computes 15.00 at a base of 3000.00 and 30.00 at 3000.01 (the rate applies to the whole base)', async () => {
    const p = await profile(
      env.fx.member.plainA1,
      { category: 'employed', effectiveMonth: '2026-01', baseFen: 300000 },
      'secA1',
    );
    expect(p).toMatchObject({ status: 'active', monthlyFen: 1500, rateBp: 50, effectiveMonth: '2026-01' });
    const q = await profile(
      env.fx.member.secA1,
      { category: 'employed', effectiveMonth: '2026-01', baseFen: 300001 },
      'secA1',
    );
    expect(q).toMatchObject({ monthlyFen: 3000, rateBp: 100 });
    // The ledger of this year from the profile's month on carries the amount.
    expect(await ledgerOf(env.fx.member.plainA1, '2026-01')).toMatchObject({
      expected: 1500,
      status: 'unpaid',
    });
    expect(await ledgerOf(env.fx.member.secA1, '2026-11')).toMatchObject({ expected: 3000 });
    const list = json(await get(`/api/members/${env.fx.member.plainA1}/dues-profiles`, 'secA1'));
    expect(list.data).toHaveLength(1);
    expect(list.data[0].explanation).toContain('3,000.00');
  });

  it('refuses a farmer amount out of range with a message naming 月交纳额', async () => {
    const res = await post(
      `/api/members/${env.fx.member.plainA1}/dues-profiles`,
      { category: 'farmer', effectiveMonth: '2026-11', amountFen: 10 },
      'secA1',
    );
    expect(res.statusCode).toBe(422);
    expect(json(res).code).toBe('DUES_PROFILE');
    expect(json(res).message).toContain('月交纳额');
    expect(json(res).details[0]).toMatchObject({
      field: 'amountFen',
      code: 'DUES_PROFILE',
      ruleId: 'dues.farmerRange',
      date: TODAY,
    });
    expect(json(res).details[0].citation).toContain('第六条');
  });

  it('keeps a hardship profile pending until the district approves; the branch cannot approve its own', async () => {
    const prob = env.fx.member.probA1;
    await profile(prob, { category: 'employed', effectiveMonth: '2026-06', baseFen: 200000 }, 'secA1');
    expect(await ledgerOf(prob, '2026-05')).toBeUndefined(); // not yet a member in May
    expect(await ledgerOf(prob, '2026-11')).toMatchObject({ expected: 1000 });

    const noReason = await post(
      `/api/members/${prob}/dues-profiles`,
      { category: 'hardship_exempt', effectiveMonth: '2026-11' },
      'secA1',
    );
    expect(noReason.statusCode).toBe(422);
    expect(json(noReason).message).toContain('原因');
    expect(json(noReason).details[0]).toMatchObject({ field: 'reason', code: 'DUES_PROFILE' });
    expect(json(noReason).details[0].citation).toContain('第七条');

    const h = await profile(
      prob,
      { category: 'hardship_exempt', effectiveMonth: '2026-11', reason: '患重病，无固定收入' },
      'secA1',
    );
    expect(h).toMatchObject({ status: 'pending', approvalOrgName: '中共甲区委员会' });
    expect(await ledgerOf(prob, '2026-11')).toMatchObject({ expected: 1000, status: 'unpaid' });

    const pending = json(await get('/api/dues/profiles/pending', 'districtA'));
    expect(pending.data.map((p: { id: number }) => p.id)).toContain(h.id);
    expect(json(await get('/api/dues/profiles/pending', 'secA1')).data).toHaveLength(0);

    const decision = { approve: true, approvalRef: '甲组字〔2026〕8号', decidedOn: TODAY };
    expect((await post(`/api/dues/profiles/${h.id}/decision`, decision, 'secA1')).statusCode).toBe(404);
    expect((await post(`/api/dues/profiles/${h.id}/decision`, decision)).statusCode).toBe(401);
    const ok = await post(`/api/dues/profiles/${h.id}/decision`, decision, 'districtA');
    expect(ok.statusCode).toBe(200);
    expect(json(ok)).toMatchObject({ status: 'active', approvalRef: '甲组字〔2026〕8号', monthlyFen: 0 });
    expect(await ledgerOf(prob, '2026-11')).toMatchObject({ expected: 0, status: 'exempt' });
    expect(await ledgerOf(prob, '2026-10')).toMatchObject({ expected: 1000 });
    const decidedTwice = await post(`/api/dues/profiles/${h.id}/decision`, decision, 'districtA');
    expect(decidedTwice.statusCode).toBe(409);
    expect(json(decidedTwice).code).toBe('DUES_PROFILE_ALREADY_DECIDED');

    const audit = json(await get('/api/audit?action=dues.profile.approve', 'auditor'));
    expect(audit.total).toBe(1);
  });
});

describe('ledger and payments', () => {
  let lateId: number;

  it('lists the month of a subtree with totals, rounding and abilities', async () => {
    const res = await get(`/api/dues/ledger?orgId=${env.fx.org.branchA1}&month=2026-11`, 'secA1');
    expect(res.statusCode).toBe(200);
    const page = json(res);
    const mine = page.data.find((r: { memberId: number }) => r.memberId === env.fx.member.plainA1);
    expect(mine).toMatchObject({
      expectedFen: 1500,
      paidFen: 0,
      balanceFen: 1500,
      status: 'unpaid',
      abilities: { pay: true },
      memberName: '李秀英',
      memberCategory: 'full',
    });
    expect(page.totals.members).toBe(3);
    expect(page.totals.expectedFen).toBe(1500 + 3000);
    expect(page.totals.byStatus).toMatchObject({ unpaid: 2, exempt: 1 });
    expect(page.rounding.text).toContain('四舍五入');
    // Pinyin search and status filter.
    const found = json(
      await get(`/api/dues/ledger?orgId=${env.fx.org.branchA1}&month=2026-11&q=lxy`, 'secA1'),
    );
    expect(found.data.map((r: { memberName: string }) => r.memberName)).toEqual(['李秀英']);
    const exempt = json(
      await get(`/api/dues/ledger?orgId=${env.fx.org.branchA1}&month=2026-11&status=exempt`, 'secA1'),
    );
    expect(exempt.total).toBe(1);
  });

  it('books a partial payment, then the rest: partial → paid', async () => {
    const first = await pay(env.fx.member.plainA1, '2026-11', 500, 'secA1');
    expect(first.ledger).toMatchObject({ status: 'partial', paidFen: 500, balanceFen: 1000 });
    expect(first.payment).toMatchObject({ amountFen: 500, collectorName: '张建国', late: false });
    const rest = await pay(env.fx.member.plainA1, '2026-11', 1000, 'secA1');
    expect(rest.ledger).toMatchObject({ status: 'paid', balanceFen: 0 });
  });

  it('refuses an overpayment in Chinese, and a settled month', async () => {
    const over = await post('/api/dues/payments', payment(env.fx.member.plainA1, '2026-10', 1600), 'secA1');
    expect(over.statusCode).toBe(422);
    expect(json(over).message).toContain('超过该月欠交额15.00元');
    expect(json(over).code).toBe('DUES_OVERPAY');
    expect(json(over).details[0]).toMatchObject({ field: 'amountFen', code: 'DUES_OVERPAY', date: TODAY });
    const settled = await post('/api/dues/payments', payment(env.fx.member.plainA1, '2026-11', 100), 'secA1');
    expect(settled.statusCode).toBe(422);
    expect(json(settled).code).toBe('DUES_SETTLED');
    expect(json(settled).details[0].code).toBe('DUES_SETTLED');
    // Three months ahead: beyond what may be paid in advance (a configurable rule, cited).
    const ahead = await post('/api/dues/payments', payment(env.fx.member.plainA1, '2027-02', 100), 'secA1');
    expect(ahead.statusCode).toBe(422);
    expect(json(ahead).code).toBe('DUES_ADVANCE');
    expect(json(ahead).details[0]).toMatchObject({
      field: 'month',
      ruleId: 'dues.advanceMonths',
      date: TODAY,
    });
    expect(json(ahead).details[0].citation).toContain('第十二条');
  });

  it('accepts a month 8 months back and flags it late', async () => {
    const res = await pay(env.fx.member.plainA1, '2026-03', 1500, 'secA1');
    expect(res.payment.late).toBe(true);
    expect(res.ledger.status).toBe('paid');
    lateId = res.payment.id;
  });

  it('voids a payment with a reason: the month returns to unpaid; a second void is refused', async () => {
    const res = await post(
      `/api/dues/payments/${lateId}/void`,
      { reason: '金额登记错误，重新登记' },
      'secA1',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res).payment).toMatchObject({ voided: true, voidReason: '金额登记错误，重新登记' });
    expect(json(res).ledger).toMatchObject({ status: 'unpaid', paidFen: 0 });
    expect(await ledgerOf(env.fx.member.plainA1, '2026-03')).toMatchObject({ paid: 0, status: 'unpaid' });
    const again = await post(`/api/dues/payments/${lateId}/void`, { reason: '再次作废试试' }, 'secA1');
    expect(again.statusCode).toBe(409);
    expect(json(again)).toMatchObject({
      code: 'DUES_PAYMENT_ALREADY_VOID',
      message: '该笔交纳已作废，不能重复作废',
    });
  });

  it('books a voluntary extra apart from the ledger', async () => {
    const res = await post(
      '/api/dues/payments',
      payment(env.fx.member.plainA1, '2026-11', 20000, { kind: 'voluntary' }),
      'secA1',
    );
    expect(res.statusCode).toBe(201);
    expect(json(res).ledger).toBeNull();
    expect(await ledgerOf(env.fx.member.plainA1, '2026-11')).toMatchObject({ paid: 1500 });
    const page = json(await get(`/api/dues/ledger?orgId=${env.fx.org.branchA1}&month=2026-11`, 'secA1'));
    expect(page.totals.voluntaryFen).toBe(20000);
  });

  it('lists payments by org and by member', async () => {
    const byOrg = json(await get(`/api/dues/payments?orgId=${env.fx.org.branchA1}&month=2026-11`, 'secA1'));
    expect(byOrg.total).toBe(3);
    const byMember = json(await get(`/api/dues/payments?memberId=${env.fx.member.plainA1}`, 'memberA1'));
    expect(byMember.total).toBe(4);
    expect(byMember.data.some((p: { voided: boolean }) => p.voided)).toBe(true);
  });

  it('shows a member their own year', async () => {
    const res = await get(`/api/members/${env.fx.member.plainA1}/dues?year=2026`, 'memberA1');
    expect(res.statusCode).toBe(200);
    const d = json(res);
    expect(d.months).toHaveLength(11);
    expect(d.profile).toMatchObject({ category: 'employed', monthlyFen: 1500 });
    expect(d.yearTotals).toMatchObject({ expectedFen: 11 * 1500, paidFen: 1500, voluntaryFen: 20000 });
    expect(d.arrears.owedMonths).toHaveLength(10);
    expect(d.arrears.level).toBe('lapse');
    expect(d.rounding.unitFen).toBe(1);
  });
});

describe('idempotency', () => {
  const url = '/api/dues/payments';

  it('replays the first result for the same key and body; 409 for another body or user', async () => {
    const body = payment(env.fx.member.plainA1, '2026-10', 500);
    const first = await postKeyed(url, body, 'secA1', 'key-one');
    expect(first.statusCode).toBe(201);
    const again = await postKeyed(url, body, 'secA1', 'key-one');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again).payment.id).toBe(json(first).payment.id);
    const [{ n }] = await rows<{ n: number }>(
      sql`select count(*)::int as n from dues_payments where member_id = ${env.fx.member.plainA1}
          and month = '2026-10-01' and voided_at is null`,
    );
    expect(n).toBe(1);
    const other = await postKeyed(url, { ...body, amountFen: 400 }, 'secA1', 'key-one');
    expect(other.statusCode).toBe(409);
    expect(json(other).code).toBe('DUES_IDEMPOTENCY_CONFLICT');
    expect(json(other).details[0].code).toBe('IDEMPOTENCY_CONFLICT');
    expect(json(other).message).toContain('幂等键');
    const otherUser = await postKeyed(url, body, 'districtA', 'key-one');
    expect(otherUser.statusCode).toBe(409);
  });

  it('books once for 5 concurrent identical requests with one key', async () => {
    const body = payment(env.fx.member.secA1, '2026-10', 1000);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => postKeyed(url, body, 'secA1', 'key-concurrent')),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => json(r).payment.id)).size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    const [{ n }] = await rows<{ n: number }>(
      sql`select count(*)::int as n from dues_payments where member_id = ${env.fx.member.secA1} and month = '2026-10-01'`,
    );
    expect(n).toBe(1);
  });

  it('lets only one of 5 concurrent full-balance payments for one month book', async () => {
    const body = payment(env.fx.member.secA1, '2026-09', 3000);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => postKeyed(url, body, 'secA1', `key-race-${i}`)),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 422, 422, 422, 422]);
    expect(await ledgerOf(env.fx.member.secA1, '2026-09')).toMatchObject({
      expected: 3000,
      paid: 3000,
      status: 'paid',
    });
  });

  it('never books one provider reference twice', async () => {
    const body = payment(env.fx.member.secA1, '2026-07', 1000, {
      method: 'online',
      externalRef: 'WX-20261123-1',
    });
    expect((await post(url, body, 'secA1')).statusCode).toBe(201);
    const again = await post(url, { ...body, amountFen: 900 }, 'secA1');
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('DUES_DUPLICATE_REF');
    expect(json(again).message).toContain('已登记');
  });

  it('marks several members paid in one all-or-nothing batch (with a key)', async () => {
    const body = {
      orgId: env.fx.org.branchA1,
      month: '2026-08',
      memberIds: [env.fx.member.secA1, env.fx.member.plainA1],
      paidOn: TODAY,
      method: 'cash',
    };
    const res = await postKeyed('/api/dues/payments/batch', body, 'secA1', 'batch-1');
    expect(res.statusCode).toBe(201);
    expect(json(res).paidFen).toBe(4500);
    expect(json(res).payments).toHaveLength(2);
    const replay = await postKeyed('/api/dues/payments/batch', body, 'secA1', 'batch-1');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // Without the key it is a new request: both are settled now, so nothing is booked.
    const again = await post('/api/dues/payments/batch', body, 'secA1');
    expect(again.statusCode).toBe(422);
    expect(json(again).code).toBe('DUES_SETTLED');
    expect(json(again).message).toContain('张建国');
    // One member of another branch makes the whole batch 404.
    const mixed = await post(
      '/api/dues/payments/batch',
      { ...body, month: '2026-06', memberIds: [env.fx.member.plainA1, env.fx.member.a2] },
      'secA1',
    );
    expect(mixed.statusCode).toBe(404);
    expect(await ledgerOf(env.fx.member.plainA1, '2026-06')).toMatchObject({ paid: 0 });
  });
});

/** The open run of a member as the arrears list shows it. */
async function arrearsRow(orgId: number, memberId: number, user: string) {
  const page = json(await get(`/api/dues/arrears?orgId=${orgId}`, user));
  return page.data.find((r: { memberId: number }) => r.memberId === memberId);
}

/** A member's standing as the collection sheet (of November), the arrears list and 我的党费 give it. */
async function standingsOf(memberId: number, orgId: number, user: string) {
  const sheet = json(await get(`/api/dues/ledger?orgId=${orgId}&month=2026-11`, user));
  const row = sheet.data.find((r: { memberId: number }) => r.memberId === memberId);
  const arrears = await arrearsRow(orgId, memberId, user);
  const mine = json(await get(`/api/members/${memberId}/dues?year=2026`, user));
  return { row, sheet: row?.standing, arrears: arrears?.standing, mine: mine.standing };
}

async function runsOfMember(memberId: number) {
  return rows<{ id: number; level: string; first: string; last: string; status: string }>(
    sql`select id, level, to_char(first_month, 'YYYY-MM') as first, to_char(last_month, 'YYYY-MM') as last, status
        from dues_arrears_runs where member_id = ${memberId} order by first_month, level desc`,
  );
}

describe('arrears and lapse decisions', () => {
  it('flags 6 consecutive unpaid months as lapse and 3 as warning', async () => {
    await profile(
      env.fx.member.a2,
      { category: 'employed', effectiveMonth: '2026-01', baseFen: 400000 },
      'districtA',
    );
    // Paid within each month.
    for (const m of ['2026-01', '2026-02', '2026-03', '2026-04'])
      await pay(env.fx.member.a2, m, 4000, 'districtA', `${m}-15`);
    await profile(env.fx.member.b1, { category: 'student', effectiveMonth: '2026-01' }, 'admin');
    for (const m of ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07']) {
      await pay(env.fx.member.b1, m, 20, 'admin', `${m}-15`);
    }
    const res = await get(`/api/dues/arrears?orgId=${env.fx.org.city}`, 'admin');
    expect(res.statusCode).toBe(200);
    const page = json(res);
    const a2 = page.data.find((r: { memberId: number }) => r.memberId === env.fx.member.a2);
    const b1 = page.data.find((r: { memberId: number }) => r.memberId === env.fx.member.b1);
    expect(a2).toMatchObject({ level: 'lapse', unpaidStreak: 6, streakFrom: '2026-05', streakTo: '2026-10' });
    expect(a2.openRun).toMatchObject({
      level: 'lapse',
      firstMonth: '2026-05',
      lastMonth: '2026-10',
      months: 6,
      expectedFen: 6 * 4000,
      reachedMonth: '2026-10',
      status: 'open',
      ongoing: true,
    });
    expect(a2.arrearsFen).toBe(6 * 4000);
    expect(b1).toMatchObject({ level: 'warning', unpaidStreak: 3, streakFrom: '2026-08' });
    expect(b1.openRun).toMatchObject({ level: 'warning', firstMonth: '2026-08', lastMonth: '2026-10' });
    expect(page.data[0].level).toBe('lapse');
    expect(page.counts.warning).toBeGreaterThanOrEqual(1);
    expect(page.rules).toEqual({ warningMonths: 3, lapseMonths: 6, backpayMaxMonths: 6 });
    const onlyWarning = json(await get(`/api/dues/arrears?orgId=${env.fx.org.city}&level=warning`, 'admin'));
    expect(onlyWarning.data.every((r: { level: string }) => r.level === 'warning')).toBe(true);
    // The branch's own list does not show other branches.
    const own = json(await get(`/api/dues/arrears?orgId=${env.fx.org.branchA1}`, 'secA1'));
    expect(own.data.every((r: { orgId: number }) => r.orgId === env.fx.org.branchA1)).toBe(true);
  });

  it('the sheet, the arrears list and 我的党费 state one standing: the run, the past months and this month', async () => {
    // Issue #16: the sheet showed 连续未交 6个月 beside this month's 40.00 alone, as if that were
    // all the member owed. Every page now carries the same standing, computed in one place.
    const a2 = env.fx.member.a2;
    const s = await standingsOf(a2, env.fx.org.branchA2, 'districtA');
    expect(s.sheet).toEqual({
      month: '2026-11',
      owedMonths: ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'],
      arrearsFen: 6 * 4000,
      unpaidStreak: 6,
      streakFrom: '2026-05',
      streakTo: '2026-10',
      currentBalanceFen: 4000,
      currentUnpaid: true,
      totalFen: 7 * 4000,
    });
    expect(s.arrears).toEqual(s.sheet);
    expect(s.mine).toEqual(s.sheet);
    // The sheet's row of the month is this month's figure, apart from the standing.
    expect(s.row).toMatchObject({ month: '2026-11', balanceFen: 4000, unpaidStreak: 6 });
  });

  it('a six-month run stays on the decision list after a later month is paid (党章第九条)', async () => {
    const a2 = env.fx.member.a2;
    // October paid back today: the streak is over, the six months without paying happened.
    await pay(a2, '2026-10', 4000, 'districtA');
    const row = await arrearsRow(env.fx.org.districtA, a2, 'districtA');
    expect(row).toMatchObject({ level: 'lapse', unpaidStreak: 0 });
    expect(row.openRun).toMatchObject({ level: 'lapse', firstMonth: '2026-05', lastMonth: '2026-10' });
    const summary = json(await get(`/api/orgs/${env.fx.org.branchA2}/dues-summary?year=2026`, 'districtA'));
    expect(summary.totals).toMatchObject({ lapseMembers: 1, warningMembers: 0 });
    // The daily job leaves it there too.
    await runDailyJob(env.db, TODAY);
    expect((await arrearsRow(env.fx.org.districtA, a2, 'districtA')).openRun.id).toBe(row.openRun.id);
    const lapseOnly = json(
      await get(`/api/dues/arrears?orgId=${env.fx.org.districtA}&level=lapse`, 'districtA'),
    );
    expect(lapseOnly.data.map((r: { memberId: number }) => r.memberId)).toContain(a2);
  });

  it('a payment entered with its real date inside a run corrects the record: the run is withdrawn', async () => {
    const prob = env.fx.member.probA1;
    // 1000 a month from June (the hardship exemption applies from November): June–October unpaid.
    const before = await runsOfMember(prob);
    expect(before).toEqual([
      expect.objectContaining({ level: 'warning', first: '2026-06', last: '2026-10', status: 'open' }),
    ]);
    // August was paid on 20 August; the record was missing.
    await pay(prob, '2026-08', 1000, 'secA1', '2026-08-20');
    expect(await runsOfMember(prob)).toEqual([
      expect.objectContaining({ id: before[0].id, status: 'withdrawn' }),
    ]);
    const [w] = await rows<{ reason: string; on: string }>(
      sql`select withdrawn_reason as reason, withdrawn_on::text as on from dues_arrears_runs where id = ${before[0].id}`,
    );
    expect(w).toMatchObject({ on: TODAY });
    expect(w.reason).toContain('记录更正');
    const onWithdrawn = await post(
      '/api/dues/lapse-decisions',
      {
        runId: before[0].id,
        decision: 'deadline_set',
        decidedOn: TODAY,
        deadlineOn: '2026-12-31',
        note: '经支部委员会研究决定',
      },
      'secA1',
    );
    expect(onWithdrawn.statusCode).toBe(409);
    expect(json(onWithdrawn).code).toBe('DUES_RUN_WITHDRAWN');
    // Voiding that entry brings the run back as it was.
    const [p] = await rows<{ id: number }>(
      sql`select id from dues_payments where member_id = ${prob} and month = '2026-08-01' and voided_at is null`,
    );
    await post(`/api/dues/payments/${p.id}/void`, { reason: '重复登记，作废' }, 'secA1');
    expect(await runsOfMember(prob)).toEqual([
      expect.objectContaining({ id: before[0].id, first: '2026-06', last: '2026-10', status: 'open' }),
    ]);
  });

  it('records decisions only on a run; reason accepted settles the lapse run and excuses the streak', async () => {
    const base = { decidedOn: TODAY, note: '经支部委员会研究决定' };
    const b1 = await arrearsRow(env.fx.org.city, env.fx.member.b1, 'admin');
    const notFlagged = await post(
      '/api/dues/lapse-decisions',
      { ...base, runId: b1.openRun.id, decision: 'reason_accepted' },
      'admin',
    );
    expect(notFlagged.statusCode).toBe(422);
    expect(json(notFlagged).code).toBe('DUES_NOT_FLAGGED');
    expect(json(notFlagged).details[0]).toMatchObject({
      field: 'decision',
      code: 'DUES_NOT_FLAGGED',
      ruleId: 'dues.lapseMonths',
      date: TODAY,
    });
    expect(json(notFlagged).details[0].citation).toContain('第九条');
    const early = await post(
      '/api/dues/lapse-decisions',
      {
        ...base,
        runId: b1.openRun.id,
        decision: 'deadline_set',
        decidedOn: '2026-10-15',
        deadlineOn: '2026-12-31',
      },
      'admin',
    );
    expect(early.statusCode).toBe(400);
    expect(json(early).details[0].field).toBe('decidedOn');
    const deadline = await post(
      '/api/dues/lapse-decisions',
      { ...base, runId: b1.openRun.id, decision: 'deadline_set', deadlineOn: '2026-12-31' },
      'admin',
    );
    expect(deadline.statusCode).toBe(201);
    expect(json(deadline)).toMatchObject({
      runId: b1.openRun.id,
      streakFrom: '2026-08',
      streakTo: '2026-10',
    });
    const twice = await post(
      '/api/dues/lapse-decisions',
      { ...base, runId: b1.openRun.id, decision: 'deadline_set', deadlineOn: '2026-12-31' },
      'admin',
    );
    expect(twice.statusCode).toBe(409);
    expect(json(twice).code).toBe('DUES_RUN_ALREADY_DECIDED');

    const a2 = await arrearsRow(env.fx.org.districtA, env.fx.member.a2, 'districtA');
    const accepted = await post(
      '/api/dues/lapse-decisions',
      { ...base, runId: a2.openRun.id, decision: 'reason_accepted' },
      'districtA',
    );
    expect(accepted.statusCode).toBe(201);
    expect(json(accepted)).toMatchObject({ streakFrom: '2026-05', streakTo: '2026-10' });
    const after = await arrearsRow(env.fx.org.districtA, env.fx.member.a2, 'districtA');
    expect(after.level).toBe('arrears');
    expect(after.openRun).toBeNull();
    expect(after.decision).toMatchObject({ decision: 'reason_accepted', runId: a2.openRun.id });
    expect(after.runs.find((r: { level: string }) => r.level === 'lapse')).toMatchObject({
      status: 'decided',
      decision: { decision: 'reason_accepted' },
    });
    // The decision on the lapse covers the warning run of the same months.
    expect(after.runs.find((r: { level: string }) => r.level === 'warning')).toMatchObject({
      status: 'decided',
    });
    expect(after.arrearsFen).toBe(5 * 4000);
  });

  it('a void can make a run; treated_as_left records the decision but leaves the register to the higher committee', async () => {
    const body = { decidedOn: TODAY, note: '经支部大会讨论决定', decision: 'treated_as_left' };
    // b1's warning run already has its decision; the lapse decision needs a lapse run.
    const [warningRun] = (await runsOfMember(env.fx.member.b1)).filter((r) => r.level === 'warning');
    expect(
      (await post('/api/dues/lapse-decisions', { ...body, runId: warningRun.id }, 'admin')).statusCode,
    ).toBe(409);
    // b1's May–July payments turn out to be wrong: voided, the run is May–October.
    const paid = await rows<{ id: number }>(
      sql`select id from dues_payments where member_id = ${env.fx.member.b1}
          and month in ('2026-05-01', '2026-06-01', '2026-07-01')`,
    );
    for (const p of paid) {
      expect(
        (await post(`/api/dues/payments/${p.id}/void`, { reason: '银行退回，未实际到账' }, 'admin'))
          .statusCode,
      ).toBe(200);
    }
    const row = await arrearsRow(env.fx.org.districtB, env.fx.member.b1, 'admin');
    expect(row.openRun).toMatchObject({ level: 'lapse', firstMonth: '2026-05', lastMonth: '2026-10' });
    const res = await post('/api/dues/lapse-decisions', { ...body, runId: row.openRun.id }, 'admin');
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({
      decision: 'treated_as_left',
      streakFrom: '2026-05',
      streakTo: '2026-10',
    });
    expect(json(res).message).toContain('上级党委批准');
    const [m] = await rows<{ status: string }>(
      sql`select status from members where id = ${env.fx.member.b1}`,
    );
    expect(m.status).toBe('active');
    // Decided: off the decision list, still in arrears with today's streak and the decision shown.
    const page = json(await get(`/api/dues/arrears?orgId=${env.fx.org.districtB}`, 'admin'));
    expect(page.counts.lapse).toBe(0);
    expect(page.data[0]).toMatchObject({
      memberId: env.fx.member.b1,
      level: 'warning',
      decision: { decision: 'treated_as_left' },
    });
  });
});

describe('daily job', () => {
  it("makes the current month's ledger rows for every subtree, once", async () => {
    await env.db.execute(sql`delete from dues_ledger where month = '2026-11-01'
      and not exists (select 1 from dues_payments p where p.ledger_id = dues_ledger.id)`);
    await runDailyJob(env.db, TODAY);
    const count = async () =>
      (
        await rows<{ n: number }>(sql`select count(*)::int as n from dues_ledger where month = '2026-11-01'`)
      )[0].n;
    // Five members in the fixture, all on the register in November.
    expect(await count()).toBe(5);
    await runDailyJob(env.db, TODAY);
    expect(await count()).toBe(5);
  });
});

describe('scope', () => {
  it('member reads: own record for the member role, 404 outside, 401 anonymous, 403 without dues.read', async () => {
    const m = env.fx.member;
    for (const url of [`/api/members/${m.plainA1}/dues-profiles`, `/api/members/${m.plainA1}/dues`]) {
      expect((await get(url, 'secA1')).statusCode).toBe(200);
      expect((await get(url, 'memberA1')).statusCode).toBe(200);
      expect((await get(url)).statusCode).toBe(401);
      expect((await get(url, 'auditor')).statusCode).toBe(403);
    }
    for (const url of [`/api/members/${m.a2}/dues-profiles`, `/api/members/${m.a2}/dues`]) {
      expect((await get(url, 'secA1')).statusCode).toBe(404);
      expect((await get(url, 'districtA')).statusCode).toBe(200);
    }
    expect((await get(`/api/members/${m.secA1}/dues`, 'memberA1')).statusCode).toBe(404);
    expect((await get(`/api/members/${m.b1}/dues`, 'districtA')).statusCode).toBe(404);
  });

  it('org reads: 200 inside, 404 outside (and for the member role), 401 anonymous', async () => {
    const o = env.fx.org;
    const urls = (org: number) => [
      `/api/dues/ledger?orgId=${org}&month=2026-11`,
      `/api/dues/payments?orgId=${org}`,
      `/api/dues/arrears?orgId=${org}`,
    ];
    for (const url of urls(o.branchA1)) {
      expect((await get(url, 'secA1')).statusCode).toBe(200);
      expect((await get(url, 'memberA1')).statusCode).toBe(404);
      expect((await get(url)).statusCode).toBe(401);
      expect((await get(url, 'auditor')).statusCode).toBe(403);
    }
    for (const url of urls(o.branchA2)) expect((await get(url, 'secA1')).statusCode).toBe(404);
    for (const url of urls(o.branchB1)) expect((await get(url, 'districtA')).statusCode).toBe(404);
    expect((await get(`/api/dues/payments?memberId=${env.fx.member.a2}`, 'secA1')).statusCode).toBe(404);
    expect((await get(`/api/dues/profiles/pending?orgId=${o.districtA}`, 'districtA')).statusCode).toBe(200);
    expect((await get(`/api/dues/profiles/pending?orgId=${o.districtA}`, 'secA1')).statusCode).toBe(404);
    expect((await get('/api/dues/profiles/pending')).statusCode).toBe(401);
    expect((await get('/api/dues/profiles/pending', 'memberA1')).statusCode).toBe(403);
  });

  it('writes: 404 outside the scope, 401 anonymous, 403 for the member role', async () => {
    const m = env.fx.member;
    const o = env.fx.org;
    const profileBody = { category: 'student', effectiveMonth: '2026-11' };
    const batch = { orgId: o.branchA2, month: '2026-11', memberIds: [m.a2], paidOn: TODAY, method: 'cash' };
    const [a2Run] = await runsOfMember(m.a2);
    const decision = {
      runId: a2Run.id,
      decision: 'deadline_set',
      decidedOn: TODAY,
      deadlineOn: TODAY,
      note: '限期改正',
    };
    const [a2Payment] = await rows<{ id: number }>(
      sql`select id from dues_payments where member_id = ${m.a2} order by id limit 1`,
    );
    const writes: Array<[string, unknown]> = [
      [`/api/members/${m.a2}/dues-profiles`, profileBody],
      ['/api/dues/payments', payment(m.a2, '2026-11', 100)],
      ['/api/dues/payments/batch', batch],
      [`/api/dues/payments/${a2Payment.id}/void`, { reason: '登记错误需作废' }],
      ['/api/dues/lapse-decisions', decision],
    ];
    for (const [url, body] of writes) {
      expect((await post(url, body, 'secA1')).statusCode, url).toBe(404);
      expect((await post(url, body)).statusCode, url).toBe(401);
      expect((await post(url, body, 'memberA1')).statusCode, url).toBe(403);
    }
    // Allowed: the district reaches branch A2.
    expect((await post(`/api/members/${m.a2}/dues-profiles`, profileBody, 'districtA')).statusCode).toBe(201);
    expect((await post('/api/dues/payments', payment(m.a2, '2026-11', 20), 'districtA')).statusCode).toBe(
      201,
    );
    const voided = await post(
      `/api/dues/payments/${a2Payment.id}/void`,
      { reason: '登记错误需作废' },
      'districtA',
    );
    expect(voided.statusCode).toBe(200);
  });
});

describe('members no longer on the register', () => {
  it('owe nothing new once deceased, and leave the arrears list and the summary flags', async () => {
    const a2 = env.fx.member.a2;
    const listed = async () =>
      json(await get(`/api/dues/arrears?orgId=${env.fx.org.city}`, 'admin')).data.some(
        (r: { memberId: number }) => r.memberId === a2,
      );
    expect(await listed()).toBe(true);
    await env.db.execute(sql`update members set status = 'deceased' where id = ${a2}`);
    try {
      expect(await listed()).toBe(false);
      // The job of the first days of December makes the month's rows: none for the deceased.
      await runDailyJob(env.db, '2026-12-02');
      expect(await ledgerOf(env.fx.member.b1, '2026-12')).toBeDefined();
      expect(await ledgerOf(a2, '2026-12')).toBeUndefined();
      const summary = json(await get(`/api/orgs/${env.fx.org.branchA2}/dues-summary?year=2026`, 'admin'));
      expect(summary.totals.lapseMembers).toBe(0);
    } finally {
      await env.db.execute(sql`update members set status = 'active' where id = ${a2}`);
    }
  });
});

describe('a member who owes this month only', () => {
  it('has no run and reads 本月未交 on every page, with the same figures', async () => {
    const m = env.fx.member.secA1;
    // Whatever earlier tests left unpaid before November is paid back today.
    const before = json(await get(`/api/members/${m}/dues?year=2026`, 'secA1')).standing;
    for (const month of before.owedMonths) {
      const l = await ledgerOf(m, month);
      await pay(m, month, (l.expected ?? 0) - l.paid, 'secA1');
    }
    expect(await ledgerOf(m, '2026-11')).toMatchObject({ status: 'unpaid', expected: 3000 });
    const s = await standingsOf(m, env.fx.org.branchA1, 'secA1');
    expect(s.sheet).toMatchObject({
      owedMonths: [],
      arrearsFen: 0,
      unpaidStreak: 0,
      streakFrom: null,
      currentBalanceFen: 3000,
      currentUnpaid: true,
      totalFen: 3000,
    });
    expect(s.mine).toEqual(s.sheet);
    // Still on the arrears list for the run of unpaid months earlier in the year (待决定, paid since
    // or not), with the same standing.
    expect(s.arrears).toEqual(s.sheet);
  });
});
