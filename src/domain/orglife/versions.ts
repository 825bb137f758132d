/**
 * Rule versions by effective date, so that a past period is judged by the rules in force then.
 *
 * The catalog holds one value per rule (the default, or the deployment's override). When a
 * frequency changes (say the higher committee moves 党课 from quarterly to monthly on 2027-01-01),
 * the history records the older and newer values with the date each took effect; a period is then
 * judged by the value in force on its FIRST day. The first day rather than the last, because a
 * branch plans its meetings at the start of a period and should not find out at the end that the
 * target moved under it.
 */
import { type IsoDate, isIsoDate } from '../common/dates.js';
import type { RuleId, Rules, RuleValues } from '../rules/index.js';

export interface RuleVersion<T> {
  /** First day on which `value` applies. */
  from: IsoDate;
  value: T;
  /** The document that made the change, if it differs from the catalog citation. */
  citation?: string;
}

/** Dated values per rule. A rule without history keeps its value in `rules` on every date. */
export type RuleHistory = { readonly [K in RuleId]?: ReadonlyArray<RuleVersion<RuleValues[K]>> };

/**
 * The rules in force on `date`: for each rule with history, the latest version whose `from` is on
 * or before `date`; before the earliest version (or without history) the value from `rules`.
 */
export function rulesInForceOn(date: IsoDate, rules: Rules, history: RuleHistory = {}): Rules {
  if (!isIsoDate(date)) throw new RangeError(`无效的日期：${String(date)}（应为 YYYY-MM-DD）`);
  const out: Record<string, unknown> = { ...rules };
  for (const [id, versions] of Object.entries(history) as [RuleId, RuleVersion<unknown>[] | undefined][]) {
    let best: RuleVersion<unknown> | undefined;
    for (const v of versions ?? []) {
      if (!isIsoDate(v.from)) throw new RangeError(`规则“${id}”的生效日期无效：${String(v.from)}`);
      // Fixed-width ISO strings compare like the dates they denote.
      if (v.from <= date && (!best || v.from >= best.from)) best = v;
    }
    if (best) out[id] = best.value;
  }
  return Object.freeze(out) as unknown as Rules;
}
