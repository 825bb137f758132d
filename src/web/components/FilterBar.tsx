import { Button, Card } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

/**
 * The filter row of a list page, in a card: the page's own pickers and inputs, then 清除筛选 while
 * any filter is set, and an optional line underneath (the active filters as tags, say).
 */
export function FilterBar({
  children,
  filtered = false,
  onClear,
  footer,
  style,
  testId,
}: {
  children: ReactNode;
  /** Whether any filter is set: 清除筛选 shows only then. */
  filtered?: boolean;
  onClear?: () => void;
  footer?: ReactNode;
  style?: CSSProperties;
  testId?: string;
}) {
  return (
    <Card>
      <div className="filters" data-testid={testId} style={style}>
        {children}
        {filtered && onClear ? (
          <Button type="link" onClick={onClear}>
            清除筛选
          </Button>
        ) : null}
      </div>
      {footer}
    </Card>
  );
}
