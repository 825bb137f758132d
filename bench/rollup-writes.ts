// What the subtree rollups cost a writer (issue #7). On a filled database (DATABASE_URL; the
// generator's province, say), W concurrent sessions each write members for D seconds, one
// transaction per member: insert into a random branch, then change the member's status (two
// statements, so two trigger runs). Once with the rollup triggers, once without them
// (`session_replication_role = replica`, for those sessions only). Every row written is deleted the
// way it was written, so the rollups stay exact; the run ends by checking the root's total.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiceng_gen_province npm run bench:rollups -- --seconds 10
//
// Prints a markdown table: transactions per second and latency percentiles per mode and W.
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    writers: { type: 'string', default: '1,8' },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required (a filled database: npm run gen)');
const seconds = Number(values.seconds);
const writerCounts = (values.writers as string).split(',').map(Number);

const admin = new pg.Client({ connectionString: url });
await admin.connect();
const { rows: branches } = await admin.query<{ id: number; path: string }>(
  `select id, path::text from orgs where kind = 'branch' and status = 'active' order by random() limit 2000`,
);
if (!branches.length) throw new Error('no branches: fill the database first (npm run gen)');
const rootTotal = async () =>
  Number(
    (
      await admin.query(
        `select n from subtree_counts where org_id = (select id from orgs where parent_id is null order by id limit 1)
         and dim = 'm' and key = 'total'`,
      )
    ).rows[0]?.n ?? 0,
  );
const before = await rootTotal();

const pct = (s: number[], q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;

async function run(writers: number, triggers: boolean) {
  const clients = await Promise.all(
    Array.from({ length: writers }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      if (!triggers) await c.query(`set session_replication_role = replica`);
      return c;
    }),
  );
  const latencies: number[] = [];
  const written: Array<{ c: pg.Client; id: number }> = [];
  const end = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    clients.map(async (c, w) => {
      while (performance.now() < end) {
        const b = branches[(n++ * 7919 + w) % branches.length];
        const t = performance.now();
        await c.query('begin');
        const { rows } = await c.query<{ id: number }>(
          `insert into members (org_id, org_path, name, gender, ethnicity, birth_date, education, category, status, joined_on)
           values ($1, $2::ltree, '压测党员', 'female', '01', '1990-05-05', 'bachelor', 'full', 'active', '2015-07-01')
           returning id`,
          [b.id, b.path],
        );
        await c.query(`update members set status = 'mobile' where id = $1`, [rows[0].id]);
        await c.query('commit');
        latencies.push(performance.now() - t);
        written.push({ c, id: rows[0].id });
      }
    }),
  );
  // Remove them in the same mode they were written in (triggers on: the rollups subtract them).
  for (const c of clients) {
    const ids = written.filter((x) => x.c === c).map((x) => x.id);
    if (ids.length) await c.query(`delete from members where id = any($1::int[])`, [ids]);
    await c.end();
  }
  latencies.sort((a, b) => a - b);
  return { tps: latencies.length / seconds, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99) };
}

console.log(
  `${seconds} s per run; ${branches.length} random branches; one transaction = insert + status change.`,
);
console.log('\n| writers | rollup triggers | transactions/s | p50 ms | p99 ms |\n|---|---|---|---|---|');
for (const w of writerCounts) {
  for (const triggers of [true, false]) {
    const r = await run(w, triggers);
    console.log(
      `| ${w} | ${triggers ? 'on' : 'off'} | ${Math.round(r.tps)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`,
    );
  }
}
const after = await rootTotal();
console.log(
  `\nroot's member total before ${before}, after ${after}: ${before === after ? 'unchanged' : 'CHANGED'}`,
);
await admin.end();
