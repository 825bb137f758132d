/**
 * Default length of a term (任期) by kind and sector.
 *
 * The Party Constitution (Art. 31) allows 3 to 5 years; the 2018 opinion on terms (关于党的基层组织任期
 * 的意见) fixes the usual values: 5 years for a primary-level committee, 3 for branches and general
 * branches, except in villages and communities, where branches and general branches also serve 5
 * years so that their elections line up with those of the village (resident) committees.
 */
import { addYears, type IsoDate } from '../common/dates.js';
import type { Rules } from '../rules/index.js';
import type { OrgKind, Sector } from './labels.js';

const VILLAGE_AND_COMMUNITY: readonly Sector[] = ['rural', 'community'];

/** Years in a term for this kind of org; null for party groups, which are not elected and have no term. */
export function defaultTermYears(kind: OrgKind, sector: Sector, rules: Rules): number | null {
  switch (kind) {
    case 'group':
      return null;
    case 'committee':
      return rules['term.committeeYears'];
    case 'general_branch':
    case 'branch':
    case 'joint_branch':
      if (VILLAGE_AND_COMMUNITY.includes(sector)) return rules['term.villageCommunityYears'];
      return kind === 'general_branch' ? rules['term.generalBranchYears'] : rules['term.branchYears'];
  }
}

/** The term's end date: the same calendar day `years` later (02-29 → 02-28 in a non-leap year). */
export function termEndFrom(termStart: IsoDate, years: number): IsoDate {
  return addYears(termStart, years);
}
