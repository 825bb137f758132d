/**
 * 政治生日 and 党龄 for the member's home.
 *
 * - 政治生日 is the anniversary of 入党 (`joined_on`, the day the branch meeting admitted the member
 *   as probationary): the day a member usually renews the oath.
 * - 党龄 counts from 转正 (`confirmed_on`), not from joining: 党章第七条 "党员的党龄，从预备期满转为
 *   正式党员之日算起" (the rule `member.probationMonths` in the catalog says the same). A probationary
 *   member therefore has no party age yet (null), and the probation year does not count.
 */
import { addYears, ageOn, compareDates, daysBetween, type IsoDate } from '../common/dates.js';

/** Whole years of party age on `on`; null while probationary (no 转正 date) or before it. */
export function partyAgeOn(confirmedOn: IsoDate | null, on: IsoDate): number | null {
  if (!confirmedOn || compareDates(on, confirmedOn) < 0) return null;
  return ageOn(confirmedOn, on);
}

export interface PoliticalBirthday {
  /** The next anniversary on or after `today` (today itself when it is the day). */
  next: IsoDate;
  daysUntil: number;
  /** 入党 N 周年 at that anniversary. */
  years: number;
}

/**
 * The next anniversary of joining on or after `today`. A member who joined on 02-29 celebrates on
 * 02-28 of a non-leap year (the clamping of `addYears`, as for ages). Null for a joining date
 * more than a year ahead (a record being corrected).
 */
export function politicalBirthday(joinedOn: IsoDate, today: IsoDate): PoliticalBirthday | null {
  const y = Number(today.slice(0, 4)) - Number(joinedOn.slice(0, 4));
  for (const years of [y, y + 1]) {
    if (years < 1) continue;
    const next = addYears(joinedOn, years);
    if (compareDates(next, today) >= 0) return { next, daysUntil: daysBetween(today, next), years };
  }
  return null;
}
