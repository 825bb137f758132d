import { type ReactNode, useEffect } from 'react';
import { LargeTypeToggle } from './LargeTypeToggle';

/**
 * The frame of the public pages a member opens before signing in (登录, 激活账号, 忘记密码): the
 * red background, the 大字模式 pill (decision 0043) and one light card; sets the tab's title.
 */
export function PublicFrame({
  title,
  testId,
  children,
}: {
  title: string;
  testId: string;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · 基层`;
  }, [title]);
  return (
    <div className="member-app login-page">
      <div className="login-large-type">
        <LargeTypeToggle />
      </div>
      <main className="light-card login-card" data-testid={testId}>
        {children}
      </main>
    </div>
  );
}
