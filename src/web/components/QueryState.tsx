import type { UseQueryResult } from '@tanstack/react-query';
import { Card, Empty, Skeleton, Spin } from 'antd';
import type { ReactNode } from 'react';
import { QueryError } from './QueryError';

/**
 * The states of a page's main query around what it shows: a reason it cannot ask yet (请选择党组织),
 * the failure with 重试 (only when nothing was loaded before), a skeleton until the first answer,
 * then the content — dimmed under a spinner while a placeholder (the previous filter's answer) shows.
 */
export function QueryState<T>({
  query,
  idle,
  skeletonRows = 8,
  children,
}: {
  query: UseQueryResult<T>;
  /** Shown instead of everything when set: why there is nothing to ask for yet. */
  idle?: string | false;
  skeletonRows?: number;
  children: (data: T) => ReactNode;
}) {
  if (idle) {
    return (
      <Card>
        <Empty description={idle} />
      </Card>
    );
  }
  if (query.error && query.data === undefined) {
    return <QueryError error={query.error} onRetry={() => query.refetch()} />;
  }
  if (query.data === undefined) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: skeletonRows }} />
      </Card>
    );
  }
  return (
    <Spin spinning={query.isPlaceholderData} delay={150}>
      {children(query.data)}
    </Spin>
  );
}
