// Organizational-life compliance at scale on real PostgreSQL.
//   createdb jiceng_bench_orglife
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiceng_bench_orglife npm run bench:orglife -- --copies 27
// Into an EMPTY database: seeds the Lanzhou demo (386 orgs, 8,500 members, a year of meetings and
// heart talks), then copies it `copies - 1` more times under one provincial root (ids shifted,
// paths rewritten), so a province of ~10,000 orgs has the demo's real mix of kept and missed
// meetings. Then it times the full compliance recompute (what a rule change costs), the compliance
// page for the province, a city and a branch, one meeting submission (write + refresh of one
// branch), and the daily reminders job, through app.inject where a user would call the API.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../src/server/db/client.js';
import { runDailyJob } from '../src/server/jobs/daily.js';
import { refreshAllCompliance } from '../src/server/modules/orglife/refresh.js';
import { type BenchUser, openProvince, provinceApp, seconds, timeRoutes } from './province.js';

const { database, db, today, runs } = await openProvince([
  {
    table: 'committee_members',
    columns: ['role', 'started_on', 'ended_on', 'sort_order'],
    orgIds: ['org_id'],
    memberIds: ['member_id'],
    ownerColumn: 'org_id',
  },
  {
    table: 'meetings',
    columns: [
      'kind',
      'title',
      'held_on',
      'starts_at',
      'ends_at',
      'place',
      'host_name',
      'recorder_name',
      'lecturer_name',
      'by_secretary',
      'topic',
      'agenda',
      'minutes',
      'decisions',
      'votes',
      'status',
      'submitted_at',
      'reviewed_at',
      'review_comment',
    ],
    orgIds: ['org_id', 'group_id'],
    memberIds: ['lecturer_member_id'],
    paths: ['org_path'],
    ownerColumn: 'org_id',
  },
  {
    table: 'heart_talks',
    columns: ['talked_on', 'summary'],
    orgIds: ['org_id'],
    memberIds: ['member_id', 'talker_member_id'],
    paths: ['org_path'],
    ownerColumn: 'org_id',
  },
  {
    table: 'orglife_exemptions',
    columns: ['rule_id', 'period_key', 'reason'],
    orgIds: ['org_id'],
    paths: ['org_path'],
    ownerColumn: 'org_id',
  },
]);

const [counts] = await queryRows(
  db,
  sql`select (select count(*)::int from orgs) as orgs,
    (select count(*)::int from orgs where kind in ('branch', 'joint_branch')) as branches,
    (select count(*)::int from members) as members, (select count(*)::int from meetings) as meetings,
    (select count(*)::int from heart_talks) as "heartTalks"`,
  z.object({
    orgs: z.number(),
    branches: z.number(),
    members: z.number(),
    meetings: z.number(),
    heartTalks: z.number(),
  }),
);
console.log(
  `data: ${counts.orgs} orgs (${counts.branches} branches), ${counts.members} members, ${counts.meetings} meetings, ${counts.heartTalks} heart talks`,
);

let t = performance.now();
await db.transaction((tx) => refreshAllCompliance(tx, today));
const refreshTime = seconds(t);
// The recompute deleted and rewrote every row; measure reads as autovacuum would leave the table.
await db.execute(sql`vacuum analyze orglife_compliance`);
const [{ rows }] = await queryRows(
  db,
  sql`select count(*)::int as rows from orglife_compliance`,
  z.object({ rows: z.number() }),
);
console.log(
  `full compliance recompute (every branch; what a rule change costs): ${refreshTime}, ${rows} rows`,
);

const { app, cookies, ids } = await provinceApp(database, today);

const cases: Array<[string, BenchUser, string]> = [
  [
    `province (${counts.orgs} orgs), Jan–Nov`,
    'province',
    `/api/orgs/${ids.root}/compliance?from=2026-01&to=2026-11`,
  ],
  [
    'province, 12 months across the year boundary',
    'province',
    `/api/orgs/${ids.root}/compliance?from=2025-12&to=2026-11`,
  ],
  ['one city (~386 orgs), Jan–Nov', 'province', `/api/orgs/${ids.city}/compliance?from=2026-01&to=2026-11`],
  [
    'one branch (its calendar), whole year',
    'secretary',
    `/api/orgs/${ids.branch}/compliance?from=2026-01&to=2026-12`,
  ],
  ['meeting list of the province, page 1', 'province', `/api/meetings?orgId=${ids.root}&pageSize=20`],
];
await timeRoutes(app, cookies, cases, runs);

// A write: submitting a meeting rewrites one branch's compliance rows in the same transaction.
const expected = JSON.parse(
  (
    await app.inject({
      url: `/api/meetings/expected-attendees?orgId=${ids.branch}&heldOn=${today}&kind=theme_day`,
      headers: { cookie: cookies.secretary },
    })
  ).body,
) as Array<{ memberId: number }>;
const writes: number[] = [];
for (let i = 0; i < runs; i++) {
  const create = await app.inject({
    method: 'POST',
    url: '/api/meetings',
    headers: { cookie: cookies.secretary },
    payload: {
      orgId: ids.branch,
      kind: 'theme_day',
      title: `基准测试主题党日${i}`,
      heldOn: today,
      startTime: '09:00',
      minutes: '基准测试会议记录。',
      attendees: expected.map((a) => ({ memberId: a.memberId, attendance: 'present' })),
    },
  });
  if (create.statusCode !== 201) throw new Error(`create meeting: ${create.body}`);
  const id = JSON.parse(create.body).id;
  const s = performance.now();
  const submit = await app.inject({
    method: 'POST',
    url: `/api/meetings/${id}/submit`,
    headers: { cookie: cookies.secretary },
    payload: {},
  });
  if (submit.statusCode !== 200) throw new Error(`submit: ${submit.body}`);
  writes.push(performance.now() - s);
}
writes.sort((a, b) => a - b);
console.log(
  `| submit a meeting (write + refresh of one branch) | secretary | ${writes[Math.floor(writes.length / 2)].toFixed(1)} | ${writes[Math.min(writes.length - 1, Math.floor(0.95 * writes.length))].toFixed(1)} |`,
);

await db.execute(sql`delete from notifications`);
await db.execute(sql`delete from job_runs`);
t = performance.now();
const first = await runDailyJob(db, today);
const firstTime = seconds(t);
t = performance.now();
const second = await runDailyJob(db, today);
console.log(
  `\ndaily job: first run ${firstTime} (${first.dueItems} due, ${first.missedItems} missed items, ${first.notified} notifications); second run ${seconds(t)} (${second.notified} new)`,
);
await app.close();
await database.close();
