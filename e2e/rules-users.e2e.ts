import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiGet, DESKTOP, login, me, newContext, PHONE, screenshot, useJourney } from './helpers.js';

/** No part of the page is wider than the window (phones scroll down, never sideways). */
async function expectNoSidewaysOverflow(page: Page) {
  // Against the device width: a phone widens its layout viewport (innerWidth) to fit wide content.
  const width = page.viewportSize()?.width ?? 0;
  const widest = await page.evaluate<number>(
    'Math.max(document.documentElement.scrollWidth, window.innerWidth)',
  );
  expect(widest).toBeLessThanOrEqual(width);
}

/**
 * Journeys for 用户管理, 授权审批, 账号关联确认 and 规则库: the sysadmin creates an account whose
 * role waits for the security administrator, who approves it; the branch confirms the account's
 * member link; the sysadmin changes a configurable rule (then restores it); a secretary reads the
 * rules without being offered changes, and sees the pending incoming transfer on 党员名册.
 */
describe('users, rules and incoming transfers', () => {
  const j = useJourney();

  async function as(username: string, viewport = DESKTOP) {
    const context = await newContext(j.browser, j.server.url, viewport);
    const page = await context.newPage();
    await login(page, username);
    return { context, page };
  }

  /** A modal by its test id (the id sits on the modal's root, which is never itself visible). */
  const dialog = (page: Page, testId: string) => page.getByTestId(testId).locator('.ant-modal');
  const rule = (page: Page, id: string) => page.locator(`[data-testid="rule-item"][data-rule-id="${id}"]`);

  /**
   * Signs in as an account whose password an administrator set: the owner changes it first (the
   * forced change), through the API from a page of the app so the browser sends its Origin.
   */
  async function signInAsOwner(username: string, temporary: string, chosen: string) {
    const context = await newContext(j.browser, j.server.url, DESKTOP);
    const page = await context.newPage();
    await page.goto('/login');
    const status = await page.evaluate(
      async ([u, t, c]) => {
        const post = (url: string, body: object) =>
          fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        const login = await post('/api/auth/login', { username: u, password: t });
        if (!login.ok) return `login ${login.status}`;
        const change = await post('/api/auth/password', { currentPassword: t, newPassword: c });
        return change.ok ? 'ok' : `change ${change.status} ${await change.text()}`;
      },
      [username, temporary, chosen],
    );
    expect(status).toBe('ok');
    await login(page, username, chosen);
    return { context, page };
  }

  it('sysadmin proposes, secadmin approves: a new secretary account, then its member link confirmed by the branch', async () => {
    const { context, page } = await as('sysadmin');
    await page.waitForURL(/\/users$/);
    await page.locator('[data-testid="user-table"] tbody tr.ant-table-row').first().waitFor();
    const items = await page.locator('[data-testid="side-menu"] .ant-menu-item').allInnerTexts();
    expect(items.map((s) => s.trim())).toEqual(['用户管理', '授权审批', '规则库']);
    await screenshot(page, 'users-sysadmin-desktop');

    // The secretary's branch: the role's org is searched among the orgs in the sysadmin's scope.
    const users = await apiGet<{
      data: { username: string; roles: { role: string; orgId: number; orgName: string }[] }[];
    }>(page, '/api/users?q=secretary');
    const branch = users.data
      .find((u) => u.username === 'secretary')!
      .roles.find((r) => r.role === 'secretary')!;
    const branchId = branch.orgId;
    const pickOrg = async () => {
      await page.getByTestId('role-org').click();
      await page.keyboard.type(branch.orgName.replace(/^中共/, '').slice(0, 6));
      const option = page.locator('.ant-select-item-option', { hasText: branch.orgName }).first();
      await option.waitFor();
      await option.click();
    };

    // Creating: client checks first, then the server's answer under its field.
    await page.getByTestId('user-create').click();
    const create = dialog(page, 'user-create-modal');
    await create.waitFor();
    await page.getByTestId('user-username').fill('secretary');
    await page.getByTestId('user-display-name').fill('新任书记');
    await page.getByTestId('user-password').fill('short');
    await page.getByTestId('user-password-confirm').fill('short');
    await pickOrg();
    await page.getByTestId('request-reason').fill('支部换届，新任书记');
    await page.getByTestId('modal-ok').click();
    const passwordItem = page.locator('.ant-form-item', { has: page.getByTestId('user-password') });
    await expect
      .poll(() => passwordItem.locator('.ant-form-item-explain-error').innerText())
      .toBe('密码至少10位');
    await page.getByTestId('user-password').fill('Linshi#Mima-8402');
    await page.getByTestId('user-password-confirm').fill('Linshi#Mima-8402');
    await page.getByTestId('modal-ok').click();
    // The name is taken: the server says so under 用户名.
    const usernameItem = page.locator('.ant-form-item', { has: page.getByTestId('user-username') });
    await expect
      .poll(() => usernameItem.locator('.ant-form-item-explain-error').innerText(), { timeout: 10_000 })
      .toBe('已被使用');
    await screenshot(page, 'user-create-error-desktop');
    await page.getByTestId('user-username').fill('newsec');
    expect(await page.getByTestId('role-org').innerText()).toContain(branch.orgName);
    await page.getByTestId('modal-ok').click();
    await create.waitFor({ state: 'hidden', timeout: 30_000 });
    const row = page.locator('[data-testid="user-table"] tbody tr.ant-table-row', { hasText: 'newsec' });
    await row.waitFor();
    // No role yet: the secretary role waits for the security administrator.
    expect(await row.getByTestId('user-pending-grant').innerText()).toMatch(
      /待审批：授予 党组织书记 @ .*支部委员会/,
    );
    expect(await row.getByTestId('user-status').innerText()).toBe('待修改密码');
    await screenshot(page, 'users-pending-grant-desktop');

    // The security administrator approves with a note.
    const sec = await as('secadmin');
    await sec.page.getByTestId('menu-grant-requests').click();
    await sec.page.waitForURL(/\/grant-requests$/);
    const pending = sec.page.locator('[data-testid="grant-table"] tbody tr.ant-table-row', {
      hasText: 'newsec',
    });
    await pending.waitFor();
    expect(await pending.getByTestId('grant-what').innerText()).toContain('党组织书记');
    await screenshot(sec.page, 'grant-requests-secadmin-desktop');
    await pending.getByTestId('grant-approve').click();
    await dialog(sec.page, 'grant-decide-modal').waitFor();
    await sec.page.getByTestId('grant-note').fill('经核实，同意');
    await screenshot(sec.page, 'grant-approve-desktop');
    await sec.page.getByTestId('modal-ok').click();
    await dialog(sec.page, 'grant-decide-modal').waitFor({ state: 'hidden' });
    await pending.waitFor({ state: 'detached' });
    await sec.page.getByTestId('grant-status').getByText('已处理').click();
    const decided = sec.page.locator('[data-testid="grant-table"] tbody tr.ant-table-row', {
      hasText: 'newsec',
    });
    expect(await decided.getByTestId('grant-result').innerText()).toContain('已批准');
    await screenshot(sec.page, 'grant-history-secadmin-desktop');
    await sec.context.close();

    // The new secretary changes the temporary password and sees the branch.
    const owner = await signInAsOwner('newsec', 'Linshi#Mima-8402', 'Qiyue#Zhibu-2026');
    expect((await me(owner.page)).roles.map((r) => r.orgId)).toEqual([branchId]);
    await owner.page.getByTestId('menu-members').waitFor();
    await owner.context.close();

    // A member link for the new account: the sysadmin has the record's number from the branch.
    const secretary = await as('secretary');
    const secretaryMe = await me(secretary.page);
    const branchMembers = await apiGet<{ data: { id: number; name: string }[] }>(
      secretary.page,
      `/api/members?orgId=${branchId}&pageSize=50`,
    );
    const linked = new Set(
      (await apiGet<{ data: { memberId: number | null }[] }>(page, '/api/users?pageSize=200')).data.map(
        (u) => u.memberId,
      ),
    );
    // Every member of the demo branch had an account issued in the branch's batch (issue #19): the
    // branch registers a member who joined since, whose record has no account yet.
    let target = branchMembers.data.find((m) => !linked.has(m.id) && m.id !== secretaryMe.memberId);
    if (!target) {
      target = (await secretary.page.evaluate(async (orgId) => {
        const r = await fetch('/api/members', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            orgId,
            name: '孙丽',
            gender: 'female',
            ethnicity: '03',
            birthDate: '1992-02-29',
            education: 'college',
            category: 'full',
            joinedOn: '2015-06-30',
            confirmedOn: '2016-06-30',
          }),
        });
        if (!r.ok) throw new Error(`POST /api/members -> ${r.status} ${await r.text()}`);
        return r.json();
      }, branchId)) as { id: number; name: string };
    }
    await page.reload();
    await row.getByTestId('user-link').click();
    await dialog(page, 'user-link-modal').waitFor();
    await page.getByTestId('link-member-id').fill(String(target.id));
    await page.getByTestId('request-reason').fill('本人使用的账号');
    await page.getByTestId('modal-ok').click();
    await dialog(page, 'user-link-modal').waitFor({ state: 'hidden' });
    expect(await row.getByTestId('user-pending-link').innerText()).toContain(String(target.id));
    // The sysadmin's page names no member.
    expect(await page.locator('main').innerText()).not.toContain(target.name);

    await secretary.page.getByTestId('menu-member-links').click();
    await secretary.page.waitForURL(/\/member-links$/);
    const request = secretary.page.locator('[data-testid="link-table"] tbody tr.ant-table-row', {
      hasText: 'newsec',
    });
    await request.waitFor();
    expect(await request.getByTestId('link-member').innerText()).toContain(target.name);
    await screenshot(secretary.page, 'member-links-secretary-desktop');
    await request.getByTestId('link-confirm').click();
    await dialog(secretary.page, 'link-decide-modal').waitFor();
    await secretary.page.getByTestId('modal-ok').click();
    await dialog(secretary.page, 'link-decide-modal').waitFor({ state: 'hidden' });
    await request.waitFor({ state: 'detached' });
    await secretary.context.close();
    await page.reload();
    await row.waitFor();
    await screenshot(page, 'users-linked-desktop');
    await expect.poll(() => row.getByTestId('user-roles').innerText()).toContain('党员 @');

    // A temporary password for the new user: the table says a change is due.
    await row.getByTestId('user-password-reset').click();
    await dialog(page, 'user-password-modal').waitFor();
    await screenshot(page, 'user-password-reset-desktop');
    await page.getByTestId('user-password').fill('Chongzhi#Mima-5731');
    await page.getByTestId('user-password-confirm').fill('Chongzhi#Mima-5731');
    await page.getByTestId('modal-ok').click();
    await dialog(page, 'user-password-modal').waitFor({ state: 'hidden' });
    await expect.poll(() => row.getByTestId('user-status').innerText()).toBe('待修改密码');

    // A sysadmin cannot deactivate themselves: the server's refusal is shown. (The list still
    // shows the account just made, found by its name: look the sysadmin up the same way.)
    await page.goto('/users?q=sysadmin');
    const self = page.locator('[data-testid="user-table"] tbody tr.ant-table-row', { hasText: '本人' });
    await self.getByTestId('user-deactivate').click();
    await page.getByTestId('confirm-ok').click();
    await expect
      .poll(() => page.locator('.ant-message').innerText(), { timeout: 10_000 })
      .toContain('不能停用自己');

    // 规则库: change 换届提醒提前期 from 6 to 3 months with a reason.
    await page.getByTestId('menu-rules').click();
    await page.waitForURL(/\/rules$/);
    const lead = rule(page, 'term.reminderLeadMonths');
    await lead.waitFor();
    expect(await lead.getByTestId('rule-value-text').innerText()).toBe('6个月');
    expect(await lead.getByTestId('rule-overridden').count()).toBe(0);
    // Rules from the Party Constitution offer no change.
    expect(await rule(page, 'member.probationMonths').getByTestId('rule-edit').count()).toBe(0);
    await screenshot(page, 'rules-sysadmin-desktop');

    await lead.getByTestId('rule-edit').click();
    await dialog(page, 'rule-edit-modal').waitFor();
    await page.getByTestId('rule-value').fill('3');
    await page.getByTestId('rule-reason').fill('依据');
    await page.getByTestId('modal-ok').click();
    const reasonItem = page.locator('.ant-form-item', { has: page.getByTestId('rule-reason') });
    await expect
      .poll(() => reasonItem.locator('.ant-form-item-explain-error').innerText())
      .toBe('修改依据至少4个字');
    await page.getByTestId('rule-reason').fill('依据市委组织部2026年换届工作通知');
    await screenshot(page, 'rule-edit-desktop');
    await page.getByTestId('modal-ok').click();
    await dialog(page, 'rule-edit-modal').waitFor({ state: 'hidden' });
    await expect.poll(() => lead.getByTestId('rule-value-text').innerText()).toBe('3个月');
    expect(await lead.getByTestId('rule-overridden').innerText()).toBe('已按本地规定调整（默认 6个月）');
    await screenshot(page, 'rules-overridden-desktop');

    // An ordered rule: the server's check arrives under the value (here the client's first).
    const committee = rule(page, 'branch.committeeSize');
    expect(await committee.getByTestId('rule-value-text').innerText()).toBe('3–5人（最多7人）');
    await committee.getByTestId('rule-edit').click();
    await dialog(page, 'rule-edit-modal').waitFor();
    await page.getByTestId('rule-value-min').fill('6');
    await page.getByTestId('rule-reason').fill('测试顺序校验');
    await page.getByTestId('modal-ok').click();
    const valueItem = page.locator('.ant-form-item', { has: page.getByTestId('rule-value-min') });
    await expect
      .poll(() => valueItem.locator('.ant-form-item-explain-error').innerText())
      .toBe('下限不能大于上限');
    await screenshot(page, 'rule-edit-ordered-desktop');
    await page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await dialog(page, 'rule-edit-modal').waitFor({ state: 'hidden' });

    // Back to the default.
    await lead.getByTestId('rule-reset').click();
    await dialog(page, 'rule-reset-modal').waitFor();
    await page.getByTestId('rule-reason').fill('换届工作通知已废止');
    await page.getByTestId('modal-ok').click();
    await dialog(page, 'rule-reset-modal').waitFor({ state: 'hidden' });
    await expect.poll(() => lead.getByTestId('rule-value-text').innerText()).toBe('6个月');
    expect(await lead.getByTestId('rule-overridden').count()).toBe(0);
    expect(await lead.getByTestId('rule-reset').count()).toBe(0);
    await context.close();
  }, 300_000);

  it('sysadmin at phone width: both pages fit the screen', async () => {
    const { context, page } = await as('sysadmin', PHONE);
    await page.waitForURL(/\/users$/);
    await page.locator('[data-testid="user-table"] tbody tr.ant-table-row').first().waitFor();
    await screenshot(page, 'users-sysadmin-phone');
    await expectNoSidewaysOverflow(page);
    await page.getByTestId('user-create').click();
    await dialog(page, 'user-create-modal').waitFor();
    await screenshot(page, 'user-create-phone');
    await expectNoSidewaysOverflow(page);
    await page.keyboard.press('Escape');

    await page.goto('/rules');
    await rule(page, 'term.reminderLeadMonths').waitFor();
    await screenshot(page, 'rules-sysadmin-phone');
    await expectNoSidewaysOverflow(page);
    await rule(page, 'branch.committeeSize').getByTestId('rule-edit').click();
    await dialog(page, 'rule-edit-modal').waitFor();
    await screenshot(page, 'rule-edit-phone');
    await expectNoSidewaysOverflow(page);
    await context.close();
  });

  it('授权审批 and 账号关联确认 fit a phone', async () => {
    for (const [username, path, table, name] of [
      ['secadmin', '/grant-requests?status=decided', 'grant-table', 'grant-requests-secadmin-phone'],
      ['secretary', '/member-links?status=decided', 'link-table', 'member-links-secretary-phone'],
    ] as const) {
      const { context, page } = await as(username, PHONE);
      await page.goto(path);
      await page.getByTestId(table).waitFor();
      await screenshot(page, name);
      await expectNoSidewaysOverflow(page);
      await context.close();
    }
  });

  it('secretary: reads 规则库 with citations, no changes offered', async () => {
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const { context, page } = await as('secretary', viewport);
      await page.goto('/rules');
      const lead = rule(page, 'term.reminderLeadMonths');
      await lead.waitFor();
      expect(await lead.getByTestId('rule-citation').innerText()).toContain('依据：');
      expect(await lead.getByTestId('rule-confidence').innerText()).toBe('二手资料核实');
      expect(await rule(page, 'branch.minFullMembers').getByTestId('rule-citation').innerText()).toContain(
        '《中国共产党章程》第三十条',
      );
      const groups = await page.locator('[data-testid^="rule-group-"] .ant-card-head-title').allInnerTexts();
      expect(groups.map((g) => g.replace(/\s*\d+\s*条$/, ''))).toEqual([
        '党支部设置',
        '任期',
        '党员',
        '其他',
      ]);
      expect(await page.getByTestId('rule-edit').count()).toBe(0);
      expect(await page.getByTestId('rule-reset').count()).toBe(0);
      expect(await page.getByTestId('rules-write-hint').count()).toBe(0);
      await screenshot(page, `rules-secretary-${label}`);
      if (viewport === PHONE) await expectNoSidewaysOverflow(page);
      // No 用户管理 for a secretary.
      await page.goto('/users');
      await page.getByTestId('forbidden').waitFor();
      await context.close();
    }
  });

  it('secretary: 党员名册 shows the pending transfer into the branch', async () => {
    const { context, page } = await as('secretary');
    const who = await me(page);
    const branch = who.roles.find((r) => r.role === 'secretary')!;
    const pending = await apiGet<{
      data: { memberName: string; fromOrgName: string }[];
      total: number;
    }>(page, `/api/transfers?direction=in&status=pending&orgId=${branch.orgId}`);
    expect(pending.total, 'the demo seed has a pending transfer into the branch').toBeGreaterThan(0);

    await page.getByTestId('menu-members').click();
    await page.waitForURL(/\/members$/);
    const alert = page.getByTestId('incoming-transfers');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain(`有 ${pending.total} 名党员的组织关系待转入本组织`);
    expect(text).toContain(`${pending.data[0]!.memberName}（来自${pending.data[0]!.fromOrgName}）`);
    await screenshot(page, 'members-incoming-secretary-desktop');

    // Also with the branch picked explicitly.
    await page.goto(`/members?orgId=${branch.orgId}`);
    await alert.waitFor();
    expect(await alert.innerText()).toContain('待转入本组织');

    await page.getByTestId('incoming-transfers-link').click();
    await page.waitForURL(/\/transfers\?direction=in/);
    await expect
      .poll(() => page.locator('[data-testid="transfer-tabs"] .ant-tabs-tab-active').innerText())
      .toBe('转入');
    await page.getByTestId('transfer-accept').first().waitFor();
    await context.close();
  });
});
