import type { ComponentType, ReactNode } from 'react';
import { isBranchKind } from '../domain/org/labels';
import type { Permission } from '../shared/contracts/permissions';
import type { Me } from './api/types';
import {
  AccountBookOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  CommentOutlined,
  CreditCardOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  FlagOutlined,
  FundProjectionScreenOutlined,
  HeatMapOutlined,
  IdcardOutlined,
  LinkOutlined,
  MoneyCollectOutlined,
  PieChartOutlined,
  RiseOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  ShopOutlined,
  SwapOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UploadOutlined,
  UserOutlined,
  WalletOutlined,
  WarningOutlined,
} from './menuIcons';
import * as pages from './pages/lazyPages';

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
  /** A shorter label for the side menu, where the title does not fit its 208 px. */
  menuLabel?: string;
  /** The side-menu group (a submenu) the entry sits in. */
  group?: MenuGroup;
  /**
   * `bare`: rendered without the side menu and header (a page opened on a phone by scanning a QR
   * code). Signed-in only unless `public`: without a session it goes to the login page and comes back.
   * `member`: in the member's own shell (bottom tabs, MemberLayout) whoever opens it.
   */
  layout?: 'bare' | 'member';
  /** Opens without a session (a bare page that offers the login itself, as the check-in page does). */
  public?: boolean;
  /**
   * The page calls no `App.useApp()` (message, modal): RouteGuard does not load antd's App for it
   * (issue #19, the member's first load; it uses components/light/toast).
   */
  light?: boolean;
  permission?: Permission;
  access?: (me: Me) => boolean;
  /**
   * Who uses the menu entry. `committee`: the tools of an org that runs orgs below it (imports, the
   * annual report, coverage of new economic and social organizations, development plans, hardship
   * approvals), left out of the menu of a user whose roles are all held at a branch. Menu only: the
   * route stays reachable for links (the dashboard opens the coverage list of a branch's units).
   */
  audience?: 'committee';
  component: ComponentType;
}

export interface MenuGroup {
  key: string;
  title: string;
  icon: ReactNode;
}

export const ORGLIFE_GROUP: MenuGroup = { key: 'orglife', title: '组织生活', icon: <FlagOutlined /> };
export const DEVELOPMENT_GROUP: MenuGroup = { key: 'development', title: '发展党员', icon: <RiseOutlined /> };
export const DUES_GROUP: MenuGroup = { key: 'dues', title: '党费', icon: <AccountBookOutlined /> };
export const LEARNING_GROUP: MenuGroup = { key: 'learning', title: '学习培训', icon: <BookOutlined /> };

/**
 * Uses the member's own app (我的, MemberLayout) everywhere: every role held is 党员, or none at all
 * (an applicant's account follows a development case and holds no role).
 */
export const usesMemberApp = (me: Me) => me.roles.every((r) => r.role === 'member');

/** Has a home in 我的: a member record, or an account without roles (an applicant's). */
const hasMyHome = (me: Me) => me.memberId !== null || me.roles.length === 0;

/** Users who see organizations (not just their own record) have at least one scope root. */
const seesOrgs = (me: Me) => me.scopeRoots.length > 0;

/**
 * Holds a role (other than 党员) at an org with orgs below it to run: a committee or a general
 * branch. A branch secretary runs a branch, and the district's tools would only crowd their menu.
 */
export const runsOrgsBelow = (me: Me) =>
  me.roles.some((r) => r.role !== 'member' && !isBranchKind(r.orgKind) && r.orgKind !== 'group');

