import { describe, expect, it } from 'vitest';
import { defaultRules, resolveRules } from '../rules/index.js';
import { SECTORS } from './labels.js';
import { defaultTermYears, termEndFrom } from './term.js';

describe('defaultTermYears', () => {
  it('gives primary-level committees 5 years in every sector', () => {
    for (const sector of SECTORS) expect(defaultTermYears('committee', sector, defaultRules), sector).toBe(5);
  });

  it('gives branches and general branches 3 years outside villages and communities', () => {
    for (const kind of ['branch', 'joint_branch', 'general_branch'] as const) {
      for (const sector of [
        'government',
        'state_enterprise',
        'private_enterprise',
        'school',
        'other',
      ] as const) {
        expect(defaultTermYears(kind, sector, defaultRules), `${kind}/${sector}`).toBe(3);
      }
    }
  });

  it('gives branches and general branches in villages and communities 5 years', () => {
    for (const kind of ['branch', 'joint_branch', 'general_branch'] as const) {
      expect(defaultTermYears(kind, 'rural', defaultRules)).toBe(5);
      expect(defaultTermYears(kind, 'community', defaultRules)).toBe(5);
    }
  });

  it('gives party groups no term', () => {
    expect(defaultTermYears('group', 'rural', defaultRules)).toBeNull();
    expect(defaultTermYears('group', 'government', defaultRules)).toBeNull();
  });

  it('follows deployment overrides, separately for branches and general branches', () => {
    const rules = resolveRules({ 'term.branchYears': 4, 'term.generalBranchYears': 5 });
    expect(defaultTermYears('branch', 'school', rules)).toBe(4);
    expect(defaultTermYears('joint_branch', 'school', rules)).toBe(4);
    expect(defaultTermYears('general_branch', 'school', rules)).toBe(5);
    expect(defaultTermYears('branch', 'rural', rules)).toBe(5);
  });
});

describe('termEndFrom', () => {
  it('ends on the same calendar day', () => {
    expect(termEndFrom('2021-06-15', 3)).toBe('2024-06-15');
    expect(termEndFrom('2021-06-15', 5)).toBe('2026-06-15');
  });

  it('moves a leap-day start to 02-28', () => {
    expect(termEndFrom('2024-02-29', 3)).toBe('2027-02-28');
    expect(termEndFrom('2024-02-29', 4)).toBe('2028-02-29');
  });
});
