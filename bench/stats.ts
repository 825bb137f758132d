// The annual statistical report at scale on real PostgreSQL: before (the replay of every member in
// JavaScript, issue #6) and after (kept figures for a closed year, SQL for the current year, issue #21)
// in one run, by level.
//   On the generator's data (issue #21):
//     createdb -h 127.0.0.1 -U postgres jc_stats_city
//     DATABASE_URL=postgres://postgres@127.0.0.1:5432/jc_stats_city npm run gen -- --preset city --no-activity
//     DATABASE_URL=postgres://postgres@127.0.0.1:5432/jc_stats_city npm run bench:stats -- --runs 10 --before-runs 3
//   On an EMPTY database: seeds the Lanzhou demo and copies it `copies − 1` times under one root
//   (bench/copy-demo.ts), as issue #6 measured it:
//     DATABASE_URL=postgres://…/jc_stats_copies npm run bench:stats -- --copies 10
// Last year is kept first (timed: what the daily job does once a year closes). Then for the root,
// an org of depth 1 and of depth 2 (the first committee at each, with its members), and the
// secretary's branch: the replay's figures (`replayFigures`, the old report's work) and
// GET /api/orgs/:id/report through app.inject, for last year and the current one.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../src/server/db/client.js';
import { loadRules } from '../src/server/modules/settings/index.js';
import { figuresOf, LARGE_SUBTREE_ORGS } from '../src/server/modules/stats/figures.js';
import { INCREMENTAL_MIN_ORGS, incrementalFigures } from '../src/server/modules/stats/incremental.js';
import { keepYear } from '../src/server/modules/stats/index.js';
import { replayFigures } from '../src/server/modules/stats/replay-figures.js';
import { openProvince, percentile, provinceApp, seconds } from './province.js';

const { values } = parseArgs({
  options: {
    copies: { type: 'string', default: '10' },
    runs: { type: 'string', default: '10' },
    'before-runs': { type: 'string', default: '3' },
    today: { type: 'string', default: '2026-11-23' },
    // Comma-separated levels to time (root, depth 1, depth 2, branch); all by default.
    levels: { type: 'string', default: '' },
  },
});
const beforeRuns = Number(values['before-runs']);
const { database, db, today, runs, filled } = await openProvince(
  [
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
  ],
  {
    copies: Number(values.copies),
    runs: Number(values.runs),
    today: values.today as string,
  },
);
if (filled) {
  // The demo copies: the provincial root has no version yet, and the copies' top committees none under it.
  const [root] = await queryRows(
    db,
    sql`select id from orgs where parent_id is null`,
    z.object({ id: z.number() }),
  );
  await db.execute(sql`insert into org_versions (org_id, valid_from, parent_id, name, kind, status, change)
    select ${root!.id}, '2000-01-01', null, name, kind, 'active', 'created' from orgs where id = ${root!.id}
    and not exists (select 1 from org_versions where org_id = ${root!.id})`);
  await db.execute(
    sql`update org_versions set parent_id = ${root!.id} where parent_id is null and org_id <> ${root!.id}`,
  );
  await db.execute(sql`analyze`);
}
const [counts] = await queryRows(
  db,
  sql`select (select count(*) from members)::int as members,
    (select count(*) from member_events)::int as events, (select count(*) from orgs)::int as orgs`,
  z.object({ members: z.number(), events: z.number(), orgs: z.number() }),
);
console.log(
  'data:',
  counts,
  'load average:',
  (await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' '),
);

const year = Number(today.slice(0, 4)) - 1;
{
  const t = performance.now();
  const rows = await db.transaction((tx) => keepYear(tx, year));
  await db.execute(sql`analyze stats_figures`);
  console.log(`kept ${year}: ${rows.toLocaleString('en')} org rows in ${seconds(t)}`);
}

