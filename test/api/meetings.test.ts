import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committeeMembers, memberEvents, members, orgTerms } from '../../src/server/db/schema/index.js';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
const { get, post, send } = requests(() => env);
const patch = (url: string, payload: unknown, user?: string) => send('PATCH', url, payload, user);
const del = (url: string, user?: string) => send('DELETE', url, undefined, user);

/** A general meeting of branch A1, last Friday, with minutes. */
const meeting = (over: Record<string, unknown> = {}) => ({
  orgId: env.fx.org.branchA1,
  kind: 'general_meeting',
  title: '第四季度支部党员大会',
  heldOn: '2026-11-20',
  startTime: '19:00',
  endTime: '21:00',
  place: '社区党群服务中心',
  hostName: '张建国',
  recorderName: '李秀英',
  minutes: '传达学习上级会议精神，讨论社区治理事项。',
  ...over,
});

type Detail = { field: string; message: string };
const details = (res: LightMyRequestResponse): Detail[] => json(res).details ?? [];
const messages = (res: LightMyRequestResponse) => details(res).map((d) => d.message);

/** Adds a full member to A1 directly in the register (joined long ago). */
async function addMemberA1(name: string, extra: Partial<typeof members.$inferInsert> = {}) {
  const [branch] = await env.db
    .execute(sql`select path::text as path from orgs where id = ${env.fx.org.branchA1}`)
    .then((r) => (r as unknown as { rows: Array<{ path: string }> }).rows);
  const [row] = await env.db
    .insert(members)
    .values({
      orgId: env.fx.org.branchA1,
      orgPath: branch.path,
      name,
      gender: 'male',
      ethnicity: '01',
      birthDate: '1975-01-01',
      education: 'bachelor',
      category: 'full',
      status: 'active',
      joinedOn: '2000-07-01',
      confirmedOn: '2001-07-01',
      ...extra,
    })
    .returning({ id: members.id });
  return row.id;
}

