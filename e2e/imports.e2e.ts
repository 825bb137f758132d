import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerText, MEMBER_COLUMNS } from '../src/server/modules/imports/columns.js';
import {
  apiGet,
  DESKTOP,
  launchBrowser,
  login,
  newContext,
  PHONE,
  screenshot,
  validIdNumber,
  withWrongCheckDigit,
} from './helpers.js';
import { startServer, type TestServer } from './server.js';

interface OrgSummary {
  id: number;
  name: string;
  kind: string;
}

/** The template's header row, as the server writes it. */
const HEADER = MEMBER_COLUMNS.map(headerText);

/** Five people unlikely to be in the demo register (their ID numbers use an unusual sequence). */
const PEOPLE = [
  { name: '欧阳导入', gender: '男', birth: '1986-04-12', g: 'male' as const },
  { name: '司马测试', gender: '女', birth: '1990-08-30', g: 'female' as const },
  { name: '上官表格', gender: '男', birth: '1979-12-01', g: 'male' as const },
  { name: '诸葛文件', gender: '女', birth: '1993-02-17', g: 'female' as const },
  { name: '东方校验', gender: '男', birth: '1988-06-06', g: 'male' as const },
];

async function writeWorkbook(file: string, branch: string, broken: boolean) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员信息');
  ws.addRow(HEADER);
  PEOPLE.forEach((p, i) => {
    let id = validIdNumber(p.birth, p.g, 91 + i);
    let joined = '2012-07-01';
    // Two errors: a wrong check digit (row 3) and an impossible date (row 5).
    if (broken && i === 1) id = withWrongCheckDigit(id);
    if (broken && i === 3) joined = '2019-02-30';
    ws.addRow([p.name, p.gender, '汉族', p.birth, id, '大学本科', '正式党员', joined, '2013-07-01', branch]);
  });
  ws.getColumn(5).numFmt = '@';
  await wb.xlsx.writeFile(file);
}

/**
 * Waits for the result card `testId` after an upload. When it does not come, the failure says why:
 * the import's status and failure as the server has them (the page's importId) and a screenshot.
 */
async function outcome(page: Page, testId: string) {
  try {
    await page.getByTestId(testId).waitFor({ timeout: 30_000 });
  } catch (e) {
    const id = new URL(page.url()).searchParams.get('importId');
    const imp = id
      ? await apiGet<{ status: string; failure: string | null; errorCount: number }>(
          page,
          `/api/imports/${id}`,
        )
          .then((i) => `import ${id}: ${i.status}, failure ${i.failure ?? '-'}, ${i.errorCount} errors`)
          .catch((err) => `import ${id}: ${String(err)}`)
      : 'no importId in the address (the upload did not answer)';
    const shot = await screenshot(page, `imports-no-${testId}`, true).catch(() => '(no screenshot)');
    throw new Error(`${testId} did not appear: ${imp}; screenshot ${shot}`, { cause: e });
  }
}

/**
 * 数据导入: the district admin opens 数据导入, uploads a members file with two errors, reads them by
 * row and column, uploads the fixed file, commits, finds the members in 党员名册, and rolls back.
 */
describe('import members from Excel', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dir: string;
  let branch: OrgSummary;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.url, DESKTOP);
    page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-import-'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a file with errors and sees each by row and column', async () => {
    await login(page, 'district');
    const branches = await apiGet<{ data: OrgSummary[] }>(page, '/api/orgs?kind=branch&limit=20');
    branch = branches.data.find((o) => o.kind === 'branch')!;
    expect(branch).toBeTruthy();
    const broken = path.join(dir, '党员信息-有错误.xlsx');
    await writeWorkbook(broken, branch.name, true);

    await page.getByTestId('menu-imports').click();
    await page.waitForURL(/\/imports/);
    await page.getByTestId('import-kind').waitFor();
    // The Dragger passes its test id to its (hidden) file input.
    await page.locator('input[type="file"][data-testid="import-upload"]').setInputFiles(broken);
    await outcome(page, 'import-invalid');
    expect(await page.getByTestId('import-has-errors').innerText()).toContain('发现 2 处错误');
    const rows = page.getByTestId('import-errors').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    const first = await rows.nth(0).innerText();
    expect(first).toContain('3');
    expect(first).toContain('身份证号');
    expect(first).toContain('校验码错误');
    const second = await rows.nth(1).innerText();
    expect(second).toContain('5');
    expect(second).toContain('入党日期');
    expect(second).toContain('不是有效的日期');
    expect(await page.getByTestId('import-commit').count()).toBe(0);
    await screenshot(page, 'imports-errors-desktop', true);

    const phone = await newContext(browser, server.url, PHONE);
    const p = await phone.newPage();
    await login(p, 'district');
    await p.goto(page.url().replace(server.url, ''));
    await p.getByTestId('import-invalid').waitFor();
    await screenshot(p, 'imports-errors-phone', true);
    const width = Number(await p.evaluate('document.documentElement.scrollWidth'));
    expect(width).toBeLessThanOrEqual(390);
    await phone.close();
  });

  it('uploads the fixed file, commits, and finds the members in 党员名册', async () => {
    const fixed = path.join(dir, '党员信息.xlsx');
    await writeWorkbook(fixed, branch.name, false);
    await page.locator('input[type="file"][data-testid="import-upload"]').setInputFiles(fixed);
    await outcome(page, 'import-valid');
    expect(await page.getByTestId('import-valid').innerText()).toContain('可以导入 5 行');
    await screenshot(page, 'imports-valid-desktop');
    await page.getByTestId('import-commit').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-done').innerText()).toContain('已导入 5 名党员');

    await page.getByTestId('import-goto').click();
    await page.waitForURL(/\/members/);
    const search = page.locator('input[placeholder*="姓名"]').first();
    await search.fill('欧阳导入');
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toContain('欧阳导入');
    const list = await apiGet<{ total: number }>(
      page,
      `/api/members?orgId=${branch.id}&q=${encodeURIComponent('司马测试')}`,
    );
    expect(list.total).toBe(1);
  });

  it('rolls the import back from the history', async () => {
    await page.goto('/imports');
    await page.getByTestId('import-history').waitFor();
    const button = page.getByTestId('import-history').locator('[data-testid^="import-rollback-"]').first();
    await button.click();
    await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
    await expect
      .poll(() => page.getByTestId('import-history').innerText(), { timeout: 15_000 })
      .toContain('已撤销');
    const list = await apiGet<{ total: number }>(page, `/api/members?q=${encodeURIComponent('欧阳导入')}`);
    expect(list.total).toBe(0);
    await screenshot(page, 'imports-history-desktop');
  });
});
