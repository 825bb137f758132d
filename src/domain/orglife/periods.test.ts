import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../common/dates.js';
import {
  PERIOD_UNITS,
  parsePeriodKey,
  periodLabel,
  periodOf,
  periodsBetween,
  periodUnitOfMonths,
} from './periods.js';

describe('periodOf', () => {
  it('splits quarters at 03-31 / 04-01 and years at 12-31 / 01-01', () => {
    expect(periodOf('2026-03-31', 'quarter')).toEqual({
      unit: 'quarter',
      key: '2026-Q1',
      start: '2026-01-01',
      end: '2026-03-31',
    });
    expect(periodOf('2026-04-01', 'quarter')).toEqual({
      unit: 'quarter',
      key: '2026-Q2',
      start: '2026-04-01',
      end: '2026-06-30',
    });
    expect(periodOf('2026-09-30', 'quarter').key).toBe('2026-Q3');
    expect(periodOf('2026-11-23', 'quarter')).toEqual({
      unit: 'quarter',
      key: '2026-Q4',
      start: '2026-10-01',
      end: '2026-12-31',
    });
    expect(periodOf('2026-12-31', 'year')).toEqual({
      unit: 'year',
      key: '2026',
      start: '2026-01-01',
      end: '2026-12-31',
    });
    expect(periodOf('2027-01-01', 'year').key).toBe('2027');
    expect(periodOf('2026-06-30', 'half_year')).toEqual({
      unit: 'half_year',
      key: '2026-H1',
      start: '2026-01-01',
      end: '2026-06-30',
    });
    expect(periodOf('2026-07-01', 'half_year').key).toBe('2026-H2');
  });

  it('ends months on their real last day, including 02-29 in leap years', () => {
    expect(periodOf('2024-02-10', 'month')).toEqual({
      unit: 'month',
      key: '2024-02',
      start: '2024-02-01',
      end: '2024-02-29',
    });
    expect(periodOf('2026-02-28', 'month').end).toBe('2026-02-28');
    expect(periodOf('2000-02-01', 'month').end).toBe('2000-02-29');
    expect(periodOf('1900-02-01', 'month').end).toBe('1900-02-28');
    expect(periodOf('2026-04-30', 'month').end).toBe('2026-04-30');
    expect(periodOf('2026-11-30', 'month').key).toBe('2026-11');
  });

  it('works from the date string alone (Asia/Shanghai calendar dates, no instants) and refuses bad dates', () => {
    // A date that a UTC `Date` would place on the previous day still lands in its own quarter.
    expect(periodOf('2026-04-01', 'quarter').key).toBe('2026-Q2');
    expect(() => periodOf('2026-02-30', 'month')).toThrow(RangeError);
    expect(() => periodOf('2026-4-1', 'month')).toThrow('无效的日期');
  });

  it('contains its date, and consecutive periods tile the calendar (property)', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2020-01-01', n));
    fc.assert(
      fc.property(day, fc.constantFrom(...PERIOD_UNITS), (d, unit) => {
        const p = periodOf(d, unit);
        expect(p.start <= d && d <= p.end).toBe(true);
        expect(periodOf(p.start, unit)).toEqual(p);
        expect(periodOf(p.end, unit)).toEqual(p);
        expect(periodOf(addDays(p.end, 1), unit).start).toBe(addDays(p.end, 1));
        expect(parsePeriodKey(p.key)).toEqual(p);
      }),
    );
  });
});

describe('periodsBetween', () => {
  it('lists every period overlapping the months', () => {
    expect(periodsBetween('2026-02', '2026-07', 'quarter').map((p) => p.key)).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
    ]);
    expect(periodsBetween('2025-11', '2026-02', 'month').map((p) => p.key)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(periodsBetween('2025-12', '2026-01', 'year').map((p) => p.key)).toEqual(['2025', '2026']);
    expect(periodsBetween('2026-06', '2026-07', 'half_year').map((p) => p.key)).toEqual([
      '2026-H1',
      '2026-H2',
    ]);
    expect(periodsBetween('2026-05', '2026-04', 'month')).toEqual([]);
    expect(() => periodsBetween('2026-13', '2026-12', 'month')).toThrow('无效的月份');
  });
});

describe('parsePeriodKey and periodLabel', () => {
  it('parses each key form and rejects malformed ones', () => {
    expect(parsePeriodKey('2026-Q4')?.end).toBe('2026-12-31');
    expect(parsePeriodKey('2026-H1')?.end).toBe('2026-06-30');
    expect(parsePeriodKey('2024-02')?.end).toBe('2024-02-29');
    expect(parsePeriodKey('2026')?.unit).toBe('year');
    for (const bad of ['2026-Q5', '2026-H3', '2026-13', '2026-00', '26-Q1', '2026-q1', '', '0000']) {
      expect(parsePeriodKey(bad), bad).toBeNull();
    }
  });

  it('labels in Chinese', () => {
    expect(periodLabel('2026-11')).toBe('2026年11月');
    expect(periodLabel('2026-01')).toBe('2026年1月');
    expect(periodLabel('2026-Q1')).toBe('2026年第一季度');
    expect(periodLabel('2026-Q4')).toBe('2026年第四季度');
    expect(periodLabel('2026-H1')).toBe('2026年上半年');
    expect(periodLabel('2026-H2')).toBe('2026年下半年');
    expect(periodLabel('2026')).toBe('2026年度');
    expect(() => periodLabel('2026-Q0')).toThrow('无效的考核周期');
  });
});

describe('periodUnitOfMonths', () => {
  it('maps the catalog months count and refuses non-calendar periods', () => {
    expect([1, 3, 6, 12].map(periodUnitOfMonths)).toEqual(['month', 'quarter', 'half_year', 'year']);
    for (const n of [0, 2, 4, 5, 7, 13]) expect(() => periodUnitOfMonths(n)).toThrow('无效的考核周期');
  });
});
