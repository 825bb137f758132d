import {
  BookOutlined,
  CalendarOutlined,
  HomeOutlined,
  UserOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, Suspense } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useMe } from '../api/auth';
import { ApiError } from '../api/client';
import { LargeTypeSwitch } from '../components/LargeTypeSwitch';
import { Result } from '../components/LazyResult';
import { LightButton } from '../components/light/Light';
import { toast } from '../components/light/toast';
import { MemberApp } from '../components/MemberApp';
import { PageSpin } from '../components/RouteGuard';
import { usesMemberApp } from '../routes';
import './member.css';

interface Tab {
  to: string;
  label: string;
  icon: ReactNode;
  /** Other paths that belong to the tab (a meeting's detail belongs to 会议). */
  prefixes: string[];
}

/** 首页, 会议, 学习 (study and 学时), 党费 (the dues module's 我的党费), 我的 (the member's own record). */
const TABS: Tab[] = [
  { to: '/my', label: '首页', icon: <HomeOutlined />, prefixes: ['/my', '/notifications'] },
  { to: '/my/meetings', label: '会议', icon: <CalendarOutlined />, prefixes: ['/my/meetings'] },
  {
    to: '/my/study',
    label: '学习',
    icon: <BookOutlined />,
    prefixes: ['/my/study', '/my/hours', '/my/points'],
  },
  { to: '/me/dues', label: '党费', icon: <WalletOutlined />, prefixes: ['/me/dues'] },
  { to: '/me', label: '我的', icon: <UserOutlined />, prefixes: ['/me', '/password'] },
];

/**
 * An applicant's or activist's account (no member record yet, decision 0039) has no dues and no
 * record of its own: 首页 (their case's next step), 会议, and 我的 as the password page.
 */
const APPLICANT_TABS: Tab[] = [
  TABS[0],
  TABS[1],
  { to: '/password', label: '我的', icon: <UserOutlined />, prefixes: ['/password'] },
];

/** The tab a path belongs to: the longest prefix wins (/my/meetings/3 is 会议, not 首页). */
function tabOf(tabs: Tab[], pathname: string): string | undefined {
  let best: { to: string; len: number } | undefined;
  for (const t of tabs) {
    for (const p of t.prefixes) {
      if ((pathname === p || pathname.startsWith(`${p}/`)) && (!best || p.length > best.len)) {
        best = { to: t.to, len: p.length };
      }
    }
  }
  return best?.to;
}

/**
 * The member's own shell (issue #19): for users whose roles are all 党员 (and applicants' accounts),
 * and for the pages of 我的 whoever opens them. Phone-first: a slim bar on top with 大字模式 and
 * 退出, the page, and a bottom tab bar within a thumb's reach. Light on purpose: no side menu, no
 * charts, four icons; the admin pages are not imported here (they stay in their own chunks).
 */
export function MemberLayout() {
  const { data: me, error, isLoading } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useLogout();

  if (isLoading) return <PageSpin />;
  if (!me) {
    // 401 is handled by the client (redirect to the login page); anything else is shown here.
    if (error instanceof ApiError && error.status === 401) return <PageSpin />;
    return (
      <Result
        status="error"
        title="无法加载用户信息"
        subTitle={error instanceof ApiError ? error.message : '请刷新页面后重试'}
        extra={<LightButton onClick={() => window.location.reload()}>刷新</LightButton>}
      />
    );
  }
  if (me.mustChangePassword) return <Navigate to="/password?forced=1" replace />;

  const onLogout = async () => {
    try {
      await logout.mutateAsync();
    } catch {
      // The session may already be gone; leave anyway.
    }
    queryClient.clear();
    toast.success('已退出登录');
    navigate('/login', { replace: true });
  };

  const tabs = me.memberId === null ? APPLICANT_TABS : TABS;
  const current = tabOf(tabs, location.pathname);
  // A secretary or an administrator who is also a member opens 我的 from their menu: a way back.
  const staff = !usesMemberApp(me);

  return (
    <MemberApp className="member-shell">
      <header className="member-topbar" data-testid="member-header">
        <div className="member-topbar-title">{staff ? <Link to="/">‹ 工作台</Link> : '基层 · 我的'}</div>
        <div className="member-topbar-actions">
          <LargeTypeSwitch />
          <button
            type="button"
            className="member-logout"
            onClick={() => void onLogout()}
            data-testid="member-logout"
          >
            退出
          </button>
        </div>
      </header>
      <main className="member-main">
        <Suspense fallback={<PageSpin />}>
          <Outlet />
        </Suspense>
      </main>
      <nav className="member-tabbar" aria-label="主导航">
        {tabs.map((t) => (
          <Link
            key={t.to}
            to={t.to}
            className="member-tab"
            aria-current={current === t.to ? 'page' : undefined}
            data-testid={`tab-${t.to.slice(1).replace('/', '-')}`}
          >
            {t.icon}
            <span>{t.label}</span>
          </Link>
        ))}
      </nav>
    </MemberApp>
  );
}
