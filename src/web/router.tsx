import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { useMe } from './api/auth';
import { PageSpin, RouteGuard } from './components/RouteGuard';
import LoginPage from './pages/auth/login/LoginPage';
import { NotFoundPage } from './pages/errors/NotFoundPage';
import { RouteErrorPage } from './pages/errors/RouteErrorPage';
import { type AppRoute, appRoutes, usesMemberApp } from './routes';

/*
 * The first load (issue #19): the entry chunk holds the login page and the router, nothing more.
 * The administrators' shell (side menu, header, its icons and antd's Menu, Drawer, Dropdown) and
 * every page load when first opened, so a member on a phone does not download the desktop.
 */
const AppLayout = lazy(() => import('./layouts/AppLayout').then((m) => ({ default: m.AppLayout })));
const ChangePasswordPage = lazy(() => import('./pages/auth/password/ChangePasswordPage'));
// antd's App (message, modal) comes with the administrators' shell, not with the login page (issue #19).
const AntAppFrame = lazy(() => import('./components/AntAppFrame'));
const MemberLayout = lazy(() => import('./layouts/MemberLayout').then((m) => ({ default: m.MemberLayout })));

const later = (node: ReactNode) => <Suspense fallback={<PageSpin />}>{node}</Suspense>;

/**
 * The shell of the pages under `/`: the member's own (bottom tabs) for users whose roles are all
 * 党员 and for applicants' accounts, the administrators' (side menu) for everyone else. Until /api/me
 * answers, a spinner: a member never downloads the administrators' shell.
 */
function Shell() {
  const { data: me, isLoading } = useMe();
  if (isLoading) return <PageSpin />;
  // No answer (signed out, an error): the member shell says so (the client redirects a 401).
  return later(
    !me || usesMemberApp(me) ? (
      <MemberLayout />
    ) : (
      <AntAppFrame>
        <AppLayout />
      </AntAppFrame>
    ),
  );
}

const toRoute = (route: AppRoute) =>
  route.path === ''
    ? { index: true, element: <RouteGuard route={route} />, handle: { title: route.title } }
    : { path: route.path, element: <RouteGuard route={route} />, handle: { title: route.title } };

/** The router, built from the one route table in `routes.tsx`. */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, handle: { title: '登录' } },
  {
    path: '/password',
    element: later(
      <AntAppFrame>
        <ChangePasswordPage />
      </AntAppFrame>,
    ),
    handle: { title: '修改密码' },
  },
  // Pages without the shell (opened on a phone from a QR code); the guard asks for a session unless public.
  ...appRoutes
    .filter((route) => route.layout === 'bare')
    .map((route) => ({
      path: `/${route.path}`,
      element: <RouteGuard route={route} />,
      handle: { title: route.title },
      errorElement: <RouteErrorPage />,
    })),
  // 我的 (issue #19): the member's own pages, in the member's shell whoever opens them.
  {
    element: later(<MemberLayout />),
    errorElement: <RouteErrorPage />,
    children: appRoutes
      .filter((route) => route.layout === 'member')
      .map((route) => ({
        path: `/${route.path}`,
        element: <RouteGuard route={route} />,
        handle: { title: route.title },
      })),
  },
  {
    path: '/',
    element: <Shell />,
    errorElement: <RouteErrorPage />,
    children: [
      ...appRoutes.filter((route) => route.layout === undefined).map(toRoute),
      { path: 'index.html', element: <Navigate to="/" replace /> },
      { path: '*', element: <NotFoundPage />, handle: { title: '页面不存在' } },
    ],
  },
]);
