/**
 * The annual statistical report against hand-counted figures. The fixture's history, all dated:
 *
 *   市委 ─ 甲区委 ─ A1 (幸福社区, with 第一党小组), A2 (和平村)
 *        └ 乙区委 ─ B1 (光明社区)
 *
 * 2025: 孙丽 (回族, b. 2001) joins at A2 on 04-10; 吴敏 transfers B1 → A1 on 05-20; 周强 (A1) dies
 * on 08-15; A2 moves from 甲区委 to 乙区委 on 09-01; 郑华 (A2) lapses (自行脱党) on 10-01.
 * 2026: B1 moves to 甲区委 on 03-01; 王小明 joins at A1 on 06-01.
 *
 * Counted by hand (tree as it stood on 2025-12-31):
 *   甲区委 2025 (A1 only): opening 3 (张建国, 李秀英, 周强) + transferred in 1 (吴敏) − died 1 = 3.
 *   乙区委 2025 (B1, A2):  opening 4 (陈静, 吴敏, 赵刚, 郑华) + developed 1 (孙丽)
 *                          − transferred out 1 (吴敏) − lapsed 1 (郑华) = 3 (陈静, 赵刚, 孙丽).
 *   市委 2025:              opening 7 + developed 1 − died 1 − lapsed 1 = 6 (the transfer is internal).
 */
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { personNameKeys } from '../../src/domain/common/pinyin.js';
import { queryRows } from '../../src/server/db/client.js';
import { memberEvents, members } from '../../src/server/db/schema/index.js';
import { reportSql } from '../../src/server/modules/stats/repo.js';
import type { AnnualReportDto } from '../../src/shared/contracts/stats.js';
import { json, requests, setupEnv, type TestEnv, writeRegisterHistory } from './harness.js';

let env: TestEnv;
const { get, post, send } = requests(() => env);
const extra: Record<'sunLi' | 'zhouQiang' | 'wuMin' | 'zhengHua', number> = {
  sunLi: 0,
  zhouQiang: 0,
  wuMin: 0,
  zhengHua: 0,
};

async function addMember(
  name: string,
  orgKey: 'branchA1' | 'branchA2' | 'branchB1',
  v: {
    gender: string;
    ethnicity?: string;
    birthDate: string;
    education: string;
    joinedOn: string;
    confirmedOn: string | null;
  },
) {
  const org = env.fx.org[orgKey];
  const [{ path }] = await queryRows(
    env.db,
    sql`select path::text as path from orgs where id = ${org}`,
    z.object({ path: z.string() }),
  );
  const k = personNameKeys(name);
  const [row] = await env.db
    .insert(members)
    .values({
      orgId: org,
      orgPath: path,
      name,
      namePinyin: k.pinyin,
      nameInitials: k.initials,
      gender: v.gender,
      ethnicity: v.ethnicity ?? '01',
      birthDate: v.birthDate,
      education: v.education,
      category: v.confirmedOn ? 'full' : 'probationary',
      joinedOn: v.joinedOn,
      confirmedOn: v.confirmedOn,
    })
    .returning({ id: members.id });
  return row.id;
}

const report = async (orgId: number, query: string, user = 'admin') => {
  const res = await get(`/api/orgs/${orgId}/report?${query}`, user);
  expect(res.statusCode, res.body).toBe(200);
  return json<AnnualReportDto>(res);
};
/** The first value of a row by key, across the tables. */
const figure = (r: AnnualReportDto, key: string) => {
  for (const t of r.tables) {
    const row = t.rows.find((x) => x.key === key);
    if (row) return row.values[0];
  }
  throw new Error(`no row ${key}`);
};
const figures = (r: AnnualReportDto, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, figure(r, k)]));

let districtB2025: AnnualReportDto;

