import { describe, expect, it } from 'vitest';
import {
  holidayCalendarCovers,
  holidayCalendarCoversRange,
  isWorkingDay,
  nthWorkingDayFrom,
  workingDaysBetween,
} from './working-days.js';

describe('working days', () => {
  it.each([
    ['2026-02-13', true, 'an ordinary Friday'],
    ['2026-02-14', true, 'Saturday made a working day for the Spring Festival (调休)'],
    ['2026-02-16', false, 'Spring Festival holiday on a Monday'],
    ['2026-02-23', false, 'last day of the Spring Festival holiday'],
    ['2026-02-28', true, 'Saturday made a working day after the Spring Festival'],
    ['2026-03-01', false, 'an ordinary Sunday'],
    ['2026-09-20', true, 'Sunday made a working day for National Day'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'last day of the National Day holiday'],
    ['2026-10-10', true, 'Saturday made a working day after National Day'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each([
    // A five-working-day notice (2026 细则 Art. 13) put up on the given day ends on…
    ['2026-02-12', 5, '2026-02-25'], // Thu, Fri, make-up Sat 14th, then after the holiday Tue 24th, Wed 25th
    ['2026-09-28', 5, '2026-10-09'], // Mon–Wed, then National Day, then Thu 8th, Fri 9th
    ['2026-09-30', 5, '2026-10-12'], // Wed 30th, Thu 8th, Fri 9th, make-up Sat 10th, Mon 12th
    ['2026-10-03', 5, '2026-10-13'], // put up during the holiday: counting starts on Thu 8th
    ['2026-06-01', 5, '2026-06-05'], // an ordinary week
    ['2026-06-01', 1, '2026-06-01'],
  ])('a notice from %s of %i working days ends on %s', (start, n, end) => {
    expect(nthWorkingDayFrom(start, n)).toBe(end);
    // …and holds exactly n working days.
    expect(workingDaysBetween(start, end)).toBe(n);
  });

  it('counts the working days of a range, both ends inclusive', () => {
    expect(workingDaysBetween('2026-02-12', '2026-02-28')).toBe(8);
    expect(workingDaysBetween('2026-10-01', '2026-10-07')).toBe(0);
    expect(workingDaysBetween('2026-10-08', '2026-10-07')).toBe(0);
  });

  it('refuses bad input in Chinese', () => {
    expect(() => nthWorkingDayFrom('2026-02-30', 5)).toThrow('无效的日期');
    expect(() => nthWorkingDayFrom('2026-02-12', 0)).toThrow('工作日天数应为正整数');
  });

  it('says which years have a known holiday calendar', () => {
    expect(holidayCalendarCovers(2026)).toBe(true);
    expect(holidayCalendarCoversRange('2025-12-20', '2026-01-10')).toBe(true);
    // A year beyond the published notices: counted as plain weekdays, so callers must warn.
    expect(holidayCalendarCovers(2100)).toBe(false);
    expect(holidayCalendarCoversRange('2026-12-01', '2100-01-10')).toBe(false);
  });
});
