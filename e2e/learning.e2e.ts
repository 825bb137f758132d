import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { todayInZone } from '../src/domain/common/dates.js';
import { apiGet, DESKTOP, PHONE, screenshot, settle, useJourney } from './helpers.js';

/**
 * Learning content and classes (issue #20, decision 0045). The district publishes a video: the
 * browser reads its running time from the file, the upload sends it, and once published the video
 * is on a member's list with its streaming URL. The demo branch's class runs today: the secretary
 * shows the day's QR code, a member scans it on a phone (login first), and the attendance grid
 * shows the scan.
 */
describe('学习资料 and 培训班', () => {
  const j = useJourney();

  it('a district publishes a video; the browser measured its length; a member of the district can play it', async () => {
    const { page } = await j.as('district', DESKTOP);
    await page.goto('/learning/items');
    await page.getByTestId('learning-item-add').click();
    await page.getByTestId('field-item-title').waitFor();
    await page.getByTestId('field-item-kind').click();
    await page.locator('.ant-select-item-option[title="视频"]').click();
    await page.getByTestId('field-item-title').fill('党课视频：学习贯彻党的二十大精神（区委）');
    await page
      .getByTestId('field-item-file')
      .setInputFiles(
        path.resolve(import.meta.dirname, '..', 'scripts', 'seed', 'assets', 'demo-lecture.webm'),
      );
    // Read by the browser from the file (a blob: URL: CSP media-src allows it).
    await page.getByText('播放时长：1分').waitFor({ timeout: 10_000 });
    await screenshot(page, 'learning-item-upload');
    await page.getByTestId('modal-ok').click();
    await page.getByTestId('field-item-title').waitFor({ state: 'detached' });
    const row = page.locator('tr', { hasText: '党课视频：学习贯彻党的二十大精神（区委）' });
    await expect.poll(() => row.innerText()).toContain('草稿');
    await row.getByRole('button', { name: '发布' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /发\s*布/ })
      .click();
    await expect.poll(() => row.innerText()).toContain('已发布');
    await screenshot(page, 'learning-items');

    const { page: phone } = await j.as('member', PHONE);
    const mine = await apiGet<{
      data: Array<{ title: string; kind: string; lengthSeconds: number; fileUrl: string }>;
    }>(phone, '/api/learning/my/items?kind=video&pageSize=50');
    const video = mine.data.find((i) => i.title === '党课视频：学习贯彻党的二十大精神（区委）');
    expect(video).toMatchObject({ kind: 'video', lengthSeconds: 60 });
    // Chromium plays it from the member's range-served URL.
    // A string, as the other journeys do: the e2e files are type-checked without the DOM library.
    const duration = await phone.evaluate<number>(
      `new Promise((ok, fail) => {
      const v = document.createElement('video');
      v.muted = true;
      v.src = ${JSON.stringify(video?.fileUrl)};
      v.onloadedmetadata = () => ok(v.duration);
      v.onerror = () => fail(new Error('media error ' + (v.error && v.error.code)));
    })`,
    );
    expect(Math.round(duration)).toBe(60);
  });

  it("the secretary shows today's QR code; a member scans it on a phone and the grid shows the scan", async () => {
    const { page } = await j.as('secretary', DESKTOP);
    await page.goto('/learning/classes?status=planned');
    await page.locator('[data-testid="learning-class-table"] a', { hasText: '读书班' }).first().click();
    await page.getByTestId('class-qr-today').click();
    await page.getByTestId('class-qr').waitFor();
    await screenshot(page, 'learning-class-qr');
    const classId = Number(new URL(page.url()).pathname.split('/').pop());
    // The code on screen is an image; the same route issues one more for the phone to open.
    const code = await page.evaluate(
      async ({ id, day }) => {
        const r = await fetch(`/api/learning/classes/${id}/checkin-token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ day }),
        });
        return (await r.json()) as { url: string };
      },
      { id: classId, day: todayInZone(new Date()) },
    );
    await page.keyboard.press('Escape');

    const context = await j.browser.newContext({
      baseURL: j.server.url,
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const phone = await context.newPage();
    await phone.goto(code.url);
    await phone.getByTestId('checkin-login').click();
    await phone.getByTestId('login-username').fill('member');
    await phone.getByTestId('login-password').fill((await import('./server.js')).DEMO_PASSWORD);
    await phone.getByTestId('login-submit').click();
    await expect
      .poll(() => phone.getByTestId('checkin-title').innerText(), { timeout: 15_000 })
      .toMatch(/签到成功|今天已签到/);
    await settle(phone);
    await screenshot(phone, 'learning-class-checkin-phone');
    const memberName = await phone.getByTestId('checkin-member').innerText();

    const facts = await apiGet<{
      roster: Array<{ name: string; attended: Array<{ day: string; method: string }> }>;
    }>(page, `/api/learning/classes/${classId}`);
    const entry = facts.roster.find((r) => r.name === memberName);
    expect(entry?.attended).toContainEqual({ day: todayInZone(new Date()), method: 'qr' });
    await page.reload();
    await page.getByTestId('roster-table').waitFor();
    const row = page
      .locator('[data-testid="roster-table"] tbody tr')
      .filter({ has: page.getByText(memberName, { exact: true }) });
    await expect.poll(() => row.first().innerText()).toContain('扫码');
    await screenshot(page, 'learning-class-grid');
  });
});
