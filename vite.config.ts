import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress, serviceWorker } from './scripts/web-build.js';

/**
 * The web UI: `index.html` at the repository root, entry `src/web/main.tsx`, built to `dist/web`
 * (served by the API server at `/`). In development `/api` is proxied to the API server.
 */
export default defineConfig({
  root: '.',
  // The PWA manifest and its icons (copied as they are; they are not hashed, so served `no-cache`).
  publicDir: 'public',
  plugins: [react(), serviceWorker(), precompress()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Charts load only with the pages that draw them (lazy routes), not with every page.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 5 },
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 4,
            },
            {
              // The login page and the router with everything they import, in one chunk: on a
              // phone each extra file of the first load costs a round trip (HTTP/1.1, six at a
              // time), and split by package the login page was 48 files (issue #19, decision 0042).
              // Only what the entry and the router import statically; every page stays lazy.
              name: 'shell',
              test: /src[\\/]web[\\/](main|router)\.tsx$/,
              includeDependenciesRecursively: true,
              priority: 3,
            },
            {
              // A member's first page after sign-in (the member shell and 我的首页) in one file,
              // not a waterfall of small ones.
              name: 'member',
              test: /src[\\/]web[\\/](layouts[\\/]MemberLayout|pages[\\/]my[\\/]MyHomePage)\.tsx$/,
              includeDependenciesRecursively: true,
              priority: 2,
            },
          ],
        },
      },
    },
  },
});
