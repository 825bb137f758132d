import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnualReportDto } from '../src/shared/contracts/stats.js';
import { apiGet, DESKTOP, launchBrowser, login, me, newContext, PHONE, screenshot } from './helpers.js';
import { startServer, type TestServer } from './server.js';

/**
 * 统计年报 (issue #6). The district's organization department opens last year's report from the
 * menu: the headline figures and the balance line match the API, then the report as of a date,
 * then the .xlsx download, whose tables carry the same figures. A branch secretary reads the
 * branch's report on a phone.
 */
describe('annual statistical report', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let orgId: number;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.url, DESKTOP);
    page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens last year’s report of the district from the menu, balanced and equal to the API', async () => {
    await login(page, 'district');
    orgId = (await me(page)).scopeRoots[0]!.orgId;
    await page.getByTestId('menu-stats/report').click();
    await page.getByTestId('report-balance').waitFor();
    const year = new Date().getFullYear() - 1;
    const api = await apiGet<AnnualReportDto>(page, `/api/orgs/${orgId}/report?year=${year}`);
    expect(api.reconciliation.balanced).toBe(true);
    expect(api.reconciliation.closing).toBeGreaterThan(0);
    const balance = await page.getByTestId('report-balance').innerText();
    expect(balance).toContain(`期末 ${api.reconciliation.closing}`);
    expect(balance).toContain('增减平衡');
    const headline = await page.getByTestId('report-headline').innerText();
    expect(headline.replace(/,/g, '')).toContain(String(api.reconciliation.closing));
    for (const code of ['表一', '表二', '表三', '表四'])
      await page.getByTestId(`report-table-${code}`).waitFor();
    await screenshot(page, 'report-desktop');
  });

  it('switches to a report as of a date', async () => {
    await page.getByTestId('report-mode').getByText('截至日期').click();
    await expect.poll(() => page.url()).toContain('asOf=');
    await expect
      .poll(() => page.locator('.report-title h2').innerText(), { timeout: 15_000 })
      .toContain('截至');
    await expect.poll(() => page.getByTestId('report-balance').innerText()).toContain('增减平衡');
  });

  it('downloads the workbook with the same figures', async () => {
    await page.getByTestId('report-mode').getByText('按年度').click();
    await expect.poll(() => page.url()).not.toContain('asOf=');
    const year = new Date().getFullYear() - 1;
    const api = await apiGet<AnnualReportDto>(page, `/api/orgs/${orgId}/report?year=${year}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-download').click(),
    ]);
    expect(download.suggestedFilename()).toContain(`${year}年统计年报`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['封面', '表一', '表二', '表三', '表四']);
    const sheet = wb.getWorksheet('表一')!;
    let total: unknown = null;
    sheet.eachRow((r) => {
      if (r.getCell(1).value === '党员总数') total = r.getCell(2).value;
    });
    expect(total).toBe(api.reconciliation.closing);
    expect(String(wb.getWorksheet('封面')!.getCell('B8').value)).toContain('导出人');
  });

  it('a branch secretary reads the branch’s report on a phone', async () => {
    const phoneContext = await newContext(browser, server.url, PHONE);
    const phone = await phoneContext.newPage();
    await phone.emulateMedia({ reducedMotion: 'reduce' });
    await login(phone, 'secretary');
    await phone.goto('/stats/report');
    await phone.getByTestId('report-balance').waitFor();
    await screenshot(phone, 'report-phone', true);
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - screen.width');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await phone.locator('body').innerText()).not.toMatch(/undefined|NaN|null/);
    await phoneContext.close();
  });
});
