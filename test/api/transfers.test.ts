import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
const { get, post } = requests(() => env);

describe('internal transfer of the organizational relation', () => {
  let transferId: number;

  it('is requested by the sending side', async () => {
    const res = await post(
      '/api/transfers',
      {
        memberId: env.fx.member.plainA1,
        toOrgId: env.fx.org.branchB1,
        letterNumber: '甲组转〔2026〕001号',
        reason: '工作调动',
      },
      'secA1',
    );
    expect(res.statusCode).toBe(201);
    const t = json(res);
    expect(t).toMatchObject({
      status: 'pending',
      fromOrgId: env.fx.org.branchA1,
      toOrgId: env.fx.org.branchB1,
      requestedOn: '2026-11-23',
    });
    expect(t.abilities).toEqual({ accept: false, reject: false, cancel: true });
    transferId = t.id;
  });

  it('shows as pending on both sides', async () => {
    const sending = json(await get('/api/members?pageSize=50', 'secA1'));
    expect(
      sending.data.find((m: { id: number }) => m.id === env.fx.member.plainA1).pendingTransfer,
    ).toMatchObject({ direction: 'out' });
    const incoming = json(await get('/api/transfers?direction=in&status=pending', 'admin'));
    expect(incoming.data.map((t: { id: number }) => t.id)).toContain(transferId);
    const outList = json(await get('/api/transfers?direction=out', 'secA1'));
    expect(outList.total).toBe(1);
    expect((await get('/api/transfers')).statusCode).toBe(401);
  });

  it('refuses a second pending transfer for the same member', async () => {
    const res = await post(
      '/api/transfers',
      {
        memberId: env.fx.member.plainA1,
        toOrgId: env.fx.org.branchA2,
        letterNumber: '甲组转〔2026〕002号',
        reason: '重复',
      },
      'secA1',
    );
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('TRANSFERS_ALREADY_PENDING');
  });

  it('cannot be accepted by the sending side', async () => {
    const res = await post(`/api/transfers/${transferId}/accept`, {}, 'secA1');
    expect(res.statusCode).toBe(403);
    expect(json(res).message).toMatch(/转入方/);
  });

  it('is accepted by the receiving side and moves the member', async () => {
    const res = await post(`/api/transfers/${transferId}/accept`, { note: '已接收' }, 'admin');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'accepted', respondedOn: '2026-11-23' });
    const m = json(await get(`/api/members/${env.fx.member.plainA1}`, 'admin'));
    expect(m.orgId).toBe(env.fx.org.branchB1);
    // The sending branch no longer sees the member.
    expect((await get(`/api/members/${env.fx.member.plainA1}`, 'secA1')).statusCode).toBe(404);
    const events = json(await get(`/api/members/${env.fx.member.plainA1}/events`, 'admin'));
    expect(events[0]).toMatchObject({ kind: 'transferred', orgId: env.fx.org.branchB1 });
    // Answered once only.
    const again = await post(`/api/transfers/${transferId}/reject`, { note: '晚了' }, 'admin');
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('TRANSFERS_NOT_PENDING');
  });

  it('is rejected with a note, or cancelled by the sender', async () => {
    const t = json(
      await post(
        '/api/transfers',
        {
          memberId: env.fx.member.a2,
          toOrgId: env.fx.org.branchB1,
          letterNumber: '甲组转〔2026〕003号',
          reason: '迁居',
        },
        'districtA',
      ),
    );
    const noNote = await post(`/api/transfers/${t.id}/reject`, {}, 'admin');
    expect(noNote.statusCode).toBe(400);
    expect(json(noNote).details[0].field).toBe('note');
    const rejected = await post(`/api/transfers/${t.id}/reject`, { note: '介绍信信息有误' }, 'admin');
    expect(json(rejected).status).toBe('rejected');
    const t2 = json(
      await post(
        '/api/transfers',
        {
          memberId: env.fx.member.a2,
          toOrgId: env.fx.org.branchB1,
          letterNumber: '甲组转〔2026〕004号',
          reason: '迁居',
        },
        'districtA',
      ),
    );
    expect(json(await post(`/api/transfers/${t2.id}/cancel`, {}, 'districtA')).status).toBe('cancelled');
  });

  it('is 404 for members and transfers out of scope, 401 anonymous', async () => {
    expect(
      (
        await post(
          '/api/transfers',
          { memberId: env.fx.member.b1, toOrgId: env.fx.org.branchA1, letterNumber: 'x1', reason: '越权' },
          'secA1',
        )
      ).statusCode,
    ).toBe(404);
    expect((await get(`/api/transfers/${transferId}`, 'secA1')).statusCode).toBe(200);
    expect((await get(`/api/transfers/${transferId}`, 'districtA')).statusCode).toBe(200);
    const other = json(
      await post(
        '/api/transfers',
        {
          memberId: env.fx.member.b1,
          toOrgId: env.fx.org.branchA2,
          letterNumber: '乙组转〔2026〕001号',
          reason: '调动',
        },
        'admin',
      ),
    );
    expect((await get(`/api/transfers/${other.id}`, 'secA1')).statusCode).toBe(404);
    expect((await post(`/api/transfers/${other.id}/accept`, {}, 'secA1')).statusCode).toBe(404);
    expect((await post(`/api/transfers/${other.id}/accept`, {})).statusCode).toBe(401);
    for (const answer of ['reject', 'cancel']) {
      expect((await post(`/api/transfers/${other.id}/${answer}`, { note: '越权' }, 'secA1')).statusCode).toBe(
        404,
      );
      expect((await post(`/api/transfers/${other.id}/${answer}`, { note: '匿名' })).statusCode).toBe(401);
    }
    // The receiving side cannot withdraw; the sending side cannot refuse.
    expect((await post(`/api/transfers/${other.id}/cancel`, {}, 'districtA')).statusCode).toBe(403);
    expect((await get(`/api/transfers/${other.id}`)).statusCode).toBe(401);
    expect((await post('/api/transfers', {})).statusCode).toBe(401);
  });

  it('names what is wrong with the receiving org under its own code', async () => {
    const to = async (toOrgId: number) =>
      json(
        await post(
          '/api/transfers',
          { memberId: env.fx.member.secA1, toOrgId, letterNumber: '甲组转〔2026〕010号', reason: '核对' },
          'secA1',
        ),
      );
    expect(await to(env.fx.org.branchA1)).toMatchObject({
      code: 'TRANSFERS_SAME_ORG',
      details: [{ field: 'toOrgId', code: 'TRANSFERS_SAME_ORG' }],
    });
    expect(await to(env.fx.org.districtA)).toMatchObject({
      code: 'TRANSFERS_TARGET_NOT_BRANCH',
      details: [{ field: 'toOrgId' }],
    });
  });

  it('searches receiving branches across the tree, names only', async () => {
    const res = await get(`/api/transfers/targets?q=${encodeURIComponent('光明')}`, 'secA1');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual([
      { id: env.fx.org.branchB1, name: '中共乙区光明社区支部委员会', kind: 'branch' },
    ]);
    expect((await get('/api/transfers/targets?q=x', 'memberA1')).statusCode).toBe(403);
    expect((await get('/api/transfers/targets?q=x')).statusCode).toBe(401);
  });
});

