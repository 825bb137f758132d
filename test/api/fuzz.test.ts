/**
 * Property-based fuzzing of every route (issue #18, "no 5xx on any input"): for each contract in
 * API_CONTRACTS, requests drawn from its own zod schemas with nasty values mixed in
 * (test/api/fuzz/), sent mostly as a user who holds the route's permission (so they reach the
 * services), sometimes as another user or nobody. Any 5xx fails the route's test with the request
 * that caused it, the identity and the seed.
 *
 * Deterministic by default; `FUZZ_SEED=… FUZZ_RUNS=…` explore further. The database is reset and
 * re-seeded before each API area, so what one area's requests delete does not starve the next.
 * Prints one line: `fuzz: N requests, M × 5xx`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions as sessionRows } from '../../src/server/db/schema/index.js';
import { API } from '../../src/shared/contracts/api.js';
import type { ContractGroup, RouteContract } from '../../src/shared/contracts/route.js';
import { type FuzzRequest, requestArb } from './fuzz/requests.js';
import { importWorkbooks } from './fuzz/sheets.js';
import { PASSWORD, resetDatabase, seedFixture, setupEnv, type TestEnv } from './harness.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 24);
/** `FUZZ_AREAS=members,auth` fuzzes those areas only (while working on them). */
const ONLY = process.env.FUZZ_AREAS?.split(',');

/** The fixture's users, widest scope first: the first who holds a route's permission sends its requests. */
const USERS = ['admin', 'secadmin', 'sysadmin', 'auditor', 'districtA', 'secA1', 'memberA1', 'auditorB'];

let env: TestEnv;
const sessions = new Map<string, string | null>();
const permissionsOf = new Map<string, Set<string>>();
let requests = 0;
const byClass = new Map<string, number>();
const failures: string[] = [];
/** The session rows of the first sign-ins, put back after each reset (signing in costs a slow hash). */
let savedSessions: Array<typeof sessionRows.$inferSelect> = [];
/** Real workbooks (the import templates with nasty rows) for the upload routes. */
let workbooks: Buffer[] = [];

/** A session cookie for the user, signing in again when a request ended the last one. */
async function cookieOf(user: string): Promise<string | null> {
  if (!sessions.has(user)) {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user, password: PASSWORD },
    });
    sessions.set(user, res.statusCode === 200 ? String(res.headers['set-cookie']).split(';')[0] : null);
  }
  return sessions.get(user) ?? null;
}

async function loadPermissions() {
  permissionsOf.clear();
  for (const user of USERS) {
    const cookie = await cookieOf(user);
    if (!cookie) continue;
    const me = await env.app.inject({ url: '/api/me', headers: { cookie } });
    if (me.statusCode === 200) permissionsOf.set(user, new Set(JSON.parse(me.body).permissions));
  }
}

function senderFor(c: RouteContract, as: FuzzRequest['as'], index: number): string | null {
  if (as === 'nobody' || c.permission === 'public') return as === 'route' && index % 2 ? 'admin' : null;
  const signedIn = [...permissionsOf.keys()];
  if (as === 'other') return signedIn[index % signedIn.length] ?? null;
  if (c.permission === 'authenticated') return 'admin';
  return signedIn.find((u) => permissionsOf.get(u)?.has(c.permission)) ?? null;
}

async function send(c: RouteContract, req: FuzzRequest, index: number, seed: number) {
  const user = senderFor(c, req.as, index);
  const cookie = user ? await cookieOf(user) : (req.cookie ?? null);
  requests++;
  let res: Awaited<ReturnType<typeof env.app.inject>>;
  try {
    res = await env.app.inject({
      method: req.method,
      url: req.url,
      headers: { ...req.headers, ...(cookie ? { cookie } : {}) },
      payload: req.payload,
    });
  } catch (e) {
    // light-my-request refuses some requests itself (a header value Node would not send): no
    // server was asked, so nothing to judge.
    if (/Invalid character|header/i.test(String(e))) return;
    throw e;
  }
  if (process.env.FUZZ_VERBOSE) {
    console.log(
      `${res.statusCode} ${user ?? '-'} ${req.method} ${req.url.slice(0, 120)} ${res.body.slice(0, 160)}`,
    );
  }
  const cls = `${String(res.statusCode)[0]}xx`;
  byClass.set(cls, (byClass.get(cls) ?? 0) + 1);
  // Signed out (by logout, a password change, a deactivation): sign in again next time.
  if (user && res.statusCode === 401) sessions.delete(user);
  if (res.statusCode >= 500) {
    const shown =
      typeof req.payload === 'string' ? req.payload.slice(0, 600) : `<${req.payload?.length ?? 0} bytes>`;
    failures.push(
      `${c.method} ${c.path} → ${res.statusCode} ${res.body.slice(0, 300)}\n` +
        `  as ${user ?? 'nobody'} (seed ${seed}, run ${index} of FUZZ_RUNS=${RUNS}): ${req.method} ${req.url.slice(0, 600)}\n` +
        `  headers ${JSON.stringify(req.headers)} body ${JSON.stringify(shown)}`,
    );
  }
}

