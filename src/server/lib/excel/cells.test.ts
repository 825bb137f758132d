import { describe, expect, it } from 'vitest';
import {
  cellText,
  parseDateCell,
  parseIntegerCell,
  parseMonthCell,
  parseOptionCell,
  parseYuanCell,
  plain,
} from './cells.js';

describe('plain values and text', () => {
  it('rich text joined, formula results, hyperlink text; blanks as null', () => {
    expect(plain({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(plain({ formula: 'A1', result: '汉族' })).toBe('汉族');
    expect(plain({ text: '链接', hyperlink: 'https://example.org' })).toBe('链接');
    expect(plain('   ')).toBeNull();
    expect(plain(undefined)).toBeNull();
    expect(plain(new Date(Number.NaN))).toBeNull();
  });

  it('text is NFKC-normalized and trimmed: full-width digits, letters and brackets', () => {
    expect(cellText('６２０１０２')).toBe('620102');
    expect(cellText(' ＡＢＣ（备注） ')).toBe('ABC(备注)');
    expect(cellText(42)).toBe('42');
    expect(cellText(new Date('2020-05-01T00:00:00Z'))).toBe('2020-05-01');
    expect(cellText(null)).toBe('');
  });
});

describe('parseDateCell', () => {
  it('reads Excel dates as their calendar day', () => {
    expect(parseDateCell(new Date('2020-05-01T00:00:00Z'))).toEqual({ date: '2020-05-01' });
    // A date with a time of day (or a float just below midnight) stays on its day.
    expect(parseDateCell(new Date('2020-05-01T13:30:00Z'))).toEqual({ date: '2020-05-01' });
    expect(parseDateCell(new Date('2020-04-30T23:59:59.700Z'))).toEqual({ date: '2020-05-01' });
  });

  it('reads the text forms people type, full-width digits too', () => {
    for (const s of [
      '2020-05-01',
      '2020/5/1',
      '2020.05.01',
      '2020年5月1日',
      '20200501',
      ' 2020-5-01 ',
      '２０２０－０５－０１',
    ]) {
      expect(parseDateCell(s)).toEqual({ date: '2020-05-01' });
    }
    expect(parseDateCell(20200501)).toEqual({ date: '2020-05-01' });
  });

  it('reads a serial day number typed into a general cell', () => {
    // 43952 is 2020-05-01 in Excel's 1900 date system.
    expect(parseDateCell(43952)).toEqual({ date: '2020-05-01' });
  });

  it('rejects impossible and malformed dates with a Chinese reason', () => {
    expect(parseDateCell('2021-02-29')).toEqual({ error: '不是有效的日期（“2021-02-29”）' });
    expect(parseDateCell('2020-13-01')).toMatchObject({ error: expect.stringContaining('不是有效的日期') });
    expect(parseDateCell('5/1/2020')).toMatchObject({ error: expect.stringContaining('格式不正确') });
    expect(parseDateCell('去年')).toMatchObject({ error: expect.stringContaining('应为 YYYY-MM-DD') });
    expect(parseDateCell(-3)).toMatchObject({ error: expect.stringContaining('日期无效') });
    expect(parseDateCell(null)).toBeNull();
  });
});

describe('parseMonthCell', () => {
  it('reads months as typed, and a date as its month', () => {
    for (const v of ['2026-01', '2026/1', '2026.01', '2026年1月', '202601', '２０２６－０１', 202601]) {
      expect(parseMonthCell(v)).toEqual({ month: '2026-01' });
    }
    expect(parseMonthCell(new Date('2026-01-01T00:00:00Z'))).toEqual({ month: '2026-01' });
    expect(parseMonthCell('2026-01-15')).toEqual({ month: '2026-01' });
    expect(parseMonthCell(null)).toBeNull();
  });

  it('rejects months and dates that do not exist', () => {
    expect(parseMonthCell('2026-13')).toEqual({ error: '不是有效的月份（“2026-13”）' });
    expect(parseMonthCell('2026-02-30')).toEqual({ error: '不是有效的日期（“2026-02-30”）' });
    expect(parseMonthCell('明年')).toMatchObject({ error: expect.stringContaining('应为 YYYY-MM') });
  });
});

describe('numbers', () => {
  it('integers as numbers or text (full-width digits too)', () => {
    expect(parseIntegerCell(123)).toEqual({ value: 123 });
    expect(parseIntegerCell('１２３')).toEqual({ value: 123 });
    expect(parseIntegerCell('12a')).toEqual({ error: '须为数字' });
    expect(parseIntegerCell(1.5)).toEqual({ error: '须为数字' });
    expect(parseIntegerCell('1234567890')).toMatchObject({ error: expect.stringContaining('过大') });
  });

  it('yuan to fen exactly, with the reasons a figure is refused', () => {
    expect(parseYuanCell(5200.5)).toEqual({ fen: 520_050 });
    expect(parseYuanCell('１，２００.０５')).toEqual({ fen: 120_005 });
    expect(parseYuanCell('0.1')).toEqual({ fen: 10 });
    expect(parseYuanCell('abc')).toEqual({ error: '须为数字' });
    expect(parseYuanCell(-1)).toEqual({ error: '不能为负数' });
    expect(parseYuanCell(5000.123)).toEqual({ error: '最多两位小数（到分）' });
    expect(parseYuanCell(2_000_000)).toMatchObject({ error: expect.stringContaining('100万元') });
    expect(parseYuanCell(null)).toBeNull();
  });
});

describe('parseOptionCell', () => {
  const options = [
    { code: 'employed', label: '在职（按月工资）' },
    { code: '01', label: '汉族' },
  ];
  it('by Chinese label (brackets full- or half-width), by code, with an omittable ending', () => {
    expect(parseOptionCell(options, '在职（按月工资）')).toEqual({ code: 'employed' });
    expect(parseOptionCell(options, '在职(按月工资)')).toEqual({ code: 'employed' });
    expect(parseOptionCell(options, 'employed')).toEqual({ code: 'employed' });
    expect(parseOptionCell(options, '汉', ['族'])).toEqual({ code: '01' });
    expect(parseOptionCell(options, '汉')).toEqual({ error: '无法识别“汉”，请从下拉列表中选择' });
    expect(parseOptionCell(options, null)).toBeNull();
  });
});
