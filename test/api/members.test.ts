import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../src/server/db/client.js';
import { Scope } from '../../src/server/lib/scope.js';
import * as memberRepo from '../../src/server/modules/members/repo.js';
import { json, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
const { get, send } = requests(() => env);

const newMember = (orgId: number, extra: Record<string, unknown> = {}) => ({
  orgId,
  name: '孙丽',
  gender: 'female',
  ethnicity: '03',
  birthDate: '1992-02-29',
  education: 'college',
  category: 'full',
  joinedOn: '2015-06-30',
  confirmedOn: '2016-06-30',
  ...extra,
});

describe('GET /api/members', () => {
  it('lists the subtree of orgId with total, masked sensitive data', async () => {
    const res = await get(`/api/members?orgId=${env.fx.org.districtA}&pageSize=50`, 'districtA');
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body.total).toBe(4);
    expect(body.data.map((m: { name: string }) => m.name).sort()).toEqual(
      ['张建国', '李秀英', '王小明', '赵刚'].sort(),
    );
    const zhang = body.data.find((m: { name: string }) => m.name === '张建国');
    expect(zhang.idNumber).toBe('620102************');
    // A list shows the age, not the birth date (the record and the register's export carry it).
    expect(zhang.birthDate).toBeNull();
    expect(zhang.age).toBe(46);
    expect(zhang.phone).toBe('138****1111');
    expect(JSON.stringify(body)).not.toContain('620102198001010017');
  });

  it('never returns or counts out-of-scope rows, including through name search', async () => {
    const all = json(await get('/api/members?pageSize=100', 'secA1'));
    expect(all.total).toBe(3);
    expect(all.data.every((m: { orgId: number }) => m.orgId === env.fx.org.branchA1)).toBe(true);
    const search = json(await get(`/api/members?q=${encodeURIComponent('陈静')}`, 'secA1'));
    expect(search).toEqual({ data: [], total: 0 });
    expect((await get(`/api/members?orgId=${env.fx.org.branchB1}`, 'secA1')).statusCode).toBe(404);
    expect((await get('/api/members')).statusCode).toBe(401);
  });

  it('matches pinyin and initials, and filters by category', async () => {
    expect(
      json(await get('/api/members?q=zhangjian', 'admin')).data.map((m: { name: string }) => m.name),
    ).toEqual(['张建国']);
    expect(json(await get('/api/members?q=lxy', 'admin')).data.map((m: { name: string }) => m.name)).toEqual([
      '李秀英',
    ]);
    // Chinese text anywhere in the name (the indexed form: each character, then the text).
    const names = async (q: string) =>
      json(await get(`/api/members?q=${encodeURIComponent(q)}`, 'admin')).data.map(
        (m: { name: string }) => m.name,
      );
    expect(await names('建国')).toEqual(['张建国']);
    expect(await names('国建')).toEqual([]);
    expect(await names('秀')).toEqual(['李秀英']);
    expect(await names('LXY')).toEqual(['李秀英']);
    const prob = json(await get('/api/members?category=probationary', 'admin'));
    expect(prob.data.map((m: { name: string }) => m.name)).toEqual(['王小明']);
  });

  it('paginates with current and pageSize', async () => {
    const p1 = json(await get('/api/members?pageSize=2&current=1', 'admin'));
    const p3 = json(await get('/api/members?pageSize=2&current=3', 'admin'));
    expect(p1.total).toBe(5);
    expect(p1.data).toHaveLength(2);
    expect(p3.data).toHaveLength(1);
  });

  it('counts a searched small subtree with its page, also past the last page', async () => {
    // A search no rollup answers, in a subtree small enough for one statement to give the page and
    // its total (a window count); a page past the end has no row to carry the count.
    const url = (current: number) =>
      `/api/members?orgId=${env.fx.org.city}&q=zhang&pageSize=1&current=${current}`;
    const all = json(await get(`/api/members?orgId=${env.fx.org.city}&q=zhang&pageSize=50`, 'admin'));
    expect(all.total).toBeGreaterThan(0);
    const first = json(await get(url(1), 'admin'));
    expect([first.total, first.data.length, first.totalEstimated]).toEqual([all.total, 1, undefined]);
    const past = json(await get(url(all.total + 3), 'admin'));
    expect([past.total, past.data.length]).toEqual([all.total, 0]);
  });

  it('reads the subtree size in the small list statement itself, with the same page and total (issue #21)', async () => {
    const sizes = await queryRows(
      env.db,
      sql`select org_id as "orgId", n::float8 as n from subtree_counts where dim = 'm' and key = 'total'`,
      z.object({ orgId: z.number(), n: z.number() }),
    );
    const sizeOf = new Map(sizes.map((r) => [r.orgId, r.n]));
    const paths = await queryRows(
      env.db,
      sql`select id, path::text as path from orgs`,
      z.object({ id: z.number(), path: z.string() }),
    );
    let compared = 0;
    for (const { id, path } of paths) {
      for (const q of ['zhang', '王', '建国', 'xyzzy']) {
        for (const current of [1, 3]) {
          // Small bounds as well: the gate closes and the large subtree's plan answers.
          for (const exactMax of [200_000, 1]) {
            const limits = { exactMax, walk: 50_000, cap: 10_000, more: 100_000 };
            const f = { orgPath: path, q, today: TODAY };
            const scope = Scope.of([path], null);
            const gated = await memberRepo.list(env.db, scope, f, current, 2, null, null, limits, id);
            const known = await memberRepo.list(
              env.db,
              scope,
              f,
              current,
              2,
              null,
              sizeOf.get(id) ?? 0,
              limits,
            );
            expect(gated, `org ${id} ${q} page ${current} exactMax ${exactMax}`).toEqual(known);
            compared += gated.data.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('gives a plain member their own record only', async () => {
    const list = json(await get('/api/members', 'memberA1'));
    expect(list.total).toBe(1);
    expect(list.data[0].id).toBe(env.fx.member.plainA1);
    expect(list.data[0].abilities).toEqual({ update: false, reveal: false, transfer: false });
    expect((await get(`/api/members/${env.fx.member.secA1}`, 'memberA1')).statusCode).toBe(404);
  });
});

describe('GET /api/members/:id', () => {
  it('reads in scope, 404 out of scope, 401 anonymous', async () => {
    expect(json(await get(`/api/members/${env.fx.member.secA1}`, 'secA1'))).toMatchObject({
      name: '张建国',
      age: 46,
    });
    expect((await get(`/api/members/${env.fx.member.b1}`, 'secA1')).statusCode).toBe(404);
    expect((await get(`/api/members/${env.fx.member.b1}`)).statusCode).toBe(401);
    expect((await get('/api/members/999999', 'admin')).statusCode).toBe(404);
  });

  it("tells when a probationary member's probation ends", async () => {
    // 王小明 joined 2026-06-01: probation ends a year later (党章第七条).
    expect(json(await get(`/api/members/${env.fx.member.probA1}`, 'secA1')).probation).toEqual({
      dueOn: '2027-06-01',
      overdue: false,
    });
    expect(json(await get(`/api/members/${env.fx.member.secA1}`, 'secA1')).probation).toBeNull();
    // Recorded as joined in mid-2025 and still probationary: the branch has not discussed
    // confirmation in time, and both pages say so.
    const patched = await send(
      'PATCH',
      `/api/members/${env.fx.member.probA1}`,
      { joinedOn: '2025-06-01' },
      'secA1',
    );
    expect(json(patched).probation).toEqual({ dueOn: '2026-06-01', overdue: true });
    const org = json(await get(`/api/orgs/${env.fx.org.branchA1}`, 'districtA'));
    expect(org.violations.find((v: { code: string }) => v.code === 'probation_overdue').message).toMatch(
      /1名预备党员/,
    );
    await send('PATCH', `/api/members/${env.fx.member.probA1}`, { joinedOn: '2026-06-01' }, 'secA1');
  });

  it('has an events history', async () => {
    const res = await get(`/api/members/${env.fx.member.secA1}/events`, 'secA1');
    expect(res.statusCode).toBe(200);
    expect(Array.isArray(json(res))).toBe(true);
    expect((await get(`/api/members/${env.fx.member.b1}/events`, 'secA1')).statusCode).toBe(404);
    expect((await get(`/api/members/${env.fx.member.b1}/events`)).statusCode).toBe(401);
  });
});

describe('POST /api/members', () => {
  it('creates a member in a branch and computes search keys', async () => {
    const res = await send(
      'POST',
      '/api/members',
      newMember(env.fx.org.branchA1, { phone: '13912345678' }),
      'secA1',
    );
    expect(res.statusCode).toBe(201);
    const m = json(res);
    expect(m).toMatchObject({ name: '孙丽', orgId: env.fx.org.branchA1, phone: '139****5678' });
    expect(json(await get('/api/members?q=sl', 'secA1')).data.map((x: { id: number }) => x.id)).toContain(
      m.id,
    );
  });

  it('names each bad field in Chinese and writes nothing', async () => {
    const before = json(await get('/api/members', 'admin')).total;
    const res = await send(
      'POST',
      '/api/members',
      newMember(env.fx.org.branchA1, {
        idNumber: '620102199202290011',
        joinedOn: '2005-01-01',
        confirmedOn: '2006-01-01',
      }),
      'secA1',
    );
    expect(res.statusCode).toBe(400);
    const fields = json(res).details.map((d: { field: string }) => d.field);
    expect(fields).toContain('idNumber');
    expect(fields).toContain('joinedOn');
    expect(json(res).details.find((d: { field: string }) => d.field === 'joinedOn').message).toMatch(/18/);
    expect(json(await get('/api/members', 'admin')).total).toBe(before);
  });

  it('says which required fields are missing, with member labels', async () => {
    const res = await send('POST', '/api/members', { orgId: env.fx.org.branchA1 }, 'secA1');
    expect(res.statusCode).toBe(400);
    const byField = Object.fromEntries(
      json(res).details.map((d: { field: string; message: string }) => [d.field, d.message]),
    );
    expect(byField.name).toBe('姓名：必填');
    expect(byField.joinedOn).toBe('入党日期：必填');
  });

  it('rejects a schema error naming the field', async () => {
    const res = await send(
      'POST',
      '/api/members',
      newMember(env.fx.org.branchA1, { birthDate: '1992-13-01' }),
      'secA1',
    );
    expect(res.statusCode).toBe(400);
    expect(json(res).details[0]).toMatchObject({ field: 'birthDate' });
    expect(json(res).details[0].message).toMatch(/出生日期/);
  });

  it('refuses members in a committee (not a branch), out of scope, anonymous, or for a plain member', async () => {
    const committee = await send('POST', '/api/members', newMember(env.fx.org.districtA), 'districtA');
    expect(committee.statusCode).toBe(400);
    expect(json(committee).details[0].field).toBe('orgId');
    expect(json(committee).code).toBe('MEMBERS_ORG_HOLDS_NO_MEMBERS');
    expect((await send('POST', '/api/members', newMember(env.fx.org.branchB1), 'secA1')).statusCode).toBe(
      404,
    );
    expect((await send('POST', '/api/members', newMember(env.fx.org.branchA1))).statusCode).toBe(401);
    expect((await send('POST', '/api/members', newMember(env.fx.org.branchA1), 'memberA1')).statusCode).toBe(
      403,
    );
  });

  it('refuses an ID number already on the register, under its own code', async () => {
    // 张建国's number, with the birth date and gender it encodes: only the duplicate is wrong.
    const res = await send(
      'POST',
      '/api/members',
      newMember(env.fx.org.branchA1, {
        name: '张建设',
        gender: 'male',
        birthDate: '1980-01-01',
        idNumber: '620102198001010017',
      }),
      'secA1',
    );
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({
      code: 'MEMBERS_ID_NUMBER_TAKEN',
      message: '身份证号：该身份证号已在党员名册中登记',
      details: [{ field: 'idNumber', code: 'MEMBERS_ID_NUMBER_TAKEN' }],
    });
  });
});

describe('PATCH /api/members/:id', () => {
  it('edits a member and audits the change with masked values', async () => {
    const res = await send(
      'PATCH',
      `/api/members/${env.fx.member.plainA1}`,
      { workUnit: '幸福社区居委会', phone: '13700002222' },
      'secA1',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ workUnit: '幸福社区居委会', phone: '137****2222' });
    const audit = json(
      await get(`/api/audit?entity=member&entityId=${env.fx.member.plainA1}&action=member.update`, 'auditor'),
    );
    expect(audit.total).toBe(1);
    expect(audit.data[0].after).toEqual({ workUnit: '幸福社区居委会', phone: '137****2222' });
    expect(audit.data[0].before).toEqual({ workUnit: null, phone: null });
  });

  it('refuses an ID number with a wrong check digit, naming the field', async () => {
    const res = await send(
      'PATCH',
      `/api/members/${env.fx.member.secA1}`,
      { idNumber: '620102198001010019' },
      'secA1',
    );
    expect(res.statusCode).toBe(400);
    const d = json(res).details;
    expect(d[0].field).toBe('idNumber');
    expect(d[0].message).toMatch(/身份证号/);
    expect(d[0].message).toMatch(/校验码/);
  });

  it('refuses an ID number whose birth date disagrees with the profile', async () => {
    // 620102198502020012: valid check digit, born 1985-02-02, not 1980-01-01.
    const { idNumberCheckDigit } = await import('../../src/domain/member/id-number.js');
    const first17 = '62010219850202001';
    const res = await send(
      'PATCH',
      `/api/members/${env.fx.member.secA1}`,
      { idNumber: first17 + idNumberCheckDigit(first17) },
      'secA1',
    );
    expect(res.statusCode).toBe(400);
    expect(json(res).details[0]).toMatchObject({ field: 'idNumber' });
    expect(json(res).details[0].message).toMatch(/出生日期/);
  });

  it('keeps a committee member from becoming probationary', async () => {
    const res = await send(
      'PATCH',
      `/api/members/${env.fx.member.secA1}`,
      { category: 'probationary', joinedOn: '2026-06-01' },
      'admin',
    );
    expect(res.statusCode).toBe(400);
    expect(
      json(res)
        .details.map((d: { message: string }) => d.message)
        .join(),
    ).toMatch(/预备党员|班子/);
    // A rule's finding: its code, rule, citation and the day it was judged on.
    expect(json(res)).toMatchObject({
      code: 'MEMBERS_PROBATIONARY_ON_COMMITTEE',
      details: [
        {
          field: 'category',
          code: 'MEMBERS_PROBATIONARY_ON_COMMITTEE',
          ruleId: 'member.probationaryElectable',
          citation: '《中国共产党章程》第七条',
          date: TODAY,
        },
      ],
    });
  });

  it('is 404 out of scope, 403 for a member editing themselves, 401 anonymous', async () => {
    expect(
      (await send('PATCH', `/api/members/${env.fx.member.b1}`, { workUnit: 'x' }, 'secA1')).statusCode,
    ).toBe(404);
    expect(
      (await send('PATCH', `/api/members/${env.fx.member.plainA1}`, { workUnit: 'x' }, 'memberA1'))
        .statusCode,
    ).toBe(403);
    expect((await send('PATCH', `/api/members/${env.fx.member.plainA1}`, { workUnit: 'x' })).statusCode).toBe(
      401,
    );
  });
});

describe('POST /api/members/:id/reveal', () => {
  it('reveals with a reason and audits it', async () => {
    const res = await send(
      'POST',
      `/api/members/${env.fx.member.secA1}/reveal`,
      { reason: '核对党费基数', fields: ['idNumber'] },
      'secA1',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ idNumber: '620102198001010017' });
    const audit = json(await get('/api/audit?action=member.reveal', 'auditor'));
    expect(audit.data[0]).toMatchObject({
      entityId: env.fx.member.secA1,
      reason: '核对党费基数',
      username: 'secA1',
    });
  });

  it('needs a reason', async () => {
    const res = await send('POST', `/api/members/${env.fx.member.secA1}/reveal`, {}, 'secA1');
    expect(res.statusCode).toBe(400);
    expect(json(res).details[0].field).toBe('reason');
  });

  it('is 404 out of scope, 403 without the permission, 401 anonymous', async () => {
    expect(
      (await send('POST', `/api/members/${env.fx.member.b1}/reveal`, { reason: '核对信息' }, 'secA1'))
        .statusCode,
    ).toBe(404);
    expect(
      (await send('POST', `/api/members/${env.fx.member.plainA1}/reveal`, { reason: '核对信息' }, 'memberA1'))
        .statusCode,
    ).toBe(403);
    expect(
      (await send('POST', `/api/members/${env.fx.member.plainA1}/reveal`, { reason: '核对信息' })).statusCode,
    ).toBe(401);
  });
});

describe('member list totals past 1,000 rows (issue #16)', () => {
  // 2,000 more members in branch B1 (district B): the city holds over 1,000, in a subtree small
  // enough that every total is exact, never "超过 1,000 条".
  beforeAll(async () => {
    await env.db.execute(sql`
      insert into members (org_id, org_path, name, name_pinyin, name_initials, gender, ethnicity, birth_date,
        education, category, status, joined_on, confirmed_on)
      select o.id, o.path, case when k % 3 = 0 then '王' else '刘' end || '测' || k,
        case when k % 3 = 0 then 'wang' else 'liu' end || 'ce' || k, 'lc' || k,
        case when k % 5 < 2 then 'female' else 'male' end, '01', date '1960-01-01' + k * 7, 'bachelor',
        case when k % 10 = 0 then 'probationary' else 'full' end, 'active',
        date '1990-01-01' + k * 3, case when k % 10 = 0 then null else date '1991-01-01' + k * 3 end
      from orgs o cross join generate_series(1, 2000) k where o.id = ${env.fx.org.branchB1}`);
  });

  /** Current members of the city that the condition keeps, counted in the database. */
  async function counted(where = sql`true`) {
    const [r] = await queryRows(
      env.db,
      sql`select count(*)::int as n from members where status not in ('left', 'deceased') and ${where}`,
      z.object({ n: z.number() }),
    );
    return r.n;
  }

  it('are exact for a city, with or without filters, by rollup or by count', async () => {
    const cases: Array<[string, number]> = [
      // No org: the scope's roots, summed from the rollups (before: a count capped at 1,000).
      ['', await counted()],
      [`orgId=${env.fx.org.city}`, await counted()],
      // Two filters: no rollup keeps them; the city is small enough to count.
      [
        `orgId=${env.fx.org.city}&category=full&gender=male`,
        await counted(sql`category = 'full' and gender = 'male'`),
      ],
      [`q=${encodeURIComponent('王')}`, await counted(sql`name like '%王%'`)],
      [
        `q=${encodeURIComponent('王测')}&gender=female`,
        await counted(sql`name like '%王测%' and gender = 'female'`),
      ],
      ['q=liu', await counted(sql`name_pinyin like 'liu%' or name_initials like 'liu%'`)],
    ];
    for (const [query, want] of cases) {
      const body = json(await get(`/api/members?${query}&pageSize=20`, 'admin'));
      expect({ query, total: body.total, estimated: body.totalEstimated }).toEqual({
        query,
        total: want,
        estimated: undefined,
      });
    }
    expect(cases[0][1]).toBeGreaterThan(1000);
    expect(cases[2][1]).toBeGreaterThan(1000);
    // The last page holds the rest: the total is the rows the list pages through.
    const last = json(
      await get(`/api/members?pageSize=200&current=${Math.ceil(cases[0][1] / 200)}`, 'admin'),
    );
    expect(last.data).toHaveLength(cases[0][1] - 200 * (Math.ceil(cases[0][1] / 200) - 1));
  });
});

describe("the member list's SQL", () => {
  // The statements behind a page of the register, written out so that a change to them shows in
  // review (update with `vitest -u` and read the diff): a name search's matches, the page, the
  // exact count (subtrees up to 200,000 members), the capped count's walk and planner pass, and
  // the estimate past the cap.
  const dialect = new PgDialect();
  const text = (name: string, query: SQL) => `-- ${name}\n${dialect.sqlToQuery(query).sql.trim()};\n`;
  const statements = async (f: Omit<memberRepo.MemberFilter, 'orgPath' | 'today'>) => {
    const [district] = await queryRows(
      env.db,
      sql`select path::text as path from orgs where id = ${env.fx.org.districtA}`,
      z.object({ path: z.string() }),
    );
    const scope = Scope.of([district.path], null);
    const s = memberRepo.listStatements(env.db, scope, { ...f, orgPath: district.path, today: TODAY }, 2, 20);
    return [
      ...(s.pairSearch
        ? [
            text(
              "pairSearch: a name search's matches in a large subtree, the page cut from them",
              s.pairSearch,
            ),
          ]
        : []),
      text('page: the second page of 20 in tree order', s.page),
      text('count: exact, for a subtree small enough', s.count),
      text("walk: the capped count's first pass, the subtree's first rows in tree order", s.walk),
      text("cappedCount: the capped count's planner pass", s.cappedCount),
      text("estimate: past the cap, the planner's row count", s.estimate),
    ].join('\n');
  };

  it('of a subtree with no filter: __sql__/member-list-unfiltered.sql', async () => {
    await expect(await statements({})).toMatchFileSnapshot('./__sql__/member-list-unfiltered.sql');
  });

  it('of a subtree with two filters: __sql__/member-list-filtered.sql', async () => {
    await expect(await statements({ category: 'full', gender: 'female' })).toMatchFileSnapshot(
      './__sql__/member-list-filtered.sql',
    );
  });

  it('of a name search with a filter: __sql__/member-list-search.sql', async () => {
    await expect(await statements({ q: '王测', gender: 'female' })).toMatchFileSnapshot(
      './__sql__/member-list-search.sql',
    );
  });
});
