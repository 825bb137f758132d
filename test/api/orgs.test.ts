import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
const { get, send } = requests(() => env);

describe('GET /api/orgs/:id', () => {
  it('shows an org in scope with stats, committee and rule violations', async () => {
    const res = await get(`/api/orgs/${env.fx.org.branchA1}`, 'secA1');
    expect(res.statusCode).toBe(200);
    const org = json(res);
    expect(org.name).toBe('中共甲区幸福社区支部委员会');
    expect(org.stats).toMatchObject({ fullMembers: 2, probationaryMembers: 1 });
    expect(org.committee).toEqual([expect.objectContaining({ role: 'secretary', memberName: '张建国' })]);
    // Two full members: under the three required to set up a branch.
    expect(org.violations.map((v: { code: string }) => v.code)).toContain('branch_too_few_full_members');
    const v = org.violations.find((x: { code: string }) => x.code === 'branch_too_few_full_members');
    expect(v.citation).toMatch(/支部工作条例/);
    expect(org.abilities.update).toBe(false);
  });

  it('is 404 out of scope and 401 anonymous', async () => {
    expect((await get(`/api/orgs/${env.fx.org.branchB1}`, 'secA1')).statusCode).toBe(404);
    expect((await get(`/api/orgs/${env.fx.org.city}`, 'districtA')).statusCode).toBe(404);
    expect((await get(`/api/orgs/${env.fx.org.branchA1}`)).statusCode).toBe(401);
  });

  it('is 403 for roles without org.read', async () => {
    expect((await get(`/api/orgs/${env.fx.org.branchA1}`, 'memberA1')).statusCode).toBe(403);
  });
});

describe('children, ancestors, roots, search', () => {
  it('lists children lazily with member counts', async () => {
    const res = await get(`/api/orgs/${env.fx.org.districtA}/children`, 'districtA');
    expect(res.statusCode).toBe(200);
    const { data: kids, total } = json(res);
    expect(kids.map((k: { id: number }) => k.id)).toEqual([env.fx.org.branchA1, env.fx.org.branchA2]);
    expect(total).toBe(2);
    expect(kids[0]).toMatchObject({ hasChildren: true, memberCount: 3 });
    // A page at a time, in the tree's order, with the total.
    const second = json(
      await get(`/api/orgs/${env.fx.org.districtA}/children?pageSize=1&current=2`, 'districtA'),
    );
    expect(second).toMatchObject({ total: 2, data: [{ id: env.fx.org.branchA2 }] });
    expect((await get(`/api/orgs/${env.fx.org.districtB}/children`, 'districtA')).statusCode).toBe(404);
    expect((await get(`/api/orgs/${env.fx.org.districtA}/children`)).statusCode).toBe(401);
  });

  it('shows ancestors only inside the scope', async () => {
    const all = json(await get(`/api/orgs/${env.fx.org.branchA1}/ancestors`, 'admin'));
    expect(all.map((o: { id: number }) => o.id)).toEqual([
      env.fx.org.city,
      env.fx.org.districtA,
      env.fx.org.branchA1,
    ]);
    const part = json(await get(`/api/orgs/${env.fx.org.branchA1}/ancestors`, 'districtA'));
    expect(part.map((o: { id: number }) => o.id)).toEqual([env.fx.org.districtA, env.fx.org.branchA1]);
    expect((await get(`/api/orgs/${env.fx.org.branchB1}/ancestors`, 'districtA')).statusCode).toBe(404);
    expect((await get(`/api/orgs/${env.fx.org.branchB1}/ancestors`)).statusCode).toBe(401);
  });

  it('starts the tree at the scope roots, also as of a date', async () => {
    const roots = json(await get('/api/orgs/roots', 'districtA'));
    expect(roots.map((o: { id: number }) => o.id)).toEqual([env.fx.org.districtA]);
    // Founded 2010-07-01: present in 2020, absent in 2009.
    const then = json(await get('/api/orgs/roots?asOf=2020-01-01', 'districtA'));
    expect(then).toEqual([expect.objectContaining({ id: env.fx.org.districtA, hasChildren: true })]);
    expect(json(await get('/api/orgs/roots?asOf=2009-01-01', 'districtA'))).toEqual([]);
    expect((await get('/api/orgs/roots')).statusCode).toBe(401);
  });

  it('searches by name, pinyin and initials, never outside the scope', async () => {
    const byName = json(await get(`/api/orgs?q=${encodeURIComponent('社区')}`, 'districtA'));
    expect(byName.data.map((o: { id: number }) => o.id)).toEqual([env.fx.org.branchA1]);
    expect(byName.total).toBe(1);
    const byPinyin = json(await get('/api/orgs?q=xingfu', 'admin'));
    expect(byPinyin.data.map((o: { id: number }) => o.id)).toContain(env.fx.org.branchA1);
    const byInitials = json(await get('/api/orgs?q=zgyq', 'admin'));
    expect(byInitials.data.map((o: { id: number }) => o.id)).toContain(env.fx.org.districtB);
    const hidden = json(await get('/api/orgs?q=guangming', 'districtA'));
    expect(hidden).toEqual({ data: [], total: 0 });
    expect((await get('/api/orgs?q=x')).statusCode).toBe(401);
  });
});

