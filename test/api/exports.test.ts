import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import { queryRows } from '../../src/server/db/client.js';
import type { RequestContext } from '../../src/server/lib/context.js';
import { keysetRows, pagedRows, sendXlsxExport } from '../../src/server/lib/xlsx-export.js';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

/**
 * Exports of the list screens (issue #6): same rows as the list under the same filters, masked,
 * watermarked with the user and the (fixed) time, audited before streaming, scoped like the list.
 */

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
const { get, post, send } = requests(() => env);

type Cell = ExcelJS.CellValue;
const HEADER_ROW = 4;
// The fixed clock: 2026-11-23T04:00Z is 12:00 in Shanghai.
const STAMP = '导出时间：2026-11-23 12:00';

async function workbook(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

/** The sheet's data rows (below the header row) as arrays of cell values. */
function dataRows(ws: ExcelJS.Worksheet): Cell[][] {
  const rows: Cell[][] = [];
  ws.eachRow((r, n) => {
    if (n > HEADER_ROW) rows.push((r.values as Cell[]).slice(1));
  });
  return rows;
}
const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(HEADER_ROW).values as Cell[]).slice(1);
const cellText = (ws: ExcelJS.Worksheet, row: number) => String(ws.getRow(row).getCell(1).value ?? '');

async function lastAudit(action: string) {
  const [row] = await queryRows(
    env.db,
    sql`select id::int as id, username, org_path::text as org_path, after from audit_log where action = ${action} order by id desc limit 1`,
    z.object({
      id: z.number(),
      username: z.string(),
      org_path: z.string().nullable(),
      after: z.record(z.string(), z.unknown()),
    }),
  );
  return row;
}

/** All rows of a list under a query, read through the list itself. */
async function listAll(path: string, query: string, user: string) {
  const sep = query ? '&' : '';
  const body = json(await get(`${path}?${query}${sep}pageSize=200`, user));
  return body as { data: Array<Record<string, unknown>>; total: number };
}

