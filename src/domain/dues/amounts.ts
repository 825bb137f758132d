/**
 * The monthly dues amount of a profile, by the 2008 规定 (中组发〔2008〕3号):
 * - employed, annual-salary and self-employed members: the bracket of the after-tax base decides
 *   the rate, and the rate applies to the WHOLE base (第二条 "交纳月工资收入的X%"; not marginal);
 * - retired members: 0.5 % up to 5,000 元, 1 % above (第五条);
 * - students, the unemployed, those on relief or 低保: a flat 0.2 元 (第六条);
 * - farmers: 0.2–1 元 as the branch sets it (第六条);
 * - hardship: reduced or exempt with the higher committee's approval (第七条).
 *
 * Money is integer 分 (fen). Rates are 万分之 (permyriad: 0.5 % = 50), so base × rate is an exact
 * integer and rounding is integer arithmetic: no float ever touches an amount.
 */
import type { Rules } from '../rules/index.js';
import { BASE_CATEGORIES, type DuesCategory } from './labels.js';

export type DuesRules = Pick<
  Rules,
  | 'dues.employedBrackets'
  | 'dues.employedRates'
  | 'dues.retiredThreshold'
  | 'dues.retiredRates'
  | 'dues.flatAmount'
  | 'dues.farmerRange'
  | 'dues.roundingUnit'
>;

export interface DuesProfileInput {
  category: DuesCategory;
  /** After-tax monthly base in fen; required for the bracket categories. */
  baseFen: number | null;
  /** The amount the branch set (farmers, hardship reduced), in fen. */
  amountFen: number | null;
}

export interface MonthlyDues {
  expectedFen: number;
  /** The rate applied (permyriad) for bracket categories, else null. */
  rateBp: number | null;
  /** The bracket (1-based) for bracket categories, else null. */
  bracket: number | null;
  /** How the amount was reached, in Chinese, for the ledger and the member's page. */
  explanation: string;
}

/** Half-up rounding of numerator/denominator to a multiple of `unit`, all non-negative integers. */
export function roundHalfUp(numerator: number, denominator: number, unit = 1): number {
  if (!Number.isSafeInteger(numerator) || numerator < 0) throw new RangeError(`bad numerator ${numerator}`);
  const d = denominator * unit;
  return Math.floor((2 * numerator + d) / (2 * d)) * unit;
}

/** base × rate (permyriad), rounded half up to the rounding unit (1 = 分, 10 = 角, 100 = 元). */
export function applyRate(baseFen: number, rateBp: number, unitFen: number): number {
  return roundHalfUp(baseFen * rateBp, 10_000, unitFen);
}

/** 1,234.5 元 style text of an amount in fen: always two decimals. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  const int = Math.floor(a / 100).toLocaleString('en-US');
  return `${sign}${int}.${String(a % 100).padStart(2, '0')}`;
}

/** A rate in permyriad as a percentage text: 50 → '0.5%'. */
export function ratePercent(bp: number): string {
  return `${bp / 100}%`;
}

export const ROUNDING_LABELS: Record<number, string> = { 1: '分', 10: '角', 100: '元' };

/** The rounding rule as the UI states it. */
export function roundingText(unitFen: number): string {
  return `应交额＝基数×比例，四舍五入到${ROUNDING_LABELS[unitFen] ?? `${unitFen}分`}`;
}

/** The brackets and rates in words, from the rules in force (for templates and help texts). */
export function bracketsText(rules: DuesRules): string {
  const b = rules['dues.employedBrackets'];
  const r = rules['dues.employedRates'];
  const rr = rules['dues.retiredRates'];
  const y = (fen: number) => `${fen / 100}`;
  const t = y(rules['dues.retiredThreshold']);
  return (
    `按月工资收入（税后）计算：${y(b.upTo1)}元以下（含）${ratePercent(r.r1)}，` +
    `${y(b.upTo1)}至${y(b.upTo2)}元（含）${ratePercent(r.r2)}，${y(b.upTo2)}至${y(b.upTo3)}元（含）${ratePercent(r.r3)}，` +
    `${y(b.upTo3)}元以上${ratePercent(r.r4)}；离退休${t}元以下（含）${ratePercent(rr.r1)}，以上${ratePercent(rr.r2)}`
  );
}

/** The farmers' range in words: '农民党员每月交纳0.20至1.00元，由党支部确定'. */
export function farmerRangeText(rules: DuesRules): string {
  const { min, max } = rules['dues.farmerRange'];
  return `农民党员每月交纳${yuan(min)}至${yuan(max)}元，由党支部确定`;
}

