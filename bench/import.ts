// Import of 100,000 members from one .xlsx workbook: upload → validated, commit, rollback, peak RSS.
//   npm run bench:import                      (embedded PGlite in a temporary directory)
//   npm run bench:import -- --rows 20000
//   DATABASE_URL=postgres://… npm run bench:import   (real PostgreSQL; the run rolls its import back)
// Builds a small tree (a committee with 100 branches) and an org admin, writes the workbook with
// exceljs's streaming writer, then drives the API through app.inject: the upload returns 202 at
// once and the test polls GET /api/imports/:id (the progress bar's route) until the background
// parse ends. RSS is sampled every 50 ms over the whole process (server and PGlite included).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { addDays, addYears } from '../src/domain/common/dates.js';
import { idNumberCheckDigit } from '../src/domain/member/id-number.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { type Database, openPglite, openPostgres, queryRows } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { hashPassword } from '../src/server/lib/passwords.js';
import { headerText, MEMBER_COLUMNS } from '../src/server/modules/imports/columns.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const ROWS = Number(values.rows);
const BRANCHES = 100;
const ROOT = '中共导入基准市委员会';
const branchName = (i: number) => `中共导入基准第${i}社区支部委员会`;
const PASSWORD = 'bench-import-1';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-import-'));
const url = process.env.DATABASE_URL;
const database: Database = url ? await openPostgres(url, 4) : await openPglite(path.join(dir, 'db'));
await runMigrations(database);
const db = database.db;

// ---- tree and user (kept between runs on PostgreSQL) ------------------------------------------
const rootRow = z.object({ id: z.number(), path: z.string() });
let [root] = await queryRows(
  db,
  sql`select id, path::text as path from orgs where name = ${ROOT} and parent_id is null`,
  rootRow,
);
if (!root) {
  [root] = await queryRows(
    db,
    sql`insert into orgs (parent_id, path, depth, name, kind, sector, founded_on, approves_development)
        values (null, '0', 0, ${ROOT}, 'committee', 'government', '2000-01-01', true) returning id, path::text as path`,
    rootRow,
  );
  await db.execute(sql`update orgs set path = ${String(root.id)}::ltree where id = ${root.id}`);
  root.path = String(root.id);
  for (let i = 1; i <= BRANCHES; i++) {
    const [b] = await queryRows(
      db,
      sql`insert into orgs (parent_id, path, depth, name, kind, sector, founded_on)
          values (${root.id}, ${root.path}::ltree, 1, ${branchName(i)}, 'branch', 'community', '2000-01-01') returning id`,
      z.object({ id: z.number() }),
    );
    await db.execute(sql`update orgs set path = ${`${root.path}.${b.id}`}::ltree where id = ${b.id}`);
  }
  await db.execute(sql`insert into org_versions (org_id, valid_from, parent_id, name, kind, status, change)
    select id, '2000-01-01', parent_id, name, kind, 'active', 'created' from orgs where path <@ ${root.path}::ltree`);
  const [u] = await queryRows(
    db,
    sql`insert into users (username, display_name, password_hash)
        values ('bench-import', '导入基准', ${await hashPassword(PASSWORD)}) returning id`,
    z.object({ id: z.number() }),
  );
  await db.execute(
    sql`insert into role_assignments (user_id, role, org_id) values (${u.id}, 'org_admin', ${root.id})`,
  );
}

// ---- the workbook ---------------------------------------------------------------------------
const file = path.join(dir, 'members.xlsx');
let t = performance.now();
{
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const ws = wb.addWorksheet('党员信息');
  ws.addRow(MEMBER_COLUMNS.map(headerText)).commit();
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  const given = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂';
  // A run-specific region code: a rerun on the same PostgreSQL does not meet its own numbers.
  const region = String(110101 + (Date.now() % 800));
  for (let i = 0; i < ROWS; i++) {
    const birth = addDays('1960-01-01', i % 12_000);
    const seq = Math.floor(i / 12_000) * 2 + 1;
    const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    const joined = addYears(birth, 25);
    const full = i % 10 !== 0;
    ws.addRow([
      surnames[i % surnames.length] + given[(i * 7) % given.length] + given[(i * 13) % given.length],
      '男',
      i % 17 === 0 ? '回族' : '汉族',
      birth,
      first17 + idNumberCheckDigit(first17),
      i % 3 === 0 ? '大学专科' : '大学本科',
      full ? '正式党员' : '预备党员',
      full ? joined : '2026-03-01',
      full ? addYears(joined, 1) : null,
      branchName((i % BRANCHES) + 1),
      null,
      null,
    ]).commit();
  }
  await wb.commit();
}
const genMs = performance.now() - t;
const bytes = fs.statSync(file).size;

// ---- through the API ------------------------------------------------------------------------
const config = {
  ...loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', DATA_DIR: dir }),
  loginRateLimit: 1000,
};
const app = await buildApp({ config, database });
await app.ready();
const login = await app.inject({
  method: 'POST',
  url: '/api/auth/login',
  payload: { username: 'bench-import', password: PASSWORD },
});
const cookie = String(login.headers['set-cookie']).split(';')[0];

