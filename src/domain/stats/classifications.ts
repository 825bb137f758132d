/**
 * The classifications of the party's internal statistics (中组部《中国共产党党内统计公报》, whose
 * tables the annual report (统计年报) follows): age bands, periods of joining, and the education
 * share. The bulletin publishes exactly these groupings each year (end-2023 and end-2024 bulletins,
 * shared rules §9); the boundaries of the joining periods are the dates of the events that name
 * them (founding of the PRC 1949-10-01, the Third Plenum of the 11th CC opening 1978-12-18, the
 * 18th National Congress opening 2012-11-08).
 */
import type { IsoDate } from '../common/dates.js';

/** "35岁及以下" is the headline figure for new members (83.7 % of those developed in 2024). */
export const YOUTH_MAX_AGE = 35;

export interface JoinPeriod {
  code: string;
  label: string;
  /** Joined on or after `from` (inclusive) and before `until` (exclusive); null = unbounded. */
  from: IsoDate | null;
  until: IsoDate | null;
}

export const JOIN_PERIODS: readonly JoinPeriod[] = [
  { code: 'pre1949', label: '新中国成立前入党', from: null, until: '1949-10-01' },
  {
    code: '1949_1978',
    label: '新中国成立后至党的十一届三中全会前入党',
    from: '1949-10-01',
    until: '1978-12-18',
  },
  {
    code: '1978_2012',
    label: '党的十一届三中全会后至党的十八大前入党',
    from: '1978-12-18',
    until: '2012-11-08',
  },
  { code: 'since2012', label: '党的十八大以来入党', from: '2012-11-08', until: null },
];

export function joinPeriodOf(joinedOn: IsoDate): JoinPeriod {
  return (
    JOIN_PERIODS.find(
      (p) => (p.from === null || joinedOn >= p.from) && (p.until === null || joinedOn < p.until),
    ) ?? JOIN_PERIODS[JOIN_PERIODS.length - 1]!
  );
}
