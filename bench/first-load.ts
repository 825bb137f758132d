// First load of the web UI on a throttled phone network (issue #19): Debian Chromium through
// playwright-core, CDP `Network.emulateNetworkConditions` per profile, the HTTP cache disabled for
// the first (cold) visit. Per profile and build, N runs, median and max of:
//   - login FCP: first contentful paint of /login;
//   - login usable: the submit button rendered and enabled and every script of the page run (load);
//   - member login-to-usable: from the click on 登录 to the member's landing page showing content
//     (the header or the member home present, no spinner or skeleton left);
//   - JS KB: script bytes on the wire (compressed, as sent) for /login alone and through the member's
//     landing page;
//   - warm login usable: /login opened again in the same browser context (HTTP cache and the
//     service worker, when the build has one), network still throttled.
// The server runs in this process on a freshly seeded demo (PGlite in a temporary directory); each
// build is served by the same server code (src/server/app.ts) in turn.
// Run: npm run bench:first-load -- [--web-dist dist/web] [--web-dist /tmp/web-before] [--runs 5]
//        [--profiles 4g,3g] [--ready '<css selector of the member landing page>']
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { seedDemo } from '../scripts/seed/demo.js';
import { todayInZone } from '../src/domain/common/dates.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';

const { values } = parseArgs({
  options: {
    'web-dist': { type: 'string', multiple: true },
    runs: { type: 'string', default: '5' },
    profiles: { type: 'string', default: '4g,3g' },
    ready: {
      type: 'string',
      // The member's landing page showing its first content: the member home (/my) once it
      // exists, 我的档案 (/me) before it.
      default: '[data-testid="my-home"] .my-card, [data-testid="member-name"]',
    },
    user: { type: 'string', default: 'member' },
  },
});

/** Throughput in bytes per second (CDP's unit), latency in ms (added to each round trip). */
const PROFILES = {
  '4g': { label: '4G (9 Mbps, 60 ms)', down: 9e6 / 8, up: 9e6 / 8, latency: 60 },
  '3g': { label: '3G (1.6 Mbps, 150 ms)', down: 1.6e6 / 8, up: 750e3 / 8, latency: 150 },
} as const;
type ProfileKey = keyof typeof PROFILES;

const PASSWORD = 'bench-first-load-1';
process.env.JICENG_DATA_KEY ??= Buffer.alloc(32, 0x66).toString('base64');

const dists = (values['web-dist'] ?? ['dist/web']).map((d) => path.resolve(d));
for (const d of dists) {
  if (!fs.existsSync(path.join(d, 'index.html')))
    throw new Error(`${d}/index.html is missing: build the web first`);
}
const runs = Number(values.runs);
const profiles = values.profiles.split(',') as ProfileKey[];

interface Probe {
  __bench: { loginUsable: number | null; clickAt: number | null; memberUsable: number | null };
}

interface Sample {
  fcp: number;
  loginUsable: number;
  memberUsable: number;
  loginJs: number;
  memberJs: number;
  warmUsable: number;
}

// Polled on every frame from the start of each document: the time the login form became usable
// and, after the click on 登录, the time the landing page showed content (performance.now()).
const PROBE = (ready: string) => `
(() => {
  const w = window;
  w.__bench = { loginUsable: null, clickAt: null, memberUsable: null };
  const tick = () => {
    const b = w.__bench;
    if (b.loginUsable === null && document.readyState === 'complete') {
      const btn = document.querySelector('[data-testid="login-submit"]');
      if (btn && !btn.disabled && btn.getBoundingClientRect().height > 0) b.loginUsable = performance.now();
    }
    if (b.clickAt !== null && b.memberUsable === null && location.pathname !== '/login' && location.pathname !== '/'
        && document.querySelector(${JSON.stringify(ready)})
        && !document.querySelector('.ant-spin-spinning, .ant-skeleton-active')) {
      b.memberUsable = performance.now();
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  document.addEventListener('click', (e) => {
    const t = e.target;
    if (t instanceof Element && t.closest('[data-testid="login-submit"]')) w.__bench.clickAt = performance.now();
  }, true);
})();
`;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-first-load-'));
  const database = await openPglite(dataDir);
  await runMigrations(database);
  const config0 = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir });
  await seedDemo(database.db, { password: PASSWORD, today: todayInZone(new Date(), config0.timeZone) });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const results: { dist: string; profile: ProfileKey; samples: Sample[] }[] = [];
  try {
    for (const dist of dists) {
      const config = {
        ...config0,
        webDist: dist,
        logLevel: 'silent',
        port: 0,
        host: '127.0.0.1',
        databaseUrl: undefined,
        seedDemo: false,
        loginRateLimit: 10_000,
      };
      const app = await buildApp({ config, database });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      try {
        for (const profile of profiles) {
          const samples: Sample[] = [];
          // One unmeasured run first: the server's first answers (JIT, file lookups) are not the network's.
          for (let i = 0; i <= runs; i++) {
            const s = await once(browser, base, PROFILES[profile]);
            if (i > 0) samples.push(s);
          }
          results.push({ dist, profile, samples });
          console.error(
            `${dist} ${profile}: ${JSON.stringify(samples.map((s) => Math.round(s.loginUsable)))}`,
          );
        }
      } finally {
        await app.close();
      }
    }
  } finally {
    await browser.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  print(results);
}

