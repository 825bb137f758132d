/**
 * Targeted escalations (issue #18): what the authorization matrix (authz-matrix.test.ts) does not
 * reach by construction. The matrix aims each request at one record with consistent ids; here the
 * ids are mixed on purpose: a child id of another side under a parent id in scope, an
 * out-of-scope id inside the body or the query of a route whose path is in scope, another member
 * of the caller's own branch, another user's notification, a search that could leak member data,
 * and exports read back for rows of another district.
 *
 * Not repeated here: separation of duties (separation.test.ts), X-Forwarded-For, lockout and
 * Origin (auth.test.ts, http-guards.test.ts), the ID mask and the duplicate oracle (members,
 * development), fuzzing (fuzz.test.ts), imports (imports tests).
 */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, users } from '../../src/server/db/schema/index.js';
import { PDF, World } from './authz/fixture.js';
import { json, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
let w: World;
const { get, post, send } = requests(() => env);
const del = (url: string, user?: string) => send('DELETE', url, undefined, user);

beforeAll(async () => {
  env = await setupEnv();
  w = new World(env);
  await w.addUser('secB1', [['secretary', env.fx.org.branchB1]], env.fx.member.b1);
  await w.addUser('sysadminA', [['sysadmin', env.fx.org.districtA]]);
  await w.build();
}, 300_000);
afterAll(() => env.app.close());

const status = (res: LightMyRequestResponse) => res.statusCode;

/** The text of every cell of an .xlsx answer. */
async function cells(res: LightMyRequestResponse): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((r) => out.push(JSON.stringify(r.values))));
  return out.join('\n');
}

describe('a child id of another side under a parent id in scope', () => {
  it('a meeting attachment is read and deleted only through its own meeting', async () => {
    const { A, B } = w.side;
    expect(status(await get(`/api/meetings/${A.meeting}/attachments/${B.attachment}`, 'secA1'))).toBe(404);
    expect(status(await del(`/api/meetings/${A.meeting}/attachments/${B.attachment}`, 'secA1'))).toBe(404);
    // Still there for its own side.
    expect(status(await get(`/api/meetings/${B.meeting}/attachments/${B.attachment}`, 'secB1'))).toBe(200);
  });

  it('a development document is read and deleted only through its own case and step', async () => {
    const { A, B } = w.side;
    const mixed = [
      `/api/development/cases/${A.devCase}/steps/${A.devStep}/documents/${B.devDoc}`,
      `/api/development/cases/${A.devCase}/steps/${B.devStep}/documents/${B.devDoc}`,
    ];
    for (const url of mixed) {
      expect(status(await get(url, 'secA1')), url).toBe(404);
      expect(status(await del(url, 'secA1')), url).toBe(404);
    }
    const up = await env.app.inject({
      method: 'POST',
      url: `/api/development/cases/${A.devCase}/steps/${B.devStep}/documents`,
      headers: { cookie: await env.login('secA1'), ...multipartHeaders() },
      payload: multipartBody(),
    });
    expect(status(up)).toBe(404);
  });

  it('a sign-in code and an exemption are withdrawn only through their own meeting and org', async () => {
    const tB = await w.checkinToken('B');
    expect(status(await del(`/api/meetings/${w.side.A.meeting}/checkin-tokens/${tB.tokenId}`, 'secA1'))).toBe(
      404,
    );
    const exB = await w.exemption('B');
    expect(status(await del(`/api/orgs/${w.side.A.branch}/exemptions/${exB}`, 'districtA'))).toBe(404);
    // Both are still in force.
    const codes = json(await get(`/api/meetings/${tB.meetingId}/checkin-tokens`, 'secB1'));
    expect(codes.map((c: { id: string }) => c.id)).toContain(tB.tokenId);
    const ex = json(await get(`/api/orgs/${w.side.B.branch}/exemptions`, 'admin'));
    expect(ex.map((e: { id: number }) => e.id)).toContain(exB);
  });
});

const BOUNDARY = '----jicengEscalation';
const multipartHeaders = () => ({ 'content-type': `multipart/form-data; boundary=${BOUNDARY}` });
const multipartBody = () =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    ),
    PDF,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);

