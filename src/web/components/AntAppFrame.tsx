import { App, ConfigProvider } from 'antd';
// The ES module: antd/locale/zh_CN is the CommonJS build, a second copy of the pickers' locales.
import zhCN from 'antd/es/locale/zh_CN';
import type { ReactNode } from 'react';
import { InAntApp } from './RouteGuard';

/**
 * antd's `App` (the context of message, notification and modal for `App.useApp()`), loaded with
 * the pages that use it rather than with the login page (issue #19: about 20 KB compressed of
 * every phone's first load). The router wraps the administrators' shell in it, RouteGuard every
 * page outside it not marked `light` (the member's landing page uses components/light/toast).
 * antd's Chinese locale (the pickers' and tables' words) comes with it: the light pages use no
 * antd component that has words of its own.
 */
export default function AntAppFrame({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider locale={zhCN}>
      <App>
        <InAntApp.Provider value={true}>{children}</InAntApp.Provider>
      </App>
    </ConfigProvider>
  );
}
