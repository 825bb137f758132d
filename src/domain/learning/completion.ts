/**
 * Completion of a class (集中培训 / 专题辅导, issue #20): a roster member completes a class who
 * attended at least `completionPercent` of its days, the days counted from the first to the last
 * inclusive (a weekend inside a residential class is a class day). Pure: no I/O, no clock.
 */
import { daysBetween, type IsoDate } from '../common/dates.js';

/** The number of class days, first and last included. */
export function classDays(startsOn: IsoDate, endsOn: IsoDate): number {
  const n = daysBetween(startsOn, endsOn) + 1;
  if (n < 1) throw new RangeError(`结束日期早于开始日期：${startsOn}—${endsOn}`);
  return n;
}

/** The fewest days attended that complete a class of `days` days at `percent` (rounded up, at least 1). */
export function daysToComplete(days: number, percent: number): number {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`班期天数应为正整数：${days}`);
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
    throw new RangeError(`结业出勤比例应在1到100之间：${percent}`);
  }
  // Integer arithmetic: 80% of 5 days is exactly 4, never 4.000000001.
  return Math.max(1, Math.ceil((days * percent) / 100));
}

/** Whether `attended` class days complete the class. */
export function completes(attended: number, days: number, percent: number): boolean {
  return attended >= daysToComplete(days, percent);
}

/** Each day of the class, first to last. */
export function eachClassDay(startsOn: IsoDate, endsOn: IsoDate): IsoDate[] {
  const n = classDays(startsOn, endsOn);
  const out: IsoDate[] = [];
  const [y, m, d] = startsOn.split('-').map(Number);
  const t0 = Date.UTC(y, m - 1, d);
  for (let i = 0; i < n; i++) out.push(new Date(t0 + i * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/** Whether `day` is one of the class's days. */
export function isClassDay(day: IsoDate, startsOn: IsoDate, endsOn: IsoDate): boolean {
  return day >= startsOn && day <= endsOn;
}
