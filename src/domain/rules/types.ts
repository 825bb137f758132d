/**
 * The shape of a regulation encoded as data.
 *
 * Every threshold, time limit and frequency the system enforces is a `RuleDef`: a default value, the
 * regulation and article it comes from, and how sure we are of it. The sources are uneven (some
 * numbers were seen in official text, some only in secondary summaries), so the confidence travels
 * with the value and the UI can show it next to any violation. A deployment may override the rules
 * marked `configurable`; the others come from the Party Constitution or are otherwise not a local
 * choice, and overriding them is refused.
 */

/**
 * How sure we are of a rule (shown per rule in docs/rules.md):
 * - verified: seen in the official or near-official text;
 * - secondary: seen only in a secondary source quoting or summarising the regulation;
 * - memory: from background knowledge, not found in a source;
 * - uncertain: sources conflict, or the value is a guess made safe by being configurable.
 */
export type Confidence = 'verified' | 'secondary' | 'memory' | 'uncertain';

export type RuleUnit =
  | 'persons'
  | 'units'
  | 'years'
  /** 周岁: an age (an age of 18 is 18周岁, not 18年). */
  | 'age'
  | 'months'
  | 'days'
  | 'working_days'
  | 'hours'
  | 'seconds'
  | 'minutes'
  | 'times'
  | 'percent'
  /** 万分之: a rate of 0.5 % is 50. */
  | 'permyriad'
  | 'fen';

/**
 * What a deployment override must look like. Serializable on purpose: a settings page can render an
 * editor from it, and the server can show the allowed range next to the current value.
 * - integer: a whole number within [min, max];
 * - boolean: true or false;
 * - ordered: an object with exactly `keys`, each an integer within [min, max], non-decreasing in the
 *   order given (so {min, max, hardMax} cannot be inverted).
 */
export type RuleSchema =
  /** `allowed`, when given, lists the only values that make sense (e.g. a period of 1, 3, 6 or 12 months). */
  | {
      type: 'integer';
      min: number;
      max?: number;
      allowed?: readonly number[];
      /** 'yyyymm': a calendar month written as six digits (202601), month part 01–12. */
      format?: 'yyyymm';
    }
  | { type: 'boolean' }
  | { type: 'ordered'; keys: readonly string[]; min: number; max?: number };

export interface RuleDef<T> {
  /** Stable dotted id, e.g. 'branch.minFullMembers'; also the settings key (`rule:<id>`). */
  id: string;
  /** Chinese title shown to users. */
  title: string;
  value: T;
  unit?: RuleUnit;
  /** Regulation and article, with the Chinese names as in rules.md. */
  citation: string;
  confidence: Confidence;
  /** Why a rule is uncertain, how a boundary reads, what a deployment may change. */
  note?: string;
  configurable: boolean;
  schema: RuleSchema;
}
