/**
 * Roles and what they may do. A role is always held at an org (the root of a subtree); the
 * permission's scope is the union of those subtrees. The `member` role reads only the user's
 * own member record, whatever org it is held at.
 */
export const ROLES = ['org_admin', 'secretary', 'member', 'auditor', 'sysadmin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  org_admin: '组织部门管理员',
  secretary: '党组织书记',
  member: '党员',
  auditor: '审计员',
  sysadmin: '系统管理员',
};

export const PERMISSIONS = [
  'org.read',
  'org.write',
  'member.read',
  'member.write',
  'member.reveal',
  'transfer.read',
  'transfer.write',
  'audit.read',
  'user.read',
  'user.write',
  'settings.write',
  'orglife.read',
  'orglife.write',
  'orglife.review',
  'development.read',
  'development.write',
  'development.approve',
  'dues.read',
  'dues.write',
  'dues.approve',
  'stats.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a route requires: a permission, any signed-in user, or nobody. */
export type RoutePermission = Permission | 'authenticated' | 'public';

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  org_admin: [
    'org.read',
    'org.write',
    'member.read',
    'member.write',
    'member.reveal',
    'transfer.read',
    'transfer.write',
    'orglife.read',
    'orglife.write',
    'orglife.review',
    'development.read',
    'development.write',
    'development.approve',
    'dues.read',
    'dues.write',
    'dues.approve',
    // Dashboards and the annual statistical report of its subtree.
    'stats.read',
  ],
  // A secretary runs their own org: reads and edits its members, starts and answers transfers,
  // and may reveal contact data with a reason (every reveal is audited).
  // Records its org's meetings and talks; reviews (and exempts) the orgs BELOW its own: review
  // needs the scope to hold the reviewed org's parent, so nobody approves their own records.
  secretary: [
    'org.read',
    'member.read',
    'member.write',
    'member.reveal',
    'transfer.read',
    'transfer.write',
    'orglife.read',
    'orglife.write',
    'orglife.review',
    // Records the steps of its branch's cases; approves only as the secretary of a committee with
    // approval authority (the approving committee must be inside the scope, a branch's is above it).
    'development.read',
    'development.write',
    'development.approve',
    // Keeps its org's dues ledger; approves hardship reductions and confirms remittances only for
    // the orgs below its own (the higher committee's act: the scope must hold the branch's parent).
    'dues.read',
    'dues.write',
    'dues.approve',
    'stats.read',
  ],
  // Own record only: the scope of member.read for this role is the user's member id.
  member: ['member.read', 'dues.read'],
  // Reads the audit log of its subtree, nothing else (no member data).
  auditor: ['audit.read'],
  // Users and settings, no member data.
  sysadmin: ['user.read', 'user.write', 'settings.write'],
};

/** Roles whose grants (member.read, dues.read) cover only the user's own member record. */
export const SELF_ONLY_ROLES: readonly Role[] = ['member'];
