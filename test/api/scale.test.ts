// Issue #7's reads at scale, checked for exactness on the fixture.
// Subtree rollups (migration 0008): after any sequence of writes to members, orgs, coverage units,
// development cases and the dues ledger, in single rows and in batches, including subtree moves,
// the incrementally kept counts equal a recount from the tables, and the member, org and coverage
// figures equal the dashboard's reference scans (which use the domain's own lists). Ages shift to
// any day, forwards and back, across band edges and 29 February. Member list totals (from the
// rollups, or counted with a cap), the btree range that stands for a subtree, and the member name
// search through the token index (migration 0010) against a plain scan.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Rng } from '../../scripts/seed/prng.js';
import { addDays, addYears } from '../../src/domain/common/dates.js';
import { EDUCATION_LEVELS } from '../../src/domain/member/education.js';
import { MEMBER_STATUSES } from '../../src/domain/member/labels.js';
import { type DbOrTx, queryRows } from '../../src/server/db/client.js';
import {
  coverageUnits,
  developmentCases,
  duesLedger,
  members,
  orgs,
} from '../../src/server/db/schema/index.js';
import { inSubtree, Scope } from '../../src/server/lib/scope.js';
import { ensureAgeBandsOn } from '../../src/server/modules/dashboard/rollups.js';
import * as scan from '../../src/server/modules/dashboard/scan.js';
import * as memberRepo from '../../src/server/modules/members/repo.js';
import { refreshAllCompliance } from '../../src/server/modules/orglife/refresh.js';
import { movePaths } from '../../src/server/modules/orgs/repo.js';
import { json, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
const { get } = requests(() => env);

const ROLLBACK = new Error('rollback');

/** Rollup rows that differ from a recount of the same data (the recount is rolled back). */
async function driftFromRecount(db: DbOrTx) {
  let diff: unknown[] = [];
  await db
    .transaction(async (tx) => {
      await tx.execute(
        sql`create temp table kept on commit drop as select org_id, dim, key, n from subtree_counts where n <> 0`,
      );
      await tx.execute(sql`select rollup_rebuild((select age_bands_on from rollup_state))`);
      diff = await queryRows(
        tx,
        sql`(select 'kept' as side, * from (select org_id, dim, key, n from kept
               except select org_id, dim, key, n from subtree_counts where n <> 0) a)
            union all
            (select 'recount', * from (select org_id, dim, key, n from subtree_counts where n <> 0
               except select org_id, dim, key, n from kept) b)
            order by 2, 3, 4 limit 20`,
        // Shown as they are when the test fails (n is a bigint: a string on node-postgres).
        z.record(z.string(), z.unknown()),
      );
      throw ROLLBACK;
    })
    .catch((e) => {
      if (e !== ROLLBACK) throw e;
    });
  return diff;
}

async function rollupOf(orgId: number, prefix: string) {
  const rows = await queryRows(
    env.db,
    sql`select dim, key, n::int as n from subtree_counts where org_id = ${orgId} and n <> 0 and dim like ${`${prefix}%`}`,
    z.object({ dim: z.string(), key: z.string(), n: z.number() }),
  );
  return Object.fromEntries(rows.map((r) => [`${r.dim}:${r.key}`, r.n]));
}

/** The scans' figures in the rollups' names, non-zero only. */
async function scannedOf(path: string, today: string) {
  const all = Scope.of([path], null);
  const out: Record<string, number> = {};
  const put = (k: string, n: number) => {
    if (n !== 0) out[k] = (out[k] ?? 0) + n;
  };
  for (const r of await scan.memberBreakdown(env.db, all, path, today)) put(`m.${r.dim}:${r.key}`, r.count);
  const [h] = (await scan.memberHeadlines(env.db, all, path, today)).filter((x) => x.isTotal);
  if (h) {
    put('m:total', h.total);
    put('m.flag:minority', h.minorities);
    put('m.flag:college', h.college);
  }
  for (const r of await scan.orgCounts(env.db, all, path))
    if (r.dim !== 'child') put(`o.${r.dim}:${r.key}`, r.count);
  const [self] = await queryRows(
    env.db,
    sql`select count(*)::int as n from orgs where path <@ ${path}::ltree and status = 'active'`,
    z.object({ n: z.number() }),
  );
  put('o:total', self.n);
  for (const r of await scan.coverageCounts(env.db, all, path)) {
    if (r.byChild) continue;
    put(`c.total:${r.kind}`, r.total);
    put(`c.covered:${r.kind}`, r.covered);
  }
  return out;
}

async function expectScansEqualRollups(today: string) {
  const list = await queryRows(
    env.db,
    sql`select id, path::text from orgs order by id`,
    z.object({ id: z.number(), path: z.string() }),
  );
  for (const o of list) {
    const rolled = {
      ...(await rollupOf(o.id, 'm')),
      ...(await rollupOf(o.id, 'o')),
      ...(await rollupOf(o.id, 'c')),
    };
    expect({ org: o.id, ...rolled }).toEqual({ org: o.id, ...(await scannedOf(o.path, today)) });
  }
}

/** Birth dates on and around the band edges of `today`, and some ordinary ones. */
function birthDate(rng: Rng, today: string) {
  if (rng.chance(0.5)) {
    const edge = rng.pick([31, 36, 41, 46, 51, 56, 61]);
    return addDays(addYears(today, -edge), rng.int(-2, 2));
  }
  if (rng.chance(0.1)) return '1996-02-29';
  return `${rng.int(1945, 2004)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

describe('subtree rollups', () => {
  beforeAll(async () => {
    env = await setupEnv();
  });
  afterAll(() => env.app.close());

  it('start equal to the scans on the fixture', async () => {
    await ensureAgeBandsOn(env.db, TODAY);
    expect(await driftFromRecount(env.db)).toEqual([]);
    await expectScansEqualRollups(TODAY);
  });

  it('stay exact through random inserts, updates, deletes and subtree moves of every source', async () => {
    const rng = new Rng(20261203);
    const created: number[] = [];
    const orgList = async () =>
      queryRows(
        env.db,
        sql`select id, path::text, parent_id as "parentId" from orgs order by id`,
        z.object({ id: z.number(), path: z.string(), parentId: z.number().nullable() }),
      );
    const memberIds = async () =>
      (await queryRows(env.db, sql`select id from members order by id`, z.object({ id: z.number() }))).map(
        (r) => r.id,
      );
    const memberValues = (o: { id: number; path: string }) => ({
      orgId: o.id,
      orgPath: o.path,
      name: `测试${rng.int(1, 9999)}`,
      gender: rng.pick(['male', 'female']),
      ethnicity: rng.pick(['01', '01', '01', '02', '05']),
      birthDate: birthDate(rng, TODAY),
      education: rng.pick(EDUCATION_LEVELS).code,
      category: rng.pick(['full', 'probationary']),
      status: rng.pick(MEMBER_STATUSES),
      joinedOn: `${rng.int(1970, 2025)}-07-01`,
    });

    for (let step = 0; step < 80; step++) {
      const os = await orgList();
      const op = rng.int(0, 9);
      if (op <= 1) {
        // A batch of members, as an import writes them.
        const rows = Array.from({ length: rng.int(1, 6) }, () => memberValues(rng.pick(os)));
        const ins = await env.db.insert(members).values(rows).returning({ id: members.id });
        created.push(...ins.map((r) => r.id));
      } else if (op === 2) {
        // Edits of every counted field, one member or several in one statement.
        const ids = await memberIds();
        const some = Array.from({ length: rng.int(1, 4) }, () => rng.pick(ids));
        const o = rng.pick(os);
        const v = memberValues(o);
        const field = rng.pick([
          'status',
          'category',
          'birthDate',
          'education',
          'ethnicity',
          'gender',
          'org',
        ] as const);
        const set =
          field === 'org' ? { orgId: o.id, orgPath: o.path } : ({ [field]: v[field] } as Partial<typeof v>);
        await env.db
          .update(members)
          .set(set)
          .where(sql`id = any(${`{${some.join(',')}}`}::int[])`);
      } else if (op === 3 && created.length > 0) {
        const id = created.splice(rng.int(0, created.length - 1), 1)[0];
        await env.db.execute(sql`delete from dues_ledger where member_id = ${id}`);
        await env.db.delete(members).where(sql`id = ${id}`);
      } else if (op === 4) {
        // A subtree moved under an org outside it, as the org service does it.
        const movable = os.filter((o) => o.parentId !== null);
        const o = rng.pick(movable);
        const targets = os.filter(
          (t) => t.id !== o.parentId && !(t.path === o.path || t.path.startsWith(`${o.path}.`)),
        );
        if (targets.length === 0) continue;
        const t = rng.pick(targets);
        await env.db.transaction(async (tx) => {
          await tx.update(orgs).set({ parentId: t.id }).where(sql`id = ${o.id}`);
          await movePaths(tx, o.path, t.path);
        });
      } else if (op === 5) {
        const o = rng.pick(os);
        await env.db
          .update(orgs)
          .set({
            status: rng.pick(['active', 'dissolved']),
            kind: rng.pick(['branch', 'committee', 'general_branch']),
          })
          .where(sql`id = ${o.id}`);
      } else if (op === 6) {
        const o = rng.pick(os);
        if (rng.chance(0.6)) {
          await env.db.insert(coverageUnits).values({
            name: `单位${step}`,
            kind: rng.pick(['private_enterprise', 'state_enterprise', 'social_organization']),
            orgId: o.id,
            orgPath: o.path,
            coveredByOrgId: rng.chance(0.5) ? o.id : null,
          });
        } else {
          await env.db.execute(sql`update coverage_units set covered_by_org_id = case when covered_by_org_id is null
            then org_id end where id in (select id from coverage_units order by id limit 2)`);
        }
      } else if (op === 7) {
        // Dues: a month billed, a payment booked, a row removed.
        const ids = await memberIds();
        const m = rng.pick(ids);
        const [mem] = await queryRows(
          env.db,
          sql`select org_id as "orgId", org_path::text as path from members where id = ${m}`,
          z.object({ orgId: z.number(), path: z.string() }),
        );
        const month = `2026-${String(rng.int(1, 11)).padStart(2, '0')}-01`;
        const choice = rng.int(0, 2);
        if (choice === 0) {
          await env.db
            .insert(duesLedger)
            .values({
              memberId: m,
              orgId: mem.orgId,
              orgPath: mem.path,
              month,
              expectedFen: rng.int(0, 5000),
              status: 'unpaid',
            })
            .onConflictDoNothing();
        } else if (choice === 1) {
          await env.db.execute(sql`update dues_ledger set paid_fen = coalesce(expected_fen, 0),
            status = case when status = 'paid' then 'partial' else 'paid' end where member_id = ${m}`);
        } else {
          await env.db.execute(sql`delete from dues_ledger where id = (select min(id) from dues_ledger)`);
        }
      } else {
        // Development: a case opened, moved on a stage, admitted, confirmed, or closed.
        const o = rng.pick(os);
        if (rng.chance(0.5)) {
          await env.db.insert(developmentCases).values({
            orgId: o.id,
            orgPath: o.path,
            version: '2026',
            rules: {},
            name: `申请人${step}`,
            gender: 'female',
            idNumber: `62010219900101${String(1000 + step).slice(-4)}`,
            birthDate: '1990-01-01',
            appliedOn: '2026-01-05',
          });
        } else {
          const stage = rng.pick(['activist', 'candidate', 'probationary', 'full']);
          await env.db.execute(sql`update development_cases set stage = ${stage},
            status = ${rng.pick(['active', 'active', 'closed'])},
            admitted_on = case when ${stage} in ('probationary', 'full') then date '2026-03-01' end,
            confirmed_on = case when ${stage} = 'full' then date '2026-10-01' end
            where id in (select id from development_cases order by id desc limit 2)`);
        }
      }
    }
    expect(await driftFromRecount(env.db)).toEqual([]);
    await expectScansEqualRollups(TODAY);
    // Every row that carries its org's path carries the org's path now, moves included: every
    // table with both columns, so a table added later is checked without being listed here.
    const carriers = await queryRows(
      env.db,
      sql`select table_name as name from information_schema.columns
          where table_schema = current_schema() and column_name in ('org_id', 'org_path')
          group by table_name having count(*) = 2 order by table_name`,
      z.object({ name: z.string() }),
    );
    expect(carriers.map((c) => c.name)).toContain('dues_arrears_runs');
    for (const { name: table } of carriers) {
      const [{ n }] = await queryRows(
        env.db,
        sql`select count(*)::int as n from ${sql.identifier(table)} r join orgs o on o.id = r.org_id
            where r.org_path <> o.path`,
        z.object({ n: z.number() }),
      );
      expect(n, table).toBe(0);
    }
  });

  it('shift the age bands to any day and back', async () => {
    for (const day of ['2026-11-24', '2027-02-28', '2028-02-29', '2028-03-01', '2021-06-30', TODAY]) {
      await ensureAgeBandsOn(env.db, day);
      expect(await driftFromRecount(env.db)).toEqual([]);
      const [root] = await queryRows(
        env.db,
        sql`select id, path::text from orgs where parent_id is null order by id limit 1`,
        z.object({ id: z.number(), path: z.string() }),
      );
      const bands = (await scannedOf(root.path, day)) as Record<string, number>;
      const rolled = await rollupOf(root.id, 'm.ageBand');
      expect(rolled).toEqual(
        Object.fromEntries(Object.entries(bands).filter(([k]) => k.startsWith('m.ageBand:'))),
      );
    }
  });

  it('the dashboard reads them: development, compliance and dues figures match the owning modules', async () => {
    // Requirements of every branch for the year, as the daily job computes them; one is met.
    await env.db.transaction((tx) => refreshAllCompliance(tx, TODAY));
    await env.db.execute(sql`update orglife_compliance set held = required
      where ctid = (select ctid from orglife_compliance order by period_end limit 1)`);
    expect(await driftFromRecount(env.db)).toEqual([]);
    const [root] = await queryRows(
      env.db,
      sql`select id from orgs where parent_id is null order by id limit 1`,
      z.object({ id: z.number() }),
    );
    const d = json(await get(`/api/orgs/${root.id}/dashboard`, 'admin'));
    const board = json(await get(`/api/development/board?orgId=${root.id}`, 'admin'));
    for (const s of d.development.stages) {
      expect(s.count).toBe(board.stages.find((b: { stage: string }) => b.stage === s.key).count);
    }
    expect(d.development.admittedThisYear).toBe(board.admittedThisYear);
    const cp = json(await get(`/api/orgs/${root.id}/compliance`, 'admin'));
    expect(cp.total.met + cp.total.missed).toBeGreaterThan(0);
    expect(d.compliance).toEqual({
      from: cp.from,
      to: cp.to,
      met: cp.total.met,
      missed: cp.total.missed,
      due: cp.total.due,
      exempt: cp.total.exempt,
      rate: cp.total.rate,
    });
    for (const c of d.children) {
      const row = cp.rows.find((r: { orgId: number }) => r.orgId === c.orgId);
      expect({ child: c.orgId, rate: c.complianceRate }).toEqual({
        child: c.orgId,
        rate: row?.total.rate ?? null,
      });
    }
    const summary = json(await get(`/api/orgs/${root.id}/dues-summary?year=2026`, 'admin'));
    expect(d.dues.expectedFen).toBe(summary.totals.expectedFen);
    expect(d.dues.paidFen).toBe(summary.totals.paidFen);
    expect(d.dues.rate).toBe(summary.totals.rate);
    const month = summary.months.find((m: { month: string }) => m.month === d.dues.month);
    expect(d.dues.members).toBe(month?.members ?? 0);
    expect(d.dues.unpaidMembers).toBe(month?.unpaidMembers ?? 0);
    for (const c of d.children) {
      const s = summary.children.find((x: { orgId: number }) => x.orgId === c.orgId);
      expect(c.duesRate).toBe(s?.rate ?? null);
    }
  });
});

describe('member list totals', () => {
  beforeAll(async () => {
    env = await setupEnv();
  });
  afterAll(() => env.app.close());

  it('come from the rollups or a count, and always equal the rows the list pages through', async () => {
    const root = env.fx.org.city;
    for (const filter of [
      '',
      '&gender=female',
      '&status=mobile',
      '&status=left',
      '&category=probationary&gender=male',
      '&ethnicity=minority',
      '&ageBand=le30',
      '&joinDecade=2000',
      '&q=zh',
    ]) {
      const all = json(await get(`/api/members?orgId=${root}&pageSize=100${filter}`, 'admin'));
      expect(all.totalEstimated).toBeUndefined();
      expect({ filter, total: all.total }).toEqual({ filter, total: all.data.length });
    }
  });
});

describe('inSubtree', () => {
  beforeAll(async () => {
    env = await setupEnv();
  });
  afterAll(() => env.app.close());

  it('selects exactly the <@ subtree, also beside ids that extend the last label (2 and 20)', async () => {
    const paths = [
      '1',
      '1.2',
      '1.2.5',
      '1.2.50',
      '1.2.5.7',
      '1.20',
      '1.20.2',
      '1.200',
      '1.21',
      '1.3',
      '1.19.2',
      '2',
      '20.2',
    ];
    const values = sql.join(
      paths.map((p) => sql`(${p}::ltree)`),
      sql`, `,
    );
    for (const p of paths) {
      const [r] = await queryRows(
        env.db,
        sql`select array_agg(x.p::text order by x.p) filter (where ${inSubtree(sql`x.p`, p)}) as range,
              array_agg(x.p::text order by x.p) filter (where x.p <@ ${p}::ltree) as tree
            from (values ${values}) x(p)`,
        z.object({ range: z.array(z.string()), tree: z.array(z.string()) }),
      );
      expect({ p, got: r.range }).toEqual({ p, got: r.tree });
    }
  });
});

describe('capped member count', () => {
  beforeAll(async () => {
    env = await setupEnv();
  });
  afterAll(() => env.app.close());

  it('is exact below the cap through either pass, and says "more" above it', async () => {
    const root = await queryRows(
      env.db,
      sql`select path::text from orgs where parent_id is null`,
      z.object({ path: z.string() }),
    );
    const scope = Scope.of([root[0].path], null);
    const f = { orgPath: root[0].path };
    const [{ n: exact }] = await queryRows(
      env.db,
      sql`select count(*)::int as n from members where status not in ('left', 'deceased')`,
      z.object({ n: z.number() }),
    );
    const [{ n: women }] = await queryRows(
      env.db,
      sql`select count(*)::int as n from members where status not in ('left', 'deceased') and gender = 'female'`,
      z.object({ n: z.number() }),
    );
    expect(exact).toBeGreaterThan(3);
    expect(women).toBeGreaterThan(1);
    const count = (filter: typeof f & { gender?: 'female' }, walk: number, cap: number, more = 0) =>
      memberRepo.cappedCount(env.db, scope, filter, { walk, cap, more });
    // The walk covers the subtree: exact.
    expect(await count(f, 1000, 1000)).toBe(exact);
    // The walk stops early with few matches: the second pass counts, exactly below the cap.
    expect(await count({ ...f, gender: 'female' }, 1, 1000)).toBe(women);
    // Above the cap, either pass answers a number above it.
    expect(await count(f, 1, 2)).toBeGreaterThan(2);
    expect(await count(f, 3, 1)).toBeGreaterThan(1);
    // The walk goes on from its last row when its rate of matches says it will settle: to the
    // subtree's end (exact), or past the cap; every walk length and rate gives the same answer.
    for (let walk = 1; walk <= 6; walk++) {
      expect(await count(f, walk, 1000, 100_000)).toBe(exact);
      expect(await count({ ...f, gender: 'female' }, walk, 1000, 100_000)).toBe(women);
      expect(await count({ ...f, gender: 'female' }, walk, women - 1, 100_000)).toBeGreaterThan(women - 1);
      expect(await count(f, walk, 3, 4)).toBeGreaterThan(3);
    }
  });
});

describe('member list total past the cap (issue #16)', () => {
  beforeAll(async () => {
    env = await setupEnv();
  });
  afterAll(() => env.app.close());

  it('is exact in a subtree small enough to count, else an estimate said as one, never a cap', async () => {
    const [root] = await queryRows(
      env.db,
      sql`select path::text from orgs where parent_id is null`,
      z.object({ path: z.string() }),
    );
    const scope = Scope.of([root.path], null);
    const f = { orgPath: root.path };
    const [{ n: exact }] = await queryRows(
      env.db,
      sql`select count(*)::int as n from members where status not in ('left', 'deceased')`,
      z.object({ n: z.number() }),
    );
    expect(exact).toBeGreaterThan(3);
    const limits = (exactMax: number) => ({ exactMax, walk: 1, cap: 2, more: 0 });
    // A subtree within the bound: counted exactly, past the cap.
    const small = await memberRepo.list(env.db, scope, f, 1, 1, null, exact, limits(exact));
    expect({ total: small.total, estimated: small.totalEstimated }).toEqual({
      total: exact,
      estimated: false,
    });
    // Above it: more than the cap matches, so the total is the planner's estimate, marked, and
    // above the cap (it is known to be more).
    const large = await memberRepo.list(env.db, scope, f, 1, 1, null, exact, limits(exact - 1));
    expect(large.totalEstimated).toBe(true);
    expect(large.total).toBeGreaterThan(2);
    // Within the cap the capped count is exact, however large the subtree.
    const few = await memberRepo.list(env.db, scope, { ...f, q: '张建国' }, 1, 10, null, exact, limits(0));
    expect({ total: few.total, estimated: few.totalEstimated }).toEqual({
      total: few.data.length,
      estimated: false,
    });
    // The count an export takes is exact, and stops at its limit.
    expect(await memberRepo.exactCount(env.db, scope, f)).toBe(exact);
    expect(await memberRepo.exactCount(env.db, scope, f, 3)).toBe(3);
  });
});

describe('member name search through the token index', () => {
  beforeAll(async () => {
    env = await setupEnv();
  });
  afterAll(() => env.app.close());

  /** The scope of an admin at the root: every org. */
  async function rootScope() {
    const [root] = await queryRows(
      env.db,
      sql`select path::text as p from orgs where parent_id is null`,
      z.object({ p: z.string() }),
    );
    return Scope.of([root.p], null);
  }

  /** Members of the subtree whose name contains the text, or whose pinyin or initials start with it. */
  async function scanned(path: string, q: string) {
    const match = /\p{Script=Han}/u.test(q)
      ? sql`name like ${`%${q}%`}`
      : sql`(name_pinyin like ${`${q}%`} or name_initials like ${`${q}%`})`;
    const rows = await queryRows(
      env.db,
      sql`select id from members where org_path <@ ${path}::ltree and status not in ('left', 'deceased')
          and ${match} order by org_path, id`,
      z.object({ id: z.number() }),
    );
    return rows.map((r) => r.id);
  }

  it('finds under every org exactly the members whose name has the text or the prefix', async () => {
    // Every substring of every name (one, two and three characters), every prefix of the pinyin
    // and initials (past the 12 letters indexed too), and texts no name has.
    const names = await queryRows(
      env.db,
      sql`select distinct name, name_pinyin as pinyin, name_initials as initials from members`,
      z.object({ name: z.string(), pinyin: z.string(), initials: z.string() }),
    );
    const texts = new Set<string>(['国建', '小李', '王王', 'xq', 'zhangjianguoo']);
    for (const { name, pinyin, initials } of names) {
      const cs = [...name];
      for (let i = 0; i < cs.length; i++)
        for (let k = 1; k <= 3 && i + k <= cs.length; k++) texts.add(cs.slice(i, i + k).join(''));
      for (const key of [pinyin, initials])
        for (let k = 1; k <= Math.min(key.length, 14); k++) texts.add(key.slice(0, k));
    }
    const all = await queryRows(
      env.db,
      sql`select path::text from orgs order by path`,
      z.object({ path: z.string() }),
    );
    const scope = await rootScope();
    let found = 0;
    for (const { path } of all) {
      for (const q of texts) {
        const want = await scanned(path, q);
        const page = await memberRepo.list(env.db, scope, { orgPath: path, q }, 1, 1000);
        expect({ path, q, ids: page.data.map((m) => m.member.id) }).toEqual({ path, q, ids: want });
        expect({ path, q, total: page.total }).toEqual({ path, q, total: want.length });
        found += want.length;
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it('follows a member moved to another org', async () => {
    const [m] = await queryRows(
      env.db,
      sql`select id, name, org_path::text as path from members where status = 'active' and char_length(name) >= 2
          order by id limit 1`,
      z.object({ id: z.number(), name: z.string(), path: z.string() }),
    );
    const [other] = await queryRows(
      env.db,
      sql`select id, path::text from orgs where kind = 'branch' and not (path @> ${m.path}::ltree)
          and not (${m.path}::ltree @> path) order by id limit 1`,
      z.object({ id: z.number(), path: z.string() }),
    );
    const scope = await rootScope();
    const ids = async (path: string) =>
      (await memberRepo.list(env.db, scope, { orgPath: path, q: m.name }, 1, 100)).data.map(
        (r) => r.member.id,
      );
    expect(await ids(m.path)).toContain(m.id);
    expect(await ids(other.path)).not.toContain(m.id);
    await env.db.execute(
      sql`update members set org_id = ${other.id}, org_path = ${other.path}::ltree where id = ${m.id}`,
    );
    expect(await ids(other.path)).toContain(m.id);
    expect(await ids(m.path)).not.toContain(m.id);
    expect(await ids(other.path)).toEqual(await scanned(other.path, m.name));
  });
});
