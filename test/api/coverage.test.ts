import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
const { get, post, send } = requests(() => env);
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

const unit = (extra: Record<string, unknown> = {}) => ({
  name: '兰州甲区宏达机械有限公司',
  kind: 'private_enterprise',
  orgId: env.fx.org.districtA,
  employees: 45,
  coveredByOrgId: env.fx.org.branchA2,
  ...extra,
});

async function audit(action: string) {
  return (
    (await env.db.execute(sql`select * from audit_log where action = ${action} order by id`)) as unknown as {
      rows: { entity_id: number; org_path: string; before: unknown; after: unknown }[];
    }
  ).rows;
}

describe('coverage units', () => {
  let id: number;

  it('creates a unit (audited) and lists it by area, kind and coverage', async () => {
    const res = await post('/api/coverage-units', unit(), 'districtA');
    expect(res.statusCode).toBe(201);
    const u = json(res);
    id = u.id;
    expect(u).toMatchObject({
      name: '兰州甲区宏达机械有限公司',
      kind: 'private_enterprise',
      orgId: env.fx.org.districtA,
      orgName: '中共甲区委员会',
      employees: 45,
      coveredByOrgName: '中共甲区和平村支部委员会',
      abilities: { update: true },
    });
    expect((await audit('coverage_unit.create')).map((a) => a.entity_id)).toEqual([id]);
    await post(
      '/api/coverage-units',
      unit({ name: '甲区书法家协会', kind: 'social_organization', coveredByOrgId: null }),
      'districtA',
    );
    await post(
      '/api/coverage-units',
      unit({ name: '兰州乙区美食城有限公司', orgId: env.fx.org.districtB, coveredByOrgId: null }),
      'admin',
    );

    const all = json(await get(`/api/coverage-units?orgId=${env.fx.org.city}`, 'admin'));
    expect(all.total).toBe(3);
    const uncovered = json(await get(`/api/coverage-units?orgId=${env.fx.org.city}&covered=false`, 'admin'));
    expect(uncovered.data.map((x: { name: string }) => x.name).sort()).toEqual(
      ['兰州乙区美食城有限公司', '甲区书法家协会'].sort(),
    );
    const social = json(await get('/api/coverage-units?kind=social_organization', 'admin'));
    expect(social.total).toBe(1);
    const covered = json(await get('/api/coverage-units?covered=true&q=宏达', 'admin'));
    expect(covered.data.map((x: { id: number }) => x.id)).toEqual([id]);
  });

  it('is scoped: a district sees its own units only, another district is 404, secretaries read but do not write', async () => {
    const a = json(await get('/api/coverage-units', 'districtA'));
    expect(a.total).toBe(2);
    expect((await get(`/api/coverage-units?orgId=${env.fx.org.districtB}`, 'districtA')).statusCode).toBe(
      404,
    );
    const other = json(await get(`/api/coverage-units?orgId=${env.fx.org.districtB}`, 'admin')).data[0];
    expect(
      (await send('PATCH', `/api/coverage-units/${other.id}`, { employees: 3 }, 'districtA')).statusCode,
    ).toBe(404);
    // Out-of-scope covering org: 404, nothing written.
    const far = await post(
      '/api/coverage-units',
      unit({ name: '兰州某某有限公司', coveredByOrgId: env.fx.org.branchB1 }),
      'districtA',
    );
    expect(far.statusCode).toBe(404);
    expect(
      (await post('/api/coverage-units', unit({ orgId: env.fx.org.districtB }), 'districtA')).statusCode,
    ).toBe(404);
    const sec = json(await get('/api/coverage-units', 'secA1'));
    expect(sec.total).toBe(0);
    expect(
      (await post('/api/coverage-units', unit({ name: '兰州新单位有限公司' }), 'secA1')).statusCode,
    ).toBe(403);
    expect((await get('/api/coverage-units', 'memberA1')).statusCode).toBe(403);
    expect((await get('/api/coverage-units')).statusCode).toBe(401);
  });

  it('updates the covering org (audited with before and after)', async () => {
    const res = await send(
      'PATCH',
      `/api/coverage-units/${id}`,
      { coveredByOrgId: null, employees: 50 },
      'districtA',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ coveredByOrgId: null, coveredByOrgName: null, employees: 50 });
    const [entry] = await audit('coverage_unit.update');
    expect(entry.before).toEqual({ coveredByOrgId: env.fx.org.branchA2, employees: 45 });
    expect(entry.after).toEqual({ coveredByOrgId: null, employees: 50 });
    const back = await send(
      'PATCH',
      `/api/coverage-units/${id}`,
      { coveredByOrgId: env.fx.org.branchA1 },
      'admin',
    );
    expect(json(back).coveredByOrgName).toBe('中共甲区幸福社区支部委员会');
  });

  it('rejects bad input with Chinese messages naming the field', async () => {
    const short = await post('/api/coverage-units', unit({ name: '甲' }), 'districtA');
    expect(short.statusCode).toBe(400);
    expect(json(short).details[0]).toMatchObject({ field: 'name' });
    expect(json(short).details[0].message).toContain('单位名称');
    const kind = await post('/api/coverage-units', unit({ kind: 'factory' }), 'districtA');
    expect(kind.statusCode).toBe(400);
    expect(json(kind).details[0].message).toContain('单位类型');
    const neg = await post(
      '/api/coverage-units',
      unit({ name: '兰州新单位有限公司', employees: -1 }),
      'districtA',
    );
    expect(json(neg).details[0].message).toContain('从业人员数');
    const dup = await post('/api/coverage-units', unit(), 'districtA');
    expect(dup.statusCode).toBe(400);
    expect(json(dup).message).toBe('单位名称：该党组织下已有同名单位');
    const group = await post(
      '/api/coverage-units',
      unit({ name: '兰州新单位有限公司', coveredByOrgId: env.fx.org.groupA1 }),
      'districtA',
    );
    expect(group.statusCode).toBe(400);
    expect(json(group).details[0]).toMatchObject({ field: 'coveredByOrgId' });
    expect(json(group).message).toContain('覆盖党组织');
    const bad = await send('PATCH', `/api/coverage-units/${id}`, { color: 'red' }, 'districtA');
    expect(bad.statusCode).toBe(400);
  });

  it('follows an org move: the path copy moves with the area', async () => {
    const created = await post(
      '/api/coverage-units',
      unit({
        name: '兰州和平村农业合作社',
        kind: 'social_organization',
        orgId: env.fx.org.branchA2,
        coveredByOrgId: null,
      }),
      'admin',
    );
    expect(created.statusCode).toBe(201);
    const res = await post(
      `/api/orgs/${env.fx.org.branchA2}/move`,
      { parentId: env.fx.org.districtB, effectiveOn: '2026-11-23', reason: '区划调整' },
      'admin',
    );
    expect(res.statusCode, res.body).toBe(200);
    const [row] = (
      (await env.db.execute(
        sql`select u.org_path::text as unit, o.path::text as org from coverage_units u join orgs o on o.id = u.org_id
          where u.id = ${json(created).id}`,
      )) as unknown as { rows: { unit: string; org: string }[] }
    ).rows;
    expect(row.org.split('.')).toContain(String(env.fx.org.districtB));
    expect(row.unit).toBe(row.org);
    // Now in district B: district A no longer sees it.
    expect(json(await get('/api/coverage-units?q=合作社', 'districtA')).total).toBe(0);
  });
});
