// The request path under load (issue #21 part 2): the main read routes against the route with no
// database (health without a session cookie) in the same run, and optionally the same routes served
// by an older commit, interleaved route by route so that both see the same machine.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jc_gen_city npm run bench:load -- --before 53d4b26
//
// Options: --duration S per route and server (default 5), --connections N (20), --before <git ref>
// (served from a git worktree in /tmp with this checkout's node_modules), --only <text> (routes
// whose label contains it), --profile DIR (a CPU profile of the current server), --also-env K=V (a
// third server: the current checkout with that variable, e.g. JICENG_PREPARED=0, or
// JICENG_BENCH_POOL=4 for another pool size than the app's 10), --today (the servers' clock,
// default 2026-11-23).
//
// Each server is its own Node process (this file run with --serve <checkout>): the server, the load
// generator (autocannon in a worker thread of this process) and PostgreSQL share the machine's
// cores. The database needs the users `province` (org admin at the root) and `secretary` (a
// branch's secretary with a member record) with the password `bench-password`, as the generator
// and bench/province.ts make them. Queries per request come from the `x-query-count` header
// (src/server/lib/request-stats.ts), where the served commit has it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openPostgres, queryRows } from '../src/server/db/client.js';
import { benchOrgIds } from './province.js';

const { values } = parseArgs({
  options: {
    serve: { type: 'string' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '20' },
    before: { type: 'string' },
    only: { type: 'string' },
    profile: { type: 'string' },
    'also-env': { type: 'string' },
    today: { type: 'string', default: '2026-11-23' },
  },
});
const today = values.today as string;
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required (e.g. the generated city)');

// ---- the server (a child process) -----------------------------------------------------------