function idFor(birth: string, seq: number) {
  const first17 = `620102${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckDigit(first17);
}

describe('GET /api/members/export', () => {
  it('exports the rows of the list under the same filters, masked, watermarked and audited', async () => {
    const cases: string[] = [
      `orgId=${env.fx.org.districtA}`,
      `orgId=${env.fx.org.districtA}&gender=female`,
      `orgId=${env.fx.org.branchA1}&category=probationary`,
      `q=${encodeURIComponent('张')}`,
      // Filters added to the list later flow through the same schema and service.
      'education=bachelor&joinDecade=2000',
      'ethnicity=minority',
      '',
    ];
    for (const query of cases) {
      const list = await listAll('/api/members', query, 'districtA');
      const wb = await workbook(await get(`/api/members/export?${query}`, 'districtA'));
      const ws = wb.getWorksheet('党员名册') as ExcelJS.Worksheet;
      const rows = dataRows(ws);
      expect(rows.length, query).toBe(list.total);
      expect(rows.map((r) => r[0])).toEqual(list.data.map((m) => m.name));
      expect(rows.map((r) => r[8])).toEqual(list.data.map((m) => m.orgName));
      expect(rows.map((r) => r[12] ?? null)).toEqual(list.data.map((m) => m.idNumber));
    }
    const res = await get(`/api/members/export?orgId=${env.fx.org.districtA}&gender=female`, 'districtA');
    // RFC 5987 file name with the day of the export.
    expect(String(res.headers['content-disposition'])).toContain(
      `filename*=UTF-8''${encodeURIComponent('党员名册-2026-11-23.xlsx')}`,
    );
    const wb = await workbook(res);
    const ws = wb.getWorksheet('党员名册') as ExcelJS.Worksheet;
    expect(cellText(ws, 1)).toBe('党员名册');
    expect(cellText(ws, 2)).toBe('筛选条件：党组织：中共甲区委员会及下级；性别：女；共 1 条');
    expect(cellText(ws, 3)).toBe(`导出人：甲区委组织部（districtA） ${STAMP} · 内部资料 注意保密`);
    expect(headers(ws)).toContain('身份证号（脱敏）');
    expect(dataRows(ws).map((r) => r[0])).toEqual(['李秀英']);
    // The watermark in the page header and footer of the sheet, with the audit entry's id.
    const audit = await lastAudit('member.export');
    expect(res.headers['x-watermark-id']).toBe(String(audit.id));
    expect(ws.headerFooter.oddHeader).toContain('导出人：甲区委组织部（districtA）');
    expect(ws.headerFooter.oddHeader).toContain(STAMP);
    expect(ws.headerFooter.oddFooter).toContain(`水印编号：${audit.id}`);
    expect(ws.headerFooter.oddFooter).toContain(STAMP);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
    expect(ws.autoFilter).toBeTruthy();
    expect(wb.creator).toBe('甲区委组织部（districtA）');
    expect(wb.created.toISOString()).toBe('2026-11-23T04:00:00.000Z');
    expect(wb.description).toContain(`水印编号：${audit.id}`);
    // Dates are real Excel dates.
    const birth = dataRows(ws)[0][3];
    expect(birth).toBeInstanceOf(Date);
    expect((birth as Date).toISOString().slice(0, 10)).toBe('1985-03-08');
    // The audit entry: who, the filters, the row count, the org.
    expect(audit.username).toBe('districtA');
    expect(audit.after).toMatchObject({
      filters: { orgId: env.fx.org.districtA, gender: 'female' },
      filterText: '党组织：中共甲区委员会及下级；性别：女',
      rows: 1,
    });
    const [district] = await queryRows(
      env.db,
      sql`select path::text as path from orgs where id = ${env.fx.org.districtA}`,
      z.object({ path: z.string() }),
    );
    expect(audit.org_path).toBe(district.path);
  });

  it('names every filter in words, the ones added to the list later too', async () => {
    await get(`/api/members/export?education=bachelor&joinDecade=2000&ethnicity=01`, 'admin');
    expect((await lastAudit('member.export')).after.filterText).toBe(
      '民族：汉族；学历：大学本科；入党年代：2000年代',
    );
  });

  it('masks ID numbers and phones exactly as the list shows them', async () => {
    const wb = await workbook(await get(`/api/members/export?q=${encodeURIComponent('张建国')}`, 'admin'));
    const ws = wb.getWorksheet('党员名册') as ExcelJS.Worksheet;
    const [row] = dataRows(ws);
    expect(row[12]).toBe('620102************');
    expect(row[13]).toBe('138****1111');
    const raw = JSON.stringify(dataRows(ws));
    expect(raw).not.toContain('620102198001010017');
    expect(raw).not.toContain('13800001111');
  });

  it('is scoped like the list: out of scope 404, the member role refused, anonymous 401', async () => {
    const before = await lastAudit('member.export');
    expect((await get(`/api/members/export?orgId=${env.fx.org.branchB1}`, 'secA1')).statusCode).toBe(404);
    const member = await get('/api/members/export', 'memberA1');
    expect(member.statusCode).toBe(403);
    expect(json(member).message).toMatch(/导出党员名册/);
    expect((await get('/api/members/export')).statusCode).toBe(401);
    // Bad input names the field in Chinese, like the list.
    const bad = await get('/api/members/export?gender=x', 'secA1');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).message).toContain('性别');
    // Nothing was exported, nothing audited.
    expect((await lastAudit('member.export')).id).toBe(before.id);
    // The secretary's own branch only.
    const wb = await workbook(await get('/api/members/export', 'secA1'));
    expect(dataRows(wb.getWorksheet('党员名册') as ExcelJS.Worksheet)).toHaveLength(3);
  });
});

describe('every other list exports its rows', () => {
  beforeAll(async () => {
    // One row at least in each list: a transfer, a heart talk, a meeting, a development case.
    const transfer = await post(
      '/api/transfers',
      {
        memberId: env.fx.member.a2,
        toOrgId: env.fx.org.branchB1,
        letterNumber: '甲组转〔2026〕009号',
        reason: '工作调动',
      },
      'districtA',
    );
    expect(transfer.statusCode).toBe(201);
    const talk = await post(
      '/api/heart-talks',
      {
        orgId: env.fx.org.branchA1,
        memberId: env.fx.member.plainA1,
        talkerMemberId: env.fx.member.secA1,
        talkedOn: '2026-11-10',
        summary: '交流近期思想和工作情况。',
      },
      'secA1',
    );
    expect(talk.statusCode).toBe(201);
    const meeting = await post(
      '/api/meetings',
      {
        orgId: env.fx.org.branchA1,
        kind: 'general_meeting',
        title: '第四季度支部党员大会',
        heldOn: '2026-11-20',
        startTime: '19:00',
        endTime: '21:00',
        place: '社区党群服务中心',
        hostName: '张建国',
        recorderName: '李秀英',
        minutes: '传达学习上级会议精神。',
      },
      'secA1',
    );
    expect(meeting.statusCode).toBe(201);
    const applicant = await post(
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
    );
    expect(applicant.statusCode).toBe(201);
    const unit = await post(
      '/api/coverage-units',
      {
        name: '兰州甲区宏达机械有限公司',
        kind: 'private_enterprise',
        orgId: env.fx.org.districtA,
        employees: 120,
      },
      'districtA',
    );
    expect(unit.statusCode).toBe(201);
    // 赵刚 owes dues from January on and has paid nothing: he is on the arrears list.
    const profile = await post(
      `/api/members/${env.fx.member.a2}/dues-profiles`,
      { category: 'employed', effectiveMonth: '2026-01', baseFen: 400000 },
      'districtA',
    );
    expect(profile.statusCode).toBe(201);
    // A hardship exemption of branch A1 waits for the district's approval.
    const hardship = await post(
      `/api/members/${env.fx.member.plainA1}/dues-profiles`,
      { category: 'hardship_exempt', effectiveMonth: '2026-11', reason: '患重病，无固定收入' },
      'secA1',
    );
    expect(hardship.statusCode).toBe(201);
  });

  const routes: Array<{
    name: string;
    list: string;
    query: () => string;
    user: string;
    sheet: string;
    action: string;
    min: number;
  }> = [
    {
      name: 'transfers',
      list: '/api/transfers',
      query: () => `orgId=${env.fx.org.districtA}&status=pending`,
      user: 'districtA',
      sheet: '组织关系转接',
      action: 'transfer.export',
      min: 1,
    },
    {
      name: 'meetings',
      list: '/api/meetings',
      query: () => `orgId=${env.fx.org.districtA}&kind=general_meeting`,
      user: 'districtA',
      sheet: '会议记录',
      action: 'meeting.export',
      min: 1,
    },
    {
      name: 'heart talks',
      list: '/api/heart-talks',
      query: () => `orgId=${env.fx.org.branchA1}&year=2026`,
      user: 'secA1',
      sheet: '谈心谈话',
      action: 'heart_talk.export',
      min: 1,
    },
    {
      name: 'development cases',
      list: '/api/development/cases',
      query: () => `orgId=${env.fx.org.branchA1}&status=active`,
      user: 'secA1',
      sheet: '发展党员',
      action: 'development.export',
      min: 1,
    },
    {
      name: 'dues arrears',
      list: '/api/dues/arrears',
      query: () => `orgId=${env.fx.org.districtA}`,
      user: 'districtA',
      sheet: '欠交党费名单',
      action: 'dues.arrears.export',
      min: 1,
    },
    {
      name: 'audit log',
      list: '/api/audit',
      query: () => 'action=member.export',
      user: 'auditor',
      sheet: '审计日志',
      action: 'audit.export',
      min: 1,
    },
    {
      name: '两新组织 coverage',
      list: '/api/coverage-units',
      query: () => `orgId=${env.fx.org.districtA}`,
      user: 'districtA',
      sheet: '两新组织',
      action: 'coverage.export',
      min: 1,
    },
    {
      name: 'hardship approvals',
      list: '/api/dues/profiles/pending',
      query: () => `orgId=${env.fx.org.districtA}`,
      user: 'districtA',
      sheet: '待审批',
      action: 'dues.approvals.export',
      min: 1,
    },
    {
      name: 'users',
      list: '/api/users',
      query: () => `q=${encodeURIComponent('a')}`,
      user: 'sysadmin',
      sheet: '用户',
      action: 'user.export',
      min: 1,
    },
  ];

  for (const r of routes) {
    it(`${r.name}: same row count as the list, watermarked, audited`, async () => {
      const list = await listAll(r.list, r.query(), r.user);
      expect(list.total).toBeGreaterThanOrEqual(r.min);
      const res = await get(`${r.list}/export?${r.query()}`, r.user);
      const wb = await workbook(res);
      const ws = wb.getWorksheet(r.sheet) as ExcelJS.Worksheet;
      expect(dataRows(ws)).toHaveLength(list.total);
      expect(cellText(ws, 3)).toContain(`（${r.user}） ${STAMP}`);
      const audit = await lastAudit(r.action);
      expect(audit.username).toBe(r.user);
      expect(audit.after).toMatchObject({ rows: list.total });
      expect(ws.headerFooter.oddFooter).toContain(`水印编号：${audit.id}`);
    });
  }

  it('the audit log reads as on its page: labels, the record by name, changes as 字段：旧值 → 新值', async () => {
    const org = json(await get(`/api/orgs/${env.fx.org.branchA2}`, 'districtA')) as { name: string };
    const renamed = `${org.name}（更名）`;
    const res = await send('PATCH', `/api/orgs/${env.fx.org.branchA2}`, { name: renamed }, 'districtA');
    expect(res.statusCode, res.body).toBe(200);
    const wb = await workbook(await get('/api/audit/export?action=org.update', 'auditor'));
    const ws = wb.getWorksheet('审计日志') as ExcelJS.Worksheet;
    const cols = headers(ws);
    const [row] = dataRows(ws);
    const at = (h: string) => row[cols.indexOf(h)];
    expect(at('操作')).toBe('修改党组织');
    expect(at('对象')).toBe('党组织');
    expect(at('对象名称')).toBe(renamed);
    expect(String(at('变更内容'))).toContain(`名称：${org.name} → ${renamed}`);
    expect(String(at('原始数据（JSON）'))).toContain('"before"');
  });

  it('money is written in yuan with two decimals, months and dates as on the list', async () => {
    const list = await listAll('/api/dues/arrears', `orgId=${env.fx.org.districtA}`, 'districtA');
    const zhao = list.data.find((r) => r.memberName === '赵刚') as {
      arrearsFen: number;
      owedMonths: string[];
    };
    expect(zhao.arrearsFen).toBeGreaterThan(0);
    const wb = await workbook(
      await get(`/api/dues/arrears/export?orgId=${env.fx.org.districtA}`, 'districtA'),
    );
    const ws = wb.getWorksheet('欠交党费名单') as ExcelJS.Worksheet;
    const cols = headers(ws);
    const row = dataRows(ws).find((r) => r[0] === '赵刚') as Cell[];
    const money = cols.indexOf('欠交金额（元）');
    expect(row[money]).toBe(zhao.arrearsFen / 100);
    expect(ws.getRow(HEADER_ROW + 1).getCell(money + 1).numFmt).toBe('0.00');
    expect(row[cols.indexOf('欠交月份')]).toBe(zhao.owedMonths.map((m) => m.slice(0, 7)).join('、'));
  });

  it('the audit log export names each entry by its number, the watermark id of an export', async () => {
    const member = await get(`/api/members/export?orgId=${env.fx.org.branchA1}`, 'secA1');
    const id = Number(member.headers['x-watermark-id']);
    const wb = await workbook(await get('/api/audit/export?action=member.export&username=secA1', 'auditor'));
    const ws = wb.getWorksheet('审计日志') as ExcelJS.Worksheet;
    expect(headers(ws)[0]).toBe('编号（水印编号）');
    const row = dataRows(ws).find((r) => r[0] === id) as Cell[];
    expect(row[2]).toBe('secA1');
    expect(row[3]).toBe('导出党员名册');
    // Instants are shown as Shanghai wall time (the entry's own time, set by the database).
    const entry = (await listAll('/api/audit', 'action=member.export&username=secA1', 'auditor')).data.find(
      (e) => e.id === id,
    ) as { at: string };
    // (Excel keeps days as a float: equal to the millisecond, give or take its rounding.)
    expect(Math.abs((row[1] as Date).getTime() - (new Date(entry.at).getTime() + 8 * 3600_000))).toBeLessThan(
      5,
    );
  });

  it('exports carry the list permission and scope', async () => {
    expect((await get(`/api/transfers/export?orgId=${env.fx.org.branchB1}`, 'secA1')).statusCode).toBe(404);
    expect((await get(`/api/meetings/export?orgId=${env.fx.org.branchB1}`, 'secA1')).statusCode).toBe(404);
    expect((await get(`/api/dues/arrears/export?orgId=${env.fx.org.districtA}`, 'secA1')).statusCode).toBe(
      404,
    );
    expect((await get('/api/audit/export', 'secA1')).statusCode).toBe(403);
    expect((await get('/api/users/export', 'districtA')).statusCode).toBe(403);
    // A branch does not approve its own reductions: its approval queue is empty, not another's.
    const own = await workbook(await get('/api/dues/profiles/pending/export', 'secA1'));
    expect(dataRows(own.getWorksheet('待审批') as ExcelJS.Worksheet)).toHaveLength(0);
    expect((await get('/api/development/cases/export')).statusCode).toBe(401);
    // An auditor of district B does not see the exports made in district A.
    const b = await workbook(await get('/api/audit/export?action=member.export', 'auditorB'));
    expect(dataRows(b.getWorksheet('审计日志') as ExcelJS.Worksheet)).toHaveLength(
      (await listAll('/api/audit', 'action=member.export', 'auditorB')).total,
    );
  });

  it('the dues ledger export is watermarked and audited through the same helper', async () => {
    const res = await get(`/api/dues/ledger/export?orgId=${env.fx.org.districtA}&year=2026`, 'districtA');
    const wb = await workbook(res);
    const ws = wb.getWorksheet('党费台账') as ExcelJS.Worksheet;
    expect(cellText(ws, 3)).toContain(`（districtA） ${STAMP}`);
    const audit = await lastAudit('dues.ledger.export');
    expect(ws.headerFooter.oddFooter).toContain(`水印编号：${audit.id}`);
    expect(res.headers['x-watermark-id']).toBe(String(audit.id));
  });
});

describe('exports past 1,000 rows (issue #16)', () => {
  // 2,000 more members in branch B1: the city's register is over 1,000, and so are its men in full.
  beforeAll(async () => {
    await env.db.execute(sql`
      insert into members (org_id, org_path, name, name_pinyin, name_initials, gender, ethnicity, birth_date,
        education, category, status, joined_on, confirmed_on)
      select o.id, o.path, '刘测' || k, 'liuce' || k, 'lc' || k,
        case when k % 5 < 2 then 'female' else 'male' end, '01', date '1960-01-01' + k * 7, 'bachelor',
        case when k % 10 = 0 then 'probationary' else 'full' end, 'active',
        date '1990-01-01' + k * 3, case when k % 10 = 0 then null else date '1991-01-01' + k * 3 end
      from orgs o cross join generate_series(1, 2000) k where o.id = ${env.fx.org.branchB1}`);
  });

  /** Names of the city's current members that the condition keeps, in the list's order. */
  async function namesOf(where = sql`true`) {
    const rows = await queryRows(
      env.db,
      sql`select name from members where status not in ('left', 'deceased') and ${where} order by org_path, id`,
      z.object({ name: z.string() }),
    );
    return rows.map((r) => r.name);
  }

  it('hold every row the filters match, and the banner and audit entry say how many', async () => {
    const cases: Array<[string, string[], string]> = [
      ['', await namesOf(), '全部（未筛选）'],
      [
        `orgId=${env.fx.org.city}&category=full&gender=male`,
        await namesOf(sql`category = 'full' and gender = 'male'`),
        '党组织：中共测试市委员会及下级；党员类别：正式党员；性别：男',
      ],
      [`q=${encodeURIComponent('刘测')}`, await namesOf(sql`name like '%刘测%'`), '搜索词：刘测'],
    ];
    for (const [query, names, filterText] of cases) {
      expect(names.length).toBeGreaterThan(1000);
      const list = json(await get(`/api/members?${query}`, 'admin'));
      expect({ query, total: list.total }).toEqual({ query, total: names.length });
      const res = await get(`/api/members/export?${query}`, 'admin');
      const ws = (await workbook(res)).getWorksheet('党员名册') as ExcelJS.Worksheet;
      // Every row, once, in the list's order.
      expect(dataRows(ws).map((r) => r[0])).toEqual(names);
      expect(cellText(ws, 2)).toBe(`筛选条件：${filterText}；共 ${names.length.toLocaleString('zh-CN')} 条`);
      const audit = await lastAudit('member.export');
      expect(String(audit.id)).toBe(res.headers['x-watermark-id']);
      expect(audit.after).toMatchObject({ rows: names.length, filterText });
      expect(audit.after.rowsCounted).toBeUndefined();
    }
  });

  it('the hardship approval queue exports all of it, not the first 500 the screen shows', async () => {
    // 600 reductions of branch B1's new members wait for district B's approval.
    await env.db.execute(sql`
      insert into dues_profiles (member_id, org_id, category, effective_month, status, reason, approval_org_id)
      select m.id, m.org_id, 'hardship_exempt', date '2026-11-01', 'pending', '患重病，无固定收入', ${env.fx.org.districtB}
      from members m where m.org_id = ${env.fx.org.branchB1} and m.name like '刘测%' order by m.id limit 600`);
    const [{ n }] = await queryRows(
      env.db,
      sql`select count(*)::int as n from dues_profiles where status = 'pending'`,
      z.object({ n: z.number() }),
    );
    expect(n).toBeGreaterThan(500);
    const ws = (await workbook(await get('/api/dues/profiles/pending/export', 'admin'))).getWorksheet(
      '待审批',
    ) as ExcelJS.Worksheet;
    const names = dataRows(ws).map((r) => r[0]);
    expect(names).toHaveLength(n);
    expect(new Set(names.filter((x) => String(x).startsWith('刘测'))).size).toBe(600);
    expect(cellText(ws, 2)).toBe(`筛选条件：全部（未筛选）；共 ${n.toLocaleString('zh-CN')} 条`);
    expect((await lastAudit('dues.approvals.export')).after).toMatchObject({ rows: n });
    // The screen shows the oldest 500 and says how many there are in all.
    const screen = json(await get('/api/dues/profiles/pending', 'admin'));
    expect(screen.data).toHaveLength(500);
    expect(screen.total).toBe(n);
  });

  it('reads a list past its first page to the end, skipping a row met again', async () => {
    // The helper on its own: pages of 2 over a list whose total says 1 (the old stop), and a row
    // inserted ahead of the read between pages (offset paging meets the last row again).
    const data = [{ id: 5 }, { id: 4 }, { id: 3 }, { id: 2 }, { id: 1 }];
    const { total, rows } = await pagedRows(
      async (current, pageSize) => {
        const list = current >= 2 ? [{ id: 6 }, ...data] : data;
        return { data: list.slice((current - 1) * pageSize, current * pageSize), total: 1 };
      },
      { pageSize: 2, idOf: (r) => r.id },
    );
    const got: number[] = [];
    for await (const r of rows) got.push(r.id);
    expect(total).toBe(1);
    expect(got).toEqual([5, 4, 3, 2, 1]);
    // Keyset reads stop at the first short batch.
    const batches: Array<number | null> = [];
    const keyed: number[] = [];
    for await (const n of keysetRows(async (after: number | null, limit) => {
      batches.push(after);
      const rows = data
        .map((d) => d.id)
        .filter((id) => after === null || id < after)
        .slice(0, limit);
      return { rows, last: rows.at(-1) ?? null };
    }, 2))
      keyed.push(n);
    expect(keyed).toEqual([5, 4, 3, 2, 1]);
    expect(batches).toEqual([null, 4, 2]);
  });
});

describe('an export whose rows change while it streams', () => {
  it('ends its sheet with the rows written and corrects its audit entry to them', async () => {
    // The helper behind a route of its own: 5 rows counted before streaming, 3 written (two
    // removed meanwhile).
    const app = Fastify();
    const ctx = {
      actor: { userId: null, username: 'districtA', displayName: '甲区委组织部' },
      requestId: 'test-changed-rows',
      ip: '127.0.0.1',
      today: '2026-11-23',
      now: new Date('2026-11-23T04:00:00Z'),
    } as unknown as RequestContext;
    app.get('/x', (_req, reply) =>
      sendXlsxExport(reply, env.db, ctx, {
        title: '党员名册',
        filterText: '全部（未筛选）',
        filters: {},
        rowCount: 5,
        audit: { action: 'member.export', entity: 'member', orgPath: null },
        sheets: [
          { name: '名册', columns: [{ header: '姓名', value: (r: string) => r }], rows: ['甲', '乙', '丙'] },
        ],
      }),
    );
    const res = await app.inject({ url: '/x' });
    const ws = (await workbook(res)).getWorksheet('名册') as ExcelJS.Worksheet;
    expect(cellText(ws, 2)).toBe('筛选条件：全部（未筛选）；共 5 条');
    expect(dataRows(ws).map((r) => r[0])).toEqual([
      '甲',
      '乙',
      '丙',
      '注：导出期间数据有变动，本表实际导出 3 条（开始导出时统计 5 条）',
    ]);
    const [entry] = await queryRows(
      env.db,
      sql`select after from audit_log where id = ${Number(res.headers['x-watermark-id'])}`,
      z.object({ after: z.record(z.string(), z.unknown()) }),
    );
    expect(entry.after).toMatchObject({ rows: 3, rowsCounted: 5, filterText: '全部（未筛选）' });
    await app.close();
  });
});

describe('text that a spreadsheet would take as a formula (issue #18)', () => {
  it('is written with a leading single quote; numbers, dates and plain text are not touched', async () => {
    const app = Fastify();
    const ctx = {
      actor: { userId: null, username: 'districtA', displayName: '甲区委组织部' },
      requestId: 'test-formulas',
      ip: '127.0.0.1',
      today: '2026-11-23',
      now: new Date('2026-11-23T04:00:00Z'),
    } as unknown as RequestContext;
    const texts = [
      '=HYPERLINK("http://example.invalid","点击")',
      '+1+1',
      '-2+3',
      '@SUM(A1:A2)',
      '\t=1+1',
      '\r=1+1',
      '张三',
      'a=b',
    ];
    type Row = { text: string; n: number; day: string };
    const rows: Row[] = texts.map((text, i) => ({ text, n: i - 3, day: `2026-01-0${i + 1}` }));
    app.get('/x', (_req, reply) =>
      sendXlsxExport(reply, env.db, ctx, {
        title: '党员名册',
        filterText: '全部（未筛选）',
        filters: {},
        rowCount: rows.length,
        audit: { action: 'member.export', entity: 'member', orgPath: null },
        sheets: [
          {
            name: '名册',
            columns: [
              { header: '文字', value: (r: Row) => r.text },
              { header: '数', kind: 'integer', value: (r: Row) => r.n },
              { header: '日期', kind: 'date', value: (r: Row) => r.day },
            ],
            rows,
          },
        ],
      }),
    );
    const ws = (await workbook(await app.inject({ url: '/x' }))).getWorksheet('名册') as ExcelJS.Worksheet;
    const read = dataRows(ws);
    expect(read.map((r) => r[0])).toEqual([
      `'=HYPERLINK("http://example.invalid","点击")`,
      `'+1+1`,
      `'-2+3`,
      `'@SUM(A1:A2)`,
      `'\t=1+1`,
      // XML reads a carriage return back as a line feed; the quote is what matters.
      `'\n=1+1`,
      '张三',
      'a=b',
    ]);
    // No cell of the file is a formula, and numbers stay numbers (a negative one included).
    ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    expect(read.map((r) => r[1])).toEqual(rows.map((r) => r.n));
    expect(read[0][2]).toEqual(new Date('2026-01-01T00:00:00Z'));
    await app.close();
  });
});
