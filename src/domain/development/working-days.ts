/**
 * Working days (工作日) in mainland China, for limits written in working days such as the 2026
 * 细则's public notice of a development target, "公示期不少于五个工作日" (Art. 13).
 *
 * A working day is Monday to Friday, except statutory holidays, plus the weekend days made into
 * working days to balance them (调休). Both change every year by a State Council notice, so they
 * come from `chinese-days`, which carries each year's notice. A year the package does not know yet
 * (no holidays listed) would be counted as plain weekdays, which is wrong around the Spring Festival
 * and National Day, so callers can ask whether a date range is covered and warn instead of
 * pretending to be exact.
 */
// The package is CommonJS with a minified build whose named exports Node's ESM loader cannot detect
// (`npm start` runs the server as ESM): take the default export, which works in Node, Vitest and Vite.
import chineseDays from 'chinese-days';
import { addDays, type IsoDate, isIsoDate } from '../common/dates.js';

const { getHolidaysInRange, isWorkday } = chineseDays;

function check(date: IsoDate): void {
  if (!isIsoDate(date)) throw new RangeError(`无效的日期：${String(date)}（应为 YYYY-MM-DD）`);
}

/** Whether `date` is a working day (调休 make-up days included, holidays excluded). */
export function isWorkingDay(date: IsoDate): boolean {
  check(date);
  return isWorkday(date);
}

const covered = new Map<number, boolean>();

/** Whether the holiday calendar of `year` is known (the State Council notice is in the package). */
export function holidayCalendarCovers(year: number): boolean {
  let known = covered.get(year);
  if (known === undefined) {
    known = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    covered.set(year, known);
  }
  return known;
}

/** Whether every year from `from` to `to` has a known holiday calendar. */
export function holidayCalendarCoversRange(from: IsoDate, to: IsoDate): boolean {
  check(from);
  check(to);
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    if (!holidayCalendarCovers(y)) return false;
  }
  return true;
}

/** Working days from `from` to `to`, both inclusive (0 when `to` is before `from`). */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  check(from);
  check(to);
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkday(d)) n += 1;
  return n;
}

/**
 * The `n`-th working day counting from `start` itself (n ≥ 1): the last day of a notice of `n`
 * working days that starts on `start`. A notice put up on a holiday starts counting on the next
 * working day.
 */
export function nthWorkingDayFrom(start: IsoDate, n: number): IsoDate {
  check(start);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`工作日天数应为正整数：${n}`);
  let d = start;
  let count = 0;
  // A year has about 250 working days: a bound that no real limit reaches guards a bad calendar.
  for (let guard = 0; guard < 4000; guard++, d = addDays(d, 1)) {
    if (isWorkday(d)) {
      count += 1;
      if (count === n) return d;
    }
  }
  throw new RangeError(`找不到第${n}个工作日（自${start}起）`);
}
