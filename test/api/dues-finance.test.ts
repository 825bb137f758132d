import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstDay } from '../../src/domain/dues/months.js';
import { queryRows } from '../../src/server/db/client.js';
import {
  duesPayments,
  duesProfiles,
  members,
  roleAssignments,
  users,
} from '../../src/server/db/schema/index.js';
import { ensureLedger, refreshPaid } from '../../src/server/modules/dues/ledger.js';
import { detectRuns } from '../../src/server/modules/dues/runs.js';
import { loadRules } from '../../src/server/modules/settings/rules.js';
import { json, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

/**
 * 党费 finance: subtree summaries, remittances and reconciliation, import of bases, ledger export.
 * Profiles, ledger rows and payments are written directly (the payment routes are another
 * module's), through the same bookkeeping functions the routes use.
 */
let env: TestEnv;
const { get, post } = requests(() => env);

async function orgPath(orgId: number) {
  const [o] = await queryRows(
    env.db,
    sql`select path::text as path from orgs where id = ${orgId}`,
    z.object({ path: z.string() }),
  );
  return o.path;
}

async function memberOrg(memberId: number) {
  const [m] = await queryRows(
    env.db,
    sql`select org_id as "orgId", org_path::text as "orgPath" from members where id = ${memberId}`,
    z.object({ orgId: z.number(), orgPath: z.string() }),
  );
  return m;
}

async function profile(
  memberId: number,
  category: string,
  month: string,
  figures: { baseFen?: number; amountFen?: number } = {},
) {
  const m = await memberOrg(memberId);
  await env.db.insert(duesProfiles).values({
    memberId,
    orgId: m.orgId,
    category,
    effectiveMonth: firstDay(month),
    baseFen: figures.baseFen ?? null,
    amountFen: figures.amountFen ?? null,
    status: 'active',
  });
}

async function pay(
  memberId: number,
  month: string,
  amountFen: number,
  paidOn: string,
  kind: 'regular' | 'voluntary' = 'regular',
) {
  const m = await memberOrg(memberId);
  const [l] = await queryRows(
    env.db,
    sql`select id from dues_ledger where member_id = ${memberId} and month = ${firstDay(month)}::date`,
    z.object({ id: z.number() }),
  );
  await env.db.insert(duesPayments).values({
    memberId,
    ledgerId: kind === 'regular' ? l.id : null,
    orgId: m.orgId,
    orgPath: m.orgPath,
    month: firstDay(month),
    kind,
    amountFen,
    paidOn,
    method: 'cash',
    toCentre: kind === 'voluntary' && amountFen >= 100_000,
  });
  if (kind === 'regular') await refreshPaid(env.db, l.id);
}

async function addMember(orgId: number, name: string) {
  const [row] = await env.db
    .insert(members)
    .values({
      orgId,
      orgPath: await orgPath(orgId),
      name,
      gender: 'male',
      ethnicity: '01',
      birthDate: '1980-01-01',
      education: 'bachelor',
      category: 'full',
      status: 'active',
      joinedOn: '2000-07-01',
      confirmedOn: '2001-07-01',
    })
    .returning({ id: members.id });
  return row.id;
}

/** `q` selects `count(*)::int as n` (a bare count is a bigint: text on node-postgres). */
const count = async (q: ReturnType<typeof sql>) =>
  (await queryRows(env.db, q, z.object({ n: z.number() })))[0].n;

beforeAll(async () => {
  env = await setupEnv();
  const { member: m } = env.fx;
  const rules = await loadRules(env.db);
  // branch A1: employed 8,000 元 → 1.5 % = 120.00; retired 4,000 元 → 0.5 % = 20.00; a student 0.20.
  await profile(m.secA1, 'employed', '2026-01', { baseFen: 800_000 });
  await profile(m.plainA1, 'retired', '2026-01', { baseFen: 400_000 });
  await profile(m.probA1, 'student', '2026-01');
  // branch A2: a farmer paying 0.50; branch B1: a student with six unpaid months.
  await profile(m.a2, 'farmer', '2026-01', { amountFen: 50 });
  await profile(m.b1, 'student', '2026-01');
  await ensureLedger(
    env.db,
    { memberIds: [m.secA1, m.plainA1, m.probA1, m.a2] },
    ['2026-08', '2026-09', '2026-10'],
    rules,
  );
  await ensureLedger(
    env.db,
    { memberIds: [m.b1] },
    ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'],
    rules,
  );
  await pay(m.secA1, '2026-08', 12_000, '2026-08-10');
  await pay(m.secA1, '2026-09', 6_000, '2026-09-10');
  for (const mo of ['2026-08', '2026-09', '2026-10']) {
    await pay(m.plainA1, mo, 2_000, `${mo}-10`);
    await pay(m.a2, mo, 50, `${mo}-10`);
  }
  // Voluntary extras of 赵刚: 1,500 元 goes to the Centre (≥ 1,000 元), 50 元 stays.
  await pay(m.a2, '2026-10', 150_000, '2026-10-12', 'voluntary');
  await pay(m.a2, '2026-10', 5_000, '2026-10-12', 'voluntary');
  // The runs of unpaid months the summary counts, as the routes and the daily job record them.
  await detectRuns(env.db, Object.values(m), TODAY, rules);
});
afterAll(() => env.app.close());

describe('GET /api/orgs/:id/dues-summary', () => {
  it('sums the subtree by month against hand-computed figures', async () => {
    const res = await get(`/api/orgs/${env.fx.org.districtA}/dues-summary?year=2026`, 'districtA');
    expect(res.statusCode).toBe(200);
    const s = json(res);
    // Every month to date (January to November), zeros where the ledger has nothing.
    expect(s.months.map((x: { month: string }) => x.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    const byMonth = Object.fromEntries(s.months.map((x: { month: string }) => [x.month, x]));
    // Expected each month: 120.00 + 20.00 + 0.20 + 0.50 = 140.70.
    expect(byMonth['2026-08']).toEqual({
      month: '2026-08',
      members: 4,
      expectedFen: 14_070,
      paidFen: 14_050,
      rate: 0.9986,
      unpaidMembers: 1,
    });
    expect(byMonth['2026-09']).toMatchObject({ expectedFen: 14_070, paidFen: 8_050, unpaidMembers: 2 });
    expect(byMonth['2026-10']).toMatchObject({ expectedFen: 14_070, paidFen: 2_050, unpaidMembers: 2 });
    expect(byMonth['2026-03']).toEqual({
      month: '2026-03',
      members: 0,
      expectedFen: 0,
      paidFen: 0,
      rate: null,
      unpaidMembers: 0,
    });
    expect(s.totals).toEqual({
      members: 4,
      expectedFen: 42_210,
      paidFen: 24_150,
      rate: 0.5721,
      unpaidMembers: 2,
      voluntaryFen: 155_000,
      toCentreFen: 150_000,
      // 王小明 has not paid August to October: a 3-month streak ending last month.
      warningMembers: 1,
      lapseMembers: 0,
    });
    expect(s.children).toEqual([
      {
        orgId: env.fx.org.branchA1,
        orgName: '中共甲区幸福社区支部委员会',
        kind: 'branch',
        members: 3,
        expectedFen: 42_060,
        paidFen: 24_000,
        rate: 0.5706,
        unpaidMembers: 2,
      },
      {
        orgId: env.fx.org.branchA2,
        orgName: '中共甲区和平村支部委员会',
        kind: 'branch',
        members: 1,
        expectedFen: 150,
        paidFen: 150,
        rate: 1,
        unpaidMembers: 0,
      },
    ]);
  });

  it('counts the six-month lapse flag and compares the districts side by side', async () => {
    const s = json(await get(`/api/orgs/${env.fx.org.city}/dues-summary?year=2026`, 'admin'));
    expect(s.totals).toMatchObject({ warningMembers: 1, lapseMembers: 1, members: 5 });
    const b = s.children.find((c: { orgId: number }) => c.orgId === env.fx.org.districtB);
    expect(b).toMatchObject({ members: 1, expectedFen: 120, paidFen: 0, rate: 0, unpaidMembers: 1 });
    const a = s.children.find((c: { orgId: number }) => c.orgId === env.fx.org.districtA);
    expect(a).toMatchObject({ members: 4, expectedFen: 42_210, paidFen: 24_150 });
  });

  it('a past year with no ledger gives twelve empty months; a future year none', async () => {
    const past = json(await get(`/api/orgs/${env.fx.org.branchA1}/dues-summary?year=2025`, 'secA1'));
    expect(past.months).toHaveLength(12);
    expect(past.totals).toMatchObject({ members: 0, expectedFen: 0, rate: null, voluntaryFen: 0 });
    const future = json(await get(`/api/orgs/${env.fx.org.branchA1}/dues-summary?year=2027`, 'secA1'));
    expect(future.months).toEqual([]);
  });

  it('scope: allowed in the subtree, 404 outside, 401 anonymous', async () => {
    const url = (id: number) => `/api/orgs/${id}/dues-summary?year=2026`;
    expect((await get(url(env.fx.org.branchA1), 'secA1')).statusCode).toBe(200);
    expect((await get(url(env.fx.org.districtA), 'secA1')).statusCode).toBe(404);
    expect((await get(url(env.fx.org.branchB1), 'secA1')).statusCode).toBe(404);
    // A member sees only their own record: no org summary.
    expect((await get(url(env.fx.org.branchA1), 'memberA1')).statusCode).toBe(404);
    expect((await get(url(env.fx.org.branchA1))).statusCode).toBe(401);
  });
});

describe('remittances and reconciliation', () => {
  const remit = (body: Record<string, unknown>, user = 'secA1') =>
    post(
      '/api/dues/remittances',
      { remittedOn: '2026-11-20', periodFrom: '2026-08', periodTo: '2026-10', ...body },
      user,
    );

  it('refuses more than the branch holds, naming 金额 and the amount available', async () => {
    // Branch A1 collected 120 + 60 + 3 × 20 = 240.00 元.
    const res = await remit({ fromOrgId: env.fx.org.branchA1, amountFen: 24_001 });
    expect(res.statusCode).toBe(422);
    expect(json(res).code).toBe('DUES_REMITTANCE_OVER_HELD');
    expect(json(res).message).toBe('金额：超过本组织可上缴的结存240.00元');
    expect(json(res).details[0].field).toBe('amountFen');
  });

  it('refuses a receiver that is not above the sender, and months out of order', async () => {
    const sideways = await remit({
      fromOrgId: env.fx.org.branchA1,
      toOrgId: env.fx.org.branchA2,
      amountFen: 100,
    });
    expect(sideways.statusCode).toBe(400);
    expect(json(sideways).message).toContain('上缴对象');
    const reversed = await remit({
      fromOrgId: env.fx.org.branchA1,
      amountFen: 100,
      periodFrom: '2026-10',
      periodTo: '2026-08',
    });
    expect(reversed.statusCode).toBe(400);
    expect(json(reversed).message).toContain('所属期间');
  });

  it('concurrent remittances each of the whole held amount: only one goes through (the org row lock)', async () => {
    const results = await Promise.all(
      ['A', 'B', 'C', 'D'].map((voucherNo) =>
        remit({ fromOrgId: env.fx.org.branchA1, amountFen: 24_000, voucherNo }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 422, 422, 422]);
    const ok = json(results.find((r) => r.statusCode === 201) as (typeof results)[number]);
    expect(ok).toMatchObject({
      fromOrgId: env.fx.org.branchA1,
      toOrgId: env.fx.org.districtA,
      toOrgName: '中共甲区委员会',
      amountFen: 24_000,
      status: 'sent',
      direction: 'out',
      balanceFen: 0,
      periodFrom: '2026-08',
      periodTo: '2026-10',
      abilities: { confirm: false },
    });
    expect(
      await count(
        sql`select count(*)::int as n from dues_remittances where from_org_id = ${env.fx.org.branchA1}`,
      ),
    ).toBe(1);
    expect(
      await count(sql`select count(*)::int as n from audit_log where action = 'dues.remittance.create'`),
    ).toBe(1);
  });

  it('before confirmation: in transit, not balanced', async () => {
    const res = await get(`/api/orgs/${env.fx.org.districtA}/dues-reconciliation?year=2026`, 'districtA');
    expect(res.statusCode).toBe(200);
    const rows = json(res).rows;
    const a1 = rows.find((r: { orgId: number }) => r.orgId === env.fx.org.branchA1);
    expect(a1).toEqual({
      orgId: env.fx.org.branchA1,
      orgName: '中共甲区幸福社区支部委员会',
      depth: 1,
      collectedFen: 24_000,
      receivedFen: 0,
      remittedFen: 24_000,
      inTransitFen: 24_000,
      heldFen: 0,
      balanced: false,
      problem: '有在途上缴款240.00元待上级确认',
    });
    // The district has no money yet: no row; branch A2 holds what it collected.
    expect(rows.find((r: { orgId: number }) => r.orgId === env.fx.org.districtA)).toBeUndefined();
    expect(rows.find((r: { orgId: number }) => r.orgId === env.fx.org.branchA2)).toMatchObject({
      collectedFen: 155_150,
      heldFen: 155_150,
      balanced: true,
      problem: null,
    });
  });

  it('the district sees the line in with the ability to confirm; the sender cannot confirm it', async () => {
    const ledger = json(
      await get(`/api/dues/remittances?orgId=${env.fx.org.districtA}&year=2026`, 'districtA'),
    );
    expect(ledger).toMatchObject({ collectedFen: 0, receivedFen: 0, remittedFen: 0, heldFen: 0 });
    expect(ledger.lines).toHaveLength(1);
    const line = ledger.lines[0];
    expect(line).toMatchObject({
      direction: 'in',
      status: 'sent',
      balanceFen: 0,
      abilities: { confirm: true },
    });
    const bySender = await post(
      `/api/dues/remittances/${line.id}/confirm`,
      { confirmedOn: '2026-11-22' },
      'secA1',
    );
    expect(bySender.statusCode).toBe(403);
    expect(json(bySender).message).toContain('接收');
    const early = await post(
      `/api/dues/remittances/${line.id}/confirm`,
      { confirmedOn: '2026-11-01' },
      'districtA',
    );
    expect(early.statusCode).toBe(400);
    const res = await post(
      `/api/dues/remittances/${line.id}/confirm`,
      { confirmedOn: '2026-11-22' },
      'districtA',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      status: 'confirmed',
      confirmedOn: '2026-11-22',
      direction: 'in',
      balanceFen: 24_000,
      abilities: { confirm: false },
    });
    const again = await post(
      `/api/dues/remittances/${line.id}/confirm`,
      { confirmedOn: '2026-11-22' },
      'districtA',
    );
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('DUES_REMITTANCE_ALREADY_CONFIRMED');
  });

  it('after confirmation every org balances; the branch ledger shows its running balance', async () => {
    const rows = json(
      await get(`/api/orgs/${env.fx.org.districtA}/dues-reconciliation?year=2026`, 'districtA'),
    ).rows;
    expect(rows.find((r: { orgId: number }) => r.orgId === env.fx.org.districtA)).toMatchObject({
      depth: 0,
      collectedFen: 0,
      receivedFen: 24_000,
      heldFen: 24_000,
      balanced: true,
      problem: null,
    });
    expect(rows.find((r: { orgId: number }) => r.orgId === env.fx.org.branchA1)).toMatchObject({
      inTransitFen: 0,
      heldFen: 0,
      balanced: true,
      problem: null,
    });
    const branch = json(await get(`/api/dues/remittances?orgId=${env.fx.org.branchA1}&year=2026`, 'secA1'));
    expect(branch).toMatchObject({ collectedFen: 24_000, receivedFen: 0, remittedFen: 24_000, heldFen: 0 });
    expect(
      branch.lines.map((l: { direction: string; balanceFen: number }) => [l.direction, l.balanceFen]),
    ).toEqual([['out', 0]]);
  });

  it('the district remits on to the city (default receiver: the parent)', async () => {
    const res = await remit({ fromOrgId: env.fx.org.districtA, amountFen: 10_000 }, 'districtA');
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ toOrgId: env.fx.org.city, balanceFen: 14_000 });
    const rows = json(await get(`/api/orgs/${env.fx.org.city}/dues-reconciliation?year=2026`, 'admin')).rows;
    expect(rows.find((r: { orgId: number }) => r.orgId === env.fx.org.districtA)).toMatchObject({
      depth: 1,
      heldFen: 14_000,
      inTransitFen: 10_000,
      balanced: false,
    });
  });

  it('scope: allowed, 404 out of scope, 401 anonymous', async () => {
    const { org } = env.fx;
    // POST
    expect((await remit({ fromOrgId: org.branchB1, amountFen: 100 })).statusCode).toBe(404);
    expect((await remit({ fromOrgId: org.branchA1, amountFen: 100 }, '')).statusCode).toBe(401);
    // confirm: the district's remittance to the city is outside branch A1's scope entirely
    const [r] = await queryRows(
      env.db,
      sql`select id from dues_remittances where from_org_id = ${org.districtA}`,
      z.object({ id: z.number() }),
    );
    expect(
      (await post(`/api/dues/remittances/${r.id}/confirm`, { confirmedOn: '2026-11-23' }, 'secA1'))
        .statusCode,
    ).toBe(404);
    expect(
      (await post(`/api/dues/remittances/${r.id}/confirm`, { confirmedOn: '2026-11-23' })).statusCode,
    ).toBe(401);
    // GET ledger
    expect((await get(`/api/dues/remittances?orgId=${org.branchA1}&year=2026`, 'secA1')).statusCode).toBe(
      200,
    );
    expect((await get(`/api/dues/remittances?orgId=${org.districtA}&year=2026`, 'secA1')).statusCode).toBe(
      404,
    );
    expect((await get(`/api/dues/remittances?orgId=${org.branchA1}&year=2026`, 'memberA1')).statusCode).toBe(
      404,
    );
    expect((await get(`/api/dues/remittances?orgId=${org.branchA1}&year=2026`)).statusCode).toBe(401);
    // reconciliation
    expect((await get(`/api/orgs/${org.branchA1}/dues-reconciliation?year=2026`, 'secA1')).statusCode).toBe(
      200,
    );
    expect((await get(`/api/orgs/${org.districtA}/dues-reconciliation?year=2026`, 'secA1')).statusCode).toBe(
      404,
    );
    expect((await get(`/api/orgs/${org.branchA1}/dues-reconciliation?year=2026`)).statusCode).toBe(401);
  });
});

// ---- import ---------------------------------------------------------------------------------

const HEADER = ['党员编号', '姓名', '党费类别', '起始月份', '月基数（元）', '月交纳额（元）', '备注'];
type Cell = string | number | null;

async function workbook(rows: Cell[][], header: string[] = HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党费基数');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const BOUNDARY = '----jicengDuesImport7MA4YWxkTrZu0gW';
async function upload(content: Buffer, orgId = env.fx.org.branchA1, user = 'secA1') {
  const payload = Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bases.xlsx"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  return env.app.inject({
    method: 'POST',
    url: `/api/dues/imports?orgId=${orgId}`,
    payload,
    headers: {
      ...(user ? { cookie: await env.login(user) } : {}),
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    },
  });
}

