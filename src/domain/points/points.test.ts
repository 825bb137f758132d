import { describe, expect, it } from 'vitest';
import { defaultRules } from '../rules/index.js';
import { isOddHour, outliers, quantile } from './anomalies.js';

/** The catalog's defaults: factor 3, a spread of at least 5 points, branches of 5 or more. */
const OUTLIER_RULE = {
  factor: defaultRules['points.outlierFactor'],
  minSpread: defaultRules['points.outlierMinSpread'],
  minBranch: defaultRules['points.outlierMinBranch'],
};

import { computeDesired, type SourceFact, type SourceRules, studyHoursPerDay } from './compute.js';
import { type CurrentKey, ledgerDiff } from './ledger.js';

const RULES: SourceRules = {
  'meeting.attended': { value: 2, daily: 4, yearly: 10 },
  'meeting.absent': { value: 2, daily: 4, yearly: 6 },
  'dues.on_time': { value: 1, daily: 3, yearly: 12 },
  'dues.late': { value: 1, daily: 3, yearly: 12 },
  'study.hours': { value: 1, daily: 4, yearly: 60 },
  'class.completed': { value: 5, daily: 5, yearly: 30 },
};

const meeting = (id: number, day: string, absent = false): SourceFact => ({
  code: absent ? 'meeting.absent' : 'meeting.attended',
  sourceKey: `meeting:${id}`,
  occurredOn: day,
  units: 1,
  note: `会议${id}`,
});

const sumOf = (m: Map<string, { points: number }>) => [...m.values()].reduce((s, d) => s + d.points, 0);

describe('points: caps', () => {
  it('caps a source per day: three meetings on one day earn at most the daily cap', () => {
    const d = computeDesired(
      [meeting(3, '2026-03-05'), meeting(1, '2026-03-05'), meeting(2, '2026-03-05')],
      RULES,
    );
    // value 2, daily 4: the first two by key earn 2 each, the third nothing
    expect(d.get('meeting:1')?.points).toBe(2);
    expect(d.get('meeting:2')?.points).toBe(2);
    expect(d.has('meeting:3')).toBe(false);
  });

  it('caps a source per year, cutting the fact that crosses it', () => {
    const facts = [1, 2, 3, 4, 5, 6].map((i) => meeting(i, `2026-0${i}-10`));
    const d = computeDesired(facts, { ...RULES, 'meeting.attended': { value: 2, daily: 4, yearly: 9 } });
    expect(sumOf(d)).toBe(9);
    expect(d.get('meeting:5')?.points).toBe(1);
    expect(d.has('meeting:6')).toBe(false);
  });

  it('deducts for absence without leave, negative and capped in absolute value', () => {
    const facts = [1, 2, 3, 4].map((i) => meeting(i, `2026-0${i}-10`, true));
    const d = computeDesired(facts, RULES);
    expect(d.get('meeting:1')?.points).toBe(-2);
    expect(sumOf(d)).toBe(-6);
  });

  it('caps earning and deducting sources separately', () => {
    const d = computeDesired([meeting(1, '2026-03-05'), meeting(2, '2026-03-05', true)], RULES);
    expect(d.get('meeting:1')?.points).toBe(2);
    expect(d.get('meeting:2')?.points).toBe(-2);
  });

  it('gives the same result whatever the order of the facts', () => {
    const facts = [1, 2, 3, 4, 5].map((i) => meeting(i, '2026-03-05'));
    const a = computeDesired(facts, RULES);
    const b = computeDesired([...facts].reverse(), RULES);
    expect([...a.entries()]).toEqual([...b.entries()]);
  });

  it('scores study per whole 学时 on the running total; a day with none earns nothing', () => {
    const hours = studyHoursPerDay(
      [
        { day: '2026-03-02', seconds: 30 * 60 },
        { day: '2026-03-01', seconds: 30 * 60 },
        { day: '2026-03-03', seconds: 5 * 45 * 60 + 10 },
      ],
      45,
    );
    // 30 min: 0; 60 min: 1 (on the 2nd); +225 min: 285 min = 6 whole → 5 more on the 3rd
    expect(hours).toEqual([
      { day: '2026-03-02', hours: 1 },
      { day: '2026-03-03', hours: 5 },
    ]);
    const d = computeDesired(
      hours.map((h) => ({
        code: 'study.hours' as const,
        sourceKey: `study:${h.day}`,
        occurredOn: h.day,
        units: h.hours,
        note: `${h.hours}学时`,
      })),
      RULES,
    );
    // daily cap 4 on the 3rd
    expect(d.get('study:2026-03-03')?.points).toBe(4);
    expect(d.get('study:2026-03-02')?.points).toBe(1);
  });
});

