import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  ageOn,
  compareDates,
  daysBetween,
  isIsoDate,
  monthsBetween,
  todayInZone,
} from './dates.js';

/** Arbitrary valid business dates 1900–2100, built from epoch days so every generated value is real. */
const isoDateArb = fc
  .integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2100, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

describe('isIsoDate', () => {
  it('accepts real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1999-12-31')).toBe(true);
  });

  it('rejects impossible dates and other shapes', () => {
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false); // century, not divisible by 400
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-00-10')).toBe(false);
    expect(isIsoDate('2024-1-05')).toBe(false);
    expect(isIsoDate('2024/01/05')).toBe(false);
    expect(isIsoDate('2024-01-05T00:00:00Z')).toBe(false);
    expect(isIsoDate('')).toBe(false);
    expect(isIsoDate(20240105)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe('addMonths', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-03-31', 1)).toBe('2024-04-30');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
  });

  it('crosses year boundaries both ways', () => {
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
    expect(addMonths('2024-02-15', -3)).toBe('2023-11-15');
    expect(addMonths('2024-06-30', 12)).toBe('2025-06-30');
    expect(addMonths('2024-06-30', 0)).toBe('2024-06-30');
  });

  it('rejects invalid input', () => {
    expect(() => addMonths('2023-02-29', 1)).toThrow(RangeError);
    expect(() => addMonths('2024-01-01', 1.5)).toThrow(RangeError);
  });

  it('always returns a valid date in the intended month', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: -600, max: 600 }), (d, n) => {
        const r = addMonths(d, n);
        expect(isIsoDate(r)).toBe(true);
        const months = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));
        expect(months(r) - months(d)).toBe(n);
      }),
    );
  });
});

describe('addYears', () => {
  it('turns 02-29 into 02-28 in a non-leap year', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
  });

  it('adds plain years', () => {
    expect(addYears('2021-06-15', 3)).toBe('2024-06-15');
    expect(addYears('2021-06-15', 5)).toBe('2026-06-15');
  });
});

describe('addDays and daysBetween', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  it('is inverted by daysBetween', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: -20_000, max: 20_000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });
});

describe('compareDates', () => {
  it('orders dates', () => {
    expect(compareDates('2024-01-01', '2024-01-02')).toBe(-1);
    expect(compareDates('2024-01-02', '2024-01-01')).toBe(1);
    expect(compareDates('2024-01-01', '2024-01-01')).toBe(0);
    expect(compareDates('2023-12-31', '2024-01-01')).toBe(-1);
  });

  it('agrees with the day count', () => {
    fc.assert(
      fc.property(isoDateArb, isoDateArb, (a, b) => {
        expect(compareDates(a, b)).toBe(Math.sign(daysBetween(b, a)) || 0);
      }),
    );
  });

  it('throws on invalid dates rather than comparing strings', () => {
    expect(() => compareDates('2024-02-30', '2024-03-01')).toThrow(RangeError);
  });
});

describe('monthsBetween', () => {
  it('counts full months only', () => {
    expect(monthsBetween('2024-01-15', '2024-02-14')).toBe(0);
    expect(monthsBetween('2024-01-15', '2024-02-15')).toBe(1);
    expect(monthsBetween('2024-01-15', '2025-01-15')).toBe(12);
    expect(monthsBetween('2024-01-15', '2025-01-14')).toBe(11);
    expect(monthsBetween('2024-01-15', '2024-01-15')).toBe(0);
  });

  it('treats a clamped month end as a full month', () => {
    expect(monthsBetween('2024-01-31', '2024-02-29')).toBe(1);
    expect(monthsBetween('2024-01-31', '2024-02-28')).toBe(0);
  });

  it('is negative when b is before a', () => {
    expect(monthsBetween('2024-03-15', '2024-01-15')).toBe(-2);
    expect(monthsBetween('2024-03-15', '2024-02-20')).toBe(0);
  });

  it('is the largest n with addMonths(a, n) <= b', () => {
    fc.assert(
      fc.property(isoDateArb, isoDateArb, (a, b) => {
        fc.pre(compareDates(a, b) <= 0);
        const n = monthsBetween(a, b);
        expect(compareDates(addMonths(a, n), b)).toBeLessThanOrEqual(0);
        expect(compareDates(addMonths(a, n + 1), b)).toBe(1);
      }),
    );
  });
});

describe('ageOn', () => {
  it('counts full years (周岁)', () => {
    expect(ageOn('2000-06-15', '2018-06-14')).toBe(17);
    expect(ageOn('2000-06-15', '2018-06-15')).toBe(18);
    expect(ageOn('2000-06-15', '2025-01-01')).toBe(24);
  });

  it('lets a 02-29 birthday complete a year on 02-28, like addYears', () => {
    expect(ageOn('2004-02-29', '2022-02-27')).toBe(17);
    expect(ageOn('2004-02-29', '2022-02-28')).toBe(18);
    expect(ageOn('2004-02-29', '2024-02-29')).toBe(20);
  });

  it('agrees with addYears for every birth date', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: 0, max: 100 }), (birth, n) => {
        fc.pre(Number(birth.slice(0, 4)) + n <= 9999);
        const birthday = addYears(birth, n);
        expect(ageOn(birth, birthday)).toBe(n);
        if (n > 0) expect(ageOn(birth, addDays(birthday, -1))).toBe(n - 1);
      }),
    );
  });

  it('is zero on the birth date and negative before it', () => {
    expect(ageOn('2000-01-01', '2000-01-01')).toBe(0);
    expect(ageOn('2000-01-01', '1998-01-01')).toBe(-2);
  });
});

describe('todayInZone', () => {
  it('uses the Shanghai calendar date by default (UTC+8)', () => {
    // 2024-12-31 16:30 UTC is already 2025-01-01 00:30 in Shanghai.
    expect(todayInZone(new Date('2024-12-31T16:30:00Z'))).toBe('2025-01-01');
    expect(todayInZone(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31');
  });

  it('honours an explicit zone', () => {
    expect(todayInZone(new Date('2024-12-31T16:30:00Z'), 'UTC')).toBe('2024-12-31');
    expect(todayInZone(new Date('2024-03-01T02:00:00Z'), 'America/New_York')).toBe('2024-02-29');
  });
});
