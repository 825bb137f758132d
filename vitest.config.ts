import { defineConfig } from 'vitest/config';

// Three suites: `unit` (pure domain rules and scripts), `api` (every route through
// app.inject on the embedded PostgreSQL, or on the PostgreSQL at DATABASE_URL) and `e2e` (browser
// journeys in Debian's Chromium). `npm test` runs unit and api.
export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src/domain/**/*.test.ts',
            'scripts/**/*.test.ts',
            'src/server/**/*.test.ts',
            'src/web/**/*.test.ts',
          ],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          // Raw SQL rows are checked against their row schemas (src/server/db/client.ts).
          env: { TZ: 'UTC', JICENG_CHECK_ROWS: '1' },
          // Empties reports/api-logs, where the workers write the server log that
          // scripts/scan-logs.ts scans for ID numbers and phones after the run.
          globalSetup: ['test/api/global-setup.ts'],
          // The modules are loaded once per worker and kept for the files it runs (the app's
          // imports take seconds). By default each file gets a database of its own on the embedded
          // PostgreSQL the global setup starts (test/api/harness.ts); on one DATABASE_URL the files
          // run one at a time and each resets it; on PGlite (JICENG_EMBEDDED=pglite) one in-memory
          // database per worker, reset by each file.
          isolate: false,
          fileParallelism: !process.env.DATABASE_URL,
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          // Two files at a time, each with its own server (a copy of the seeded demo) and Chromium:
          // the journeys spend much of their time waiting (a video playing in real time, heartbeat
          // intervals, polls), so two share the 2-core CI machine well (docs/benchmarks.md).
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
