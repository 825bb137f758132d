import {
  DisconnectOutlined,
  FontSizeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Avatar,
  Button,
  ConfigProvider,
  Drawer,
  Dropdown,
  Layout,
  Menu,
  type MenuProps,
  Result,
  Space,
  Switch,
  Tag,
} from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../../shared/contracts/permissions';
import { ApiError } from '../api/client';
import { useLogout, useLogoutAll, useMe } from '../api/hooks';
import type { Me } from '../api/types';
import { NotificationBell } from '../components/NotificationBell';
import { PageSpin } from '../components/RouteGuard';
import { useLargeType } from '../hooks/useLargeType';
import { useIsPhone } from '../hooks/useMediaQuery';
import { type AppRoute, menuKeyFor, menuRoutes } from '../routes';

const { Header, Sider, Content } = Layout;

/**
 * The desktop side menu's rows, a little denser than antd's 40 + 2×4 px: a secretary's entries
 * then nearly fit at 1366×768, and what does not scrolls inside the sider (the drawer on a phone
 * keeps the taller rows for fingers).
 */
const SIDER_MENU_THEME = { components: { Menu: { itemHeight: 36, itemMarginBlock: 2 } } };

function roleSummary(me: Me): { key: string; label: string }[] {
  const seen = new Set<string>();
  const out: { key: string; label: string }[] = [];
  for (const r of me.roles) {
    const label = r.role === 'member' ? ROLE_LABELS.member : `${ROLE_LABELS[r.role]}（${r.orgName}）`;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ key: `${r.role}-${r.orgId}`, label });
  }
  return out;
}

/** Side-menu items: plain entries, and a submenu for each group, at the place of its first entry. */
function menuItems(routes: AppRoute[]): NonNullable<MenuProps['items']> {
  const items: NonNullable<MenuProps['items']> = [];
  const groups = new Map<string, { key: string; icon: ReactNode; label: ReactNode; children: MenuItem[] }>();
  for (const r of routes) {
    const item: MenuItem = {
      key: r.menu!,
      icon: r.icon,
      label: (
        <span data-testid={`menu-${r.menu === '/' ? 'home' : r.menu!.slice(1)}`}>
          {r.menuLabel ?? r.title}
        </span>
      ),
    };
    if (!r.group) {
      items.push(item);
      continue;
    }
    let group = groups.get(r.group.key);
    if (!group) {
      group = {
        key: r.group.key,
        icon: r.group.icon,
        label: <span data-testid={`menu-group-${r.group.key}`}>{r.group.title}</span>,
        children: [],
      };
      groups.set(r.group.key, group);
      items.push(group);
    }
    group.children.push(item);
  }
  return items;
}

type MenuItem = { key: string; icon: ReactNode; label: ReactNode };

function Logo({ compact }: { compact?: boolean }) {
  return (
    <div className="app-logo" data-testid="app-logo">
      <span className="app-logo-mark">基</span>
      <span>{compact ? '基层' : '基层党组织工作平台'}</span>
    </div>
  );
}

