import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { queryRows } from '../../src/server/db/client.js';
import { roleAssignments, users } from '../../src/server/db/schema/index.js';
import { hashPassword } from '../../src/server/lib/passwords.js';
import { INTERRUPTED_COMMIT } from '../../src/server/modules/imports/recovery.js';
import { API_LOG_DIR, json, PASSWORD, requests, setupEnv, type TestEnv, testDatabase } from './harness.js';

/**
 * 数据导入: workbooks built here with exceljs, uploaded as multipart, parsed in the background
 * (polled), then committed all-or-nothing and rolled back.
 */
let env: TestEnv;
const { get, post, send } = requests(() => env);

beforeAll(async () => {
  env = await setupEnv();
  // An org admin of district B: another district's user.
  const [u] = await env.db
    .insert(users)
    .values({
      username: 'districtB',
      displayName: '乙区委组织部',
      passwordHash: await hashPassword(PASSWORD),
    })
    .returning();
  await env.db
    .insert(roleAssignments)
    .values({ userId: u.id, role: 'org_admin', orgId: env.fx.org.districtB });
});
afterAll(async () => {
  await env.app.close();
});

const BRANCH_A1 = '中共甲区幸福社区支部委员会';
const BRANCH_B1 = '中共乙区光明社区支部委员会';
const MEMBER_HEADER = [
  '姓名*',
  '性别*',
  '民族*',
  '出生日期*',
  '身份证号*',
  '学历*',
  '党员类别*',
  '入党日期*',
  '转正日期',
  '所在党支部*',
  '联系电话',
  '工作单位',
];
type Cell = string | number | Date | null;

