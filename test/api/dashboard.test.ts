import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personNameKeys } from '../../src/domain/common/pinyin.js';
import { members, orgs } from '../../src/server/db/schema/index.js';
import { Scope } from '../../src/server/lib/scope.js';
import { dashboardReads, dashboardSql } from '../../src/server/modules/dashboard/rollups.js';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
const { get, post } = requests(() => env);
let privBranch: number;
let jointBranch: number;

async function addOrg(name: string, kind: string, sector: string, parent: number) {
  const [p] = await env.db.select({ path: orgs.path }).from(orgs).where(sql`id = ${parent}`);
  const [row] = await env.db
    .insert(orgs)
    .values({
      parentId: parent,
      path: p.path,
      depth: p.path.split('.').length,
      name,
      namePinyin: '',
      nameInitials: '',
      kind,
      sector,
      foundedOn: '2015-07-01',
    })
    .returning({ id: orgs.id });
  await env.db
    .update(orgs)
    .set({ path: `${p.path}.${row.id}` })
    .where(sql`id = ${row.id}`);
  return row.id;
}

async function addMember(name: string, orgId: number, extra: Partial<typeof members.$inferInsert>) {
  const [o] = await env.db.select({ path: orgs.path }).from(orgs).where(sql`id = ${orgId}`);
  const k = personNameKeys(name);
  await env.db.insert(members).values({
    orgId,
    orgPath: o.path,
    name,
    namePinyin: k.pinyin,
    nameInitials: k.initials,
    gender: 'male',
    ethnicity: '01',
    birthDate: '1980-01-01',
    education: 'bachelor',
    category: 'full',
    status: 'active',
    joinedOn: '2005-07-01',
    confirmedOn: '2006-07-01',
    ...extra,
  });
}

async function addUnit(body: Record<string, unknown>, user = 'districtA') {
  const res = await post('/api/coverage-units', body, user);
  if (res.statusCode !== 201) throw new Error(`unit: ${res.statusCode} ${res.body}`);
}

beforeAll(async () => {
  env = await setupEnv();
  const { org } = env.fx;
  // Today is 2026-11-23: born 1995-11-24 is 30 (le30), born 1995-11-23 is 31 (31–35).
  await addMember('马兰', org.branchA2, {
    gender: 'female',
    ethnicity: '03',
    birthDate: '1960-02-02',
    education: 'high_school',
    joinedOn: '1985-07-01',
    status: 'mobile',
  });
  await addMember('次仁', org.branchA2, {
    ethnicity: '04',
    birthDate: '1995-11-24',
    education: 'postgraduate',
    joinedOn: '2019-07-01',
  });
  await addMember('刘洋', org.branchA2, {
    birthDate: '1995-11-23',
    education: 'college',
    joinedOn: '2016-07-01',
  });
  await addMember('周退', org.branchA2, { status: 'left', leaveReason: 'withdrew', leftOn: '2020-01-01' });
  privBranch = await addOrg(
    '中共兰州宏达机械有限公司支部委员会',
    'branch',
    'private_enterprise',
    org.districtA,
  );
  jointBranch = await addOrg(
    '中共甲区商圈联合支部委员会',
    'joint_branch',
    'social_organization',
    org.districtA,
  );
  const a = org.districtA;
  await addUnit({
    name: '兰州宏达机械有限公司',
    kind: 'private_enterprise',
    orgId: a,
    coveredByOrgId: privBranch,
  });
  await addUnit({
    name: '兰州顺通物流有限公司',
    kind: 'private_enterprise',
    orgId: a,
    coveredByOrgId: jointBranch,
  });
  await addUnit({ name: '兰州小林餐饮有限公司', kind: 'private_enterprise', orgId: a, employees: 12 });
  await addUnit({ name: '甲区书法家协会', kind: 'social_organization', orgId: a });
  await addUnit({
    name: '甲区志愿者协会',
    kind: 'social_organization',
    orgId: a,
    coveredByOrgId: jointBranch,
  });
  await addUnit({ name: '兰州甲区供水有限公司', kind: 'state_enterprise', orgId: a, coveredByOrgId: a });
  await addUnit(
    { name: '兰州乙区美食城有限公司', kind: 'private_enterprise', orgId: org.districtB },
    'admin',
  );
});
afterAll(() => env.app.close());

