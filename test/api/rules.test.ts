import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

const req = async (method: 'GET' | 'PUT' | 'DELETE', url: string, user?: string, payload?: unknown) =>
  env.app.inject({
    method,
    url,
    payload: payload as object,
    headers: user ? { cookie: await env.login(user) } : {},
  });

describe('rules as data', () => {
  it('lists every rule with its citation and confidence', async () => {
    const res = await req('GET', '/api/rules', 'secA1');
    expect(res.statusCode).toBe(200);
    const maxMembers = json(res).find((r: { id: string }) => r.id === 'branch.maxMembers');
    expect(maxMembers).toMatchObject({
      value: 50,
      overridden: false,
      configurable: true,
      confidence: 'verified',
    });
    expect(maxMembers.citation).toMatch(/支部工作条例/);
    expect((await req('GET', '/api/rules')).statusCode).toBe(401);
  });

  it('lets the sysadmin override a configurable rule, audited, and the org page follows it', async () => {
    // A1's term ends 2027-03-01, within the default 6-month reminder lead of 2026-11-23.
    const codes = async () =>
      json(await req('GET', `/api/orgs/${env.fx.org.branchA1}`, 'admin')).violations.map(
        (v: { code: string }) => v.code,
      );
    expect(await codes()).toContain('term_ending_soon');
    const res = await req('PUT', '/api/rules/term.reminderLeadMonths', 'sysadmin', {
      value: 2,
      reason: '本地改为提前2个月提醒',
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ value: 2, overridden: true, defaultValue: 6 });
    expect(await codes()).not.toContain('term_ending_soon');
    const audit = json(await req('GET', '/api/audit?action=rule.override', 'auditor'));
    expect(audit.data[0]).toMatchObject({
      reason: '本地改为提前2个月提醒',
      after: { id: 'term.reminderLeadMonths', value: 2 },
    });
    const reset = await req('DELETE', '/api/rules/term.reminderLeadMonths', 'sysadmin', {
      reason: '恢复默认值',
    });
    expect(json(reset)).toMatchObject({ value: 6, overridden: false });
    expect(await codes()).toContain('term_ending_soon');
  });

  it('refuses to override a rule from the Party Constitution, or a bad value, naming the field', async () => {
    const fixed = await req('PUT', '/api/rules/branch.minFullMembers', 'sysadmin', {
      value: 2,
      reason: '尝试修改',
    });
    expect(fixed.statusCode).toBe(400);
    expect(json(fixed).details[0]).toMatchObject({ field: 'value' });
    expect(json(fixed).details[0].message).toMatch(/^取值：依据.*不允许修改/);
    const bad = await req('PUT', '/api/rules/branch.maxMembers', 'sysadmin', {
      value: 'many',
      reason: '错误取值',
    });
    expect(bad.statusCode).toBe(400);
  });

  it('is 403 for everyone but the sysadmin, 404 for an unknown rule, 401 anonymous', async () => {
    expect(
      (await req('PUT', '/api/rules/branch.maxMembers', 'admin', { value: 60, reason: '越权修改' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await req('PUT', '/api/rules/no.such', 'sysadmin', { value: 1, reason: '未知规则' })).statusCode,
    ).toBe(404);
    expect(
      (await req('PUT', '/api/rules/branch.maxMembers', undefined, { value: 60, reason: '匿名修改' }))
        .statusCode,
    ).toBe(401);
    expect(
      (await req('DELETE', '/api/rules/branch.maxMembers', 'admin', { reason: '越权恢复' })).statusCode,
    ).toBe(403);
    expect(
      (await req('DELETE', '/api/rules/branch.maxMembers', undefined, { reason: '匿名恢复' })).statusCode,
    ).toBe(401);
  });
});
