// Dues at scale on real PostgreSQL.
//   createdb jiceng_bench_dues
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiceng_bench_dues npm run bench:dues -- --copies 27
// Into an EMPTY database: seeds the Lanzhou demo (8,500 members with a year of dues ledgers,
// payments with realistic arrears, remittances), then copies it `copies − 1` more times under one
// provincial root (bench/copy-demo.ts). Then it times, through app.inject as a user would call
// them: a branch's collection sheet, a city's ledger page, the arrears list and the collection
// summary at branch, city and province level, reconciliation, the year's export of a branch, a
// payment, and the monthly ledger generation of the whole province (what the daily job does on
// the first of a month).
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { seedDemo } from '../scripts/seed/demo.js';
import { addMonthsTo, monthOf } from '../src/domain/dues/months.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openPostgres, queryRows } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { ensureLedger } from '../src/server/modules/dues/ledger.js';
import { loadRules } from '../src/server/modules/settings/rules.js';
import { copyDemo } from './copy-demo.js';

const { values } = parseArgs({
  options: {
    copies: { type: 'string', default: '27' },
    runs: { type: 'string', default: '10' },
    today: { type: 'string', default: '2026-11-23' },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required (a dedicated, empty database)');
const copies = Number(values.copies);
const runs = Number(values.runs);
const today = values.today as string;

const database = await openPostgres(url, 4);
await runMigrations(database);
const db = database.db;
const seconds = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from orgs`);
if (n === 0) {
  let t = performance.now();
  await seedDemo(db, { password: 'bench-password', today });
  console.log(`demo seeded in ${seconds(t)}`);
  t = performance.now();
  await copyDemo(db, copies, [
    {
      table: 'dues_profiles',
      columns: [
        'category',
        'effective_month',
        'base_fen',
        'amount_fen',
        'status',
        'reason',
        'approval_ref',
        'decided_on',
      ],
      orgIds: ['org_id', 'approval_org_id'],
      memberIds: ['member_id'],
      ownerColumn: 'org_id',
    },
    {
      table: 'dues_ledger',
      columns: [
        'month',
        'expected_fen',
        'paid_fen',
        'status',
        'category',
        'base_fen',
        'rate_bp',
        'last_paid_on',
      ],
      orgIds: ['org_id'],
      memberIds: ['member_id'],
      paths: ['org_path'],
      ownerColumn: 'org_id',
    },
    {
      table: 'dues_payments',
      columns: [
        'month',
        'kind',
        'amount_fen',
        'paid_on',
        'method',
        'payer_name',
        'note',
        'late',
        'to_centre',
        'voided_at',
        'void_reason',
      ],
      orgIds: ['org_id'],
      memberIds: ['member_id'],
      paths: ['org_path'],
      ownerColumn: 'org_id',
    },
    {
      table: 'dues_remittances',
      columns: [
        'amount_fen',
        'remitted_on',
        'period_from',
        'period_to',
        'voucher_no',
        'note',
        'status',
        'confirmed_on',
      ],
      orgIds: ['from_org_id', 'to_org_id'],
      paths: ['from_org_path', 'to_org_path'],
      ownerColumn: 'from_org_id',
    },
    {
      table: 'dues_lapse_decisions',
      columns: ['streak_from', 'streak_to', 'decision', 'decided_on', 'deadline_on', 'note'],
      orgIds: ['org_id'],
      memberIds: ['member_id'],
      paths: ['org_path'],
      ownerColumn: 'org_id',
    },
  ]);
  console.log(`copied to ${copies} cities in ${seconds(t)}`);
  await db.execute(sql`analyze`);
}

const [counts] = await queryRows<Record<string, number>>(
  db,
  sql`select (select count(*)::int from orgs) as orgs, (select count(*)::int from members) as members,
    (select count(*)::int from dues_ledger) as ledger, (select count(*)::int from dues_payments) as payments`,
);
const [{ rpc }] = await queryRows<{ rpc: string }>(
  db,
  sql`select current_setting('random_page_cost') as rpc`,
);
console.log(
  `data: ${counts.orgs} orgs, ${counts.members} members, ${counts.ledger} ledger rows, ${counts.payments} payments; random_page_cost ${rpc}`,
);

const app = await buildApp({
  config: loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', LOGIN_RATE_LIMIT: '1000' }),
  database,
  clock: () => new Date(`${today}T04:00:00Z`),
});
await app.ready();
const login = async (username: string) => {
  const r = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'bench-password' },
  });
  if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.body}`);
  return String(r.headers['set-cookie']).split(';')[0];
};
const cookies = { province: await login('province'), secretary: await login('secretary') };
const [ids] = await queryRows<{ root: number; city: number; branch: number }>(
  db,
  sql`select (select id from orgs where parent_id is null)::int as root,
    (select min(id) from orgs where depth = 1)::int as city,
    (select org_id from role_assignments ra join users u on u.id = ra.user_id
      where u.username = 'secretary' and ra.role = 'secretary' limit 1)::int as branch`,
);
const month = monthOf(today);
const year = Number(today.slice(0, 4));

const percentile = (times: number[], q: number) =>
  times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);

