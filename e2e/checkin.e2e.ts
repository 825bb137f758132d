import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, login, newContext, PHONE, screenshot } from './helpers.js';
import { DEMO_PASSWORD, startServer, type TestServer } from './server.js';

/** Today's year and month in Shanghai, as a default title writes them: 2026年12月. */
function shanghaiMonth(): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .split('-');
  return `${Number(y)}年${Number(m)}月`;
}

/** Picks an option of an antd select by its label, in the select's own list. */
async function pickOption(page: Page, testId: string, label: string) {
  const select = page.getByTestId(testId);
  await select.click();
  const input = select.locator('input').first();
  await expect.poll(() => input.getAttribute('aria-controls'), { timeout: 5_000 }).toBeTruthy();
  const listId = (await input.getAttribute('aria-controls'))!;
  const dropdown = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${listId}"]`) });
  await dropdown.locator(`.ant-select-item-option[title="${label}"]`).click();
  await expect.poll(() => select.innerText(), { timeout: 5_000 }).toContain(label);
}

/**
 * QR sign-in that survives real use (issue #16, item 7) and titles that follow kind and date (item
 * 8). The secretary records a 主题党日 after the form first offered 支部党员大会: the title follows.
 * The QR dialog, reopened, shows the same code; a second code is added and both stay open; a member
 * scanning the earlier (printed) code sees the meeting before login and signs in after it; the
 * secretary revokes the later code, and a scan of it says so.
 */