beforeAll(async () => {
  env = await setupEnv();
  extra.sunLi = await addMember('孙丽', 'branchA2', {
    gender: 'female',
    ethnicity: '03',
    birthDate: '2001-02-02',
    education: 'bachelor',
    joinedOn: '2025-04-10',
    confirmedOn: null,
  });
  extra.zhouQiang = await addMember('周强', 'branchA1', {
    gender: 'male',
    birthDate: '1950-05-05',
    education: 'high_school',
    joinedOn: '1975-06-01',
    confirmedOn: '1976-06-01',
  });
  extra.wuMin = await addMember('吴敏', 'branchB1', {
    gender: 'male',
    birthDate: '1970-06-06',
    education: 'college',
    joinedOn: '1995-07-01',
    confirmedOn: '1996-07-01',
  });
  extra.zhengHua = await addMember('郑华', 'branchA2', {
    gender: 'female',
    birthDate: '1988-08-08',
    education: 'bachelor',
    joinedOn: '2010-07-01',
    confirmedOn: '2011-07-01',
  });
  await writeRegisterHistory(env.db);
  // 周强 died on 2025-08-15 (recorded directly: the register form dates a death on the day it is entered).
  await env.db.execute(sql`update members set status = 'deceased' where id = ${extra.zhouQiang}`);
  await env.db.insert(memberEvents).values({
    memberId: extra.zhouQiang,
    kind: 'status_changed',
    occurredOn: '2025-08-15',
    orgId: env.fx.org.branchA1,
    data: { status: 'deceased', category: 'full' },
  });
  // Through the API: the transfer, the move of A2 and 郑华 leaving the party.
  const t = await post(
    '/api/transfers',
    {
      memberId: extra.wuMin,
      toOrgId: env.fx.org.branchA1,
      letterNumber: '乙组转〔2025〕007号',
      reason: '工作调动',
      requestedOn: '2025-05-10',
    },
    'admin',
  );
  expect(t.statusCode, t.body).toBe(201);
  const accepted = await post(`/api/transfers/${json(t).id}/accept`, { effectiveOn: '2025-05-20' }, 'admin');
  expect(accepted.statusCode, accepted.body).toBe(200);
  const moved = await post(
    `/api/orgs/${env.fx.org.branchA2}/move`,
    { parentId: env.fx.org.districtB, effectiveOn: '2025-09-01', reason: '行政区划调整' },
    'admin',
  );
  expect(moved.statusCode, moved.body).toBe(200);
  const left = await send(
    'PATCH',
    `/api/members/${extra.zhengHua}`,
    { status: 'left', leaveReason: 'lapsed', leftOn: '2025-10-01' },
    'admin',
  );
  expect(left.statusCode, left.body).toBe(200);
});
afterAll(() => env.app.close());