describe('an out-of-scope id inside the body of a write whose org is in scope', () => {
  it('a meeting of A1 records no attendee of B1, a heart talk no member of B1', async () => {
    const meeting = await post(
      '/api/meetings',
      {
        orgId: w.side.A.branch,
        kind: 'general_meeting',
        title: '支部党员大会',
        heldOn: TODAY,
        startTime: '08:00',
        attendees: [{ memberId: env.fx.member.b1, attendance: 'present' }],
      },
      'secA1',
    );
    expect(status(meeting)).toBe(400);
    const talk = await post(
      '/api/heart-talks',
      {
        orgId: w.side.A.branch,
        memberId: env.fx.member.b1,
        talkerMemberId: env.fx.member.secA1,
        talkedOn: '2026-11-10',
        summary: '了解思想动态，听取意见建议。',
      },
      'secA1',
    );
    expect(status(talk)).toBeGreaterThanOrEqual(400);
    expect(status(talk)).toBeLessThan(500);
    const talks = await env.db.execute(
      sql`select count(*)::int as n from heart_talks where member_id = ${env.fx.member.b1}`,
    );
    expect((talks as unknown as { rows: Array<{ n: number }> }).rows[0].n).toBe(1); // the fixture's own
  });

  it('a batch payment of A1 books no member of B1, a transfer moves no member of B1', async () => {
    const bMember = await w.duesMember('B');
    const batch = await post(
      '/api/dues/payments/batch',
      { orgId: w.side.A.branch, month: '2026-11', memberIds: [bMember], paidOn: TODAY, method: 'cash' },
      'secA1',
    );
    expect([400, 404]).toContain(status(batch));
    const paid = await env.db.execute(
      sql`select count(*)::int as n from dues_payments where member_id = ${bMember}`,
    );
    expect((paid as unknown as { rows: Array<{ n: number }> }).rows[0].n).toBe(0);
    const transfer = await post(
      '/api/transfers',
      { memberId: env.fx.member.b1, toOrgId: w.side.A.branch, letterNumber: w.letter(), reason: '工作调动' },
      'secA1',
    );
    expect(status(transfer)).toBe(404);
  });

  it("an org admin moves no org of its district under another district's branch, and elects no outsider", async () => {
    const group = await w.group('A');
    const move = await post(
      `/api/orgs/${group}/move`,
      { parentId: w.side.B.branch, reason: '调整隶属关系' },
      'districtA',
    );
    expect(status(move)).toBe(404);
    const b = await w.branch('A');
    const term = await post(
      `/api/orgs/${b.orgId}/terms`,
      { termStart: '2026-11-01', committee: [{ memberId: env.fx.member.b1, role: 'secretary' }] },
      'districtA',
    );
    expect([400, 404]).toContain(status(term));
    const unit = await post(
      '/api/coverage-units',
      {
        name: '越权覆盖企业有限公司',
        kind: 'private_enterprise',
        orgId: w.side.A.district,
        coveredByOrgId: w.side.B.branch,
      },
      'districtA',
    );
    expect([400, 404]).toContain(status(unit));
  });

  it("a district's system administrator links no account to a member of another district", async () => {
    const account = await w.secretaryUser('A');
    const link = await post(
      `/api/users/${account}/member-link`,
      { memberId: env.fx.member.b1, reason: '关联本人党员档案' },
      'sysadminA',
    );
    expect(status(link)).toBe(404);
  });
});

describe('a member and another member of the same branch', () => {
  const other = () => env.fx.member.secA1;
  it("reads its own record and dues, nobody else's, not even in its own branch", async () => {
    const mine = env.fx.member.plainA1;
    expect(status(await get(`/api/members/${mine}`, 'memberA1'))).toBe(200);
    expect(status(await get(`/api/members/${mine}/dues`, 'memberA1'))).toBe(200);
    for (const path of ['', '/dues', '/dues-profiles', '/events', '/disciplines']) {
      expect(status(await get(`/api/members/${other()}${path}`, 'memberA1')), path).toBe(404);
    }
  });

  it('finds no other member through a list, a filter or a search', async () => {
    const list = json(await get(`/api/members?q=${encodeURIComponent('张建国')}`, 'memberA1'));
    expect(list.data).toEqual([]);
    const all = json(await get('/api/members?pageSize=200', 'memberA1'));
    expect(all.data.map((m: { id: number }) => m.id)).toEqual([env.fx.member.plainA1]);
    const payments = await get(`/api/dues/payments?memberId=${other()}`, 'memberA1');
    expect(status(payments)).toBe(404);
  });
});

