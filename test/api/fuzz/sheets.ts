/**
 * Real workbooks for the import routes: the server's own template (so the header row is right and the
 * upload reaches the row checks) with rows of nasty cell values under it, and one with a formula.
 */
import ExcelJS from 'exceljs';
import type { App } from '../../../src/server/app.js';
import { importKind } from '../../../src/shared/contracts/imports.js';
import { NASTY_STRINGS } from './nasty.js';

/** Plausible values, so that some rows get past the first column's checks. */
const PLAUSIBLE = [
  '张建国',
  '620102198001010017',
  '13800001111',
  '2026-11-23',
  '男',
  '汉族',
  '正式党员',
  '1',
];

async function filled(template: Buffer, rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const columns = Math.max(ws.getRow(1).cellCount, 1);
  for (let r = 0; r < rows; r++) {
    const values = Array.from({ length: columns }, (_, c) =>
      (r + c) % 3 === 0
        ? PLAUSIBLE[(r + c) % PLAUSIBLE.length]
        : NASTY_STRINGS[(r * 7 + c * 3) % NASTY_STRINGS.length].slice(0, 2_000),
    );
    ws.addRow(values);
  }
  ws.addRow([{ formula: 'HYPERLINK("http://example.invalid","x")' }, '=1+1', '@SUM(A1)']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Workbooks built from every import template the app serves, signed in with `cookie`. */
export async function importWorkbooks(app: App, cookie: string | null, orgId: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  const urls = [
    ...importKind.options.map((kind) => `/api/imports/template?kind=${kind}`),
    `/api/dues/imports/template?orgId=${orgId}`,
  ];
  for (const url of urls) {
    const res = await app.inject({ url, headers: cookie ? { cookie } : {} });
    if (res.statusCode !== 200) continue;
    out.push(await filled(res.rawPayload, 6), await filled(res.rawPayload, 0));
  }
  return out;
}
