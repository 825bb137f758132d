import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAssignments, users } from '../../src/server/db/schema/index.js';
import { hashPassword } from '../../src/server/lib/passwords.js';
import { json, NOW, PASSWORD, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
  // 陈静 of branch B1 gets an account: a member who is not expected at A1's meetings.
  const [u] = await env.db
    .insert(users)
    .values({
      username: 'memberB1',
      displayName: '陈静',
      passwordHash: await hashPassword(PASSWORD),
      memberId: env.fx.member.b1,
    })
    .returning();
  await env.db.insert(roleAssignments).values({ userId: u.id, role: 'member', orgId: env.fx.org.branchB1 });
});
afterAll(() => env.app.close());
const { get, post, send } = requests(() => env);

/** A theme day of A1 today; NOW is 12:00 in Shanghai, so an 11:00 start leaves sign-in open until 13:00. */
async function meetingToday(over: Record<string, unknown> = {}) {
  const res = await post(
    '/api/meetings',
    {
      orgId: env.fx.org.branchA1,
      kind: 'theme_day',
      title: '十一月主题党日',
      heldOn: '2026-11-23',
      startTime: '11:00',
      minutes: '重温入党誓词。',
      ...over,
    },
    'secA1',
  );
  expect(res.statusCode).toBe(201);
  return json(res).id as number;
}

const token = async (id: number, user = 'secA1') => post(`/api/meetings/${id}/checkin-token`, {}, user);

