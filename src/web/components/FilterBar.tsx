import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Input } from 'antd';
import { type CSSProperties, type ReactNode, useEffect, useState } from 'react';

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

/**
 * A search box over an address filter: typing is local, the filter is written on Enter or when the
 * box loses focus (trimmed; empty removes it), and it follows the address when that changes.
 */
export function SearchInput({
  value,
  onSearch,
  placeholder,
  width,
  className,
  testId,
}: {
  value: string | undefined;
  onSearch: (text: string) => void;
  placeholder: string;
  width: number;
  className?: string;
  testId?: string;
}) {
  const committed = value ?? '';
  const [text, setText] = useState(committed);
  useEffect(() => setText(committed), [committed]);
  return (
    <Input
      value={text}
      onChange={(e) => setText(e.target.value)}
      onPressEnter={() => onSearch(text.trim())}
      onBlur={() => text.trim() !== committed && onSearch(text.trim())}
      placeholder={placeholder}
      prefix={<SearchOutlined />}
      allowClear
      style={{ width }}
      className={className}
      data-testid={testId}
    />
  );
}
