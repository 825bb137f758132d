import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardDto } from '../src/shared/contracts/dashboard.js';
import {
  apiGet,
  DESKTOP,
  launchBrowser,
  login,
  me,
  newContext,
  PHONE,
  screenshot,
  settle,
} from './helpers.js';
import { startServer, type TestServer } from './server.js';

/**
 * Clicks the slice `index` of the dashboard's donut chart `testId`: the chart is a canvas, so the
 * point is computed from the layout the page gives it (centre 50 %/45 %, radius 35–56 % of the
 * smaller half-side, first slice from 12 o'clock clockwise) and the figures of the slice.
 */
async function clickSlice(page: Page, testId: string, values: number[], index: number) {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} not visible`);
  const total = values.reduce((s, v) => s + v, 0);
  const before = values.slice(0, index).reduce((s, v) => s + v, 0);
  const angle = ((before + values[index] / 2) / total) * 2 * Math.PI;
  const r = (0.455 * Math.min(box.width, box.height)) / 2;
  const cx = box.x + box.width * 0.5 + r * Math.sin(angle);
  const cy = box.y + box.height * 0.45 - r * Math.cos(angle);
  await page.mouse.click(cx, cy);
}

const totalOf = async (page: Page) => {
  const text = await page.getByTestId('member-total').innerText();
  return Number(/共\s*(\d+)/.exec(text)?.[1] ?? Number.NaN);
};

/**
 * 数据看板 (issue #6): the district's organization department opens the dashboard from the menu,
 * sees the cards, charts and its streets side by side, clicks 女 in the gender chart and lands on
 * the member list whose total is the chart's number; opens a street's dashboard from the
 * comparison; the municipal department sees the city and compares its districts. Desktop and phone
 * screenshots; on a phone nothing is wider than the device.
 */
describe('dashboard', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

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

  it('the district opens 数据看板, clicks 女 and gets the list of exactly that many members', async () => {
    await login(page, 'district');
    const root = (await me(page)).scopeRoots[0];
    const d = await apiGet<DashboardDto>(page, `/api/orgs/${root.orgId}/dashboard`);
    expect(d.members.total).toBeGreaterThan(100);
    expect(d.children.length).toBeGreaterThan(1);

    // From the home page's prominent link, then the menu entry exists too.
    await page.getByTestId('home-dashboard-link').first().click();
    await page.waitForURL(/\/dashboard\?orgId=/);
    await page.getByTestId('menu-dashboard').waitFor();
    await page.getByTestId('dashboard-kpis').waitFor();
    expect(await page.getByTestId('dashboard-org-name').innerText()).toContain(root.orgName);
    expect(await page.getByTestId('kpi-members').innerText()).toContain(
      d.members.total.toLocaleString('zh-CN'),
    );
    expect(await page.getByTestId('kpi-coverage').innerText()).toContain(
      `${d.coverage.total.covered.toLocaleString('zh-CN')} / ${d.coverage.total.total.toLocaleString('zh-CN')}`,
    );
    for (const id of [
      'gender',
      'category',
      'age',
      'ethnicity',
      'education',
      'decade',
      'coverage',
      'children',
    ]) {
      await page.getByTestId(`chart-${id}`).locator('canvas').first().waitFor();
    }
    const rows = page.getByTestId('children-table').locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBe(d.children.length);
    await screenshot(page, 'dashboard-district-desktop', true);

    // 女 is the second slice of the gender chart.
    const values = d.gender.map((g) => g.count);
    const female = d.gender.findIndex((g) => g.key === 'female');
    await page.getByTestId('chart-gender').scrollIntoViewIfNeeded();
    await settle(page);
    await clickSlice(page, 'chart-gender', values, female);
    await page.waitForURL(/\/members\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('gender')).toBe('female');
    expect(url.searchParams.get('orgId')).toBe(String(root.orgId));
    await page.getByTestId('active-filter-gender').waitFor();
    await expect.poll(() => totalOf(page), { timeout: 15_000 }).toBe(d.gender[female].count);
    await screenshot(page, 'dashboard-clickthrough-members-desktop');

    // A tag removed widens the list again to the whole district.
    await page.getByTestId('active-filter-gender').locator('.ant-tag-close-icon').click();
    await expect.poll(() => totalOf(page), { timeout: 15_000 }).toBe(d.members.total);
  });

  it('the comparison opens a child’s dashboard; the coverage card opens the coverage list', async () => {
    const root = (await me(page)).scopeRoots[0];
    await page.goto(`/dashboard?orgId=${root.orgId}`);
    const d = await apiGet<DashboardDto>(page, `/api/orgs/${root.orgId}/dashboard`);
    await page.getByTestId('children-compare').waitFor();
    const child = [...d.children].sort((a, b) => b.members - a.members)[0];
    await page.getByTestId('children-table').getByText(child.name, { exact: true }).click();
    await page.waitForURL(new RegExp(`orgId=${child.orgId}`));
    await expect
      .poll(() => page.getByTestId('dashboard-org-name').innerText(), { timeout: 15_000 })
      .toContain(child.name);
    expect(await page.getByTestId('kpi-members').innerText()).toContain(
      child.members.toLocaleString('zh-CN'),
    );

    await page.goto(`/dashboard?orgId=${root.orgId}`);
    await page.getByTestId('card-coverage').getByText('覆盖名录').click();
    await page.waitForURL(/\/coverage\?orgId=/);
    await expect
      .poll(async () => (await page.getByTestId('coverage-total').innerText()).replace(/\s/g, ''), {
        timeout: 15_000,
      })
      .toBe(`共${d.coverage.total.total}家单位`);
    await screenshot(page, 'dashboard-coverage-list-desktop');

    // A new enterprise covered by one of the district's joint branches: the list and the
    // dashboard's coverage count it.
    const joint = (
      await apiGet<{ data: { id: number; name: string; path: string }[] }>(
        page,
        '/api/orgs?q=联合&kind=joint_branch&limit=50',
      )
    ).data.find((o) => o.path.split('.').includes(String(root.orgId)));
    if (!joint) throw new Error('no joint branch in the district');
    await page.getByTestId('unit-add').click();
    await page.getByTestId('unit-name').fill('兰州金城云数科技有限公司');
    await page.getByTestId('unit-covered-by').click();
    await page.keyboard.type(joint.name.replace(/^中共/, '').slice(0, 8));
    const option = page.locator('.ant-select-item-option', { hasText: joint.name }).first();
    await option.waitFor();
    await option.click();
    await screenshot(page, 'coverage-add-desktop');
    await page.getByTestId('modal-ok').click();
    await expect
      .poll(async () => (await page.getByTestId('coverage-total').innerText()).replace(/\s/g, ''), {
        timeout: 15_000,
      })
      .toBe(`共${d.coverage.total.total + 1}家单位`);
    const after = await apiGet<DashboardDto>(page, `/api/orgs/${root.orgId}/dashboard`);
    expect(after.coverage.total.covered).toBe(d.coverage.total.covered + 1);
  });

  it('the municipal department sees the city and compares its districts', async () => {
    const admin = await newContext(browser, server.url, DESKTOP);
    const p = await admin.newPage();
    await p.emulateMedia({ reducedMotion: 'reduce' });
    await login(p, 'admin');
    const root = (await me(p)).scopeRoots[0];
    const d = await apiGet<DashboardDto>(p, `/api/orgs/${root.orgId}/dashboard`);
    await p.getByTestId('menu-dashboard').click();
    await p.getByTestId('dashboard-kpis').waitFor();
    expect(await p.getByTestId('dashboard-org-name').innerText()).toContain(root.orgName);
    const names = d.children.map((c) => c.name);
    expect(names.filter((n) => /区委员会|县委员会/.test(n)).length).toBeGreaterThanOrEqual(3);
    const table = p.getByTestId('children-table');
    for (const n of names.slice(0, 5)) await table.getByText(n, { exact: true }).waitFor();
    // Sorting by members puts the largest subtree first.
    await table.locator('th', { hasText: /^党员$/ }).click();
    await table.locator('th', { hasText: /^党员$/ }).click();
    const first = await table.locator('tbody tr.ant-table-row').first().innerText();
    expect(first).toContain([...d.children].sort((a, b) => b.members - a.members)[0].name);
    // The comparison card on its own (a page shot would cut it under the sticky header).
    const compare = p.getByTestId('children-compare');
    await compare.screenshot({ path: await screenshot(p, 'dashboard-city-compare-desktop') });
    await p.getByTestId('compare-metric').getByText('工作指标').click();
    await compare.screenshot({ path: await screenshot(p, 'dashboard-city-compare-work-desktop') });
    await screenshot(p, 'dashboard-city-desktop', true);
    await admin.close();
  });

  it('a branch secretary sees the branch', async () => {
    const ctx = await newContext(browser, server.url, DESKTOP);
    const p = await ctx.newPage();
    await p.emulateMedia({ reducedMotion: 'reduce' });
    await login(p, 'secretary');
    const root = (await me(p)).scopeRoots[0];
    const d = await apiGet<DashboardDto>(p, `/api/orgs/${root.orgId}/dashboard`);
    await p.getByTestId('home-dashboard-link').first().click();
    await p.getByTestId('dashboard-kpis').waitFor();
    expect(await p.getByTestId('dashboard-org-name').innerText()).toContain(root.orgName);
    expect(await p.getByTestId('kpi-members').innerText()).toContain(d.members.total.toLocaleString('zh-CN'));
    await screenshot(p, 'dashboard-secretary-desktop', true);
    await ctx.close();
  });

  it('fits a phone: dashboard, coverage list and filtered member list', async () => {
    const phone = await newContext(browser, server.url, PHONE);
    const p = await phone.newPage();
    await p.emulateMedia({ reducedMotion: 'reduce' });
    await login(p, 'district');
    const root = (await me(p)).scopeRoots[0];
    for (const [url, testId, name] of [
      [`/dashboard?orgId=${root.orgId}`, 'dashboard-kpis', 'dashboard-district-phone'],
      [`/coverage?orgId=${root.orgId}`, 'coverage-table', 'coverage-phone'],
      [
        `/members?orgId=${root.orgId}&gender=female&ageBand=31-35&ethnicity=01`,
        'active-filters',
        'members-filtered-phone',
      ],
    ] as const) {
      await p.goto(url);
      await p.getByTestId(testId).first().waitFor();
      await screenshot(p, name, name.startsWith('dashboard'));
      const widest = await p.evaluate<number>(
        'Math.max(document.documentElement.scrollWidth, window.innerWidth)',
      );
      expect(widest, url).toBeLessThanOrEqual(PHONE.width);
    }
    await phone.close();
  });
});
