/**
 * 我的 (issue #19): the member's home with exact figures, 参加 / 请假 / withdraw, the leave on the
 * secretary's attendance grid, and the refusals (started meeting, another org's meeting).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentCases, roleAssignments, users } from '../../src/server/db/schema/index.js';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
const { get, post, send } = requests(() => env);
const put = (url: string, payload: unknown, user?: string) => send('PUT', url, payload, user);
const del = (url: string, user?: string) => send('DELETE', url, undefined, user);
const patch = (url: string, payload: unknown, user?: string) => send('PATCH', url, payload, user);

/** A meeting recorded (or planned) by the branch's secretary; the clock is 2026-11-23 12:00. */
async function meeting(over: Record<string, unknown> = {}, user = 'secA1') {
  const res = await post(
    '/api/meetings',
    {
      orgId: env.fx.org.branchA1,
      kind: 'general_meeting',
      heldOn: '2026-11-30',
      startTime: '19:00',
      endTime: '21:00',
      place: '社区党群服务中心二楼',
      agenda: '一、学习上级会议精神\n二、讨论年度工作总结',
      ...over,
    },
    user,
  );
  if (res.statusCode !== 201 && res.statusCode !== 200)
    throw new Error(`meeting: ${res.statusCode} ${res.body}`);
  return json(res).id as number;
}

const attendeeOf = async (id: number, memberId: number) =>
  json(await get(`/api/meetings/${id}`, 'secA1')).attendees.find(
    (a: { memberId: number }) => a.memberId === memberId,
  );

let planned: number;
let held: number;
let otherBranch: number;