describe('QR sign-in', () => {
  let id: number;
  let code: string;

  it('issues a code that is stored only as a hash and expires hours after the start', async () => {
    id = await meetingToday();
    const m = json(await get(`/api/meetings/${id}`, 'secA1'));
    expect(m.abilities.checkin).toBe(true);
    const res = await token(id);
    expect(res.statusCode).toBe(200);
    const t = json(res);
    code = t.token;
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // 11:00 Shanghai + 2 hours (orglife.checkinValidHours).
    expect(t).toMatchObject({
      meetingId: id,
      expiresAt: '2026-11-23T05:00:00.000Z',
      url: `/checkin?m=${id}&t=${code}`,
    });
    const stored = (await env.db.execute(
      sql`select token_hash from meeting_checkin_tokens where meeting_id = ${id}`,
    )) as unknown as { rows: Array<{ token_hash: string }> };
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.rows[0].token_hash).not.toContain(code);
    // Only those who may record the meeting get a code.
    expect((await token(id, 'memberA1')).statusCode).toBe(403);
    expect((await token(id, 'admin')).statusCode).toBe(200);
  });

  it('a new code replaces the earlier ones', async () => {
    const res = await token(id);
    const fresh = json(res).token;
    const old = await post('/api/checkin', { meetingId: id, token: code }, 'memberA1');
    expect(old.statusCode).toBe(400);
    expect(json(old).message).toBe('签到码无效');
    code = fresh;
  });

  it('marks the signed-in member present', async () => {
    const res = await post('/api/checkin', { meetingId: id, token: code }, 'memberA1');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({
      meetingId: id,
      title: '十一月主题党日',
      orgName: '中共甲区幸福社区支部委员会',
      memberName: '李秀英',
      checkedInAt: NOW.toISOString(),
      already: false,
    });
    const m = json(await get(`/api/meetings/${id}`, 'secA1'));
    expect(m.present).toBe(1);
    expect(m.attendees.find((a: { memberId: number }) => a.memberId === env.fx.member.plainA1)).toMatchObject(
      {
        attendance: 'present',
        checkedInAt: NOW.toISOString(),
      },
    );
    const audit = (await env.db.execute(
      sql`select count(*)::int as n from audit_log where action = 'meeting.checkin' and entity_id = ${id}`,
    )) as unknown as { rows: Array<{ n: number }> };
    expect(audit.rows[0].n).toBe(1);
  });

  it('a second scan changes nothing', async () => {
    env.clock.now = new Date(NOW.getTime() + 10 * 60_000);
    const res = await post('/api/checkin', { meetingId: id, token: code }, 'memberA1');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ already: true, checkedInAt: NOW.toISOString() });
    const audit = (await env.db.execute(
      sql`select count(*)::int as n from audit_log where action = 'meeting.checkin' and entity_id = ${id}`,
    )) as unknown as { rows: Array<{ n: number }> };
    expect(audit.rows[0].n).toBe(1);
    env.clock.now = NOW;
  });

  it('refuses members who are not expected, and accounts without a member record', async () => {
    const other = await post('/api/checkin', { meetingId: id, token: code }, 'memberB1');
    expect(other.statusCode).toBe(403);
    expect(json(other).message).toBe('您不在本次会议的应到人员名单中');
    const noMember = await post('/api/checkin', { meetingId: id, token: code }, 'districtA');
    expect(noMember.statusCode).toBe(403);
    expect((await post('/api/checkin', { meetingId: id, token: code })).statusCode).toBe(401);
  });

  it("refuses another meeting's code and made-up codes", async () => {
    const second = await meetingToday({ title: '第二个会议' });
    const otherCode = json(await token(second)).token;
    const res = await post('/api/checkin', { meetingId: id, token: otherCode }, 'secA1');
    expect(res.statusCode).toBe(400);
    expect(json(res).message).toBe('签到码无效');
    const made = await post('/api/checkin', { meetingId: id, token: 'x'.repeat(43) }, 'secA1');
    expect(json(made).message).toBe('签到码无效');
    // The right code for its own meeting works.
    expect((await post('/api/checkin', { meetingId: second, token: otherCode }, 'secA1')).statusCode).toBe(
      200,
    );
  });

  it('closes when the valid hours are over', async () => {
    // Started 10:10, so sign-in closes at 12:10 (the clock is moved only minutes, within the session idle limit).
    const early = await meetingToday({ title: '上午的会', startTime: '10:10' });
    const earlyCode = json(await token(early)).token;
    env.clock.now = new Date('2026-11-23T04:10:00Z');
    const late = await post('/api/checkin', { meetingId: early, token: earlyCode }, 'memberA1');
    expect(late.statusCode).toBe(400);
    expect(json(late).message).toBe('签到码已过期');
    const newCode = await token(early);
    expect(newCode.statusCode).toBe(409);
    expect(json(newCode).message).toBe('签到已截止');
    expect(json(await get(`/api/meetings/${early}`, 'secA1')).abilities.checkin).toBe(false);
    // A minute earlier it was still open.
    env.clock.now = new Date('2026-11-23T04:09:00Z');
    const inTime = await post('/api/checkin', { meetingId: early, token: earlyCode }, 'memberA1');
    expect(json(inTime)).toMatchObject({ already: false, checkedInAt: '2026-11-23T04:09:00.000Z' });
    env.clock.now = NOW;
  });

  it('follows a changed rule for new codes', async () => {
    await env.db.execute(
      sql`insert into settings (key, value) values ('rule:orglife.checkinValidHours', '4'::jsonb)`,
    );
    const later = await meetingToday({ title: '延长签到' });
    expect(json(await token(later)).expiresAt).toBe('2026-11-23T07:00:00.000Z');
    await env.db.execute(sql`delete from settings where key = 'rule:orglife.checkinValidHours'`);
  });

  it('is only for draft meetings held today or earlier', async () => {
    const tomorrow = await meetingToday({ title: '明天的会', heldOn: '2026-11-24' });
    const early = json(await token(tomorrow)).token;
    const res = await post('/api/checkin', { meetingId: tomorrow, token: early }, 'memberA1');
    expect(res.statusCode).toBe(409);
    expect(json(res).message).toBe('会议在2026-11-24举行，当天才能签到');

    const done = await meetingToday({ title: '已提交的会' });
    const doneCode = json(await token(done)).token;
    await send(
      'PATCH',
      `/api/meetings/${done}`,
      { attendees: [{ memberId: env.fx.member.secA1, attendance: 'present' }] },
      'secA1',
    );
    expect((await post(`/api/meetings/${done}/submit`, {}, 'secA1')).statusCode).toBe(200);
    const after = await post('/api/checkin', { meetingId: done, token: doneCode }, 'memberA1');
    expect(after.statusCode).toBe(409);
    expect(json(after).message).toBe('会议记录已提交，不能再签到');
    const refused = await token(done);
    expect(refused.statusCode).toBe(409);
  });
});
