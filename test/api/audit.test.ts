import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import { orgs } from '../../src/server/db/schema/index.js';
import { type AuditEntry, writeAudit } from '../../src/server/lib/audit.js';
import {
  AUDIT_ACTION_GROUPS,
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  AUDIT_AREAS,
  type AuditAction,
} from '../../src/shared/contracts/audit.js';
import { json, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
const { get, post } = requests(() => env);
const ids = { meeting: 0, payment: 0, case: 0 };

/** A valid GB 11643 number for someone born on `birth` (YYYY-MM-DD); seq odd = male. */
function idFor(birth: string, seq: number) {
  const first17 = `620102${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckDigit(first17);
}

async function ok(res: LightMyRequestResponse, what: string) {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return json(res);
}

beforeAll(async () => {
  env = await setupEnv();
  const cookie = await env.login('secA1');
  await env.app.inject({
    method: 'PATCH',
    url: `/api/members/${env.fx.member.plainA1}`,
    payload: { workUnit: '甲单位' },
    headers: { cookie },
  });
  const admin = await env.login('admin');
  await env.app.inject({
    method: 'PATCH',
    url: `/api/members/${env.fx.member.b1}`,
    payload: { workUnit: '乙单位' },
    headers: { cookie: admin },
  });
  // Business actions of three modules: a meeting submitted, a payment, a development step.
  const m = await ok(
    await post(
      '/api/meetings',
      {
        orgId: env.fx.org.branchA1,
        kind: 'theme_day',
        title: '十一月主题党日',
        heldOn: '2026-11-20',
        startTime: '19:00',
        endTime: '21:00',
        place: '社区党群服务中心',
        hostName: '张建国',
        recorderName: '李秀英',
        minutes: '学习上级会议精神。',
        attendees: [{ memberId: env.fx.member.secA1, attendance: 'present' }],
      },
      'secA1',
    ),
    'meeting',
  );
  ids.meeting = m.id;
  await ok(await post(`/api/meetings/${m.id}/submit`, {}, 'secA1'), 'submit');
  await ok(
    await post(
      `/api/members/${env.fx.member.plainA1}/dues-profiles`,
      { category: 'employed', effectiveMonth: '2026-01', baseFen: 300000 },
      'secA1',
    ),
    'profile',
  );
  const paid = await ok(
    await post(
      '/api/dues/payments',
      { memberId: env.fx.member.plainA1, month: '2026-11', amountFen: 1500, paidOn: TODAY, method: 'cash' },
      'secA1',
    ),
    'payment',
  );
  ids.payment = paid.payment.id;
  const c = await ok(
    await post(
      '/api/development/cases',
      {
        orgId: env.fx.org.branchA1,
        name: '周晓梅',
        gender: 'female',
        idNumber: idFor('1998-04-12', 2),
        ethnicity: '01',
        education: 'bachelor',
        workUnit: '幸福社区居委会',
        appliedOn: '2022-03-01',
      },
      'secA1',
    ),
    'case',
  );
  ids.case = c.id;
  await ok(
    await post(
      `/api/development/cases/${c.id}/steps`,
      { key: 'application_talk', on: '2022-03-10', talkerName: '张建国' },
      'secA1',
    ),
    'step',
  );
});
afterAll(() => env.app.close());

describe('GET /api/audit', () => {
  it('shows the auditor every write and sign-in, newest first', async () => {
    const res = json(await get('/api/audit?pageSize=100', 'auditor'));
    const actions = res.data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.update', 'auth.login']));
    expect(res.total).toBe(res.data.length);
    const times = res.data.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('scopes an auditor of one district to that district', async () => {
    const res = json(await get('/api/audit?action=member.update', 'auditorB'));
    expect(res.total).toBe(1);
    expect(res.data[0].entityId).toBe(env.fx.member.b1);
  });

  it('filters by user and date', async () => {
    const byUser = json(await get('/api/audit?username=secA1&action=member.update', 'auditor'));
    expect(byUser.data.map((e: { username: string }) => e.username)).toEqual(['secA1']);
    const none = json(await get('/api/audit?to=2000-01-01', 'auditor'));
    expect(none.total).toBe(0);
    const some = json(await get('/api/audit?from=2000-01-01&to=2100-01-01', 'auditor'));
    expect(some.total).toBeGreaterThan(0);
  });

  it('is forbidden to everyone without audit.read, 401 anonymous', async () => {
    expect((await get('/api/audit', 'admin')).statusCode).toBe(403);
    expect((await get('/api/audit', 'sysadmin')).statusCode).toBe(403);
    expect((await get('/api/audit')).statusCode).toBe(401);
  });

  it('gives the sysadmin no member data', async () => {
    expect((await get('/api/members', 'sysadmin')).statusCode).toBe(403);
  });
});

describe('actions by name (issue #16)', () => {
  it('filters by a business action, each entry named', async () => {
    const submit = json(await get('/api/audit?action=meeting.submit', 'auditor'));
    expect(submit.data).toHaveLength(1);
    expect(submit.data[0]).toMatchObject({
      entity: 'meeting',
      entityId: ids.meeting,
      entityName: '十一月主题党日',
      after: { status: 'submitted', present: 1 },
    });
    const payment = json(await get('/api/audit?action=dues.payment.create', 'auditor'));
    expect(payment.data).toHaveLength(1);
    expect(payment.data[0]).toMatchObject({
      entity: 'dues_payment',
      entityId: ids.payment,
      entityName: '李秀英 2026年11月',
      names: { [`member:${env.fx.member.plainA1}`]: '李秀英' },
    });
    const step = json(await get('/api/audit?action=development.step.record', 'auditor'));
    expect(step.data).toHaveLength(1);
    expect(step.data[0]).toMatchObject({
      entityId: ids.case,
      entityName: '周晓梅',
      after: { key: 'application_talk' },
    });
    const update = json(await get('/api/audit?action=member.update&username=secA1', 'auditor'));
    expect(update.data[0]).toMatchObject({ entityName: '李秀英', after: { workUnit: '甲单位' } });
    // A district's auditor does not see district A's meeting at all.
    expect(json(await get('/api/audit?action=meeting.submit', 'auditorB')).total).toBe(0);
  });

  it("names the ids an entry holds only inside the auditor's scope; the stored entry keeps the ids", async () => {
    // Branch B1 moved from district A to district B: the entry lies in B, its old parent in A.
    const [b1] = await env.db.select().from(orgs).where(eq(orgs.id, env.fx.org.branchB1));
    await writeAudit(env.db, null, {
      action: 'org.move',
      entity: 'org',
      entityId: b1.id,
      orgPath: b1.path,
      before: { parentId: env.fx.org.districtA },
      after: { parentId: env.fx.org.districtB },
      reason: '区划调整',
    });
    const byB = json(await get('/api/audit?action=org.move', 'auditorB')).data[0];
    expect(byB).toMatchObject({
      entityName: '中共乙区光明社区支部委员会',
      before: { parentId: env.fx.org.districtA },
      after: { parentId: env.fx.org.districtB },
    });
    expect(byB.names).toEqual({
      [`org:${b1.id}`]: b1.name,
      [`org:${env.fx.org.districtB}`]: '中共乙区委员会',
    });
    const byCity = json(await get('/api/audit?action=org.move', 'auditor')).data[0];
    expect(byCity.names[`org:${env.fx.org.districtA}`]).toBe('中共甲区委员会');
  });

  it("names a sign-in's user only for an auditor of the whole tree", async () => {
    const login = json(await get('/api/audit?action=auth.login&username=secA1', 'auditor')).data[0];
    expect(login).toMatchObject({ entity: 'user', entityName: '张建国（secA1）' });
  });

  it('offers every action in the filter, in one group each, and refuses an unknown one in Chinese', async () => {
    const grouped = AUDIT_ACTION_GROUPS.flatMap((g) => g.actions.map((a) => a.action));
    expect([...grouped].sort()).toEqual(Object.keys(AUDIT_ACTIONS).sort());
    expect(AUDIT_ACTION_GROUPS.map((g) => g.area)).toEqual(AUDIT_AREAS.filter((a) => grouped.length && a));
    expect(AUDIT_ACTION_GROUPS.find((g) => g.area === '导入导出')?.actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['member.export', 'dues.ledger.export', 'stats.report_export', 'import.commit']),
    );
    for (const action of Object.keys(AUDIT_ACTIONS)) {
      expect((await get(`/api/audit?action=${action}&pageSize=1`, 'auditor')).statusCode, action).toBe(200);
    }
    const bad = await get('/api/audit?action=meeting.sing', 'auditor');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).message).toMatch(/^操作：/);
  });

  it('has a label for every action stored by this suite (dynamic ones included)', async () => {
    const actions = json(await get('/api/audit?pageSize=200', 'auditor')).data.map(
      (e: { action: string }) => e.action,
    );
    expect(actions.length).toBeGreaterThan(5);
    expect(actions.filter((a: string) => !AUDIT_ACTION_LABELS[a])).toEqual([]);
  });

  it('refuses at compile time an action without a label (npx tsc checks this file)', () => {
    const known: AuditEntry = { action: 'meeting.submit', entity: 'meeting' };
    // @ts-expect-error an action missing from AUDIT_ACTIONS is not an AuditAction
    const unknown: AuditEntry = { action: 'meeting.sing', entity: 'meeting' };
    // @ts-expect-error and neither is an entity without a label
    const entity: AuditEntry = { action: 'meeting.submit', entity: 'meeting_room' };
    const labels = [known, unknown, entity].map((e) => AUDIT_ACTION_LABELS[e.action as AuditAction]);
    expect(labels).toEqual(['提交会议记录', undefined, '提交会议记录']);
  });
});