/** A valid ID number (Lanzhou 城关区) for a birth date YYYY-MM-DD; odd sequence = male. */
function idFor(birth: string, seq: number) {
  const first17 = `620102${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckDigit(first17);
}

function memberRow(
  name: string,
  birth: string,
  seq: number,
  extra: Partial<Record<'category' | 'joined' | 'confirmed' | 'org' | 'id', Cell>> = {},
): Cell[] {
  const male = seq % 2 === 1;
  const category = extra.category ?? '正式党员';
  return [
    name,
    male ? '男' : '女',
    '汉族',
    birth,
    extra.id !== undefined ? extra.id : idFor(birth, seq),
    '大学本科',
    category,
    extra.joined ?? '2015-07-01',
    extra.confirmed !== undefined ? extra.confirmed : category === '正式党员' ? '2016-07-01' : null,
    extra.org ?? BRANCH_A1,
    null,
    null,
  ];
}

async function workbook(rows: Cell[][], header: string[] | null = MEMBER_HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员信息');
  if (header) ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const BOUNDARY = '----jicengImport5xkTrZu0gW';
async function upload(
  content: Buffer,
  opts: { orgId?: number; user?: string; kind?: 'orgs' | 'members'; fileName?: string } = {},
) {
  const field = (name: string, value: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const payload = Buffer.concat([
    Buffer.from(
      field('kind', opts.kind ?? 'members') +
        field('orgId', String(opts.orgId ?? env.fx.org.branchA1)) +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${opts.fileName ?? 'members.xlsx'}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  const user = opts.user ?? 'secA1';
  return env.app.inject({
    method: 'POST',
    url: '/api/imports',
    payload,
    headers: {
      ...(user ? { cookie: await env.login(user) } : {}),
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    },
  });
}

/** Polls the import until its background step is over (a short pause per poll, a generous cap). */
async function settled(id: number, user = 'secA1', query = '') {
  for (let i = 0; i < 3000; i++) {
    const res = await get(`/api/imports/${id}${query}`, user);
    expect(res.statusCode).toBe(200);
    const body = json(res);
    if (body.status !== 'parsing' && body.status !== 'committing') return body;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`import ${id} did not finish`);
}

async function uploadAndWait(content: Buffer, opts: Parameters<typeof upload>[1] = {}) {
  const res = await upload(content, opts);
  expect(res.statusCode, res.body).toBe(202);
  expect(json(res).status).toBe('parsing');
  const imp = await settled(json(res).id, opts.user ?? 'secA1', '?pageSize=200');
  if (imp.failure?.includes('已损坏'))
    console.warn(`imports test: import ${imp.id} refused: ${refusal(imp.id)}`);
  return imp;
}

/** The server log's reason for refusing an upload as broken (the worker's log, test/api/harness.ts). */
function refusal(importId: number): string {
  const file = path.join(API_LOG_DIR, `${process.pid}.log`);
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  return (
    lines
      .filter((l) => l.includes('import file refused') && l.includes(`"importId":${importId},`))
      .join(' ') || '(not logged)'
  );
}

/** Commits (202, the writing runs in the background) and waits for the outcome. */
async function commitAndWait(id: number, user = 'secA1') {
  const res = await post(`/api/imports/${id}/commit`, {}, user);
  expect(res.statusCode).toBe(202);
  expect(json(res).status).toBe('committing');
  return settled(id, user);
}

const countRow = z.object({ n: z.number() });
const idRow = z.object({ id: z.number() });

async function count(table: 'members' | 'orgs' | 'member_events' | 'imports') {
  const [r] = await queryRows(env.db, sql`select count(*)::int as n from ${sql.raw(table)}`, countRow);
  return r.n;
}

describe('template', () => {
  it('members: starred required headers, an example row, dropdowns and 填写说明', async () => {
    const res = await get('/api/imports/template?kind=members', 'secA1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(MEMBER_HEADER);
    expect(ws.getCell('A2').value).toBe('（示例）张三');
    expect(ws.getCell('J2').value).toBe(BRANCH_A1);
    const gender = ws.getCell('B2').dataValidation;
    expect(gender?.type).toBe('list');
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toContain('填写说明');
    const help = wb.getWorksheet('填写说明');
    expect(JSON.stringify(help?.getSheetValues())).toContain('身份证号');
    // The option list holds all 56 groups.
    const lists = wb.getWorksheet('选项');
    const col = lists?.getColumn(2).values.filter(Boolean) ?? [];
    expect(col).toHaveLength(56);

    // Uploaded back as downloaded, the example row is not data; with one row added, that row is.
    const asIs = await uploadAndWait(res.rawPayload);
    expect(asIs.status).toBe('failed');
    expect(asIs.failure).toContain('没有数据行');
    ws.getRow(3).values = memberRow('模板填写', '1990-10-10', 71);
    const filled = await uploadAndWait(Buffer.from(await wb.xlsx.writeBuffer()));
    // The whole-file failure, if any, is the message to read when this fails.
    expect(filled.errors.data, filled.failure ?? '').toEqual([]);
    expect(filled, filled.failure ?? '').toMatchObject({
      status: 'validated',
      totalRows: 1,
      summary: { rows: 1 },
    });
  });

  it('orgs: kind and sector dropdowns; the template needs member.write', async () => {
    const res = await get('/api/imports/template?kind=orgs', 'districtA');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect((wb.worksheets[0].getRow(1).values as string[]).slice(1)).toEqual([
      '组织名称*',
      '上级党组织*',
      '组织类别*',
      '所属领域*',
      '简称',
      '行政区划代码',
      '成立日期*',
    ]);
    expect((await get('/api/imports/template?kind=members', 'memberA1')).statusCode).toBe(403);
    expect((await get('/api/imports/template?kind=members')).statusCode).toBe(401);
    expect((await get('/api/imports/template?kind=x', 'secA1')).statusCode).toBe(400);
  });
});

describe('members import', () => {
  let committedId = 0;

  it('a valid file validates, commits, and the members are on the register with their history', async () => {
    const before = await count('members');
    const file = await workbook([
      memberRow('周晓梅', '1990-02-14', 2),
      // Real Excel dates and dotted text dates are read alike.
      memberRow('吴国庆', '1988-10-01', 11, {
        joined: new Date('2012-06-30T00:00:00Z'),
        confirmed: '2013.07.01',
      }),
      memberRow('郑文', '2001-05-20', 21, { category: '预备党员', joined: '2026/3/1' }),
    ]);
    const imp = await uploadAndWait(file);
    expect(imp.failure).toBeNull();
    expect(imp.errors.data).toEqual([]);
    expect(imp).toMatchObject({
      status: 'validated',
      kind: 'members',
      totalRows: 3,
      processedRows: 3,
      errorCount: 0,
      createdByName: '张建国',
      summary: { rows: 3, byOrg: [{ orgName: BRANCH_A1, count: 3 }] },
    });
    // Nothing is written before the commit.
    expect(await count('members')).toBe(before);

    const done = await commitAndWait(imp.id);
    expect(done).toMatchObject({
      status: 'committed',
      committedByName: '张建国',
      summary: { created: 3 },
    });
    committedId = imp.id;
    expect(await count('members')).toBe(before + 3);

    const list = json(await get(`/api/members?orgId=${env.fx.org.branchA1}&q=吴国庆`, 'secA1'));
    expect(list.total).toBe(1);
    const wu = list.data[0];
    expect(wu).toMatchObject({ category: 'full', joinedOn: '2012-06-30', confirmedOn: '2013-07-01' });
    expect(wu.idNumber).toMatch(/^620102\*+$/);
    // Found by pinyin initials too.
    expect(json(await get(`/api/members?orgId=${env.fx.org.branchA1}&q=wgq`, 'secA1')).total).toBe(1);
    const events = json(await get(`/api/members/${wu.id}/events`, 'secA1'));
    expect(events.map((e: { kind: string; occurredOn: string }) => [e.kind, e.occurredOn]).sort()).toEqual([
      ['registered', '2012-06-30'],
      ['status_changed', '2013-07-01'],
    ]);
    const reg = events.find((e: { kind: string }) => e.kind === 'registered');
    expect(reg.data).toEqual({ status: 'active', category: 'probationary' });
    const zheng = json(await get(`/api/members?q=郑文`, 'secA1')).data[0];
    expect(zheng.category).toBe('probationary');
    const zhengEvents = json(await get(`/api/members/${zheng.id}/events`, 'secA1'));
    expect(zhengEvents.map((e: { kind: string }) => e.kind)).toEqual(['registered']);

    const audit = await queryRows(
      env.db,
      sql`select after from audit_log where action = 'import.commit' and entity_id = ${imp.id}`,
      z.object({ after: z.object({ rows: z.number() }) }),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].after.rows).toBe(3);
    // Committing twice is refused.
    const twice = await post(`/api/imports/${imp.id}/commit`, {}, 'secA1');
    expect(twice.statusCode).toBe(409);
    expect(json(twice)).toMatchObject({ code: 'IMPORTS_NOT_VALIDATED', message: '不能导入：该文件已经导入' });
    // Listed in the history of the subtree, for the district too.
    const hist = json(await get(`/api/imports?orgId=${env.fx.org.districtA}`, 'districtA'));
    expect(hist.data.map((d: { id: number }) => d.id)).toContain(imp.id);
  });

  it('rollback deletes what the import created; a second rollback is refused', async () => {
    const before = await count('members');
    const res = await post(`/api/imports/${committedId}/rollback`, {}, 'secA1');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'rolled_back', rolledBackByName: '张建国' });
    expect(await count('members')).toBe(before - 3);
    expect(json(await get(`/api/members?q=吴国庆`, 'secA1')).total).toBe(0);
    const [ev] = await queryRows(
      env.db,
      sql`select count(*)::int as n from member_events e where not exists (select 1 from members m where m.id = e.member_id)`,
      countRow,
    );
    expect(ev.n).toBe(0);
    const again = await post(`/api/imports/${committedId}/rollback`, {}, 'secA1');
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('IMPORTS_NOT_COMMITTED');
    const audit = await queryRows(
      env.db,
      sql`select count(*)::int as n from audit_log where action = 'import.rollback' and entity_id = ${committedId}`,
      countRow,
    );
    expect(audit[0].n).toBe(1);
  });

  it('rollback is refused (409, naming what depends) once a member was changed after the import', async () => {
    const imp = await uploadAndWait(await workbook([memberRow('钱晓燕', '1992-04-04', 4)]));
    expect(imp.status, imp.failure ?? '').toBe('validated');
    expect((await commitAndWait(imp.id)).status).toBe('committed');
    const m = json(await get(`/api/members?q=钱晓燕`, 'secA1')).data[0];
    expect((await send('PATCH', `/api/members/${m.id}`, { phone: '13900002222' }, 'secA1')).statusCode).toBe(
      200,
    );
    const before = await count('members');
    const res = await post(`/api/imports/${imp.id}/rollback`, {}, 'secA1');
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('IMPORTS_IN_USE');
    expect(json(res).message).toContain('不能撤销');
    expect(json(res).message).toContain('导入后的名册变动1条');
    expect(await count('members')).toBe(before);
    expect(json(await get(`/api/imports/${imp.id}`, 'secA1')).status).toBe('committed');
  });

  it('wrong columns fail the whole file, naming the columns, and write nothing', async () => {
    const before = await count('members');
    const header = MEMBER_HEADER.filter((h) => h !== '身份证号*').concat('籍贯');
    const imp = await uploadAndWait(await workbook([['张三', '男']], header));
    expect(imp.status).toBe('failed');
    expect(imp.failure).toContain('缺少列：身份证号');
    expect(imp.failure).toContain('无法识别的列：籍贯');
    expect(imp.errorCount).toBe(0);
    expect(await count('members')).toBe(before);
    expect((await post(`/api/imports/${imp.id}/commit`, {}, 'secA1')).statusCode).toBe(409);
  });

  it('bad dates and bad ID numbers: every error by row and column; commit refused; nothing written', async () => {
    const before = await count('members');
    const good = idFor('1985-03-08', 15);
    const file = await workbook([
      memberRow('孙丽', '1985-02-30', 4), // impossible date
      memberRow('李强', '1985-03-08', 15, { id: `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}` }),
      memberRow('何平', '1985-03-08', 17, { joined: '2015-13-01' }),
      memberRow('冯雪', '1985-03-08', 19, { joined: 'abc' }),
      // Joined at 16; confirmed before the end of probation.
      memberRow('韩梅', '2000-01-01', 22, { joined: '2016-01-01', confirmed: '2016-06-01' }),
      memberRow('马超', '1985-03-08', 23, { id: idFor('1985-03-09', 23) }),
      memberRow('黄河', '1985-03-08', 25, { category: '积极分子' }),
      memberRow('杨帆', '1985-03-08', 27),
    ]);
    const imp = await uploadAndWait(file);
    expect(imp.status).toBe('invalid');
    const errs = imp.errors.data as { rowNo: number; column: string; message: string }[];
    const at = (row: number) => errs.filter((e) => e.rowNo === row);
    expect(at(2)).toContainEqual(
      expect.objectContaining({ column: '出生日期', message: expect.stringContaining('不是有效的日期') }),
    );
    expect(at(3)).toContainEqual(
      expect.objectContaining({ column: '身份证号', message: expect.stringContaining('校验码错误') }),
    );
    expect(at(4)).toContainEqual(expect.objectContaining({ column: '入党日期' }));
    expect(at(5)).toContainEqual(
      expect.objectContaining({ column: '入党日期', message: expect.stringContaining('格式不正确') }),
    );
    expect(
      at(6)
        .map((e) => e.column)
        .sort(),
    ).toEqual(['入党日期', '转正日期']);
    expect(at(6).find((e) => e.column === '入党日期')?.message).toContain('年满18周岁');
    expect(at(7)).toContainEqual(
      expect.objectContaining({ column: '身份证号', message: expect.stringContaining('出生日期') }),
    );
    expect(at(8)).toContainEqual(
      expect.objectContaining({ column: '党员类别', message: expect.stringContaining('积极分子') }),
    );
    expect(at(9)).toEqual([]);
    expect(imp.errors.columns.map((c: { column: string }) => c.column)).toContain('身份证号');
    // Filter by column and page.
    const only = json(await get(`/api/imports/${imp.id}?column=${encodeURIComponent('身份证号')}`, 'secA1'));
    expect(only.errors.data.every((e: { column: string }) => e.column === '身份证号')).toBe(true);
    const paged = json(await get(`/api/imports/${imp.id}?page=2&pageSize=2`, 'secA1'));
    expect(paged.errors.data).toHaveLength(2);
    expect(paged.errors.total).toBe(imp.errorCount);

    const res = await post(`/api/imports/${imp.id}/commit`, {}, 'secA1');
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('IMPORTS_NOT_VALIDATED');
    expect(json(res).message).toContain('有错误');
    expect(await count('members')).toBe(before);
  });

  it('duplicates: both rows in the file, and against the register without showing the number', async () => {
    const dup = idFor('1991-01-01', 31);
    const file = await workbook([
      memberRow('甲一', '1991-01-01', 31),
      memberRow('乙二', '1992-01-01', 33),
      memberRow('丙三', '1991-01-01', 31, { id: dup }),
      // 张建国's number, already on the register.
      memberRow('张建国', '1980-01-01', 1, { id: '620102198001010017' }),
    ]);
    const imp = await uploadAndWait(file);
    expect(imp.status).toBe('invalid');
    const errs = imp.errors.data as { rowNo: number; column: string; message: string }[];
    expect(errs).toContainEqual({
      rowNo: 2,
      column: '身份证号',
      message: expect.stringContaining('与第4行重复'),
    });
    expect(errs).toContainEqual({
      rowNo: 4,
      column: '身份证号',
      message: expect.stringContaining('与第2行重复'),
    });
    expect(errs).toContainEqual({
      rowNo: 5,
      column: '身份证号',
      message: '身份证号：该身份证号已在党员名册中登记',
    });
    expect(errs.filter((e) => e.rowNo === 3)).toEqual([]);
    for (const e of errs) {
      expect(e.message).not.toContain(dup);
      expect(e.message).not.toContain('620102198001010017');
    }
  });

  it('out of scope: a row naming another district’s branch is a row error; importing there is 404', async () => {
    const file = await workbook([memberRow('林海', '1993-03-03', 35, { org: BRANCH_B1 })]);
    const imp = await uploadAndWait(file);
    expect(imp.status).toBe('invalid');
    expect(imp.errors.data).toEqual([
      { rowNo: 2, column: '所在党支部', message: expect.stringContaining(`找不到“${BRANCH_B1}”`) },
    ]);
    // A committee is not where members are registered.
    const atDistrict = await uploadAndWait(
      await workbook([memberRow('林海', '1993-03-03', 35, { org: '中共甲区委员会' })]),
      { user: 'districtA', orgId: env.fx.org.districtA },
    );
    expect(atDistrict.errors.data[0].message).toContain('党员应编入党支部或联合党支部');
    const res = await upload(file, { orgId: env.fx.org.branchB1 });
    expect(res.statusCode).toBe(404);
    expect((await upload(file, { user: 'memberA1' })).statusCode).toBe(403);
    expect((await upload(file, { user: '' })).statusCode).toBe(401);
    // Another district's user cannot read, commit or roll back the import.
    for (const url of [`/api/imports/${imp.id}`]) expect((await get(url, 'districtB')).statusCode).toBe(404);
    expect((await post(`/api/imports/${imp.id}/commit`, {}, 'districtB')).statusCode).toBe(404);
    expect((await post(`/api/imports/${imp.id}/rollback`, {}, 'districtB')).statusCode).toBe(404);
    expect(json(await get('/api/imports', 'districtB')).data.map((d: { id: number }) => d.id)).not.toContain(
      imp.id,
    );
    expect((await get(`/api/imports?orgId=${env.fx.org.branchB1}`, 'secA1')).statusCode).toBe(404);
  });

  it('an empty file, a file with only the header, a non-xlsx file: each a clear failure', async () => {
    const before = await count('members');
    const noRows = await uploadAndWait(await workbook([], null));
    expect(noRows.status).toBe('failed');
    expect(noRows.failure).toContain('空');
    const headerOnly = await uploadAndWait(await workbook([]));
    expect(headerOnly.status).toBe('failed');
    expect(headerOnly.failure).toContain('没有数据行');
    // Not a zip, or a zip without a readable directory: refused at the upload (400, field file).
    const imports = await count('imports');
    const text = await upload(Buffer.from('姓名,性别\n张三,男\n'), { fileName: 'members.xlsx' });
    expect(text.statusCode).toBe(400);
    expect(json(text).details).toEqual([
      { field: 'file', message: expect.stringContaining('不是有效的 Excel（.xlsx）文件') },
    ]);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
    const broken = await upload(zip);
    expect(broken.statusCode).toBe(400);
    expect(json(broken).details[0]).toMatchObject({
      field: 'file',
      message: expect.stringContaining('.xlsx'),
    });
    const empty = await upload(Buffer.alloc(0));
    expect(json(empty).details[0]).toMatchObject({ field: 'file', message: expect.stringContaining('空') });
    expect(await count('imports')).toBe(imports);
    expect(await count('members')).toBe(before);
  });

  it('commit re-checks the register: a member added meanwhile makes it 409 and nothing is written', async () => {
    const birth = '1994-04-04';
    const imp = await uploadAndWait(
      await workbook([memberRow('曹操', birth, 41), memberRow('刘备', '1994-05-05', 43)]),
    );
    expect(imp.status, imp.failure ?? '').toBe('validated');
    const add = await post(
      '/api/members',
      {
        orgId: env.fx.org.branchA1,
        name: '曹操',
        gender: 'male',
        ethnicity: '01',
        birthDate: birth,
        idNumber: idFor(birth, 41),
        education: 'bachelor',
        category: 'full',
        joinedOn: '2015-07-01',
        confirmedOn: '2016-07-01',
      },
      'secA1',
    );
    expect(add.statusCode).toBe(201);
    const before = await count('members');
    const res = await post(`/api/imports/${imp.id}/commit`, {}, 'secA1');
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('IMPORTS_REGISTER_CHANGED');
    expect(json(res).message).toContain('第2行');
    expect(json(await get(`/api/imports/${imp.id}`, 'secA1')).status).toBe('validated');
    expect(await count('members')).toBe(before);
    expect(json(await get(`/api/members?q=刘备`, 'secA1')).total).toBe(0);
  });

  it('a streamed file of 3,000 rows: progress reaches the total', async () => {
    const rows: Cell[][] = [];
    for (let i = 0; i < 3000; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
      const row = memberRow(`批量${i}`, `1970-${month}-${day}`, 100 + (Math.floor(i / 336) * 2 + 1));
      // Distinct Chinese text in every row: the shared strings run over many stream chunks.
      row[11] = `兰州市城关区第${i}号测试单位党群工作部`;
      rows.push(row);
    }
    const imp = await uploadAndWait(await workbook(rows));
    expect(imp.errors.data).toEqual([]);
    expect(imp).toMatchObject({
      status: 'validated',
      totalRows: 3000,
      processedRows: 3000,
      summary: { rows: 3000 },
    });
    // No character was broken where a chunk of the inflated sheet ended (exceljs decodes per chunk).
    const [{ broken, units }] = await queryRows(
      env.db,
      sql`select count(*) filter (where position(${'\uFFFD'} in data::text) > 0)::int as broken,
          count(distinct data->>'workUnit')::int as units from import_rows where import_id = ${imp.id}`,
      z.object({ broken: z.number(), units: z.number() }),
    );
    expect(broken).toBe(0);
    expect(units).toBe(3000);
  });
});

describe('a server stopped during a background step', () => {
  it('marks a parse left running as failed and a commit left running as not done, at the next start', async () => {
    const [{ path: orgPath }] = await queryRows(
      env.db,
      sql`select path::text as path from orgs where id = ${env.fx.org.branchA1}`,
      z.object({ path: z.string() }),
    );
    const rows = await queryRows(
      env.db,
      sql`insert into imports (kind, org_id, org_path, file_name, status) values
          ('members', ${env.fx.org.branchA1}, ${orgPath}::ltree, 'a.xlsx', 'parsing'),
          ('members', ${env.fx.org.branchA1}, ${orgPath}::ltree, 'b.xlsx', 'committing') returning id`,
      idRow,
    );
    const database = await testDatabase();
    const app = await buildApp({
      config: {
        ...loadConfig({
          LOG_LEVEL: 'silent',
          WEB_DIST: '/nonexistent',
          DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-f-')),
        }),
        loginRateLimit: 1000,
      },
      database,
      clock: () => env.clock.now,
    });
    await app.ready();
    await app.close();
    const after = await queryRows(
      env.db,
      sql`select status, failure from imports where id in (${rows[0].id}, ${rows[1].id}) order by id`,
      z.object({ status: z.string(), failure: z.string().nullable() }),
    );
    expect(after[0]).toEqual({ status: 'failed', failure: '处理中断（服务重启），请重新上传' });
    expect(after[1]).toEqual({ status: 'validated', failure: INTERRUPTED_COMMIT });
  });
});

describe('an import follows its org when the org moves', () => {
  it('after branch A2 moves to district B, district A no longer sees its import, district B does', async () => {
    const BRANCH_A2 = '中共甲区和平村支部委员会';
    const imp = await uploadAndWait(
      await workbook([memberRow('移动测试', '1987-07-07', 61, { org: BRANCH_A2 })]),
      {
        user: 'districtA',
        orgId: env.fx.org.branchA2,
      },
    );
    expect(imp.status, imp.failure ?? '').toBe('validated');
    const moved = await post(
      `/api/orgs/${env.fx.org.branchA2}/move`,
      { parentId: env.fx.org.districtB, reason: '区划调整' },
      'admin',
    );
    expect(moved.statusCode).toBe(200);
    expect((await get(`/api/imports/${imp.id}`, 'districtA')).statusCode).toBe(404);
    expect((await post(`/api/imports/${imp.id}/commit`, {}, 'districtA')).statusCode).toBe(404);
    expect((await get(`/api/imports/${imp.id}`, 'districtB')).statusCode).toBe(200);
    expect((await commitAndWait(imp.id, 'districtB')).status).toBe('committed');
    expect(json(await get(`/api/members?q=移动测试`, 'districtB')).total).toBe(1);
  });
});

describe('orgs import', () => {
  const HEADER = ['组织名称*', '上级党组织*', '组织类别*', '所属领域*', '简称', '行政区划代码', '成立日期*'];
  const orgsFile = (rows: Cell[][]) => workbook(rows, HEADER);

  it('a parent defined earlier in the file; commit writes paths and history; rollback removes them', async () => {
    const file = await orgsFile([
      ['中共甲区新城社区委员会', '中共甲区委员会', '党委', '社区', '新城社区党委', '620102', '2024-01-05'],
      [
        '中共甲区新城社区第一支部委员会',
        '中共甲区新城社区委员会',
        '党支部',
        '社区',
        null,
        null,
        '2024-02-01',
      ],
      ['第一党小组', '中共甲区新城社区第一支部委员会', '党小组', '社区', null, null, '2024-03-01'],
    ]);
    const imp = await uploadAndWait(file, { kind: 'orgs', user: 'districtA', orgId: env.fx.org.districtA });
    expect(imp.errors.data).toEqual([]);
    expect(imp.status, imp.failure ?? '').toBe('validated');
    const before = await count('orgs');
    expect((await commitAndWait(imp.id, 'districtA')).status).toBe('committed');
    expect(await count('orgs')).toBe(before + 3);
    const created = await queryRows(
      env.db,
      sql`select id, name, path::text as path, depth, parent_id as "parentId" from orgs where import_id = ${imp.id} order by id`,
      z.object({
        id: z.number(),
        name: z.string(),
        path: z.string(),
        depth: z.number(),
        parentId: z.number(),
      }),
    );
    const [committee, branch, group] = created;
    expect(committee.parentId).toBe(env.fx.org.districtA);
    expect(branch.path).toBe(`${committee.path}.${branch.id}`);
    expect(group.path).toBe(`${branch.path}.${group.id}`);
    expect(group.depth).toBe(committee.depth + 2);
    const versions = await queryRows(
      env.db,
      sql`select change, valid_from::text as "validFrom" from org_versions where org_id = ${branch.id}`,
      z.object({ change: z.string(), validFrom: z.string() }),
    );
    expect(versions).toEqual([{ change: 'created', validFrom: '2024-02-01' }]);
    // The commit's unit of work: the new branch's organizational life is tracked from the start.
    const [tracked] = await queryRows(
      env.db,
      sql`select count(*)::int as n from orglife_compliance where org_id = ${branch.id}`,
      countRow,
    );
    expect(tracked.n).toBeGreaterThan(0);
    const children = json(await get(`/api/orgs/${committee.id}/children`, 'districtA')).data;
    expect(children.map((c: { name: string }) => c.name)).toEqual(['中共甲区新城社区第一支部委员会']);

    const rb = await post(`/api/imports/${imp.id}/rollback`, {}, 'districtA');
    expect(rb.statusCode).toBe(200);
    expect(await count('orgs')).toBe(before);
    expect((await get(`/api/orgs/${branch.id}`, 'districtA')).statusCode).toBe(404);

    // Again; this time a member is registered in the imported branch: the rollback is refused.
    const again = await uploadAndWait(file, {
      kind: 'orgs',
      user: 'districtA',
      orgId: env.fx.org.districtA,
    });
    expect(again.status, again.failure).toBe('validated');
    expect((await commitAndWait(again.id, 'districtA')).status).toBe('committed');
    const [newBranch] = await queryRows(
      env.db,
      sql`select id from orgs where import_id = ${again.id} and kind = 'branch'`,
      idRow,
    );
    const birth = '1989-09-09';
    const add = await post(
      '/api/members',
      {
        orgId: newBranch.id,
        name: '新城党员',
        gender: 'male',
        ethnicity: '01',
        birthDate: birth,
        idNumber: idFor(birth, 51),
        education: 'bachelor',
        category: 'full',
        joinedOn: '2015-07-01',
        confirmedOn: '2016-07-01',
      },
      'districtA',
    );
    expect(add.statusCode).toBe(201);
    const refused = await post(`/api/imports/${again.id}/rollback`, {}, 'districtA');
    expect(refused.statusCode).toBe(409);
    expect(json(refused).code).toBe('IMPORTS_IN_USE');
    expect(json(refused).message).toContain('党员1条');
    expect(await count('orgs')).toBe(before + 3);
  });

  it('kind under parent, unknown parent, duplicates by name; a secretary may not import orgs', async () => {
    const file = await orgsFile([
      ['第二党小组', '中共甲区委员会', '党小组', '社区', null, null, '2024-01-01'],
      ['中共甲区无名支部委员会', '中共不存在委员会', '党支部', '社区', null, null, '2024-01-01'],
      [BRANCH_A1, '中共甲区委员会', '党支部', '社区', null, null, '2024-01-01'],
      ['中共甲区重复支部委员会', '中共甲区委员会', '党支部', '社区', null, '12345', '2099-01-01'],
      ['中共甲区重复支部委员会', '中共甲区委员会', '党支部', '社区', null, null, '2024-01-01'],
      ['中共甲区后定支部委员会', '中共甲区以后委员会', '党支部', '社区', null, null, '2024-01-01'],
      ['中共甲区以后委员会', '中共甲区委员会', '党委', '社区', null, null, '2024-01-01'],
    ]);
    const imp = await uploadAndWait(file, { kind: 'orgs', user: 'districtA', orgId: env.fx.org.districtA });
    expect(imp.status).toBe('invalid');
    const errs = imp.errors.data as { rowNo: number; column: string; message: string }[];
    expect(errs).toContainEqual({ rowNo: 2, column: '组织类别', message: '组织类别：党委下不能设立党小组' });
    expect(errs).toContainEqual(expect.objectContaining({ rowNo: 3, column: '上级党组织' }));
    expect(errs).toContainEqual(
      expect.objectContaining({ rowNo: 4, column: '组织名称', message: expect.stringContaining('已有名为') }),
    );
    expect(errs).toContainEqual(expect.objectContaining({ rowNo: 5, column: '行政区划代码' }));
    expect(errs).toContainEqual(expect.objectContaining({ rowNo: 5, column: '成立日期' }));
    expect(errs).toContainEqual(
      expect.objectContaining({
        rowNo: 5,
        column: '组织名称',
        message: expect.stringContaining('与第6行重复'),
      }),
    );
    expect(errs).toContainEqual(
      expect.objectContaining({
        rowNo: 6,
        column: '组织名称',
        message: expect.stringContaining('与第5行重复'),
      }),
    );
    // A parent defined only in a later row is not found.
    expect(errs).toContainEqual(expect.objectContaining({ rowNo: 7, column: '上级党组织' }));
    expect(errs.filter((e) => e.rowNo === 8)).toEqual([]);

    const sec = await upload(file, { kind: 'orgs' });
    expect(sec.statusCode).toBe(403);
  });
});
