import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { yuan } from '../src/domain/dues/amounts.js';
import { addMonthsTo, monthOf } from '../src/domain/dues/months.js';
import { signedNotice } from '../src/server/modules/dues/online/simulated.js';
import { apiGet, DESKTOP, login, me, newContext, PHONE, screenshot, settle, useJourney } from './helpers.js';

interface MyOnline {
  enabled: boolean;
  due: { month: string; balanceFen: number }[];
}
interface Order {
  orderNo: string;
  months: string[];
  amountFen: number;
  status: string;
  providerTxnId: string | null;
}
interface LedgerRow {
  memberId: number;
  status: string;
  paidFen: number;
  paidOnline: boolean;
}

/** A state change through the page (its session cookie, its Origin). */
async function apiPost<T>(page: Page, url: string, body: unknown): Promise<T> {
  return page.evaluate(
    async ([u, b]) => {
      const r = await fetch(u as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
      if (!r.ok) throw new Error(`${u} -> ${r.status} ${await r.text()}`);
      return r.json();
    },
    [url, body] as const,
  ) as Promise<T>;
}

const noSidewaysScroll = (page: Page) =>
  page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

/**
 * 在线缴纳党费 (decision 0041), on a phone: the demo member owes last month (the branch voided its
 * entry) and this month, ticks both, pays at the simulated provider's cashier and comes back to
 * 支付成功; the secretary's collection sheet shows last month paid 在线. A callback replayed
 * through the API afterwards books nothing.
 */
describe('在线缴纳党费 on a phone', () => {
  const j = useJourney();

  it('pays two months through the simulated cashier; the sheet shows them paid; a replay books nothing', async () => {
    const member = await (await newContext(j.browser, j.server.url, PHONE)).newPage();
    await login(member, 'member');
    const who = await me(member);
    const memberId = who.memberId as number;
    const current = monthOf(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
    const last = addMonthsTo(current, -1);

    // The branch corrects last month's entry (voided): the member now owes two months.
    const secretary = await (await newContext(j.browser, j.server.url, DESKTOP)).newPage();
    await login(secretary, 'secretary');
    const branchId = (await me(secretary)).roles.find((r) => r.role === 'secretary')!.orgId;
    const paid = await apiGet<{ data: { id: number; kind: string; voided: boolean }[] }>(
      secretary,
      `/api/dues/payments?memberId=${memberId}&month=${last}`,
    );
    for (const p of paid.data.filter((x) => x.kind === 'regular' && !x.voided)) {
      await apiPost(secretary, `/api/dues/payments/${p.id}/void`, { reason: '登记有误，由党员在线缴纳' });
    }

    const mine = await apiGet<MyOnline>(member, '/api/dues/online/mine');
    expect(mine.enabled).toBe(true);
    expect(mine.due.map((d) => d.month)).toEqual([last, current]);
    const total = mine.due[0]!.balanceFen + mine.due[1]!.balanceFen;

    await member.goto('/me/dues');
    await member.getByTestId('online-months').waitFor();
    // The oldest month is ticked by default; ticking this month adds it.
    await member.getByTestId(`online-month-${current}`).click();
    expect(await member.getByTestId('online-total').innerText()).toContain(yuan(total));
    await screenshot(member, 'dues-online-choose-phone');
    expect(await noSidewaysScroll(member)).toBe(true);
    await member.getByTestId('online-go').click();

    // The provider's cashier (a page of the app playing it).
    await member.waitForURL(/\/pay\/simulated\//);
    await member.getByTestId('cashier-amount').waitFor();
    expect(await member.getByTestId('cashier-amount').innerText()).toContain(yuan(total));
    expect(await member.getByTestId('cashier-merchant').innerText()).toMatch(/党费$/);
    await screenshot(member, 'dues-online-cashier-phone');
    expect(await noSidewaysScroll(member)).toBe(true);
    const orderNo = new URL(member.url()).pathname.split('/').pop() as string;
    const cashierUrl = new URL(member.url()).pathname + new URL(member.url()).search;
    await member.getByTestId('cashier-pay').click();

    // Back on 我的党费: the callback has booked both months.
    await member.waitForURL(/\/me\/dues\?order=/);
    await member.getByText('支付成功').waitFor();
    // Read again: nothing left to pay, no order pending, the headline no longer speaks of arrears.
    await member.getByText('您的党费已全部交清，目前没有需要缴纳的月份').waitFor();
    await settle(member);
    expect(await member.getByTestId('online-pending').count()).toBe(0);
    expect(await member.getByTestId('my-dues-arrears').count()).toBe(0);
    await screenshot(member, 'dues-online-paid-phone');
    expect(await noSidewaysScroll(member)).toBe(true);
    // The smaller phone: 我的党费 and the cashier (now showing the order paid) fit its width too.
    await member.setViewportSize({ width: 360, height: 640 });
    await settle(member);
    expect(await noSidewaysScroll(member)).toBe(true);
    await member.goto(cashierUrl);
    await member.getByText('该订单已支付').waitFor();
    expect(await noSidewaysScroll(member)).toBe(true);
    await member.setViewportSize(PHONE);
    const order = await apiGet<Order>(member, `/api/dues/online/orders/${orderNo}`);
    expect(order).toMatchObject({ status: 'paid', months: [last, current], amountFen: total });

    // The secretary's collection sheet of last month: paid, 在线.
    const sheet = await apiGet<{ data: LedgerRow[] }>(
      secretary,
      `/api/dues/ledger?orgId=${branchId}&month=${last}&pageSize=500`,
    );
    const row = sheet.data.find((r) => r.memberId === memberId)!;
    expect(row).toMatchObject({ status: 'paid', paidOnline: true, paidFen: mine.due[0]!.balanceFen });
    await secretary.goto(
      `/dues/collection?orgId=${branchId}&month=${last}&q=${encodeURIComponent(who.displayName)}`,
    );
    await secretary.getByTestId('ledger-online').first().waitFor();
    await screenshot(secretary, 'dues-online-collection');

    // A callback replayed through the API: signed as the provider signs (the deployment key of
    // this server), sent twice with the same nonce. The first is a duplicate of the booked
    // transaction, the second a replay; neither books anything.
    const secret = createHmac('sha256', Buffer.from(process.env.JICENG_DATA_KEY as string, 'base64'))
      .update('jiceng payment simulated v1')
      .digest('base64');
    const notice = signedNotice(
      secret,
      {
        orderNo,
        txnId: order.providerTxnId as string,
        amountFen: total,
        paidAt: new Date().toISOString(),
        tradeState: 'SUCCESS',
      },
      new Date(),
    );
    const send = () =>
      fetch(`${j.server.url}/api/dues/online/callback/simulated`, {
        method: 'POST',
        headers: notice.headers,
        body: notice.body,
      });
    const first = await send();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ code: 'SUCCESS' });
    const replay = await send();
    expect(replay.status).toBe(400);
    const after = await apiGet<{ data: LedgerRow[] }>(
      secretary,
      `/api/dues/ledger?orgId=${branchId}&month=${last}&pageSize=500`,
    );
    expect(after.data.find((r) => r.memberId === memberId)!.paidFen).toBe(row.paidFen);
    const log = await apiGet<{ data: { orderNo: string | null; outcome: string }[] }>(
      secretary,
      `/api/dues/online/callbacks?orgId=${branchId}`,
    );
    expect(log.data.filter((c) => c.orderNo === orderNo).map((c) => c.outcome)).toEqual([
      'replayed',
      'duplicate',
      'booked',
    ]);
    // The branch's 在线缴费记录: the callback log names each outcome.
    await secretary.goto(`/dues/online?orgId=${branchId}`);
    await secretary.getByRole('tab', { name: '支付结果通知' }).click();
    await secretary.getByTestId('online-callbacks').getByText('重放的通知（未入账）').first().waitFor();
    await screenshot(secretary, 'dues-online-callbacks');
  });
});
