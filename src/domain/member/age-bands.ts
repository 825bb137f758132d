/**
 * Age bands of the party statistics (党内统计: 30岁及以下, 31至35岁, … 61岁及以上), the age taken on a
 * given day (today in Asia/Shanghai for the current register). A band is also a range of birth dates,
 * which is how lists filter by it: the dashboard and the member list use the same bounds, so a bar
 * of the age chart and the list it opens count the same members.
 */
import { addYears, type IsoDate } from '../common/dates.js';

export const AGE_BANDS = [
  { code: 'le30', label: '30岁及以下', min: null, max: 30 },
  { code: '31-35', label: '31—35岁', min: 31, max: 35 },
  { code: '36-40', label: '36—40岁', min: 36, max: 40 },
  { code: '41-45', label: '41—45岁', min: 41, max: 45 },
  { code: '46-50', label: '46—50岁', min: 46, max: 50 },
  { code: '51-55', label: '51—55岁', min: 51, max: 55 },
  { code: '56-60', label: '56—60岁', min: 56, max: 60 },
  { code: 'ge61', label: '61岁及以上', min: 61, max: null },
] as const;

export type AgeBand = (typeof AGE_BANDS)[number]['code'];
export const AGE_BAND_CODES = AGE_BANDS.map((b) => b.code) as [AgeBand, ...AgeBand[]];

export const AGE_BAND_LABELS: Record<AgeBand, string> = Object.fromEntries(
  AGE_BANDS.map((b) => [b.code, b.label]),
) as Record<AgeBand, string>;

/**
 * Birth dates of the members in a band on `on`: born after `bornAfter` (exclusive) and on or before
 * `bornOnOrBefore` (null = unbounded). Age ≥ n exactly when born on or before `on` minus n years.
 */
export function ageBandBirthRange(
  code: AgeBand,
  on: IsoDate,
): { bornAfter: IsoDate | null; bornOnOrBefore: IsoDate | null } {
  const band = AGE_BANDS.find((b) => b.code === code);
  if (!band) throw new Error(`unknown age band ${code}`);
  return {
    bornOnOrBefore: band.min === null ? null : addYears(on, -band.min),
    bornAfter: band.max === null ? null : addYears(on, -(band.max + 1)),
  };
}

/** The band of an age in whole years. */
export function ageBandOf(age: number): AgeBand {
  for (const b of AGE_BANDS) if (b.max === null || age <= b.max) return b.code;
  return 'ge61';
}
