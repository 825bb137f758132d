import type { ReactNode } from 'react';

/** The title row of every page: title, optional subtitle, actions on the right. */
export function PageHeader({
  title,
  subtitle,
  extra,
  testId,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  extra?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="page-header" data-testid={testId ?? 'page-header'}>
      <div style={{ minWidth: 0 }}>
        <h1 data-testid="page-title">{title}</h1>
        {subtitle ? <div className="page-subtitle">{subtitle}</div> : null}
      </div>
      {extra ? <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>{extra}</div> : null}
    </div>
  );
}
