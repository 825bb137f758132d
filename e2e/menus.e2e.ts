import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiGet, DESKTOP, me, PHONE, screenshot, useJourney } from './helpers.js';

/** The tools of an org with orgs below it (`audience: 'committee'` in src/web/routes.tsx). */
const COMMITTEE_ENTRIES = ['发展计划', '减免审批', '统计年报', '两新组织覆盖', '数据导入'];

const SECRETARY_ENTRIES = [
  '工作台',
  '数据看板',
  '党员名册',
  '组织关系转接',
  '组织架构',
  '会议记录',
  '合规看板',
  '谈心谈话',
  '发展党员看板',
  '发展对象名册',
  '收缴登记',
  '欠费名单',
  '收缴统计',
  '在线缴费记录',
  '导入党费基数',
  '学习资料',
  '培训班',
  '其他学习审核',
  '学时进度',
  '党员积分',
  '账号关联确认',
  '账号发放',
  '我的档案',
  '我的党费',
  '规则库',
];

const menuItems = (page: Page) => page.locator('[data-testid="side-menu"] .ant-menu-item');

async function menuTexts(page: Page): Promise<string[]> {
  return (await menuItems(page).allInnerTexts()).map((s) => s.trim());
}

/**
 * Every entry of the side menu can be brought into view and is on top where it is clicked: not
 * below the window, not under the header, not under a collapse button (antd's trigger at the
 * sider's foot covered the last entries of a branch secretary at 1366×768, issue #16).
 */
async function expectEveryEntryReachable(page: Page) {
  const items = menuItems(page);
  // Collapsing re-renders the menu (a group's entries leave the inline menu for its pop-up) a
  // moment after the sider has its new width: count once two reads agree.
  let n = await items.count();
  for (let again = -1; again !== n; ) {
    again = n;
    await page.waitForTimeout(300);
    n = await items.count();
  }
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const item = items.nth(i);
    await item.scrollIntoViewIfNeeded();
    const where = await item.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const top = el.ownerDocument.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      // The menu's own scrolling box: the sider's below the header, or the phone's drawer.
      const box = el
        .closest('[data-testid="sider-menu-scroll"], .ant-layout-sider, .ant-drawer-body')
        ?.getBoundingClientRect();
      // Half a pixel of slack: rows are 38 px, boxes may end on a fraction.
      const within = (a: number, b: number) => a >= b - 0.5;
      return {
        entry: el.textContent?.trim(),
        at: `${r.top}–${r.bottom} in ${box?.top}–${box?.bottom}, window ${el.ownerDocument.defaultView?.innerHeight ?? 0}`,
        inWindow:
          !!box &&
          within(r.top, box.top) &&
          within(box.bottom, r.bottom) &&
          within(el.ownerDocument.defaultView?.innerHeight ?? 0, r.bottom),
        onTop: !!top && el.contains(top),
      };
    });
    expect(where).toEqual({ entry: where.entry, at: where.at, inWindow: true, onTop: true });
  }
}

/**
 * Clicks the i-th menu entry until it is the selected one (a click landing while the previous page
 * still renders its charts can be lost), and gives its text.
 */
