import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { bulkInsert } from '../../src/server/db/bulk.js';
import { queryRows } from '../../src/server/db/client.js';
import { importRows } from '../../src/server/db/schema/index.js';
import { seal } from '../../src/server/lib/pii.js';
import { COMMIT_CHUNK } from '../../src/server/modules/imports/chunks.js';
import { INTERRUPTED_COMMIT } from '../../src/server/modules/imports/recovery.js';
import { json, requests, setupEnv, type TestEnv, testDatabase } from './harness.js';

/**
 * The commit of a large import in chunks (issue #18): other requests are answered while it runs
 * (PGlite has one connection: before, one transaction held it for the whole import); a failure in
 * the middle leaves nothing; a commit cut off by a stopped server is undone at the next start.
 *
 * The staging rows are written here directly (as the check would leave them, sealed), so that the
 * test spends its time on the commit, not on parsing a workbook of 12,000 rows.
 */
let env: TestEnv;
const { get, post } = requests(() => env);
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

const ROWS = 10_000;
// Generous: the figure that matters is the order of the answers, never the time (CI is shared).
const LONG = 600_000;
const n = z.object({ n: z.number() });
const count = async (q: ReturnType<typeof sql>) => (await queryRows(env.db, q, n))[0].n;

let regions = 0;

/** A validated members import at branch A1 with `rows` staging rows; `bad` names one row's name. */
async function stagedImport(rows: number, name = (i: number) => `导入${i}`) {
  const [org] = await queryRows(
    env.db,
    sql`select id, name, path::text as path from orgs where id = ${env.fx.org.branchA1}`,
    z.object({ id: z.number(), name: z.string(), path: z.string() }),
  );
  const [imp] = await queryRows(
    env.db,
    sql`insert into imports (kind, org_id, org_path, file_name, status, total_rows, processed_rows, summary, created_by)
        values ('members', ${org.id}, ${org.path}::ltree, 'big.xlsx', 'validated', ${rows}, ${rows},
          ${JSON.stringify({ rows, byOrg: [{ orgName: org.name, count: rows }] })}::jsonb,
          (select id from users where username = 'secA1'))
        returning id`,
    z.object({ id: z.number() }),
  );
  // A region code of its own per import keeps the ID numbers apart from the fixture's and each other's.
  const region = String(510001 + ++regions * 100);
  const staged = [];
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
    const birth = `19${70 + (Math.floor(i / 336) % 30)}-${month}-${day}`;
    const first17 = `${region}${birth.replaceAll('-', '')}${String(Math.floor(i / 10_080) * 2 + 1).padStart(3, '0')}`;
    const id = seal('idNumber', first17 + idNumberCheckDigit(first17));
    staged.push({
      importId: imp.id,
      rowNo: i + 2,
      data: {
        name: name(i),
        namePinyin: 'daoru',
        nameInitials: 'dr',
        gender: 'male',
        ethnicity: '01',
        birthDate: birth,
        idNumberEnc: id.enc,
        idNumberHash: id.hash,
        idNumberMasked: id.masked,
        phoneEnc: null,
        phoneHash: null,
        phoneMasked: null,
        education: 'bachelor',
        workUnit: null,
        category: i % 10 ? 'full' : 'probationary',
        joinedOn: '2015-07-01',
        confirmedOn: i % 10 ? '2016-07-01' : null,
        orgId: org.id,
        orgName: org.name,
      },
    });
  }
  await bulkInsert(env.db, importRows, staged, { chunk: 1000 });
  return imp.id;
}

async function statusOf(id: number) {
  const [r] = await queryRows(
    env.db,
    sql`select status, failure, purged_at is not null as purged from imports where id = ${id}`,
    z.object({ status: z.string(), failure: z.string().nullable(), purged: z.boolean() }),
  );
  return r;
}

async function settled(id: number) {
  for (let i = 0; i < 20_000; i++) {
    const s = await statusOf(id);
    if (s.status !== 'committing') return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`import ${id} did not finish`);
}

describe('a large commit lets other requests through', () => {
  it(
    'answers the health probe and a member list while the import is still committing',
    async () => {
      const id = await stagedImport(ROWS);
      expect(ROWS / COMMIT_CHUNK).toBeGreaterThan(10);
      const answered: string[] = [];
      const res = await post(`/api/imports/${id}/commit`, {}, 'secA1');
      expect(res.statusCode).toBe(202);
      // The status as each answer arrives: the commit is still landing its chunks.
      const statusWhen = async (what: string, request: Promise<{ statusCode: number }>) => {
        const r = await request;
        expect(r.statusCode, what).toBe(200);
        answered.push(`${what}:${(await statusOf(id)).status}`);
      };
      await Promise.all([
        statusWhen('health', get('/api/health')),
        statusWhen('members', get(`/api/members?orgId=${env.fx.org.branchA1}&pageSize=20`, 'secA1')),
        statusWhen('imports', get(`/api/imports/${id}`, 'secA1')),
      ]);
      const done = await settled(id);
      answered.push(`commit:${done.status}`);
      expect(answered.sort()).toEqual([
        'commit:committed',
        'health:committing',
        'imports:committing',
        'members:committing',
      ]);
      expect(await count(sql`select count(*)::int as n from members where import_id = ${id}`)).toBe(ROWS);
      // Full members have two register events, probationary ones one.
      expect(
        await count(
          sql`select count(*)::int as n from member_events where member_id in (select id from members where import_id = ${id})`,
        ),
      ).toBe(ROWS + (ROWS * 9) / 10);
      // The staging rows (sealed copies of personal data) are gone; the counts stay on the import.
      expect(done.purged).toBe(true);
      expect(await count(sql`select count(*)::int as n from import_rows where import_id = ${id}`)).toBe(0);
      const page = json(await get(`/api/imports/${id}`, 'secA1'));
      expect(page.summary).toMatchObject({ rows: ROWS, created: ROWS });
      // Rolled back as a whole (nothing depends on the rows yet).
      const rolled = await post(`/api/imports/${id}/rollback`, {}, 'secA1');
      expect(rolled.statusCode, rolled.body).toBe(200);
      expect(await count(sql`select count(*)::int as n from members where import_id = ${id}`)).toBe(0);
    },
    LONG,
  );
});

