import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD, startServer, type TestServer } from './server.js';

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'artifacts', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newContext(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<BrowserContext> {
  const phone = viewport.width <= 480;
  const context = await browser.newContext({
    baseURL,
    viewport,
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** A journey's server (on its own copy of the demo) and browser, and a signed-in page of a user. */
export interface Journey {
  server: TestServer;
  browser: Browser;
  as(username: string, viewport?: typeof DESKTOP): Promise<{ context: BrowserContext; page: Page }>;
}

/** Starts a server and a browser before the describe block's tests and closes them after. */
export function useJourney(): Journey {
  const j = {
    async as(username: string, viewport = DESKTOP) {
      const context = await newContext(j.browser, j.server.url, viewport);
      const page = await context.newPage();
      await login(page, username);
      return { context, page };
    },
  } as Journey;
  beforeAll(async () => {
    j.server = await startServer();
    j.browser = await launchBrowser();
  });
  afterAll(async () => {
    await j.browser?.close();
    await j.server?.close();
  });
  return j;
}

/** Logs in through the form and waits for the signed-in shell. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  // The administrators' shell, or the member's own (我的: users whose roles are all 党员).
  await page.locator('[data-testid="app-header"], [data-testid="member-header"]').first().waitFor();
}

/** What the signed-in user's session says about them (`GET /api/me`). */
export interface MeInfo {
  displayName: string;
  memberId: number | null;
  roles: { role: string; orgId: number; orgName: string }[];
  scopeRoots: { orgId: number; orgName: string }[];
}

export function me(page: Page): Promise<MeInfo> {
  return apiGet<MeInfo>(page, '/api/me');
}

/** A GET through the page, with its session cookie. */
export async function apiGet<T>(page: Page, url: string): Promise<T> {
  const result = await page.evaluate(async (u) => {
    const r = await fetch(u);
    if (!r.ok) throw new Error(`${u} -> ${r.status}`);
    return r.json();
  }, url);
  return result as T;
}

/** Waits until no spinner or skeleton (antd's, or ours: aria-busy) is visible, so screenshots show content. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page
    .waitForFunction(
      '!document.querySelector(\'.ant-spin-spinning, .ant-skeleton-active, [aria-busy="true"]\')',
      undefined,
      {
        timeout: 10_000,
      },
    )
    .catch(() => {});
  await page.waitForTimeout(250);
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await settle(page);
  // A full-page shot of a scrolled page would paint the sticky header half way down.
  if (fullPage) await page.evaluate('window.scrollTo(0, 0)');
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** A valid 18-digit resident ID (GB 11643 check digit) for a birth date and gender. */
export function validIdNumber(
  birthDate: string,
  gender: 'male' | 'female',
  seq = 37,
  region = '620102',
): string {
  const seqDigits = String(seq).padStart(2, '0').slice(-2);
  const genderDigit = gender === 'male' ? '1' : '2';
  const body = `${region}${birthDate.replaceAll('-', '')}${seqDigits}${genderDigit}`;
  return body + checkDigit(body);
}

export function checkDigit(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, ch, i) => s + Number(ch) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

/** The same ID with a wrong check digit. */
export function withWrongCheckDigit(id: string): string {
  const right = id.slice(-1);
  const wrong = right === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}