if (values.serve) {
  // The checkout's own modules, whichever commit it holds (their API: buildApp, loadConfig,
  // openPostgres, as in every commit since issue #17).
  const root = path.resolve(values.serve);
  const load = (p: string) => import(pathToFileURL(path.join(root, p)).href);
  const { buildApp } = await load('src/server/app.ts');
  const { loadConfig } = await load('src/server/config.ts');
  const { openPostgres: open } = await load('src/server/db/client.ts');
  // JICENG_BENCH_POOL: another pool size than the app's default (10), to compare (--also-env).
  const database = await open(
    url,
    process.env.JICENG_BENCH_POOL ? Number(process.env.JICENG_BENCH_POOL) : undefined,
  );
  const app = await buildApp({
    config: loadConfig({
      LOG_LEVEL: 'silent',
      WEB_DIST: '/nonexistent',
      LOGIN_RATE_LIMIT: '1000',
      DATABASE_URL: url,
    }),
    database,
    clock: () => new Date(`${today}T04:00:00Z`),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  console.log(`READY ${app.server.address().port}`);
  process.on('SIGTERM', async () => {
    await app.close();
    await database.close();
    process.exit(0);
  });
  await new Promise(() => {});
}

// ---- the load -------------------------------------------------------------------------------

const duration = Number(values.duration);
const connections = Number(values.connections);
const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const out: string[] = [];
const say = (line = '') => {
  out.push(line);
  console.log(line);
};

interface Server {
  name: string;
  child: ChildProcess;
  base: string;
  cookies: Record<'province' | 'secretary', string>;
  login(username: string): Promise<string>;
}

async function serve(
  name: string,
  checkout: string,
  profile?: string,
  env: Record<string, string> = {},
): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      // --profile DIR: the server writes a CPU profile there when it stops (open it in Chrome's
      // DevTools, or summarise it by function).
      ...(profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profile)] : []),
      '--import',
      'tsx',
      path.resolve('bench/load.ts'),
      '--serve',
      checkout,
      '--today',
      today,
    ],
    {
      cwd: checkout,
      env: { ...process.env, JICENG_QUERY_COUNT: '1', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name}: the server exited (${code})`)));
    lines.on('line', (line) => {
      const m = /^READY (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const login = async (username: string) => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'bench-password' }),
    });
    if (res.status !== 200) throw new Error(`${name}: login ${username}: ${await res.text()}`);
    return String(res.headers.get('set-cookie')).split(';')[0];
  };
  return {
    name,
    child,
    base,
    login,
    cookies: { province: await login('province'), secretary: await login('secretary') },
  };
}

/** A worktree of `ref` in /tmp, sharing this checkout's node_modules. */
function worktree(ref: string): string {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { encoding: 'utf8' }).trim();
  const dir = path.join(os.tmpdir(), `jiceng-load-${sha}`);
  if (!existsSync(dir)) execFileSync('git', ['worktree', 'add', '--detach', dir, sha], { stdio: 'ignore' });
  if (!existsSync(path.join(dir, 'node_modules')))
    symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

const database = await openPostgres(url, 2);
const ids = await benchOrgIds(database.db);
const [extra] = await queryRows(
  database.db,
  sql`select (select min(id) from orgs where depth = 1)::int as below`,
  z.object({ below: z.number() }),
);
await database.close();
const month = today.slice(0, 7);

// [label, user, the route as shown, the url]
type Route = [string, 'province' | 'secretary' | null, string, string];
const BASELINE = 'health, no session (no database)';
const routes: Route[] = [
  [BASELINE, null, '/api/health', '/api/health'],
  ['health with a session', 'province', '/api/health', '/api/health'],
  ['who am I', 'province', '/api/me', '/api/me'],
  [
    'members, root',
    'province',
    '/api/members?orgId=…&pageSize=20',
    `/api/members?orgId=${ids.root}&pageSize=20`,
  ],
  [
    'members, level 1',
    'province',
    '/api/members?orgId=…&pageSize=20',
    `/api/members?orgId=${extra.below}&pageSize=20`,
  ],
  ['org, root', 'province', '/api/orgs/:id', `/api/orgs/${ids.root}`],
  ['org, branch', 'secretary', '/api/orgs/:id', `/api/orgs/${ids.branch}`],
  ['children, root', 'province', '/api/orgs/:id/children', `/api/orgs/${ids.root}/children`],
  ['children, level 1', 'province', '/api/orgs/:id/children', `/api/orgs/${extra.below}/children`],
  ['dashboard, root', 'province', '/api/orgs/:id/dashboard', `/api/orgs/${ids.root}/dashboard`],
  ['dashboard, branch', 'secretary', '/api/orgs/:id/dashboard', `/api/orgs/${ids.branch}/dashboard`],
  ['compliance, level 1', 'province', '/api/orgs/:id/compliance', `/api/orgs/${extra.below}/compliance`],
  ['compliance, branch', 'secretary', '/api/orgs/:id/compliance', `/api/orgs/${ids.branch}/compliance`],
  [
    'dues ledger, branch',
    'secretary',
    '/api/dues/ledger?orgId=…&month=…',
    `/api/dues/ledger?orgId=${ids.branch}&month=${month}`,
  ],
  ["member's home", 'secretary', '/api/my/home', '/api/my/home'],
];
const chosen = values.only
  ? routes.filter((r) => r[0] === BASELINE || r[0].includes(values.only as string))
  : routes;

const servers: Server[] = [];
const started = performance.now();
try {
  servers.push(await serve('now', process.cwd(), values.profile));
  const alsoEnv = values['also-env'];
  if (alsoEnv) {
    const [k, v] = alsoEnv.split('=');
    servers.push(await serve(`now, ${alsoEnv}`, process.cwd(), undefined, { [k]: v ?? '' }));
  }
  if (values.before) servers.push(await serve(`before (${values.before})`, worktree(values.before)));
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  say(
    `${connections} connections, ${duration} s per route and server, autocannon in a worker thread of the bench ` +
      `process; each server its own Node process (pool of 10) on 127.0.0.1; "now" is the checkout at ${head}` +
      `${values.before ? ' (with uncommitted changes, if any)' : ''}. Load average at the start: ${loadAverage()}.`,
  );
  say();
  say('| route | user | server | requests/s | p50 ms | p99 ms | ÷ baseline | queries | non-2xx + errors |');
  say('|---|---|---|---|---|---|---|---|---|');
  const baseline = new Map<string, number>();
  for (const [label, user, shown, route] of chosen) {
    // Interleaved: each route on every server before the next route.
    for (const server of servers) {
      // A sign-in by another program on the same database with a later clock sweeps this bench's
      // sessions as expired (they were made on the servers' fixed day): sign in again then.
      if (
        user &&
        (await fetch(`${server.base}/api/me`, { headers: { cookie: server.cookies[user] } })).status === 401
      )
        server.cookies[user] = await server.login(user);
      const headers = user ? { cookie: server.cookies[user] } : {};
      // Two requests alone first: they must answer 200, and the second says how many queries a
      // request sends once the first has filled what the server keeps.
      await fetch(`${server.base}${route}`, { headers }).then((r) => r.text());
      const probe = await fetch(`${server.base}${route}`, { headers });
      const body = await probe.text();
      if (probe.status !== 200)
        throw new Error(`${server.name} ${route}: ${probe.status} ${body.slice(0, 200)}`);
      const queries = probe.headers.get('x-query-count') ?? '—';
      const r = await autocannon({
        url: `${server.base}${route}`,
        connections,
        duration,
        headers,
        workers: 1,
      });
      const rps = r.requests.average;
      if (label === BASELINE) baseline.set(server.name, rps);
      const ratio = rps / (baseline.get(server.name) ?? Number.NaN);
      say(
        `| ${label} \`${shown}\` | ${user ?? '—'} | ${server.name} | ${Math.round(rps).toLocaleString('en-US')} | ` +
          `${r.latency.p50} | ${r.latency.p99} | ${label === BASELINE ? '1' : `1/${(1 / ratio).toFixed(1)}`} | ` +
          `${queries} | ${r.non2xx + r.errors + r.timeouts} |`,
      );
    }
  }
  say();
  say(
    `Total ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end: ${loadAverage()}.`,
  );
} finally {
  await Promise.all(
    servers.map((s) => {
      const exited = new Promise((r) => s.child.once('exit', r));
      s.child.kill('SIGTERM');
      return exited;
    }),
  );
}
mkdirSync('artifacts', { recursive: true });
writeFileSync('artifacts/bench-load.md', `${out.join('\n')}\n`);
console.error('written to artifacts/bench-load.md');
process.exit(0);
