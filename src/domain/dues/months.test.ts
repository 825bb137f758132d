import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonthsTo,
  firstDay,
  isMonth,
  lastDay,
  monthDiff,
  monthOf,
  monthRange,
  yearMonths,
} from './months.js';

const monthArb = fc
  .record({ y: fc.integer({ min: 1950, max: 2100 }), m: fc.integer({ min: 1, max: 12 }) })
  .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);

describe('months', () => {
  it('recognises YYYY-MM only', () => {
    expect(isMonth('2026-01')).toBe(true);
    expect(isMonth('2026-12')).toBe(true);
    for (const bad of ['2026-00', '2026-13', '2026-1', '26-01', '2026-01-01', 202601, null]) {
      expect(isMonth(bad)).toBe(false);
    }
    expect(() => firstDay('2026-13')).toThrow();
  });

  it('adds months across years, both ways', () => {
    expect(addMonthsTo('2025-12', 1)).toBe('2026-01');
    expect(addMonthsTo('2026-01', -1)).toBe('2025-12');
    expect(addMonthsTo('2026-11', 14)).toBe('2028-01');
    expect(addMonthsTo('2026-03', -27)).toBe('2023-12');
    expect(addMonthsTo('2026-06', 0)).toBe('2026-06');
  });

  it('counts whole months between two months', () => {
    expect(monthDiff('2025-12', '2026-01')).toBe(1);
    expect(monthDiff('2026-01', '2025-12')).toBe(-1);
    expect(monthDiff('2024-02', '2026-11')).toBe(33);
    expect(monthDiff('2026-05', '2026-05')).toBe(0);
  });

  it('addMonthsTo and monthDiff are inverse', () => {
    fc.assert(
      fc.property(monthArb, fc.integer({ min: -600, max: 600 }), (m, n) => {
        const later = addMonthsTo(m, n);
        expect(isMonth(later)).toBe(true);
        expect(monthDiff(m, later)).toBe(n);
        expect(addMonthsTo(later, -n)).toBe(m);
      }),
    );
  });

  it('lists a range with both ends, empty when reversed', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthRange('2026-04', '2026-03')).toEqual([]);
    expect(yearMonths(2026)).toHaveLength(12);
    expect(yearMonths(2026)[0]).toBe('2026-01');
    expect(yearMonths(2026)[11]).toBe('2026-12');
    fc.assert(
      fc.property(monthArb, fc.integer({ min: 0, max: 40 }), (m, n) => {
        const r = monthRange(m, addMonthsTo(m, n));
        expect(r).toHaveLength(n + 1);
        for (let i = 1; i < r.length; i++) expect(monthDiff(r[i - 1], r[i])).toBe(1);
      }),
    );
  });

  it('gives the first and last day, with February in leap years', () => {
    expect(firstDay('2026-02')).toBe('2026-02-01');
    expect(lastDay('2026-02')).toBe('2026-02-28');
    expect(lastDay('2024-02')).toBe('2024-02-29');
    expect(lastDay('2000-02')).toBe('2000-02-29');
    expect(lastDay('2100-02')).toBe('2100-02-28');
    expect(lastDay('2026-04')).toBe('2026-04-30');
    expect(lastDay('2026-12')).toBe('2026-12-31');
    expect(monthOf('2026-11-23')).toBe('2026-11');
  });
});