/** The employed-bracket rate of a base: ≤3000 → r1, ≤5000 → r2, ≤10000 → r3, above → r4. */
export function employedRate(baseFen: number, rules: DuesRules): { rateBp: number; bracket: number } {
  const b = rules['dues.employedBrackets'];
  const r = rules['dues.employedRates'];
  if (baseFen <= b.upTo1) return { rateBp: r.r1, bracket: 1 };
  if (baseFen <= b.upTo2) return { rateBp: r.r2, bracket: 2 };
  if (baseFen <= b.upTo3) return { rateBp: r.r3, bracket: 3 };
  return { rateBp: r.r4, bracket: 4 };
}

export function retiredRate(baseFen: number, rules: DuesRules): { rateBp: number; bracket: number } {
  const r = rules['dues.retiredRates'];
  return baseFen <= rules['dues.retiredThreshold']
    ? { rateBp: r.r1, bracket: 1 }
    : { rateBp: r.r2, bracket: 2 };
}

export class DuesProfileError extends Error {
  constructor(
    readonly field: 'baseFen' | 'amountFen',
    message: string,
  ) {
    super(message);
    this.name = 'DuesProfileError';
  }
}

/** What is wrong with a profile's figures, field by field (empty when it can be used). */
export function profileProblems(
  p: DuesProfileInput,
  rules: DuesRules,
): { field: 'baseFen' | 'amountFen'; message: string }[] {
  const out: { field: 'baseFen' | 'amountFen'; message: string }[] = [];
  const isInt = (v: number | null): v is number => v !== null && Number.isSafeInteger(v);
  if (BASE_CATEGORIES.includes(p.category)) {
    if (!isInt(p.baseFen) || p.baseFen < 0)
      out.push({ field: 'baseFen', message: '月基数：该类别须填写不小于0的金额' });
    else if (p.baseFen > 100_000_000) out.push({ field: 'baseFen', message: '月基数：超过100万元，请核对' });
  }
  if (p.category === 'farmer') {
    const { min, max } = rules['dues.farmerRange'];
    if (!isInt(p.amountFen) || p.amountFen < min || p.amountFen > max) {
      out.push({ field: 'amountFen', message: `月交纳额：${farmerRangeText(rules)}（党费规定第六条）` });
    }
  }
  if (p.category === 'hardship_reduced' && (!isInt(p.amountFen) || p.amountFen <= 0)) {
    out.push({ field: 'amountFen', message: '月交纳额：减交须填写大于0的金额（免交请选“生活困难免交”）' });
  }
  return out;
}

/** The monthly amount of a valid profile. Throws DuesProfileError on a profile that is not. */
export function monthlyDues(p: DuesProfileInput, rules: DuesRules): MonthlyDues {
  const problem = profileProblems(p, rules)[0];
  if (problem) throw new DuesProfileError(problem.field, problem.message);
  const unit = rules['dues.roundingUnit'];
  switch (p.category) {
    case 'employed':
    case 'annual_salary':
    case 'self_employed':
    case 'retired': {
      const base = p.baseFen as number;
      const { rateBp, bracket } =
        p.category === 'retired' ? retiredRate(base, rules) : employedRate(base, rules);
      const expectedFen = applyRate(base, rateBp, unit);
      return {
        expectedFen,
        rateBp,
        bracket,
        explanation: `基数${yuan(base)}元×${ratePercent(rateBp)}＝${yuan(expectedFen)}元（${ROUNDING_LABELS[unit] ?? ''}位四舍五入）`,
      };
    }
    case 'student':
    case 'unemployed': {
      const expectedFen = rules['dues.flatAmount'];
      return {
        expectedFen,
        rateBp: null,
        bracket: null,
        explanation: `每月${yuan(expectedFen)}元（第六条）`,
      };
    }
    case 'farmer':
      return {
        expectedFen: p.amountFen as number,
        rateBp: null,
        bracket: null,
        explanation: `党支部确定每月${yuan(p.amountFen as number)}元（第六条）`,
      };
    case 'hardship_reduced':
      return {
        expectedFen: p.amountFen as number,
        rateBp: null,
        bracket: null,
        explanation: `经上级党委批准减交，每月${yuan(p.amountFen as number)}元（第七条）`,
      };
    case 'hardship_exempt':
      return { expectedFen: 0, rateBp: null, bracket: null, explanation: '经上级党委批准免交（第七条）' };
  }
}
