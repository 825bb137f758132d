import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
const { get, post, send } = requests(() => env);

const talk = (over: Record<string, unknown> = {}) => ({
  orgId: env.fx.org.branchA1,
  memberId: env.fx.member.plainA1,
  talkerMemberId: env.fx.member.secA1,
  talkedOn: '2026-11-10',
  summary: '交流近期思想和工作情况，听取对支部工作的意见建议。',
  ...over,
});
const messages = (res: LightMyRequestResponse) =>
  (json(res).details ?? []).map((d: { message: string }) => d.message) as string[];

describe('heart talks (谈心谈话)', () => {
  let id: number;

  it('records a talk by the secretary with a member of the branch', async () => {
    const res = await post('/api/heart-talks', talk(), 'secA1');
    expect(res.statusCode).toBe(201);
    const t = json(res);
    id = t.id;
    expect(t).toMatchObject({
      orgId: env.fx.org.branchA1,
      orgName: '中共甲区幸福社区支部委员会',
      memberName: '李秀英',
      talkerName: '张建国',
      talkedOn: '2026-11-10',
    });
    const audit = (await env.db.execute(
      sql`select action from audit_log where entity = 'heart_talk' and entity_id = ${id}`,
    )) as unknown as { rows: Array<{ action: string }> };
    expect(audit.rows.map((r) => r.action)).toEqual(['heart_talk.create']);
  });

  it('refuses a talker who is not on the committee, the same person twice, and future dates', async () => {
    const notCommittee = await post(
      '/api/heart-talks',
      talk({ talkerMemberId: env.fx.member.plainA1, memberId: env.fx.member.probA1 }),
      'secA1',
    );
    expect(notCommittee.statusCode).toBe(400);
    expect(messages(notCommittee)).toEqual([
      '谈话人：应为谈话当日（2026-11-10）在任的本支部书记或支部委员会委员',
    ]);
    const self = await post('/api/heart-talks', talk({ memberId: env.fx.member.secA1 }), 'secA1');
    expect(messages(self)).toContain('谈话人：不能与谈话对象是同一人');
    const future = await post('/api/heart-talks', talk({ talkedOn: '2026-11-24' }), 'secA1');
    expect(messages(future)).toEqual(['谈话日期：不能晚于今天']);
    // The secretary took office on 2024-03-01.
    const before = await post('/api/heart-talks', talk({ talkedOn: '2024-02-01' }), 'secA1');
    expect(messages(before)[0]).toMatch(/^谈话人：/);
    const short = await post('/api/heart-talks', talk({ summary: '好' }), 'secA1');
    expect(messages(short)).toEqual(['谈话要点：请填写谈话要点（至少5个字）']);
  });

  it('refuses a member who was not in the branch on that day', async () => {
    const other = await post('/api/heart-talks', talk({ memberId: env.fx.member.a2 }), 'districtA');
    expect(other.statusCode).toBe(400);
    expect(messages(other)).toEqual(['党员：谈话当日（2026-11-10）不是本支部的党员']);
    // 王小明 joined on 2026-06-01.
    const notYet = await post(
      '/api/heart-talks',
      talk({ memberId: env.fx.member.probA1, talkedOn: '2026-05-20' }),
      'secA1',
    );
    expect(messages(notYet)).toEqual(['党员：谈话当日（2026-05-20）不是本支部的党员']);
  });

  it('keeps to the scope', async () => {
    expect((await post('/api/heart-talks', talk({ orgId: env.fx.org.branchB1 }), 'secA1')).statusCode).toBe(
      404,
    );
    const district = await post('/api/heart-talks', talk({ orgId: env.fx.org.districtA }), 'districtA');
    expect(district.statusCode).toBe(400);
    expect((await get('/api/heart-talks', 'memberA1')).statusCode).toBe(403);
    expect(json(await get(`/api/heart-talks?orgId=${env.fx.org.branchB1}`, 'admin')).total).toBe(0);
    expect((await get(`/api/heart-talks?orgId=${env.fx.org.branchB1}`, 'secA1')).statusCode).toBe(404);
  });

  it('lists by org, member and year', async () => {
    await post('/api/heart-talks', talk({ memberId: env.fx.member.probA1, talkedOn: '2026-09-01' }), 'secA1');
    await post('/api/heart-talks', talk({ talkedOn: '2025-12-01' }), 'secA1');
    const all = json(await get(`/api/heart-talks?orgId=${env.fx.org.districtA}`, 'districtA'));
    expect(all.total).toBe(3);
    expect(all.data.map((t: { talkedOn: string }) => t.talkedOn)).toEqual([
      '2026-11-10',
      '2026-09-01',
      '2025-12-01',
    ]);
    expect(json(await get('/api/heart-talks?year=2026', 'secA1')).total).toBe(2);
    expect(json(await get(`/api/heart-talks?memberId=${env.fx.member.plainA1}`, 'secA1')).total).toBe(2);
  });

  it('counts for compliance and is deleted with an audit entry', async () => {
    const count = async () =>
      (
        (await env.db.execute(
          sql`select coalesce(sum(held), 0)::int as held from orglife_compliance
              where org_id = ${env.fx.org.branchA1} and meeting_kind = 'heart_talk' and period_key = '2026'`,
        )) as unknown as { rows: Array<{ held: number }> }
      ).rows[0].held;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    expect((await send('DELETE', `/api/heart-talks/${id}`, undefined, 'secA1')).statusCode).toBe(200);
    expect(await count()).toBeLessThan(before);
    expect((await get(`/api/heart-talks/${id}`, 'secA1')).statusCode).toBe(404);
    expect((await send('DELETE', `/api/heart-talks/${id}`, undefined, 'secA1')).statusCode).toBe(404);
  });
});
