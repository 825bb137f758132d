/**
 * Personal data at rest and on screen (issue #18): no clear ID number or phone in any table after
 * the API wrote them, no combination of non-reveal answers that rebuilds an ID number, duplicates
 * outside the caller's scope refused without disclosure and audited, and the key commands.
 */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import { queryRows } from '../../src/server/db/client.js';
import { loadDataKeys, unseal } from '../../src/server/lib/pii.js';
import { keyStatus, reencrypt, rewrapKeys, rotateEncKey } from '../../src/server/lib/pii-keys.js';
import { json, requests, setupEnv, TEST_KEK, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
const { get, send, post } = requests(() => env);

/** A valid GB 11643 number: region, birth date (YYYYMMDD), sequence (odd: a man). */
const idFor = (region: string, birth: string, seq: string) =>
  `${region}${birth}${seq}${idNumberCheckDigit(`${region}${birth}${seq}`)}`;
const ZHANG_ID = '620102198001010017';
const NEW_ID = idFor('620102', '19920229', '002'); // 孙丽, a woman
const NEW_PHONE = '13912345678';
const CHEN_ID = idFor('620103', '19900909', '002'); // 陈静 (branch B1), set by the city's admin below
const APPLICANT_ID = idFor('620102', '20000101', '003');
const APPLICANT_PHONE = '13698765432';

const newMember = (orgId: number, extra: Record<string, unknown> = {}) => ({
  orgId,
  name: '孙丽',
  gender: 'female',
  ethnicity: '03',
  birthDate: '1992-02-29',
  education: 'college',
  category: 'full',
  joinedOn: '2015-06-30',
  confirmedOn: '2016-06-30',
  ...extra,
});

/** Every text, varchar and jsonb column of a table that holds `value` somewhere. */
async function columnsHolding(table: string, value: string) {
  const cols = await queryRows(
    env.db,
    sql`select column_name as c from information_schema.columns
        where table_schema = 'public' and table_name = ${table}
          and data_type in ('text', 'character varying', 'jsonb', 'json')`,
    z.object({ c: z.string() }),
  );
  const found: string[] = [];
  for (const { c } of cols) {
    const [r] = await queryRows(
      env.db,
      sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(c)}::text like ${`%${value}%`}`,
      z.object({ n: z.number() }),
    );
    if (r.n) found.push(`${table}.${c}`);
  }
  return found;
}

let created: number;
let caseId: number;
describe('what the API writes', () => {
  it('keeps no clear ID number or phone in the register, its events, the audit log or the cases', async () => {
    const res = await post(
      '/api/members',
      newMember(env.fx.org.branchA1, { idNumber: NEW_ID, phone: NEW_PHONE }),
      'secA1',
    );
    expect(res.statusCode).toBe(201);
    created = json(res).id;
    expect(json(res)).toMatchObject({ idNumber: '620102************', phone: '139****5678' });
    // An edit of both (and back), a reveal with the number typed into its reason, an export.
    const patch = await send('PATCH', `/api/members/${created}`, { phone: '13700002222' }, 'secA1');
    expect(patch.statusCode).toBe(200);
    expect((await send('PATCH', `/api/members/${created}`, { phone: NEW_PHONE }, 'secA1')).statusCode).toBe(
      200,
    );
    const reveal = await post(
      `/api/members/${created}/reveal`,
      { reason: `核对 ${NEW_ID} 与 ${NEW_PHONE}`, fields: ['idNumber', 'phone'] },
      'secA1',
    );
    expect(json(reveal)).toEqual({ idNumber: NEW_ID, phone: NEW_PHONE });
    expect((await get('/api/members/export', 'secA1')).statusCode).toBe(200);
    const c = await post(
      '/api/development/cases',
      {
        orgId: env.fx.org.branchA1,
        name: '周申请',
        gender: 'male',
        idNumber: APPLICANT_ID,
        phone: APPLICANT_PHONE,
        ethnicity: '01',
        education: 'bachelor',
        appliedOn: '2026-11-01',
      },
      'secA1',
    );
    expect(c.statusCode).toBe(201);
    caseId = json(c).id;
    expect(json(c)).toMatchObject({ idNumber: '620102************', phone: '136****5432' });

    for (const table of ['members', 'member_events', 'audit_log', 'development_cases', 'development_steps']) {
      for (const value of [NEW_ID, NEW_PHONE, ZHANG_ID, '13800001111', APPLICANT_ID, APPLICANT_PHONE]) {
        expect({ table, value, in: await columnsHolding(table, value) }).toEqual({ table, value, in: [] });
      }
    }
    // What is there opens to the value (the reveal above read it).
    const [row] = await queryRows(
      env.db,
      sql`select id_number_enc as enc from members where id = ${created}`,
      z.object({ enc: z.string() }),
    );
    expect(unseal(row.enc)).toBe(NEW_ID);
  });
});

/** Every ID-shaped token (digits, X and asterisks, 18 long) in a text. */
const idShapes = (text: string) => text.match(/[0-9X*]{18}/g) ?? [];

/**
 * How many ID numbers fit everything shown: the digits visible in any mask, the birth date where
 * one was shown, the gender, and a valid check character.
 */
function candidates(shapes: string[], birthDate: string | null, gender: 'male' | 'female') {
  const known: (string | null)[] = Array(18).fill(null);
  for (const s of shapes) for (let i = 0; i < 18; i++) if (s[i] !== '*') known[i] = s[i];
  if (birthDate) for (const [i, d] of [...birthDate.replaceAll('-', '')].entries()) known[6 + i] = d;
  const open = known.slice(0, 17).flatMap((d, i) => (d === null ? [i] : []));
  if (open.length > 4) return 10 ** open.length; // far too many to list
  let n = 0;
  for (let k = 0; k < 10 ** open.length; k++) {
    const digits = [...known.slice(0, 17)];
    for (const [j, pos] of open.entries()) digits[pos] = String(Math.floor(k / 10 ** j) % 10);
    const first17 = digits.join('');
    if ((Number(first17[16]) % 2 === 1) !== (gender === 'male')) continue;
    const check = idNumberCheckDigit(first17);
    if (known[17] === null || known[17] === check) n++;
  }
  return n;
}

async function exportText(url: string, user: string) {
  const res = await get(url, user);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => cells.push(String(c.text ?? '')))));
  return cells.join('\n');
}

describe('what the API shows', () => {
  it('answers nothing, in any non-reveal response or export, that rebuilds an ID number', async () => {
    const id = env.fx.member.secA1;
    const texts: string[] = [];
    for (const user of ['admin', 'districtA', 'secA1', 'auditor']) {
      for (const url of [
        '/api/members?pageSize=100',
        `/api/members/${id}`,
        `/api/members/${id}/events`,
        `/api/members?q=${ZHANG_ID}`,
        '/api/audit?pageSize=100',
        '/api/development/cases',
        `/api/development/cases/${caseId}`,
      ]) {
        const res = await get(url, user);
        if (res.statusCode === 200) texts.push(res.body);
      }
      for (const url of ['/api/members/export', '/api/development/cases/export']) {
        if ((await get(url, user)).statusCode === 200) texts.push(await exportText(url, user));
      }
    }
    expect(texts.length).toBeGreaterThan(15);
    const all = texts.join('\n');
    for (const clear of [ZHANG_ID, NEW_ID, APPLICANT_ID, '13800001111', NEW_PHONE, APPLICANT_PHONE]) {
      expect(all).not.toContain(clear);
    }
    // The most anyone was shown of 张建国: the masks of his number, his birth date and his gender.
    const detail = json(await get(`/api/members/${id}`, 'admin'));
    expect(detail.birthDate).toBe('1980-01-01');
    const shapes = idShapes(all).filter((s) => s.startsWith('620102'));
    expect(shapes.length).toBeGreaterThan(0);
    expect(new Set(shapes)).toEqual(new Set(['620102************']));
    expect(candidates(shapes, detail.birthDate, 'male')).toBe(500);
    // The mask the issue found (620103********2942 with the birth date shown) left exactly one.
    expect(candidates(['620102********0017'], '1980-01-01', 'male')).toBe(1);
  });

  it('finds a member by a whole ID number through its hash, inside the caller’s scope only', async () => {
    const found = json(await get(`/api/members?q=${ZHANG_ID}`, 'secA1'));
    expect(found.data.map((m: { name: string }) => m.name)).toEqual(['张建国']);
    expect(json(await get(`/api/members?q=${ZHANG_ID.toLowerCase()}`, 'admin')).total).toBe(1);
    const elsewhere = await send('PATCH', `/api/members/${env.fx.member.b1}`, { idNumber: CHEN_ID }, 'admin');
    expect(elsewhere.statusCode).toBe(200);
    expect(json(await get(`/api/members?q=${CHEN_ID}`, 'secA1'))).toEqual({ data: [], total: 0 });
  });
});

describe('a duplicate ID number', () => {
  const refusals = async () =>
    json(await get('/api/audit?action=member.id_number_refused&pageSize=50', 'auditor')).data as Array<{
      orgPath?: string;
      after: Record<string, unknown>;
    }>;

  it('within the caller’s scope, says it is on the register, and audits nothing', async () => {
    const res = await post(
      '/api/members',
      newMember(env.fx.org.branchA1, {
        name: '张建设',
        gender: 'male',
        birthDate: '1980-01-01',
        idNumber: ZHANG_ID,
      }),
      'secA1',
    );
    expect(json(res).code).toBe('MEMBERS_ID_NUMBER_TAKEN');
    expect(await refusals()).toEqual([]);
  });

  it('outside it, is refused without saying why, and every refusal is audited', async () => {
    const asMember = await post(
      '/api/members',
      newMember(env.fx.org.branchA1, { name: '陈晶', birthDate: '1990-09-09', idNumber: CHEN_ID }),
      'secA1',
    );
    expect(asMember.statusCode).toBe(400);
    expect(json(asMember)).toMatchObject({
      code: 'MEMBERS_ID_NUMBER_REFUSED',
      message: '身份证号：无法登记，请联系上级组织部门核实',
      details: [{ field: 'idNumber', code: 'MEMBERS_ID_NUMBER_REFUSED' }],
    });
    expect(asMember.body).not.toMatch(/名册|党员|已登记|乙区|光明/);
    // Editing one's own member to that number, and opening an applicant's case with it: the same.
    const asEdit = await send(
      'PATCH',
      `/api/members/${env.fx.member.plainA1}`,
      { idNumber: CHEN_ID, birthDate: '1990-09-09' },
      'secA1',
    );
    expect(json(asEdit).code).toBe('MEMBERS_ID_NUMBER_REFUSED');
    const asCase = await post(
      '/api/development/cases',
      {
        orgId: env.fx.org.branchA1,
        name: '陈晶',
        gender: 'female',
        idNumber: CHEN_ID,
        ethnicity: '01',
        education: 'bachelor',
        appliedOn: '2026-11-01',
      },
      'secA1',
    );
    expect(json(asCase)).toMatchObject({
      code: 'MEMBERS_ID_NUMBER_REFUSED',
      message: json(asMember).message,
    });

    const entries = await refusals();
    expect(entries.map((e) => e.after.attempted).sort()).toEqual([
      'development.case.create',
      'member.create',
      'member.update',
    ]);
    for (const e of entries) {
      expect(e.after).toMatchObject({ idNumber: '620103************', holderMemberId: env.fx.member.b1 });
    }
    expect(JSON.stringify(entries)).not.toContain(CHEN_ID);
    // The refused writes left nothing behind.
    expect(json(await get(`/api/members?q=${CHEN_ID}`, 'admin')).total).toBe(1);
  });
});

describe('the key commands', () => {
  it('rotate, then re-encrypt every value under the new key, idempotently', async () => {
    const before = await keyStatus(env.db);
    const r = await rotateEncKey(env.db, TEST_KEK);
    expect(r.retired.length).toBe(1);
    // New writes use the new key; old values still open.
    const res = await send('PATCH', `/api/members/${created}`, { phone: '13600001111' }, 'secA1');
    expect(res.statusCode).toBe(200);
    const mid = await keyStatus(env.db);
    expect(mid.values.some((v) => v.keyId === r.current)).toBe(true);
    expect(mid.values.some((v) => v.keyId === r.retired[0])).toBe(true);
    const moved = await reencrypt(env.db, { chunk: 2 });
    expect(moved).toBe(before.values.reduce((a, v) => a + v.n, 0) - 1);
    expect(await reencrypt(env.db)).toBe(0);
    const after = await keyStatus(env.db);
    expect(new Set(after.values.map((v) => v.keyId))).toEqual(new Set([r.current]));
    expect(after.keys.find((k) => k.id === r.retired[0])?.retiredAt).not.toBeNull();
    const reveal = await post(
      `/api/members/${created}/reveal`,
      { reason: '轮换后核对', fields: ['idNumber'] },
      'secA1',
    );
    expect(json(reveal)).toEqual({ idNumber: NEW_ID });
  });

  it('rewrap under a new deployment key: the old one no longer opens them, the values are untouched', async () => {
    const newKek = Buffer.alloc(32, 0x33);
    const enc = async () =>
      queryRows(
        env.db,
        sql`select id_number_enc as e from members where id = ${created}`,
        z.object({ e: z.string() }),
      );
    const [before] = await enc();
    expect(await rewrapKeys(env.db, TEST_KEK, newKek)).toBeGreaterThanOrEqual(3);
    await expect(loadDataKeys(env.db, { kek: TEST_KEK })).rejects.toThrow(/部署密钥与数据库中的数据密钥不符/);
    await loadDataKeys(env.db, { kek: newKek });
    expect(unseal(before.e)).toBe(NEW_ID);
    expect((await enc())[0].e).toBe(before.e);
    // Back to the suite's key, for the files this worker runs next.
    await rewrapKeys(env.db, newKek, TEST_KEK);
    expect(unseal(before.e)).toBe(NEW_ID);
  });
});
