import { describe, expect, it } from 'vitest';
import {
  allowedChildKinds,
  COMMITTEE_ROLE_LABELS,
  COMMITTEE_ROLES,
  isBranchKind,
  kindHoldsMembers,
  ORG_KIND_LABELS,
  ORG_KINDS,
  ORG_STATUS_LABELS,
  ORG_STATUSES,
  SECTOR_LABELS,
  SECTORS,
} from './labels.js';

describe('org labels', () => {
  it('labels every enum value in Chinese', () => {
    const pairs: [readonly string[], Record<string, string>][] = [
      [ORG_KINDS, ORG_KIND_LABELS],
      [SECTORS, SECTOR_LABELS],
      [COMMITTEE_ROLES, COMMITTEE_ROLE_LABELS],
      [ORG_STATUSES, ORG_STATUS_LABELS],
    ];
    for (const [values, labels] of pairs) {
      expect(Object.keys(labels).sort()).toEqual([...values].sort());
      for (const v of values) expect(labels[v], v).toMatch(/^[\u4e00-\u9fff]+$/);
    }
  });

  it('uses the glossary terms', () => {
    expect(ORG_KIND_LABELS).toEqual({
      committee: '党委',
      general_branch: '党总支',
      branch: '党支部',
      joint_branch: '联合党支部',
      group: '党小组',
    });
    expect(SECTOR_LABELS.private_enterprise).toBe('非公有制企业');
    expect(COMMITTEE_ROLE_LABELS.discipline_member).toBe('纪检委员');
    expect(ORG_STATUS_LABELS.dissolved).toBe('已撤销');
  });
});

describe('allowedChildKinds', () => {
  it('follows the tree: committee > general branch > branch > group', () => {
    expect(allowedChildKinds('committee')).toEqual(['committee', 'general_branch', 'branch', 'joint_branch']);
    expect(allowedChildKinds('general_branch')).toEqual(['branch', 'joint_branch']);
    expect(allowedChildKinds('branch')).toEqual(['group']);
    expect(allowedChildKinds('joint_branch')).toEqual(['group']);
    expect(allowedChildKinds('group')).toEqual([]);
  });

  it('returns a copy that callers may change safely', () => {
    allowedChildKinds('branch').push('committee');
    expect(allowedChildKinds('branch')).toEqual(['group']);
  });

  it('never lets a kind hold members and children other than groups', () => {
    for (const kind of ORG_KINDS) {
      if (kindHoldsMembers(kind)) expect(allowedChildKinds(kind)).toEqual(['group']);
    }
  });
});

describe('kindHoldsMembers', () => {
  it('is true only for branches and joint branches', () => {
    expect(ORG_KINDS.filter(kindHoldsMembers)).toEqual(['branch', 'joint_branch']);
    expect(ORG_KINDS.filter(isBranchKind)).toEqual(['branch', 'joint_branch']);
  });
});