describe('points: the append-only diff', () => {
  const current = (rows: Array<[string, string, number]>) =>
    new Map<string, CurrentKey>(
      rows.map(([k, rule, p]) => [k, { sourceKey: k, rule, points: p, occurredOn: '2026-03-05' }]),
    );

  it('appends an entry for a new source and nothing the second time (idempotent)', () => {
    const desired = computeDesired([meeting(1, '2026-03-05')], RULES);
    const first = ledgerDiff(new Map(), desired);
    expect(first).toEqual([expect.objectContaining({ sourceKey: 'meeting:1', points: 2, kind: 'entry' })]);
    const after = current([['meeting:1', 'meeting.attended', 2]]);
    expect(ledgerDiff(after, desired)).toEqual([]);
  });

  it('reverses the points of a deleted source record', () => {
    const rows = ledgerDiff(current([['meeting:1', 'meeting.attended', 2]]), new Map());
    expect(rows).toEqual([expect.objectContaining({ sourceKey: 'meeting:1', points: -2, kind: 'reversal' })]);
    expect(rows[0].note).toContain('冲回');
  });

  it('reverses a deduction when the absence is corrected to a leave', () => {
    const rows = ledgerDiff(current([['meeting:1', 'meeting.absent', -2]]), new Map());
    expect(rows).toEqual([expect.objectContaining({ points: 2, kind: 'reversal' })]);
  });

  it('turns an absence into attendance with a reversal and an entry', () => {
    const desired = computeDesired([meeting(1, '2026-03-05')], RULES);
    const rows = ledgerDiff(current([['meeting:1', 'meeting.absent', -2]]), desired);
    expect(rows.map((r) => [r.kind, r.points])).toEqual([
      ['reversal', 2],
      ['entry', 2],
    ]);
  });

  it('a lower cap after a new rule reverses only the difference', () => {
    const desired = computeDesired([meeting(1, '2026-03-05')], {
      ...RULES,
      'meeting.attended': { value: 1, daily: 4, yearly: 10 },
    });
    const rows = ledgerDiff(current([['meeting:1', 'meeting.attended', 2]]), desired);
    expect(rows).toEqual([expect.objectContaining({ points: -1, kind: 'reversal' })]);
  });
});

describe('points: anomalies', () => {
  it('odd hours, with a window past midnight', () => {
    expect(isOddHour(3, { from: 0, to: 5 })).toBe(true);
    expect(isOddHour(5, { from: 0, to: 5 })).toBe(false);
    expect(isOddHour(23, { from: 22, to: 5 })).toBe(true);
    expect(isOddHour(12, { from: 22, to: 5 })).toBe(false);
  });

  it('quartiles interpolate', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.75)).toBe(4);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
  });

  it('flags points far above the branch, only in branches of five or more', () => {
    const branch = [10, 12, 11, 13, 12, 14, 80].map((p, i) => ({ id: i, p }));
    const found = outliers(branch, (r) => r.p, OUTLIER_RULE);
    expect(found.map((f) => f.item.id)).toEqual([6]);
    expect(outliers(branch.slice(3), (r) => r.p, OUTLIER_RULE)).toEqual([]);
    expect(
      outliers(
        [5, 5, 5, 5, 5, 9].map((p) => ({ p })),
        (r) => r.p,
        OUTLIER_RULE,
      ),
    ).toEqual([]);
  });

  it('measures a tight branch by the minimum spread: a few points above it is not an outlier', () => {
    // Q1 52, Q3 55, IQR 3: Q3 + 3 × IQR would be 64; the spread counts as 5, so the line is 70.
    const tight = [50, 51, 52, 52, 53, 54, 55, 56];
    expect(defaultRules['points.outlierMinSpread']).toBe(5);
    expect(
      outliers(
        [...tight, 66].map((p) => ({ p })),
        (r) => r.p,
        OUTLIER_RULE,
      ),
    ).toEqual([]);
    const far = outliers(
      [...tight, 71].map((p) => ({ p })),
      (r) => r.p,
      OUTLIER_RULE,
    );
    expect(far.map((f) => [f.points, f.threshold, f.q3, f.iqr])).toEqual([[71, 70, 55, 3]]);
    // A wide branch is measured by its own IQR (35 here): the line is 72.5 + 105.
    const wide = outliers(
      [20, 30, 40, 50, 60, 70, 80, 200].map((p) => ({ p })),
      (r) => r.p,
      OUTLIER_RULE,
    );
    expect(wide.map((f) => [f.points, f.threshold, f.iqr])).toEqual([[200, 177.5, 35]]);
  });
});
