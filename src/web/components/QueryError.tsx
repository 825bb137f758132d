import { Button } from 'antd';
import { ApiError } from '../api/client';
import { Result } from './LazyResult';

/** What a page shows when its main query failed: out of scope reads as not found. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Result
        status="404"
        title="记录不存在"
        subTitle="该记录不存在，或不在您的管辖范围内。"
        data-testid="not-found"
      />
    );
  }
  if (error instanceof ApiError && error.status === 403) {
    return <Result status="403" title="无权访问" subTitle={error.message} />;
  }
  return (
    <Result
      status="error"
      title="加载失败"
      subTitle={error instanceof ApiError ? error.message : '加载失败，请稍后再试'}
      extra={onRetry ? <Button onClick={onRetry}>重试</Button> : undefined}
    />
  );
}