describe('dues runs on a transfer', () => {
  it('moves an open run of unpaid months to the receiving branch in the same transaction', async () => {
    const a2 = env.fx.member.a2;
    const profile = await post(
      `/api/members/${a2}/dues-profiles`,
      { category: 'employed', effectiveMonth: '2026-01', baseFen: 400000 },
      'districtA',
    );
    expect(profile.statusCode).toBe(201);
    // Nothing paid since January: a warning and a lapse run (January–October), open at branch A2.
    const runsOf = async () =>
      (
        (await env.db.execute(
          sql`select level, org_id as "orgId", org_path::text as "orgPath", status from dues_arrears_runs
              where member_id = ${a2} order by level`,
        )) as unknown as { rows: { level: string; orgId: number; orgPath: string; status: string }[] }
      ).rows;
    const before = await runsOf();
    expect(before.map((r) => [r.level, r.orgId, r.status])).toEqual([
      ['lapse', env.fx.org.branchA2, 'open'],
      ['warning', env.fx.org.branchA2, 'open'],
    ]);
    const t = json(
      await post(
        '/api/transfers',
        { memberId: a2, toOrgId: env.fx.org.branchB1, letterNumber: '甲组转〔2026〕009号', reason: '迁居' },
        'districtA',
      ),
    );
    expect((await post(`/api/transfers/${t.id}/accept`, {}, 'admin')).statusCode).toBe(200);
    const [b1Org] = (
      (await env.db.execute(
        sql`select path::text as path from orgs where id = ${env.fx.org.branchB1}`,
      )) as unknown as {
        rows: { path: string }[];
      }
    ).rows;
    expect(await runsOf()).toEqual([
      { level: 'lapse', orgId: env.fx.org.branchB1, orgPath: b1Org.path, status: 'open' },
      { level: 'warning', orgId: env.fx.org.branchB1, orgPath: b1Org.path, status: 'open' },
    ]);
    // The receiving branch sees the decision awaiting it (待决定).
    const list = json(await get(`/api/dues/arrears?orgId=${env.fx.org.branchB1}`, 'admin'));
    const row = list.data.find((r: { memberId: number }) => r.memberId === a2);
    expect(row).toMatchObject({ level: 'lapse', orgId: env.fx.org.branchB1 });
    expect(row.openRun).toMatchObject({ level: 'lapse', firstMonth: '2026-01', lastMonth: '2026-10' });
  });
});
