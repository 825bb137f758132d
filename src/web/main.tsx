import 'dayjs/locale/zh-cn';
import './styles.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import dayjs from 'dayjs';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { setUnauthorizedHandler } from './api/client';
import { queryClient } from './api/query';
import { ThemeRoot } from './components/ThemeRoot';
import { startCheckinQueue } from './offline/checkinQueue';
import { router } from './router';
import { appRoutes } from './routes';
import { theme } from './theme';

dayjs.locale('zh-cn');

// The session is gone (expired, logged out elsewhere): forget cached data and ask to log in,
// coming back here afterwards. A public page (the check-in page) offers the login itself.
setUnauthorizedHandler(() => {
  const { pathname, search } = window.location;
  if (pathname === '/login' || appRoutes.some((r) => r.public && pathname === `/${r.path}`)) return;
  queryClient.clear();
  const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  void router.navigate(`/login${next}`, { replace: true });
});

// Check-ins scanned without signal are sent when the connection comes back (offline/checkinQueue.ts).
startCheckinQueue();

// The service worker keeps the shell for a start without a network (src/web/sw/sw.js). Production
// builds only: the dev server has no sw.js and serves modules that must never be cached. Registered
// after the page has loaded, so its precaching does not compete with the first load.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No worker (a private window, an old browser): the app works the same, only not offline.
    });
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* antd spaces out two-character labels (撤 回); Chinese UI text is set as written. */}
    <ConfigProvider theme={theme} button={{ autoInsertSpace: false }}>
      <ThemeRoot>
        {/* antd's App (message, modal) and its Chinese locale load with the pages that use them (AntAppFrame). */}
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ThemeRoot>
    </ConfigProvider>
  </StrictMode>,
);
