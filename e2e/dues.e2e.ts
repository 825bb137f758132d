import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yuan } from '../src/domain/dues/amounts.js';
import { addMonthsTo } from '../src/domain/dues/months.js';
import {
  apiGet,
  DESKTOP,
  launchBrowser,
  login,
  me,
  newContext,
  PHONE,
  screenshot,
  useJourney,
} from './helpers.js';
import { startServer, type TestServer } from './server.js';

/** Where a member stands today: the same on the sheet, the arrears list and 我的党费. */
interface Standing {
  month: string;
  owedMonths: string[];
  arrearsFen: number;
  unpaidStreak: number;
  currentUnpaid: boolean;
  totalFen: number;
}
interface LedgerRow {
  standing: Standing;
  memberId: number;
  memberName: string;
  balanceFen: number;
  paidFen: number;
  status: string;
  abilities: { pay: boolean };
}
interface Ledger {
  data: LedgerRow[];
  totals: { expectedFen: number; paidFen: number; balanceFen: number; byStatus: Record<string, number> };
  rounding: { text: string };
}
interface ArrearsRow {
  standing: Standing;
  memberId: number;
  memberName: string;
  level: 'lapse' | 'warning' | 'arrears';
  owedMonths: string[];
  openRun: { id: number; level: string; firstMonth: string; lastMonth: string; ongoing: boolean } | null;
}
interface MyDues {
  standing: Standing;
  currentMonth: { month: string; balanceFen: number } | null;
  arrears: { arrearsFen: number; level: string | null };
  yearTotals: { balanceFen: number };
  payments: { voided: boolean }[];
  voidedPayments: number;
}
interface Arrears {
  data: ArrearsRow[];
  total: number;
  counts: { lapse: number; warning: number; arrears: number };
}

/** The input of a control whose test id may sit on a wrapper (inputs with a suffix). */
const inputOf = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('xpath=descendant-or-self::input').first();

const rowOf = (page: Page, memberId: number) =>
  page.getByTestId('ledger-table').locator(`tr[data-row-key="${memberId}"]`);

/** The status text of a member's row on the sheet. */
const statusOf = (page: Page, memberId: number) =>
  rowOf(page, memberId).locator('.ant-tag').first().innerText();

/**
 * 党费 (issue: dues). The branch secretary opens 收缴登记 for last month, which has unpaid members,
 * and records payments four ways: the row form with a typed amount, two members selected and
 * marked paid in full at once, and one entirely from the keyboard (move, p, Enter). The totals
 * follow each step to the fen. 欠费名单 then no longer lists the members just paid and its counts
 * went down by as many.
 */
