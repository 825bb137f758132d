import { Spin } from 'antd';
import { Suspense, useEffect } from 'react';
import { Navigate } from 'react-router';
import { useMe } from '../api/auth';
import { type AppRoute, canAccess, landingPath } from '../routes';
import { Result } from './LazyResult';

export function PageSpin() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '80px 0' }}>
      <Spin size="large" />
    </div>
  );
}

/** Renders a route of the table if the user may open it; sets the document title. */
export function RouteGuard({ route }: { route: AppRoute }) {
  const { data: me } = useMe();
  useEffect(() => {
    document.title = `${route.title} · 基层`;
  }, [route.title]);
  const Component = route.component;
  if (route.public) {
    return (
      <Suspense fallback={<PageSpin />}>
        <Component />
      </Suspense>
    );
  }
  if (!me) return <PageSpin />;
  if (!canAccess(route, me)) {
    const landing = landingPath(me);
    if (route.path === '' && landing && landing !== '/') return <Navigate to={landing} replace />;
    if (route.path === '' && !landing) {
      return (
        <Result
          status="info"
          title="暂无可用功能"
          subTitle="您的账号目前没有可在此访问的功能页面。如需开通，请联系组织部门管理员。"
          data-testid="no-features"
        />
      );
    }
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle="您的账号没有访问此页面的权限，如有需要请联系组织部门管理员。"
        data-testid="forbidden"
      />
    );
  }
  return (
    <Suspense fallback={<PageSpin />}>
      <Component />
    </Suspense>
  );
}