export const appRoutes: AppRoute[] = [
  {
    path: '',
    title: '工作台',
    icon: <DashboardOutlined />,
    menu: '/',
    permission: 'org.read',
    access: seesOrgs,
    component: pages.HomePage,
  },
  // 我的 (decision 0040): where a user whose roles are all 党员 lands (see landingPath); not in the
  // side menu, which such users do not have.
  {
    path: 'my',
    title: '我的首页',
    layout: 'member',
    light: true,
    access: hasMyHome,
    component: pages.MyHomePage,
  },
  {
    path: 'my/meetings',
    title: '我的会议',
    layout: 'member',
    access: hasMyHome,
    component: pages.MyMeetingsPage,
  },
  {
    path: 'my/meetings/:id',
    title: '会议详情',
    layout: 'member',
    access: hasMyHome,
    component: pages.MyMeetingPage,
  },
  // 学习 (issue #20, decision 0046): what to study, the player, external study with a photo.
  {
    path: 'my/study',
    title: '学习',
    layout: 'member',
    access: (me) => me.memberId !== null && me.permissions.includes('learning.study'),
    component: pages.MyStudyPage,
  },
  {
    path: 'my/study/items/:id',
    title: '学习',
    layout: 'member',
    access: (me) => me.memberId !== null && me.permissions.includes('learning.study'),
    component: pages.StudyPlayerPage,
  },
  {
    path: 'my/study/external',
    title: '提交其他学习',
    layout: 'member',
    access: (me) => me.memberId !== null && me.permissions.includes('learning.study'),
    component: pages.MyExternalPage,
  },
  {
    path: 'my/hours',
    title: '我的学时',
    layout: 'member',
    access: (me) => me.memberId !== null && me.permissions.includes('learning.study'),
    component: pages.MyHoursPage,
  },
  {
    path: 'my/points',
    title: '我的积分',
    layout: 'member',
    access: (me) => me.memberId !== null,
    component: pages.MyPointsPage,
  },
  {
    path: 'dashboard',
    title: '数据看板',
    icon: <BarChartOutlined />,
    menu: '/dashboard',
    permission: 'stats.read',
    access: seesOrgs,
    component: pages.DashboardPage,
  },
  {
    path: 'members',
    title: '党员名册',
    icon: <TeamOutlined />,
    menu: '/members',
    permission: 'member.read',
    access: seesOrgs,
    component: pages.MemberListPage,
  },
  { path: 'members/new', title: '新增党员', permission: 'member.write', component: pages.MemberCreatePage },
  { path: 'members/:id', title: '党员档案', permission: 'member.read', component: pages.MemberPage },
  {
    path: 'members/:id/edit',
    title: '编辑党员信息',
    permission: 'member.write',
    component: pages.MemberEditPage,
  },
  {
    path: 'transfers',
    title: '组织关系转接',
    icon: <SwapOutlined />,
    menu: '/transfers',
    permission: 'transfer.read',
    component: pages.TransfersPage,
  },
  {
    path: 'orgs/:id?',
    title: '组织架构',
    icon: <ApartmentOutlined />,
    menu: '/orgs',
    permission: 'org.read',
    access: seesOrgs,
    component: pages.OrgTreePage,
  },
  {
    path: 'meetings',
    title: '会议记录',
    icon: <CalendarOutlined />,
    menu: '/meetings',
    group: ORGLIFE_GROUP,
    permission: 'orglife.read',
    access: seesOrgs,
    component: pages.MeetingListPage,
  },
  {
    path: 'meetings/new',
    title: '记录会议',
    permission: 'orglife.write',
    component: pages.MeetingCreatePage,
  },
  { path: 'meetings/:id', title: '会议详情', permission: 'orglife.read', component: pages.MeetingPage },
  {
    path: 'meetings/:id/edit',
    title: '编辑会议记录',
    permission: 'orglife.write',
    component: pages.MeetingEditPage,
  },
  {
    path: 'compliance',
    title: '合规看板',
    icon: <HeatMapOutlined />,
    menu: '/compliance',
    group: ORGLIFE_GROUP,
    permission: 'orglife.read',
    access: seesOrgs,
    component: pages.CompliancePage,
  },
  {
    path: 'heart-talks',
    title: '谈心谈话',
    icon: <CommentOutlined />,
    menu: '/heart-talks',
    group: ORGLIFE_GROUP,
    permission: 'orglife.read',
    access: seesOrgs,
    component: pages.HeartTalksPage,
  },
  {
    path: 'orgs/:id/orglife',
    title: '组织生活日历',
    permission: 'orglife.read',
    component: pages.OrgCalendarPage,
  },
  {
    path: 'development',
    title: '发展党员看板',
    icon: <DashboardOutlined />,
    menu: '/development',
    group: DEVELOPMENT_GROUP,
    permission: 'development.read',
    access: seesOrgs,
    component: pages.DevelopmentBoardPage,
  },
  {
    path: 'development/cases',
    title: '发展对象名册',
    icon: <UnorderedListOutlined />,
    menu: '/development/cases',
    group: DEVELOPMENT_GROUP,
    permission: 'development.read',
    access: seesOrgs,
    component: pages.CaseListPage,
  },
  {
    path: 'development/cases/new',
    title: '新建入党申请',
    permission: 'development.write',
    component: pages.CaseCreatePage,
  },
  {
    path: 'development/cases/:id',
    title: '发展档案',
    permission: 'development.read',
    component: pages.CasePage,
  },
  {
    path: 'development/plans',
    title: '发展计划',
    icon: <ScheduleOutlined />,
    menu: '/development/plans',
    group: DEVELOPMENT_GROUP,
    permission: 'development.read',
    access: seesOrgs,
    audience: 'committee',
    component: pages.PlansPage,
  },
  {
    path: 'dues/collection',
    title: '收缴登记',
    icon: <MoneyCollectOutlined />,
    menu: '/dues/collection',
    group: DUES_GROUP,
    permission: 'dues.read',
    access: seesOrgs,
    component: pages.CollectionPage,
  },
  {
    path: 'dues/arrears',
    title: '欠费名单',
    icon: <WarningOutlined />,
    menu: '/dues/arrears',
    group: DUES_GROUP,
    permission: 'dues.read',
    access: seesOrgs,
    component: pages.ArrearsPage,
  },
  {
    path: 'dues/summary',
    title: '收缴统计',
    icon: <PieChartOutlined />,
    menu: '/dues/summary',
    group: DUES_GROUP,
    permission: 'dues.read',
    access: seesOrgs,
    component: pages.DuesSummaryPage,
  },
  {
    path: 'dues/online',
    title: '在线缴费记录',
    icon: <CreditCardOutlined />,
    menu: '/dues/online',
    group: DUES_GROUP,
    permission: 'dues.read',
    access: seesOrgs,
    component: pages.OnlinePaymentsPage,
  },
  {
    path: 'dues/approvals',
    title: '困难党员减免审批',
    menuLabel: '减免审批',
    icon: <FileDoneOutlined />,
    menu: '/dues/approvals',
    group: DUES_GROUP,
    permission: 'dues.approve',
    access: seesOrgs,
    audience: 'committee',
    component: pages.DuesApprovalsPage,
  },
  {
    path: 'dues/import',
    title: '导入党费基数',
    icon: <UploadOutlined />,
    menu: '/dues/import',
    group: DUES_GROUP,
    permission: 'dues.write',
    access: seesOrgs,
    component: pages.DuesImportPage,
  },
  // 学习培训 and 党员积分 (issue #20) after the dues: the regular work comes first.
  // 学习资料 and 培训班 (issue #20, decision 0045).
  {
    path: 'learning/items',
    title: '学习资料',
    icon: <UnorderedListOutlined />,
    menu: '/learning/items',
    group: LEARNING_GROUP,
    permission: 'learning.read',
    access: seesOrgs,
    component: pages.LearningItemsPage,
  },
  {
    path: 'learning/classes',
    title: '培训班',
    icon: <ScheduleOutlined />,
    menu: '/learning/classes',
    group: LEARNING_GROUP,
    permission: 'learning.read',
    access: seesOrgs,
    component: pages.LearningClassesPage,
  },
  {
    path: 'learning/classes/:id',
    title: '培训班详情',
    permission: 'learning.read',
    component: pages.ClassDetailPage,
  },
  // 学时 (issue #20, decision 0046): external study for approval, a member's credit ledger.
  {
    path: 'hours/external',
    title: '其他学习审核',
    icon: <FileDoneOutlined />,
    menu: '/hours/external',
    group: LEARNING_GROUP,
    permission: 'learning.read',
    access: seesOrgs,
    component: pages.ExternalStudyPage,
  },
  {
    path: 'hours/members/:memberId',
    title: '学时明细',
    permission: 'learning.read',
    component: pages.MemberLedgerPage,
  },
  {
    path: 'progress',
    title: '学时进度',
    icon: <FieldTimeOutlined />,
    menu: '/progress',
    group: LEARNING_GROUP,
    permission: 'learning.read',
    access: seesOrgs,
    component: pages.ProgressPage,
  },
  {
    path: 'points',
    title: '党员积分',
    icon: <BarChartOutlined />,
    menu: '/points',
    permission: 'points.read',
    access: seesOrgs,
    component: pages.PointsPage,
  },
  {
    path: 'points/members/:id',
    title: '党员积分明细',
    permission: 'points.read',
    component: pages.MemberPointsPage,
  },
  {
    path: 'stats/report',
    title: '统计年报',
    icon: <FundProjectionScreenOutlined />,
    menu: '/stats/report',
    permission: 'stats.read',
    access: seesOrgs,
    audience: 'committee',
    component: pages.AnnualReportPage,
  },
  {
    path: 'coverage',
    title: '两新组织覆盖',
    icon: <ShopOutlined />,
    menu: '/coverage',
    permission: 'org.read',
    access: seesOrgs,
    audience: 'committee',
    component: pages.CoveragePage,
  },
  {
    path: 'imports',
    title: '数据导入',
    icon: <CloudUploadOutlined />,
    menu: '/imports',
    permission: 'member.write',
    access: seesOrgs,
    audience: 'committee',
    component: pages.ImportPage,
  },
  {
    // The member's org confirms that an account is the member's own (三员分立, issue #18).
    path: 'member-links',
    title: '账号关联确认',
    icon: <LinkOutlined />,
    menu: '/member-links',
    permission: 'member.write',
    access: seesOrgs,
    component: pages.MemberLinksPage,
  },
  {
    // 党员账号 (issue #19): accounts for the members of one's subtree, and their activation slips.
    path: 'accounts',
    title: '账号发放',
    icon: <IdcardOutlined />,
    menu: '/accounts',
    permission: 'account.issue',
    access: seesOrgs,
    component: pages.AccountsPage,
  },
  {
    path: 'accounts/batches/:id/slips',
    title: '打印激活单',
    layout: 'bare',
    permission: 'account.issue',
    component: pages.SlipsPage,
  },
  {
    path: 'me',
    title: '我的档案',
    icon: <IdcardOutlined />,
    menu: '/me',
    permission: 'member.read',
    access: (me) => me.memberId !== null,
    component: pages.MyRecordPage,
  },
  {
    path: 'me/dues',
    title: '我的党费',
    icon: <WalletOutlined />,
    menu: '/me/dues',
    access: (me) => me.memberId !== null && me.permissions.includes('dues.read'),
    component: pages.MyDuesPage,
  },
  {
    path: 'audit',
    title: '审计日志',
    icon: <AuditOutlined />,
    menu: '/audit',
    permission: 'audit.read',
    component: pages.AuditLogPage,
  },
  {
    path: 'users',
    title: '用户管理',
    icon: <UserOutlined />,
    menu: '/users',
    permission: 'user.read',
    component: pages.UsersPage,
  },
  {
    // The security administrator's queue; a system administrator follows its proposals here.
    path: 'grant-requests',
    title: '授权审批',
    icon: <SafetyCertificateOutlined />,
    menu: '/grant-requests',
    access: (me) => me.permissions.includes('grant.approve') || me.permissions.includes('grant.propose'),
    component: pages.GrantRequestsPage,
  },
  {
    // The regulations the system enforces: every signed-in user may read them.
    path: 'rules',
    title: '规则库',
    icon: <BookOutlined />,
    menu: '/rules',
    access: () => true,
    component: pages.RulesPage,
  },
  // Every signed-in user has a message box (the bell in the header).
  { path: 'notifications', title: '消息', access: () => true, component: pages.NotificationsPage },
  // Opened on a phone from the meeting's QR code; any signed-in member signs in for themselves.
  { path: 'checkin', title: '会议签到', layout: 'bare', public: true, component: pages.CheckinPage },
  // Opened on a phone from a class day's QR code; a roster member signs in for themselves.
  {
    path: 'learning/checkin',
    title: '培训班签到',
    layout: 'bare',
    public: true,
    component: pages.ClassCheckinPage,
  },
  // A member activates the account from the slip, or resets a forgotten password by SMS (issue #19).
  { path: 'activate', title: '激活账号', layout: 'bare', public: true, component: pages.ActivatePage },
  {
    path: 'forgot-password',
    title: '忘记密码',
    layout: 'bare',
    public: true,
    component: pages.ForgotPasswordPage,
  },
  // The simulated payment provider's cashier (decision 0041): the order's token is the credential.
  {
    path: 'pay/simulated/:orderNo',
    title: '模拟支付收银台',
    layout: 'bare',
    public: true,
    component: pages.SimulatedCashierPage,
  },
];

export function canAccess(route: AppRoute, me: Me): boolean {
  if (route.permission && !me.permissions.includes(route.permission)) return false;
  return route.access ? route.access(me) : true;
}

export function menuRoutes(me: Me): AppRoute[] {
  const committee = runsOrgsBelow(me);
  return appRoutes.filter((r) => r.menu && canAccess(r, me) && (r.audience !== 'committee' || committee));
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

/** Where a user lands: 我的 for a member's own app, else the first menu entry they may open. */
export function landingPath(me: Me): string | undefined {
  if (usesMemberApp(me) && hasMyHome(me)) return '/my';
  return menuRoutes(me)[0]?.menu;
}