async function once(
  browser: import('playwright-core').Browser,
  base: string,
  net: (typeof PROFILES)[ProfileKey],
): Promise<Sample> {
  const context = await browser.newContext({
    baseURL: base,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(120_000);
  await context.addInitScript(PROBE(values.ready));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // The first visit's requests go to the network and are counted here, even once the service
  // worker (registered after load) has claimed the page; the warm visit uses it.
  await cdp.send('Network.setBypassServiceWorker', { bypass: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: net.latency,
    downloadThroughput: net.down,
    uploadThroughput: net.up,
  });
  const scriptIds = new Set<string>();
  let jsBytes = 0;
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') scriptIds.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (scriptIds.has(e.requestId)) jsBytes += e.encodedDataLength;
  });
  try {
    await page.goto('/login', { waitUntil: 'load' });
    await page.waitForFunction(() => (globalThis as unknown as Probe).__bench.loginUsable !== null);
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    const first = await page.evaluate(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
      return {
        fcp,
        loginUsable: (globalThis as unknown as { __bench: { loginUsable: number } }).__bench.loginUsable,
      };
    });
    const loginJs = jsBytes;
    await page.getByTestId('login-username').fill(values.user);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForFunction(() => (globalThis as unknown as Probe).__bench.memberUsable !== null);
    const b = await page.evaluate(
      () => (globalThis as unknown as { __bench: { clickAt: number; memberUsable: number } }).__bench,
    );
    // Let late chunks (prefetches, the service worker's precache) finish before counting.
    await page.waitForLoadState('networkidle');
    const memberJs = jsBytes;
    // The warm visit: the same context (its cache and service worker), still throttled.
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    await cdp.send('Network.setBypassServiceWorker', { bypass: false });
    await context.clearCookies();
    await page.goto('/login', { waitUntil: 'load' });
    await page.waitForFunction(() => (globalThis as unknown as Probe).__bench.loginUsable !== null);
    const warm = await page.evaluate(
      () => (globalThis as unknown as { __bench: { loginUsable: number } }).__bench.loginUsable,
    );
    return {
      fcp: first.fcp,
      loginUsable: first.loginUsable,
      memberUsable: b.memberUsable - b.clickAt,
      loginJs,
      memberJs,
      warmUsable: warm,
    };
  } finally {
    await context.close();
  }
}

function print(results: { dist: string; profile: ProfileKey; samples: Sample[] }[]) {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const ms = (xs: number[]) =>
    `${(median(xs) / 1000).toFixed(2)} s (max ${(Math.max(...xs) / 1000).toFixed(2)})`;
  const kb = (xs: number[]) => `${(median(xs) / 1024).toFixed(0)} KB`;
  console.log(
    '| build | profile | login FCP | login usable | member login→usable | JS for /login | JS through member page | warm login usable |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const col = (k: keyof Sample) => r.samples.map((s) => s[k]);
    console.log(
      `| ${r.dist} | ${PROFILES[r.profile].label} | ${ms(col('fcp'))} | ${ms(col('loginUsable'))} | ${ms(
        col('memberUsable'),
      )} | ${kb(col('loginJs'))} | ${kb(col('memberJs'))} | ${ms(col('warmUsable'))} |`,
    );
  }
}

await main();