async function openEntry(page: Page, i: number): Promise<string> {
  const item = menuItems(page).nth(i);
  const title = (await item.innerText()).trim();
  const selected = page.locator('[data-testid="side-menu"] .ant-menu-item-selected');
  for (let attempt = 1; ; attempt++) {
    await item.scrollIntoViewIfNeeded();
    await item.click();
    try {
      await expect.poll(() => selected.innerText(), { timeout: 5_000 }).toBe(title);
      return title;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

describe('side menus by role (issue #16)', () => {
  const j = useJourney();

  const as = j.as;

  it('branch secretary at 1366×768: the branch tools only, each reachable and opening its page', async () => {
    const { context, page } = await as('secretary', DESKTOP);
    await page.getByTestId('side-menu').waitFor();
    expect(await menuTexts(page)).toEqual(SECRETARY_ENTRIES);
    for (const t of COMMITTEE_ENTRIES) expect(await menuTexts(page)).not.toContain(t);
    await screenshot(page, 'menu-secretary-desktop');
    await expectEveryEntryReachable(page);
    await screenshot(page, 'menu-secretary-desktop-scrolled');
    // Each entry opens its page (the last ones too, which the collapse button used to cover).
    const items = menuItems(page);
    for (let i = 0; i < (await items.count()); i++) {
      const title = await openEntry(page, i);
      await expect
        .poll(() => page.getByTestId('page-title').first().innerText(), { timeout: 10_000 })
        .toContain(title === '发展党员看板' ? '发展党员' : title);
      // For reading each page as a secretary reads it (the wording review of issue #16).
      await screenshot(page, `page-secretary-${i}`);
    }
    // Left out of the menu, still open by link (the dashboard links a branch's coverage list).
    await page.goto('/coverage');
    await expect
      .poll(() => page.getByTestId('page-title').first().innerText(), { timeout: 10_000 })
      .toContain('两新组织覆盖');
    await context.close();
  });

  it('branch secretary: collapsing the menu keeps every entry reachable', async () => {
    const { context, page } = await as('secretary', DESKTOP);
    await page.getByTestId('sider-toggle').click();
    await expect
      .poll(() => page.getByTestId('app-sider').evaluate((el) => el.getBoundingClientRect().width))
      .toBe(64);
    await expectEveryEntryReachable(page);
    await screenshot(page, 'menu-secretary-collapsed');
    await page.getByTestId('sider-toggle').click();
    await expect
      .poll(() => page.getByTestId('app-sider').evaluate((el) => el.getBoundingClientRect().width))
      .toBe(208);
    await context.close();
  });

  it('branch secretary on a phone: the drawer holds the same entries, each reachable', async () => {
    const { context, page } = await as('secretary', PHONE);
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('side-menu').waitFor();
    expect(await menuTexts(page)).toEqual(SECRETARY_ENTRIES);
    await screenshot(page, 'menu-secretary-phone');
    await expectEveryEntryReachable(page);
    await screenshot(page, 'menu-secretary-phone-scrolled');
    await context.close();
  });

  it('district and city admins: the committee tools as well, each reachable', async () => {
    for (const user of ['district', 'admin']) {
      const { context, page } = await as(user, DESKTOP);
      await page.getByTestId('side-menu').waitFor();
      const texts = await menuTexts(page);
      for (const t of COMMITTEE_ENTRIES) expect(texts, user).toContain(t);
      expect(texts.indexOf('工作台'), user).toBe(0);
      await screenshot(page, `menu-${user}-desktop`);
      await expectEveryEntryReachable(page);
      await screenshot(page, `menu-${user}-desktop-scrolled`);
      // Each entry opens its page.
      const items = menuItems(page);
      for (let i = 0; i < (await items.count()); i++) {
        await openEntry(page, i);
        await page.getByTestId('page-title').first().waitFor();
        await screenshot(page, `page-${user}-${i}`);
      }
      await context.close();
    }
  });

  it('member: their own app (首页, 会议, 学习, 党费, 我的), their record, dues and the rules (desktop and phone)', async () => {
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const { context, page } = await as('member', viewport);
      // Users whose roles are all 党员 get the member's shell (decision 0040): tabs, no side menu.
      await page.waitForURL(/\/my$/);
      const tabs = await page.locator('.member-tabbar .member-tab').allInnerTexts();
      expect(tabs.map((s) => s.trim())).toEqual(['首页', '会议', '学习', '党费', '我的']);
      expect(await page.locator('[data-testid="side-menu"]').count()).toBe(0);
      await screenshot(page, `menu-member-${label}`);
      for (const [path, name] of [
        ['/me', 'record'],
        ['/me/dues', 'dues'],
        ['/rules', 'rules'],
      ]) {
        await page.goto(path);
        await page.getByTestId('page-title').first().waitFor();
        await screenshot(page, `page-member-${name}-${label}`, true);
        if (name === 'record') {
          // Events read as what happened: the confirmation is 转为正式党员, not 状态变更.
          const events = await page.getByTestId('member-events').innerText();
          expect(events).toContain('转为正式党员');
          expect(events).not.toContain('状态变更');
        }
      }
      await context.close();
    }
  });

  it('规则库 gives an age in 周岁, not 年 (申请入党的最低年龄)', async () => {
    const { context, page } = await as('secretary', DESKTOP);
    await page.goto('/rules');
    const rule = page.locator('[data-testid="rule-item"]', { hasText: '申请入党的最低年龄' }).first();
    await rule.waitFor();
    const text = await rule.innerText();
    expect(text).toContain('18周岁');
    expect(text).not.toContain('18年');
    await context.close();
  });

  it('compliance heat map: a month with items still due reads 待N, not a rate', async () => {
    const { context, page } = await as('secretary', DESKTOP);
    const who = await me(page);
    const branch = who.roles.find((r) => r.role === 'secretary')!.orgId;
    type Cell = { month: string; met: number; missed: number; due: number; rate: number | null };
    const c = await apiGet<{ rows: { orgId: number; cells: Cell[] }[]; total: Cell }>(
      page,
      `/api/orgs/${branch}/compliance`,
    );
    const cells = c.rows.find((r) => r.orgId === branch)!.cells;
    const open = cells.filter((x) => x.due > 0 && x.missed === 0);
    expect(open.length).toBeGreaterThan(0);
    // December: the month's theme day is met, the quarter's and the year's meetings are still due. Its
    // cell read a yellow "100%" (met over met and missed), as if nothing were left to do.
    expect(open.some((x) => x.met > 0)).toBe(true);
    // The rate counts the items still due as not done: it is below 100% while any is open.
    for (const x of open) expect(x.rate, x.month).toBeLessThan(1);
    await page.goto(`/compliance?orgId=${branch}`);
    const row = page.getByTestId('heat-row').first();
    await row.waitFor();
    const shown = await row.getByTestId('heat-cell').allInnerTexts();
    for (const x of open) {
      expect({ month: x.month, text: shown[cells.indexOf(x)]?.trim() }).toEqual({
        month: x.month,
        text: `待${x.due}`,
      });
    }
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'compliance-secretary-open-months');
    await context.close();
  });
});
