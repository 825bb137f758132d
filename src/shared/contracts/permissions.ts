/**
 * Roles and what they may do. A role is always held at an org (the root of a subtree); the
 * permission's scope is the union of those subtrees. The `member` role reads only the user's
 * own member record, whatever org it is held at.
 */
export const ROLES = ['org_admin', 'secretary', 'member', 'auditor', 'sysadmin', 'security_admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  org_admin: '组织部门管理员',
  secretary: '党组织书记',
  member: '党员',
  auditor: '安全审计员',
  sysadmin: '系统管理员',
  security_admin: '安全管理员',
};

/**
 * The three administrators (三员分立, 等保 2.0 level 3): the system administrator runs accounts and
 * configuration, the security administrator approves role grants, the audit administrator reads the
 * audit log. None of them reaches member or org data.
 */
export const ADMINISTRATOR_ROLES = [
  'sysadmin',
  'security_admin',
  'auditor',
] as const satisfies readonly Role[];

const isAdministratorRole = (role: Role) => (ADMINISTRATOR_ROLES as readonly Role[]).includes(role);

/**
 * Separation of duties as a rule: an account holding one of the three administrator roles holds no
 * other role (neither a second administrator role nor a data role: org_admin, secretary, member),
 * and an account with a data role takes no administrator role. The same administrator role at two
 * orgs is allowed. Answers the reason in Chinese, or null when `adding` may join `held`.
 * Checked when a grant is proposed (against held and pending grants) and again when approved.
 */
export function separationConflict(held: readonly Role[], adding: Role): string | null {
  const others = held.filter((r) => r !== adding);
  if (isAdministratorRole(adding)) {
    if (others.length === 0) return null;
    return `${ROLE_LABELS[adding]}不能再持有其他角色（已有：${[...new Set(others)].map((r) => ROLE_LABELS[r]).join('、')}）`;
  }
  const admins = others.filter(isAdministratorRole);
  if (admins.length === 0) return null;
  return `${[...new Set(admins)].map((r) => ROLE_LABELS[r]).join('、')}账号不能持有${ROLE_LABELS[adding]}角色`;
}

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
  'grant.propose',
  'grant.approve',
  'orglife.read',
  'orglife.write',
  'orglife.review',
  'development.read',
  'development.write',
  'development.approve',
  'dues.read',
  'dues.write',
  'dues.approve',
  /** Pays one's own dues online (the member's own months, never another's). */
  'dues.pay',
  'stats.read',
  /** Issues member accounts (activation codes) for the members of one's subtree (issue #19). */
  'account.issue',
  /** Reads an org's learning content, classes, hours and progress (issue #20). */
  'learning.read',
  /** Publishes content, runs classes (roster, attendance), enters external study. */
  'learning.write',
  /** Approves or rejects external study (the branch). */
  'learning.approve',
  /** Studies: one's own sessions, heartbeats, class check-in, external study, hours. */
  'learning.study',
  /** Reads an org's points, ledgers, rankings and flags. */
  'points.read',
  /** Proposes a manual award or deduction (the secretary). */
  'points.propose',
  /** Approves a proposal made by someone else; decides anomaly flags. */
  'points.approve',
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
    // Accounts for the members of its subtree, each holding only the member role (decision 0039).
    'account.issue',
    'learning.read',
    'learning.write',
    'learning.approve',
    'points.read',
    'points.propose',
    'points.approve',
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
    // Hands out the accounts (activation slips) of its org's members.
    'account.issue',
    'learning.read',
    'learning.write',
    'learning.approve',
    'points.read',
    'points.propose',
    'points.approve',
  ],
  // Own record only: the scope of member.read for this role is the user's member id.
  member: ['member.read', 'dues.read', 'dues.pay', 'learning.study'],
  // 安全审计员: reads the audit log of its subtree, nothing else (no member data, no accounts).
  auditor: ['audit.read'],
  // 系统管理员: accounts and configuration, no member or org data. Proposes role grants and
  // member links; neither takes effect on its word alone.
  sysadmin: ['user.read', 'user.write', 'settings.write', 'grant.propose'],
  // 安全管理员: approves or rejects the grants others propose for orgs in its subtree, revokes
  // roles there; reads accounts, no member data.
  security_admin: ['user.read', 'grant.approve'],
};

/** Roles whose grants (member.read, dues.read) cover only the user's own member record. */
export const SELF_ONLY_ROLES: readonly Role[] = ['member'];
