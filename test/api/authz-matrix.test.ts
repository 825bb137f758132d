/**
 * The authorization matrix (issue #18, "What it must show"): every route of API_CONTRACTS × every
 * identity × a record inside and a record outside the identity's scope, the expected answer
 * derived from the contract's permission, ROLE_PERMISSIONS and the per-route declarations in
 * test/api/authz/routes.ts. Prints `authz matrix: N cases, V violations` and fails on any
 * violation with the list: a 2xx where 401/403/404 was due, any 5xx, a 401/403/404 where access
 * was due, another status than declared, or a list row from outside the caller's scope.
 *
 * Identities: nobody, a member (own record), the secretaries of branch A1 and of branch B1, the
 * org admins of district A and of the root, the auditor of district B, the sysadmins of the root
 * and of district A, and one user at the root for every other role in ROLES (the three-admin
 * roles appear here as soon as they are declared).
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../src/shared/contracts/api.js';
import {
  type Permission,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
  SELF_ONLY_ROLES,
} from '../../src/shared/contracts/permissions.js';
import { fillPath, type RouteContract } from '../../src/shared/contracts/route.js';
import { multipart, SIDES, type Side, World } from './authz/fixture.js';
import { type Built, type ContractKey, type Me, type Row, SPECS, type Spec } from './authz/routes.js';
import { PASSWORD, setupEnv, type TestEnv } from './harness.js';

interface Identity extends Me {
  key: string;
  grants: Array<{ role: Role; orgId: number }>;
}

let env: TestEnv;
let world: World;
const identities: Identity[] = [];

beforeAll(async () => {
  env = await setupEnv();
  world = new World(env);
  const { org, member } = env.fx;
  await world.addUser(
    'secB1',
    [
      ['secretary', org.branchB1],
      ['member', org.branchB1],
    ],
    member.b1,
  );
  await world.addUser('sysadminA', [['sysadmin', org.districtA]]);
  await world.addUser('bystander', []);
  const fixed = [
    'memberA1',
    'secA1',
    'secB1',
    'districtA',
    'admin',
    'auditorB',
    'sysadmin',
    'sysadminA',
    'secadmin',
  ];
  const rows = async () =>
    (
      (await env.db.execute(sql`select u.id, u.username, u.member_id, ra.role, ra.org_id
        from users u left join role_assignments ra on ra.user_id = u.id`)) as unknown as {
        rows: Array<{
          id: number;
          username: string;
          member_id: number | null;
          role: Role | null;
          org_id: number;
        }>;
      }
    ).rows;
  const present = new Set((await rows()).map((r) => r.username));
  fixed.splice(0, fixed.length, ...fixed.filter((u) => present.has(u)));
  const held = new Set((await rows()).filter((r) => fixed.includes(r.username)).map((r) => r.role));
  for (const role of ROLES.filter((r) => !held.has(r)))
    await world.addUser(`role_${role}`, [[role, org.city]]);
  const all = await rows();
  identities.push({ key: 'nobody', username: null, userId: null, memberId: null, grants: [] });
  for (const username of [...fixed, ...ROLES.filter((r) => !held.has(r)).map((r) => `role_${r}`)]) {
    const mine = all.filter((r) => r.username === username);
    if (!mine.length) throw new Error(`identity ${username} missing from the fixture`);
    world.userIds.set(username, Number(mine[0].id));
    identities.push({
      key: username,
      username,
      userId: Number(mine[0].id),
      memberId: mine[0].member_id,
      grants: mine.filter((r) => r.role).map((r) => ({ role: r.role as Role, orgId: Number(r.org_id) })),
    });
  }
  await world.build();
  world.side.A.user = world.userIds.get('secA1') as number;
  world.side.B.user = world.userIds.get('secB1') as number;
}, 300_000);
afterAll(() => env.app.close());

// ---- scope as the rules say it should be ---------------------------------------------------

function scopeOf(id: Identity, permission: Permission) {
  const roots: number[] = [];
  let self: number | null = null;
  for (const g of id.grants) {
    if (!ROLE_PERMISSIONS[g.role]?.includes(permission)) continue;
    if (SELF_ONLY_ROLES.includes(g.role)) self = id.memberId;
    else roots.push(g.orgId);
  }
  return { roots, self };
}

function contains(root: number, orgId: number) {
  const r = world.paths.get(root);
  const p = world.paths.get(orgId);
  if (!r || !p) throw new Error(`org ${!r ? root : orgId} has no known path`);
  return p === r || p.startsWith(`${r}.`);
}

type Expected = { statuses: number[] | 'ok'; why: string };

function expected(id: Identity, contract: RouteContract, spec: Spec, t: Built): Expected {
  const p = contract.permission;
  const ok = (why: string): Expected => ({ statuses: 'ok', why });
  if (p === 'public')
    return spec.publicAnswer ? { statuses: spec.publicAnswer, why: 'declared' } : ok('public');
  if (!id.username) return { statuses: [401], why: 'no session' };
  if (p === 'authenticated') {
    if (t.owner !== undefined && t.owner !== id.userId)
      return { statuses: spec.out ?? [404], why: "another user's" };
    return ok('signed in');
  }
  if (!id.grants.some((g) => ROLE_PERMISSIONS[g.role]?.includes(p)))
    return { statuses: [403], why: `no ${p}` };
  const { roots, self } = scopeOf(id, p);
  const inScope =
    (t.org === undefined && t.member === undefined) ||
    (t.org !== undefined && roots.some((r) => contains(r, t.org as number))) ||
    (t.member !== undefined && self === t.member);
  if (!inScope && !roots.length && self !== null)
    return { statuses: spec.selfOnly ?? spec.out ?? [404], why: 'out of the own record' };
  if (!inScope) return { statuses: spec.out ?? [404], why: 'out of scope' };
  if (t.authority !== undefined && !roots.some((r) => contains(r, t.authority as number)))
    return { statuses: spec.noAuthority ?? [403], why: 'no authority over it' };
  if (t.owner !== undefined && t.owner !== id.userId)
    return { statuses: spec.notOwner ?? [403], why: "another user's" };
  return ok('in scope');
}

// ---- sending -------------------------------------------------------------------------------

const cookies = new Map<string, string>();
async function login(username: string, fresh = false) {
  const cached = cookies.get(username);
  if (cached && !fresh) return cached;
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  if (!fresh) cookies.set(username, cookie);
  return cookie;
}

async function send(id: Identity, contract: RouteContract, spec: Spec, t: Built) {
  const query = new URLSearchParams(
    Object.entries(t.query ?? {}).map(([k, v]) => [k, String(v)] as [string, string]),
  ).toString();
  const url = fillPath(contract.path, t.params) + (query ? `?${query}` : '');
  const headers: Record<string, string> = {};
  if (id.username) headers.cookie = await login(id.username, spec.ownSession);
  let payload: string | Buffer | object | undefined;
  if (t.upload) {
    const m = multipart(t.upload.fields, t.upload.file);
    payload = m.payload;
    headers['content-type'] = m.contentType;
  } else if (t.body !== undefined) payload = t.body as object;
  return env.app.inject({ method: contract.method, url, payload, headers });
}

// ---- what an answer must not carry -----------------------------------------------------------

async function rowsOutside(
  id: Identity,
  contract: RouteContract,
  spec: Spec,
  body: unknown,
): Promise<string[]> {
  if (!spec.rows || contract.permission === 'public' || contract.permission === 'authenticated') return [];
  const { roots, self } = scopeOf(id, contract.permission);
  const fields = spec.rowOrgs ?? ['orgId'];
  const bad: string[] = [];
  for (const row of spec.rows(body) as Row[]) {
    const orgs = spec.rowOrgsOf
      ? spec.rowOrgsOf(row)
      : fields.map((f) => row[f]).filter((v): v is number => typeof v === 'number');
    if (!orgs.length) continue;
    if (orgs.some((o) => !world.paths.has(o))) await world.loadPaths();
    const mine = spec.rowMember !== undefined && self !== null && row[spec.rowMember] === self;
    if (!mine && !orgs.some((o) => roots.some((r) => contains(r, o))))
      bad.push(`row ${JSON.stringify(row).slice(0, 120)}`);
  }
  if (contract.path === '/api/audit') {
    const ids = (body as { data: Array<{ id: number }> }).data.map((e) => e.id);
    if (ids.length) {
      const res = (await env.db.execute(
        sql`select id, org_path::text as path from audit_log where id in ${sql.raw(`(${ids.join(',')})`)}`,
      )) as unknown as { rows: Array<{ id: number; path: string | null }> };
      const rootPaths = roots.map((r) => world.paths.get(r) as string);
      for (const e of res.rows)
        if (e.path && !rootPaths.some((r) => e.path === r || e.path?.startsWith(`${r}.`)))
          bad.push(`audit entry ${e.id} of ${e.path}`);
    }
  }
  return bad;
}

function verdict(exp: Expected, res: LightMyRequestResponse, spec: Spec): string | null {
  const s = res.statusCode;
  if (s >= 500) return '5xx';
  if (exp.statuses === 'ok') {
    if (s < 300 || spec.alsoOk?.includes(s)) return null;
    return [401, 403, 404].includes(s) ? 'refused where access was due' : 'unexpected status';
  }
  if (exp.statuses.includes(s)) return null;
  return s < 300 ? 'LEAK: accepted where refusal was due' : 'wrong refusal';
}

// ---- the matrix ------------------------------------------------------------------------------

const groups = API as unknown as Record<string, Record<string, RouteContract>>;
const contracts = Object.entries(groups).flatMap(([g, group]) =>
  Object.entries(group).map(([n, c]) => ({ key: `${g}.${n}` as ContractKey, contract: c })),
);

describe('authorization matrix', () => {
  it('declares an expectation for every contract', () => {
    const missing = contracts.filter((c) => !SPECS[c.key]).map((c) => c.key);
    expect(missing, 'contracts without an entry in test/api/authz/routes.ts').toEqual([]);
  });

  it('counts as violations a leak, a 5xx, a refusal where access was due and an undeclared status', () => {
    const res = (statusCode: number) => ({ statusCode }) as LightMyRequestResponse;
    const refuse: Expected = { statuses: [404], why: 'out of scope' };
    const allow: Expected = { statuses: 'ok', why: 'in scope' };
    expect(verdict(refuse, res(200), {} as Spec)).toMatch(/^LEAK/);
    expect(verdict(refuse, res(403), {} as Spec)).toBe('wrong refusal');
    expect(verdict(refuse, res(404), {} as Spec)).toBeNull();
    expect(verdict(allow, res(500), {} as Spec)).toBe('5xx');
    expect(verdict(allow, res(404), {} as Spec)).toBe('refused where access was due');
    expect(verdict(allow, res(409), {} as Spec)).toBe('unexpected status');
    expect(verdict(allow, res(409), { alsoOk: [409] } as Spec)).toBeNull();
  });

  it('answers every route × identity × in/out-of-scope record as declared', async () => {
    // Reads first, then writes (each write that changes state builds its own record).
    const rank = (c: (typeof contracts)[number]) =>
      1000 * (SPECS[c.key]?.last ?? 0) + (c.contract.method === 'GET' ? 0 : 1);
    const ordered = [...contracts].sort((a, b) => rank(a) - rank(b));
    const violations: string[] = world.failures.map((f) => `fixture: ${f}`);
    const tally = { cases: 0, ok: 0, refused: 0 };
    const builds = new Map<string, Built>();
    const timing: Array<[string, number]> = [];
    for (const { key, contract } of ordered) {
      const spec = SPECS[key];
      if (!spec) continue;
      const started = Date.now();
      for (const id of identities) {
        for (const side of spec.one ? (['A'] as Side[]) : SIDES) {
          const where = `${id.key} ${contract.method} ${contract.path} [${spec.one ? '-' : side}]`;
          // Refused before any record is read (no session, or no such permission): the request of an
          // earlier case of the route serves, so throwaway records are made only where they matter.
          const early = !id.username
            ? contract.permission !== 'public'
            : !['public', 'authenticated'].includes(contract.permission) &&
              !id.grants.some((g) => ROLE_PERMISSIONS[g.role]?.includes(contract.permission as Permission));
          const memo = `${key}:${side}`;
          let built: Built;
          try {
            const cached = early ? builds.get(memo) : undefined;
            built = cached ?? (await spec.build(world, side, id));
            builds.set(memo, built);
            const zero = Object.entries(built.params ?? {}).find(([, v]) => v === 0 || v === undefined);
            if (zero) throw new Error(`fixture record for ${zero[0]} missing`);
          } catch (e) {
            tally.cases++;
            violations.push(`${where}: could not build the case: ${(e as Error).message.slice(0, 200)}`);
            continue;
          }
          const exp = expected(id, contract, spec, built);
          await spec.before?.(world);
          const res = await send(id, contract, spec, built);
          // A route that ended the caller's sessions: sign in again for the next case.
          if (spec.endsSessions && id.username) cookies.delete(id.username);
          tally.cases++;
          const wrong = verdict(exp, res, spec);
          if (wrong) {
            const err = res.headers['content-type']?.toString().includes('json') ? JSON.parse(res.body) : {};
            const code = `${err.code ?? ''} ${String(err.message ?? '').slice(0, 80)}`;
            const want = exp.statuses === 'ok' ? '2xx' : exp.statuses.join('/');
            violations.push(
              `${where}: ${wrong} — expected ${want} (${exp.why}), got ${res.statusCode} ${code}`,
            );
            continue;
          }
          if (res.statusCode < 300) {
            tally.ok++;
            if (res.headers['content-type']?.toString().includes('json'))
              for (const b of await rowsOutside(id, contract, spec, JSON.parse(res.body)))
                violations.push(`${where}: LEAK: ${b}`);
          } else tally.refused++;
        }
      }
      timing.push([key, Date.now() - started]);
    }
    console.log(
      `authz matrix: ${tally.cases} cases (${contracts.length} routes × ${identities.length} identities), ` +
        `${violations.length} violations; ${tally.ok} allowed, ${tally.refused} refused`,
    );
    // AUTHZ_REPORT=<file>: the violations and the slowest routes, for working on the matrix.
    if (process.env.AUTHZ_REPORT) {
      const slow = timing.sort((a, b) => b[1] - a[1]).slice(0, 15);
      fs.writeFileSync(
        process.env.AUTHZ_REPORT,
        [...violations, '', ...slow.map(([k, ms]) => `slow: ${k} ${ms} ms`)].join('\n'),
      );
    }
    expect(violations).toEqual([]);
  }, 1_200_000);
});
