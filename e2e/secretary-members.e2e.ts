import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  launchBrowser,
  login,
  me,
  newContext,
  screenshot,
  validIdNumber,
  withWrongCheckDigit,
} from './helpers.js';
import { startServer, type TestServer } from './server.js';

/**
 * Journey (a): a branch secretary opens 党员名册, sees only their own branch, opens a member,
 * enters a wrong ID number and sees the error under 身份证号, then fixes it and saves.
 */
describe('secretary: member register and editing', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await (await newContext(browser, server.url)).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows only the own branch in 党员名册', async () => {
    await login(page, 'secretary');
    const who = await me(page);
    const branch = who.roles.find((r) => r.role === 'secretary');
    expect(branch, 'the secretary holds a secretary role').toBeTruthy();

    await page.getByTestId('menu-members').click();
    await page.waitForURL(/\/members$/);
    const rows = page.locator('[data-testid="member-table"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    await screenshot(page, 'members-list-secretary-desktop');

    const totalText = await page.getByTestId('member-total').innerText();
    const shown = Number(/共\s*(\d+)\s*名/.exec(totalText)?.[1]);
    const expected = await apiGet<{ total: number }>(page, `/api/members?orgId=${branch!.orgId}&pageSize=1`);
    const unfiltered = await apiGet<{ total: number }>(page, '/api/members?pageSize=1');
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBe(expected.total);
    expect(shown).toBe(unfiltered.total);

    const orgs = await page
      .locator('[data-testid="member-table"] tbody tr.ant-table-row [data-testid="member-org"]')
      .allInnerTexts();
    expect(orgs.length).toBe(Math.min(shown, 20));
    for (const name of orgs) expect(name).toBe(branch!.orgName);
  });

  it('shows an ID number error under 身份证号, then saves a valid one', async () => {
    const firstLink = page.locator('[data-testid="member-table"] [data-testid="member-link"]').first();
    const name = await firstLink.innerText();
    await firstLink.click();
    await page.getByTestId('member-page').waitFor();
    await expect.poll(() => page.getByTestId('member-name').innerText(), { timeout: 10_000 }).toBe(name);
    const memberId = Number(/\/members\/(\d+)/.exec(page.url())?.[1]);
    await screenshot(page, 'member-page-secretary-desktop');

    const member = await apiGet<{ birthDate: string; gender: 'male' | 'female'; idNumber: string | null }>(
      page,
      `/api/members/${memberId}`,
    );
    const good = validIdNumber(member.birthDate, member.gender, 71);
    const bad = withWrongCheckDigit(good);

    await page.getByTestId('member-edit').click();
    await page.waitForURL(new RegExp(`/members/${memberId}/edit$`));
    const idInput = page.getByTestId('field-idNumber');
    await idInput.fill(bad);
    await page.getByTestId('member-form-submit').click();

    const idItem = page.locator('.ant-form-item', { has: idInput });
    const idError = idItem.locator('.ant-form-item-explain-error');
    await idError.waitFor();
    const message = await idError.innerText();
    expect(message).toMatch(/校验码|身份证/);
    // The error sits under its own field only.
    expect(await page.locator('.ant-form-item-explain-error').count()).toBe(1);
    await screenshot(page, 'member-edit-id-error-desktop');

    await idInput.fill(good);
    await page.getByTestId('member-form-submit').click();
    await page.waitForURL(new RegExp(`/members/${memberId}$`));
    await page.getByTestId('member-page').waitFor();
    const masked = await page.getByTestId('member-id-number').innerText();
    // Masked: the region of the new number, nothing after it.
    expect(masked.startsWith(good.slice(0, 6))).toBe(true);
    // The region only: the birth date, the sequence and the check character stay hidden (issue #18).
    expect(masked.trim()).toBe(`${good.slice(0, 6)}************`);
    expect(masked).not.toContain(good.slice(6, 14));

    // The saved value is the one we typed: reveal it through the audited endpoint.
    await page.getByTestId('member-id-number-reveal').click();
    await page.getByTestId('reveal-reason').fill('核对刚修改的身份证号');
    await page.getByTestId('reveal-ok').click();
    await expect
      .poll(() => page.getByTestId('member-id-number-revealed').innerText(), { timeout: 10_000 })
      .toBe(good);
    await screenshot(page, 'member-page-revealed-desktop');
  });
});
