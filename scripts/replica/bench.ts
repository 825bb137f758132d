// npm run bench:replica   (DATABASE_URL: a generated register, e.g. `npm run gen -- --preset city`;
//                          DATABASE_READ_URL: its streaming standby, scripts/replica/setup.sh)
//
// Reads on a replica (issue #21, decision 0050), measured in one run, interleaved:
// 1. the dashboard of the root and of its largest child served by the replica and by the primary;
// 2. read-your-writes: a write (PATCH of a member) followed at once by the same user's dashboard
//    read: how long the read took, how often it waited for the replica and how often it fell back
//    to the primary; and, separately, how long the standby takes to replay a write.

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { z } from 'zod';
import { type App, buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { type Database, openPostgres, queryRows, withReplica } from '../../src/server/db/client.js';
import { currentLsn } from '../../src/server/db/replica.js';
import { WRITE_POSITION_COOKIE } from '../../src/server/db/replica-requests.js';

const url = process.env.DATABASE_URL;
const readUrl = process.env.DATABASE_READ_URL;
if (!url || !readUrl) {
  console.error('DATABASE_URL (a generated register) and DATABASE_READ_URL (its standby) are required');
  process.exit(2);
}
const RUNS = Number(process.env.RUNS ?? 40);
const PASSWORD = process.env.BENCH_PASSWORD ?? 'bench-password';

const primary = await openPostgres(url, 4);
const withReader: Database = withReplica(primary, readUrl, 200);
const reader = withReader.reader;
if (!reader) throw new Error('no replica');
const config = loadConfig({
  LOG_LEVEL: 'silent',
  WEB_DIST: '/nonexistent',
  LOGIN_RATE_LIMIT: '100000',
  DATABASE_URL: url,
  DATABASE_READ_URL: readUrl,
});
const clock = () => new Date();
// Two apps on the same primary pool: one routes the heavy reads to the replica, one has none.
const replicaApp = await buildApp({ config, database: withReader, clock });
const primaryApp = await buildApp({
  config: { ...config, databaseReadUrl: undefined },
  database: primary,
  clock,
});

const cookieOf = (res: LightMyRequestResponse, name: string) =>
  (res.cookies as Array<{ name: string; value: string }>).find((c) => c.name === name)?.value;
async function login(app: App, username: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
  return `jiceng_sid=${cookieOf(res, 'jiceng_sid')}`;
}

const [root] = await queryRows(
  primary.db,
  sql`select id, name from orgs where parent_id is null order by id limit 1`,
  z.object({ id: z.number(), name: z.string() }),
);
const [child] = await queryRows(
  primary.db,
  sql`select o.id, o.name from orgs o join subtree_counts s on s.org_id = o.id and s.dim = 'm' and s.key = 'total'
      where o.parent_id = ${root.id} order by s.n desc limit 1`,
  z.object({ id: z.number(), name: z.string() }),
);
const [member] = await queryRows(
  primary.db,
  sql`select id from members where status = 'active' order by id limit 1`,
  z.object({ id: z.number() }),
);
const [{ n: memberCount }] = await queryRows(
  primary.db,
  sql`select count(*)::int as n from members`,
  z.object({ n: z.number() }),
);

const reading = {
  replica: await login(replicaApp, 'province'),
  primary: await login(primaryApp, 'province'),
};
const writer = await login(replicaApp, 'city');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => x.toFixed(1);
async function timed(app: App, path: string, cookie: string) {
  const t0 = performance.now();
  const res = await app.inject({ url: path, headers: { cookie } });
  const t = performance.now() - t0;
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  return t;
}

console.log(
  `# ${memberCount} members; root ${root.name}, child ${child.name}; ${RUNS} runs each, interleaved`,
);
console.log(
  `# load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `# named prepared statements (both pools): ${process.env.JICENG_PREPARED === '0' ? 'off' : 'on'}`,
);

// 1. The dashboard on each side (a warm-up read of each first).
for (const org of [root, child]) {
  const path = `/api/orgs/${org.id}/dashboard`;
  for (let i = 0; i < 5; i++) {
    await timed(replicaApp, path, reading.replica);
    await timed(primaryApp, path, reading.primary);
  }
  const on = { replica: [] as number[], primary: [] as number[] };
  const before = { ...reader.counts };
  for (let i = 0; i < RUNS; i++) {
    // Alternating which goes first, so neither always follows the other's cache warming.
    if (i % 2) on.primary.push(await timed(primaryApp, path, reading.primary));
    on.replica.push(await timed(replicaApp, path, reading.replica));
    if (!(i % 2)) on.primary.push(await timed(primaryApp, path, reading.primary));
  }
  const served = reader.counts.replica - before.replica;
  console.log(
    `dashboard ${org.name}: replica p50 ${ms(pct(on.replica, 50))} ms p95 ${ms(pct(on.replica, 95))} ms (${served}/${RUNS} served by the replica) | primary p50 ${ms(pct(on.primary, 50))} ms p95 ${ms(pct(on.primary, 95))} ms`,
  );
}

// 2. Read-your-writes: write, then read at once with the write's cookie.
const path = `/api/orgs/${child.id}/dashboard`;
const reads: number[] = [];
const before = { ...reader.counts };
for (let i = 0; i < RUNS; i++) {
  const w = await replicaApp.inject({
    method: 'PATCH',
    url: `/api/members/${member.id}`,
    payload: { workUnit: `基准测试单位${i % 2}` },
    headers: { cookie: writer },
  });
  if (w.statusCode !== 200) throw new Error(`write: ${w.statusCode} ${w.body.slice(0, 200)}`);
  const position = cookieOf(w, WRITE_POSITION_COOKIE);
  reads.push(await timed(replicaApp, path, `${writer}; ${WRITE_POSITION_COOKIE}=${position}`));
}
const c = reader.counts;
console.log(
  `write then read (${child.name}): read p50 ${ms(pct(reads, 50))} ms p95 ${ms(pct(reads, 95))} ms; replica ${c.replica - before.replica} (of which waited ${c.waited - before.waited}), primary after the wait ${c.primary - before.primary}`,
);

// How long the standby takes to replay a commit, polled every millisecond.
const replay: number[] = [];
for (let i = 0; i < RUNS; i++) {
  await primary.db.execute(sql`update members set work_unit = work_unit where id = ${member.id}`);
  const target = await currentLsn(primary.db);
  const t0 = performance.now();
  for (;;) {
    const at = await reader.replayLsn();
    if (at === null || at >= target) break;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  replay.push(performance.now() - t0);
}
console.log(
  `replay of a commit on the standby: p50 ${ms(pct(replay, 50))} ms p95 ${ms(pct(replay, 95))} ms max ${ms(Math.max(...replay))} ms`,
);
console.log(
  `# load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

await replicaApp.close();
await primaryApp.close();
await withReader.close();
