import { describe, expect, it } from 'vitest';
import { cellText, MEMBER_COLUMNS, normalizeHeader, ORG_COLUMNS, parseDateCell, plain } from './columns.js';

describe('parseDateCell', () => {
  it('reads Excel dates as their calendar day', () => {
    expect(parseDateCell(new Date('2020-05-01T00:00:00Z'))).toEqual({ date: '2020-05-01' });
    // A date with a time of day (or a float just below midnight) stays on its day.
    expect(parseDateCell(new Date('2020-05-01T13:30:00Z'))).toEqual({ date: '2020-05-01' });
    expect(parseDateCell(new Date('2020-04-30T23:59:59.700Z'))).toEqual({ date: '2020-05-01' });
  });

  it('reads the text forms people type', () => {
    for (const s of ['2020-05-01', '2020/5/1', '2020.05.01', '2020年5月1日', '20200501', ' 2020-5-01 ']) {
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

describe('headers and cells', () => {
  it('a header matches with or without the star, brackets and spaces', () => {
    expect(normalizeHeader('身份证号*')).toBe('身份证号');
    expect(normalizeHeader(' 出生日期＊ ')).toBe('出生日期');
    expect(normalizeHeader('入党日期（YYYY-MM-DD）')).toBe('入党日期');
    expect(normalizeHeader('所在 党支部 (全称)')).toBe('所在党支部');
  });

  it('plain values: rich text joined, formula results, blanks as null', () => {
    expect(plain({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(plain({ formula: 'A1', result: '汉族' })).toBe('汉族');
    expect(plain('   ')).toBeNull();
    expect(plain(undefined)).toBeNull();
    expect(cellText('６２０１０２')).toBe('620102');
  });

  it('every column has a unique header, and enumerations carry their labels', () => {
    for (const cols of [MEMBER_COLUMNS, ORG_COLUMNS]) {
      expect(new Set(cols.map((c) => c.header)).size).toBe(cols.length);
    }
    const ethnicity = MEMBER_COLUMNS.find((c) => c.key === 'ethnicity');
    expect(ethnicity?.options).toHaveLength(56);
    expect(ethnicity?.options?.[0]).toEqual({ code: '01', label: '汉族' });
    const kind = ORG_COLUMNS.find((c) => c.key === 'kind');
    expect(kind?.options?.map((o) => o.label)).toEqual(['党委', '党总支', '党支部', '联合党支部', '党小组']);
  });
});
