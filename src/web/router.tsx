import { createBrowserRouter, Navigate } from 'react-router';
import { RouteGuard } from './components/RouteGuard';
import { AppLayout } from './layouts/AppLayout';
import LoginPage from './pages/auth/login/LoginPage';
import { NotFoundPage } from './pages/errors/NotFoundPage';
import { RouteErrorPage } from './pages/errors/RouteErrorPage';
import { appRoutes } from './routes';

/** The router, built from the one route table in `routes.tsx`. */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, handle: { title: '登录' } },
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      ...appRoutes.map((route) =>
        route.path === ''
          ? { index: true, element: <RouteGuard route={route} />, handle: { title: route.title } }
          : { path: route.path, element: <RouteGuard route={route} />, handle: { title: route.title } },
      ),
      { path: 'index.html', element: <Navigate to="/" replace /> },
      { path: '*', element: <NotFoundPage />, handle: { title: '页面不存在' } },
    ],
  },
]);
