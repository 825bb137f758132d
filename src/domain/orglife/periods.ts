/**
 * Calendar periods for organizational-life frequencies (每月 / 每季度 / 每半年 / 每年).
 *
 * A period is computed from an IsoDate string only. Business dates are already calendar dates in
 * Asia/Shanghai (see common/dates.ts), so 2026-03-31 is in Q1 whatever the process time zone is: no
 * `Date` and no instant is involved here, which is what makes quarter boundaries safe.
 */
import { daysInMonth, type IsoDate, isIsoDate } from '../common/dates.js';

export const PERIOD_UNITS = ['month', 'quarter', 'half_year', 'year'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export interface Period {
  unit: PeriodUnit;
  /** '2026-11' | '2026-Q4' | '2026-H2' | '2026': stable, sortable within a unit, usable as a DB key. */
  key: string;
  start: IsoDate;
  /** The last day of the period, inclusive. */
  end: IsoDate;
}

const MONTHS_PER_UNIT: Record<PeriodUnit, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };

export function monthsPerPeriod(unit: PeriodUnit): number {
  return MONTHS_PER_UNIT[unit];
}

/**
 * The unit for a frequency rule's value. The catalog stores months per period (an integer the
 * settings editor can handle); only 1, 3, 6 and 12 are calendar periods, and any other number is a
 * misconfiguration that must not be silently rounded to a neighbour.
 */
export function periodUnitOfMonths(months: number): PeriodUnit {
  const unit = PERIOD_UNITS.find((u) => MONTHS_PER_UNIT[u] === months);
  if (!unit) throw new RangeError(`无效的考核周期：${months}个月（应为1、3、6或12）`);
  return unit;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');

/** The period of `unit` that starts at month index `first` (1-based month of year `y`). */
function build(y: number, firstMonth: number, unit: PeriodUnit): Period {
  const lastMonth = firstMonth + MONTHS_PER_UNIT[unit] - 1;
  const ordinal = (firstMonth - 1) / MONTHS_PER_UNIT[unit] + 1;
  const key =
    unit === 'month'
      ? `${pad4(y)}-${pad2(firstMonth)}`
      : unit === 'quarter'
        ? `${pad4(y)}-Q${ordinal}`
        : unit === 'half_year'
          ? `${pad4(y)}-H${ordinal}`
          : pad4(y);
  return {
    unit,
    key,
    start: `${pad4(y)}-${pad2(firstMonth)}-01`,
    end: `${pad4(y)}-${pad2(lastMonth)}-${pad2(daysInMonth(y, lastMonth))}`,
  };
}

/** The period of `unit` containing `date`. */
export function periodOf(date: IsoDate, unit: PeriodUnit): Period {
  if (!isIsoDate(date)) throw new RangeError(`无效的日期：${String(date)}（应为 YYYY-MM-DD）`);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const size = MONTHS_PER_UNIT[unit];
  return build(y, Math.floor((m - 1) / size) * size + 1, unit);
}

const MONTH_KEY = /^(\d{4})-(\d{2})$/;

function parseMonth(month: string): { y: number; m: number } {
  const match = MONTH_KEY.exec(month);
  const y = Number(match?.[1]);
  const m = Number(match?.[2]);
  if (!match || y < 1 || m < 1 || m > 12) throw new RangeError(`无效的月份：${month}（应为 YYYY-MM）`);
  return { y, m };
}

/** The months 'YYYY-MM' from `fromMonth` to `toMonth` inclusive (empty when reversed). */
export function monthsBetweenKeys(fromMonth: string, toMonth: string): string[] {
  const a = parseMonth(fromMonth);
  const b = parseMonth(toMonth);
  const out: string[] = [];
  for (let i = a.y * 12 + a.m - 1; i <= b.y * 12 + b.m - 1; i++) {
    out.push(`${pad4(Math.floor(i / 12))}-${pad2((i % 12) + 1)}`);
  }
  return out;
}

/** Every period of `unit` overlapping the months `fromMonth`..`toMonth` (inclusive), in order. */
export function periodsBetween(fromMonth: string, toMonth: string, unit: PeriodUnit): Period[] {
  const seen = new Map<string, Period>();
  for (const month of monthsBetweenKeys(fromMonth, toMonth)) {
    const p = periodOf(`${month}-01`, unit);
    if (!seen.has(p.key)) seen.set(p.key, p);
  }
  return [...seen.values()];
}

const KEY = /^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?$/;

/** The period a key denotes, or null for anything that is not a well-formed key. */
export function parsePeriodKey(key: string): Period | null {
  const match = typeof key === 'string' ? KEY.exec(key) : null;
  if (!match) return null;
  const y = Number(match[1]);
  if (y < 1) return null;
  if (match[2] !== undefined) {
    const m = Number(match[2]);
    return m >= 1 && m <= 12 ? build(y, m, 'month') : null;
  }
  if (match[3] !== undefined) return build(y, (Number(match[3]) - 1) * 3 + 1, 'quarter');
  if (match[4] !== undefined) return build(y, (Number(match[4]) - 1) * 6 + 1, 'half_year');
  return build(y, 1, 'year');
}

const QUARTER_NAMES = ['一', '二', '三', '四'];

/** Chinese label: 2026年11月 / 2026年第四季度 / 2026年下半年 / 2026年度. */
export function periodLabel(key: string): string {
  const p = parsePeriodKey(key);
  if (!p) throw new RangeError(`无效的考核周期：${key}`);
  const y = Number(p.start.slice(0, 4));
  const m = Number(p.start.slice(5, 7));
  switch (p.unit) {
    case 'month':
      return `${y}年${m}月`;
    case 'quarter':
      return `${y}年第${QUARTER_NAMES[(m - 1) / 3]}季度`;
    case 'half_year':
      return m === 1 ? `${y}年上半年` : `${y}年下半年`;
    case 'year':
      return `${y}年度`;
  }
}

/** True when `date` lies in the period (both ends inclusive). */
export function inPeriod(date: IsoDate, period: Period): boolean {
  return date >= period.start && date <= period.end;
}
