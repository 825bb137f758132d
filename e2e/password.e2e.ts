import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, newContext, PHONE, screenshot, useJourney } from './helpers.js';

/** Content-security-policy refusals the page reports: the built UI must run without any. */
function watchCsp(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  return refused;
}

/**
 * Journey: a member changes their password on a phone (issue #18). The checklist ticks as they
 * type, the server's policy refuses a trivial password with the reason under the field, the
 * change signs out the other devices, and the old password no longer works.
 */
describe('changing one’s password', () => {
  const j = useJourney();
  const NEW = 'Lantern-river-27';

  it('refuses a trivial password, accepts a good one and signs the other devices out', async () => {
    // Another device of the same member, signed in first.
    const desk = await j.as('member', DESKTOP);
    const { page } = await j.as('member', PHONE);
    const refused = watchCsp(page);

    // A member's own shell (我的) has it on the home page; the administrators' in the user menu.
    if (!(await page.getByTestId('member-header').count())) await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-password').click();
    await page.getByTestId('password-card').waitFor();
    await page.getByTestId('password-current').fill('demo-pass-123');
    await page.getByTestId('password-new').fill('1111111111');
    await page.getByTestId('password-confirm').fill('1111111111');
    await page.getByTestId('password-submit').click();
    // The server's finding, in Chinese, under the new password.
    await page.getByText('密码不能含有4个及以上相同的连续字符').first().waitFor();
    await screenshot(page, 'password-refused-phone', true);

    await page.getByTestId('password-new').fill(NEW);
    await page.getByTestId('password-confirm').fill(NEW);
    const ticks = await page.getByTestId('password-checklist').locator('li[data-ok="true"]').count();
    expect(ticks).toBe(4);
    await page.getByTestId('password-submit').click();
    await page.locator('[data-testid="app-header"], [data-testid="member-header"]').first().waitFor();
    expect(refused).toEqual([]);

    // The desk's session ended with the change: its next navigation asks to sign in again.
    await desk.page.reload();
    await desk.page.getByTestId('login-card').waitFor();

    // The old password is refused, the new one works.
    const fresh = await (await newContext(j.browser, j.server.url, PHONE)).newPage();
    await fresh.goto('/login');
    await fresh.getByTestId('login-username').fill('member');
    await fresh.getByTestId('login-password').fill('demo-pass-123');
    await fresh.getByTestId('login-submit').click();
    await fresh.getByTestId('login-error').waitFor();
    expect(await fresh.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await login(fresh, 'member', NEW);
  });

  it('signs out on every device from the user menu', async () => {
    const phone = await j.as('secretary', PHONE);
    const { page } = await j.as('secretary', DESKTOP);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-logout-all').click();
    await page.getByRole('button', { name: '全部退出' }).click();
    await page.getByTestId('login-card').waitFor();
    await phone.page.reload();
    await phone.page.getByTestId('login-card').waitFor();
  });
});
