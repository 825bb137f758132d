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
          ],
        },
      },
    },
  },
});
