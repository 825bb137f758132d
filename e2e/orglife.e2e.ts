import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGet, DESKTOP, launchBrowser, login, me, newContext, PHONE, screenshot } from './helpers.js';
import { startServer, type TestServer } from './server.js';

interface Item {
  orgId: number;
  ruleId: string;
  meetingKind: string;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  state: string;
  subjectId: number | null;
}

interface ComplianceBody {
  today: string;
  items: Item[];
  rows: { orgId: number; name: string; hasChildren: boolean }[];
}

/** Kinds the journey can record with the plain form (no group, no lecturer). */
const SIMPLE_KINDS = ['general_meeting', 'committee_meeting', 'theme_day', 'life_meeting', 'member_review'];

/**
 * Shanghai wall-clock time now, rounded down to 5 minutes, and an hour later (capped at 23:55): the
 * meeting starts now, so its QR code is valid for the check-in below.
 */
function shanghaiTimes(): { start: string; end: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date());
  const h = Number(parts.find((p) => p.type === 'hour')!.value) % 24;
  const m = Number(parts.find((p) => p.type === 'minute')!.value);
  const start = h * 60 + m - (m % 5);
  const end = Math.max(Math.min(start + 60, 23 * 60 + 55), start + 1);
  const fmt = (t: number) =>
    `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
  return { start: fmt(start), end: fmt(end) };
}

/** The input of a form control whose test id may sit on a wrapper (AutoComplete, pickers, numbers). */
const inputOf = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('xpath=descendant-or-self::input').first();

/**
 * Opens a select and picks its first option, in the select's own list (others may still be fading out).
 * Tries again when the click did not take: a list that re-renders while its options load (the talker's
 * committee arrives after the org) can swallow one click.
 */
async function pickFirstOption(page: Page, testId: string) {
  const select = page.getByTestId(testId);
  for (let attempt = 1; ; attempt++) {
    await select.click();
    const input = select.locator('input').first();
    await expect.poll(() => input.getAttribute('aria-controls'), { timeout: 5_000 }).toBeTruthy();
    const listId = (await input.getAttribute('aria-controls'))!;
    const dropdown = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${listId}"]`) });
    const option = dropdown.locator('.ant-select-item-option').first();
    await option.waitFor();
    const label = ((await option.getAttribute('title')) ?? (await option.innerText()).split('\n')[0]!).trim();
    await option.click();
    try {
      await expect.poll(() => select.innerText(), { timeout: 3_000 }).toContain(label);
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

async function setTime(page: Page, testId: string, value: string) {
  const input = inputOf(page, testId);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect.poll(() => input.inputValue(), { timeout: 5_000 }).toBe(value);
  await page.keyboard.press('Escape');
}

/**
 * Organizational life (issue #3). A branch secretary records the quarter's general meeting with
 * the pre-filled attendance (a few excused with reasons), shows the sign-in QR code, a member of the
 * branch signs in with it on a phone, the secretary submits, and the quarter's requirement turns
 * 已完成 on the branch calendar. Then the district: the compliance heat map and its drill-down,
 * reviewing the meeting; and the notification centre.
 */
describe('organizational life', () => {
  let server: TestServer;
  let browser: Browser;
  let secretary: BrowserContext;
  let page: Page;
  let branchId: number;
  let target: Item;
  let meetingId: number;
  let memberId: number;

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

  it('finds what the branch still has due this period', async () => {
    await login(page, 'secretary');
    const who = await me(page);
    branchId = who.roles.find((r) => r.role === 'secretary')!.orgId;
    const c = await apiGet<ComplianceBody>(page, `/api/orgs/${branchId}/compliance`);
    const current = (i: Item) => i.periodStart <= c.today && c.today <= i.periodEnd && i.state === 'due';
    // The quarter's general meeting when it is still due; else another simple kind due now.
    const found =
      c.items.find((i) => i.meetingKind === 'general_meeting' && current(i)) ??
      c.items.find((i) => SIMPLE_KINDS.includes(i.meetingKind) && current(i));
    expect(found, 'the demo branch has a requirement due in the current period').toBeTruthy();
    target = found!;

    // The member user of the same branch (signs in with the QR code later).
    const memberContext = await newContext(browser, server.url, DESKTOP);
    const memberPage = await memberContext.newPage();
    await login(memberPage, 'member');
    memberId = (await me(memberPage)).memberId!;
    await memberContext.close();
    expect(memberId).toBeGreaterThan(0);
  });

  it('shows the requirement due on the branch calendar and records the meeting from it', async () => {
    await page.goto(`/orgs/${branchId}/orglife`);
    const item = page.locator(
      `[data-testid="cal-item"][data-kind="${target.meetingKind}"][data-period="${target.periodKey}"]`,
    );
    await item.first().waitFor();
    expect(await item.first().getAttribute('data-state')).toBe('due');
    expect(await item.first().getByTestId('cal-item-state').innerText()).toBe('待完成');
    await screenshot(page, 'orglife-calendar-before-desktop', true);

    await item.first().getByTestId('cal-item-record').click();
    await page.waitForURL(/\/meetings\/new\?/);
    const rows = page.getByTestId('attendee-row');
    await rows.first().waitFor();
    const expected = Number(await page.getByTestId('count-expected').innerText());
    expect(expected).toBeGreaterThan(3);
    expect(await rows.count()).toBe(expected);

    // Everyone present, then three excused with reasons and the demo member absent (until they scan).
    await page.getByTestId('attendees-all-present').click();
    expect(Number(await page.getByTestId('count-present').innerText())).toBe(expected);
    const memberRow = page.locator(`[data-testid="attendee-row"][data-member="${memberId}"]`);
    await memberRow.waitFor();
    await memberRow.getByText('缺席', { exact: true }).click();
    const others = page.locator(`[data-testid="attendee-row"]:not([data-member="${memberId}"])`);
    const reasons = ['外出务工', '因病住院', '照顾家人'];
    for (let i = 0; i < 3; i++) {
      const row = others.nth(i + 1);
      await row.getByText('请假', { exact: true }).click();
      await row.locator('input[placeholder^="请假事由"]').fill(reasons[i]!);
    }
    expect(Number(await page.getByTestId('count-excused').innerText())).toBe(3);
    expect(Number(await page.getByTestId('count-absent').innerText())).toBe(1);
    expect(Number(await page.getByTestId('count-present').innerText())).toBe(expected - 4);

    await page.getByTestId('field-place').fill('社区党群服务中心二楼会议室');
    // Host and recorder: typed, with the attendees' names offered as suggestions.
    const names = await page.getByTestId('attendee-name').allInnerTexts();
    await inputOf(page, 'field-hostName').fill(names[0]!);
    await page.keyboard.press('Escape');
    await inputOf(page, 'field-recorderName').fill(names[1]!);
    await page.keyboard.press('Escape');
    // The end first: the start then re-checks it (结束时间应晚于开始时间).
    const times = shanghaiTimes();
    await setTime(page, 'field-endTime', times.end);
    await setTime(page, 'field-startTime', times.start);
    await page.getByTestId('field-agenda').fill('一、学习党的二十届四中全会精神\n二、讨论本季度支部工作');
    await page.getByTestId('field-minutes').fill('会议由支部书记主持，传达学习全会精神，党员逐一交流发言。');

    if (target.meetingKind === 'general_meeting') {
      // A vote with the live quorum and pass explanation from the domain rules.
      await page.getByTestId('vote-add').click();
      await page.getByTestId('vote-subject').fill('通过支部本季度工作安排');
      const voters = Number(await page.getByTestId('count-present-voting').innerText());
      await inputOf(page, 'vote-forVotes').fill(String(voters));
      const explanation = page.getByTestId('vote-explanation');
      await expect.poll(() => explanation.getAttribute('data-outcome'), { timeout: 5_000 }).toBe('ok');
      expect(await explanation.innerText()).toContain('通过');
    }
    await screenshot(page, 'meeting-form-desktop', true);

    await page.getByTestId('meeting-form-submit').click();
    await page.waitForURL(/\/meetings\/\d+$/);
    meetingId = Number(/\/meetings\/(\d+)$/.exec(page.url())![1]);
    await page.getByTestId('meeting-page').waitFor();
    expect(await page.getByTestId('meeting-status').innerText()).toBe('草稿');
    expect(Number(await page.getByTestId('count-excused').innerText())).toBe(3);

    // Attachments: a PDF goes up and is listed; a text file is refused with the API's reason.
    const fileInput = page.getByTestId('attachments').locator('input[type="file"]');
    await fileInput.setInputFiles({
      name: '会议签到表.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
    });
    await page.getByTestId('attachment-item').first().waitFor();
    expect(await page.getByTestId('attachment-name').first().innerText()).toBe('会议签到表.pdf');
    await fileInput.setInputFiles({ name: '备注.txt', mimeType: 'text/plain', buffer: Buffer.from('备注') });
    const toast = page.locator('.ant-message-error');
    await toast.waitFor();
    expect(await toast.innerText()).toContain('备注.txt');
    expect(await page.getByTestId('attachment-item').count()).toBe(1);
    await screenshot(page, 'meeting-draft-desktop', true);
  });

  it('shows the sign-in QR code; the member signs in with it on a phone', async () => {
    await page.getByTestId('meeting-qr').click();
    const qr = page.getByTestId('checkin-qr');
    await qr.waitFor();
    const url = (await qr.getAttribute('data-url'))!;
    expect(url).toContain(`/checkin?m=${meetingId}&t=`);
    const before = Number(await page.getByTestId('checkin-present').innerText());
    expect(await page.getByTestId('checkin-qr-expires').innerText()).toMatch(/（剩余 (\d+:)?\d\d:\d\d）/);
    await screenshot(page, 'meeting-qr-modal-desktop');

    // The member opens the link without a session: the meeting, a login, then back to the sign-in.
    const phone = await newContext(browser, server.url, PHONE);
    const phonePage = await phone.newPage();
    await phonePage.goto(url);
    await phonePage.getByTestId('checkin-login').click();
    await phonePage.waitForURL(/\/login\?next=/);
    await phonePage.getByTestId('login-username').fill('member');
    await phonePage.getByTestId('login-password').fill('demo-pass-123');
    await phonePage.getByTestId('login-submit').click();
    await phonePage.waitForURL(/\/checkin\?m=/);
    const result = phonePage.getByTestId('checkin-result');
    await result.waitFor();
    expect(await result.getAttribute('data-kind')).toBe('success');
    expect(await phonePage.getByTestId('checkin-title').innerText()).toBe('签到成功');
    const overflow = await phonePage.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phonePage, 'checkin-success-phone');

    // A second scan changes nothing and says so.
    await phonePage.reload();
    await phonePage.getByTestId('checkin-result').waitFor();
    expect(await phonePage.getByTestId('checkin-title').innerText()).toBe('已签到');
    await phone.close();

    // The count in the modal follows within a few seconds.
    await expect
      .poll(async () => Number(await page.getByTestId('checkin-present').innerText()), { timeout: 15_000 })
      .toBe(before + 1);
    await screenshot(page, 'meeting-qr-modal-signed-desktop');
    await page.getByTestId('checkin-qr-close').click();
  });

  it('submits the meeting; the requirement turns 已完成 on the calendar and in the compliance data', async () => {
    await page.getByTestId('meeting-submit').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await expect
      .poll(() => page.getByTestId('meeting-status').innerText(), { timeout: 10_000 })
      .toBe('已提交');
    await screenshot(page, 'meeting-submitted-desktop');

    const c = await apiGet<ComplianceBody>(page, `/api/orgs/${branchId}/compliance`);
    const after = c.items.find(
      (i) =>
        i.ruleId === target.ruleId && i.periodKey === target.periodKey && i.subjectId === target.subjectId,
    );
    expect(after?.state).toBe('met');

    await page.goto(`/orgs/${branchId}/orglife`);
    const item = page.locator(
      `[data-testid="cal-item"][data-kind="${target.meetingKind}"][data-period="${target.periodKey}"]`,
    );
    await expect.poll(() => item.first().getAttribute('data-state'), { timeout: 10_000 }).toBe('met');
    expect(await item.first().getByTestId('cal-item-state').innerText()).toBe('已完成');
    // The meeting itself is listed in the month it was held (today).
    const month = page.locator(`[data-testid="cal-month"][data-month="${c.today.slice(0, 7)}"]`);
    // The held meetings come from a second request: wait for them rather than race it.
    await expect.poll(() => month.getByTestId('cal-meeting').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(page, 'orglife-calendar-after-desktop', true);
  });

  it('notification centre: bell with unread count, list, mark all read', async () => {
    await page.goto('/meetings');
    await page.getByTestId('meeting-table').waitFor();
    const badge = page.locator('[data-testid="notification-badge"] .ant-badge-count');
    const list = await apiGet<{ unread: number; total: number }>(page, '/api/notifications?pageSize=1');
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-popover').waitFor();
    await screenshot(page, 'notification-bell-desktop');
    await page.getByTestId('notification-all').click();
    await page.waitForURL(/\/notifications$/);
    await page.getByTestId('notification-popover').waitFor({ state: 'hidden' });
    await screenshot(page, 'notifications-desktop');
    if (list.total > 0) {
      await expect
        .poll(() => page.getByTestId('notification-row').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
    }
    if (list.unread > 0) {
      expect(await badge.count()).toBe(1);
      await page.getByTestId('notification-read-all').click();
      await expect.poll(() => badge.count(), { timeout: 10_000 }).toBe(0);
      const left = await apiGet<{ unread: number }>(page, '/api/notifications?pageSize=1');
      expect(left.unread).toBe(0);
    }
  });

  it('district: compliance heat map, drill-down and back; reviews the meeting', async () => {
    const context = await newContext(browser, server.url, DESKTOP);
    const district = await context.newPage();
    await district.emulateMedia({ reducedMotion: 'reduce' });
    await login(district, 'district');
    await district.getByTestId('menu-compliance').click();
    await district.waitForURL(/\/compliance/);
    const rows = district.getByTestId('heat-row');
    await rows.first().waitFor();
    await district.getByTestId('compliance-trend').locator('canvas').waitFor();
    await screenshot(district, 'compliance-district-desktop', true);
    const rootName = await district.getByTestId('compliance-org-name').innerText();

    // Drill into the first row with orgs below it: the address and the breadcrumb follow.
    const drillable = district.locator('[data-testid="heat-row"][data-has-children="true"]').first();
    const childName = await drillable.getByTestId('heat-org-name').innerText();
    await drillable.click();
    await expect
      .poll(() => district.getByTestId('compliance-org-name').innerText(), { timeout: 20_000 })
      .toBe(childName);
    expect(district.url()).toMatch(/orgId=\d+/);
    const crumbs = district
      .getByTestId('compliance-breadcrumb')
      .locator('.ant-breadcrumb-link, li a, li span');
    expect(await district.getByTestId('compliance-breadcrumb').innerText()).toContain(rootName);
    expect(await crumbs.count()).toBeGreaterThan(1);
    await district.getByTestId('heat-row').first().waitFor();
    await screenshot(district, 'compliance-drilldown-desktop', true);

    // Back up with the browser, then down again to a branch: its calendar.
    await district.goBack();
    await expect
      .poll(() => district.getByTestId('compliance-org-name').innerText(), { timeout: 20_000 })
      .toBe(rootName);

    // The secretary's submitted meeting: the district approves it.
    await district.goto(`/meetings/${meetingId}`);
    await district.getByTestId('meeting-review').click();
    await district.getByTestId('review-comment').fill('记录完整，同意。');
    await district.getByTestId('modal-ok').click();
    await expect
      .poll(() => district.getByTestId('meeting-status').innerText(), { timeout: 10_000 })
      .toBe('已审核');
    await screenshot(district, 'meeting-reviewed-desktop', true);
    await context.close();
  });

  it('district: exempts a missed item on a branch calendar, then withdraws it', async () => {
    const context = await newContext(browser, server.url, DESKTOP);
    const district = await context.newPage();
    await login(district, 'district');
    const root = (await me(district)).scopeRoots[0]!.orgId;
    const c = await apiGet<{ missed: Item[] }>(district, `/api/orgs/${root}/compliance`);
    const missed = c.missed[0];
    expect(missed, 'the demo district has a missed item').toBeTruthy();
    await district.goto(`/orgs/${missed!.orgId}/orglife?year=${missed!.periodEnd.slice(0, 4)}`);
    const item = district
      .locator(
        `[data-testid="cal-item"][data-kind="${missed!.meetingKind}"][data-period="${missed!.periodKey}"]`,
      )
      .first();
    await item.waitFor();
    expect(await item.getAttribute('data-state')).toBe('missed');
    await item.getByTestId('cal-item-exempt').click();
    await district.getByTestId('exempt-reason').fill('该支部当月整体参加区委集中培训，经研究免于考核');
    await screenshot(district, 'orglife-exempt-modal-desktop');
    await district.getByTestId('modal-ok').click();
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 10_000 }).toBe('exempt');
    expect(await item.getByTestId('cal-item-state').innerText()).toBe('免于考核');
    await item.scrollIntoViewIfNeeded();
    await screenshot(district, 'orglife-exempted-desktop');

    await item.getByTestId('cal-item-unexempt').click();
    await district
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /撤\s*销/ })
      .click();
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 10_000 }).toBe('missed');
    await context.close();
  });

  it('secretary: records a heart talk', async () => {
    await page.goto('/heart-talks');
    await page.getByTestId('heart-talk-table').waitFor();
    const before = await apiGet<{ total: number }>(page, '/api/heart-talks?pageSize=1');
    await page.getByTestId('heart-talk-add').click();
    await pickFirstOption(page, 'field-talk-member');
    await pickFirstOption(page, 'field-talker');
    await page
      .getByTestId('field-talk-summary')
      .fill('了解近期思想和工作情况，鼓励其在社区志愿服务中发挥先锋作用。');
    await screenshot(page, 'heart-talk-modal-desktop');
    await page.getByTestId('modal-ok').click();
    await expect
      .poll(async () => (await apiGet<{ total: number }>(page, '/api/heart-talks?pageSize=1')).total, {
        timeout: 10_000,
      })
      .toBe(before.total + 1);
    await screenshot(page, 'heart-talks-desktop');
  });

  it('phone: meeting list, calendar and compliance stay usable', async () => {
    const context = await newContext(browser, server.url, PHONE);
    const phone = await context.newPage();
    await phone.emulateMedia({ reducedMotion: 'reduce' });
    await login(phone, 'secretary');
    for (const [path, testId, shot] of [
      ['/meetings', 'meeting-table', 'meetings-phone'],
      [`/orgs/${branchId}/orglife`, 'cal-grid', 'orglife-calendar-phone'],
      [`/compliance?orgId=${branchId}`, 'heat-map', 'compliance-phone'],
      [`/meetings/${meetingId}`, 'meeting-page', 'meeting-page-phone'],
    ] as const) {
      await phone.goto(path);
      await phone.getByTestId(testId).waitFor();
      await screenshot(phone, shot, true);
      const overflow = await phone.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
      const text = await phone.locator('body').innerText();
      expect(text).not.toMatch(/undefined|NaN|null/);
    }
    await context.close();
  });
});