describe('meeting records: create and read', () => {
  let id: number;

  it('creates a draft with every expected attendee recorded absent', async () => {
    const res = await post('/api/meetings', meeting(), 'secA1');
    expect(res.statusCode).toBe(201);
    const m = json(res);
    id = m.id;
    expect(m).toMatchObject({
      orgId: env.fx.org.branchA1,
      kind: 'general_meeting',
      status: 'draft',
      heldOn: '2026-11-20',
      startTime: '19:00',
      endTime: '21:00',
      // 19:00 in Shanghai is 11:00 UTC.
      startsAt: '2026-11-20T11:00:00.000Z',
      expected: 3,
      present: 0,
      votes: [],
      attachments: [],
    });
    expect(m.abilities).toEqual({ edit: true, submit: true, review: false, checkin: false });
    const byId = new Map(m.attendees.map((a: { memberId: number }) => [a.memberId, a]));
    expect(byId.get(env.fx.member.secA1)).toMatchObject({
      name: '张建国',
      attendance: 'absent',
      votes: true,
    });
    // Probationary members attend but do not vote.
    expect(byId.get(env.fx.member.probA1)).toMatchObject({
      name: '王小明',
      category: 'probationary',
      votes: false,
    });
    expect(byId.has(env.fx.member.a2)).toBe(false);
  });

  it('is listed, newest first, in the subtree asked for', async () => {
    await post('/api/meetings', meeting({ title: '十月支部党员大会', heldOn: '2026-10-15' }), 'secA1');
    const list = json(await get(`/api/meetings?orgId=${env.fx.org.districtA}`, 'districtA'));
    expect(list.total).toBe(2);
    expect(list.data.map((m: { heldOn: string }) => m.heldOn)).toEqual(['2026-11-20', '2026-10-15']);
    expect(list.data[0]).toMatchObject({ orgName: '中共甲区幸福社区支部委员会', expected: 3, present: 0 });
    const filtered = json(
      await get('/api/meetings?from=2026-11-01&to=2026-11-30&kind=general_meeting', 'admin'),
    );
    expect(filtered.total).toBe(1);
  });

  it('is visible only inside the scope (404 outside) and not to plain members', async () => {
    const b1 = json(
      await post(
        '/api/meetings',
        meeting({ orgId: env.fx.org.branchB1, title: '光明社区支部党员大会' }),
        'admin',
      ),
    );
    const res = await get(`/api/meetings/${b1.id}`, 'secA1');
    expect(res.statusCode).toBe(404);
    expect(json(res).message).toBe('会议不存在');
    expect(
      json(await get('/api/meetings', 'secA1')).data.every(
        (m: { orgId: number }) => m.orgId === env.fx.org.branchA1,
      ),
    ).toBe(true);
    expect((await get(`/api/meetings?orgId=${env.fx.org.branchB1}`, 'secA1')).statusCode).toBe(404);
    // Recording for an org outside the write scope is a 404 too.
    expect((await post('/api/meetings', meeting({ orgId: env.fx.org.branchB1 }), 'secA1')).statusCode).toBe(
      404,
    );
    expect((await patch(`/api/meetings/${b1.id}`, { title: '改名' }, 'secA1')).statusCode).toBe(404);
    expect((await get('/api/meetings', 'memberA1')).statusCode).toBe(403);
    expect((await get('/api/meetings', 'auditor')).statusCode).toBe(403);
    expect((await get('/api/meetings')).statusCode).toBe(401);
  });

  it('refuses an id past PostgreSQL integer with a 400 naming the field, not a database error', async () => {
    const huge = 99_999_999_999;
    for (const res of [
      await get(`/api/meetings/${huge}`, 'secA1'),
      await get(`/api/meetings?orgId=${huge}`, 'secA1'),
      await post('/api/meetings', meeting({ orgId: huge }), 'secA1'),
      await post('/api/checkin/preview', { meetingId: huge, token: 'x'.repeat(43) }),
    ]) {
      expect(res.statusCode, res.body).toBe(400);
      expect(json(res).message).not.toMatch(/integer|out of range/);
    }
  });

  it('answers validation errors in Chinese, naming the field', async () => {
    const res = await post(
      '/api/meetings',
      meeting({ title: '会', heldOn: '2026-13-01', startTime: '7点' }),
      'secA1',
    );
    expect(res.statusCode).toBe(400);
    const byField = Object.fromEntries(details(res).map((d) => [d.field, d.message]));
    expect(byField.title).toBe('会议名称：至少填写2个字，或留空使用默认名称');
    expect(byField.heldOn).toMatch(/^会议日期：/);
    expect(byField.startTime).toMatch(/^开始时间：/);

    const ends = await post('/api/meetings', meeting({ startTime: '20:00', endTime: '19:00' }), 'secA1');
    expect(details(ends)).toEqual([{ field: 'endTime', message: '结束时间：应晚于开始时间' }]);

    const district = await post('/api/meetings', meeting({ orgId: env.fx.org.districtA }), 'districtA');
    expect(district.statusCode).toBe(400);
    expect(json(district).message).toBe('所在党组织：只有党支部（联合党支部）记录三会一课');
  });

  it('checks the attendance given: known attendees only, a reason for leave', async () => {
    const res = await post(
      '/api/meetings',
      meeting({
        attendees: [
          { memberId: env.fx.member.plainA1, attendance: 'excused' },
          { memberId: env.fx.member.a2, attendance: 'present' },
        ],
      }),
      'districtA',
    );
    expect(res.statusCode).toBe(400);
    expect(messages(res)).toEqual([
      '参会人员：李秀英请假需填写原因',
      '参会人员：赵刚不在本次会议的应到人员名单中',
    ]);
    // A member outside the caller's scope is not named.
    const outside = await post(
      '/api/meetings',
      meeting({ attendees: [{ memberId: env.fx.member.b1, attendance: 'present' }] }),
      'secA1',
    );
    expect(messages(outside)[0]).toMatch(/^参会人员：编号为\d+的党员不在本次会议的应到人员名单中$/);
  });

  it('updates a draft, keeping what the patch does not mention', async () => {
    const res = await patch(
      `/api/meetings/${id}`,
      {
        place: '党员活动室',
        attendees: [
          { memberId: env.fx.member.secA1, attendance: 'present' },
          { memberId: env.fx.member.plainA1, attendance: 'excused', reason: '出差' },
        ],
      },
      'secA1',
    );
    expect(res.statusCode).toBe(200);
    const m = json(res);
    expect(m).toMatchObject({
      place: '党员活动室',
      hostName: '张建国',
      minutes: meeting().minutes,
      present: 1,
    });
    expect(m.attendees.find((a: { memberId: number }) => a.memberId === env.fx.member.plainA1)).toMatchObject(
      {
        attendance: 'excused',
        reason: '出差',
      },
    );
    // Statuses not mentioned stay as they were.
    const again = json(await patch(`/api/meetings/${id}`, { agenda: '一、学习；二、讨论' }, 'secA1'));
    expect(again.present).toBe(1);
    expect(again.agenda).toBe('一、学习；二、讨论');
  });

  it('audits the writes', async () => {
    const rows = (await env.db.execute(
      sql`select action from audit_log where entity = 'meeting' and entity_id = ${id} order by id`,
    )) as unknown as { rows: Array<{ action: string }> };
    expect(rows.rows.map((r) => r.action)).toEqual(['meeting.create', 'meeting.update', 'meeting.update']);
  });
});