const { app, cookies, ids } = await provinceApp(database, today);
const levels = await queryRows(
  db,
  sql`select l.level, l.id, o.name,
      (select count(*) from members m where m.org_path <@ o.path)::int as members,
      (select count(*) from orgs s where s.path <@ o.path)::int as orgs
    from (
      select 'root' as level, 1 as ord, ${ids.root}::int as id
      union all select 'depth 1', 2, (select min(id) from orgs where depth = 1 and kind = 'committee')
      union all select 'depth 2', 3, (select min(id) from orgs where depth = 2 and kind = 'committee')
      union all select 'branch', 4, ${ids.branch}::int
    ) l join orgs o on o.id = l.id order by l.ord`,
  z.object({ level: z.string(), id: z.number(), name: z.string(), members: z.number(), orgs: z.number() }),
);
const minFull = (await loadRules(db))['branch.minFullMembers'];

const sorted = (f: Record<string, number>) =>
  Object.fromEntries(Object.entries(f).sort(([a], [b]) => a.localeCompare(b)));

async function time(n: number, fn: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < n + 1; i++) {
    const s = performance.now();
    await fn();
    if (i >= 1) times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

console.log(
  `\nbefore: the replay (${beforeRuns} runs after 1 warm-up); after: GET …/report (${runs} runs after 1 warm-up)\n`,
);
console.log(
  '| level | org (members now) | period | before p50 ms | before p95 ms | full SQL p50 ms | after p50 ms | after p95 ms | after from |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
const only = (values.levels as string).split(',').filter(Boolean);
for (const l of levels) {
  if (only.length && !only.includes(l.level)) continue;
  for (const y of [year, year + 1]) {
    const to = y === year ? `${y}-12-31` : today;
    const before = await time(beforeRuns, () => replayFigures(db, l.id, { from: `${y}-01-01`, to }, minFull));
    // The current year's full computation over the whole history (what the report did before the
    // incremental form, and still does for small subtrees), beside the route.
    const full =
      y === year
        ? null
        : await time(beforeRuns, () =>
            figuresOf(
              db,
              { subtree: l.id },
              { from: `${y}-01-01`, to },
              minFull,
              l.orgs > LARGE_SUBTREE_ORGS,
            ),
          );
    // The incremental figures equal the full computation's (the property test holds both equal to
    // the replay on random histories; this checks the bulk and lookup plans on the real data).
    let same = '';
    if (y !== year && l.orgs > INCREMENTAL_MIN_ORGS) {
      const p = { from: `${y}-01-01`, to };
      const inc = await incrementalFigures(db, l.id, p, minFull);
      const fullF =
        (await figuresOf(db, { subtree: l.id }, p, minFull, l.orgs > LARGE_SUBTREE_ORGS)).get(l.id) ?? {};
      same =
        'figures' in inc
          ? JSON.stringify(sorted(inc.figures)) === JSON.stringify(sorted(fullF))
            ? ' ='
            : ' ≠ FULL'
          : '';
    }
    let source = '';
    const after = await time(runs, async () => {
      const r = await app.inject({
        url: `/api/orgs/${l.id}/report?year=${y}`,
        headers: { cookie: cookies.province },
      });
      if (r.statusCode === 400 && y === year) {
        // The org did not stand on that 31 December (the generator founds most orgs this year).
        source = 'not founded then';
        return;
      }
      if (r.statusCode !== 200) throw new Error(`${l.level}: ${r.statusCode} ${r.body.slice(0, 300)}`);
      const fig = (JSON.parse(r.body) as { figures: { source: string; fullBecause: string | null } }).figures;
      source = fig.fullBecause ? `${fig.source} (${fig.fullBecause})` : `${fig.source}${same}`;
    });
    console.log(
      `| ${l.level} | ${l.name} (${l.members.toLocaleString('en')}) | ${y === year ? `${y} (closed)` : `${y} to ${to}`} | ${before.p50} | ${before.p95} | ${full?.p50 ?? '—'} | ${after.p50} | ${after.p95} | ${source} |`,
    );
  }
}
console.log(
  'load average at the end:',
  (await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' '),
);
await app.close();
await database.close();
process.exit(0);