describe('all or nothing', () => {
  it(
    'a chunk failing in the middle leaves no row of the import; the next commit writes all',
    async () => {
      const rows = COMMIT_CHUNK * 6;
      const id = await stagedImport(rows, (i) => (i === COMMIT_CHUNK * 4 + 7 ? '故障行' : `导入${i}`));
      const before = await count(sql`select count(*)::int as n from members`);
      const events = await count(sql`select count(*)::int as n from member_events`);
      // The failure injected in the database: the fifth chunk's insert fails, four have landed.
      await env.db.execute(sql`create or replace function f_fail_import() returns trigger language plpgsql as $$
      begin if new.name = '故障行' then raise exception 'injected failure'; end if; return new; end $$`);
      await env.db.execute(sql`create trigger f_fail_import before insert on members
      for each row execute function f_fail_import()`);
      try {
        const res = await post(`/api/imports/${id}/commit`, {}, 'secA1');
        expect(res.statusCode).toBe(202);
        const done = await settled(id);
        expect(done).toMatchObject({ status: 'validated', purged: false });
        expect(done.failure).toContain('没有写入任何数据');
      } finally {
        await env.db.execute(sql`drop trigger f_fail_import on members`);
        await env.db.execute(sql`drop function f_fail_import()`);
      }
      expect(await count(sql`select count(*)::int as n from members`)).toBe(before);
      expect(await count(sql`select count(*)::int as n from member_events`)).toBe(events);
      const again = await post(`/api/imports/${id}/commit`, {}, 'secA1');
      expect(again.statusCode).toBe(202);
      expect((await settled(id)).status).toBe('committed');
      expect(await count(sql`select count(*)::int as n from members where import_id = ${id}`)).toBe(rows);
    },
    LONG,
  );

  it(
    'a second import at the same org waits for the one committing (409 IMPORTS_BUSY)',
    async () => {
      const first = await stagedImport(COMMIT_CHUNK * 4);
      const second = await stagedImport(3);
      expect((await post(`/api/imports/${first}/commit`, {}, 'secA1')).statusCode).toBe(202);
      const busy = await post(`/api/imports/${second}/commit`, {}, 'secA1');
      expect(busy.statusCode).toBe(409);
      expect(json(busy).code).toBe('IMPORTS_BUSY');
      expect((await settled(first)).status).toBe('committed');
      expect((await post(`/api/imports/${second}/commit`, {}, 'secA1')).statusCode).toBe(202);
      expect((await settled(second)).status).toBe('committed');
    },
    LONG,
  );
});

describe('a commit cut off by a stopped server', () => {
  it('is undone at the next start: its landed rows deleted, the import back to validated', async () => {
    const id = await stagedImport(50);
    // As a killed server leaves it: `committing`, some rows landed with their history.
    await env.db.execute(sql`update imports set status = 'committing' where id = ${id}`);
    await env.db.execute(sql`
      with m as (
        insert into members (org_id, org_path, name, name_pinyin, name_initials, gender, ethnicity, birth_date,
          id_number_enc, id_number_hash, id_number_masked, education, category, status, joined_on, import_id)
        select o.id, o.path, d->>'name', 'daoru', 'dr', 'male', '01', (d->>'birthDate')::date,
          d->>'idNumberEnc', d->>'idNumberHash', d->>'idNumberMasked', 'bachelor', 'probationary', 'active',
          '2015-07-01', ${id}
        from (select data as d from import_rows where import_id = ${id} order by row_no limit 20) r
        join orgs o on o.id = (r.d->>'orgId')::int
        returning id, org_id)
      insert into member_events (member_id, kind, occurred_on, org_id, data)
      select id, 'registered', '2015-07-01', org_id, '{}'::jsonb from m`);
    expect(await count(sql`select count(*)::int as n from members where import_id = ${id}`)).toBe(20);
    const events = await count(sql`select count(*)::int as n from member_events`);

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-f-commit-'));
    fs.mkdirSync(path.join(dataDir, 'imports'));
    fs.writeFileSync(path.join(dataDir, 'imports', 'upload-left-behind.part'), 'x');
    const app = await buildApp({
      config: { ...loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', DATA_DIR: dataDir }) },
      database: await testDatabase(),
      clock: () => env.clock.now,
    });
    await app.ready();
    await app.close();
    expect(await statusOf(id)).toEqual({ status: 'validated', failure: INTERRUPTED_COMMIT, purged: false });
    expect(await count(sql`select count(*)::int as n from members where import_id = ${id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from member_events`)).toBe(events - 20);
    // Uploads a stopped server was receiving are gone too.
    expect(fs.readdirSync(path.join(dataDir, 'imports'))).toEqual([]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    // And the import can be committed again, whole.
    expect((await post(`/api/imports/${id}/commit`, {}, 'secA1')).statusCode).toBe(202);
    expect((await settled(id)).status).toBe('committed');
    expect(await count(sql`select count(*)::int as n from members where import_id = ${id}`)).toBe(50);
  });
});