describe('import of bases', () => {
  const ids: Record<string, number> = {};
  const profiles = () => count(sql`select count(*)::int as n from dues_profiles`);

  beforeAll(async () => {
    ids.zhou = await addMember(env.fx.org.branchA1, '周伟');
    ids.wu = await addMember(env.fx.org.groupA1, '吴敏');
    // A secretary of branch A2 only: branch A1's imports are outside their scope.
    const [u] = await env.db
      .insert(users)
      .values({
        username: 'secA2',
        displayName: '赵刚',
        passwordHash: (
          await queryRows(
            env.db,
            sql`select password_hash as h from users where username = 'secA1'`,
            z.object({ h: z.string() }),
          )
        )[0].h,
      })
      .returning();
    await env.db
      .insert(roleAssignments)
      .values({ userId: u.id, role: 'secretary', orgId: env.fx.org.branchA2 });
  });

  it('the template lists the members, a category list without the hardship ones, and an explanation', async () => {
    const res = await get(`/api/dues/imports/template?orgId=${env.fx.org.branchA1}`, 'secA1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('党费基数');
    expect(ws).toBeDefined();
    const sheet = ws as ExcelJS.Worksheet;
    expect((sheet.getRow(1).values as Cell[]).slice(1)).toEqual(HEADER);
    const byId = new Map<number, Cell[]>();
    sheet.eachRow((r, n) => {
      if (n > 1) byId.set(Number(r.getCell(1).value), (r.values as Cell[]).slice(1));
    });
    // The subtree's current members (group A1 included), with the profile in force.
    expect(byId.get(env.fx.member.secA1)?.slice(0, 5)).toEqual([
      env.fx.member.secA1,
      '张建国',
      '在职（按月工资）',
      '2026-01',
      8000,
    ]);
    expect(byId.get(ids.wu)?.[1]).toBe('吴敏');
    expect(byId.has(env.fx.member.a2)).toBe(false);
    const dv = sheet.getCell('C2').dataValidation;
    expect(dv.type).toBe('list');
    expect(dv.formulae?.[0]).toContain('农民');
    expect(dv.formulae?.[0]).not.toContain('生活困难');
    expect(wb.getWorksheet('说明')?.rowCount).toBeGreaterThan(5);
  });

  it('template scope: 404 out of scope, 403 without dues.write, 401 anonymous', async () => {
    expect((await get(`/api/dues/imports/template?orgId=${env.fx.org.branchB1}`, 'secA1')).statusCode).toBe(
      404,
    );
    expect(
      (await get(`/api/dues/imports/template?orgId=${env.fx.org.branchA1}`, 'memberA1')).statusCode,
    ).toBe(403);
    expect((await get(`/api/dues/imports/template?orgId=${env.fx.org.branchA1}`)).statusCode).toBe(401);
  });

  it('the downloaded template uploads back: only the edited row is previewed', async () => {
    const res = await get(`/api/dues/imports/template?orgId=${env.fx.org.branchA1}`, 'secA1');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('党费基数') as ExcelJS.Worksheet;
    ws.eachRow((r) => {
      if (r.getCell(1).value === env.fx.member.plainA1) {
        r.getCell(4).value = '2026-11';
        r.getCell(5).value = 5200.5;
      }
    });
    const preview = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(preview.statusCode).toBe(201);
    expect(json(preview).errors).toEqual([]);
    // Unchanged profiles (张建国, 王小明) and members without one are skipped.
    expect(json(preview).rows).toEqual([
      expect.objectContaining({
        memberId: env.fx.member.plainA1,
        category: 'retired',
        effectiveMonth: '2026-11',
        baseFen: 520_050,
        // Retired above 5,000 元: 1 % of the whole base.
        monthlyFen: 5_201,
      }),
    ]);
  });

  let goodId: number;
  it('a good file previews without errors and writes nothing yet', async () => {
    const before = await profiles();
    const res = await upload(
      await workbook([
        [ids.zhou, '周伟', '在职（按月工资）', '2026-09', 6000, null, '新入职'],
        [String(ids.wu), '吴敏', '农民', '2026-10', null, '0.5', null],
        // A prefilled row left untouched is not part of the import.
        [env.fx.member.plainA1, '李秀英', null, null, null, null, null],
      ]),
    );
    expect(res.statusCode).toBe(201);
    const dto = json(res);
    expect(dto.errors).toEqual([]);
    expect(dto.status).toBe('previewed');
    expect(dto.rows).toEqual([
      {
        row: 2,
        memberId: ids.zhou,
        memberName: '周伟',
        category: 'employed',
        effectiveMonth: '2026-09',
        baseFen: 600_000,
        amountFen: null,
        monthlyFen: 9_000,
      },
      {
        row: 3,
        memberId: ids.wu,
        memberName: '吴敏',
        category: 'farmer',
        effectiveMonth: '2026-10',
        baseFen: null,
        amountFen: 50,
        monthlyFen: 50,
      },
    ]);
    expect(await profiles()).toBe(before);
    goodId = dto.id;
    const again = await get(`/api/dues/imports/${goodId}`, 'secA1');
    expect(again.statusCode).toBe(200);
    expect(json(again).rows).toHaveLength(2);
  });

  it('commits every row: profiles, recomputed and new ledger months; a second commit is refused', async () => {
    const res = await post(`/api/dues/imports/${goodId}/commit`, {}, 'secA1');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'committed' });
    expect(json(res).committedAt).not.toBeNull();
    expect(await count(sql`select count(*)::int as n from dues_profiles where import_id = ${goodId}`)).toBe(
      2,
    );
    const ledger = await queryRows(
      env.db,
      sql`select member_id as "memberId", to_char(month, 'YYYY-MM') as month, expected_fen as "expectedFen", status
          from dues_ledger where member_id in (${ids.zhou}, ${ids.wu}) order by member_id, month`,
      z.object({
        memberId: z.number(),
        month: z.string(),
        expectedFen: z.number().nullable(),
        status: z.string(),
      }),
    );
    const zhou = ledger.filter((l) => l.memberId === ids.zhou);
    // This year to date: unset before September, 90.00 from it.
    expect(zhou.map((l) => l.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(zhou.find((l) => l.month === '2026-08')).toMatchObject({ expectedFen: null, status: 'unset' });
    expect(zhou.find((l) => l.month === '2026-09')).toMatchObject({ expectedFen: 9_000, status: 'unpaid' });
    const wu = ledger.filter((l) => l.memberId === ids.wu && l.month >= '2026-10');
    expect(wu.map((l) => l.expectedFen)).toEqual([50, 50]);
    expect(
      await count(sql`select count(*)::int as n from audit_log where action = 'dues.import.commit'`),
    ).toBe(1);
    const again = await post(`/api/dues/imports/${goodId}/commit`, {}, 'secA1');
    expect(again.statusCode).toBe(422);
    expect(json(again).code).toBe('IMPORTS_PREVIEW_COMMITTED');
    expect(json(again).message).toContain('已提交');
  });

  it('a row the same as the profile in force is skipped: re-importing changes nothing', async () => {
    const res = await upload(
      await workbook([[ids.zhou, '周伟', '在职（按月工资）', '2026-09', 6000, null, null]]),
    );
    expect(res.statusCode).toBe(201);
    expect(json(res).rows).toEqual([]);
    expect(json(res).errors[0]).toMatchObject({ row: 0, column: '' });
    expect(json(res).errors[0].message).toContain('没有需要导入的数据');
  });

  type Err = { row: number; column: string; message: string };
  async function broken(rows: Cell[][], header?: string[]): Promise<{ id: number; errors: Err[] }> {
    const before = await profiles();
    const res = await upload(await workbook(rows, header));
    expect(res.statusCode).toBe(201);
    const dto = json(res);
    expect(dto.errors.length).toBeGreaterThan(0);
    expect(await profiles()).toBe(before);
    return dto;
  }

  it('wrong headers: one error for the file naming the missing and unknown columns', async () => {
    const { errors } = await broken(
      [[ids.zhou, '周伟', '在职（按月工资）', '2026-09', 6000, null, null]],
      ['编号', '姓名', '党费类别', '起始月份', '月基数（元）', '月交纳额（元）', '备注'],
    );
    expect(errors).toHaveLength(1);
    expect(errors[0].row).toBe(1);
    expect(errors[0].message).toContain('缺少列：党员编号');
    expect(errors[0].message).toContain('无法识别的列：编号');
  });

  it('cells read as the member import reads them: NFKC text and digits; months and dates that exist', async () => {
    const fullWidth = (n: number) => String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    // Full-width digits, half-width brackets in a label, a date standing for its month.
    const ok = await upload(
      await workbook([
        [fullWidth(ids.zhou), '周伟', '在职(按月工资)', '２０２６－０８', '６，５００', null, null],
        [ids.wu, '吴敏', '农民', '2026-11-15', null, '０.６', null],
      ]),
    );
    expect(ok.statusCode).toBe(201);
    expect(json(ok).errors).toEqual([]);
    expect(json(ok).rows).toEqual([
      expect.objectContaining({
        memberId: ids.zhou,
        category: 'employed',
        effectiveMonth: '2026-08',
        baseFen: 650_000,
      }),
      expect.objectContaining({
        memberId: ids.wu,
        category: 'farmer',
        effectiveMonth: '2026-11',
        amountFen: 60,
      }),
    ]);
    // A date that does not exist is refused, not rolled over into the next month.
    const { errors } = await broken([
      [ids.zhou, '周伟', '在职（按月工资）', '2026-02-30', 6000, null, null],
      [ids.wu, '吴敏', '农民', '2026-9', null, 'abc', null],
    ]);
    expect(errors).toEqual([
      { row: 2, column: '起始月份', message: '起始月份：不是有效的日期（“2026-02-30”）' },
      { row: 3, column: '月交纳额（元）', message: '月交纳额：须为数字' },
    ]);
  });

  it('every row error by row and column, in Chinese', async () => {
    const { id, errors } = await broken([
      [ids.zhou, '周伟', '在职（按月工资）', '2026-13', 6000, null, null],
      [ids.wu, '吴敏', '在职（按月工资）', '2026-09', 'abc', null, null],
      [99_999, '无名', '学生', '2026-09', null, null, null],
      [env.fx.member.b1, '陈静', '学生', '2026-09', null, null, null],
      [env.fx.member.plainA1, '李秀英', '离退休', '2026-09', 5000.123, null, null],
      [env.fx.member.plainA1, '李秀英', '离退休', '2026-09', 5000, null, null],
      [env.fx.member.probA1, '王小明', '农民', '2026-09', null, 2, null],
      [env.fx.member.secA1, '张三', '公务员', '2026-09', 5000, null, null],
      [ids.zhou, '周伟', '生活困难免交', '2026-09', null, null, null],
    ]);
    const at = (row: number, column: string) => errors.filter((e) => e.row === row && e.column === column);
    expect(at(2, '起始月份')[0].message).toBe('起始月份：不是有效的月份（“2026-13”）');
    expect(at(3, '月基数（元）')[0].message).toBe('月基数：须为数字');
    expect(at(4, '党员编号')[0].message).toBe('党员编号不存在或不在本组织');
    // A district B member reads exactly like an unknown id.
    expect(at(5, '党员编号')[0].message).toBe('党员编号不存在或不在本组织');
    expect(at(6, '月基数（元）')[0].message).toContain('两位小数');
    expect(at(7, '党员编号')[0].message).toContain('与第6行重复');
    expect(at(8, '月交纳额（元）')[0].message).toContain('农民党员每月交纳0.20至1.00元');
    expect(at(9, '姓名')[0].message).toContain('与党员名册不一致');
    expect(at(9, '党费类别')[0].message).toContain('无法识别');
    expect(at(10, '党费类别')[0].message).toContain('上级党委批准');
    // The failed commit of a preview with errors.
    const res = await post(`/api/dues/imports/${id}/commit`, {}, 'secA1');
    expect(res.statusCode).toBe(422);
    expect(json(res).code).toBe('IMPORTS_PREVIEW_HAS_ERRORS');
    expect(json(res).message).toContain('处错误');
  });

  it('a base missing for an employed member is named on its column', async () => {
    const { errors } = await broken([[ids.zhou, '周伟', '在职（按月工资）', '2026-09', null, null, null]]);
    expect(errors).toEqual([
      { row: 2, column: '月基数（元）', message: '月基数：该类别须填写不小于0的金额' },
    ]);
  });

  it('an empty file: no data rows', async () => {
    const { errors } = await broken([]);
    expect(errors).toEqual([{ row: 0, column: '', message: '文件中没有数据行（请从第2行起逐行填写）' }]);
  });

  it('a text file named .xlsx is refused with 422 and nothing is stored', async () => {
    const before = await count(sql`select count(*)::int as n from dues_imports`);
    const res = await upload(Buffer.from('党员编号,姓名\n1,张建国\n'));
    expect(res.statusCode).toBe(422);
    expect(json(res).code).toBe('IMPORTS_FILE_UNREADABLE');
    expect(json(res).message).toContain('.xlsx');
    expect(json(res).details[0].field).toBe('file');
    // A zip that is not a workbook either.
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 0)]);
    expect((await upload(zip)).statusCode).toBe(422);
    expect(await count(sql`select count(*)::int as n from dues_imports`)).toBe(before);
  });

  it('commit is all or nothing: a member who left after the preview rolls everything back', async () => {
    const res = await upload(
      await workbook([
        [ids.zhou, '周伟', '在职（按月工资）', '2026-11', 12_000, null, null],
        [ids.wu, '吴敏', '农民', '2026-11', null, 1, null],
      ]),
    );
    expect(res.statusCode).toBe(201);
    expect(json(res).errors).toEqual([]);
    const id = json(res).id;
    const before = await profiles();
    const ledgerBefore = await queryRows(
      env.db,
      sql`select expected_fen as e from dues_ledger where member_id = ${ids.zhou} and month = '2026-11-01'`,
      z.object({ e: z.number().nullable() }),
    );
    await env.db.execute(
      sql`update members set status = 'left', left_on = '2026-11-20' where id = ${ids.wu}`,
    );
    const commit = await post(`/api/dues/imports/${id}/commit`, {}, 'secA1');
    expect(commit.statusCode).toBe(422);
    expect(json(commit).code).toBe('IMPORTS_PREVIEW_STALE');
    expect(json(commit).message).toContain('第3行');
    expect(await profiles()).toBe(before);
    expect(await count(sql`select count(*)::int as n from dues_profiles where import_id = ${id}`)).toBe(0);
    const ledgerAfter = await queryRows(
      env.db,
      sql`select expected_fen as e from dues_ledger where member_id = ${ids.zhou} and month = '2026-11-01'`,
      z.object({ e: z.number().nullable() }),
    );
    expect(ledgerAfter).toEqual(ledgerBefore);
    expect(json(await get(`/api/dues/imports/${id}`, 'secA1')).status).toBe('previewed');
    await env.db.execute(sql`update members set status = 'active', left_on = null where id = ${ids.wu}`);
  });

  it('scope: upload, read and commit are 404 out of scope, 401 anonymous', async () => {
    const file = await workbook([[ids.zhou, '周伟', '在职（按月工资）', '2026-10', 7000, null, null]]);
    expect((await upload(file, env.fx.org.branchB1)).statusCode).toBe(404);
    expect((await upload(file, env.fx.org.branchA1, '')).statusCode).toBe(401);
    expect((await upload(file, env.fx.org.branchA1, 'memberA1')).statusCode).toBe(403);
    const ok = await upload(file);
    expect(ok.statusCode).toBe(201);
    const id = json(ok).id;
    expect((await get(`/api/dues/imports/${id}`, 'secA2')).statusCode).toBe(404);
    expect((await get(`/api/dues/imports/${id}`)).statusCode).toBe(401);
    expect((await post(`/api/dues/imports/${id}/commit`, {}, 'secA2')).statusCode).toBe(404);
    expect((await post(`/api/dues/imports/${id}/commit`, {})).statusCode).toBe(401);
    // The district above may read and commit it.
    expect((await get(`/api/dues/imports/${id}`, 'districtA')).statusCode).toBe(200);
    expect((await post(`/api/dues/imports/${id}/commit`, {}, 'districtA')).statusCode).toBe(200);
  });
});

