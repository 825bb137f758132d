import { describe, expect, it } from 'vitest';
import { classDays, completes, daysToComplete, eachClassDay, isClassDay } from './completion.js';

describe('class completion', () => {
  it('counts the days from the first to the last inclusive', () => {
    expect(classDays('2026-03-02', '2026-03-02')).toBe(1);
    expect(classDays('2026-03-02', '2026-03-06')).toBe(5);
    // Across a month end and a leap day.
    expect(classDays('2028-02-27', '2028-03-01')).toBe(4);
    expect(() => classDays('2026-03-06', '2026-03-02')).toThrow(RangeError);
    expect(eachClassDay('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });

  it('needs the share of days rounded up, at least one', () => {
    expect(daysToComplete(5, 80)).toBe(4);
    expect(daysToComplete(3, 80)).toBe(3); // 2.4 → 3
    expect(daysToComplete(1, 80)).toBe(1);
    expect(daysToComplete(10, 1)).toBe(1);
    expect(daysToComplete(7, 100)).toBe(7);
    expect(daysToComplete(4, 50)).toBe(2);
    expect(() => daysToComplete(5, 0)).toThrow(RangeError);
    expect(() => daysToComplete(0, 80)).toThrow(RangeError);
  });

  it('completes at the threshold, not a day short', () => {
    expect(completes(4, 5, 80)).toBe(true);
    expect(completes(3, 5, 80)).toBe(false);
    expect(completes(5, 5, 80)).toBe(true);
    expect(completes(0, 1, 80)).toBe(false);
    expect(completes(1, 1, 80)).toBe(true);
  });

  it('knows the class days', () => {
    expect(isClassDay('2026-03-02', '2026-03-02', '2026-03-06')).toBe(true);
    expect(isClassDay('2026-03-06', '2026-03-02', '2026-03-06')).toBe(true);
    expect(isClassDay('2026-03-07', '2026-03-02', '2026-03-06')).toBe(false);
    expect(isClassDay('2026-03-01', '2026-03-02', '2026-03-06')).toBe(false);
  });
});