describe('writes', () => {
  it('creates a branch under a committee, refuses a committee under a branch', async () => {
    const ok = await send(
      'POST',
      '/api/orgs',
      {
        parentId: env.fx.org.districtA,
        name: '中共甲区新建支部委员会',
        kind: 'branch',
        sector: 'community',
        foundedOn: '2026-01-05',
      },
      'districtA',
    );
    expect(ok.statusCode).toBe(201);
    const id = json(ok).id;
    const org = json(await get(`/api/orgs/${id}`, 'districtA'));
    expect(org.path).toMatch(new RegExp(`\\.${id}$`));
    const bad = await send(
      'POST',
      '/api/orgs',
      {
        parentId: env.fx.org.branchA1,
        name: '错误的党委',
        kind: 'committee',
        sector: 'community',
        foundedOn: '2026-01-05',
      },
      'districtA',
    );
    expect(bad.statusCode).toBe(400);
    expect(json(bad).details[0].field).toBe('kind');
    const outOfScope = await send(
      'POST',
      '/api/orgs',
      {
        parentId: env.fx.org.districtB,
        name: '越权支部',
        kind: 'branch',
        sector: 'community',
        foundedOn: '2026-01-05',
      },
      'districtA',
    );
    expect(outOfScope.statusCode).toBe(404);
    expect((await send('POST', '/api/orgs', { parentId: 1 }, undefined)).statusCode).toBe(401);
    expect(
      (
        await send(
          'POST',
          '/api/orgs',
          {
            parentId: env.fx.org.branchA1,
            name: '中共测试支部',
            kind: 'group',
            sector: 'community',
            foundedOn: '2026-01-05',
          },
          'secA1',
        )
      ).statusCode,
    ).toBe(403);
  });

  it('renames with history and audit', async () => {
    const res = await send(
      'PATCH',
      `/api/orgs/${env.fx.org.branchA2}`,
      { name: '中共甲区和平村党支部', reason: '规范名称' },
      'districtA',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res).name).toBe('中共甲区和平村党支部');
    const hist = json(await get(`/api/orgs/${env.fx.org.branchA2}/history`, 'districtA'));
    expect(hist.map((h: { change: string }) => h.change)).toEqual(['created', 'renamed']);
    expect(hist[0]).toMatchObject({ name: '中共甲区和平村支部委员会', validTo: '2026-11-23' });
    expect(
      (await send('PATCH', `/api/orgs/${env.fx.org.branchB1}`, { name: '越权改名' }, 'districtA')).statusCode,
    ).toBe(404);
    expect((await send('PATCH', `/api/orgs/${env.fx.org.branchA2}`, { name: '匿名改名' })).statusCode).toBe(
      401,
    );
    expect((await get(`/api/orgs/${env.fx.org.branchB1}/history`, 'districtA')).statusCode).toBe(404);
    expect((await get(`/api/orgs/${env.fx.org.branchB1}/history`)).statusCode).toBe(401);
  });

  it('moves a subtree, carrying member paths along, and refuses a move under itself', async () => {
    const cycle = await send(
      'POST',
      `/api/orgs/${env.fx.org.districtA}/move`,
      { parentId: env.fx.org.branchA1, reason: '测试循环' },
      'admin',
    );
    expect(cycle.statusCode).toBe(400);
    expect(json(cycle).details[0].message).toMatch(/下级/);
    const res = await send(
      'POST',
      `/api/orgs/${env.fx.org.branchA2}/move`,
      { parentId: env.fx.org.districtB, reason: '区划调整' },
      'admin',
    );
    expect(res.statusCode).toBe(200);
    const moved = json(res);
    const districtB = json(await get(`/api/orgs/${env.fx.org.districtB}`, 'admin'));
    expect(moved.path).toBe(`${districtB.path}.${env.fx.org.branchA2}`);
    // Its member now shows up in B's subtree and no longer in A's.
    const inB = json(await get(`/api/members?orgId=${env.fx.org.districtB}`, 'admin'));
    expect(inB.data.map((m: { id: number }) => m.id)).toContain(env.fx.member.a2);
    expect((await get(`/api/orgs/${env.fx.org.branchA2}`, 'districtA')).statusCode).toBe(404);
    // The tree as of yesterday still shows it under district A.
    const before = json(await get(`/api/orgs/${env.fx.org.districtA}/children?asOf=2026-11-22`, 'admin'));
    expect(before.data.map((o: { id: number }) => o.id)).toContain(env.fx.org.branchA2);
    const now = json(await get(`/api/orgs/${env.fx.org.districtA}/children`, 'admin'));
    expect(now.data.map((o: { id: number }) => o.id)).not.toContain(env.fx.org.branchA2);
    // Move it back for the other tests.
    await send(
      'POST',
      `/api/orgs/${env.fx.org.branchA2}/move`,
      { parentId: env.fx.org.districtA, reason: '恢复' },
      'admin',
    );
    expect(
      (
        await send(
          'POST',
          `/api/orgs/${env.fx.org.branchB1}/move`,
          { parentId: env.fx.org.districtA, reason: '越权' },
          'districtA',
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await send('POST', `/api/orgs/${env.fx.org.branchA1}/move`, {
          parentId: env.fx.org.districtA,
          reason: '匿名',
        })
      ).statusCode,
    ).toBe(401);
  });

  it('dissolves only an empty org, with date and reason', async () => {
    const busy = await send(
      'POST',
      `/api/orgs/${env.fx.org.branchA2}/dissolve`,
      { dissolvedOn: '2026-11-01', reason: '撤并' },
      'districtA',
    );
    expect(busy.statusCode).toBe(422);
    expect(json(busy).code).toBe('ORGS_NOT_EMPTY');
    expect(json(busy).message).toMatch(/1名党员/);
    const created = json(
      await send(
        'POST',
        '/api/orgs',
        {
          parentId: env.fx.org.districtA,
          name: '中共甲区临时支部',
          kind: 'branch',
          sector: 'other',
          foundedOn: '2025-01-01',
        },
        'districtA',
      ),
    );
    const res = await send(
      'POST',
      `/api/orgs/${created.id}/dissolve`,
      { dissolvedOn: '2026-11-01', reason: '任务完成' },
      'districtA',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      status: 'dissolved',
      dissolvedOn: '2026-11-01',
      dissolveReason: '任务完成',
      violations: [],
    });
    // A dissolved org is history: it is not dissolved again, edited, renewed or moved.
    const again = await send(
      'POST',
      `/api/orgs/${created.id}/dissolve`,
      { dissolvedOn: '2026-11-02', reason: '重复撤销' },
      'districtA',
    );
    expect(again.statusCode).toBe(409);
    expect(json(again)).toMatchObject({ code: 'ORGS_DISSOLVED', message: '该党组织已撤销' });
    const edit = await send('PATCH', `/api/orgs/${created.id}`, { name: '中共甲区临时支部二' }, 'districtA');
    expect(edit.statusCode).toBe(409);
    expect(json(edit).code).toBe('ORGS_DISSOLVED');
    const under = await send(
      'POST',
      '/api/orgs',
      {
        parentId: created.id,
        name: '中共甲区临时小组',
        kind: 'group',
        sector: 'other',
        foundedOn: '2026-11-03',
      },
      'districtA',
    );
    expect(under.statusCode).toBe(422);
    expect(json(under).code).toBe('ORGS_PARENT_DISSOLVED');
    expect(
      (
        await send(
          'POST',
          `/api/orgs/${env.fx.org.branchB1}/dissolve`,
          { dissolvedOn: '2026-11-01', reason: '越权' },
          'districtA',
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await send('POST', `/api/orgs/${env.fx.org.branchB1}/dissolve`, {
          dissolvedOn: '2026-11-01',
          reason: '匿名',
        })
      ).statusCode,
    ).toBe(401);
  });

  it('renews a term; a probationary member cannot sit on the committee', async () => {
    const bad = await send(
      'POST',
      `/api/orgs/${env.fx.org.branchA1}/terms`,
      {
        termStart: '2026-11-01',
        committee: [
          { memberId: env.fx.member.secA1, role: 'secretary' },
          { memberId: env.fx.member.probA1, role: 'committee_member' },
        ],
      },
      'districtA',
    );
    expect(bad.statusCode).toBe(400);
    expect(
      json(bad)
        .details.map((d: { message: string }) => d.message)
        .join(),
    ).toMatch(/预备党员/);
    const ok = await send(
      'POST',
      `/api/orgs/${env.fx.org.branchA1}/terms`,
      {
        termStart: '2026-11-01',
        committee: [
          { memberId: env.fx.member.plainA1, role: 'secretary' },
          { memberId: env.fx.member.secA1, role: 'organization_member' },
        ],
      },
      'districtA',
    );
    expect(ok.statusCode).toBe(201);
    // A community branch's term is five years by default (2018 任期意见).
    expect(json(ok).term).toMatchObject({ termStart: '2026-11-01', termEnd: '2031-11-01' });
    expect(json(ok).committee.map((c: { role: string }) => c.role)).toEqual([
      'secretary',
      'organization_member',
    ]);
    expect(
      (
        await send(
          'POST',
          `/api/orgs/${env.fx.org.branchB1}/terms`,
          { termStart: '2026-11-01', committee: [{ memberId: env.fx.member.b1, role: 'secretary' }] },
          'districtA',
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await send('POST', `/api/orgs/${env.fx.org.branchB1}/terms`, {
          termStart: '2026-11-01',
          committee: [],
        })
      ).statusCode,
    ).toBe(401);
    // Party groups are not elected: no term to renew.
    const group = json(
      await send(
        'POST',
        '/api/orgs',
        {
          parentId: env.fx.org.branchA1,
          name: '第一党小组',
          kind: 'group',
          sector: 'community',
          foundedOn: '2026-01-01',
        },
        'districtA',
      ),
    );
    const groupTerm = await send(
      'POST',
      `/api/orgs/${group.id}/terms`,
      { termStart: '2026-11-01', committee: [{ memberId: env.fx.member.plainA1, role: 'secretary' }] },
      'districtA',
    );
    expect(groupTerm.statusCode).toBe(422);
    expect(json(groupTerm)).toMatchObject({ code: 'ORGS_GROUP_HAS_NO_TERM', message: '党小组不设任期' });
  });
});
