// The embedded engine side by side (issue #21 part 5, decision 0052): the seeded demo served by
// `npm start`'s path (scripts/start.mjs) on the embedded PostgreSQL (the default), on PGlite
// (JICENG_EMBEDDED=pglite, the fallback) and in a worker (pglite-worker), and on the system
// PostgreSQL with the same demo, in one run:
//   1. each engine's cold start (empty DATA_DIR or an empty database: create, migrate, seed the
//      demo), stopped, then its warm start, each timed from spawning the process to the first 200
//      from /api/health/ready (as bench/startup.ts);
//   2. the memory of every warm server once ready: the Node process and its database's processes
//      (RSS, and PSS which shares PostgreSQL's shared buffers out among its processes);
//   3. bench/load.ts's routes at 10 connections, interleaved route by route across the servers,
//      with the demo's users (admin at the city root, secretary of the demo's branch).
//
//   npm run bench:embedded -- [--engines pglite,pglite-worker,postgres,system] [--duration 5]
//     [--connections 10] [--pg postgres://postgres@127.0.0.1:5432/jc_embedded_pg] [--only <label text>]
//
// The system PostgreSQL's database is dropped and created again for its cold start. Writes
// artifacts/bench-embedded.md.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: 'pglite,pglite-worker,postgres,system' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/jc_embedded_pg' },
    'base-port': { type: 'string', default: '18300' },
    /** Only the routes whose label contains this (the baseline always). */
    only: { type: 'string' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const pgUrl = values.pg as string;
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

interface Engine {
  name: string;
  env: Record<string, string>;
  /** Makes the engine's storage empty (the cold start). */
  reset(): Promise<void>;
  /** The database's processes outside the server's own tree (the system PostgreSQL's backends). */
  outside?(): Promise<number[]>;
  cleanup(): Promise<void>;
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'jiceng-embedded-'));
// mkdtemp's 0700 would keep out the account the embedded PostgreSQL runs as under root.
chmodSync(scratch, 0o755);
const dataDirEngine = (name: string, embedded?: string): Engine => {
  const dir = path.join(scratch, name, 'data');
  return {
    name,
    env: { DATA_DIR: dir, ...(embedded ? { JICENG_EMBEDDED: embedded } : {}) },
    reset: async () => {
      rmSync(path.join(scratch, name), { recursive: true, force: true });
      mkdirSync(path.join(scratch, name), { recursive: true });
    },
    cleanup: async () => rmSync(path.join(scratch, name), { recursive: true, force: true }),
  };
};
const admin = async (q: string) => {
  const u = new URL(pgUrl);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    return await c.query(q);
  } finally {
    await c.end();
  }
};
const dbName = new URL(pgUrl).pathname.slice(1);
const ENGINES: Record<string, Engine> = {
  // JICENG_EMBEDDED unset is now the embedded PostgreSQL (decision 0052): PGlite is asked for.
  pglite: dataDirEngine('pglite', 'pglite'),
  'pglite-worker': dataDirEngine('pglite-worker', 'pglite-worker'),
  // The default (no JICENG_EMBEDDED), as `npm start` runs it.
  postgres: dataDirEngine('postgres'),
  system: {
    name: 'system',
    // The demo is seeded on PostgreSQL too when asked (JICENG_DEMO=1), as on first start.
    // A deployment key of its own (PostgreSQL requires one; the embedded engines keep theirs beside
    // DATA_DIR).
    env: {
      DATABASE_URL: pgUrl,
      JICENG_DEMO: '1',
      DATA_DIR: path.join(scratch, 'system', 'data'),
      JICENG_DATA_KEY: randomBytes(32).toString('base64'),
    },
    reset: async () => {
      await admin(`drop database if exists ${dbName} with (force)`);
      await admin(`create database ${dbName}`);
      mkdirSync(path.join(scratch, 'system'), { recursive: true });
    },
    outside: async () =>
      (
        await admin(
          `select pid from pg_stat_activity where datname = '${dbName}' and pid <> pg_backend_pid()`,
        )
      ).rows.map((r) => Number(r.pid)),
    cleanup: async () => {
      await admin(`drop database if exists ${dbName} with (force)`);
    },
  },
};
const engines = (values.engines as string).split(',').map((e) => {
  const engine = ENGINES[e];
  if (!engine) throw new Error(`unknown engine ${e}: ${Object.keys(ENGINES).join(', ')}`);
  return engine;
});

