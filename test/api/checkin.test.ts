import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
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
    // Shown at 12:00, an hour into the meeting: two hours (orglife.checkinValidHours) from now.
    expect(t).toMatchObject({
      meetingId: id,
      expiresAt: '2026-11-23T06:00:00.000Z',
      url: `/checkin?m=${id}&t=${code}`,
      createdAt: NOW.toISOString(),
      createdByName: '张建国',
    });
    expect(t.id).toMatch(/^[0-9a-f]{64}$/);
    expect(t.label).toBe(t.id.slice(0, 6).toUpperCase());
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

  it('a new code leaves the earlier ones working (a printed sheet and a projected slide)', async () => {
    const second = json(await token(id));
    const codes = json(await get(`/api/meetings/${id}/checkin-tokens`, 'secA1'));
    // The admin's code of the test above, the first and this one: all open, none showing the code.
    expect(codes).toHaveLength(3);
    expect(codes.map((c: { id: string }) => c.id)).toContain(second.id);
    expect(JSON.stringify(codes)).not.toContain(code);
    // Codes issued in the same instant (the test's fixed clock) have no order of their own: by id.
    expect(codes.find((c: { id: string }) => c.id === second.id)).toMatchObject({
      expiresAt: '2026-11-23T06:00:00.000Z',
      createdByName: '张建国',
    });
    // The earlier code signs in; the later one stays for others.
    const old = await post('/api/checkin', { meetingId: id, token: code }, 'memberA1');
    expect(old.statusCode).toBe(200);
    expect(json(old).already).toBe(false);
    await send(
      'PATCH',
      `/api/meetings/${id}`,
      { attendees: [{ memberId: env.fx.member.plainA1, attendance: 'absent' }] },
      'secA1',
    );
    await env.db.execute(sql`delete from audit_log where action = 'meeting.checkin' and entity_id = ${id}`);
    // The list is the secretary's, not the members'.
    expect((await get(`/api/meetings/${id}/checkin-tokens`, 'memberA1')).statusCode).toBe(403);
    expect((await get(`/api/meetings/${id}/checkin-tokens`)).statusCode).toBe(401);
  });

  it('marks the signed-in member present', async () => {
    const res = await post('/api/checkin', { meetingId: id, token: code }, 'memberA1');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({
      meetingId: id,
      title: '十一月主题党日',
      orgName: '中共甲区幸福社区支部委员会',
      heldOn: '2026-11-23',
      startTime: '11:00',
      endTime: null,
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
    // The public look at a code of another meeting says nothing about either.
    const peek = json(await post('/api/checkin/preview', { meetingId: id, token: otherCode }));
    expect(peek).toEqual({ state: 'unknown', message: '签到码无效', expiresAt: null, meeting: null });
    // The right code for its own meeting works.
    expect((await post('/api/checkin', { meetingId: second, token: otherCode }, 'secA1')).statusCode).toBe(
      200,
    );
  });

  it('expires each code the valid hours after the start, or after it was shown once the meeting began', async () => {
    onTestFinished(() => {
      env.clock.now = NOW;
    });
    // Starts 10:10, so a code shown at 09:00 closes at 12:10 (the clock moves back, then forward
    // only minutes past the sessions' last use, within their idle limit).
    const early = await meetingToday({ title: '上午的会', startTime: '10:10' });
    env.clock.now = new Date('2026-11-23T01:00:00Z');
    const earlyCode = json(await token(early)).token;
    env.clock.now = new Date('2026-11-23T04:10:00Z');
    const late = await post('/api/checkin', { meetingId: early, token: earlyCode }, 'memberA1');
    expect(late.statusCode).toBe(400);
    expect(json(late).message).toBe('签到码已于2026-11-23 12:10过期');
    // The meeting runs long: the QR button is still there, and a new code lasts two hours from now.
    expect(json(await get(`/api/meetings/${early}`, 'secA1')).abilities.checkin).toBe(true);
    const newCode = await token(early);
    expect(newCode.statusCode).toBe(200);
    expect(json(newCode).expiresAt).toBe('2026-11-23T06:10:00.000Z');
    const atTheDoor = await post(
      '/api/checkin',
      { meetingId: early, token: json(newCode).token },
      'memberA1',
    );
    expect(json(atTheDoor)).toMatchObject({ already: false, checkedInAt: '2026-11-23T04:10:00.000Z' });
    // A minute before 12:10 the first code was still good.
    env.clock.now = new Date('2026-11-23T04:09:00Z');
    const peek = json(await post('/api/checkin/preview', { meetingId: early, token: earlyCode }));
    expect(peek).toMatchObject({ state: 'open', expiresAt: '2026-11-23T04:10:00.000Z' });
    env.clock.now = NOW;
  });

  it('issues no new code after the meeting day', async () => {
    const yesterday = await meetingToday({ title: '昨天的会', heldOn: '2026-11-22' });
    const res = await token(yesterday);
    expect(res.statusCode).toBe(409);
    expect(json(res).message).toBe('会议已于2026-11-22举行，不能再生成签到码；出席情况请在会议记录中登记');
    expect(json(res).code).toBe('MEETINGS_CHECKIN_DAY_PASSED');
    expect(json(await get(`/api/meetings/${yesterday}`, 'secA1')).abilities.checkin).toBe(false);
  });

  it('revokes one code on request (audited); the others keep working', async () => {
    const m = await meetingToday({ title: '撤销签到码' });
    const kept = json(await token(m));
    const lost = json(await token(m));
    const revoked = await send('DELETE', `/api/meetings/${m}/checkin-tokens/${lost.id}`, {}, 'secA1');
    expect(revoked.statusCode).toBe(200);
    expect(json(revoked)).toMatchObject({ id: lost.id, label: lost.label });
    const open = json(await get(`/api/meetings/${m}/checkin-tokens`, 'secA1'));
    expect(open.map((c: { id: string }) => c.id)).toEqual([kept.id]);
    const scan = await post('/api/checkin', { meetingId: m, token: lost.token }, 'memberA1');
    expect(scan.statusCode).toBe(400);
    expect(json(scan).message).toBe('签到码已被会议组织者撤销，请扫描现场提供的新签到码');
    expect(json(await post('/api/checkin/preview', { meetingId: m, token: lost.token }))).toEqual({
      state: 'revoked',
      message: '签到码已被会议组织者撤销，请扫描现场提供的新签到码',
      expiresAt: null,
      meeting: null,
    });
    expect((await post('/api/checkin', { meetingId: m, token: kept.token }, 'memberA1')).statusCode).toBe(
      200,
    );
    // Twice is refused, an unknown code is 404, and only those who may record the meeting revoke.
    const again = await send('DELETE', `/api/meetings/${m}/checkin-tokens/${lost.id}`, {}, 'secA1');
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('MEETINGS_CHECKIN_CODE_REVOKED');
    const unknown = await send('DELETE', `/api/meetings/${m}/checkin-tokens/${'0'.repeat(64)}`, {}, 'secA1');
    expect(unknown.statusCode).toBe(404);
    const bad = await send('DELETE', `/api/meetings/${m}/checkin-tokens/xyz`, {}, 'secA1');
    expect(bad.statusCode).toBe(400);
    const member = await send('DELETE', `/api/meetings/${m}/checkin-tokens/${kept.id}`, {}, 'memberA1');
    expect(member.statusCode).toBe(403);
    const audit = (await env.db.execute(
      sql`select before, after from audit_log where action = 'meeting.checkin_revoke' and entity_id = ${m}`,
    )) as unknown as {
      rows: Array<{ before: { code: string }; after: { code: string; revokedAt: string } }>;
    };
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].after).toEqual({ code: lost.label, revokedAt: NOW.toISOString() });
  });

  it('shows the meeting a code is for before login, and nothing about its members', async () => {
    const m = await meetingToday({
      title: '',
      kind: 'general_meeting',
      startTime: '12:30',
      endTime: '13:30',
    });
    const t = json(await token(m));
    const res = await post('/api/checkin/preview', { meetingId: m, token: t.token });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({
      state: 'open',
      message: '签到码有效，至2026-11-23 14:30',
      expiresAt: '2026-11-23T06:30:00.000Z',
      meeting: {
        meetingId: m,
        title: '2026年11月支部党员大会',
        orgName: '中共甲区幸福社区支部委员会',
        heldOn: '2026-11-23',
        startTime: '12:30',
        endTime: '13:30',
      },
    });
    // A wrong meeting id with a real code, and a malformed body.
    const wrong = json(await post('/api/checkin/preview', { meetingId: m + 1000, token: t.token }));
    expect(wrong.state).toBe('unknown');
    const malformed = await post('/api/checkin/preview', { meetingId: 'x', token: 'short' });
    expect(malformed.statusCode).toBe(400);
    expect(
      json(malformed)
        .details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['meetingId', 'token']);
  });

  it('follows a changed rule for new codes', async () => {
    await env.db.execute(
      sql`insert into settings (key, value) values ('rule:orglife.checkinValidHours', '4'::jsonb)`,
    );
    const later = await meetingToday({ title: '延长签到' });
    expect(json(await token(later)).expiresAt).toBe('2026-11-23T08:00:00.000Z');
    await env.db.execute(sql`delete from settings where key = 'rule:orglife.checkinValidHours'`);
  });

  it('is only for open records of meetings held today or earlier', async () => {
    // A sheet printed the day before: valid from the meeting day until two hours after the start.
    const tomorrow = await meetingToday({ title: '明天的会', heldOn: '2026-11-24' });
    const printed = json(await token(tomorrow));
    expect(printed.expiresAt).toBe('2026-11-24T05:00:00.000Z');
    const early = printed.token;
    const res = await post('/api/checkin', { meetingId: tomorrow, token: early }, 'memberA1');
    expect(res.statusCode).toBe(409);
    expect(json(res).message).toBe('会议在2026-11-24举行，当天才能签到');
    expect(json(res).code).toBe('MEETINGS_CHECKIN_NOT_YET');
    expect(json(await post('/api/checkin/preview', { meetingId: tomorrow, token: early }))).toMatchObject({
      state: 'not_yet',
      meeting: { title: '明天的会', heldOn: '2026-11-24', startTime: '11:00' },
    });

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
    expect(json(after).code).toBe('MEETINGS_CHECKIN_CLOSED');
    const refused = await token(done);
    expect(refused.statusCode).toBe(409);
    expect(json(refused).code).toBe('MEETINGS_CHECKIN_CLOSED');
    expect(json(await get(`/api/meetings/${done}`, 'secA1')).abilities.checkin).toBe(false);
    expect(json(await post('/api/checkin/preview', { meetingId: done, token: doneCode }))).toMatchObject({
      state: 'closed',
      meeting: { title: '已提交的会' },
    });

    // Returned for correction on the meeting day, the record takes sign-ins again (not only drafts).
    const back = await post(
      `/api/meetings/${done}/review`,
      { decision: 'return', comment: '补充签到' },
      'districtA',
    );
    expect(back.statusCode).toBe(200);
    expect(json(await get(`/api/meetings/${done}`, 'secA1')).abilities.checkin).toBe(true);
    const again = await post('/api/checkin', { meetingId: done, token: doneCode }, 'memberA1');
    expect(again.statusCode).toBe(200);
  });
});

