// Register and tree queries at scale on real PostgreSQL.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiceng_bench npm run bench:register -- --branches 5000 --per-branch 40
// Generates (into an EMPTY database) a tree root → 10 districts → streets → branches with N
// members each, then times the API routes a user hits most, through app.inject (so routing,
// validation, scope and serialization are included), for an admin of the whole tree, a
// district admin and a branch secretary.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openPostgres, queryRows } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { hashPassword } from '../src/server/lib/passwords.js';

const { values } = parseArgs({
  options: {
    branches: { type: 'string', default: '5000' },
    'per-branch': { type: 'string', default: '40' },
    runs: { type: 'string', default: '20' },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required (a dedicated, empty database)');
const branches = Number(values.branches);
const perBranch = Number(values['per-branch']);
const runs = Number(values.runs);
const districts = 10;
const streetsPerDistrict = Math.max(1, Math.round(branches / districts / 25));
const streets = districts * streetsPerDistrict;

const database = await openPostgres(url, 4);
await runMigrations(database);
const db = database.db;
const [{ n }] = await queryRows(db, sql`select count(*)::int as n from orgs`, z.object({ n: z.number() }));
const t0 = performance.now();
if (n === 0) {
  // Ids are assigned here so paths can be computed in one statement per level.
  await db.execute(sql`insert into orgs (id, parent_id, path, depth, name, name_pinyin, name_initials, kind, sector, founded_on)
    overriding system value values (1, null, '1', 0, '中共基准市委员会', 'zhonggongjizhunshiweiyuanhui', 'zgjzswyh', 'committee', 'government', '2000-01-01')`);
  await db.execute(sql`insert into orgs (id, parent_id, path, depth, name, name_pinyin, name_initials, kind, sector, founded_on)
    overriding system value
    select 1 + d, 1, ('1.' || (1 + d))::ltree, 1, '中共第' || d || '区委员会', 'diqu' || d, 'dq' || d, 'committee', 'government', '2000-01-01'
    from generate_series(1, ${districts}) d`);
  const streetBase = 1 + districts;
  await db.execute(sql`insert into orgs (id, parent_id, path, depth, name, name_pinyin, name_initials, kind, sector, founded_on)
    overriding system value
    select ${streetBase} + s, 2 + (s - 1) % ${districts}, ('1.' || (2 + (s - 1) % ${districts}) || '.' || (${streetBase} + s))::ltree, 2,
      '中共第' || s || '街道工作委员会', 'jiedao' || s, 'jd' || s, 'committee', 'community', '2000-01-01'
    from generate_series(1, ${streets}) s`);
  const branchBase = streetBase + streets;
  await db.execute(sql`insert into orgs (id, parent_id, path, depth, name, name_pinyin, name_initials, kind, sector, founded_on)
    overriding system value
    select ${branchBase} + b, p.id, (p.path || (${branchBase} + b)::text)::ltree, 3,
      '中共第' || b || '社区支部委员会', 'shequ' || b, 'sq' || b, 'branch', 'community', '2000-01-01'
    from generate_series(1, ${branches}) b
    join orgs p on p.id = ${streetBase} + 1 + (b - 1) % ${streets}`);
  await db.execute(sql`select setval(pg_get_serial_sequence('orgs', 'id'), (select max(id) from orgs))`);
  await db.execute(sql`insert into org_versions (org_id, valid_from, parent_id, name, kind, status, change)
    select id, '2000-01-01', parent_id, name, kind, 'active', 'created' from orgs`);
  // Names from common surnames and given characters, with their pinyin, so search behaves
  // like the real register.
  await db.execute(sql`
    with s(surname, py, ini) as (values ('王','wang','w'),('李','li','l'),('张','zhang','z'),('刘','liu','l'),('陈','chen','c'),
      ('杨','yang','y'),('黄','huang','h'),('赵','zhao','z'),('吴','wu','w'),('周','zhou','z'),('马','ma','m'),('何','he','h')),
    g(given, py, ini) as (values ('建国','jianguo','jg'),('秀英','xiuying','xy'),('志强','zhiqiang','zq'),('丽','li','l'),
      ('伟','wei','w'),('芳','fang','f'),('磊','lei','l'),('静','jing','j'),('海燕','haiyan','hy'),('明','ming','m')),
    sa as (select row_number() over () - 1 as i, * from s), ga as (select row_number() over () - 1 as i, * from g)
    insert into members (org_id, org_path, name, name_pinyin, name_initials, gender, ethnicity, birth_date, education,
      category, status, joined_on, confirmed_on)
    select o.id, o.path, sa.surname || ga.given, sa.py || ga.py, sa.ini || ga.ini,
      case when k % 10 < 3 then 'female' else 'male' end, '01',
      date '1950-01-01' + (k * 7919 % 18000), 'bachelor', 'full', 'active',
      date '1975-01-01' + (k * 104729 % 15000), date '1976-01-01' + (k * 104729 % 15000)
    from orgs o
    cross join generate_series(1, ${perBranch}) k
    join sa on sa.i = (o.id * 31 + k) % 12
    join ga on ga.i = (o.id * 17 + k * 3) % 10
    where o.kind = 'branch'`);
  await db.execute(sql`analyze`);
  const hash = await hashPassword('bench-password');
  await db.execute(sql`insert into users (username, display_name, password_hash) values
    ('admin', 'admin', ${hash}), ('district', 'district', ${hash}), ('secretary', 'secretary', ${hash})`);
  await db.execute(sql`insert into role_assignments (user_id, role, org_id) values
    ((select id from users where username = 'admin'), 'org_admin', 1),
    ((select id from users where username = 'district'), 'org_admin', 2),
    ((select id from users where username = 'secretary'), 'secretary', ${branchBase + 1})`);
}
const [{ orgCount, memberCount }] = await queryRows(
  db,
  sql`select (select count(*)::int from orgs) as "orgCount", (select count(*)::int from members) as "memberCount"`,
  z.object({ orgCount: z.number(), memberCount: z.number() }),
);
console.log(
  `data: ${orgCount} orgs, ${memberCount} members (${n === 0 ? `generated in ${((performance.now() - t0) / 1000).toFixed(1)} s` : 'existing'})`,
);

const app = await buildApp({
  config: loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', LOGIN_RATE_LIMIT: '1000' }),
  database,
});
await app.ready();
async function login(username: string) {
  const r = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'bench-password' },
  });
  return String(r.headers['set-cookie']).split(';')[0];
}
const cookies = {
  admin: await login('admin'),
  district: await login('district'),
  secretary: await login('secretary'),
};
const [{ branchId }] = await queryRows(
  db,
  sql`select min(id)::int as "branchId" from orgs where kind = 'branch'`,
  z.object({ branchId: z.number() }),
);