describe('titles follow the kind and date unless typed', () => {
  const titleOf = async (id: number) => json(await get(`/api/meetings/${id}`, 'secA1')).title as string;

  it('gives a meeting without a typed title the default of its kind and month', async () => {
    const res = await post('/api/meetings', meeting({ kind: 'theme_day', title: undefined }), 'secA1');
    expect(res.statusCode).toBe(201);
    expect(json(res).title).toBe('2026年11月主题党日');
    const empty = await post('/api/meetings', meeting({ kind: 'theme_day', title: '' }), 'secA1');
    expect(json(empty).title).toBe('2026年11月主题党日');
  });

  it('does not keep the default of another kind (支部党员大会 chosen first, then 主题党日)', async () => {
    const res = await post(
      '/api/meetings',
      meeting({ kind: 'theme_day', title: '2026年11月支部党员大会', heldOn: '2026-11-21' }),
      'secA1',
    );
    expect(res.statusCode).toBe(201);
    const id = json(res).id as number;
    expect(json(res).title).toBe('2026年11月主题党日');
    // The list and the calendar's month read the same.
    const list = json(await get(`/api/meetings?from=2026-11-21&to=2026-11-21`, 'secA1'));
    expect(list.data.find((m: { id: number }) => m.id === id).title).toBe('2026年11月主题党日');
  });

  it('moves a default title with the date; a typed one stays', async () => {
    const derived = json(await post('/api/meetings', meeting({ title: undefined }), 'secA1')).id as number;
    const typed = json(await post('/api/meetings', meeting({ title: '冬季集中学习' }), 'secA1')).id as number;
    expect(await titleOf(derived)).toBe('2026年11月支部党员大会');
    expect((await patch(`/api/meetings/${derived}`, { heldOn: '2026-10-30' }, 'secA1')).statusCode).toBe(200);
    expect(await titleOf(derived)).toBe('2026年10月支部党员大会');
    // A client echoing the old default with the new date gets the new default too.
    await patch(
      `/api/meetings/${derived}`,
      { heldOn: '2026-11-02', title: '2026年10月支部党员大会' },
      'secA1',
    );
    expect(await titleOf(derived)).toBe('2026年11月支部党员大会');
    await patch(`/api/meetings/${typed}`, { heldOn: '2026-10-30' }, 'secA1');
    expect(await titleOf(typed)).toBe('冬季集中学习');
    // Typing a title, then clearing it (null) goes back to the default.
    await patch(`/api/meetings/${derived}`, { title: '十一月党员大会' }, 'secA1');
    expect(await titleOf(derived)).toBe('十一月党员大会');
    await patch(`/api/meetings/${derived}`, { title: null }, 'secA1');
    expect(await titleOf(derived)).toBe('2026年11月支部党员大会');
  });

  it('shows older records saved with a stale default under the right title', async () => {
    const id = json(await post('/api/meetings', meeting({ kind: 'theme_day', title: '占位' }), 'secA1')).id;
    await env.db.execute(sql`update meetings set title = '2026年12月支部党员大会' where id = ${id}`);
    expect(await titleOf(id)).toBe('2026年11月主题党日');
    const list = json(await get(`/api/meetings?kind=theme_day`, 'secA1'));
    expect(list.data.find((m: { id: number }) => m.id === id).title).toBe('2026年11月主题党日');
    // Migration 0015 corrects the stored value (exports read it) and leaves a typed title alone.
    const typed = json(await post('/api/meetings', meeting({ title: '2026年冬季集中学习' }), 'secA1')).id;
    const stored = sql`select id, title from meetings where id in (${id}, ${typed}) order by id`;
    const migration = readFileSync(
      new URL('../../src/server/db/migrations/0015_meeting_default_titles.sql', import.meta.url),
      'utf8',
    );
    for (let run = 0; run < 2; run++) {
      await env.db.execute(sql.raw(migration));
      const now = (await env.db.execute(stored)) as unknown as { rows: Array<{ id: number; title: string }> };
      expect(now.rows).toEqual([
        { id, title: '2026年11月主题党日' },
        { id: typed, title: '2026年冬季集中学习' },
      ]);
    }
  });
});

