/**
 * Organization enums (glossary: Organizations) with Chinese labels, and the shape of the tree.
 *
 * The tuples are `as const` so that the server can pass them straight to `z.enum` and the database
 * enums, and the UI can build its selects from the same source.
 */
export const ORG_KINDS = ['committee', 'general_branch', 'branch', 'joint_branch', 'group'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const SECTORS = [
  'rural',
  'community',
  'government',
  'public_institution',
  'state_enterprise',
  'private_enterprise',
  'social_organization',
  'school',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

export const COMMITTEE_ROLES = [
  'secretary',
  'deputy_secretary',
  'organization_member',
  'publicity_member',
  'discipline_member',
  'committee_member',
] as const;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

export const ORG_STATUSES = ['active', 'dissolved'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  joint_branch: '联合党支部',
  group: '党小组',
};

export const SECTOR_LABELS: Record<Sector, string> = {
  rural: '农村',
  community: '社区',
  government: '机关',
  public_institution: '事业单位',
  state_enterprise: '国有企业',
  private_enterprise: '非公有制企业',
  social_organization: '社会组织',
  school: '学校',
  other: '其他',
};

export const COMMITTEE_ROLE_LABELS: Record<CommitteeRole, string> = {
  secretary: '书记',
  deputy_secretary: '副书记',
  organization_member: '组织委员',
  publicity_member: '宣传委员',
  discipline_member: '纪检委员',
  committee_member: '委员',
};

export const ORG_STATUS_LABELS: Record<OrgStatus, string> = {
  active: '正常',
  dissolved: '已撤销',
};

/**
 * Which kinds may sit directly under which. A committee may have committees below it (a township
 * committee under a county-level one, a 村党委 under a 乡镇党委); a general branch groups branches; a
 * branch divides into party groups (支部工作条例 Art. 13); a group is a leaf.
 */
const CHILD_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  committee: ['committee', 'general_branch', 'branch', 'joint_branch'],
  general_branch: ['branch', 'joint_branch'],
  branch: ['group'],
  joint_branch: ['group'],
  group: [],
};

/** The kinds that may be created directly under an org of `parentKind` (a fresh array each call). */
export function allowedChildKinds(parentKind: OrgKind): OrgKind[] {
  return [...(CHILD_KINDS[parentKind] ?? [])];
}

/**
 * Whether members are registered in this kind of org. Every member belongs to a branch (党员教育管理
 * 工作条例 Art. 25); committees and general branches hold them only through their branches, and a
 * group is a subdivision of its branch, recorded on the member, not a place of registration.
 */
export function kindHoldsMembers(kind: OrgKind): boolean {
  return kind === 'branch' || kind === 'joint_branch';
}

/** 党支部 in the broad sense: the rules of the 支部工作条例 apply to ordinary and joint branches alike. */
export function isBranchKind(kind: OrgKind): boolean {
  return kind === 'branch' || kind === 'joint_branch';
}