interface Running {
  engine: Engine;
  child: ChildProcess;
  base: string;
}

async function start(engine: Engine, port: number): Promise<{ running: Running; ms: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      ...process.env,
      ...engine.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      JICENG_DEMO_PASSWORD: 'bench-password',
      LOGIN_RATE_LIMIT: '1000',
      LOG_LEVEL: 'warn',
      // The bench alone decides when the daily job runs: never, here.
      JOBS_IN_PROCESS: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${engine.name}: the server exited with ${child.exitCode}`);
    if (performance.now() - t0 > 600_000) throw new Error(`${engine.name}: not ready within 600 s`);
    try {
      if ((await fetch(`${base}/api/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { running: { engine, child, base }, ms: performance.now() - t0 };
}

async function stop(r: Running) {
  if (r.child.exitCode !== null) return;
  const exited = new Promise((resolve) => r.child.once('exit', resolve));
  r.child.kill('SIGTERM');
  await exited;
}

/** The process and all its descendants (from /proc). */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const all: number[] = [];
  const walk = (p: number) => {
    all.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return all;
}

/** RSS and PSS in MB of a set of processes (smaps_rollup: PSS shares shared memory out). */
function memory(pids: number[]): { rss: number; pss: number } {
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    try {
      const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return { rss: Math.round(rss / 1024), pss: Math.round(pss / 1024) };
}

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'bench-password' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return String(res.headers.get('set-cookie')).split(';')[0];
}

const getJson = async (base: string, url: string, cookie: string) => {
  const r = await fetch(`${base}${url}`, { headers: { cookie } });
  if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
  return r.json();
};