describe('expected attendees', () => {
  it('lists the members of the branch on that day, with the category of that day', async () => {
    const q = (heldOn: string, kind = 'general_meeting') =>
      get(
        `/api/meetings/expected-attendees?orgId=${env.fx.org.branchA1}&heldOn=${heldOn}&kind=${kind}`,
        'secA1',
      );
    const now = json(await q('2026-11-20'));
    expect(now.map((a: { name: string }) => a.name).sort()).toEqual(['张建国', '李秀英', '王小明'].sort());
    expect(now.every((a: { attendance: string }) => a.attendance === 'absent')).toBe(true);
    // 王小明 joined on 2026-06-01: not yet a member in May.
    expect(json(await q('2026-05-01')).map((a: { name: string }) => a.name)).not.toContain('王小明');
    // Confirmed on 2006-07-01: still probationary at the start of 2006, so no vote then.
    const early = json(await q('2006-01-01'));
    expect(early.find((a: { name: string }) => a.name === '张建国')).toMatchObject({
      category: 'probationary',
      votes: false,
    });
    // Committee meeting: the committee in office (only the secretary here).
    expect(json(await q('2026-11-20', 'committee_meeting')).map((a: { name: string }) => a.name)).toEqual([
      '张建国',
    ]);
    expect(
      (
        await get(
          `/api/meetings/expected-attendees?orgId=${env.fx.org.branchB1}&heldOn=2026-11-20&kind=general_meeting`,
          'secA1',
        )
      ).statusCode,
    ).toBe(404);
  });

  it('counts a member who transferred out afterwards where they were on the day', async () => {
    // 陈静 came to B1 from A1 on 2026-11-01 (as the transfer module records it).
    await env.db.insert(memberEvents).values({
      memberId: env.fx.member.b1,
      kind: 'transferred',
      occurredOn: '2026-11-01',
      orgId: env.fx.org.branchB1,
      data: { fromOrgId: env.fx.org.branchA1, toOrgId: env.fx.org.branchB1 },
    });
    const names = async (org: number, heldOn: string) =>
      json(
        await get(`/api/meetings/expected-attendees?orgId=${org}&heldOn=${heldOn}&kind=theme_day`, 'admin'),
      ).map((a: { name: string }) => a.name);
    expect(await names(env.fx.org.branchA1, '2026-10-15')).toContain('陈静');
    expect(await names(env.fx.org.branchA1, '2026-11-20')).not.toContain('陈静');
    expect(await names(env.fx.org.branchB1, '2026-10-15')).not.toContain('陈静');
    expect(await names(env.fx.org.branchB1, '2026-11-20')).toContain('陈静');
    await env.db.execute(sql`delete from member_events where member_id = ${env.fx.member.b1}`);
  });
});