describe('annual report 2025, counted by hand', () => {
  it('甲区委: a transfer in and a death; A2 moved away during the year is not counted at all', async () => {
    const r = await report(env.fx.org.districtA, 'year=2025');
    expect(r).toMatchObject({ year: 2025, from: '2025-01-01', to: '2025-12-31', partial: false });
    expect(r.reconciliation).toEqual({ opening: 3, increases: 1, decreases: 1, closing: 3, balanced: true });
    expect(
      figures(r, [
        'members.total',
        'members.women',
        'members.minorities',
        'members.full',
        'members.probationary',
        'members.education.college',
        'members.age.36-40',
        'members.age.41-45',
        'members.age.51-55',
        'members.joined.1978_2012',
        'flows.increase.transferred_in',
        'flows.decrease.deceased',
        'flows.decrease.transferred_out',
        'flows.check',
        'development.total',
        'orgs.total',
        'orgs.kind.committee',
        'orgs.kind.branch',
        'orgs.kind.group',
        'orgs.branches_below_min',
      ]),
    ).toEqual({
      'members.total': 3,
      'members.women': 1,
      'members.minorities': 0,
      'members.full': 3,
      'members.probationary': 0,
      'members.education.college': 3,
      'members.age.36-40': 1,
      'members.age.41-45': 1,
      'members.age.51-55': 1,
      'members.joined.1978_2012': 3,
      'flows.increase.transferred_in': 1,
      'flows.decrease.deceased': 1,
      'flows.decrease.transferred_out': 0,
      'flows.check': 0,
      'development.total': 0,
      'orgs.total': 2,
      'orgs.kind.committee': 1,
      'orgs.kind.branch': 1,
      'orgs.kind.group': 1,
      'orgs.branches_below_min': 0,
    });
    // Shares are of the total, to one decimal.
    expect(r.tables[0]!.rows.find((x) => x.key === 'members.women')!.values).toEqual([1, 33.3]);
  });

  it('乙区委: the branch moved in during the year brings its whole year; a development, a transfer out, a lapse', async () => {
    districtB2025 = await report(env.fx.org.districtB, 'year=2025');
    const r = districtB2025;
    expect(r.reconciliation).toEqual({ opening: 4, increases: 1, decreases: 2, closing: 3, balanced: true });
    expect(
      figures(r, [
        'members.total',
        'members.women',
        'members.minorities',
        'members.probationary',
        'flows.increase.developed',
        'flows.decrease.transferred_out',
        'flows.decrease.left',
        'flows.decrease.lapsed',
        'development.total',
        'development.women',
        'development.minorities',
        'development.youth',
        'development.college',
        'development.sector.rural',
        'orgs.total',
        'orgs.kind.branch',
        'orgs.sector.rural',
        'orgs.sector.community',
        'orgs.branches_below_min',
      ]),
    ).toEqual({
      'members.total': 3,
      'members.women': 2,
      'members.minorities': 1,
      'members.probationary': 1,
      'flows.increase.developed': 1,
      'flows.decrease.transferred_out': 1,
      'flows.decrease.left': 1,
      'flows.decrease.lapsed': 1,
      'development.total': 1,
      'development.women': 1,
      'development.minorities': 1,
      'development.youth': 1,
      'development.college': 1,
      'development.sector.rural': 1,
      'orgs.total': 3,
      'orgs.kind.branch': 2,
      'orgs.sector.rural': 1,
      'orgs.sector.community': 1,
      'orgs.branches_below_min': 2,
    });
  });

  it('市委: the transfer is internal; opening 7 + 1 − 2 = 6', async () => {
    const r = await report(env.fx.org.city, 'year=2025');
    expect(r.reconciliation).toEqual({ opening: 7, increases: 1, decreases: 2, closing: 6, balanced: true });
    expect(
      figures(r, ['flows.increase.transferred_in', 'flows.decrease.transferred_out', 'orgs.total']),
    ).toEqual({
      'flows.increase.transferred_in': 0,
      'flows.decrease.transferred_out': 0,
      'orgs.total': 6, // 市委, two 区委, three branches (the party group apart)
    });
  });

  it('as of a date inside the year: before the death and the move', async () => {
    const r = await report(env.fx.org.districtA, 'asOf=2025-06-30');
    expect(r).toMatchObject({ from: '2025-01-01', to: '2025-06-30', partial: true });
    // A2 was still 甲区委's on 06-30: 赵刚, 郑华 and the new member 孙丽 count here.
    expect(r.reconciliation).toEqual({ opening: 5, increases: 2, decreases: 0, closing: 7, balanced: true });
    expect(figures(r, ['flows.increase.developed', 'flows.increase.transferred_in'])).toEqual({
      'flows.increase.developed': 1,
      'flows.increase.transferred_in': 1,
    });
  });

  it('a move after the period does not change the past report', async () => {
    const moved = await post(
      `/api/orgs/${env.fx.org.branchB1}/move`,
      { parentId: env.fx.org.districtA, effectiveOn: '2026-03-01', reason: '管理体制调整' },
      'admin',
    );
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await report(env.fx.org.districtB, 'year=2025')).toEqual(districtB2025);
    // 2026 to date for 甲区委: B1 now belongs, and 王小明 joined A1 on 2026-06-01.
    const now = await report(env.fx.org.districtA, 'year=2026');
    expect(now).toMatchObject({ to: '2026-11-23', partial: true });
    expect(now.reconciliation).toEqual({
      opening: 4,
      increases: 1,
      decreases: 0,
      closing: 5,
      balanced: true,
    });
  });
});

