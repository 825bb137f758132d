/**
 * Business dates as 'YYYY-MM-DD' strings.
 *
 * Party work counts in calendar dates in Asia/Shanghai (a probation ends on a date, a term ends on a
 * date), never in instants. Keeping dates as strings avoids the classic bug of a `Date` at local
 * midnight drifting a day when the process runs in UTC. All arithmetic here is done on the calendar
 * fields (through `Date.UTC` only where a day count is needed), so the result never depends on the
 * process time zone. Functions that need "today" take it as a parameter; `todayInZone` derives it
 * from an instant at the edge of the system.
 */

/** A calendar date 'YYYY-MM-DD' (years 0001–9999). */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Ymd {
  y: number;
  m: number; // 1–12
  d: number;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function fields(s: string): Ymd | null {
  const match = ISO_DATE.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

/** Parses or throws: callers validate user input with `isIsoDate` first, so a bad value here is a bug. */
function parse(s: IsoDate): Ymd {
  const f = typeof s === 'string' ? fields(s) : null;
  if (!f) throw new RangeError(`无效的日期：${String(s)}（应为 YYYY-MM-DD）`);
  return f;
}

function format({ y, m, d }: Ymd): IsoDate {
  if (y < 1 || y > 9999) throw new RangeError(`日期超出支持范围：${y}年`);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** True for a real calendar date written exactly as 'YYYY-MM-DD' (so 2023-02-29 is false). */
export function isIsoDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && fields(s) !== null;
}

/**
 * Adds calendar months, clamping to the end of the target month: 2024-01-31 + 1 → 2024-02-29.
 * Clamping (rather than overflowing into March) is what people mean by "one month later" and keeps
 * the result inside the intended month, which matters for deadlines such as the end of probation.
 */
export function addMonths(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`月数应为整数：${n}`);
  const { y, m, d } = parse(date);
  const index = y * 12 + (m - 1) + n;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  return format({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

/** Adds calendar years; 02-29 becomes 02-28 in a non-leap target year (same clamping as `addMonths`). */
export function addYears(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`年数应为整数：${n}`);
  return addMonths(date, n * 12);
}

const DAY_MS = 86_400_000;

function toEpochDay({ y, m, d }: Ymd): number {
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear avoids that for the (theoretical) early years.
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / DAY_MS);
}

function fromEpochDay(day: number): Ymd {
  const t = new Date(day * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`天数应为整数：${n}`);
  return format(fromEpochDay(toEpochDay(parse(date)) + n));
}

/** Days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(parse(b)) - toEpochDay(parse(a));
}

export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  parse(a);
  parse(b);
  // Fixed-width ISO strings order exactly like the dates they denote.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Full months from `a` to `b`: the largest n with addMonths(a, n) <= b (negative when b < a).
 * Defined through `addMonths` so that "n months after a" and "monthsBetween(a, …) >= n" always agree,
 * including at month ends (2024-01-31 → 2024-02-29 is one full month).
 */
export function monthsBetween(a: IsoDate, b: IsoDate): number {
  const fa = parse(a);
  const fb = parse(b);
  if (compareDates(a, b) <= 0) {
    let n = (fb.y - fa.y) * 12 + (fb.m - fa.m);
    if (compareDates(addMonths(a, n), b) > 0) n -= 1;
    return n;
  }
  let n = (fa.y - fb.y) * 12 + (fa.m - fb.m);
  if (compareDates(addMonths(a, -n), b) < 0) n -= 1;
  return n === 0 ? 0 : -n;
}

/**
 * Age in full years (周岁) on date `on`. Consistent with `addYears`: someone born on 02-29 completes
 * a year on 02-28 of a non-leap year, so ageOn(b, addYears(b, 18)) is always 18 and the minimum-age
 * rule reads the same whichever function a caller uses. Negative when `on` is before the birth date.
 */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const months = monthsBetween(birthDate, on);
  const years = Math.trunc(months / 12);
  return years === 0 ? 0 : years;
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs more than using it, per request. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date of instant `now` in `timeZone` (default Asia/Shanghai, where business dates live).
 * The server calls this once per request so that every rule sees the same "today".
 */
export function todayInZone(now: Date, timeZone = 'Asia/Shanghai'): IsoDate {
  let fmt = dayFormats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return format({ y: get('year'), m: get('month'), d: get('day') });
}