beforeAll(async () => {
  env = await setupEnv();
  await loadPermissions();
  savedSessions = await env.db.select().from(sessionRows);
  workbooks = await importWorkbooks(env.app, await cookieOf('admin'), env.fx.org.branchA1);
  // Booting the database and signing in eight users with a deliberately slow hash.
}, 300_000);

afterAll(async () => {
  const classes = [...byClass].sort().map(([c, n]) => `${c} ${n}`);
  console.log(
    `fuzz: ${requests} requests, ${failures.length} × 5xx (${classes.join(', ')}; seed ${SEED}, ${RUNS} per route)`,
  );
  await env?.app.close();
});

describe('the inputs that were 500s (issue #18) are field-named 400s', () => {
  const as = async (user: string) => ({ cookie: (await cookieOf(user)) ?? '' });
  const field = (res: { body: string }) => JSON.parse(res.body).details?.[0];

  it('a NUL in the login username, in a search word, a lone surrogate in a body', async () => {
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ad\u0000min', password: PASSWORD },
    });
    expect(login.statusCode).toBe(400);
    expect(field(login)).toEqual({ field: 'username', message: '用户名：含有空字符（NUL）' });
    const search = await env.app.inject({ url: '/api/members?q=%00', headers: await as('admin') });
    expect([search.statusCode, field(search)?.field]).toEqual([400, 'q']);
    const patch = await env.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${env.fx.org.branchA1}`,
      headers: { ...(await as('admin')), 'content-type': 'application/json' },
      payload: '{"name":"支部\\ud800"}',
    });
    expect([patch.statusCode, field(patch)?.message]).toEqual([
      400,
      '名称：含有无效的 Unicode 字符（孤立代理项）',
    ]);
  });

  it('a path id past the integer range, a page past any list, a forged cookie', async () => {
    const id = await env.app.inject({ url: '/api/members/2147483648', headers: await as('admin') });
    expect([id.statusCode, field(id)?.field]).toEqual([400, 'id']);
    const page = await env.app.inject({
      url: '/api/members?current=9007199254740991',
      headers: await as('admin'),
    });
    expect([page.statusCode, field(page)?.field]).toEqual([400, 'current']);
    const forged = await env.app.inject({ url: '/api/me', headers: { cookie: 'jiceng_sid=%ED%A0%80' } });
    expect(forged.statusCode).toBe(401);
  });
});

// Signing out and account changes last: they end the sessions the other areas use.
const areas = Object.entries(API as Record<string, ContractGroup>)
  .filter(([area]) => !ONLY || ONLY.includes(area))
  .sort(([a], [b]) => Number(['auth', 'users'].includes(a)) - Number(['auth', 'users'].includes(b)));

let routeIndex = 0;
for (const [area, group] of areas) {
  describe(`fuzz ${area}`, () => {
    beforeAll(async () => {
      // The same fixture with the same ids (identities restart), and the same sessions.
      await resetDatabase(env.db);
      await seedFixture(env.db);
      if (savedSessions.length) await env.db.insert(sessionRows).values(savedSessions);
    });
    for (const contract of Object.values(group)) {
      const seed = SEED + routeIndex++;
      it(`${contract.method} ${contract.path}`, async () => {
        const before = failures.length;
        const samples = fc.sample(requestArb(contract, workbooks), { seed, numRuns: RUNS });
        for (const [i, req] of samples.entries()) await send(contract, req, i, seed);
        const mine = failures.slice(before);
        expect(mine, `${mine.length} × 5xx (seed ${seed}):\n${mine.slice(0, 3).join('\n')}`).toEqual([]);
      }, 120_000);
    }
  });
}
