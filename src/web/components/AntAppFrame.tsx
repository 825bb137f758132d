import { App } from 'antd';
import type { ReactNode } from 'react';
import { InAntApp } from './RouteGuard';

/**
 * antd's `App` (the context of message, notification and modal for `App.useApp()`), loaded with
 * the pages that use it rather than with the login page (issue #19: about 20 KB compressed of
 * every phone's first load). The router wraps the administrators' shell in it, RouteGuard every
 * page outside it not marked `light` (the member's landing page uses components/light/toast).
 */
export default function AntAppFrame({ children }: { children: ReactNode }) {
  return (
    <App>
      <InAntApp.Provider value={true}>{children}</InAntApp.Provider>
    </App>
  );
}
