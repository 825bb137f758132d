/**
 * Runs of unpaid months as facts of the record (党章第九条, 规定第十三条): when did a member go
 * `dues.warningMonths` or `dues.lapseMonths` consecutive months without paying anything?
 *
 * The question is about what the member did, so a month counts as unpaid at a date when it was owed
 * (an amount above zero) and no valid regular payment for it was made on or before that date (its
 * `paid_on`, not the day it was entered). The streak at the end of month b, S(b), is the number of
 * consecutive months ending with b that were unpaid on b's last day. Hence:
 * - a back-payment (补交) made after the run, whenever it is entered, does not undo the run: the
 *   member did go six months without paying;
 * - a payment entered late with its real, earlier date (a missing record), an exemption approved for
 *   those months or a voided payment correct the record, and the runs follow the corrected record;
 * - the result depends on the record only, never on the day it is computed, so the daily job, a
 *   payment and the sheet can all compute it and store the same thing (idempotent).
 *
 * The month-ends b with S(b) ≥ warningMonths that follow each other form one run: its first month is
 * where the streak began when it first reached the level, its last month the last such b. The lapse
 * part of a run begins where the streak began when it first reached lapseMonths.
 */
import type { IsoDate } from '../common/dates.js';
import type { Rules } from '../rules/index.js';
import { addMonthsTo, lastDay, type Month, monthDiff } from './months.js';

export type RunRules = Pick<Rules, 'dues.warningMonths' | 'dues.lapseMonths'>;

export const RUN_LEVELS = ['warning', 'lapse'] as const;
export type RunLevel = (typeof RUN_LEVELS)[number];

export interface RunMonth {
  month: Month;
  /** null: no profile (未核定), 0: exempt; neither is owed, both break a run. */
  expectedFen: number | null;
  /** The earliest `paid_on` of the month's valid regular payments (null: none). */
  firstPaidOn: IsoDate | null;
}

export interface ArrearsRun {
  level: RunLevel;
  from: Month;
  to: Month;
  /** The month at whose end the run reached the level. */
  reached: Month;
  /** What the months from..to were owed, in fen. */
  expectedFen: number;
}

const unpaidAt = (r: RunMonth | undefined, day: IsoDate) =>
  !!r && r.expectedFen !== null && r.expectedFen > 0 && (r.firstPaidOn === null || r.firstPaidOn > day);

/** S(b): consecutive months ending with b that were unpaid on b's last day. */
export function streakAt(byMonth: ReadonlyMap<Month, RunMonth>, b: Month): number {
  const day = lastDay(b);
  let n = 0;
  for (let m = b; unpaidAt(byMonth.get(m), day); m = addMonthsTo(m, -1)) n++;
  return n;
}

/**
 * The runs of one member's months that reached the warning or lapse level, up to the month before
 * `currentMonth` (the current month is payable within the month). Oldest first; a run that reached
 * the lapse level gives a warning and a lapse entry.
 */
export function arrearsRuns(rows: readonly RunMonth[], currentMonth: Month, rules: RunRules): ArrearsRun[] {
  const past = rows.filter((r) => monthDiff(r.month, currentMonth) > 0);
  if (!past.length) return [];
  const byMonth = new Map(past.map((r) => [r.month, r]));
  const first = past.reduce((a, r) => (r.month < a ? r.month : a), past[0].month);
  const last = addMonthsTo(currentMonth, -1);
  const warningN = rules['dues.warningMonths'];
  const lapseN = rules['dues.lapseMonths'];
  const owed = (from: Month, to: Month) => {
    let sum = 0;
    for (let m = from; monthDiff(m, to) >= 0; m = addMonthsTo(m, 1)) sum += byMonth.get(m)?.expectedFen ?? 0;
    return sum;
  };
  const out: ArrearsRun[] = [];
  let group: {
    warning: { from: Month; reached: Month } | null;
    lapse: { from: Month; reached: Month } | null;
    to: Month;
  } | null = null;
  const close = () => {
    if (!group) return;
    for (const level of RUN_LEVELS) {
      const g = group[level];
      if (g)
        out.push({
          level,
          from: g.from,
          to: group.to,
          reached: g.reached,
          expectedFen: owed(g.from, group.to),
        });
    }
    group = null;
  };
  for (let b = first; monthDiff(b, last) >= 0; b = addMonthsTo(b, 1)) {
    const s = streakAt(byMonth, b);
    const from = addMonthsTo(b, 1 - s);
    if (s >= Math.min(warningN, lapseN)) {
      if (!group) group = { warning: null, lapse: null, to: b };
      group.to = b;
      if (s >= warningN && !group.warning) group.warning = { from, reached: b };
      if (s >= lapseN && !group.lapse) group.lapse = { from, reached: b };
    } else {
      close();
    }
  }
  close();
  return out.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.level === 'warning' ? -1 : 1));
}

/** Whether two runs' months overlap (the same run, before and after a correction). */
export const runsOverlap = (a: { from: Month; to: Month }, b: { from: Month; to: Month }) =>
  a.from <= b.to && b.from <= a.to;