/** The signed-in shell: side menu from the route table, header with the user and logout. */
export function AppLayout() {
  const { data: me, error, isLoading } = useMe();
  const isPhone = useIsPhone();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useLogout();
  const logoutAll = useLogoutAll();
  const { message, modal } = App.useApp();
  const [largeType, setLargeType] = useLargeType();

  const routes = useMemo(() => (me ? menuRoutes(me) : []), [me]);
  const selected = menuKeyFor(location.pathname, routes);
  const items = useMemo(() => menuItems(routes), [routes]);
  const groupKeys = useMemo(
    () => [...new Set(routes.flatMap((r) => (r.group ? [r.group.key] : [])))],
    [routes],
  );
  // The menu scrolls inside the sider: keep the current entry in view when the page changes.
  const siderMenuRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!selected) return;
    siderMenuRef.current?.querySelector('.ant-menu-item-selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  if (isLoading) return <PageSpin />;
  if (!me) {
    // 401 is handled by the client (redirect to the login page); anything else is shown here.
    if (error instanceof ApiError && error.status === 401) return <PageSpin />;
    return (
      <Result
        status="error"
        title="无法加载用户信息"
        subTitle={error instanceof ApiError ? error.message : '请刷新页面后重试'}
        extra={<Button onClick={() => window.location.reload()}>刷新</Button>}
      />
    );
  }

  // An administrator's reset or an expired password: the server allows nothing else until it is changed.
  if (me.mustChangePassword) return <Navigate to="/password?forced=1" replace />;

  const onLogoutAll = () =>
    modal.confirm({
      title: '退出所有设备？',
      content: '本账号在所有手机和电脑上的登录都会退出，包括这一台。',
      okText: '全部退出',
      cancelText: '取消',
      onOk: async () => {
        await logoutAll.mutateAsync().catch(() => undefined);
        queryClient.clear();
        message.success('已退出所有设备');
        navigate('/login', { replace: true });
      },
    });

  const onLogout = async () => {
    try {
      await logout.mutateAsync();
    } catch {
      // The session may already be gone; leave anyway.
    }
    queryClient.clear();
    message.success('已退出登录');
    navigate('/login', { replace: true });
  };

  const roles = roleSummary(me);
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={groupKeys}
      items={items}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
      style={{ borderInlineEnd: 'none', background: 'transparent' }}
      data-testid="side-menu"
    />
  );

  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <div style={{ maxWidth: 280, whiteSpace: 'normal', color: 'rgba(0,0,0,0.65)' }}>
            <div style={{ fontWeight: 600, color: 'rgba(0,0,0,0.88)' }}>{me.displayName}</div>
            <div className="small">账号：{me.username}</div>
            {roles.map((r) => (
              <div key={r.key} className="small">
                {r.label}
              </div>
            ))}
          </div>
        ),
      },
      { type: 'divider' },
      // 大字模式 (decision 0043): the whole row toggles it; the switch only shows the state.
      {
        key: 'large-type',
        icon: <FontSizeOutlined />,
        label: (
          <span className="menu-large-type" data-testid="menu-large-type">
            大字模式
            <Switch size="small" checked={largeType} aria-label="大字模式" />
          </span>
        ),
      },
      { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-password">修改密码</span> },
      {
        key: 'logout-all',
        icon: <DisconnectOutlined />,
        label: <span data-testid="menu-logout-all">退出所有设备</span>,
      },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'logout') void onLogout();
      if (key === 'logout-all') onLogoutAll();
      if (key === 'password') navigate('/password');
      if (key === 'large-type') setLargeType(!largeType);
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header className="app-header" data-testid="app-header">
        <Space size={8} style={{ minWidth: 0 }}>
          {isPhone ? (
            <Button
              type="text"
              aria-label="打开菜单"
              icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />}
              onClick={() => setDrawerOpen(true)}
              data-testid="menu-toggle"
            />
          ) : (
            // In the header rather than at the sider's foot, where antd's trigger covered the last
            // entries of a long menu (issue #16).
            <Button
              type="text"
              aria-label={collapsed ? '展开菜单' : '收起菜单'}
              title={collapsed ? '展开菜单' : '收起菜单'}
              icon={
                collapsed ? (
                  <MenuUnfoldOutlined style={{ color: '#fff', fontSize: 18 }} />
                ) : (
                  <MenuFoldOutlined style={{ color: '#fff', fontSize: 18 }} />
                )
              }
              onClick={() => setCollapsed((c) => !c)}
              data-testid="sider-toggle"
            />
          )}
          <Logo compact={isPhone} />
        </Space>
        <div className="app-header-user">
          {isPhone ? null : (
            <Space size={4} wrap={false} style={{ overflow: 'hidden' }}>
              {roles.slice(0, 2).map((r) => (
                <Tag
                  key={r.key}
                  color="gold"
                  variant="filled"
                  style={{ marginInlineEnd: 0 }}
                  data-testid="role-tag"
                >
                  {r.label}
                </Tag>
              ))}
              {roles.length > 2 ? <Tag color="gold">等{roles.length}个角色</Tag> : null}
            </Space>
          )}
          <NotificationBell />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button type="text" style={{ color: '#fff', paddingInline: 6 }} data-testid="user-menu">
              <Avatar
                size="small"
                icon={<UserOutlined />}
                style={{ background: '#ffd666', color: '#b7141b' }}
              />
              <span data-testid="display-name" className="app-display-name">
                {me.displayName}
              </span>
            </Button>
          </Dropdown>
          {isPhone ? null : (
            <Button
              type="text"
              icon={<LogoutOutlined />}
              style={{ color: '#fff' }}
              onClick={() => void onLogout()}
              data-testid="logout"
            >
              退出
            </Button>
          )}
        </div>
      </Header>
      <Layout>
        {isPhone ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={240}
            title={<span>功能菜单</span>}
            styles={{ body: { padding: 0 } }}
            data-testid="menu-drawer"
          >
            {menu}
          </Drawer>
        ) : (
          <Sider
            width={208}
            collapsedWidth={64}
            breakpoint="lg"
            collapsible
            trigger={null}
            collapsed={collapsed}
            onCollapse={setCollapsed}
            theme="light"
            className="app-sider"
            data-testid="app-sider"
          >
            <div className="app-sider-menu" ref={siderMenuRef} data-testid="sider-menu-scroll">
              <ConfigProvider theme={SIDER_MENU_THEME}>{menu}</ConfigProvider>
            </div>
          </Sider>
        )}
        <Content className="app-content">
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