describe('dues collection', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let branchId: number;
  let month: string;
  let before: Ledger;
  let arrearsBefore: Arrears;
  /** Members owing only `month`: paying it takes them off the arrears list. */
  let paid: LedgerRow[];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.url, DESKTOP);
    page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const expectTotals = async (paidFen: number, balanceFen: number, unpaid: number) => {
    await expect
      .poll(() => page.getByTestId('total-paid').innerText(), { timeout: 15_000 })
      .toContain(yuan(paidFen));
    await expect.poll(() => page.getByTestId('total-balance').innerText()).toContain(yuan(balanceFen));
    await expect.poll(() => page.getByTestId('count-unpaid').innerText()).toContain(String(unpaid));
  };

  it('opens last month’s collection sheet of the branch with its unpaid members and totals', async () => {
    await login(page, 'secretary');
    const who = await me(page);
    branchId = who.roles.find((r) => r.role === 'secretary')!.orgId;
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
    });
    month = addMonthsTo(today, -1);

    before = await apiGet<Ledger>(page, `/api/dues/ledger?orgId=${branchId}&month=${month}&pageSize=500`);
    arrearsBefore = await apiGet<Arrears>(page, `/api/dues/arrears?orgId=${branchId}&pageSize=200`);
    const onlyThisMonth = new Set(
      arrearsBefore.data
        .filter((a) => a.owedMonths.length === 1 && a.owedMonths[0] === month)
        .map((a) => a.memberId),
    );
    paid = before.data.filter(
      (r) => r.status === 'unpaid' && r.abilities.pay && r.balanceFen > 0 && onlyThisMonth.has(r.memberId),
    );
    // The demo seed leaves several members owing just last month.
    expect(paid.length).toBeGreaterThanOrEqual(4);
    paid = paid.slice(0, 4);

    // Through the side menu: 党费 › 收缴登记.
    const item = page.getByTestId('menu-dues/collection');
    await page.getByTestId('menu-group-dues').waitFor();
    if (!(await item.isVisible())) await page.getByTestId('menu-group-dues').click();
    await item.click();
    await page.waitForURL(/\/dues\/collection/);
    await page.goto(`/dues/collection?orgId=${branchId}&month=${month}`);
    await rowOf(page, paid[0]!.memberId).waitFor();
    await expectTotals(before.totals.paidFen, before.totals.balanceFen, before.totals.byStatus.unpaid ?? 0);
    await expect
      .poll(() => page.getByTestId('total-expected').innerText())
      .toContain(yuan(before.totals.expectedFen));
    expect(await page.getByTestId('rounding-text').innerText()).toBe(before.rounding.text);
    expect(await page.getByTestId('shortcut-hint').innerText()).toContain('登记交纳');
    for (const r of paid) expect(await statusOf(page, r.memberId)).toBe('未交');
    await screenshot(page, 'dues-collection-desktop');
  });

  it('states each member’s 往月欠交 and 连续未交 as the arrears list and 我的党费 do', async () => {
    // Issue #16: a row read 连续未交 7个月 beside this month's amount alone under 欠交. The sheet's
    // month has its own columns; 往月欠交 and 连续未交 are the member's standing, one figure everywhere.
    const run = before.data.find((r) => r.standing.unpaidStreak > 0);
    expect(run, 'a member with a run of unpaid months').toBeDefined();
    const listed = arrearsBefore.data.find((a) => a.memberId === run!.memberId);
    expect(listed?.standing).toEqual(run!.standing);
    const mine = await apiGet<MyDues>(page, `/api/members/${run!.memberId}/dues`);
    expect(mine.standing).toEqual(run!.standing);
    const row = rowOf(page, run!.memberId);
    expect(await row.getByTestId('ledger-arrears').innerText()).toContain(yuan(run!.standing.arrearsFen));
    expect(await row.getByTestId('ledger-arrears').innerText()).toContain(
      `${run!.standing.owedMonths.length}个月`,
    );
    expect(await row.getByTestId('ledger-streak').innerText()).toContain(`${run!.standing.unpaidStreak}个月`);
    // A member with no run who has not paid this month reads so (named: the sheet is last month's).
    const nowOnly = before.data.find(
      (r) => r.standing.unpaidStreak === 0 && r.standing.currentUnpaid && r.standing.arrearsFen === 0,
    );
    if (nowOnly) {
      expect(await rowOf(page, nowOnly.memberId).getByTestId('ledger-streak').innerText()).toBe(
        `${Number(nowOnly.standing.month.slice(5))}月未交`,
      );
    }
    // Every row's 往月欠交 is its standing's, a dash when nothing is overdue.
    for (const r of before.data.slice(0, 20)) {
      const text = await rowOf(page, r.memberId).getByTestId('ledger-arrears').innerText();
      expect(text, r.memberName).toContain(r.standing.arrearsFen > 0 ? yuan(r.standing.arrearsFen) : '—');
    }
    expect(await page.getByTestId('ledger-note').innerText()).toContain('往月欠交');
  });

  it('records a payment through the row form with a typed amount', async () => {
    const a = paid[0]!;
    await rowOf(page, a.memberId).getByTestId('ledger-pay').click();
    const amount = inputOf(page, 'payment-amount');
    await amount.waitFor();
    // Prefilled with the balance; typed again by hand, without the thousands separator.
    expect(await amount.inputValue()).toBe(yuan(a.balanceFen).replaceAll(',', ''));
    await amount.fill('');
    await amount.pressSequentially(yuan(a.balanceFen).replaceAll(',', ''));
    await inputOf(page, 'payment-payer').fill('本人');
    await page.getByTestId('payment-submit').click();
    await page.getByTestId('payment-submit').waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => statusOf(page, a.memberId), { timeout: 15_000 }).toBe('已交清');
    await expectTotals(
      before.totals.paidFen + a.balanceFen,
      before.totals.balanceFen - a.balanceFen,
      (before.totals.byStatus.unpaid ?? 0) - 1,
    );
  });

  it('marks two selected members paid in full at once', async () => {
    const [, b, c] = paid as [LedgerRow, LedgerRow, LedgerRow, LedgerRow];
    await expect.poll(() => page.getByTestId('mark-paid').isDisabled()).toBe(true);
    await rowOf(page, b.memberId).locator('.ant-checkbox').click();
    await rowOf(page, c.memberId).locator('.ant-checkbox').click();
    await expect.poll(() => page.getByTestId('mark-paid').innerText()).toContain('（2）');
    await page.getByTestId('mark-paid').click();
    await expect.poll(() => statusOf(page, b.memberId), { timeout: 15_000 }).toBe('已交清');
    await expect.poll(() => statusOf(page, c.memberId)).toBe('已交清');
    const sum = paid[0]!.balanceFen + b.balanceFen + c.balanceFen;
    await expectTotals(
      before.totals.paidFen + sum,
      before.totals.balanceFen - sum,
      (before.totals.byStatus.unpaid ?? 0) - 3,
    );
  });

  it('records one from the keyboard: move to the row, p opens the form, Enter submits', async () => {
    const d = paid[3]!;
    // Put the highlight on the row (a click on a plain cell), then move away and back with k / j.
    await rowOf(page, d.memberId).locator('td').nth(6).click();
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    await expect.poll(() => rowOf(page, d.memberId).getAttribute('class')).toContain('dues-row-active');
    await page.keyboard.press('p');
    const amount = inputOf(page, 'payment-amount');
    await amount.waitFor();
    await expect
      .poll(() =>
        amount.evaluate(
          (el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement,
        ),
      )
      .toBe(true);
    expect(await amount.inputValue()).toBe(yuan(d.balanceFen).replaceAll(',', ''));
    await page.keyboard.press('Enter');
    await page.getByTestId('payment-submit').waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => statusOf(page, d.memberId), { timeout: 15_000 }).toBe('已交清');
    const sum = paid.reduce((s, r) => s + r.balanceFen, 0);
    await expectTotals(
      before.totals.paidFen + sum,
      before.totals.balanceFen - sum,
      (before.totals.byStatus.unpaid ?? 0) - 4,
    );
    // The server agrees with the sheet.
    const after = await apiGet<Ledger>(
      page,
      `/api/dues/ledger?orgId=${branchId}&month=${month}&pageSize=500`,
    );
    expect(after.totals.paidFen).toBe(before.totals.paidFen + sum);
    expect(after.totals.byStatus.unpaid ?? 0).toBe((before.totals.byStatus.unpaid ?? 0) - 4);
    await screenshot(page, 'dues-collection-after-desktop');
  });

  it('no longer lists the members just paid in 欠费名单, and its counts went down', async () => {
    await page.goto(`/dues/arrears?orgId=${branchId}`);
    await page.getByTestId('arrears-table').waitFor();
    await page.getByTestId('arrears-rules').waitFor();
    const c = arrearsBefore.counts;
    await expect
      .poll(() => page.getByTestId('level-arrears').innerText(), { timeout: 15_000 })
      .toContain(String(c.arrears - 4));
    await expect
      .poll(() => page.getByTestId('level-all').innerText())
      .toContain(String(c.arrears + c.warning + c.lapse - 4));
    const names = await page.getByTestId('arrears-name').allInnerTexts();
    expect(names.length).toBe(arrearsBefore.total - 4);
    for (const r of paid) expect(names).not.toContain(r.memberName);
    // Those still owing are still there.
    const stillOwing = arrearsBefore.data.filter((a) => !paid.some((p) => p.memberId === a.memberId));
    for (const a of stillOwing) expect(names).toContain(a.memberName);
    await screenshot(page, 'dues-arrears-desktop');

    const phone = await newContext(browser, server.url, PHONE);
    const p = await phone.newPage();
    await login(p, 'secretary');
    // Every dues page fits a phone: nothing widens the layout beyond the device width.
    const pages: [string, string][] = [
      [`/dues/collection?orgId=${branchId}&month=${month}`, 'ledger-totals'],
      [`/dues/arrears?orgId=${branchId}`, 'arrears-table'],
      ['/dues/summary', 'summary-kpis'],
      ['/me/dues', 'my-dues-months'],
    ];
    for (const [url, testId] of pages) {
      await p.goto(url);
      await p.getByTestId(testId).first().waitFor();
      await screenshot(p, `dues-${url.split('?')[0].replaceAll('/', '-').slice(1)}-phone`);
      const widest = await p.evaluate<number>(
        'Math.max(document.documentElement.scrollWidth, window.innerWidth)',
      );
      expect(widest, url).toBeLessThanOrEqual(PHONE.width);
    }
    await phone.close();
  });

  it('keeps a six-month run that was paid back on 待决定 until the branch records its decision', async () => {
    const lapse = await apiGet<Arrears>(page, `/api/dues/arrears?orgId=${branchId}&level=lapse&pageSize=200`);
    // The demo's member who went six months without paying earlier in the year and paid it back.
    const back = lapse.data.find((r) => r.owedMonths.length === 0 && r.openRun && !r.openRun.ongoing);
    expect(back, 'a paid-back run awaiting its decision').toBeDefined();
    await page.goto(`/dues/arrears?orgId=${branchId}&level=lapse`);
    const row = page.getByTestId('arrears-table').locator(`tr[data-row-key="${back!.memberId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('arrears-open-run').innerText()).toContain('已补交');
    await row.getByTestId('arrears-decide').click();
    await page.getByTestId('decision-run').waitFor();
    expect(await page.getByTestId('decision-run').innerText()).toContain('党章第九条');
    await page.getByTestId('decision-kind').click();
    await page.locator('.ant-select-item-option', { hasText: '确有正当理由' }).click();
    await page.getByTestId('decision-note').fill('支部委员会核实：外派援疆期间无法交纳，返回后已全部补交');
    await screenshot(page, 'dues-decision-desktop');
    await page.getByTestId('modal-ok').click();
    await page.getByTestId('decision-run').waitFor({ state: 'hidden', timeout: 15_000 });
    await expect
      .poll(() => page.getByTestId('level-lapse').innerText(), { timeout: 15_000 })
      .toContain(String(lapse.counts.lapse - 1));
    expect(await row.count()).toBe(0);
  });
});

/**
 * 我的党费 on a phone (390×844), the demo `member` account: this month not yet paid, nothing
 * overdue, one entry voided by the branch. The headline speaks of this month's dues, not of
 * "已按月交清"; 未交 counts this month; the voided entry is not listed as a payment.
 */
describe('我的党费 on a phone', () => {
  const j = useJourney();

  it('tells the member what is due this month and lists only valid payments', async () => {
    const page = await (await newContext(j.browser, j.server.url, PHONE)).newPage();
    await login(page, 'member');
    const who = await me(page);
    const d = await apiGet<MyDues>(page, `/api/members/${who.memberId}/dues`);
    expect(d.arrears.level).toBeNull();
    expect(d.currentMonth?.balanceFen).toBeGreaterThan(0);
    expect(d.voidedPayments).toBe(1);

    await page.goto('/me/dues');
    const headline = page.getByTestId('my-dues-due');
    await headline.waitFor();
    const text = await headline.innerText();
    expect(text).toContain(`本月（${Number(d.currentMonth!.month.slice(5))}月）`);
    expect(text).toContain(yuan(d.currentMonth!.balanceFen));
    expect(text).not.toContain('已交清');
    expect(await page.getByTestId('my-dues-ok').count()).toBe(0);
    expect(await page.getByTestId('my-year-balance').innerText()).toContain(yuan(d.yearTotals.balanceFen));
    expect(d.yearTotals.balanceFen).toBeGreaterThanOrEqual(d.currentMonth!.balanceFen);
    // This month reads 待交, not 未交.
    expect(await page.getByTestId(`my-month-${d.currentMonth!.month}`).innerText()).toContain('待交');
    // Issue #16: three narrow cards a row broke "本月" in the middle. This month's card spans the row
    // and its note stays on one line, in large type.
    const note = page.getByTestId('my-month-note');
    expect(await note.evaluate((e) => e.getClientRects().length)).toBe(1);
    const cardWidth = await page
      .getByTestId(`my-month-${d.currentMonth!.month}`)
      .evaluate((e) => e.getBoundingClientRect().width);
    expect(cardWidth).toBeGreaterThan(PHONE.width * 0.7);
    expect(
      await note.evaluate((e) =>
        Number.parseFloat(e.ownerDocument.defaultView!.getComputedStyle(e).fontSize),
      ),
    ).toBeGreaterThanOrEqual(15);

    const table = page.getByTestId('my-dues-payments');
    const valid = d.payments.filter((p) => !p.voided).length;
    // On a phone the payments are a list, every one of them (a table pages by 12 on a desktop).
    const shown = await table.locator('li.member-list-item').count();
    expect(shown).toBe(valid);
    expect(await table.innerText()).not.toContain('作废');
    expect(await page.getByTestId('my-dues-voided').innerText()).toContain('1 笔');
    await screenshot(page, 'my-dues-phone');
    await screenshot(page, 'my-dues-phone-full', true);
    const widest = await page.evaluate<number>(
      'Math.max(document.documentElement.scrollWidth, window.innerWidth)',
    );
    expect(widest).toBeLessThanOrEqual(PHONE.width);
  });
});

/**
 * The secretary on a phone: a member's 党费档案 reads as a list of cards (its table's columns ran off
 * the screen), and the dashboard's dues figure names what it counts.
 */
describe('dues on the secretary’s phone', () => {
  const j = useJourney();

  it('shows a member’s 党费档案 as cards that fit the screen', async () => {
    const page = await (await newContext(j.browser, j.server.url, PHONE)).newPage();
    await login(page, 'secretary');
    const who = await me(page);
    const branchId = who.roles.find((r) => r.role === 'secretary')!.orgId;
    const month = (await apiGet<{ today: string }>(page, `/api/orgs/${branchId}/dashboard`)).today.slice(
      0,
      7,
    );
    const sheet = await apiGet<Ledger>(page, `/api/dues/ledger?orgId=${branchId}&month=${month}&pageSize=5`);
    const memberId = sheet.data[0]!.memberId;
    const profiles = await apiGet<{ data: { monthlyFen: number }[] }>(
      page,
      `/api/members/${memberId}/dues-profiles`,
    );
    expect(profiles.data.length).toBeGreaterThan(0);
    await page.goto(`/members/${memberId}`);
    const card = page.getByTestId('dues-profile-card');
    await card.getByTestId('dues-profile-item').first().waitFor();
    expect(await card.getByTestId('dues-profile-item').count()).toBe(profiles.data.length);
    expect(await card.locator('table').count()).toBe(0);
    expect(await card.getByTestId('dues-profile-item').first().innerText()).toContain(
      yuan(profiles.data[0]!.monthlyFen),
    );
    const overflow = await card.evaluate((e) => e.scrollWidth - e.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'dues-profile-card-phone');
  });

  it('names the months of the dashboard’s dues rate and of its unpaid count', async () => {
    const page = await (await newContext(j.browser, j.server.url, DESKTOP)).newPage();
    await login(page, 'secretary');
    const who = await me(page);
    const branchId = who.roles.find((r) => r.role === 'secretary')!.orgId;
    const d = await apiGet<{ today: string; dues: { year: number; month: string; unpaidMembers: number } }>(
      page,
      `/api/orgs/${branchId}/dashboard`,
    );
    const now = Number(d.today.slice(5, 7));
    await page.goto('/dashboard');
    const kpi = page.getByTestId('kpi-dues');
    await kpi.waitFor();
    // The rate counts the year to date, this month included, as the dues summary does (1—12月 in
    // December); the unpaid members are those of the last complete month, named. Nothing is cut off.
    const last = Number(d.dues.month.slice(5));
    const span = now === 1 ? '1月' : `1—${now}月`;
    await expect.poll(() => kpi.innerText(), { timeout: 15_000 }).toContain(`党费收缴率（${span}）`);
    expect(await kpi.innerText()).toContain(
      `${last}月${last === now ? '（本月）' : ''}党费至今未交清 ${d.dues.unpaidMembers} 人`,
    );
    const clipped = await page.evaluate<number>(
      "Array.from(document.querySelectorAll('[data-testid=kpi-dues] *')).filter((x) => x.scrollWidth > x.clientWidth + 1).length",
    );
    expect(clipped).toBe(0);
    await screenshot(page, 'dues-dashboard-kpi-desktop');
  });
});
