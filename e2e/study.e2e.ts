import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiGet, me, PHONE, screenshot, settle, useJourney } from './helpers.js';

/** What the page's session is allowed to send (the Origin check wants a same-origin request). */
async function apiSend<T>(page: Page, method: string, url: string, body: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([m, u, b]) => {
      const r = await fetch(u as string, {
        method: m as string,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
      return { status: r.status, body: await r.text() };
    },
    [method, url, body] as const,
  );
  if (result.status >= 300) throw new Error(`${method} ${url} -> ${result.status} ${result.body}`);
  return JSON.parse(result.body) as T;
}

interface ItemProgress {
  itemId: number;
  seconds: number;
}
interface Ledger {
  minutesPerHour: number;
  totals: { onlineSeconds: number; externalSeconds: number; totalSeconds: number };
}

const today = () =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()) as string;
const dayBefore = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
};

/** Sets the document's visibility as a browser does when the tab goes to the background and back. */
// Runs in the page, so it is plain JavaScript (the e2e project compiles without the DOM's types).
const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate(`(() => {
    const s = ${JSON.stringify(state)};
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);

/** The player's video element as the journey reads it. */
interface Video {
  muted: boolean;
  paused: boolean;
  currentTime: number;
  play(): Promise<void>;
}
const VIDEO = "document.querySelector('[data-testid=study-video]')";

/**
 * Journey (issue #20, decision 0046): on a phone, a member opens the video of what to study and
 * plays it; the server credits the time from the heartbeats. The tab goes to the background: the
 * video pauses and nothing is credited however long it stays there. Back in front, the video plays
 * to its end and the item is credited to its length, no more. The hours appear on the member's
 * pages, the points for the 学时 completed today in 我的积分, and the branch's progress page shows
 * the member's online hours as the ledger has them.
 */
describe('a member studies a video on a phone; hidden time is not credited', () => {
  const j = useJourney();

  it('credits only visible, playing time, to the item’s length, and shows it everywhere', async () => {
    // The shortest heartbeat the rules allow, so the journey stays short (the system administrator).
    const admin = await j.as('sysadmin');
    await apiSend(admin.page, 'PUT', '/api/rules/learning.heartbeatSeconds', {
      value: 10,
      reason: '浏览器测试：缩短心跳间隔',
    });
    await apiSend(admin.page, 'PUT', '/api/rules/learning.heartbeatMaxGapSeconds', {
      value: 60,
      reason: '浏览器测试：相应缩短最长间断',
    });
    await admin.context.close();

    const { page } = await j.as('member', PHONE);
    const memberId = (await me(page)).memberId as number;
    const items = await apiGet<{ data: { id: number; kind: string; lengthSeconds: number }[] }>(
      page,
      '/api/learning/my/items?pageSize=100',
    );
    const video = items.data.find((i) => i.kind === 'video');
    expect(video, 'a video the member may study').toBeTruthy();
    const length = video!.lengthSeconds;
    const credited = async () =>
      (await apiGet<ItemProgress[]>(page, '/api/my/study/items')).find((p) => p.itemId === video!.id)
        ?.seconds ?? 0;
    expect(await credited(), 'the demo leaves the video unstudied').toBe(0);

    // So that today's study completes a 学时 (the points for it): yesterday's approved 学习强国
    // record brings the year's study to less than a minute short of the next whole 学时.
    const before = await apiGet<Ledger>(page, '/api/my/study/credits');
    const unit = before.minutesPerHour * 60;
    const cum = before.totals.onlineSeconds + before.totals.externalSeconds;
    let boundary = (Math.floor(cum / unit) + 1) * unit;
    if (boundary - cum <= 60) boundary += unit;
    const minutes = Math.ceil((boundary - 60 - cum) / 60);
    const rec = await apiSend<{ id: number }>(page, 'POST', '/api/my/study/external', {
      source: 'xuexi',
      title: '学习强国：每日答题与文章学习',
      studiedOn: dayBefore(today()),
      minutes,
    });
    const secretary = await j.as('secretary');
    await apiSend(secretary.page, 'POST', `/api/hours/external/${rec.id}/decision`, {
      decision: 'approve',
      note: '已核对截图',
    });
    const studyKey = `study:${today()}`;
    const pointsOfToday = async () =>
      (
        await apiGet<{ entries: { data: { sourceKey: string; points: number }[] } }>(
          page,
          '/api/my/points?pageSize=200',
        )
      ).entries.data
        .filter((e) => e.sourceKey === studyKey)
        .reduce((a, e) => a + e.points, 0);
    expect(await pointsOfToday()).toBe(0);

    // What to study → the video.
    await page.goto('/my/study');
    await page.getByTestId('study-list').waitFor();
    await page.locator(`a[href="/my/study/items/${video!.id}"]`).click();
    const player = page.getByTestId('study-video');
    await player.waitFor();
    // Polled with evaluate: waitForFunction's string polling is an eval the page's CSP refuses.
    await expect.poll(() => page.evaluate<boolean>(`(${VIDEO}?.readyState ?? 0) >= 1`)).toBe(true);
    await player.evaluate((v: Video) => {
      v.muted = true;
      return v.play();
    });
    // The server credits the first beats.
    await expect.poll(credited, { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0);
    await page.getByTestId('study-session-line').waitFor();
    await screenshot(page, 'study-player-phone', true);

    // To the background: the video pauses, the beats stop, nothing is credited while hidden.
    await setVisibility(page, 'hidden');
    const hiddenAt = await credited();
    const positionHidden = await player.evaluate((v: Video) => v.currentTime);
    expect(await player.evaluate((v: Video) => v.paused)).toBe(true);
    // Stay hidden past two heartbeat intervals (the server's clock decides; here only time passes).
    await page.waitForTimeout(25_000);
    expect(await credited()).toBe(hiddenAt);
    expect(await player.evaluate((v: Video) => v.currentTime)).toBe(positionHidden);

    // Back in front: it plays on to the end, and the item is credited to its length.
    await setVisibility(page, 'visible');
    await expect
      .poll(() => page.evaluate<boolean>(`${VIDEO}?.ended === true`), { timeout: 180_000, interval: 1000 })
      .toBe(true);
    await expect.poll(credited, { timeout: 60_000, interval: 1000 }).toBe(length);
    await expect
      .poll(async () => (await page.getByTestId('study-item-progress').innerText()).replace(/\s/g, ''))
      .toContain('本资料已学1分钟/1分钟');
    await screenshot(page, 'study-player-finished-phone', true);

    // The trace: the interval spent hidden is there, credited nothing.
    const trace = await apiGet<{
      sessions: { beats: { visible: boolean; creditedSeconds: number; verdict: string }[] }[];
    }>(secretary.page, `/api/hours/members/${memberId}/online?itemId=${video!.id}&day=${today()}`);
    const beats = trace.sessions.flatMap((s) => s.beats);
    expect(beats.some((b) => !b.visible)).toBe(true);
    for (const b of beats) if (!b.visible) expect(b.creditedSeconds).toBe(0);
    expect(beats.reduce((a, b) => a + b.creditedSeconds, 0)).toBe(length);

    // The hours on the member's pages; the points of the 学时 completed today.
    await page.goto('/my/study');
    await settle(page);
    const after = await apiGet<Ledger>(page, '/api/my/study/credits');
    expect(after.totals.onlineSeconds).toBe(before.totals.onlineSeconds + length);
    await expect.poll(pointsOfToday, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.goto('/my/points');
    await settle(page);
    expect(await page.locator('body').innerText()).toContain('学习');
    await screenshot(page, 'study-points-phone', true);

    // The branch's progress page: the member's online hours as the ledger has them.
    const branch = (await me(page)).roles.find((r) => r.role === 'member')!.orgId;
    const rows = await apiGet<{
      data: { memberId: number; name: string; onlineSeconds: number; totalSeconds: number }[];
      basis: { secondsPerHour: number };
    }>(secretary.page, `/api/progress/orgs/${branch}/members?pageSize=200`);
    const row = rows.data.find((r) => r.memberId === memberId);
    expect(row?.onlineSeconds).toBe(after.totals.onlineSeconds);
    // On the page itself: the member's row of the list shows the same online 学时.
    const hours = (s: number) =>
      (Math.round((s / rows.basis.secondsPerHour) * 10) / 10).toLocaleString('zh-CN');
    await secretary.page.goto(`/progress?orgId=${branch}&tab=members&pageSize=100`);
    const memberRow = secretary.page
      .getByTestId('progress-members')
      .locator('tr', { hasText: row?.name ?? '—' })
      .first();
    await memberRow.waitFor();
    const cells = (await memberRow.locator('td').allInnerTexts()).map((t) => t.trim());
    expect(cells).toContain(hours(after.totals.onlineSeconds));
    await settle(secretary.page);
    await screenshot(secretary.page, 'study-progress-branch');
    await secretary.page.goto(`/hours/members/${memberId}`);
    await secretary.page.getByTestId('member-ledger-page').waitFor();
    await settle(secretary.page);
    await screenshot(secretary.page, 'study-ledger');
  }, 600_000);
});