describe('kinds with their own requirements', () => {
  it('party lecture: needs a topic and a lecturer; the secretary in office is recognised', async () => {
    const missing = await post(
      '/api/meetings',
      meeting({ kind: 'party_lecture', title: '专题党课' }),
      'secA1',
    );
    expect(missing.statusCode).toBe(400);
    expect(messages(missing)).toEqual(['主题：党课须填写主题', '授课人：党课须填写授课人']);

    const bySecretary = json(
      await post(
        '/api/meetings',
        meeting({
          kind: 'party_lecture',
          title: '专题党课',
          topic: '学习贯彻党的二十大精神',
          lecturerMemberId: env.fx.member.secA1,
        }),
        'secA1',
      ),
    );
    expect(bySecretary).toMatchObject({ lecturerName: '张建国', bySecretary: true });

    const byMember = json(
      await post(
        '/api/meetings',
        meeting({
          kind: 'party_lecture',
          title: '党课',
          topic: '党史',
          lecturerMemberId: env.fx.member.plainA1,
        }),
        'secA1',
      ),
    );
    expect(byMember).toMatchObject({ lecturerName: '李秀英', bySecretary: false });

    // The secretary took office on 2024-03-01: a lecture before that is not the secretary's.
    const before = json(
      await post(
        '/api/meetings',
        meeting({
          kind: 'party_lecture',
          title: '党课',
          topic: '党史',
          heldOn: '2023-12-01',
          lecturerMemberId: env.fx.member.secA1,
        }),
        'secA1',
      ),
    );
    expect(before.bySecretary).toBe(false);

    const guest = json(
      await post(
        '/api/meetings',
        meeting({ kind: 'party_lecture', title: '党课', topic: '党史', lecturerName: '区委宣讲团 刘老师' }),
        'secA1',
      ),
    );
    expect(guest).toMatchObject({
      lecturerMemberId: null,
      lecturerName: '区委宣讲团 刘老师',
      bySecretary: false,
    });

    const stranger = await post(
      '/api/meetings',
      meeting({ kind: 'party_lecture', title: '党课', topic: '党史', lecturerMemberId: env.fx.member.a2 }),
      'districtA',
    );
    expect(details(stranger)[0].field).toBe('lecturerMemberId');
  });

  it('group meeting: the members of that party group only', async () => {
    await env.db.execute(
      sql`update members set group_id = ${env.fx.org.groupA1} where id = ${env.fx.member.plainA1}`,
    );
    const none = await post('/api/meetings', meeting({ kind: 'group_meeting', title: '党小组会' }), 'secA1');
    expect(messages(none)).toEqual(['党小组：党小组会须选择党小组']);
    const wrong = await post(
      '/api/meetings',
      meeting({ kind: 'group_meeting', title: '党小组会', groupId: env.fx.org.branchA2 }),
      'districtA',
    );
    expect(messages(wrong)).toEqual(['党小组：应为本支部下设的党小组']);
    const ok = json(
      await post(
        '/api/meetings',
        meeting({ kind: 'group_meeting', title: '第一党小组会', groupId: env.fx.org.groupA1 }),
        'secA1',
      ),
    );
    expect(ok).toMatchObject({ groupId: env.fx.org.groupA1, groupName: '第一党小组', expected: 1 });
    expect(ok.attendees.map((a: { name: string }) => a.name)).toEqual(['李秀英']);
    await env.db.execute(sql`update members set group_id = null where id = ${env.fx.member.plainA1}`);
  });

  it('committee meeting: refused without a committee, and needs more than half of it present to submit', async () => {
    const none = await post(
      '/api/meetings',
      meeting({ kind: 'committee_meeting', title: '支委会' }),
      'secA1',
    );
    expect(none.statusCode).toBe(400);
    expect(messages(none)[0]).toMatch(/^会议类型：本支部在2026-11-20未设支部委员会（在任委员1人，不足3人）/);

    // Elect two more committee members: a committee of three.
    const third = await addMemberA1('刘强');
    const [term] = await env.db.select().from(orgTerms).where(sql`org_id = ${env.fx.org.branchA1}`);
    await env.db.insert(committeeMembers).values([
      {
        orgId: env.fx.org.branchA1,
        termId: term.id,
        memberId: env.fx.member.plainA1,
        role: 'organization_member',
        startedOn: '2024-03-01',
      },
      {
        orgId: env.fx.org.branchA1,
        termId: term.id,
        memberId: third,
        role: 'publicity_member',
        startedOn: '2024-03-01',
      },
    ]);
    const res = await post(
      '/api/meetings',
      meeting({
        kind: 'committee_meeting',
        title: '十一月支委会',
        attendees: [{ memberId: env.fx.member.secA1, attendance: 'present' }],
      }),
      'secA1',
    );
    expect(res.statusCode).toBe(201);
    const m = json(res);
    expect(m.expected).toBe(3);
    const one = await post(`/api/meetings/${m.id}/submit`, {}, 'secA1');
    expect(one.statusCode).toBe(400);
    expect(messages(one)).toEqual(['参会人员：支委会委员3人，到会1人，须超过半数（至少2人）到会方可召开']);
    await patch(
      `/api/meetings/${m.id}`,
      { attendees: [{ memberId: third, attendance: 'present' }] },
      'secA1',
    );
    const two = await post(`/api/meetings/${m.id}/submit`, {}, 'secA1');
    expect(two.statusCode).toBe(200);
    expect(json(two).status).toBe('submitted');
    // Back to a secretary-only branch for the other suites.
    await env.db.execute(
      sql`delete from committee_members where member_id in (${env.fx.member.plainA1}, ${third})`,
    );
    await env.db.execute(sql`update members set status = 'left', left_on = '2026-11-21' where id = ${third}`);
  });

  it('votes only at a general meeting', async () => {
    const res = await post(
      '/api/meetings',
      meeting({
        kind: 'theme_day',
        title: '主题党日',
        votes: [{ subject: '表决事项', forVotes: 1, against: 0, abstain: 0 }],
      }),
      'secA1',
    );
    expect(messages(res)).toEqual(['表决事项：只有支部党员大会可以记录表决']);
  });
});