const counts = (buckets: { key: string; count: number }[]) =>
  Object.fromEntries(buckets.filter((b) => b.count > 0).map((b) => [b.key, b.count]));

describe('GET /api/orgs/:id/dashboard', () => {
  it('counts a district by hand: members, structure, orgs and coverage', async () => {
    const res = await get(`/api/orgs/${env.fx.org.districtA}/dashboard`, 'districtA');
    expect(res.statusCode).toBe(200);
    const d = json(res);
    expect(d.members).toEqual({
      total: 7,
      full: 6,
      probationary: 1,
      female: 2,
      minorities: 2,
      collegeOrAbove: 6,
      upTo35: 3,
    });
    expect(counts(d.gender)).toEqual({ male: 5, female: 2 });
    expect(counts(d.category)).toEqual({ full: 6, probationary: 1 });
    expect(counts(d.ageBand)).toEqual({ le30: 2, '31-35': 1, '41-45': 1, '46-50': 2, ge61: 1 });
    expect(d.ageBand.map((b: { label: string }) => b.label)).toEqual([
      '30岁及以下',
      '31—35岁',
      '36—40岁',
      '41—45岁',
      '46—50岁',
      '51—55岁',
      '56—60岁',
      '61岁及以上',
    ]);
    expect(d.ethnicity.han).toBe(5);
    expect(d.ethnicity.minorities).toBe(2);
    expect(d.ethnicity.groups.map((g: { label: string; count: number }) => [g.label, g.count])).toEqual([
      ['回族', 1],
      ['藏族', 1],
    ]);
    expect(counts(d.education)).toEqual({ bachelor: 4, postgraduate: 1, college: 1, high_school: 1 });
    expect(
      d.joinDecade.map((b: { key: string; label: string; count: number }) => [b.key, b.label, b.count]),
    ).toEqual([
      ['1980', '1980年代', 1],
      ['2000', '2000年代', 3],
      ['2010', '2010年代', 2],
      ['2020', '2020年代', 1],
    ]);
    expect(counts(d.status)).toEqual({ active: 6, mobile: 1 });
    expect(d.orgs.total).toBe(6);
    expect(counts(d.orgs.byKind)).toEqual({ committee: 1, branch: 3, group: 1, joint_branch: 1 });
    expect(counts(d.orgs.bySector)).toEqual({
      government: 1,
      community: 2,
      rural: 1,
      private_enterprise: 1,
      social_organization: 1,
    });
    const cov = Object.fromEntries(
      d.coverage.kinds.map((k: { kind: string; total: number; covered: number; uncovered: number }) => [
        k.kind,
        [k.total, k.covered, k.uncovered],
      ]),
    );
    expect(cov).toEqual({
      private_enterprise: [3, 2, 1],
      state_enterprise: [1, 1, 0],
      social_organization: [2, 1, 1],
    });
    expect(d.coverage.total).toMatchObject({ total: 6, covered: 4, uncovered: 2 });
    expect(d.coverage.total.rate).toBeCloseTo(4 / 6);
    expect(d.development.stages.map((s: { label: string }) => s.label)).toEqual([
      '入党申请人',
      '入党积极分子',
      '发展对象',
      '预备党员',
    ]);
    expect(d.compliance).not.toBeNull();
    expect(d.dues).toMatchObject({ year: 2026 });
    // Children: the two branches and the two new orgs, each with its own subtree.
    const kids = Object.fromEntries(
      d.children.map((c: { orgId: number; members: number; orgs: number; probationary: number }) => [
        c.orgId,
        [c.members, c.orgs, c.probationary],
      ]),
    );
    expect(kids).toEqual({
      [env.fx.org.branchA1]: [3, 2, 1],
      [env.fx.org.branchA2]: [4, 1, 0],
      [privBranch]: [0, 1, 0],
      [jointBranch]: [0, 1, 0],
    });
    const a2 = d.children.find((c: { orgId: number }) => c.orgId === env.fx.org.branchA2);
    expect(a2.femaleShare).toBeCloseTo(1 / 4);
    expect(a2.minorityShare).toBeCloseTo(2 / 4);
    expect(a2.collegeShare).toBeCloseTo(3 / 4);
    expect(a2.upTo35Share).toBeCloseTo(2 / 4);
    expect(d.children.find((c: { orgId: number }) => c.orgId === privBranch).femaleShare).toBeNull();
  });

  it('counts the city and compares its districts side by side', async () => {
    const d = json(await get(`/api/orgs/${env.fx.org.city}/dashboard`, 'admin'));
    expect(d.members.total).toBe(8);
    expect(counts(d.gender)).toEqual({ male: 5, female: 3 });
    expect(counts(d.ageBand)).toEqual({ le30: 2, '31-35': 1, '36-40': 1, '41-45': 1, '46-50': 2, ge61: 1 });
    expect(d.orgs.total).toBe(9);
    expect(counts(d.orgs.byKind)).toEqual({ committee: 3, branch: 4, group: 1, joint_branch: 1 });
    const priv = d.coverage.kinds.find((k: { kind: string }) => k.kind === 'private_enterprise');
    expect([priv.total, priv.covered, priv.rate]).toEqual([4, 2, 0.5]);
    expect(d.coverage.total).toMatchObject({ total: 7, covered: 4 });
    expect(d.children.map((c: { name: string }) => c.name)).toEqual(['中共甲区委员会', '中共乙区委员会']);
    const [a, b] = d.children;
    expect([a.members, a.orgs, a.probationary]).toEqual([7, 6, 1]);
    expect(a.femaleShare).toBeCloseTo(2 / 7);
    expect(a.collegeShare).toBeCloseTo(6 / 7);
    expect(a.coverageRate).toBeCloseTo(4 / 6);
    expect([b.members, b.orgs, b.femaleShare, b.coverageRate]).toEqual([1, 2, 1, 0]);
  });

  it('pages the children: the total counts them all, each page its share in tree order', async () => {
    const d = json(await get(`/api/orgs/${env.fx.org.city}/dashboard`, 'admin'));
    expect([d.childrenTotal, d.childrenPage, d.childrenPageSize]).toEqual([2, 1, 50]);
    const far = json(await get(`/api/orgs/${env.fx.org.city}/dashboard?childrenPage=2`, 'admin'));
    expect([far.children, far.childrenTotal, far.childrenPage]).toEqual([[], 2, 2]);
    expect(far.members).toEqual(d.members);
    const bad = await get(`/api/orgs/${env.fx.org.city}/dashboard?childrenPage=0`, 'admin');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('下级组织页码');
    // A page of one: the figures of the second child are those of the whole list's second row.
    const [cityPath] = await env.db
      .select({ path: orgs.path })
      .from(orgs)
      .where(sql`id = ${env.fx.org.city}`);
    const opts = {
      pageSize: 1,
      dues: { from: '2026-01', to: '2026-11' },
      compliance: { from: '2026-01-01', to: '2026-11-30', today: '2026-11-23' },
      overdueOn: null,
    };
    const scope = Scope.of([cityPath.path], null);
    const p1 = await dashboardReads(env.db, scope, env.fx.org.city, { ...opts, page: 1 });
    const p2 = await dashboardReads(env.db, scope, env.fx.org.city, { ...opts, page: 2 });
    expect([p1.childTotal, p2.childTotal]).toEqual([2, 2]);
    expect(p1.children?.map((c) => c.name)).toEqual(['中共甲区委员会']);
    expect(p2.children?.map((c) => [c.name, c.total, c.orgs])).toEqual([['中共乙区委员会', 1, 2]]);
    // Outside the scope: nothing at all, not even the count of children.
    const other = await dashboardReads(env.db, Scope.of(['999'], null), env.fx.org.city, {
      ...opts,
      page: 1,
    });
    expect(other).toMatchObject({ org: null, childTotal: 0, children: null, counts: null });
  });

  it('is scoped: a secretary sees the branch, other orgs are 404, a member is refused', async () => {
    const own = await get(`/api/orgs/${env.fx.org.branchA1}/dashboard`, 'secA1');
    expect(own.statusCode).toBe(200);
    expect(json(own).members.total).toBe(3);
    expect(json(own).children.map((c: { name: string }) => c.name)).toEqual(['第一党小组']);
    expect((await get(`/api/orgs/${env.fx.org.districtA}/dashboard`, 'secA1')).statusCode).toBe(404);
    expect((await get(`/api/orgs/${env.fx.org.districtB}/dashboard`, 'districtA')).statusCode).toBe(404);
    expect((await get(`/api/orgs/999999/dashboard`, 'admin')).statusCode).toBe(404);
    expect((await get(`/api/orgs/${env.fx.org.branchA1}/dashboard`, 'memberA1')).statusCode).toBe(403);
    expect((await get(`/api/orgs/${env.fx.org.branchA1}/dashboard`, 'auditor')).statusCode).toBe(403);
    expect((await get(`/api/orgs/${env.fx.org.branchA1}/dashboard`)).statusCode).toBe(401);
  });

  it('click-through: every bucket equals the total of the member list with that filter', async () => {
    for (const [user, orgId] of [
      ['admin', env.fx.org.city],
      ['districtA', env.fx.org.districtA],
      ['secA1', env.fx.org.branchA1],
    ] as const) {
      const d = json(await get(`/api/orgs/${orgId}/dashboard`, user));
      const checks: [string, string, number][] = [
        ...d.gender.map((b: { key: string; count: number }) => ['gender', b.key, b.count]),
        ...d.category.map((b: { key: string; count: number }) => ['category', b.key, b.count]),
        ...d.status.map((b: { key: string; count: number }) => ['status', b.key, b.count]),
        ...d.ageBand.map((b: { key: string; count: number }) => ['ageBand', b.key, b.count]),
        ...d.education.map((b: { key: string; count: number }) => ['education', b.key, b.count]),
        ...d.joinDecade.map((b: { key: string; count: number }) => ['joinDecade', b.key, b.count]),
        ['ethnicity', '01', d.ethnicity.han],
        ['ethnicity', 'minority', d.ethnicity.minorities],
        ...d.ethnicity.groups.map((b: { key: string; count: number }) => ['ethnicity', b.key, b.count]),
      ];
      expect(checks.length).toBeGreaterThan(20);
      for (const [dim, key, count] of checks) {
        const res = await get(`/api/members?orgId=${orgId}&${dim}=${key}&pageSize=1`, user);
        expect(res.statusCode, `${dim}=${key}`).toBe(200);
        expect(json(res).total, `${user} ${dim}=${key}`).toBe(count);
      }
    }
  });

  it('member-list filters validate in Chinese', async () => {
    const res = await get('/api/members?joinDecade=1995', 'admin');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('入党年代');
    const band = await get('/api/members?ageBand=20-25', 'admin');
    expect(band.statusCode).toBe(400);
    expect(band.body).toContain('年龄段');
  });
});