describe('the member home', () => {
  beforeAll(async () => {
    planned = await meeting();
    // Held last Friday and submitted: counts for the year's attendance.
    held = await meeting({
      heldOn: '2026-11-20',
      minutes: '传达学习上级会议精神。',
      attendees: [
        { memberId: env.fx.member.plainA1, attendance: 'present' },
        { memberId: env.fx.member.probA1, attendance: 'excused', reason: '出差' },
      ],
    });
    expect((await post(`/api/meetings/${held}/submit`, {}, 'secA1')).statusCode).toBe(200);
    // A draft of an earlier day (not held as a record) does not count.
    await meeting({ heldOn: '2026-10-10', minutes: '' });
    otherBranch = await meeting({ orgId: env.fx.org.branchA2 }, 'admin');
  });

  it('shows the next meeting with its place and agenda, and the year’s attendance', async () => {
    const res = await get('/api/my/home', 'memberA1');
    expect(res.statusCode).toBe(200);
    const h = json(res);
    expect(h.member).toEqual({ memberId: env.fx.member.plainA1, name: '李秀英', category: 'full' });
    expect(h.meetings.total).toBe(1);
    expect(h.meetings.upcoming[0]).toMatchObject({
      id: planned,
      kind: 'general_meeting',
      kindLabel: '支部党员大会',
      heldOn: '2026-11-30',
      startTime: '19:00',
      endTime: '21:00',
      place: '社区党群服务中心二楼',
      agenda: '一、学习上级会议精神\n二、讨论年度工作总结',
      topic: null,
      lecturerName: null,
      response: null,
      attendance: 'absent',
      canRespond: true,
    });
    expect(h.attendance).toEqual({ year: 2026, held: 1, attended: 1, excused: 0, missed: 0 });
    // Another branch's meeting is not the member's.
    expect(h.meetings.upcoming.map((m: { id: number }) => m.id)).not.toContain(otherBranch);
  });

  it('gives 政治生日 from joining and 党龄 from 转正 (党章第七条)', async () => {
    const h = json(await get('/api/my/home', 'memberA1'));
    // Joined 2005-07-01, confirmed 2006-07-01; today 2026-11-23.
    expect(h.politicalBirthday).toEqual({
      joinedOn: '2005-07-01',
      confirmedOn: '2006-07-01',
      next: '2027-07-01',
      daysUntil: 220,
      years: 22,
      partyAge: 20,
    });
  });

  it('gives a probationary member no party age yet', async () => {
    const [{ hash }] = (
      (await env.db.execute(
        sql`select password_hash as hash from users where username = 'memberA1'`,
      )) as unknown as {
        rows: Array<{ hash: string }>;
      }
    ).rows;
    const [u] = await env.db
      .insert(users)
      .values({
        username: 'probA1',
        displayName: '王小明',
        passwordHash: hash,
        memberId: env.fx.member.probA1,
      })
      .returning();
    await env.db.insert(roleAssignments).values({ userId: u.id, role: 'member', orgId: env.fx.org.branchA1 });
    const h = json(await get('/api/my/home', 'probA1'));
    expect(h.member.category).toBe('probationary');
    expect(h.politicalBirthday).toMatchObject({
      joinedOn: '2026-06-01',
      next: '2027-06-01',
      years: 1,
      partyAge: null,
    });
    expect(h.attendance).toEqual({ year: 2026, held: 1, attended: 0, excused: 1, missed: 0 });
  });

  it('shows a probationary member their case’s next step to 转正', async () => {
    // The case as the development engine left it after admission (its stored next step and dates).
    await env.db.insert(developmentCases).values({
      orgId: env.fx.org.branchA1,
      orgPath: (
        (await env.db.execute(
          sql`select path::text as p from orgs where id = ${env.fx.org.branchA1}`,
        )) as unknown as {
          rows: Array<{ p: string }>;
        }
      ).rows[0].p,
      version: '2026',
      rules: {},
      name: '王小明',
      gender: 'male',
      birthDate: '2000-05-04',
      stage: 'probationary',
      appliedOn: '2024-03-01',
      admittedOn: '2026-06-01',
      probationEndsOn: '2027-06-01',
      lastStepKey: 'probation_assessment',
      lastStepOn: '2026-10-15',
      nextKey: 'confirmation_application',
      nextEarliestOn: '2027-05-01',
      nextDueOn: '2027-06-01',
      memberId: env.fx.member.probA1,
    });
    const h = json(await get('/api/my/home', 'probA1'));
    expect(h.development).toMatchObject({
      stage: 'probationary',
      stageLabel: '预备党员',
      nextTitle: '提出转正申请',
      nextEarliestOn: '2027-05-01',
      nextDueOn: '2027-06-01',
      overdue: false,
    });
    // A full member's home has no case section.
    expect(json(await get('/api/my/home', 'memberA1')).development).toBeNull();
  });

  it('shows 组织关系: the branch, its path, the secretary in office', async () => {
    const h = json(await get('/api/my/home', 'memberA1'));
    expect(h.relation).toEqual({
      orgId: env.fx.org.branchA1,
      orgName: '中共甲区幸福社区支部委员会',
      pathNames: ['中共测试市委员会', '中共甲区委员会', '中共甲区幸福社区支部委员会'],
      secretaryName: '张建国',
      groupName: null,
      transfer: null,
    });
  });

  it('gives dues figures equal to the arrears list and the collection sheet', async () => {
    const profile = await post(
      `/api/members/${env.fx.member.plainA1}/dues-profiles`,
      { category: 'employed', effectiveMonth: '2026-01', baseFen: 300000 },
      'secA1',
    );
    expect(profile.statusCode).toBe(201);
    for (const month of ['2026-01', '2026-02']) {
      const paid = await post(
        '/api/dues/payments',
        { memberId: env.fx.member.plainA1, month, amountFen: 1500, paidOn: '2026-11-20', method: 'cash' },
        'secA1',
      );
      expect(paid.statusCode).toBe(201);
    }
    const h = json(await get('/api/my/home', 'memberA1'));
    const arrears = json(await get(`/api/dues/arrears?orgId=${env.fx.org.branchA1}`, 'secA1'));
    const row = arrears.data.find((r: { memberId: number }) => r.memberId === env.fx.member.plainA1);
    const sheet = json(await get(`/api/dues/ledger?orgId=${env.fx.org.branchA1}&month=2026-11`, 'secA1'));
    const sheetRow = sheet.data.find((r: { memberId: number }) => r.memberId === env.fx.member.plainA1);
    // March to October owed at 15.00 a month; November is the current month (payable, not owed).
    expect(h.dues.arrearsFen).toBe(8 * 1500);
    expect(h.dues.owedMonths).toHaveLength(8);
    expect(row.arrearsFen).toBe(h.dues.arrearsFen);
    expect(row.owedMonths).toEqual(h.dues.owedMonths);
    expect(sheetRow.standing.arrearsFen).toBe(h.dues.arrearsFen);
    expect(h.dues.currentMonth).toMatchObject({
      month: '2026-11',
      expectedFen: 1500,
      paidFen: 0,
      balanceFen: 1500,
    });
    expect(h.dues.history.map((p: { month: string }) => p.month)).toEqual(['2026-02', '2026-01']);
  });

  it('lists the latest unread notifications', async () => {
    const h = json(await get('/api/my/home', 'memberA1'));
    expect(h.notifications.unread).toBe(h.notifications.latest.length);
  });

  it('shows an applicant’s account (no member record) the next step of their case', async () => {
    const first17 = '62010219980412002';
    const { idNumberCheckDigit } = await import('../../src/domain/member/id-number.js');
    const res = await post(
      '/api/development/cases',
      {
        orgId: env.fx.org.branchA1,
        name: '周晓梅',
        gender: 'female',
        idNumber: first17 + idNumberCheckDigit(first17),
        ethnicity: '01',
        education: 'bachelor',
        appliedOn: '2026-11-02',
      },
      'secA1',
    );
    expect(res.statusCode).toBe(201);
    const caseId = json(res).id as number;
    const [{ hash }] = (
      (await env.db.execute(
        sql`select password_hash as hash from users where username = 'memberA1'`,
      )) as unknown as {
        rows: Array<{ hash: string }>;
      }
    ).rows;
    await env.db.insert(users).values({
      username: 'applicantA1',
      displayName: '周晓梅',
      passwordHash: hash,
      developmentCaseId: caseId,
    });
    const h = json(await get('/api/my/home', 'applicantA1'));
    expect(h.member).toBeNull();
    expect(h.displayName).toBe('周晓梅');
    // 党组织应当在一个月内派人同入党申请人谈话: the talk is the next step, due a month after applying.
    expect(h.development).toEqual({
      caseId,
      stage: 'applicant',
      stageLabel: '入党申请人',
      nextTitle: json(res).nextTitle,
      nextDueOn: '2026-12-02',
      nextEarliestOn: null,
      overdue: false,
    });
    expect(h.meetings).toEqual({ upcoming: [], total: 0 });
    expect(h.dues).toBeNull();
  });

  it('answers an account without a member record with empty sections', async () => {
    const h = json(await get('/api/my/home', 'admin'));
    expect(h).toMatchObject({
      member: null,
      meetings: { upcoming: [], total: 0 },
      dues: null,
      relation: null,
    });
    expect(json(await get('/api/my/meetings', 'admin'))).toEqual({ data: [], total: 0 });
  });
});

