/**
 * Anomaly checks (pure): study at implausible hours, and points far above a branch's distribution
 * (above Q3 + factor × the spread, judged only in branches of at least `minBranch` members; the
 * spread is the IQR, at least `minSpread`). The three figures are rules (points.outlierFactor,
 * points.outlierMinSpread, points.outlierMinBranch).
 */

/**
 * How an outlier is judged. `minSpread` is the least spread the threshold is measured in (points):
 * in a tight branch (an IQR of 3 or 4) Q3 + 3 × IQR lies ten points above the middle half, and a
 * secretary's duty (two classes of the district's training, a 党校 certificate) already crosses it;
 * with 5 a member must stand 3 × 5 = 15 points above Q3 before the branch is asked to look.
 */
export interface OutlierRule {
  factor: number;
  minSpread: number;
  /** A branch smaller than this has no distribution to stand out from. */
  minBranch: number;
}

/** True when `hour` (0–23, Asia/Shanghai) lies in [from, to); a window past midnight wraps (22→5). */
export function isOddHour(hour: number, window: { from: number; to: number }): boolean {
  const { from, to } = window;
  if (from === to) return false;
  return from < to ? hour >= from && hour < to : hour >= from || hour < to;
}

/** Quartile by linear interpolation between the closest ranks (values sorted ascending). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface OutlierFinding<T> {
  item: T;
  points: number;
  threshold: number;
  q3: number;
  iqr: number;
}

/**
 * The members of one branch whose points exceed Q3 + factor × max(IQR, minSpread) (none below
 * minBranch members, none when the IQR is 0).
 */
export function outliers<T>(
  rows: readonly T[],
  pointsOf: (t: T) => number,
  rule: OutlierRule,
): OutlierFinding<T>[] {
  if (rows.length < rule.minBranch) return [];
  const sorted = rows.map(pointsOf).sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const iqr = q3 - q1;
  const threshold = q3 + rule.factor * Math.max(iqr, rule.minSpread);
  // All alike (IQR 0): nobody stands out by a factor of nothing.
  if (iqr === 0) return [];
  return rows
    .filter((r) => pointsOf(r) > threshold)
    .map((item) => ({ item, points: pointsOf(item), threshold, q3, iqr }));
}
