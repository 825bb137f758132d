import { ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { useLargeType } from '../hooks/useLargeType';
import { memberThemeFor } from '../theme';

/**
 * The frame of a member-facing page (issue #19 item 4, decision 0043): body text 16 px and 44 px
 * controls even in normal type, 20 px and 48 px in 大字模式. The `member-app` class carries the
 * same for our own CSS (styles.css), antd's tokens are raised here.
 */
export function MemberApp({ children, className }: { children: ReactNode; className?: string }) {
  const [largeType] = useLargeType();
  return (
    <ConfigProvider theme={memberThemeFor(largeType)}>
      <div className={className ? `member-app ${className}` : 'member-app'}>{children}</div>
    </ConfigProvider>
  );
}