let peak = process.memoryUsage().rss;
const baseline = peak;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);

const boundary = '----jicengBenchImport';
const head = `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmembers\r\n--${boundary}\r\nContent-Disposition: form-data; name="orgId"\r\n\r\n${root.id}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="members.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`;
const payload = Buffer.concat([
  Buffer.from(head),
  fs.readFileSync(file),
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);
t = performance.now();
const up = await app.inject({
  method: 'POST',
  url: '/api/imports',
  payload,
  headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
});
if (up.statusCode !== 202) throw new Error(`upload: ${up.statusCode} ${up.body}`);
const uploadMs = performance.now() - t;
const id = (JSON.parse(up.body) as { id: number }).id;
let status = '';
let polls = 0;
let firstProgress = 0;
for (;;) {
  const r = JSON.parse(
    (await app.inject({ url: `/api/imports/${id}?pageSize=5`, headers: { cookie } })).body,
  ) as {
    status: string;
    processedRows: number;
    totalRows: number;
    errorCount: number;
    failure: string | null;
    errors: { data: unknown[] };
  };
  polls++;
  if (!firstProgress && r.processedRows > 0) firstProgress = performance.now() - t;
  status = r.status;
  if (status !== 'parsing') {
    if (status !== 'validated')
      throw new Error(`import ended ${status}: ${r.failure ?? JSON.stringify(r.errors.data)}`);
    break;
  }
  await new Promise((res) => setTimeout(res, 200));
}
const validateMs = performance.now() - t;
const peakParse = peak;

// While the commit runs (from the moment it is sent: its request may hold the database too),
// simple requests one after another (the health probe and a page of the member list), each timed
// from its start to its answer: what other users wait meanwhile.
const latencies: number[] = [];
const timed = async (url: string) => {
  const t0 = performance.now();
  const res = await app.inject({ url, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  latencies.push(performance.now() - t0);
};
t = performance.now();
let commitAnswerMs = 0;
const commit = app
  .inject({ method: 'POST', url: `/api/imports/${id}/commit`, headers: { cookie } })
  .then((res) => {
    if (res.statusCode !== 202) throw new Error(`commit: ${res.statusCode} ${res.body}`);
    commitAnswerMs = performance.now() - t;
  });
for (;;) {
  await timed('/api/health');
  await timed(`/api/members?orgId=${root.id}&pageSize=20`);
  if (commitAnswerMs) {
    const r = JSON.parse(
      (await app.inject({ url: `/api/imports/${id}?pageSize=1`, headers: { cookie } })).body,
    ) as {
      status: string;
      failure: string | null;
    };
    if (r.status === 'committed') break;
    if (r.status !== 'committing') throw new Error(`commit ended ${r.status}: ${r.failure}`);
  }
  await new Promise((res) => setTimeout(res, 20));
}
await commit;
const commitMs = performance.now() - t;
latencies.sort((a, b) => a - b);
const p95 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.95))] ?? 0;
const [{ n }] = await queryRows(
  db,
  sql`select count(*)::int as n from members where import_id = ${id}`,
  z.object({ n: z.number() }),
);
const [{ e }] = await queryRows(
  db,
  sql`select count(*)::int as e from member_events where member_id in (select id from members where import_id = ${id})`,
  z.object({ e: z.number() }),
);
t = performance.now();
const rollback = await app.inject({
  method: 'POST',
  url: `/api/imports/${id}/rollback`,
  headers: { cookie },
});
if (rollback.statusCode !== 200) throw new Error(`rollback: ${rollback.statusCode} ${rollback.body}`);
const rollbackMs = performance.now() - t;
clearInterval(sampler);

const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`database: ${url ? 'PostgreSQL' : 'PGlite (embedded)'}; rows: ${ROWS.toLocaleString()}`);
console.log(`workbook: ${(bytes / 1024 / 1024).toFixed(1)} MB written in ${s(genMs)} (streaming writer)`);
console.log(
  `upload answered 202 in ${s(uploadMs)}; first progress after ${s(firstProgress)}; ${polls} polls`,
);
console.log(
  `upload → validated: ${s(validateMs)} (${Math.round(ROWS / (validateMs / 1000)).toLocaleString()} rows/s)`,
);
console.log(
  `commit answered 202 in ${s(commitAnswerMs)}; written (in the background) after ${s(commitMs)}: ${n.toLocaleString()} members, ${e.toLocaleString()} register events`,
);
console.log(
  `requests during the commit: ${latencies.length}, p95 ${Math.round(p95)} ms, max ${Math.round(latencies.at(-1) ?? 0)} ms`,
);
console.log(`rollback (one transaction): ${s(rollbackMs)}`);
console.log(
  `RSS: ${mb(baseline)} before the upload, peak ${mb(peakParse)} while parsing, ${mb(peak)} overall`,
);

await app.close();
await database.close();
fs.rmSync(dir, { recursive: true, force: true });
