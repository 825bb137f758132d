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
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { addMonthsTo, monthOf } from '../src/domain/dues/months.js';
import { queryRows } from '../src/server/db/client.js';
import { ensureLedger } from '../src/server/modules/dues/ledger.js';
import { loadRules } from '../src/server/modules/settings/rules.js';
import { type BenchUser, openProvince, percentile, provinceApp, seconds, timeRoutes } from './province.js';

const { database, db, today, runs } = await openProvince([
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

const [counts] = await queryRows(
  db,
  sql`select (select count(*)::int from orgs) as orgs, (select count(*)::int from members) as members,
    (select count(*)::int from dues_ledger) as ledger, (select count(*)::int from dues_payments) as payments`,
  z.object({ orgs: z.number(), members: z.number(), ledger: z.number(), payments: z.number() }),
);
const [{ rpc }] = await queryRows(
  db,
  sql`select current_setting('random_page_cost') as rpc`,
  z.object({ rpc: z.string() }),
);
console.log(
  `data: ${counts.orgs} orgs, ${counts.members} members, ${counts.ledger} ledger rows, ${counts.payments} payments; random_page_cost ${rpc}`,
);

const { app, cookies, ids } = await provinceApp(database, today);
const month = monthOf(today);
const year = Number(today.slice(0, 4));

const cases: Array<[string, BenchUser, string]> = [
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
await timeRoutes(app, cookies, cases, runs);

// A write: one regular payment (idempotency key, row lock, balance check, audit) for unpaid months
// anywhere in the province.
const unpaid = await queryRows(
  db,
  sql`select member_id as "memberId", to_char(month, 'YYYY-MM') as month, (expected_fen - paid_fen)::int as balance
      from dues_ledger where status = 'unpaid' and month >= ${`${year}-01-01`}::date limit ${runs}`,
  z.object({ memberId: z.number(), month: z.string(), balance: z.number() }),
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
const root = await queryRows(
  db,
  sql`select path::text as path from orgs where id = ${ids.root}`,
  z.object({ path: z.string() }),
);
let t = performance.now();
const created = await db.transaction((tx) => ensureLedger(tx, { orgPath: root[0].path }, [next], rules));
console.log(`\nledger rows of ${next} for the whole province: ${created} rows in ${seconds(t)}`);
t = performance.now();
const again = await db.transaction((tx) => ensureLedger(tx, { orgPath: root[0].path }, [next], rules));
console.log(`the same again (nothing missing): ${again} rows in ${seconds(t)}`);
await db.execute(sql`delete from dues_ledger where month = ${`${next}-01`}::date`);
await app.close();