describe('the report as a workbook, and who may see it', () => {
  it('downloads the same figures as an .xlsx, watermarked and audited', async () => {
    const json2025 = await report(env.fx.org.districtB, 'year=2025');
    const res = await get(`/api/orgs/${env.fx.org.districtB}/report?year=2025&format=xlsx`, 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('2025年统计年报'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['封面', '表一', '表二', '表三', '表四']);
    const flows = wb.getWorksheet('表二')!;
    const cells = new Map<string, unknown>();
    flows.eachRow((r) => {
      cells.set(String(r.getCell(1).value), r.getCell(2).value);
    });
    for (const row of json2025.tables[1]!.rows) expect(cells.get(row.label), row.label).toBe(row.values[0]);
    expect(flows.headerFooter.oddFooter).toContain('导出人');
    expect(wb.description).toContain('2026-11-23');
    const audit = json(await get('/api/audit?pageSize=5', 'auditor'));
    expect(audit.data.some((e: { action: string }) => e.action === 'stats.report_export')).toBe(true);
  });

  it('answers in Chinese for a date in the future or before the org existed', async () => {
    const future = await get(`/api/orgs/${env.fx.org.districtA}/report?asOf=2027-01-01`, 'admin');
    expect(future.statusCode).toBe(400);
    expect(json(future).details[0]).toMatchObject({ field: 'asOf' });
    expect(json(future).details[0].message).toContain('不能晚于今天');
    const early = await get(`/api/orgs/${env.fx.org.districtA}/report?year=2009`, 'admin');
    expect(early.statusCode).toBe(400);
    expect(json(early).details[0].message).toContain('尚未成立');
  });

  it('is scoped: a branch secretary reads the branch only, the member role and auditors not at all', async () => {
    expect((await get(`/api/orgs/${env.fx.org.branchA1}/report?year=2025`, 'secA1')).statusCode).toBe(200);
    expect((await get(`/api/orgs/${env.fx.org.districtA}/report?year=2025`, 'secA1')).statusCode).toBe(404);
    expect((await get(`/api/orgs/${env.fx.org.districtB}/report?year=2025`, 'districtA')).statusCode).toBe(
      404,
    );
    expect((await get(`/api/orgs/${env.fx.org.branchA1}/report?year=2025`, 'memberA1')).statusCode).toBe(403);
    expect((await get(`/api/orgs/${env.fx.org.branchA1}/report?year=2025`, 'auditor')).statusCode).toBe(403);
  });
});

describe("the report's SQL", () => {
  // The reads behind every report, written out so that a change to them shows in review (update
  // with `vitest -u` and read the diff).
  const dialect = new PgDialect();
  const text = (name: string, query: SQL) => `-- ${name}\n${dialect.sqlToQuery(query).sql.trim()};\n`;

  it('walks the tree as it stood: __sql__/stats-report-tree.sql', async () => {
    const sqlText = [
      text('tree: the subtree as it stood on the last day', reportSql.tree(2, '2025-12-31')),
      text(
        'versionChanges: creations, dissolutions and moves inside the period',
        reportSql.versionChanges([2, 3, 4], '2025-01-01', '2025-12-31'),
      ),
    ].join('\n');
    await expect(sqlText).toMatchFileSnapshot('./__sql__/stats-report-tree.sql');
  });

  it('reads the register history: __sql__/stats-report-members.sql', async () => {
    const sqlText = [
      text(
        'touchedMembers: every member ever placed in the tree',
        reportSql.touchedMembers([2, 3, 4], '2025-12-31'),
      ),
      text(
        'registerEvents: their history up to the last day',
        reportSql.registerEvents([10, 11], '2025-12-31'),
      ),
      text('memberFacts: their fixed facts', reportSql.memberFacts([10, 11])),
    ].join('\n');
    await expect(sqlText).toMatchFileSnapshot('./__sql__/stats-report-members.sql');
  });

  it('reads the development cases: __sql__/stats-report-development.sql', async () => {
    const sqlText = text('cases: opened by the last day', reportSql.cases([2, 3, 4], '2025-12-31'));
    await expect(sqlText).toMatchFileSnapshot('./__sql__/stats-report-development.sql');
  });
});
