import {
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  DashboardOutlined,
  IdcardOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import type { Permission } from '../shared/contracts/permissions';
import type { Me } from './api/types';

/**
 * The one route table: it drives the router (see `router.tsx`) and the side menu. A route is
 * reachable when the user holds its `permission` and passes its `access` check; a route with
 * `menu` set appears in the side menu under that path.
 */
export interface AppRoute {
  /** Path under `/`, in react-router syntax; `''` is the index. */
  path: string;
  title: string;
  icon?: ReactNode;
  /** Shown in the side menu, linking to this path. */
  menu?: string;
  permission?: Permission;
  access?: (me: Me) => boolean;
  component: ComponentType;
}

const HomePage = lazy(() => import('./pages/home/dashboard/HomePage'));
const OrgTreePage = lazy(() => import('./pages/orgs/tree/OrgTreePage'));
const MemberListPage = lazy(() => import('./pages/members/list/MemberListPage'));
const MemberPage = lazy(() => import('./pages/members/detail/MemberPage'));
const MemberCreatePage = lazy(() => import('./pages/members/form/MemberCreatePage'));
const MemberEditPage = lazy(() => import('./pages/members/form/MemberEditPage'));
const MyRecordPage = lazy(() => import('./pages/members/detail/MyRecordPage'));
const TransfersPage = lazy(() => import('./pages/transfers/list/TransfersPage'));
const AuditLogPage = lazy(() => import('./pages/audit/log/AuditLogPage'));
const UsersPage = lazy(() => import('./pages/users/list/UsersPage'));
const RulesPage = lazy(() => import('./pages/rules/list/RulesPage'));

/** Users who see organizations (not just their own record) have at least one scope root. */
const seesOrgs = (me: Me) => me.scopeRoots.length > 0;

export const appRoutes: AppRoute[] = [
  {
    path: '',
    title: '工作台',
    icon: <DashboardOutlined />,
    menu: '/',
    permission: 'org.read',
    access: seesOrgs,
    component: HomePage,
  },
  {
    path: 'orgs/:id?',
    title: '组织架构',
    icon: <ApartmentOutlined />,
    menu: '/orgs',
    permission: 'org.read',
    access: seesOrgs,
    component: OrgTreePage,
  },
  {
    path: 'members',
    title: '党员名册',
    icon: <TeamOutlined />,
    menu: '/members',
    permission: 'member.read',
    access: seesOrgs,
    component: MemberListPage,
  },
  { path: 'members/new', title: '新增党员', permission: 'member.write', component: MemberCreatePage },
  { path: 'members/:id', title: '党员档案', permission: 'member.read', component: MemberPage },
  { path: 'members/:id/edit', title: '编辑党员信息', permission: 'member.write', component: MemberEditPage },
  {
    path: 'me',
    title: '我的档案',
    icon: <IdcardOutlined />,
    menu: '/me',
    permission: 'member.read',
    access: (me) => me.memberId !== null,
    component: MyRecordPage,
  },
  {
    path: 'transfers',
    title: '组织关系转接',
    icon: <SwapOutlined />,
    menu: '/transfers',
    permission: 'transfer.read',
    component: TransfersPage,
  },
  {
    path: 'audit',
    title: '审计日志',
    icon: <AuditOutlined />,
    menu: '/audit',
    permission: 'audit.read',
    component: AuditLogPage,
  },
  {
    path: 'users',
    title: '用户管理',
    icon: <UserOutlined />,
    menu: '/users',
    permission: 'user.read',
    component: UsersPage,
  },
  {
    // The regulations the system enforces: every signed-in user may read them.
    path: 'rules',
    title: '规则库',
    icon: <BookOutlined />,
    menu: '/rules',
    access: () => true,
    component: RulesPage,
  },
];

export function canAccess(route: AppRoute, me: Me): boolean {
  if (route.permission && !me.permissions.includes(route.permission)) return false;
  return route.access ? route.access(me) : true;
}

export function menuRoutes(me: Me): AppRoute[] {
  return appRoutes.filter((r) => r.menu && canAccess(r, me));
}

/** The menu entry a location belongs to: the longest menu path that prefixes it. */
export function menuKeyFor(pathname: string, routes: AppRoute[]): string | undefined {
  let best: string | undefined;
  for (const r of routes) {
    const p = r.menu!;
    const matches = p === '/' ? pathname === '/' : pathname === p || pathname.startsWith(`${p}/`);
    if (matches && (!best || p.length > best.length)) best = p;
  }
  return best;
}

/** Where a user lands: the first menu entry they may open. */
export function landingPath(me: Me): string | undefined {
  return menuRoutes(me)[0]?.menu;
}
