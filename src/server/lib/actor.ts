import {
  type Permission,
  ROLE_PERMISSIONS,
  type Role,
  SELF_ONLY_ROLES,
} from '../../shared/contracts/permissions.js';
import { Scope } from './scope.js';

export interface RoleGrant {
  role: Role;
  orgId: number;
  orgPath: string;
  orgName: string;
  /** The org's kind (committee, branch…): read with the session, for the menus of `GET /api/me`. */
  orgKind?: string;
}

/** The signed-in user as the services see it: identity, grants, and scope per permission. */
export class Actor {
  constructor(
    readonly userId: number,
    readonly username: string,
    readonly displayName: string,
    readonly memberId: number | null,
    readonly grants: readonly RoleGrant[],
  ) {}

  can(permission: Permission): boolean {
    return this.grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission));
  }

  get permissions(): Permission[] {
    return [...new Set(this.grants.flatMap((g) => ROLE_PERMISSIONS[g.role]))];
  }

  scope(permission: Permission): Scope {
    const roots: string[] = [];
    let self: number | null = null;
    for (const g of this.grants) {
      if (!ROLE_PERMISSIONS[g.role].includes(permission)) continue;
      if (SELF_ONLY_ROLES.includes(g.role)) self = this.memberId;
      else roots.push(g.orgPath);
    }
    return Scope.of(roots, self);
  }
}
