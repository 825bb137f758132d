import type { UseQueryResult } from '@tanstack/react-query';
import { Card, Empty, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { DEFAULT_PAGE_SIZE } from '../hooks/urlFilters';
import { QueryError } from './QueryError';

export { DEFAULT_PAGE_SIZE };

/**
 * A list's total line: 共 N 条, or 约 N 条 when the server only estimated the count
 * (`totalEstimated`); `unit` words what is counted (名党员, 人, 次谈话).
 */
export function countText(total: number, estimated = false, unit = '条'): string {
  return estimated ? `约 ${total.toLocaleString('zh-CN')} ${unit}` : `共 ${total} ${unit}`;
}

interface PagedTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'locale'> {
  /** A list query answering `{data, total}` (the API's list convention). */
  query: UseQueryResult<{ data: T[]; total: number; totalEstimated?: boolean }>;
  current: number;
  pageSize: number;
  /** Called with undefined for page 1 and the default size, so the address stays short. */
  onPageChange: (change: { current?: number; pageSize?: number }) => void;
  /** 共 N 条 (约 N 条 for an estimate), or a wording of the page's own. */
  totalText?: (total: number, estimated: boolean) => ReactNode;
  emptyText: string;
  pageSizeOptions?: number[];
  /** Shown above the table inside the card (tabs, say). */
  header?: ReactNode;
}

/**
 * A server-paged list in a card: the failed query's message, the table with its loading state,
 * an empty text in Chinese, and pagination driven by `current` / `pageSize` from the address.
 */
export function PagedTable<T extends object>({
  query,
  current,
  pageSize,
  onPageChange,
  totalText = (total, estimated) => countText(total, estimated),
  emptyText,
  pageSizeOptions,
  header,
  ...tableProps
}: PagedTableProps<T>) {
  return (
    <Card styles={{ body: { padding: 0 } }}>
      {header ? <div style={{ padding: '4px 24px 0' }}>{header}</div> : null}
      {query.error && !query.data ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <Table<T>
          rowKey="id"
          {...tableProps}
          dataSource={query.data?.data ?? []}
          loading={query.isFetching}
          locale={{ emptyText: <Empty description={query.isLoading ? '加载中…' : emptyText} /> }}
          pagination={{
            current,
            pageSize,
            total: query.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions,
            // An estimate is said as one: the server counts exactly wherever that is cheap.
            showTotal: (total) => totalText(total, query.data?.totalEstimated === true),
            onChange: (page, size) =>
              onPageChange({
                current: page === 1 ? undefined : page,
                pageSize: size === DEFAULT_PAGE_SIZE ? undefined : size,
              }),
            style: { paddingInline: 16 },
          }}
        />
      )}
    </Card>
  );
}