const cases: Array<[string, keyof typeof cookies, string]> = [
  [
    'collection sheet of the branch, this month',
    'secretary',
    `/api/dues/ledger?orgId=${ids.branch}&month=${month}`,
  ],
  [
    'ledger of one city, this month, page 1 (100 rows)',
    'province',
    `/api/dues/ledger?orgId=${ids.city}&month=${month}`,
  ],
  ['arrears list of the branch', 'secretary', `/api/dues/arrears?orgId=${ids.branch}`],
  ['arrears list of one city, page 1', 'province', `/api/dues/arrears?orgId=${ids.city}`],
  [
    `arrears list of the province (${counts.orgs} orgs), page 1`,
    'province',
    `/api/dues/arrears?orgId=${ids.root}`,
  ],
  [
    'collection summary of the branch, year',
    'secretary',
    `/api/orgs/${ids.branch}/dues-summary?year=${year}`,
  ],
  ['collection summary of one city, year', 'province', `/api/orgs/${ids.city}/dues-summary?year=${year}`],
  ['collection summary of the province, year', 'province', `/api/orgs/${ids.root}/dues-summary?year=${year}`],
  ['reconciliation of one city, year', 'province', `/api/orgs/${ids.city}/dues-reconciliation?year=${year}`],
  [
    'ledger export of the branch, year (.xlsx)',
    'secretary',
    `/api/dues/ledger/export?orgId=${ids.branch}&year=${year}`,
  ],
];
console.log('\n| query | user | median ms | p95 ms |\n|---|---|---|---|');
for (const [label, user, path] of cases) {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const s = performance.now();
    const r = await app.inject({ url: path, headers: { cookie: cookies[user] } });
    if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    if (i >= 2) times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(`| ${label} | ${user} | ${percentile(times, 0.5)} | ${percentile(times, 0.95)} |`);
}

// A write: one regular payment (idempotency key, row lock, balance check, audit) for unpaid months
// anywhere in the province.
const unpaid = await queryRows<{ memberId: number; month: string; balance: number }>(
  db,
  sql`select member_id as "memberId", to_char(month, 'YYYY-MM') as month, (expected_fen - paid_fen)::int as balance
      from dues_ledger where status = 'unpaid' and month >= ${`${year}-01-01`}::date limit ${runs}`,
);
const writes: number[] = [];
for (const [i, u] of unpaid.entries()) {
  const s = performance.now();
  const r = await app.inject({
    method: 'POST',
    url: '/api/dues/payments',
    headers: { cookie: cookies.province, 'idempotency-key': `bench-${Date.now()}-${i}` },
    payload: { memberId: u.memberId, month: u.month, amountFen: u.balance, paidOn: today, method: 'cash' },
  });
  if (r.statusCode !== 201) throw new Error(`payment: ${r.statusCode} ${r.body}`);
  writes.push(performance.now() - s);
}
writes.sort((a, b) => a - b);
if (writes.length) {
  console.log(
    `| record a payment (key, lock, checks, audit) | province | ${percentile(writes, 0.5)} | ${percentile(writes, 0.95)} |`,
  );
}

// The first of a month: the daily job creates every member's row of the new month.
const next = addMonthsTo(month, 1);
const rules = await loadRules(db);
const root = await queryRows<{ path: string }>(
  db,
  sql`select path::text as path from orgs where id = ${ids.root}`,
);
let t = performance.now();
const created = await db.transaction((tx) => ensureLedger(tx, { orgPath: root[0].path }, [next], rules));
console.log(`\nledger rows of ${next} for the whole province: ${created} rows in ${seconds(t)}`);
t = performance.now();
const again = await db.transaction((tx) => ensureLedger(tx, { orgPath: root[0].path }, [next], rules));
console.log(`the same again (nothing missing): ${again} rows in ${seconds(t)}`);
await db.execute(sql`delete from dues_ledger where month = ${`${next}-01`}::date`);
await app.close();