describe('lists filtered by an out-of-scope member', () => {
  it('return nothing of that member', async () => {
    await w.payment('B');
    for (const url of [
      `/api/heart-talks?memberId=${env.fx.member.b1}`,
      `/api/transfers?memberId=${env.fx.member.b1}`,
      `/api/dues/payments?memberId=${env.fx.member.b1}`,
    ]) {
      const res = await get(url, 'secA1');
      if (status(res) === 404) continue;
      expect(status(res), url).toBe(200);
      expect(json(res).data, url).toEqual([]);
    }
  });
});

describe('transfer targets', () => {
  it('answer orgs by name only: a member name, an ID number or a phone finds nothing', async () => {
    for (const q of ['陈静', '620102198001010017', '13800001111', '张建国']) {
      const res = await get(`/api/transfers/targets?q=${encodeURIComponent(q)}`, 'secA1');
      expect(status(res), q).toBe(200);
      expect(json(res), q).toEqual([]);
    }
    const rows = json(await get(`/api/transfers/targets?q=${encodeURIComponent('支部')}`, 'secA1'));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(Object.keys(r).sort()).toEqual(['id', 'kind', 'name']);
  });
});

describe('exports read back', () => {
  it("a district's member export holds no row of another district", async () => {
    const res = await get('/api/members/export', 'districtA');
    expect(status(res)).toBe(200);
    const text = await cells(res);
    expect(text).toContain('李秀英');
    expect(text).not.toContain('陈静');
    expect(status(await get(`/api/members/export?orgId=${w.side.B.branch}`, 'districtA'))).toBe(404);
  });

  it("the district B auditor's audit export holds no entry of district A", async () => {
    // A write on each side, so that both districts have entries.
    await send('PATCH', `/api/members/${env.fx.member.plainA1}`, { workUnit: '甲区单位' }, 'secA1');
    await send('PATCH', `/api/members/${env.fx.member.b1}`, { workUnit: '乙区单位' }, 'admin');
    const res = await get('/api/audit/export', 'auditorB');
    expect(status(res)).toBe(200);
    const text = await cells(res);
    expect(text).toContain('乙区单位');
    expect(text).not.toContain('甲区单位');
    const byEntity = json(
      await get(`/api/audit?entity=member&entityId=${env.fx.member.plainA1}`, 'auditorB'),
    );
    expect(byEntity.data).toEqual([]);
  });
});

describe("another user's notifications and sessions", () => {
  it("a notification is read and marked only by its owner; mark-all touches only the caller's", async () => {
    const [owner] = await env.db.select({ id: users.id }).from(users).where(sql`username = 'secA1'`);
    const theirs = await w.notify(owner.id);
    const list = json(await get('/api/notifications', 'memberA1'));
    expect(list.data.map((n: { id: number }) => n.id)).not.toContain(theirs);
    expect(status(await post(`/api/notifications/${theirs}/read`, {}, 'memberA1'))).toBe(404);
    expect(status(await post('/api/notifications/read-all', {}, 'memberA1'))).toBe(200);
    const [row] = await env.db.select().from(notifications).where(sql`id = ${theirs}`);
    expect(row.readAt).toBeNull();
  });

  it('a session is stored as a hash: the database gives no cookie to sign in with', async () => {
    const cookie = await env.login('secA1');
    const token = decodeURIComponent(cookie.split('=')[1]);
    const rows = (await env.db.execute(sql`select id from sessions`)) as unknown as {
      rows: Array<{ id: string }>;
    };
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.map((r) => r.id)).not.toContain(token);
    const forged = await env.app.inject({
      url: '/api/me',
      headers: { cookie: `${cookie.split('=')[0]}=${rows.rows[0].id}` },
    });
    expect(status(forged)).toBe(401);
  });
});