describe('a check-in scanned offline and sent later (decision 0042)', () => {
  let id: number;
  let code: string;
  const at = (iso: string) => {
    env.clock.now = new Date(iso);
  };
  beforeAll(async () => {
    env.clock.now = NOW;
    id = await meetingToday({ title: '离线签到的会' });
    // Issued at 12:00 Shanghai (04:00Z), an hour after the start: valid until 14:00 (06:00Z).
    const t = json(await token(id));
    code = t.token;
    expect(t.expiresAt).toBe('2026-11-23T06:00:00.000Z');
  });
  afterAll(() => {
    env.clock.now = NOW;
  });
  /** A request signed in at the moved clock (a session left idle for hours has expired). */
  const as = async (
    user: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => {
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user, password: PASSWORD },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    return env.app.inject({ method, url, payload, headers: { cookie } });
  };
  const offline = (scannedAt: unknown, user = 'memberA1') =>
    as(user, 'POST', '/api/checkin', { meetingId: id, token: code, scannedAt });
  const attendees = async () => json(await as('secA1', 'GET', `/api/meetings/${id}`)).attendees;
  const refusedOn = async (res: Awaited<ReturnType<typeof offline>>, text: RegExp) => {
    expect(res.statusCode).toBe(400);
    expect(json(res).details).toEqual([{ field: 'scannedAt', message: expect.stringMatching(text) }]);
  };

  it('refuses a scan before the code existed, at or after its expiry, or in the future', async () => {
    at('2026-11-23T08:00:00Z');
    await refusedOn(await offline('2026-11-23T03:59:59Z'), /早于签到码生成时间/);
    await refusedOn(await offline('2026-11-23T06:00:00Z'), /晚于签到码有效期（至2026-11-23 14:00/);
    await refusedOn(await offline('2026-11-23T14:30:00+08:00'), /晚于签到码有效期/);
    // Beyond the allowed clock skew (orglife.checkinClockSkewMinutes, 5 minutes) ahead of the server.
    await refusedOn(await offline('2026-11-23T08:05:01Z'), /晚于服务器当前时间/);
    // Not a time at all: the field is named, in Chinese.
    const bad = await offline('昨天下午');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).details[0]).toMatchObject({
      field: 'scannedAt',
      message: expect.stringContaining('扫码时间'),
    });
    // Nothing was marked.
    expect(
      (await attendees()).find((a: { memberId: number }) => a.memberId === env.fx.member.plainA1),
    ).toMatchObject({
      checkedInAt: null,
      checkinReceivedAt: null,
    });
  });

  it('refuses a scan that arrives after the grace period (orglife.checkinOfflineGraceHours)', async () => {
    at('2026-11-24T06:00:01Z');
    await refusedOn(await offline('2026-11-23T05:02:00Z'), /过期后24小时内送达/);
  });

  it('accepts a scan made while the code was valid: present at the scan, received now, both shown', async () => {
    at('2026-11-23T08:00:00Z');
    // Also within the clock skew (a phone a minute fast).
    const res = await offline('2026-11-23T13:02:00+08:00');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ checkedInAt: '2026-11-23T05:02:00.000Z', already: false });
    expect(
      (await attendees()).find((a: { memberId: number }) => a.memberId === env.fx.member.plainA1),
    ).toMatchObject({
      attendance: 'present',
      checkedInAt: '2026-11-23T05:02:00.000Z',
      checkinReceivedAt: '2026-11-23T08:00:00.000Z',
    });
    // Sent twice (the page retried after a lost answer): nothing changes.
    const again = await offline('2026-11-23T05:03:00Z');
    expect(json(again)).toMatchObject({ checkedInAt: '2026-11-23T05:02:00.000Z', already: true });
    const audit = (await env.db.execute(
      sql`select after from audit_log where action = 'meeting.checkin' and entity_id = ${id}`,
    )) as unknown as { rows: Array<{ after: Record<string, unknown> }> };
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].after).toMatchObject({
      checkedInAt: '2026-11-23T05:02:00.000Z',
      checkinReceivedAt: '2026-11-23T08:00:00.000Z',
    });
  });

  it('keeps the two times when the secretary edits the record, and an online check-in has no receipt time', async () => {
    at('2026-11-23T05:30:00Z');
    const online = await as('secA1', 'POST', '/api/checkin', { meetingId: id, token: code });
    expect(online.statusCode).toBe(200);
    const patched = await as('secA1', 'PATCH', `/api/meetings/${id}`, {
      attendees: [{ memberId: env.fx.member.probA1, attendance: 'present' }],
    });
    expect(patched.statusCode).toBe(200);
    const list = await attendees();
    const row = (memberId: number) => list.find((a: { memberId: number }) => a.memberId === memberId);
    expect(row(env.fx.member.plainA1)).toMatchObject({
      checkedInAt: '2026-11-23T05:02:00.000Z',
      checkinReceivedAt: '2026-11-23T08:00:00.000Z',
    });
    expect(row(env.fx.member.secA1)).toMatchObject({
      checkedInAt: '2026-11-23T05:30:00.000Z',
      checkinReceivedAt: null,
    });
  });

  it('refuses a revoked code even for a scan made before the revocation', async () => {
    at('2026-11-23T05:40:00Z');
    const second = json(await as('secA1', 'POST', `/api/meetings/${id}/checkin-token`, {}));
    expect((await as('secA1', 'DELETE', `/api/meetings/${id}/checkin-tokens/${second.id}`)).statusCode).toBe(
      200,
    );
    // Scanned at 13:45, before the revocation: a revoked code keeps no record of its old expiry,
    // so the scan cannot be judged and is refused; the secretary records the attendance.
    const res = await as('memberA1', 'POST', '/api/checkin', {
      meetingId: id,
      token: second.token,
      scannedAt: '2026-11-23T05:41:00Z',
    });
    expect(res.statusCode).toBe(400);
    expect(json(res).details[0].field).toBe('token');
  });
});
