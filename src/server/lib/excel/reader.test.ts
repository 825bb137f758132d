import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { defineColumns } from './columns.js';
import { type RawRow, readSheet, SheetFailure, xlsxProblem } from './reader.js';

const COLUMNS = defineColumns([
  { key: 'name', header: '姓名', required: true },
  { key: 'on', header: '日期', type: 'date', required: true },
  { key: 'note', header: '备注' },
]);

type Row = (string | number | Date | null)[];

async function workbook(sheets: Record<string, Row[]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function rows(source: string | Buffer, sheet?: string) {
  const out: RawRow[] = [];
  for await (const r of readSheet(source, COLUMNS, { sheet })) out.push(r);
  return out;
}

async function failure(source: string | Buffer) {
  try {
    await rows(source);
  } catch (e) {
    if (e instanceof SheetFailure) return { kind: e.kind, message: e.message };
    throw e;
  }
  throw new Error('no failure');
}

const dir = mkdtempSync(path.join(tmpdir(), 'jiceng-excel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readSheet', () => {
  it('yields the data rows by column key (from bytes or a file), skipping blank and example rows', async () => {
    const data = await workbook({
      数据: [
        ['日期*', '姓名*'],
        [new Date('2020-05-01T00:00:00Z'), '（示例）张三'],
        ['2021-01-02', '李四'],
        [null, null],
        ['x', '王五'],
      ],
    });
    const expected = [
      { rowNo: 3, cells: { name: '李四', on: '2021-01-02', note: null } },
      { rowNo: 5, cells: { name: '王五', on: 'x', note: null } },
    ];
    expect(await rows(data)).toEqual(expected);
    const file = path.join(dir, 'a.xlsx');
    writeFileSync(file, data);
    expect(await rows(file)).toEqual(expected);
  });

  it('reads the named sheet when the workbook has it, else the first', async () => {
    const data = await workbook({
      说明: [
        ['姓名', '日期'],
        ['说明页', '2020-01-01'],
      ],
      数据: [
        ['姓名', '日期'],
        ['数据页', '2020-01-01'],
      ],
    });
    expect((await rows(data, '数据')).map((r) => r.cells.name)).toEqual(['数据页']);
    expect((await rows(data, '别的')).map((r) => r.cells.name)).toEqual(['说明页']);
    expect((await rows(data)).map((r) => r.cells.name)).toEqual(['说明页']);
  });

  it('whole-file problems: not an .xlsx, a broken zip, no header, wrong columns, header not on row 1', async () => {
    expect(xlsxProblem(Buffer.alloc(0))).toContain('0字节');
    expect(xlsxProblem(Buffer.from('姓名,日期\n'))).toContain('不是有效的 Excel（.xlsx）文件');
    expect(await failure(Buffer.from('姓名,日期\n'))).toMatchObject({ kind: 'unreadable' });
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
    expect(await failure(zip)).toMatchObject({
      kind: 'unreadable',
      message: expect.stringContaining('.xlsx'),
    });
    expect(await failure(await workbook({ 数据: [] }))).toMatchObject({
      kind: 'empty',
      message: expect.stringContaining('文件是空的'),
    });
    expect(await failure(await workbook({ 数据: [['姓名', '籍贯']] }))).toEqual({
      kind: 'header',
      message: '表头与模板不符（缺少列：日期；无法识别的列：籍贯）。请下载模板，按模板的列填写后上传',
    });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.getRow(2).values = ['姓名', '日期'];
    expect(await failure(Buffer.from(await wb.xlsx.writeBuffer()))).toMatchObject({
      kind: 'header',
      message: expect.stringContaining('第1行应为表头'),
    });
  });

  it('an error in the caller’s loop is not taken for a broken file', async () => {
    const data = await workbook({
      数据: [
        ['姓名', '日期'],
        ['甲', '2020-01-01'],
      ],
    });
    await expect(
      (async () => {
        for await (const _ of readSheet(data, COLUMNS)) throw new Error('ours');
      })(),
    ).rejects.toThrow('ours');
  });
});

describe('readSheet when the spool is slow', () => {
  // exceljs writes the worksheet before the shared strings, so the reader spools it to a file
  // first. A busy thread pool (password hashing, inflating, the database) makes that file I/O
  // slow; the zip's unpacking used to reach the end meanwhile and the parts after the worksheet
  // (the workbook, written last) were dropped: a valid file read as broken (docs/security.md).
  const tmp = createRequire(createRequire(import.meta.url).resolve('exceljs'))('tmp') as {
    file: (...args: unknown[]) => void;
  };

  it('reads every part of the workbook however long the spool file takes to open', async () => {
    const data = await workbook({
      数据: [
        ['姓名', '日期'],
        ['甲', '2020-01-01'],
        ['乙', '2020-01-02'],
      ],
      说明: [['说明']],
    });
    const file = path.join(dir, 'slow.xlsx');
    writeFileSync(file, data);
    const file_ = tmp.file;
    tmp.file = (...args: unknown[]) => {
      setTimeout(() => file_(...args), 50);
    };
    try {
      for (const source of [data, file]) {
        expect((await rows(source)).map((r) => r.cells.name)).toEqual(['甲', '乙']);
        expect((await rows(source, '数据')).map((r) => r.cells.name)).toEqual(['甲', '乙']);
      }
    } finally {
      tmp.file = file_;
    }
  });
});