describe("the dashboard's SQL", () => {
  // The reads behind every dashboard, written out so that a change to them shows in review
  // (update with `vitest -u` and read the diff).
  it('is the snapshot in __sql__/dashboard-summary.sql', async () => {
    const dialect = new PgDialect();
    const text = (name: string, query: SQL) => `-- ${name}\n${dialect.sqlToQuery(query).sql.trim()};\n`;
    const today = '2026-11-23';
    const sqlText = [
      text(
        'children: active direct children in the scope',
        dashboardSql.children(Scope.of(['1.2'], null), 2),
      ),
      text('counts: every non-zero rollup of the org', dashboardSql.counts(2)),
      text(
        'childFigures: the comparison figures of each child',
        dashboardSql.childFigures(
          [3, 4],
          { from: '2026-01', to: '2026-11' },
          { from: '2026-01-01', to: '2026-11-30', today },
        ),
      ),
      text('overdueCases: development cases overdue today', dashboardSql.overdueCases('1.2', today)),
      text(
        'dashboardReads: the org, its rollups, a page of children with their figures, in one statement',
        dashboardSql.dashboardReads(Scope.of(['1.2'], null), 2, {
          page: 1,
          pageSize: 50,
          dues: { from: '2026-01', to: '2026-11' },
          compliance: { from: '2026-01-01', to: '2026-11-30', today },
          overdueOn: today,
        }),
      ),
    ].join('\n');
    await expect(sqlText).toMatchFileSnapshot('./__sql__/dashboard-summary.sql');
  });
});
