import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRules } from '../rules/index.js';
import { addMonthsTo, lastDay, monthRange } from './months.js';
import { arrearsRuns, type RunMonth, runsOverlap } from './runs.js';

const rules = defaultRules;
const CURRENT = '2026-11';

/**
 * Months Jan–Oct 2026 from a pattern: U unpaid, P paid within the month, L paid late (on 2026-11-10,
 * after every month's end), E exempt, N unset.
 */
function months(pattern: string, start = '2026-01'): RunMonth[] {
  return [...pattern].map((c, i) => {
    const month = addMonthsTo(start, i);
    return {
      month,
      expectedFen: c === 'E' ? 0 : c === 'N' ? null : 1000,
      firstPaidOn: c === 'P' ? `${month}-10` : c === 'L' ? '2026-11-10' : null,
    };
  });
}

describe('arrearsRuns', () => {
  it('six unpaid months ending last month: a warning and a lapse run over the same months', () => {
    expect(arrearsRuns(months('PPPPUUUUUU'), CURRENT, rules)).toEqual([
      { level: 'warning', from: '2026-05', to: '2026-10', reached: '2026-07', expectedFen: 6000 },
      { level: 'lapse', from: '2026-05', to: '2026-10', reached: '2026-10', expectedFen: 6000 },
    ]);
  });

  it('a run that was later paid stays: paying it back after the fact does not undo it', () => {
    // Six months unpaid Feb–Jul, all paid back on 2026-11-10, August on time.
    const runs = arrearsRuns(months('PLLLLLLPPP'), CURRENT, rules);
    expect(runs.map((r) => [r.level, r.from, r.to])).toEqual([
      ['warning', '2026-02', '2026-07'],
      ['lapse', '2026-02', '2026-07'],
    ]);
  });

  it('a payment entered late with its real date inside the run: the run never happened', () => {
    const rows = months('PUUUUUUPPP');
    expect(arrearsRuns(rows, CURRENT, rules).some((r) => r.level === 'lapse')).toBe(true);
    // April was in fact paid on 2026-04-10; the record was missing.
    rows[3] = { ...rows[3], firstPaidOn: '2026-04-10' };
    expect(arrearsRuns(rows, CURRENT, rules).map((r) => [r.level, r.from, r.to])).toEqual([
      ['warning', '2026-05', '2026-07'],
    ]);
  });

  it('a back-payment during the run shortens the streak from then on but keeps it one run', () => {
    // Feb–Jun unpaid; February paid on 2026-07-05 (inside July); July–October unpaid.
    const rows = months('PUUUUUUUUU');
    rows[1] = { ...rows[1], firstPaidOn: '2026-07-05' };
    const runs = arrearsRuns(rows, CURRENT, rules);
    // End of June: Feb–Jun (5). End of July: Mar–Jul (5, February paid by then). End of August: 6.
    expect(runs).toEqual([
      { level: 'warning', from: '2026-02', to: '2026-10', reached: '2026-04', expectedFen: 9000 },
      { level: 'lapse', from: '2026-03', to: '2026-10', reached: '2026-08', expectedFen: 8000 },
    ]);
  });

  it('partial, exempt and unset months break a run; the current month never counts', () => {
    expect(arrearsRuns(months('UUUEUUUNUU'), CURRENT, rules).map((r) => [r.level, r.from, r.to])).toEqual([
      ['warning', '2026-01', '2026-03'],
      ['warning', '2026-05', '2026-07'],
    ]);
    const rows = [...months('PPPPPPPPUU'), { month: '2026-11', expectedFen: 1000, firstPaidOn: null }];
    expect(arrearsRuns(rows, CURRENT, rules)).toEqual([]);
  });

  it('a missing month (not a member) breaks a run', () => {
    const rows = months('UUUUUUUUUU').filter((r) => r.month !== '2026-05');
    expect(arrearsRuns(rows, CURRENT, rules).map((r) => [r.level, r.from, r.to])).toEqual([
      ['warning', '2026-01', '2026-04'],
      ['warning', '2026-06', '2026-10'],
    ]);
  });

  it('depends on the record only: computing later changes nothing that had already ended', () => {
    const pattern = fc.array(fc.constantFrom('U', 'P', 'L', 'E', 'N'), { minLength: 1, maxLength: 22 });
    fc.assert(
      fc.property(pattern, fc.integer({ min: 1, max: 14 }), (cs, later) => {
        // Months from 2025-01; "late" payments on the 10th of the month after each month's end + 3.
        const rows: RunMonth[] = cs.map((c, i) => {
          const month = addMonthsTo('2025-01', i);
          return {
            month,
            expectedFen: c === 'E' ? 0 : c === 'N' ? null : 500,
            firstPaidOn: c === 'P' ? `${month}-01` : c === 'L' ? `${addMonthsTo(month, 3)}-10` : null,
          };
        });
        const current = addMonthsTo('2025-01', cs.length);
        const now = arrearsRuns(rows, current, rules);
        // Later, with no payment made since: every run that ended before the last month is the same.
        const laterRuns = arrearsRuns(rows, addMonthsTo(current, later), rules);
        for (const r of now.filter((x) => x.to < addMonthsTo(current, -1))) {
          expect(laterRuns).toContainEqual(r);
        }
        // Each run is at least its level long, within the months given, and levels pair up.
        for (const r of now) {
          const n = monthRange(r.from, r.to).length;
          expect(n).toBeGreaterThanOrEqual(
            rules[r.level === 'lapse' ? 'dues.lapseMonths' : 'dues.warningMonths'],
          );
          expect(r.reached >= r.from && r.reached <= r.to).toBe(true);
          expect(lastDay(r.to) < `${current}-01`).toBe(true);
        }
        for (const l of now.filter((r) => r.level === 'lapse')) {
          expect(now.some((w) => w.level === 'warning' && runsOverlap(w, l) && w.from <= l.from)).toBe(true);
        }
      }),
    );
  });
});
