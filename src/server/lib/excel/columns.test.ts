import { describe, expect, it } from 'vitest';
import { defineColumns, labelOf, matchHeader, normalizeHeader, readRow } from './columns.js';

const COLUMNS = defineColumns([
  { key: 'id', header: '编号', type: 'integer', required: true, aliases: ['党员编号'] },
  { key: 'on', header: '日期', type: 'date', required: true },
  { key: 'base', header: '金额（元）', type: 'yuan', inHeader: true },
  { key: 'kind', header: '类别', type: 'enum', options: [{ code: 'a', label: '甲类' }] },
  { key: 'note', header: '备注' },
]);

const texts = (...headers: string[]) => new Map(headers.map((h, i) => [i + 1, h]));

describe('headers', () => {
  it('a header matches with or without the star, brackets, spaces, in full-width forms', () => {
    expect(normalizeHeader('身份证号*')).toBe('身份证号');
    expect(normalizeHeader(' 出生日期＊ ')).toBe('出生日期');
    expect(normalizeHeader('入党日期（YYYY-MM-DD）')).toBe('入党日期');
    expect(normalizeHeader('所在 党支部 (全称)')).toBe('所在党支部');
    expect(labelOf(COLUMNS[2])).toBe('金额');
  });

  it('matches by header and alias; names every missing, unknown and repeated column', () => {
    const ok = matchHeader(COLUMNS, texts('党员编号', '日期*', '金额(元)', '备注'));
    expect(ok.ok && [...ok.byPosition].map(([p, c]) => [p, c.key])).toEqual([
      [1, 'id'],
      [2, 'on'],
      [3, 'base'],
      [4, 'note'],
    ]);
    const bad = matchHeader(COLUMNS, texts('编号', '籍贯', '编号', ''));
    expect(bad).toEqual({
      ok: false,
      message:
        '表头与模板不符（缺少列：日期、金额（元）；无法识别的列：籍贯、编号（重复））。请下载模板，按模板的列填写后上传',
    });
  });
});

describe('readRow', () => {
  it('types each value and reports each wrong or missing cell on its column, by its label', () => {
    const good = readRow(COLUMNS, {
      id: '１２',
      on: '2026/3/1',
      base: '8,000.5',
      kind: '甲类',
      note: ' 好 ',
    });
    expect(good).toEqual({
      values: { id: 12, on: '2026-03-01', base: 800_050, kind: 'a', note: '好' },
      errors: [],
    });
    const bad = readRow(COLUMNS, { id: null, on: '2026-02-30', base: 'x', kind: '乙类', note: null });
    expect(bad.values).toEqual({ id: null, on: null, base: null, kind: null, note: null });
    expect(bad.errors).toEqual([
      { column: '编号', message: '编号：必填' },
      { column: '日期', message: '日期：不是有效的日期（“2026-02-30”）' },
      { column: '金额（元）', message: '金额：须为数字' },
      { column: '类别', message: '类别：无法识别“乙类”，请从下拉列表中选择' },
    ]);
  });
});