describe('QR sign-in and meeting titles', () => {
  let server: TestServer;
  let browser: Browser;
  let secretary: BrowserContext;
  let page: Page;
  let meetingId: number;
  let printed: string;
  let projected: string;
  const title = `${shanghaiMonth()}主题党日`;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    secretary = await newContext(browser, server.url, DESKTOP);
    page = await secretary.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a title the secretary did not type follows the kind chosen (支部党员大会 first, then 主题党日)', async () => {
    await login(page, 'secretary');
    await page.goto('/meetings/new');
    const titleInput = page.getByTestId('field-title');
    await page.getByTestId('meeting-form').waitFor();
    await expect
      .poll(() => titleInput.inputValue(), { timeout: 10_000 })
      .toBe(`${shanghaiMonth()}支部党员大会`);
    await pickOption(page, 'field-kind', '主题党日');
    await expect.poll(() => titleInput.inputValue(), { timeout: 5_000 }).toBe(title);
    await page.getByTestId('attendee-row').first().waitFor();
    await screenshot(page, 'meeting-form-title-follows-desktop');
    await page.getByTestId('meeting-form-submit').click();
    await page.waitForURL(/\/meetings\/\d+$/);
    meetingId = Number(/\/meetings\/(\d+)$/.exec(page.url())![1]);
    await page.getByTestId('meeting-page').waitFor();
    expect(await page.getByText(title, { exact: true }).count()).toBeGreaterThan(0);
    // The list says the same.
    await page.goto('/meetings');
    await page.getByTestId('meeting-table').waitFor();
    await expect
      .poll(() => page.getByTestId('meeting-table').innerText(), { timeout: 10_000 })
      .toContain(title);
  });

  it('keeps a code across reopening the dialog; a second code leaves the first one open', async () => {
    await page.goto(`/meetings/${meetingId}`);
    await page.getByTestId('meeting-qr').click();
    const qr = page.getByTestId('checkin-qr');
    await qr.waitFor();
    const first = (await qr.getAttribute('data-code'))!;
    printed = (await qr.getAttribute('data-url'))!;
    expect(printed).toContain(`/checkin?m=${meetingId}&t=`);
    expect(await page.getByTestId('checkin-qr-expires').innerText()).toMatch(
      /^有效至 .+（剩余 (\d+:)?\d\d:\d\d）$/,
    );
    await page.getByTestId('checkin-qr-close').click();
    await page.getByTestId('checkin-qr-modal').waitFor({ state: 'detached' });

    // Reopened: the same code, not a new one that cancels it.
    await page.getByTestId('meeting-qr').click();
    await expect.poll(() => page.getByTestId('checkin-qr').getAttribute('data-code')).toBe(first);
    await page.getByTestId('checkin-qr-new').click();
    await expect.poll(() => page.getByTestId('checkin-qr').getAttribute('data-code')).not.toBe(first);
    projected = (await page.getByTestId('checkin-qr').getAttribute('data-url'))!;
    await expect.poll(() => page.getByTestId('checkin-code').count(), { timeout: 5_000 }).toBe(2);
    await screenshot(page, 'checkin-two-codes-desktop');
  });

  it('the printed code shows the meeting before login, and signs the member in after it', async () => {
    const before = Number(await page.getByTestId('checkin-present').innerText());
    const phone = await newContext(browser, server.url, PHONE);
    const phonePage = await phone.newPage();
    await phonePage.goto(printed);
    const login = phonePage.getByTestId('checkin-login');
    await login.waitFor();
    expect(await phonePage.getByTestId('checkin-meeting').innerText()).toBe(title);
    expect(await phonePage.getByTestId('checkin-org').innerText()).not.toBe('');
    expect(await phonePage.getByTestId('checkin-when').innerText()).toMatch(
      /^\d{4}-\d\d-\d\d（.+）\d\d:\d\d/,
    );
    const overflow = await phonePage.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phonePage, 'checkin-before-login-phone');

    await login.click();
    await phonePage.waitForURL(/\/login\?next=/);
    await phonePage.getByTestId('login-username').fill('member');
    await phonePage.getByTestId('login-password').fill(DEMO_PASSWORD);
    await phonePage.getByTestId('login-submit').click();
    await phonePage.waitForURL(/\/checkin\?m=/);
    const result = phonePage.getByTestId('checkin-result');
    await expect.poll(() => result.getAttribute('data-kind'), { timeout: 10_000 }).toBe('success');
    expect(await phonePage.getByTestId('checkin-meeting').innerText()).toBe(title);
    await screenshot(phonePage, 'checkin-printed-code-success-phone');
    await phone.close();

    await expect
      .poll(async () => Number(await page.getByTestId('checkin-present').innerText()), { timeout: 15_000 })
      .toBe(before + 1);
  });

  it('revokes the projected code; a scan of it says it was revoked, the printed one still works', async () => {
    const projectedRow = page.locator(
      `[data-testid="checkin-code"][data-code="${await page.getByTestId('checkin-qr').getAttribute('data-code')}"]`,
    );
    await projectedRow.getByTestId('checkin-code-revoke').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /撤\s*销/ })
      .click();
    await expect.poll(() => page.getByTestId('checkin-code').count(), { timeout: 5_000 }).toBe(1);
    await screenshot(page, 'checkin-code-revoked-desktop');

    const phone = await newContext(browser, server.url, PHONE);
    const phonePage = await phone.newPage();
    await phonePage.goto(projected);
    const result = phonePage.getByTestId('checkin-result');
    await expect.poll(() => result.getAttribute('data-state'), { timeout: 10_000 }).toBe('revoked');
    expect(await phonePage.getByTestId('checkin-title').innerText()).toBe('签到码已撤销');
    await screenshot(phonePage, 'checkin-revoked-phone');
    await phonePage.goto(printed);
    await phonePage.getByTestId('checkin-login').waitFor();
    await phone.close();
  });

  it('offline (issue #19): the shell opens from the service worker, a scan is queued and sent once back online', async () => {
    // The secretary is also a member of the branch, expected at the meeting: scans with their phone.
    const phone = await newContext(browser, server.url, PHONE);
    const phonePage = await phone.newPage();
    await login(phonePage, 'secretary');
    // The service worker has installed and precached the shell (registered after the page loaded).
    await phonePage.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await phone.setOffline(true);
    // A second visit without a network still starts: the login page from the cache.
    await phonePage.goto('/login');
    await phonePage.getByTestId('login-submit').waitFor();

    await phonePage.goto(printed);
    const result = phonePage.getByTestId('checkin-result');
    await expect.poll(() => result.getAttribute('data-state'), { timeout: 15_000 }).toBe('queued');
    expect(await phonePage.getByTestId('checkin-text').innerText()).toBe('已离线记录，联网后自动提交。');
    await phonePage.getByTestId('checkin-queued').waitFor();
    await screenshot(phonePage, 'checkin-offline-queued-phone');

    // Back online: the queue sends it with the scan time, and the page shows the outcome.
    await phone.setOffline(false);
    await expect.poll(() => result.getAttribute('data-kind'), { timeout: 20_000 }).toBe('success');
    expect(await phonePage.getByTestId('checkin-meeting').innerText()).toBe(title);
    await screenshot(phonePage, 'checkin-offline-sent-phone');
    await phone.close();

    // The secretary's attendance grid shows both times of the offline check-in.
    await page.goto(`/meetings/${meetingId}`);
    await page.getByTestId('meeting-page').waitFor();
    await expect
      .poll(() => page.getByTestId('checkin-offline').first().innerText(), { timeout: 10_000 })
      .toMatch(/^离线签到：扫码 \d\d:\d\d，送达 (\d\d-\d\d )?\d\d:\d\d$/);
  });
});
