import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, me, newContext, PHONE, screenshot, settle, useJourney } from './helpers.js';

/** Where the column headers are in an exported sheet (title, filters, watermark above). */
const HEADER_ROW = 4;

/** Opens a select by its test id and picks the option with this text. */
async function pickOption(page: Page, testId: string, label: string) {
  const select = page.getByTestId(testId);
  await select.click();
  const input = select.locator('input').first();
  await expect.poll(() => input.getAttribute('aria-controls'), { timeout: 5_000 }).toBeTruthy();
  const listId = (await input.getAttribute('aria-controls'))!;
  const dropdown = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${listId}"]`) });
  const option = dropdown.locator('.ant-select-item-option', { hasText: label }).first();
  await option.waitFor();
  await option.click();
}

const totalOnScreen = async (page: Page) => {
  const text = await page.getByTestId('member-total').innerText();
  return Number(/共\s*(\d+)/.exec(text)?.[1]);
};

/**
 * Exports (issue #6). The demo secretary filters the register to women, clicks 导出 and gets an
 * .xlsx with exactly the rows the list counts, watermarked with their name; the auditor then finds
 * the export in the audit log.
 */
describe('exports', () => {
  const j = useJourney();
  let secretary: { displayName: string };

  it('the secretary exports the filtered member list; the file has the list’s rows and the watermark', async () => {
    const context = await newContext(j.browser, j.server.url, DESKTOP);
    const page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await login(page, 'secretary');
    secretary = await me(page);
    await page.goto('/members');
    await page.getByTestId('member-total').waitFor();
    const all = await totalOnScreen(page);

    await pickOption(page, 'filter-gender', '女');
    await expect.poll(() => page.url()).toContain('gender=female');
    // The count follows once the filtered page has loaded.
    await expect.poll(() => totalOnScreen(page), { timeout: 15_000 }).toBeLessThan(all);
    await settle(page);
    const women = await totalOnScreen(page);
    expect(women).toBeGreaterThan(0);

    const button = page.getByTestId('export-button');
    await button.hover();
    await expect
      .poll(() => page.locator('.ant-tooltip').innerText(), { timeout: 5_000 })
      .toContain('导出当前筛选结果（含水印，操作将被记录）');
    await screenshot(page, 'exports-members-desktop');

    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^党员名册-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('党员名册')!;
    let rows = 0;
    ws.eachRow((_r, n) => {
      if (n > HEADER_ROW) rows++;
    });
    expect(rows).toBe(women);
    const gender = (ws.getRow(HEADER_ROW).values as ExcelJS.CellValue[]).indexOf('性别');
    ws.eachRow((r, n) => {
      if (n > HEADER_ROW) expect(r.getCell(gender).value).toBe('女');
    });
    expect(String(ws.getRow(2).getCell(1).value)).toContain('性别：女');
    expect(String(ws.getRow(3).getCell(1).value)).toContain(`导出人：${secretary.displayName}（secretary）`);
    expect(ws.headerFooter.oddFooter).toContain('水印编号：');
    await context.close();
  });

  it('the admin exports the whole register: every member in the file, as many as the list says (issue #16)', async () => {
    const context = await newContext(j.browser, j.server.url, DESKTOP);
    const page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await login(page, 'admin');
    await page.goto('/members');
    await page.getByTestId('member-total').waitFor();
    await settle(page);
    // The exact number (the demo's ~8,500), not "超过 1,000 条" nor an estimate.
    const text = await page.getByTestId('member-total').innerText();
    expect(text).toMatch(/^共 \d+ 名党员$/);
    const total = await totalOnScreen(page);
    expect(total).toBeGreaterThan(1000);
    await screenshot(page, 'exports-register-admin-desktop');

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByTestId('export-button').click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const ws = wb.getWorksheet('党员名册')!;
    let rows = 0;
    ws.eachRow((_r, n) => {
      if (n > HEADER_ROW) rows++;
    });
    expect(rows).toBe(total);
    expect(String(ws.getRow(2).getCell(1).value)).toBe(
      `筛选条件：全部（未筛选）；共 ${total.toLocaleString('zh-CN')} 条`,
    );
    await context.close();
  }, 180_000);

  it('the export button fits the toolbar on a phone', async () => {
    const context = await newContext(j.browser, j.server.url, PHONE);
    const page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await login(page, 'secretary');
    await page.goto('/members?gender=female');
    await page.getByTestId('member-total').waitFor();
    const box = await page.getByTestId('export-button').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'exports-members-phone');
    await context.close();
  });

  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`every list page of the secretary has the export button in its toolbar (${label})`, async () => {
      const context = await newContext(j.browser, j.server.url, viewport);
      const page = await context.newPage();
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await login(page, 'secretary');
      const branch = (await me(page)).roles.find((r) => r.role === 'secretary')!.orgId;
      const pages: Array<[string, string, string]> = [
        ['transfers', '/transfers', 'export-button'],
        ['meetings', '/meetings', 'export-button'],
        ['heart-talks', '/heart-talks', 'export-button'],
        ['cases', '/development/cases', 'export-button'],
        ['arrears', `/dues/arrears?orgId=${branch}`, 'export-button'],
        ['ledger', `/dues/collection?orgId=${branch}`, 'export-link'],
      ];
      for (const [name, url, testId] of pages) {
        await page.goto(url);
        const button = page.getByTestId(testId);
        // The collection sheet fills the month's ledger on first opening: give it time.
        await button.waitFor({ timeout: 30_000 });
        const box = (await button.boundingBox())!;
        expect(box.x + box.width, name).toBeLessThanOrEqual(viewport.width);
        await screenshot(page, `exports-${name}-${label}`);
      }
      await context.close();
    });
  }

  it('the auditor sees the export in the audit log', async () => {
    const context = await newContext(j.browser, j.server.url, DESKTOP);
    const page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await login(page, 'auditor');
    await page.goto('/audit?action=member.export');
    const table = page.getByTestId('audit-table');
    const row = table.locator('.ant-table-row', { hasText: 'secretary' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('导出党员名册');
    await row.locator('.ant-table-row-expand-icon').click();
    await expect.poll(() => table.innerText()).toContain('性别：女');
    await screenshot(page, 'exports-audit-desktop');
    await context.close();
  });
});
