// What the province benchmarks share: the command line (--copies, --runs, --today), the database
// (DATABASE_URL; the demo seeded and copied into a province when it is empty), the app with the
// province admin's and the demo secretary's sessions, the ids of the root, a city and the demo
// branch, and the timing of GET routes (2 warm-up calls, then `runs`).
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { seedDemo } from '../scripts/seed/demo.js';
import { type App, buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { type Database, openPostgres, queryRows } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { type CopiedTable, copyDemo } from './copy-demo.js';

export const seconds = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

export const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);

export interface ProvinceArgs {
  copies: number;
  runs: number;
  today: string;
}

/**
 * Parses the options (unless a bench with options of its own passes them), opens and migrates
 * DATABASE_URL, seeds and copies the province if empty.
 */
export async function openProvince(tables: readonly CopiedTable[], given?: ProvinceArgs) {
  const args = given ?? parseProvinceArgs();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required (a dedicated, empty database)');
  const copies = args.copies;
  const database = await openPostgres(url, 4);
  await runMigrations(database);
  const db = database.db;
  const today = args.today;
  const [{ n }] = await queryRows(db, sql`select count(*)::int as n from orgs`, z.object({ n: z.number() }));
  const filled = n === 0;
  if (filled) {
    let t = performance.now();
    await seedDemo(db, { password: 'bench-password', today });
    console.log(`demo seeded in ${seconds(t)}`);
    t = performance.now();
    await copyDemo(db, copies, tables);
    console.log(`copied to ${copies} cities in ${seconds(t)}`);
    await db.execute(sql`analyze`);
  }
  /** filled: the demo copies were loaded now; else the database already held data (the generator's). */
  return { database, db, today, runs: args.runs, filled };
}

function parseProvinceArgs(): ProvinceArgs {
  const { values } = parseArgs({
    options: {
      copies: { type: 'string', default: '27' },
      runs: { type: 'string', default: '10' },
      today: { type: 'string', default: '2026-11-23' },
    },
  });
  return { copies: Number(values.copies), runs: Number(values.runs), today: values.today as string };
}

export type BenchUser = 'province' | 'secretary';

/** The app on the province's database, signed in as the province admin and the demo secretary. */
export async function provinceApp(database: Database, today: string) {
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
  const cookies: Record<BenchUser, string> = {
    province: await login('province'),
    secretary: await login('secretary'),
  };
  const ids = await benchOrgIds(database.db);
  return { app, cookies, ids };
}

/** The root, a city (where the user `city` administers, else the first org below the root) and the secretary's branch. */
export async function benchOrgIds(db: Database['db']) {
  const [ids] = await queryRows(
    db,
    sql`select (select id from orgs where parent_id is null)::int as root,
      -- A city: where the generator's user 'city' administers, else the first org below the root.
      coalesce((select ra.org_id from role_assignments ra join users u on u.id = ra.user_id
        where u.username = 'city' and ra.role = 'org_admin' limit 1),
        (select min(id) from orgs where depth = 1))::int as city,
      (select org_id from role_assignments ra join users u on u.id = ra.user_id
        where u.username = 'secretary' and ra.role = 'secretary' limit 1)::int as branch`,
    z.object({ root: z.number(), city: z.number(), branch: z.number() }),
  );
  return ids;
}

/** Times each GET and prints a markdown table of median and p95. */
export async function timeRoutes(
  app: App,
  cookies: Record<BenchUser, string>,
  cases: Array<[string, BenchUser, string]>,
  runs: number,
) {
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
}