describe('votes of the general meeting (支部工作条例第十一条)', () => {
  let extra: number[];
  let id: number;
  const vote = (forVotes: number, against = 0, abstain = 0) => ({
    subject: '接收王小明为预备党员',
    forVotes,
    against,
    abstain,
  });
  const present = (ids: number[]) => ids.map((memberId) => ({ memberId, attendance: 'present' }));

  beforeAll(async () => {
    // Four full members (张建国, 李秀英 and two more) and one probationary member.
    extra = [await addMemberA1('孙伟'), await addMemberA1('周敏')];
    const m = json(
      await post('/api/meetings', meeting({ title: '表决用党员大会', heldOn: '2026-11-22' }), 'secA1'),
    );
    id = m.id;
    expect(m.expected).toBe(5);
  });
  afterAll(async () => {
    await env.db.execute(
      sql`update members set status = 'left', left_on = '2026-11-23' where id in (${extra[0]}, ${extra[1]})`,
    );
  });

  it('refuses a vote when exactly half of the full members are present', async () => {
    const res = await patch(
      `/api/meetings/${id}`,
      { attendees: present([env.fx.member.secA1, env.fx.member.plainA1]), votes: [vote(2)] },
      'secA1',
    );
    expect(res.statusCode).toBe(400);
    expect(messages(res)).toEqual([
      '表决事项：“接收王小明为预备党员”不能记录，应到会有表决权党员4人，实到2人，须超过半数（至少3人）到会方可表决',
    ]);
  });

  it('does not count a probationary member towards the quorum', async () => {
    const res = await patch(
      `/api/meetings/${id}`,
      {
        attendees: present([env.fx.member.secA1, env.fx.member.plainA1, env.fx.member.probA1]),
        votes: [vote(2)],
      },
      'secA1',
    );
    expect(res.statusCode).toBe(400);
    expect(messages(res)[0]).toMatch(/实到2人/);
  });

  it('records a vote with quorum; half of the expected in favour does not pass', async () => {
    const res = await patch(
      `/api/meetings/${id}`,
      { attendees: present([env.fx.member.secA1, env.fx.member.plainA1, extra[0]]), votes: [vote(2, 1)] },
      'secA1',
    );
    expect(res.statusCode).toBe(200);
    const [v] = json(res).votes;
    expect(v).toMatchObject({
      expectedVoting: 4,
      presentVoting: 3,
      quorumMet: true,
      passed: false,
      forVotes: 2,
    });
    expect(v.explanation).toContain('应到会有表决权党员4人，实到3人');
    expect(v.explanation).toContain('未通过');
  });

  it('passes with more than half of the EXPECTED voters in favour', async () => {
    const res = await patch(`/api/meetings/${id}`, { votes: [vote(3)] }, 'secA1');
    expect(res.statusCode).toBe(200);
    const [v] = json(res).votes;
    expect(v).toMatchObject({ passed: true, forVotes: 3 });
    expect(v.explanation).toMatch(/至少需3票），通过/);
  });

  it('refuses more ballots than voters present', async () => {
    const res = await patch(`/api/meetings/${id}`, { votes: [vote(2, 1, 1)] }, 'secA1');
    expect(messages(res)).toEqual([
      '表决事项：“接收王小明为预备党员”不能记录，赞成、反对、弃权合计4票，多于实到会有表决权党员3人',
    ]);
  });

  it('re-checks stored votes when the attendance changes', async () => {
    const res = await patch(
      `/api/meetings/${id}`,
      { attendees: [{ memberId: extra[0], attendance: 'absent' }] },
      'secA1',
    );
    expect(res.statusCode).toBe(400);
    expect(messages(res)[0]).toMatch(/须超过半数（至少3人）到会方可表决/);
  });
});

