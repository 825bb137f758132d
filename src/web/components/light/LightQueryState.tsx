import type { UseQueryResult } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import './light.css';

/**
 * QueryState for the member's landing page without antd's Card, Skeleton and Spin (issue #19, the
 * member's first load): grey bars until the first answer, the failure with 重试, then the content.
 */
// The failure view (antd's Button and Result) only when a query fails.
const QueryError = lazy(() => import('../QueryError').then((m) => ({ default: m.QueryError })));

export function LightQueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  if (query.error && query.data === undefined) {
    return (
      <Suspense fallback={null}>
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      </Suspense>
    );
  }
  if (query.data === undefined) {
    return (
      <div className="light-card light-skeleton" role="status" aria-busy="true" aria-label="加载中">
        {[70, 100, 90, 100, 60].map((w, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed placeholder bars
          <span key={i} style={{ width: `${w}%` }} />
        ))}
      </div>
    );
  }
  return <>{children(query.data)}</>;
}
