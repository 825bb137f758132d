import { createBrowserRouter, Navigate } from 'react-router';
import { RouteGuard } from './components/RouteGuard';
import { AppLayout } from './layouts/AppLayout';
import LoginPage from './pages/auth/login/LoginPage';
import ChangePasswordPage from './pages/auth/password/ChangePasswordPage';
import { NotFoundPage } from './pages/errors/NotFoundPage';
import { RouteErrorPage } from './pages/errors/RouteErrorPage';
import { type AppRoute, appRoutes } from './routes';

const toRoute = (route: AppRoute) =>
  route.path === ''
    ? { index: true, element: <RouteGuard route={route} />, handle: { title: route.title } }
    : { path: route.path, element: <RouteGuard route={route} />, handle: { title: route.title } };

/** The router, built from the one route table in `routes.tsx`. */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, handle: { title: '登录' } },
  { path: '/password', element: <ChangePasswordPage />, handle: { title: '修改密码' } },
  // Pages without the shell (opened on a phone from a QR code); the guard asks for a session unless public.
  ...appRoutes
    .filter((route) => route.layout === 'bare')
    .map((route) => ({
      path: `/${route.path}`,
      element: <RouteGuard route={route} />,
      handle: { title: route.title },
      errorElement: <RouteErrorPage />,
    })),
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      ...appRoutes.filter((route) => route.layout !== 'bare').map(toRoute),
      { path: 'index.html', element: <Navigate to="/" replace /> },
      { path: '*', element: <NotFoundPage />, handle: { title: '页面不存在' } },
    ],
  },
]);