describe('no vote under 留党察看 (党章第四十条)', () => {
  // Meeting day 2026-11-10. 赵刚: 留党察看 in force that day, ended since (rights restored on 11-21);
  // 钱平: 留党察看 ended on 2026-01-01, before the day; 吴军: full, his 留党察看 recorded later.
  const on = '2026-11-10';
  const mine: Record<string, number> = {};
  let id: number;
  const watch = (memberId: number, decidedOn: string, endsOn: string) =>
    post(
      `/api/members/${memberId}/disciplines`,
      { kind: 'probation_watch', decidedOn, endsOn, reason: '违反组织纪律' },
      'secA1',
    );
  const subject = '接收王小明为预备党员';
  const present = (ids: number[]) => ids.map((memberId) => ({ memberId, attendance: 'present' }));
  /** Full members of A1 on the day added by the tests above (they have left since). */
  const earlier = async () => [await memberIdOf('刘强'), await memberIdOf('孙伟')];
  async function memberIdOf(name: string) {
    const rows = (await env.db.execute(
      sql`select id from members where name = ${name} and org_id = ${env.fx.org.branchA1}`,
    )) as unknown as { rows: Array<{ id: number }> };
    return rows.rows[0].id;
  }

  beforeAll(async () => {
    mine.zhao = await addMemberA1('赵刚');
    mine.qian = await addMemberA1('钱平');
    mine.wu = await addMemberA1('吴军');
    expect((await watch(mine.zhao, '2026-06-01', '2026-11-21')).statusCode).toBe(201);
    expect((await watch(mine.qian, '2025-01-01', '2026-01-01')).statusCode).toBe(201);
  });
  afterAll(async () => {
    await env.db.execute(
      sql`update members set status = 'left', left_on = '2026-11-11' where id in (${mine.zhao}, ${mine.qian}, ${mine.wu})`,
    );
  });

  it('lists a member under 留党察看 among the expected attendees, without a vote that day only', async () => {
    const q = async (heldOn: string) =>
      json(
        await get(
          `/api/meetings/expected-attendees?orgId=${env.fx.org.branchA1}&heldOn=${heldOn}&kind=general_meeting`,
          'secA1',
        ),
      ) as Array<{ memberId: number; category: string; votes: boolean }>;
    const day = await q(on);
    expect(day.find((a) => a.memberId === mine.zhao)).toMatchObject({ category: 'full', votes: false });
    expect(day.find((a) => a.memberId === mine.qian)).toMatchObject({ category: 'full', votes: true });
    expect(day.find((a) => a.memberId === env.fx.member.probA1)).toMatchObject({ votes: false });
    // The day his rights were restored, he votes again.
    const restored = await q('2026-11-21');
    expect(restored.find((a) => a.memberId === mine.zhao)).toMatchObject({ votes: true });
  });

  it('counts neither his place in 应到 nor his presence in 实到, nor a ballot of his', async () => {
    const attendees = present([
      env.fx.member.secA1,
      env.fx.member.plainA1,
      ...(await earlier()),
      mine.wu,
      mine.zhao,
    ]);
    const created = await post(
      '/api/meetings',
      meeting({ title: '留党察看期间的表决', heldOn: on, attendees }),
      'secA1',
    );
    expect(created.statusCode).toBe(201);
    id = json(created).id;
    // Attendance keeps everyone: 张建国, 李秀英, 王小明 (probationary), 刘强, 孙伟, 周敏 and the three here.
    expect(json(created)).toMatchObject({ expected: 9, present: 6 });
    expect(json(created).attendees.find((a: { memberId: number }) => a.memberId === mine.zhao)).toMatchObject(
      {
        attendance: 'present',
        votes: false,
      },
    );
    // Voters: the eight full members but 赵刚 (钱平 counted, his 察看 over); present: five of them.
    const six = await patch(
      `/api/meetings/${id}`,
      { votes: [{ subject, forVotes: 6, against: 0, abstain: 0 }] },
      'secA1',
    );
    expect(messages(six)).toEqual([
      `表决事项：“${subject}”不能记录，赞成、反对、弃权合计6票，多于实到会有表决权党员5人`,
    ]);
    const res = await patch(
      `/api/meetings/${id}`,
      { votes: [{ subject, forVotes: 5, against: 0, abstain: 0 }] },
      'secA1',
    );
    expect(res.statusCode).toBe(200);
    const [v] = json(res).votes;
    expect(v).toMatchObject({ expectedVoting: 7, presentVoting: 5, passed: true });
    expect(v.explanation).toContain('应到会有表决权党员7人，实到5人');
    expect(v.explanation).toContain('留党察看期间的党员没有表决权');
  });

  it('counts again at submit by the register of the meeting day: a 留党察看 recorded since, back-dated', async () => {
    expect((await watch(mine.wu, '2026-11-01', '2026-11-15')).statusCode).toBe(201);
    const refused = await post(`/api/meetings/${id}/submit`, {}, 'secA1');
    expect(refused.statusCode).toBe(400);
    expect(messages(refused)).toEqual([
      `表决事项：“${subject}”不能记录，赞成、反对、弃权合计5票，多于实到会有表决权党员4人`,
    ]);
    const fixed = await patch(
      `/api/meetings/${id}`,
      { votes: [{ subject, forVotes: 4, against: 0, abstain: 0 }] },
      'secA1',
    );
    expect(fixed.statusCode).toBe(200);
    const submitted = await post(`/api/meetings/${id}/submit`, {}, 'secA1');
    expect(submitted.statusCode).toBe(200);
    expect(json(submitted).votes[0]).toMatchObject({ expectedVoting: 6, presentVoting: 4, passed: true });
    expect(json(submitted).attendees.find((a: { memberId: number }) => a.memberId === mine.wu)).toMatchObject(
      {
        attendance: 'present',
        votes: false,
      },
    );
  });
});