// ---- export ---------------------------------------------------------------------------------

describe('GET /api/dues/ledger/export', () => {
  it('exports the subtree ledger of the year as .xlsx, audited', async () => {
    const res = await get(`/api/dues/ledger/export?orgId=${env.fx.org.districtA}&year=2026`, 'districtA');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(
      encodeURIComponent('中共甲区委员会2026年党费台账.xlsx'),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('党费台账') as ExcelJS.Worksheet;
    // Rows 1-3: title, filters, watermark (the shared export helper); the header is row 4.
    expect((ws.getRow(4).values as Cell[]).slice(1)).toEqual([
      '月份',
      '党组织',
      '姓名',
      '党费类别',
      '月基数（元）',
      '应交（元）',
      '已交（元）',
      '欠交（元）',
      '状态',
      '最后交纳日期',
    ]);
    const rows: Cell[][] = [];
    ws.eachRow((r, n) => {
      if (n > 4) rows.push((r.values as Cell[]).slice(1));
    });
    const total = await count(
      sql`select count(*)::int as n from dues_ledger where org_path <@ ${await orgPath(env.fx.org.districtA)}::ltree`,
    );
    expect(rows).toHaveLength(total);
    const sept = rows.find((r) => r[0] === '2026-09' && r[2] === '张建国');
    expect(sept).toEqual([
      '2026-09',
      '中共甲区幸福社区支部委员会',
      '张建国',
      '在职（按月工资）',
      8000,
      120,
      60,
      60,
      '部分交纳',
      new Date('2026-09-10T00:00:00Z'),
    ]);
    expect(ws.getRow(5).getCell(6).numFmt).toBe('0.00');
    const sum = wb.getWorksheet('汇总') as ExcelJS.Worksheet;
    const aug: Cell[] = [];
    sum.eachRow((r) => {
      if (r.getCell(1).value === '2026-08') aug.push(...(r.values as Cell[]).slice(1));
    });
    // August: the four members of the summary fixture plus 周伟 and 吴敏 (imported later, unset).
    expect(aug).toEqual(['2026-08', 6, 140.7, 140.5, 0.2]);
    expect(
      await count(sql`select count(*)::int as n from audit_log where action = 'dues.ledger.export'`),
    ).toBe(1);
  });

  it('scope: 404 out of scope, 401 anonymous', async () => {
    const url = (id: number) => `/api/dues/ledger/export?orgId=${id}&year=2026`;
    expect((await get(url(env.fx.org.branchA1), 'secA1')).statusCode).toBe(200);
    expect((await get(url(env.fx.org.districtA), 'secA1')).statusCode).toBe(404);
    expect((await get(url(env.fx.org.branchA1), 'memberA1')).statusCode).toBe(404);
    expect((await get(url(env.fx.org.branchA1))).statusCode).toBe(401);
  });
});