const cases: Array<[string, keyof typeof cookies, string]> = [
  ['tree: children of the root with subtree member counts', 'admin', '/api/orgs/1/children'],
  ['org page of a district (stats, violations)', 'admin', '/api/orgs/2'],
  ['org page of a branch', 'secretary', `/api/orgs/${branchId}`],
  ['member list, whole tree, page 1', 'admin', '/api/members?pageSize=20'],
  ['member list, one district, page 50', 'district', '/api/members?orgId=2&pageSize=20&current=50'],
  ['member list, own branch', 'secretary', `/api/members?orgId=${branchId}&pageSize=50`],
  ['member search by pinyin prefix, whole tree', 'admin', '/api/members?q=zhangjianguo'],
  ['member search by initials, one district', 'district', '/api/members?q=zjg&orgId=2'],
  ['member search by name (contains), whole tree', 'admin', `/api/members?q=${encodeURIComponent('建国')}`],
  ['org search by name, whole tree', 'admin', `/api/orgs?q=${encodeURIComponent('社区支部')}`],
];
console.log(`\n| query | user | median ms | p95 ms |\n|---|---|---|---|`);
for (const [label, user, path] of cases) {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const s = performance.now();
    const r = await app.inject({ url: path, headers: { cookie: cookies[user] } });
    if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode} ${r.body}`);
    if (i >= 2) times.push(performance.now() - s); // two warm-up runs
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  console.log(`| ${label} | ${user} | ${p(0.5)} | ${p(0.95)} |`);
}
await app.close();
await database.close();
