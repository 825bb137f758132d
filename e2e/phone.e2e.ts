import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, newContext, PHONE, screenshot } from './helpers.js';
import { startServer, type TestServer } from './server.js';

/** Journey (c): at phone width the side menu hides behind a hamburger that opens a drawer. */
describe('phone width', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await (await newContext(browser, server.url, PHONE)).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('logs in and opens the menu from the hamburger', async () => {
    await page.goto('/login');
    await page.getByTestId('login-card').waitFor();
    await screenshot(page, 'login-phone');
    await login(page, 'secretary');
    await screenshot(page, 'home-secretary-phone');

    // No side menu on the page itself; the hamburger is there.
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    const toggle = page.getByTestId('menu-toggle');
    expect(await toggle.isVisible()).toBe(true);
    // Nothing overflows sideways.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    // The menu is not on the page until the hamburger opens it.
    expect(await page.getByTestId('menu-members').isVisible()).toBe(false);
    await toggle.click();
    const item = page.getByTestId('menu-members');
    await item.waitFor({ state: 'visible' });
    await screenshot(page, 'menu-drawer-phone');

    await item.click();
    await page.waitForURL(/\/members$/);
    await item.waitFor({ state: 'hidden' });
    await page.locator('[data-testid="member-table"] tbody tr.ant-table-row').first().waitFor();
    await screenshot(page, 'members-list-phone');

    const link = page.locator('[data-testid="member-link"]').first();
    await link.click();
    await page.getByTestId('member-page').waitFor();
    await screenshot(page, 'member-page-phone', true);
  });
});
