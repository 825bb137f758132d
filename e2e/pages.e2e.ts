import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, me, newContext, PHONE, screenshot, useJourney } from './helpers.js';

/**
 * Every main page for each kind of user, at desktop and phone width: it loads, shows its title
 * and no English error text, and leaves a screenshot in artifacts/screenshots/.
 */
describe('main pages render for each role', () => {
  const j = useJourney();

  const as = j.as;

  async function visit(page: Page, path: string, title: string, shot: string, fullPage = false) {
    await page.goto(path);
    await expect
      .poll(() => page.getByTestId('page-title').first().innerText(), { timeout: 10_000 })
      .toContain(title);
    await screenshot(page, shot, fullPage);
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/undefined|NaN|Error|null/);
  }

  it('sysadmin: lands on 用户管理; 用户管理 and 规则库 only', async () => {
    const { context, page } = await as('sysadmin', DESKTOP);
    await page.waitForURL(/\/users$/);
    await page.getByTestId('user-table').waitFor();
    await screenshot(page, 'sysadmin-desktop');
    const items = await page.locator('[data-testid="side-menu"] .ant-menu-item').allInnerTexts();
    expect(items.map((s) => s.trim())).toEqual(['用户管理', '授权审批', '规则库']);
    await context.close();
  });

  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`login page (${label})`, async () => {
      const context = await newContext(j.browser, j.server.url, viewport);
      const page = await context.newPage();
      await page.goto('/login');
      await page.getByTestId('login-card').waitFor();
      await page.getByTestId('login-username').fill('admin');
      await page.getByTestId('login-password').fill('wrong-password');
      await page.getByTestId('login-submit').click();
      await expect
        .poll(() => page.getByTestId('login-error').innerText(), { timeout: 10_000 })
        .toContain('用户名或密码错误');
      await screenshot(page, `login-error-${label}`);
      await context.close();
    });

    it(`district admin: home, org tree, members, transfers (${label})`, async () => {
      const { context, page } = await as('district', viewport);
      await visit(page, '/', '工作台', `home-district-${label}`);
      await visit(page, '/orgs', '组织架构', `org-tree-district-${label}`);
      await page.getByTestId('org-name').waitFor();
      await screenshot(page, `org-tree-district-${label}`);
      await visit(page, '/members', '党员名册', `members-district-${label}`);
      await visit(page, '/transfers?direction=all', '组织关系转接', `transfers-district-${label}`);
      await visit(page, '/members/new', '新增党员', `member-new-district-${label}`);
      await visit(page, '/rules', '规则库', `rules-district-${label}`);

      // An ordinary edit, so that the audit log below has a change to show.
      await page.goto('/members');
      await page.locator('[data-testid="member-link"]').first().click();
      await page.getByTestId('member-edit').click();
      await page.getByTestId('field-workUnit').fill(`兰州市城关区财政局（${label}）`);
      await page.getByTestId('member-form-submit').click();
      await page.waitForURL(/\/members\/\d+$/);
      await page.getByTestId('member-page').waitFor();
      await expect
        .poll(() => page.getByTestId('member-descriptions').innerText(), { timeout: 10_000 })
        .toContain(`（${label}）`);
      await context.close();
    });

    it(`sysadmin: users and rules (${label})`, async () => {
      const { context, page } = await as('sysadmin', viewport);
      await visit(page, '/users', '用户管理', `users-${label}`);
      await visit(page, '/rules', '规则库', `rules-sysadmin-full-${label}`, true);
      await context.close();
    });

    it(`auditor: audit log only (${label})`, async () => {
      const { context, page } = await as('auditor', viewport);
      await page.waitForURL(/\/audit$/);
      await visit(page, '/audit', '审计日志', `audit-${label}`);
      await page.goto('/audit?action=member.update');
      const firstExpand = page.locator('[data-testid="audit-table"] .ant-table-row-expand-icon').first();
      await firstExpand.waitFor();
      await firstExpand.click();
      const diff = page.getByTestId('audit-changes').first();
      await diff.waitFor();
      expect(await diff.innerText()).toContain('工作单位');
      await screenshot(page, `audit-expanded-${label}`);
      await context.close();
    });

    it(`member: own record only (${label})`, async () => {
      const { context, page } = await as('member', viewport);
      const who = await me(page);
      expect(who.memberId).not.toBeNull();
      // A member lands in their own app (我的, decision 0040); the record is its 我的 tab.
      await page.waitForURL(/\/my$/);
      await page.getByTestId('tab-me').click();
      await page.waitForURL(/\/me$/);
      await page.getByTestId('member-page').waitFor();
      await screenshot(page, `my-record-${label}`, true);
      // Nothing else is offered but their own pages: the member's tabs, no side menu.
      const items = await page.locator('.member-tabbar .member-tab').allInnerTexts();
      expect(items.map((s) => s.trim())).toEqual(['首页', '会议', '学习', '党费', '我的']);
      expect(await page.locator('[data-testid="side-menu"]').count()).toBe(0);
      await context.close();
    });
  }
});
