/**
 * Calendar months as 'YYYY-MM' strings: the unit of the dues ledger. Stored in the database as the
 * month's first day (a `date`), so that ranges and indexes stay plain date comparisons.
 */
import type { IsoDate } from '../common/dates.js';

export type Month = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: unknown): s is Month {
  return typeof s === 'string' && MONTH_RE.test(s);
}

function parts(m: Month): [number, number] {
  const match = MONTH_RE.exec(m);
  if (!match) throw new Error(`not a month: ${m}`);
  return [Number(match[1]), Number(match[2])];
}

export function monthOf(date: IsoDate): Month {
  return date.slice(0, 7);
}

export function firstDay(m: Month): IsoDate {
  parts(m);
  return `${m}-01`;
}

export function lastDay(m: Month): IsoDate {
  const [y, mo] = parts(m);
  const d = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return `${m}-${String(d).padStart(2, '0')}`;
}

export function addMonthsTo(m: Month, n: number): Month {
  const [y, mo] = parts(m);
  const idx = y * 12 + (mo - 1) + n;
  return `${String(Math.floor(idx / 12)).padStart(4, '0')}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** Whole months from a to b (b − a); negative when b is earlier. */
export function monthDiff(a: Month, b: Month): number {
  const [ya, ma] = parts(a);
  const [yb, mb] = parts(b);
  return (yb - ya) * 12 + (mb - ma);
}

/** Every month from `from` to `to`, both included (empty when to < from). */
export function monthRange(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let m = from; monthDiff(m, to) >= 0; m = addMonthsTo(m, 1)) out.push(m);
  return out;
}

/** The months of a calendar year. */
export function yearMonths(year: number): Month[] {
  return monthRange(`${year}-01`, `${year}-12`);
}

/** 2026-03 → 2026年3月 */
export const monthText = (m: Month) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;

/** 2026年5—11月, 2025年11月—2026年2月, or one month. */
export function monthRangeText(from: Month, to: Month): string {
  if (from === to) return monthText(from);
  if (from.slice(0, 4) === to.slice(0, 4))
    return `${from.slice(0, 4)}年${Number(from.slice(5))}—${Number(to.slice(5))}月`;
  return `${monthText(from)}—${monthText(to)}`;
}
