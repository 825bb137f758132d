import { ConfigProvider } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useLargeType, watchServerPreference } from '../hooks/useLargeType';
import { themeFor } from '../theme';

/**
 * The app's antd theme, in normal type or 大字模式 (decision 0043). It nests inside the app's
 * ConfigProvider (locale and the rest stay there) and only swaps the tokens.
 */
export function ThemeRoot({ children }: { children: ReactNode }) {
  const [largeType] = useLargeType();
  useEffect(() => watchServerPreference(), []);
  return <ConfigProvider theme={themeFor(largeType)}>{children}</ConfigProvider>;
}
