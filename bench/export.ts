// Every list export at 100,000 rows on real PostgreSQL (issue #16): the time, the peak heap, and
// whether the file holds every row its filters match.
//   psql -h 127.0.0.1 -U postgres -c 'create database jiceng_bench_export'
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiceng_bench_export npm run bench:export -- --rows 100000
// Generates (into an EMPTY database) a tree of branches with members, and for each exported list
// `rows` rows in the subtree the export asks for; then downloads each export over HTTP (a real
// socket, streamed to a file), samples the heap while it runs, and counts the file's data rows
// with exceljs's streaming reader against the list's own count of the same filters. The heap: the
// peak of `heapUsed` above the idle heap, sampled every 20 ms (garbage not yet collected
// included), under a cap (`--max-old-space-size=160` in the npm script: server, client and the
// file check together) that an export holding its 100,000 rows would not fit in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openPostgres, queryRows } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { hashPassword } from '../src/server/lib/passwords.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required (a dedicated, empty database)');
const rows = Number(values.rows);
const perBranch = 40;
const branches = Math.ceil(rows / perBranch);
const streets = Math.max(1, Math.round(branches / 25));

const database = await openPostgres(url, 4);
await runMigrations(database);
const db = database.db;
const [{ n }] = await queryRows(db, sql`select count(*)::int as n from orgs`, z.object({ n: z.number() }));
const t0 = performance.now();
const run = (q: ReturnType<typeof sql>) => db.execute(q);
if (n === 0) {
  await run(sql`insert into orgs (id, parent_id, path, depth, name, name_pinyin, name_initials, kind, sector, founded_on)
    overriding system value values (1, null, '1', 0, '中共基准市委员会', 'jizhunshi', 'jzs', 'committee', 'government', '2000-01-01')`);
  await run(sql`insert into orgs (id, parent_id, path, depth, name, name_pinyin, name_initials, kind, sector, founded_on)
    overriding system value
    select 1 + s, 1, ('1.' || (1 + s))::ltree, 1, '中共第' || s || '街道工作委员会', 'jiedao' || s, 'jd' || s,
      'committee', 'community', '2000-01-01'
    from generate_series(1, ${streets}) s`);
  const branchBase = 1 + streets;
  await run(sql`insert into orgs (id, parent_id, path, depth, name, name_pinyin, name_initials, kind, sector, founded_on)
    overriding system value
    select ${branchBase} + b, p.id, (p.path || (${branchBase} + b)::text)::ltree, 2,
      '中共第' || b || '社区支部委员会', 'shequ' || b, 'sq' || b, 'branch', 'community', '2000-01-01'
    from generate_series(1, ${branches}) b join orgs p on p.id = 2 + (b - 1) % ${streets}`);
  await run(sql`select setval(pg_get_serial_sequence('orgs', 'id'), (select max(id) from orgs))`);
  await run(sql`insert into org_versions (org_id, valid_from, parent_id, name, kind, status, change)
    select id, '2000-01-01', parent_id, name, kind, 'active', 'created' from orgs`);
  await run(sql`insert into members (org_id, org_path, name, name_pinyin, name_initials, gender, ethnicity,
      birth_date, education, category, status, joined_on, confirmed_on, phone, id_number)
    select o.id, o.path, (array['王','李','张','刘'])[1 + k % 4] || (array['建国','秀英','志强','丽'])[1 + (o.id + k) % 4],
      'wang', 'w', case when k % 10 < 3 then 'female' else 'male' end, '01',
      date '1950-01-01' + (k * 7919 % 18000), 'bachelor', 'full', 'active', date '1990-01-01', date '1991-01-01',
      '138' || lpad((o.id * 100 + k)::text, 8, '0'), '62010219800101' || lpad(((o.id * 100 + k) % 10000)::text, 4, '0')
    from orgs o cross join generate_series(1, ${perBranch}) k where o.kind = 'branch'`);
  // Each list gets `rows` rows under the root, its fields as the app would write them.
  await run(sql`insert into transfers (member_id, from_org_id, from_org_path, to_org_id, to_org_path, kind, status,
      letter_number, reason, requested_on, responded_on)
    select m.id, m.org_id, m.org_path, o.id, o.path, 'internal', 'accepted', '基转〔2026〕' || m.id || '号', '工作调动',
      date '2026-01-01' + m.id % 300, date '2026-01-02' + m.id % 300
    from members m join orgs o on o.id = ${branchBase} + 1 + m.id % ${branches}`);
  await run(sql`insert into meetings (org_id, org_path, kind, title, held_on, starts_at, status)
    select o.id, o.path, 'committee_meeting', '支部委员会第' || k || '次会议', date '2025-01-01' + k * 9,
      (date '2025-01-01' + k * 9)::timestamp + interval '11 hours', 'submitted'
    from orgs o cross join generate_series(1, ${perBranch}) k where o.kind = 'branch'`);
  await run(sql`insert into heart_talks (org_id, org_path, member_id, talker_member_id, talked_on, summary)
    select m.org_id, m.org_path, m.id, m.id, date '2026-01-01' + m.id % 300, '交流思想和工作情况。' from members m`);
  await run(sql`insert into development_cases (org_id, org_path, version, rules, name, gender, id_number, birth_date,
      applied_on)
    select m.org_id, m.org_path, '2014', '{}'::jsonb, m.name, m.gender, '6201021998' || lpad(m.id::text, 8, '0'),
      date '1998-01-01', date '2025-01-01' + m.id % 600 from members m`);
  await run(sql`insert into coverage_units (name, kind, org_id, org_path, employees)
    select '基准第' || m.id || '号有限公司', 'private_enterprise', m.org_id, m.org_path, 10 + m.id % 500 from members m`);
  // One month unpaid for every member (the arrears list and the year's ledger), and a hardship
  // reduction awaiting approval for every member (the approval queue).
  await run(sql`insert into dues_profiles (member_id, org_id, category, base_fen, effective_month, status)
    select m.id, m.org_id, 'employed', 400000, date '2026-01-01', 'active' from members m`);
  await run(sql`insert into dues_profiles (member_id, org_id, category, effective_month, status, reason,
      approval_org_id)
    select m.id, m.org_id, 'hardship_exempt', date '2026-11-01', 'pending', '患重病，无固定收入', o.parent_id
    from members m join orgs o on o.id = m.org_id`);
  await run(sql`insert into dues_ledger (member_id, org_id, org_path, month, category, base_fen, expected_fen, paid_fen,
      status)
    select m.id, m.org_id, m.org_path, date '2026-09-01', 'employed', 400000, 2000, 0, 'unpaid' from members m`);
  await run(sql`insert into audit_log (user_id, username, action, entity, entity_id, org_path, after)
    select null, 'bench', 'member.update', 'member', m.id, m.org_path, jsonb_build_object('phone', '138****0000')
    from members m`);
  const hash = await hashPassword('bench-password');
  await run(sql`insert into users (username, display_name, password_hash) values
    ('admin', '基准管理员', ${hash}), ('auditor', '基准审计员', ${hash}), ('sysadmin', '基准系统管理员', ${hash})`);
  await run(sql`insert into role_assignments (user_id, role, org_id) values
    ((select id from users where username = 'admin'), 'org_admin', 1),
    ((select id from users where username = 'auditor'), 'auditor', 1),
    ((select id from users where username = 'sysadmin'), 'sysadmin', 1)`);
  await run(sql`insert into users (username, display_name, password_hash)
    select 'bench' || k, '基准用户' || k, ${hash} from generate_series(1, ${rows}) k`);
  await run(sql`insert into role_assignments (user_id, role, org_id)
    select u.id, 'secretary', ${branchBase} + 1 + u.id % ${branches} from users u where u.username like 'bench%'`);
  await run(sql`analyze`);
}
const [{ memberCount }] = await queryRows(
  db,
  sql`select count(*)::int as "memberCount" from members`,
  z.object({ memberCount: z.number() }),
);
console.log(`idle heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
console.log(
  `data: ${memberCount} members and ${rows} rows per list (${n === 0 ? `generated in ${((performance.now() - t0) / 1000).toFixed(1)} s` : 'existing'})`,
);

const app = await buildApp({
  config: loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', LOGIN_RATE_LIMIT: '1000' }),
  database,
  clock: () => new Date('2026-11-23T04:00:00Z'),
});
const base = await app.listen({ port: 0, host: '127.0.0.1' });
async function login(username: string) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'bench-password' }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return String(r.headers.get('set-cookie')).split(';')[0];
}
const cookies = {
  admin: await login('admin'),
  auditor: await login('auditor'),
  sysadmin: await login('sysadmin'),
};

/** Data rows of a sheet in a file (below the header row), read as a stream. */
async function sheetRows(file: string, sheet: string) {
  let count = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {});
  for await (const ws of reader) {
    if ((ws as unknown as { name: string }).name !== sheet) continue;
    for await (const row of ws) if (row.number > 4) count++;
  }
  return count;
}

type User = keyof typeof cookies;
const cases: Array<{
  name: string;
  user: User;
  list: string | null;
  url: string;
  sheet: string;
  expect?: number;
}> = [
  {
    name: '党员名册 members',
    user: 'admin',
    list: '/api/members',
    url: '/api/members/export',
    sheet: '党员名册',
  },
  {
    name: '党员名册, two filters (counted, not rolled up)',
    user: 'admin',
    list: '/api/members?orgId=1&category=full&status=active',
    url: '/api/members/export?orgId=1&category=full&status=active',
    sheet: '党员名册',
  },
  {
    name: '组织关系转接 transfers',
    user: 'admin',
    list: '/api/transfers?orgId=1',
    url: '/api/transfers/export?orgId=1',
    sheet: '组织关系转接',
  },
  {
    name: '会议记录 meetings',
    user: 'admin',
    list: '/api/meetings',
    url: '/api/meetings/export',
    sheet: '会议记录',
  },
  {
    name: '谈心谈话 heart talks',
    user: 'admin',
    list: '/api/heart-talks',
    url: '/api/heart-talks/export',
    sheet: '谈心谈话',
  },
  {
    name: '发展党员 development cases',
    user: 'admin',
    list: '/api/development/cases',
    url: '/api/development/cases/export',
    sheet: '发展党员',
  },
  {
    name: '欠交党费 dues arrears',
    user: 'admin',
    list: '/api/dues/arrears?orgId=1',
    url: '/api/dues/arrears/export?orgId=1',
    sheet: '欠交党费名单',
  },
  {
    name: '减免待审批 hardship approval queue',
    user: 'admin',
    // The screen shows the queue's first 500 (its total is theirs): the generated count instead.
    list: null,
    url: '/api/dues/profiles/pending/export?orgId=1',
    sheet: '待审批',
    expect: rows,
  },
  {
    name: '两新组织 coverage units',
    user: 'admin',
    list: '/api/coverage-units',
    url: '/api/coverage-units/export',
    sheet: '两新组织',
  },
  {
    name: '审计日志 audit log',
    user: 'auditor',
    list: '/api/audit?action=member.update',
    url: '/api/audit/export?action=member.update',
    sheet: '审计日志',
  },
  { name: '用户 users', user: 'sysadmin', list: '/api/users', url: '/api/users/export', sheet: '用户' },
  {
    name: '党费台账 dues ledger',
    user: 'admin',
    list: null,
    url: '/api/dues/ledger/export?orgId=1&year=2026',
    sheet: '党费台账',
    expect: rows,
  },
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-export-'));
console.log('\n| export | rows matched | rows in file | time s | peak heap MB | file MB |');
console.log('|---|---|---|---|---|---|');
let failed = 0;
for (const c of cases) {
  const headers = { cookie: cookies[c.user] };
  let matched = c.expect ?? -1;
  if (c.list) {
    const r = await fetch(`${base}${c.list}${c.list.includes('?') ? '&' : '?'}pageSize=1`, { headers });
    if (r.status !== 200) throw new Error(`${c.list}: ${r.status} ${await r.text()}`);
    const body = (await r.json()) as { total: number; totalEstimated?: boolean };
    if (body.totalEstimated) throw new Error(`${c.list}: an estimated total`);
    matched = body.total;
  }
  globalThis.gc?.();
  const idle = process.memoryUsage().heapUsed;
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  const file = path.join(dir, `${c.sheet}.xlsx`);
  const s = performance.now();
  const res = await fetch(`${base}${c.url}`, { headers });
  if (res.status !== 200 || !res.body) throw new Error(`${c.url}: ${res.status} ${await res.text()}`);
  await pipeline(
    Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
    fs.createWriteStream(file),
  );
  const seconds = (performance.now() - s) / 1000;
  clearInterval(sampler);
  const inFile = await sheetRows(file, c.sheet);
  const ok = inFile === matched && matched >= rows;
  if (!ok) failed++;
  console.log(
    `| ${c.name} | ${matched} | ${inFile}${ok ? '' : ' ✗'} | ${seconds.toFixed(1)} | ${((peak - idle) / 2 ** 20).toFixed(0)} | ${(fs.statSync(file).size / 2 ** 20).toFixed(1)} |`,
  );
  fs.rmSync(file);
}
fs.rmSync(dir, { recursive: true, force: true });
await app.close();
await database.close();
if (failed) {
  console.error(`${failed} export(s) did not hold every matched row (or fewer than ${rows} matched)`);
  process.exit(1);
}
