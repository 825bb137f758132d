/**
 * 党员账号 on a phone (issue #19): the secretary prints the demo batch's activation slips; a member
 * activates with the code and the last six characters of their ID number, sets a password and
 * lands on their home; then, having forgotten it, resets it by an SMS code (the console provider's
 * outbox, read in-process) and signs in with the phone number and the new password. An applicant
 * gets an account from their development case's page and sees their next step on 我的.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { idNumberCheckDigit } from '../src/domain/member/id-number.js';
import { smsOutbox } from '../src/server/modules/accounts/index.js';
import { apiGet, newContext, PHONE, screenshot, useJourney } from './helpers.js';

interface SlipInfo {
  memberId: number;
  name: string;
  username: string;
  code: string;
}

/** A POST through the page, with its session cookie (same origin, so the Origin check passes). */
async function apiPost<T>(page: Page, url: string, body: unknown): Promise<T> {
  return (await page.evaluate(
    async ([u, b]) => {
      const r = await fetch(u as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
      if (!r.ok) throw new Error(`${u} -> ${r.status} ${await r.text()}`);
      return r.json();
    },
    [url, body],
  )) as T;
}

/** No sideways scroll on the phone (a string: the e2e typecheck has no DOM lib). */
async function fitsWidth(page: Page) {
  const { scroll, client, wide } = (await page.evaluate(`(() => {
    const root = document.documentElement;
    // What sticks out, to say so when it fails.
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
      .slice(0, 5)
      .map((el) => el.tagName + '.' + el.className);
    return { scroll: root.scrollWidth, client: root.clientWidth, wide };
  })()`)) as { scroll: number; client: number; wide: string[] };
  expect(scroll, wide.join(' | ')).toBeLessThanOrEqual(client);
}

describe('member account: activation and 忘记密码 on a phone', () => {
  const j = useJourney();

  it('activates with the slip, lands on 我的, and resets a forgotten password by SMS', async () => {
    // The secretary's side: the batch page, then the slips (printing is audited).
    const { page: sec } = await j.as('secretary');
    await sec.goto('/accounts');
    await sec.getByTestId('accounts-summary').waitFor();
    await screenshot(sec, 'accounts-batch-page');
    const batches = await apiGet<{ data: { id: number; open: number }[] }>(sec, '/api/accounts/batches');
    const batch = batches.data.find((b) => b.open > 0);
    expect(batch).toBeDefined();
    await sec.goto(`/accounts/batches/${batch?.id}/slips`);
    await sec.getByTestId('slip').first().waitFor();
    await screenshot(sec, 'accounts-slips');
    const printed = await apiGet<{ slips: SlipInfo[] }>(sec, `/api/accounts/batches/${batch?.id}/slips`);
    // A member with a phone on record (the SMS reset needs one): the secretary's audited reveal.
    let slip: SlipInfo | undefined;
    let person: { idNumber: string | null; phone: string | null } = { idNumber: null, phone: null };
    for (const s of printed.slips) {
      person = await apiPost(sec, `/api/members/${s.memberId}/reveal`, {
        fields: ['idNumber', 'phone'],
        reason: '核对激活单信息',
      });
      if (person.idNumber && person.phone) {
        slip = s;
        break;
      }
    }
    if (!slip || !person.idNumber || !person.phone)
      throw new Error('no pending member with an ID number and a phone');
    const phone = person.phone;

    // The member's phone: 激活账号 from the login page.
    const context = await newContext(j.browser, j.server.url, PHONE);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByTestId('login-activate-link').click();
    await page.waitForURL('**/activate');
    await page.getByTestId('activate-code').fill(slip.code.toLowerCase());
    await page.getByTestId('activate-id-tail').fill('000000');
    await page.getByTestId('activate-password').fill('Mz4#kQp8$Wn2');
    await page.getByTestId('activate-confirm').fill('Mz4#kQp8$Wn2');
    await page.getByTestId('activate-submit').click();
    // A wrong tail: the same answer as a wrong code, nothing said about which.
    await expect
      .poll(() => page.getByTestId('activate-error').textContent())
      .toContain('激活码或身份证号后6位不正确');
    await screenshot(page, 'account-activate-error');
    await fitsWidth(page);
    // The smallest phone too.
    await page.setViewportSize({ width: 360, height: 640 });
    await screenshot(page, 'account-activate-360');
    await fitsWidth(page);
    await page.setViewportSize(PHONE);
    await page.getByTestId('activate-id-tail').fill(person.idNumber.slice(-6));
    await page.getByTestId('activate-submit').click();
    await page.waitForURL('**/my');
    await page.getByTestId('member-header').waitFor();
    await screenshot(page, 'account-activated-home');
    await context.close();

    // Forgotten: 忘记密码 on a fresh phone session.
    const phone2 = await newContext(j.browser, j.server.url, PHONE);
    const p2 = await phone2.newPage();
    await p2.goto('/login');
    await p2.getByTestId('login-forgot-link').click();
    await p2.waitForURL('**/forgot-password');
    await p2.getByTestId('forgot-phone').fill(phone);
    await p2.getByTestId('forgot-send').click();
    await p2.getByTestId('forgot-sent').waitFor();
    const code = smsOutbox.lastCodeFor(phone);
    expect(code).toMatch(/^\d{6}$/);
    await p2.getByTestId('forgot-code').fill(code as string);
    await p2.getByTestId('forgot-password').fill('Vt6%hRc3&Jb9');
    await p2.getByTestId('forgot-confirm').fill('Vt6%hRc3&Jb9');
    await screenshot(p2, 'account-forgot-password');
    await fitsWidth(p2);
    await p2.getByTestId('forgot-submit').click();
    await p2.getByTestId('forgot-done').waitFor();
    await p2.getByTestId('forgot-login').click();
    await p2.waitForURL('**/login');
    // The phone number in the username field, with the new password.
    await p2.getByTestId('login-username').fill(phone);
    await p2.getByTestId('login-password').fill('Vt6%hRc3&Jb9');
    await p2.getByTestId('login-submit').click();
    await p2.getByTestId('member-header').waitFor();
    expect(p2.url()).toMatch(/\/my$/);
    await p2.goto('/login');
    await p2.getByTestId('login-mode').getByText('验证码登录').click();
    await p2.getByTestId('login-phone').waitFor();
    await screenshot(p2, 'account-login-sms');
    await fitsWidth(p2);
    await phone2.close();
  });

  it('issues an applicant’s account from the case page; the applicant activates and sees the next step', async () => {
    const { page: sec } = await j.as('secretary');
    const me = await apiGet<{ roles: { role: string; orgId: number }[] }>(sec, '/api/me');
    const branch = me.roles.find((r) => r.role === 'secretary')?.orgId;
    const first17 = '62010220000512003';
    const idNumber = first17 + idNumberCheckDigit(first17);
    const c = await apiPost<{ id: number }>(sec, '/api/development/cases', {
      orgId: branch,
      name: '韩小雨',
      gender: 'male',
      idNumber,
      ethnicity: '01',
      education: 'bachelor',
      appliedOn: '2026-11-02',
      phone: '13912347009',
    });
    await sec.goto(`/development/cases/${c.id}`);
    await sec.getByTestId('case-account-state').waitFor();
    await expect.poll(() => sec.getByTestId('case-account-state').textContent()).toContain('未发放');
    await sec.getByTestId('case-account-issue').click();
    await sec.getByTestId('slip').waitFor();
    const username = (await sec.getByTestId('slip-username').textContent()) as string;
    const code = (await sec.getByTestId('slip-code').textContent()) as string;
    await screenshot(sec, 'case-account-slip');
    await sec.getByRole('button', { name: '完成' }).click();
    await expect.poll(() => sec.getByTestId('case-account-state').textContent()).toContain('待激活');

    const context = await newContext(j.browser, j.server.url, PHONE);
    const page = await context.newPage();
    await page.goto('/activate');
    await page.getByTestId('activate-code').fill(code);
    await page.getByTestId('activate-id-tail').fill(idNumber.slice(-6));
    await page.getByTestId('activate-password').fill('Mz4#kQp8$Wn3');
    await page.getByTestId('activate-confirm').fill('Mz4#kQp8$Wn3');
    await page.getByTestId('activate-submit').click();
    // No role, no member record: 我的 with the case's next step.
    await page.waitForURL('**/my');
    await page.getByTestId('member-header').waitFor();
    await expect.poll(() => page.locator('body').textContent()).toContain('入党申请人');
    await screenshot(page, 'applicant-home');
    await fitsWidth(page);
    expect((await apiGet<{ username: string }>(page, '/api/me')).username).toBe(username);
    await context.close();
  });
});
