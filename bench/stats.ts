// The annual statistical report at scale on real PostgreSQL.
//   createdb jiceng_bench_stats
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiceng_bench_stats npm run bench:stats -- --copies 10
// Into an EMPTY database: seeds the Lanzhou demo (8,500 members, their register history, the tree's
// versions, development cases), copies it `copies − 1` more times under one provincial root
// (bench/copy-demo.ts), then times GET /api/orgs/:id/report for last year at the branch, a city
// and the province, and the .xlsx of the city.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../src/server/db/client.js';
import { openProvince, provinceApp, timeRoutes } from './province.js';

const { database, db, today, runs } = await openProvince([
  {
    table: 'org_versions',
    columns: ['valid_from', 'valid_to', 'name', 'kind', 'status', 'change', 'reason'],
    orgIds: ['org_id', 'parent_id'],
    ownerColumn: 'org_id',
  },
  {
    table: 'member_events',
    columns: ['kind', 'occurred_on', 'data'],
    orgIds: ['org_id'],
    memberIds: ['member_id'],
    ownerColumn: 'org_id',
  },
  {
    table: 'development_cases',
    columns: [
      'version',
      'rules',
      'name',
      'gender',
      'id_number',
      'birth_date',
      'status',
      'stage',
      'applied_on',
      'activist_on',
      'candidate_on',
      'admitted_on',
      'closed_on',
    ],
    orgIds: ['org_id'],
    paths: ['org_path'],
    ownerColumn: 'org_id',
  },
]);
// The provincial root has no version yet, and the copies' top committees none under it.
const [root] = await queryRows(
  db,
  sql`select id from orgs where parent_id is null`,
  z.object({ id: z.number() }),
);
await db.execute(sql`insert into org_versions (org_id, valid_from, parent_id, name, kind, status, change)
  select ${root.id}, '2000-01-01', null, name, kind, 'active', 'created' from orgs where id = ${root.id}
  and not exists (select 1 from org_versions where org_id = ${root.id})`);
await db.execute(
  sql`update org_versions set parent_id = ${root.id} where parent_id is null and org_id <> ${root.id}`,
);
await db.execute(sql`analyze`);
const [counts] = await queryRows(
  db,
  sql`select (select count(*) from members)::int as members,
    (select count(*) from member_events)::int as events, (select count(*) from orgs)::int as orgs`,
  z.object({ members: z.number(), events: z.number(), orgs: z.number() }),
);
console.log('data:', counts);

const { app, cookies, ids } = await provinceApp(database, today);
const year = Number(today.slice(0, 4)) - 1;
await timeRoutes(
  app,
  cookies,
  [
    ['report, branch', 'secretary', `/api/orgs/${ids.branch}/report?year=${year}`],
    ['report, city (one copy of the demo)', 'province', `/api/orgs/${ids.city}/report?year=${year}`],
    ['report, province root', 'province', `/api/orgs/${ids.root}/report?year=${year}`],
    ['report .xlsx, city', 'province', `/api/orgs/${ids.city}/report?year=${year}&format=xlsx`],
  ],
  runs,
);
await app.close();
await database.close();
process.exit(0);