const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const started = performance.now();
const running: Running[] = [];
try {
  say(
    `Embedded engines at ${head}, ${os.cpus().length} cores, load average at the start: ${loadAverage()}. ` +
      `Start-up: scripts/start.mjs (npm start) to the first 200 from /api/health/ready.`,
  );
  say();
  say(
    '| engine | cold start (create, migrate, seed) | warm start | RSS ready, MB (Node + database) | PSS ready, MB |',
  );
  say('|---|---|---|---|---|');
  let port = Number(values['base-port']);
  for (const engine of engines) {
    await engine.reset();
    const cold = await start(engine, port);
    await stop(cold.running);
    const warm = await start(engine, port);
    running.push(warm.running);
    // Ready is not settled: a few seconds for the start's own work (a first checkpoint) to end.
    await new Promise((r) => setTimeout(r, 3000));
    const own = tree(warm.running.child.pid as number);
    const outside = engine.outside ? await engine.outside() : [];
    const node = memory([warm.running.child.pid as number]);
    const db = memory([...own.slice(1), ...outside]);
    say(
      `| ${engine.name} | ${(cold.ms / 1000).toFixed(1)} s | ${(warm.ms / 1000).toFixed(1)} s | ` +
        `${node.rss + db.rss} (${node.rss} + ${db.rss}) | ${node.pss + db.pss} (${node.pss} + ${db.pss}) |`,
    );
    port++;
  }
  say();
  say(`Load average after the starts: ${loadAverage()}.`);
  say();

  // The routes of bench/load.ts with the demo's orgs: the root the admin administers, its first
  // child (level 1) and the secretary's branch.
  const cookies = await Promise.all(
    running.map(async (r) => ({
      admin: await login(r.base, 'admin'),
      secretary: await login(r.base, 'secretary'),
    })),
  );
  const first = running[0];
  type Me = { roles: Array<{ orgId: number; role: string }> };
  const meAdmin = (await getJson(first.base, '/api/me', cookies[0].admin)) as Me;
  const meSecretary = (await getJson(first.base, '/api/me', cookies[0].secretary)) as Me;
  const orgOf = (me: Me, role: string) => {
    const found = me.roles.find((r) => r.role === role);
    if (!found) throw new Error(`no ${role} role in /api/me: ${JSON.stringify(me.roles)}`);
    return found.orgId;
  };
  const root = orgOf(meAdmin, 'org_admin');
  const branch = orgOf(meSecretary, 'secretary');
  const children = (await getJson(first.base, `/api/orgs/${root}/children`, cookies[0].admin)) as
    | { data?: Array<{ id: number }> }
    | Array<{ id: number }>;
  // A page ({ data, total }) since the children are paged (issue #21); an array before.
  const below = (Array.isArray(children) ? children : (children.data ?? []))[0]?.id;
  if (!below) throw new Error('the root has no children');
  const month = new Date().toISOString().slice(0, 7);
  type Route = [string, 'admin' | 'secretary' | null, string, string];
  const BASELINE = 'health, no session (no database)';
  const routes: Route[] = [
    [BASELINE, null, '/api/health', '/api/health'],
    ['who am I', 'admin', '/api/me', '/api/me'],
    ['members, root', 'admin', '/api/members?orgId=…&pageSize=20', `/api/members?orgId=${root}&pageSize=20`],
    [
      'members, level 1',
      'admin',
      '/api/members?orgId=…&pageSize=20',
      `/api/members?orgId=${below}&pageSize=20`,
    ],
    ['org, root', 'admin', '/api/orgs/:id', `/api/orgs/${root}`],
    ['org, branch', 'secretary', '/api/orgs/:id', `/api/orgs/${branch}`],
    ['children, root', 'admin', '/api/orgs/:id/children', `/api/orgs/${root}/children`],
    ['dashboard, root', 'admin', '/api/orgs/:id/dashboard', `/api/orgs/${root}/dashboard`],
    ['dashboard, branch', 'secretary', '/api/orgs/:id/dashboard', `/api/orgs/${branch}/dashboard`],
    ['compliance, level 1', 'admin', '/api/orgs/:id/compliance', `/api/orgs/${below}/compliance`],
    ['compliance, branch', 'secretary', '/api/orgs/:id/compliance', `/api/orgs/${branch}/compliance`],
    [
      'dues ledger, branch',
      'secretary',
      '/api/dues/ledger?orgId=…&month=…',
      `/api/dues/ledger?orgId=${branch}&month=${month}`,
    ],
    ["member's home", 'secretary', '/api/my/home', '/api/my/home'],
  ];
  const chosen = values.only
    ? routes.filter((r) => r[0] === BASELINE || r[0].includes(values.only as string))
    : routes;
  const system = running.findIndex((r) => r.engine.name === 'system');
  say(
    `${connections} connections, ${duration} s per route and server, autocannon in this process; the servers ` +
      `interleaved route by route. Load average at the start: ${loadAverage()}.`,
  );
  say();
  say(
    `| route | user | engine | requests/s | p50 ms | p99 ms | ${system >= 0 ? '÷ system PostgreSQL |' : ''} non-2xx + errors |`,
  );
  say(`|---|---|---|---|---|---|${system >= 0 ? '---|' : ''}---|`);
  for (const [label, user, shown, route] of chosen) {
    const rps: number[] = [];
    const lines: string[] = [];
    for (const [i, r] of running.entries()) {
      const headers = user ? { cookie: cookies[i][user] } : {};
      const probe = await fetch(`${r.base}${route}`, { headers });
      const body = await probe.text();
      if (probe.status !== 200)
        throw new Error(`${r.engine.name} ${route}: ${probe.status} ${body.slice(0, 200)}`);
      const result = await autocannon({ url: `${r.base}${route}`, connections, duration, headers });
      rps.push(result.requests.average);
      lines.push(
        `| ${label} \`${shown}\` | ${user ?? '—'} | ${r.engine.name} | ${Math.round(result.requests.average).toLocaleString('en-US')} | ` +
          `${result.latency.p50} | ${result.latency.p99} |`,
      );
      lines[i] += `${system >= 0 ? ' %RATIO% |' : ''} ${result.non2xx + result.errors + result.timeouts} |`;
    }
    for (const [i, line] of lines.entries())
      say(system >= 0 ? line.replace('%RATIO%', (rps[i] / rps[system]).toFixed(2)) : line);
  }
  say();
  say(
    `Total ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end: ${loadAverage()}.`,
  );
} finally {
  await Promise.all(running.map(stop));
  for (const engine of engines) await engine.cleanup().catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
}
if (!existsSync('artifacts')) mkdirSync('artifacts', { recursive: true });
writeFileSync('artifacts/bench-embedded.md', `${out.join('\n')}\n`);
console.error('written to artifacts/bench-embedded.md');
process.exit(0);