describe('submit and review', () => {
  let id: number;

  it('cannot submit a planned meeting, empty minutes or nobody present', async () => {
    const planned = json(
      await post(
        '/api/meetings',
        meeting({ title: '十二月党员大会', heldOn: '2026-12-10', minutes: '' }),
        'secA1',
      ),
    );
    expect(planned.status).toBe('draft');
    expect(planned.abilities.submit).toBe(false);
    const res = await post(`/api/meetings/${planned.id}/submit`, {}, 'secA1');
    expect(res.statusCode).toBe(400);
    expect(messages(res)).toEqual([
      '会议日期：会议日期晚于今天，不能提交',
      '会议记录：请填写会议记录',
      '参会人员：至少应有一名出席人员',
    ]);
    // A planned meeting can be deleted while a draft.
    expect((await del(`/api/meetings/${planned.id}`, 'secA1')).statusCode).toBe(200);
    expect((await get(`/api/meetings/${planned.id}`, 'secA1')).statusCode).toBe(404);
  });

  it('submits, after which the record cannot be changed or deleted', async () => {
    const m = json(
      await post(
        '/api/meetings',
        meeting({
          title: '十一月主题党日',
          kind: 'theme_day',
          attendees: [{ memberId: env.fx.member.secA1, attendance: 'present' }],
        }),
        'secA1',
      ),
    );
    id = m.id;
    const res = await post(`/api/meetings/${id}/submit`, {}, 'secA1');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'submitted', submittedAt: '2026-11-23T04:00:00.000Z' });
    expect(json(res).abilities).toMatchObject({ edit: false, submit: false, review: false });
    const edit = await patch(`/api/meetings/${id}`, { title: '改一改' }, 'secA1');
    expect(edit.statusCode).toBe(409);
    expect(json(edit).message).toBe('已提交的会议记录不能修改');
    expect(json(edit).code).toBe('MEETINGS_RECORD_LOCKED');
    const removed = await del(`/api/meetings/${id}`, 'secA1');
    expect(removed.statusCode).toBe(409);
    expect(json(removed).code).toBe('MEETINGS_NOT_DRAFT');
    const again = await post(`/api/meetings/${id}/submit`, {}, 'secA1');
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('MEETINGS_ALREADY_SUBMITTED');
  });

  it('counts for compliance once submitted', async () => {
    const rows = (await env.db.execute(
      sql`select held from orglife_compliance where org_id = ${env.fx.org.branchA1} and meeting_kind = 'theme_day' and period_key like '2026-11%'`,
    )) as unknown as { rows: Array<{ held: number }> };
    expect(rows.rows.map((r) => r.held)).toEqual([1]);
  });

  it('is reviewed only by the higher org', async () => {
    const own = await post(`/api/meetings/${id}/review`, { decision: 'approve' }, 'secA1');
    expect(own.statusCode).toBe(403);
    expect(json(own).message).toBe('只有上级党组织可以审核');
    const view = json(await get(`/api/meetings/${id}`, 'districtA'));
    expect(view.abilities.review).toBe(true);
    expect(json(await get(`/api/meetings/${id}`, 'secA1')).abilities.review).toBe(false);
  });

  it('is returned with a reason, and the submitter is told', async () => {
    const noReason = await post(`/api/meetings/${id}/review`, { decision: 'return' }, 'districtA');
    expect(messages(noReason)).toEqual(['审核意见：退回时请写明原因']);
    const res = await post(
      `/api/meetings/${id}/review`,
      { decision: 'return', comment: '缺少会议照片' },
      'districtA',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      status: 'returned',
      reviewComment: '缺少会议照片',
      reviewedByName: '甲区委组织部',
    });
    const notes = (await env.db.execute(
      sql`select n.kind, n.link, n.body, u.username from notifications n join users u on u.id = n.user_id where n.kind like 'meeting.%'`,
    )) as unknown as { rows: Array<Record<string, string>> };
    expect(notes.rows).toEqual([
      {
        kind: 'meeting.returned',
        link: `/meetings/${id}`,
        body: '退回意见：缺少会议照片',
        username: 'secA1',
      },
    ]);
    // Only a submitted record can be reviewed.
    const reviewed = await post(`/api/meetings/${id}/review`, { decision: 'approve' }, 'districtA');
    expect(reviewed.statusCode).toBe(409);
    expect(json(reviewed).code).toBe('MEETINGS_NOT_SUBMITTED');
  });

  it('can be edited once returned, resubmitted and approved', async () => {
    const m = json(await get(`/api/meetings/${id}`, 'secA1'));
    expect(m.abilities).toMatchObject({ edit: true, submit: true });
    const edit = await patch(
      `/api/meetings/${id}`,
      { minutes: `${meeting().minutes}（补充会议照片说明）` },
      'secA1',
    );
    expect(edit.statusCode).toBe(200);
    expect(json(edit).status).toBe('returned');
    const again = await post(`/api/meetings/${id}/submit`, {}, 'secA1');
    expect(json(again)).toMatchObject({ status: 'submitted', reviewComment: null });
    // The city may review too: it is above the branch.
    const ok = await post(`/api/meetings/${id}/review`, { decision: 'approve', comment: '规范' }, 'admin');
    expect(ok.statusCode).toBe(200);
    expect(json(ok)).toMatchObject({
      status: 'reviewed',
      reviewComment: '规范',
      reviewedByName: '市委组织部',
    });
    const kinds = (await env.db.execute(
      sql`select kind from notifications where kind like 'meeting.%' order by id`,
    )) as unknown as { rows: Array<{ kind: string }> };
    expect(kinds.rows.map((r) => r.kind)).toEqual(['meeting.returned', 'meeting.reviewed']);
    const actions = (await env.db.execute(
      sql`select action from audit_log where entity = 'meeting' and entity_id = ${id} order by id`,
    )) as unknown as { rows: Array<{ action: string }> };
    expect(actions.rows.map((r) => r.action)).toEqual([
      'meeting.create',
      'meeting.submit',
      'meeting.return',
      'meeting.update',
      'meeting.submit',
      'meeting.approve',
    ]);
  });
});
