/**
 * From source facts to points (pure). A fact is one record that the catalog scores: a meeting
 * attended, a month of dues paid on time, a day's whole 学时 of study, a class completed. Each gets
 * the rule's value × units, signed by the source's direction, then the caps apply in date order
 * (then by source key, so the outcome never depends on the order the facts were read): at most
 * `daily` points of a source on one day and `yearly` in one year, deductions capped alike (in
 * absolute value). A fact beyond a cap earns 0 and is not written; a fact cut by a cap earns what
 * is left.
 */
import type { PointsSource } from '../rules/index.js';
import { type ComputedSourceCode, POINT_SOURCES } from './catalog.js';

export interface SourceFact {
  code: ComputedSourceCode;
  /** 'meeting:123', 'dues:2026-03', 'study:2026-03-05', 'class:7' */
  sourceKey: string;
  occurredOn: string;
  /** 1 per record; study: the whole 学时 of the day. */
  units: number;
  /** Chinese description of the record (meeting title, month …). */
  note: string;
}

export interface DesiredPoints {
  sourceKey: string;
  code: ComputedSourceCode;
  occurredOn: string;
  points: number;
  note: string;
}

export type SourceRules = Record<ComputedSourceCode, PointsSource>;

/** Desired points per source key for one member and one year (keys earning 0 are left out). */
export function computeDesired(facts: readonly SourceFact[], rules: SourceRules): Map<string, DesiredPoints> {
  const sorted = [...facts].sort((a, b) =>
    a.occurredOn === b.occurredOn
      ? a.sourceKey < b.sourceKey
        ? -1
        : a.sourceKey > b.sourceKey
          ? 1
          : 0
      : a.occurredOn < b.occurredOn
        ? -1
        : 1,
  );
  const perDay = new Map<string, number>();
  const perYear = new Map<string, number>();
  const out = new Map<string, DesiredPoints>();
  for (const f of sorted) {
    if (f.units <= 0) continue;
    const rule = rules[f.code];
    const raw = rule.value * f.units;
    const dayKey = `${f.code}|${f.occurredOn}`;
    const yearKey = f.code;
    const usedDay = perDay.get(dayKey) ?? 0;
    const usedYear = perYear.get(yearKey) ?? 0;
    const abs = Math.max(0, Math.min(raw, rule.daily - usedDay, rule.yearly - usedYear));
    perDay.set(dayKey, usedDay + abs);
    perYear.set(yearKey, usedYear + abs);
    if (abs === 0) continue;
    const sign = POINT_SOURCES[f.code].direction === 'deduct' ? -1 : 1;
    const prev = out.get(f.sourceKey);
    out.set(f.sourceKey, {
      sourceKey: f.sourceKey,
      code: f.code,
      occurredOn: f.occurredOn,
      points: (prev?.points ?? 0) + sign * abs,
      note: f.note,
    });
  }
  return out;
}

/**
 * Whole 学时 earned per day from a year's credited seconds per day: counted on the running total,
 * so 30 minutes on each of two days make one 学时 on the second day (a day's remainder is not lost),
 * and a day whose study completes no new whole 学时 earns nothing.
 */
export function studyHoursPerDay(
  secondsPerDay: ReadonlyArray<{ day: string; seconds: number }>,
  minutesPerHour: number,
): Array<{ day: string; hours: number }> {
  const unit = minutesPerHour * 60;
  const days = [...secondsPerDay].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  let cum = 0;
  let whole = 0;
  const out: Array<{ day: string; hours: number }> = [];
  for (const d of days) {
    cum += Math.max(0, d.seconds);
    const now = Math.floor(cum / unit);
    if (now > whole) out.push({ day: d.day, hours: now - whole });
    whole = now;
  }
  return out;
}
