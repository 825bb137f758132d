import { createContext, lazy, type ReactNode, Suspense, useContext, useEffect } from 'react';
import { Navigate } from 'react-router';
import { useMe } from '../api/auth';
import { type AppRoute, canAccess, landingPath } from '../routes';
import './light/light.css';
import { Result } from './LazyResult';

// antd's App (message, modal) with the pages that use it, not in the first load (issue #19).
const AntAppFrame = lazy(() => import('./AntAppFrame'));

/** Set by AntAppFrame: the page is already inside antd's App (the administrators' shell). */
export const InAntApp = createContext(false);

/** A page in antd's App unless its route is `light` (components/light/toast instead) or it is there already. */
function Framed({ route, children }: { route: AppRoute; children: ReactNode }) {
  const inside = useContext(InAntApp);
  return route.light || inside ? children : <AntAppFrame>{children}</AntAppFrame>;
}

export function PageSpin() {
  return (
    // A spinner of our own CSS (components/light), not antd's Spin: this is in every first load.
    <div className="light-page-spin" role="status" aria-busy="true" aria-label="加载中">
      <span className="light-spinner" />
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
        <Framed route={route}>
          <Component />
        </Framed>
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
