import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { me, newContext, PHONE, screenshot, settle, useJourney } from './helpers.js';
import { DEMO_PASSWORD } from './server.js';

const SMALL_PHONE = { width: 360, height: 640 };

const overflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

/**
 * Journey (issue #19, 我的): on a phone, a member lands on their home, sees the next meeting of
 * their branch with time, place and agenda, and asks for leave with a preset reason in three taps;
 * the branch secretary, on a phone too, opens the meeting and sees the leave on the attendance
 * grid, pre-filled as 请假 with the member's reason.
 */
describe('the member’s home and a leave the secretary sees', () => {
  const j = useJourney();
  let meetingId = 0;
  let memberId = 0;

  it('lands a member on 我的, shows the next meeting and takes a leave in three taps', async () => {
    const { page } = await j.as('member', PHONE);
    await page.waitForURL(/\/my$/);
    memberId = (await me(page)).memberId as number;
    const home = page.getByTestId('my-home');
    await home.waitFor();
    // The sections that concern the member now.
    for (const id of [
      'my-meetings',
      'my-attendance',
      'my-dues',
      'my-notifications',
      'my-birthday',
      'my-relation',
    ])
      await page.getByTestId(id).waitFor();
    const card = page.getByTestId('my-meetings').locator('[data-testid^="my-meeting-"]').first();
    await card.waitFor();
    meetingId = Number((await card.getAttribute('data-testid'))?.replace('my-meeting-', ''));
    expect(meetingId).toBeGreaterThan(0);
    const text = await card.innerText();
    expect(text).toContain('时间');
    expect(text).toContain('地点');
    expect(text).toContain('议程');
    // The demo's next meeting is a 党课: its topic and lecturer are shown.
    expect(text).toContain('主题');
    expect(text).toContain('主讲');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'my-home-phone', true);

    // 请假 → 因公出差 → 提交.
    await page.getByTestId(`leave-${meetingId}`).click();
    await page.getByTestId('leave-preset-因公出差').click();
    await screenshot(page, 'my-leave-sheet-phone');
    await page.getByTestId('leave-submit').click();
    const answer = page.getByTestId(`my-response-${meetingId}`);
    await answer.waitFor();
    expect(await answer.innerText()).toBe('已请假：因公出差');
  });

  it('shows the meetings list and a meeting at 390 and at 360 px without sideways scroll', async () => {
    const { page } = await j.as('member', PHONE);
    await page.goto('/my/meetings');
    await page.getByTestId(`my-meeting-${meetingId}`).waitFor();
    expect(await page.getByTestId(`my-response-${meetingId}`).innerText()).toBe('已请假：因公出差');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'my-meetings-phone', true);
    await page.getByTestId('my-meetings-scope').getByText('已召开').click();
    await page.waitForURL(/scope=past/);
    await settle(page);
    await screenshot(page, 'my-meetings-past-phone', true);
    await page.goto(`/my/meetings/${meetingId}`);
    await page.getByTestId('my-meeting-page').waitFor();
    await page.getByTestId(`withdraw-${meetingId}`).waitFor();
    await screenshot(page, 'my-meeting-phone', true);

    const small = await newContext(j.browser, j.server.url, SMALL_PHONE);
    const p = await small.newPage();
    for (const path of ['/my', '/my/meetings', `/my/meetings/${meetingId}`]) {
      // The session of the first page's context is not shared: sign in on this one.
      if (path === '/my') {
        await p.goto('/login');
        await p.getByTestId('login-username').fill('member');
        await p.getByTestId('login-password').fill(DEMO_PASSWORD);
        await p.getByTestId('login-submit').click();
        await p.waitForURL(/\/my$/);
      } else await p.goto(path);
      await settle(p);
      expect(await overflow(p), path).toBeLessThanOrEqual(0);
    }
    await p.goto('/my');
    await screenshot(p, 'my-home-360', true);
    await small.close();
  });

  it('shows the secretary the leave on the attendance grid, pre-filled as 请假 with the reason', async () => {
    const { page } = await j.as('secretary', PHONE);
    await page.goto(`/meetings/${meetingId}`);
    await page.getByTestId('meeting-page').waitFor();
    const note = page.getByTestId(`attendee-response-${memberId}`);
    await note.waitFor();
    expect(await note.innerText()).toBe('请假申请：因公出差');
    const row = page.getByTestId('attendance-list-item').filter({ has: note });
    expect(await row.innerText()).toContain('请假');
    expect(await row.innerText()).toContain('事由：因公出差');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'meeting-leave-secretary-phone', true);

    // The grid of the record: the member's row is 请假 with the reason, the answer beside it.
    await page.goto(`/meetings/${meetingId}/edit`);
    const editRow = page.locator(`[data-testid="attendee-row"][data-member="${memberId}"]`);
    await editRow.waitFor();
    expect(await editRow.getAttribute('class')).toContain('attendee-excused');
    expect(await page.getByTestId(`attendance-reason-${memberId}`).inputValue()).toBe('因公出差');
    expect(await editRow.getByTestId(`attendee-response-${memberId}`).innerText()).toBe('请假申请：因公出差');
    await editRow.scrollIntoViewIfNeeded();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'meeting-grid-leave-phone');
  });
});