describe('参加 / 请假', () => {
  it('asks for a reason of a leave, by field, and caps it at 100 characters', async () => {
    const none = await put(`/api/my/meetings/${planned}/response`, { response: 'leave' }, 'memberA1');
    expect(none.statusCode).toBe(400);
    expect(json(none).details).toEqual([{ field: 'reason', message: '请假原因：请填写请假原因' }]);
    const long = await put(
      `/api/my/meetings/${planned}/response`,
      { response: 'leave', reason: '因'.repeat(101) },
      'memberA1',
    );
    expect(long.statusCode).toBe(400);
    expect(json(long).details[0].field).toBe('reason');
  });

  it('pre-fills the grid as excused, shows the response to the secretary and tells them', async () => {
    const res = await put(
      `/api/my/meetings/${planned}/response`,
      { response: 'leave', reason: '因公出差' },
      'memberA1',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      response: { response: 'leave', reason: '因公出差' },
      attendance: 'excused',
    });
    const a = await attendeeOf(planned, env.fx.member.plainA1);
    expect(a).toMatchObject({
      attendance: 'excused',
      reason: '因公出差',
      response: { response: 'leave', reason: '因公出差' },
    });
    const box = json(await get('/api/notifications?unread=true', 'secA1'));
    expect(box.data[0]).toMatchObject({ title: '李秀英 请假：因公出差', link: `/meetings/${planned}` });
    const audit = json(await get('/api/audit?action=my.meeting_response', 'auditor'));
    expect(audit.data[0]).toMatchObject({ action: 'my.meeting_response', entityId: planned });
  });

  it('withdrawing the leave sets the pre-filled row back to absent', async () => {
    const res = await del(`/api/my/meetings/${planned}/response`, 'memberA1');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ response: null, attendance: 'absent' });
    expect(await attendeeOf(planned, env.fx.member.plainA1)).toMatchObject({
      attendance: 'absent',
      reason: null,
      response: null,
    });
  });

  it('an attend is shown next to the row and changes nothing on the grid', async () => {
    const res = await put(`/api/my/meetings/${planned}/response`, { response: 'attend' }, 'memberA1');
    expect(res.statusCode).toBe(200);
    expect(await attendeeOf(planned, env.fx.member.plainA1)).toMatchObject({
      attendance: 'absent',
      response: { response: 'attend', reason: null },
    });
  });

  it('the secretary’s save of the grid wins over the leave', async () => {
    await put(`/api/my/meetings/${planned}/response`, { response: 'leave', reason: '生病' }, 'memberA1');
    const saved = await patch(
      `/api/meetings/${planned}`,
      { attendees: [{ memberId: env.fx.member.plainA1, attendance: 'excused', reason: '生病住院' }] },
      'secA1',
    );
    expect(saved.statusCode).toBe(200);
    // The secretary's reason differs from the member's: withdrawing no longer undoes the row.
    await del(`/api/my/meetings/${planned}/response`, 'memberA1');
    expect(await attendeeOf(planned, env.fx.member.plainA1)).toMatchObject({
      attendance: 'excused',
      reason: '生病住院',
      response: null,
    });
  });

  it('refuses a meeting that has started, in words', async () => {
    const today = await meeting({ heldOn: '2026-11-23', startTime: '08:00', endTime: '10:00' });
    const res = await put(
      `/api/my/meetings/${today}/response`,
      { response: 'leave', reason: '生病' },
      'memberA1',
    );
    expect(res.statusCode).toBe(409);
    expect(json(res)).toMatchObject({ code: 'MY_MEETING_STARTED' });
    expect(json(res).message).toContain('会议已开始');
  });

  it('knows no meeting of another org (404), nor any for an account without a member record', async () => {
    for (const url of [`/api/my/meetings/${otherBranch}`, `/api/my/meetings/${otherBranch}/response`]) {
      const res = url.endsWith('response')
        ? await put(url, { response: 'attend' }, 'memberA1')
        : await get(url, 'memberA1');
      expect(res.statusCode).toBe(404);
    }
    expect(
      (await put(`/api/my/meetings/${planned}/response`, { response: 'attend' }, 'admin')).statusCode,
    ).toBe(404);
    expect((await get(`/api/my/meetings/${planned}`, 'memberA1')).statusCode).toBe(200);
  });

  it('lists the past meetings with what the grid recorded', async () => {
    const past = json(await get('/api/my/meetings?scope=past', 'memberA1'));
    const h = past.data.find((m: { id: number }) => m.id === held);
    expect(h).toMatchObject({ attendance: 'present', canRespond: false });
    const upcoming = json(await get('/api/my/meetings?scope=upcoming', 'memberA1'));
    expect(upcoming.data.map((m: { id: number }) => m.id)).toEqual([planned]);
  });
});

describe('leave on a newly expected attendee', () => {
  it('a member added to the grid later starts as excused when they asked for leave', async () => {
    // A group meeting planned for group A1, whose members are placed in it afterwards.
    const group = await meeting({ kind: 'group_meeting', groupId: env.fx.org.groupA1, heldOn: '2026-12-02' });
    await env.db.execute(
      sql`update members set group_id = ${env.fx.org.groupA1} where id = ${env.fx.member.plainA1}`,
    );
    const res = await put(
      `/api/my/meetings/${group}/response`,
      { response: 'leave', reason: '家中有事' },
      'memberA1',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res).attendance).toBeNull();
    // The secretary saves the record: the grid is rebuilt from the register and takes the leave.
    expect((await patch(`/api/meetings/${group}`, { place: '党员活动室' }, 'secA1')).statusCode).toBe(200);
    expect(await attendeeOf(group, env.fx.member.plainA1)).toMatchObject({
      attendance: 'excused',
      reason: '家中有事',
    });
    await env.db.execute(sql`update members set group_id = null where id = ${env.fx.member.plainA1}`);
  });
});
