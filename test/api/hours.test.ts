/**
 * 学时 (issue #20, decision 0046): online time credited only through heartbeats judged by the
 * server's clock and the rules; a forged beat from a second session credits nothing; external
 * study entered, evidenced, approved by another person, credited and taken back; class credits
 * derived idempotently; the ledger's trace; scope.
 */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeCredits } from '../../src/server/modules/hours/index.js';
import { json, NOW, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
const { get, post, send } = requests(() => env);
const del = (url: string, user?: string) => send('DELETE', url, undefined, user);
const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

let video: number;
let text: number;
let otherBranch: number;

/** A published item of the org, made in the database (the learning module's API makes them in its own tests). */
async function item(orgId: number, kind: string, length: number, title = '学习资料') {
  const [r] = rows<{ id: number }>(
    await env.db.execute(sql`insert into learning_items (org_id, org_path, title, kind, length_seconds, audience,
        publish_on, status)
      select id, path, ${title}, ${kind}, ${length}, '["all"]'::jsonb, '2026-01-01', 'published'
      from orgs where id = ${orgId} returning id`),
  );
  return Number(r.id);
}

/** Moves the server's clock by seconds. */
const tick = (seconds: number) => {
  env.clock.now = new Date(env.clock.now.getTime() + seconds * 1000);
};

async function start(itemId: number, user = 'memberA1', deviceId = 'phone-of-li-0001') {
  const res = await post('/api/my/study/sessions', { itemId, deviceId }, user);
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { token: string; sessionId: number; reached: number; nextSeq: number };
}

let seq = 0;
async function beat(token: string, position: number, over: Record<string, unknown> = {}, user = 'memberA1') {
  const res = await post(
    '/api/my/study/beats',
    { token, seq: seq++, position, visible: true, playing: true, ...over },
    user,
  );
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
}

const ledger = async (user = 'memberA1') => json(await get('/api/my/study/credits?year=2026', user));

beforeAll(async () => {
  env = await setupEnv();
  video = await item(env.fx.org.branchA1, 'video', 300, '党史微课');
  text = await item(env.fx.org.districtA, 'text', 120, '党章学习');
  otherBranch = await item(env.fx.org.branchB1, 'video', 300, '乙区资料');
});
afterAll(() => env.app.close());

describe('online study from heartbeats', () => {
  it('credits visible, playing time by the server’s clock, not by what the client says', async () => {
    env.clock.now = NOW;
    const s = await start(video);
    expect(s.reached).toBe(0);
    tick(30);
    const a = await beat(s.token, 30);
    expect(a).toMatchObject({
      verdict: 'credited',
      credited: 30,
      sessionSeconds: 30,
      itemSeconds: 30,
      todaySeconds: 30,
    });
    // Too soon: the client's timer is not the server's.
    tick(5);
    expect(await beat(s.token, 35)).toMatchObject({ verdict: 'too_soon', credited: 0 });
    tick(25);
    expect(await beat(s.token, 60)).toMatchObject({ verdict: 'credited', credited: 30 });
    // Hidden: nothing for the interval, on either side.
    tick(30);
    expect(await beat(s.token, 60, { visible: false, playing: false })).toMatchObject({
      verdict: 'hidden',
      credited: 0,
    });
    tick(30);
    expect(await beat(s.token, 60)).toMatchObject({ verdict: 'hidden', credited: 0 });
    // Seeking ahead: nothing, and the furthest point stays.
    tick(30);
    const sk = await beat(s.token, 250);
    expect(sk).toMatchObject({ verdict: 'seek', credited: 0, reached: 60 });
    tick(30);
    expect(await beat(s.token, 90)).toMatchObject({ verdict: 'credited', credited: 30, reached: 90 });
    // A long gap (the phone locked): nothing for it.
    tick(200);
    expect(await beat(s.token, 100)).toMatchObject({ verdict: 'gap', credited: 0 });

    const l = await ledger();
    expect(l.totals).toMatchObject({ onlineSeconds: 90, totalSeconds: 90 });
    expect(l.credits).toEqual([
      expect.objectContaining({
        source: 'online',
        sourceId: video,
        title: '党史微课',
        creditedOn: '2026-11-23',
        seconds: 90,
      }),
    ]);
    const [p] = rows<{ online: number; total: number }>(
      await env.db.execute(sql`select online_seconds as online, total_seconds as total from learning_progress
        where member_id = ${env.fx.member.plainA1} and year = 2026`),
    );
    expect(p).toEqual({ online: 90, total: 90 });
  });

  it('refuses a replayed beat and stores every beat with its verdict', async () => {
    const s = await start(video);
    tick(30);
    await beat(s.token, 120);
    const again = await post(
      '/api/my/study/beats',
      { token: s.token, seq: seq - 1, position: 150, visible: true, playing: true },
      'memberA1',
    );
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('HOURS_BEAT_REPLAYED');
  });

  it('resumes at the point reached; one active session: a forged beat from the superseded one credits nothing', async () => {
    const first = await start(video, 'memberA1', 'phone-of-li-0001');
    expect(first.reached).toBe(120);
    tick(30);
    expect(await beat(first.token, 150)).toMatchObject({ verdict: 'credited', credited: 30 });
    // A second device starts: the first is superseded.
    const second = await start(video, 'memberA1', 'laptop-of-li-0002');
    tick(30);
    const forged = await beat(first.token, 180);
    expect(forged).toMatchObject({ verdict: 'superseded', credited: 0, status: 'superseded' });
    expect(await beat(second.token, 180)).toMatchObject({ verdict: 'credited', credited: 30 });
    // The trace shows both devices and the refused beat.
    const t = json(
      await get(`/api/hours/members/${env.fx.member.plainA1}/online?itemId=${video}&day=2026-11-23`, 'secA1'),
    );
    expect(t.creditedSeconds).toBe(
      (await ledger()).credits.find((c: { sourceId: number }) => c.sourceId === video).seconds,
    );
    const firstTrace = t.sessions.find((x: { id: number }) => x.id === first.sessionId);
    const secondTrace = t.sessions.find((x: { id: number }) => x.id === second.sessionId);
    expect(firstTrace).toMatchObject({ status: 'superseded', supersededBy: second.sessionId });
    expect(firstTrace.device).not.toBe(secondTrace.device);
    expect(firstTrace.beats.at(-1)).toMatchObject({
      verdict: 'superseded',
      creditedSeconds: 0,
      verdictLabel: '已在其他设备学习',
    });
  });

  it('credits nothing past the item’s length across sessions', async () => {
    const s = await start(text);
    let credited = 0;
    const verdicts: string[] = [];
    for (let i = 0; i < 6; i++) {
      tick(30);
      const b = await beat(s.token, 0, { playing: false });
      credited += b.credited;
      verdicts.push(b.verdict);
    }
    expect(credited).toBe(120);
    expect(verdicts.slice(-2)).toEqual(['past_end', 'past_end']);
    const again = await start(text);
    tick(30);
    expect(await beat(again.token, 0)).toMatchObject({ verdict: 'past_end', credited: 0, itemSeconds: 120 });
  });

  it('stops at the daily cap (a rule)', async () => {
    const put = await send(
      'PUT',
      '/api/rules/learning.dailyOnlineCapMinutes',
      { value: 30, reason: '测试每日上限' },
      'sysadmin',
    );
    expect(put.statusCode, put.body).toBe(200);
    // Earlier today the member studied another item to 40 seconds short of the cap.
    const earlier = await item(env.fx.org.branchA1, 'text', 3600, '早些时候学的资料');
    const today = json(await get('/api/my/study/credits', 'memberA1')).totals.onlineSeconds as number;
    await env.db.execute(sql`insert into learning_credits (member_id, org_id, org_path, year, credited_on, source, source_id, seconds)
      select id, org_id, org_path, 2026, '2026-11-23', 'online', ${earlier}, ${30 * 60 - 40 - today} from members where id = ${env.fx.member.plainA1}`);
    const long = await item(env.fx.org.branchA1, 'audio', 3600, '长音频');
    const s = await start(long);
    tick(30);
    expect(await beat(s.token, 30)).toMatchObject({
      verdict: 'credited',
      credited: 30,
      todaySeconds: 30 * 60 - 10,
    });
    tick(30);
    expect(await beat(s.token, 60)).toMatchObject({
      verdict: 'credited',
      credited: 10,
      todaySeconds: 30 * 60,
    });
    tick(30);
    expect(await beat(s.token, 90)).toMatchObject({
      verdict: 'daily_cap',
      credited: 0,
      dailyCapSeconds: 30 * 60,
    });
    await send('DELETE', '/api/rules/learning.dailyOnlineCapMinutes', { reason: '恢复默认' }, 'sysadmin');
  });

  it('an item the member may not see cannot be studied; only members study', async () => {
    const res = await post(
      '/api/my/study/sessions',
      { itemId: otherBranch, deviceId: 'phone-of-li-0001' },
      'memberA1',
    );
    expect(res.statusCode).toBe(404);
    expect(
      (await post('/api/my/study/sessions', { itemId: video, deviceId: 'x' }, 'memberA1')).statusCode,
    ).toBe(400);
    // The org admin has no learning.study.
    expect(
      (await post('/api/my/study/sessions', { itemId: video, deviceId: 'admin-device' }, 'admin')).statusCode,
    ).toBe(403);
    // Another member's token is not found.
    const s = await start(video, 'secA1', 'phone-of-zhang-01');
    const res2 = await post(
      '/api/my/study/beats',
      { token: s.token, seq: 99, position: 0, visible: true, playing: true },
      'memberA1',
    );
    expect(res2.statusCode).toBe(404);
  });

  it('lists the member’s progress per item', async () => {
    const items = json(await get('/api/my/study/items', 'memberA1'));
    expect(items.find((i: { itemId: number }) => i.itemId === text)).toMatchObject({ seconds: 120 });
    expect(items.find((i: { itemId: number }) => i.itemId === video).reached).toBeGreaterThanOrEqual(180);
  });
});

describe('external study', () => {
  const PNG = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001',
    'hex',
  );
  const upload = async (url: string, user: string, name: string, content: Buffer) => {
    const boundary = '----hoursTest';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return env.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { cookie: await env.login(user), 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  };

  it('the member submits with a photo; the branch approves; the hours are credited; deleting takes them back', async () => {
    const before = (await ledger()).totals;
    const res = await post(
      '/api/my/study/external',
      { source: 'xuexi', title: '学习强国：党的二十大报告解读', studiedOn: '2026-11-20', minutes: 45 },
      'memberA1',
    );
    expect(res.statusCode, res.body).toBe(201);
    const rec = json(res);
    expect(rec).toMatchObject({ status: 'pending', seconds: 2700, selfSubmitted: true, evidence: null });
    const up = await upload(`/api/my/study/external/${rec.id}/evidence`, 'memberA1', '截图.png', PNG);
    expect(up.statusCode, up.body).toBe(200);
    expect(json(up).evidence).toMatchObject({ fileName: '截图.png', mimeType: 'image/png' });
    const bad = await upload(
      `/api/my/study/external/${rec.id}/evidence`,
      'memberA1',
      'a.xlsx',
      Buffer.from('PK\x03\x04xl/'),
    );
    expect(bad.statusCode).toBe(400);
    // Pending: nothing credited yet.
    expect((await ledger()).totals.externalSeconds).toBe(before.externalSeconds);
    // The branch sees it and its evidence.
    const list = json(await get(`/api/hours/external?orgId=${env.fx.org.branchA1}&status=pending`, 'secA1'));
    expect(list.data.map((r: { id: number }) => r.id)).toContain(rec.id);
    const file = await get(`/api/hours/external/${rec.id}/evidence`, 'secA1');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    // Rejecting needs a reason.
    const noNote = await post(`/api/hours/external/${rec.id}/decision`, { decision: 'reject' }, 'secA1');
    expect(noNote.statusCode).toBe(400);
    expect(json(noNote).details[0].field).toBe('note');
    const ok = await post(
      `/api/hours/external/${rec.id}/decision`,
      { decision: 'approve', note: '截图清楚' },
      'secA1',
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ status: 'approved', decidedBy: '张建国' });
    const after = (await ledger()).totals;
    expect(after.externalSeconds).toBe(before.externalSeconds + 2700);
    expect((await ledger()).credits).toContainEqual(
      expect.objectContaining({
        source: 'external',
        sourceId: rec.id,
        creditedOn: '2026-11-20',
        seconds: 2700,
      }),
    );
    // Decided: no second decision, the member may no longer withdraw it.
    expect(
      (
        await post(
          `/api/hours/external/${rec.id}/decision`,
          { decision: 'reject', note: '重复' },
          'districtA',
        )
      ).statusCode,
    ).toBe(409);
    expect((await del(`/api/my/study/external/${rec.id}`, 'memberA1')).statusCode).toBe(409);
    // Deleting the record takes the hours back.
    expect((await del(`/api/hours/external/${rec.id}`, 'districtA')).statusCode).toBe(200);
    expect((await ledger()).totals.externalSeconds).toBe(before.externalSeconds);
    const audit = rows<{ action: string }>(
      await env.db.execute(
        sql`select action from audit_log where entity = 'external_study' and entity_id = ${rec.id} order by id`,
      ),
    ).map((r) => r.action);
    expect(audit).toEqual([
      'hours.external.submit',
      'hours.external.evidence',
      'hours.external.approve',
      'hours.external.delete',
    ]);
  });

  it('whoever entered a record may not approve it; a member never approves their own', async () => {
    const res = await post(
      '/api/hours/external',
      {
        memberId: env.fx.member.plainA1,
        source: 'school',
        title: '区委党校轮训',
        studiedOn: '2026-10-10',
        minutes: 180,
      },
      'secA1',
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = json(res).id;
    const self = await post(`/api/hours/external/${id}/decision`, { decision: 'approve' }, 'secA1');
    expect(self.statusCode).toBe(409);
    expect(json(self).code).toBe('HOURS_SELF_APPROVAL');
    expect(
      (await post(`/api/hours/external/${id}/decision`, { decision: 'approve' }, 'districtA')).statusCode,
    ).toBe(200);
    // secA1's own study entered by the district: secA1 may not decide it (it is theirs).
    const own = json(
      await post(
        '/api/hours/external',
        {
          memberId: env.fx.member.secA1,
          source: 'other',
          title: '专题讲座',
          studiedOn: '2026-10-11',
          minutes: 60,
        },
        'districtA',
      ),
    );
    const r = await post(`/api/hours/external/${own.id}/decision`, { decision: 'approve' }, 'secA1');
    expect(json(r).code).toBe('HOURS_SELF_APPROVAL');
  });

  it('keeps to the scope: another branch’s member and records are not found', async () => {
    const b = await post(
      '/api/hours/external',
      { memberId: env.fx.member.b1, source: 'school', title: '轮训', studiedOn: '2026-10-10', minutes: 60 },
      'secA1',
    );
    expect(b.statusCode).toBe(404);
    const mine = json(
      await post(
        '/api/hours/external',
        { memberId: env.fx.member.b1, source: 'school', title: '轮训', studiedOn: '2026-10-10', minutes: 60 },
        'admin',
      ),
    );
    expect(
      (await post(`/api/hours/external/${mine.id}/decision`, { decision: 'approve' }, 'secA1')).statusCode,
    ).toBe(404);
    expect((await get(`/api/hours/external/${mine.id}/evidence`, 'secA1')).statusCode).toBe(404);
    expect((await del(`/api/my/study/external/${mine.id}`, 'memberA1')).statusCode).toBe(404);
    expect((await get(`/api/hours/members/${env.fx.member.b1}/ledger`, 'secA1')).statusCode).toBe(404);
    // The district B org admin's scope does not hold branch A1.
    await env.db.execute(sql`insert into users (username, display_name, password_hash)
      select 'districtB', '乙区委组织部', password_hash from users where username = 'admin'`);
    await env.db.execute(sql`insert into role_assignments (user_id, role, org_id)
      select id, 'org_admin', ${env.fx.org.districtB} from users where username = 'districtB'`);
    expect((await get(`/api/hours/members/${env.fx.member.plainA1}/ledger`, 'districtB')).statusCode).toBe(
      404,
    );
    const list = json(await get('/api/hours/external', 'secA1'));
    expect(list.data.every((r: { orgId: number }) => r.orgId === env.fx.org.branchA1)).toBe(true);
    // A future date names its field.
    const future = await post(
      '/api/my/study/external',
      { source: 'xuexi', title: '学习', studiedOn: '2026-12-30', minutes: 10 },
      'memberA1',
    );
    expect(future.statusCode).toBe(400);
    expect(json(future).details[0].field).toBe('studiedOn');
  });

  it('imports a 学习强国 export: names looked up in the scope, all or nothing, the workbook kept as evidence', async () => {
    const wb = async (rowsIn: Array<Array<string | number>>) => {
      const w = new ExcelJS.Workbook();
      const ws = w.addWorksheet('学习记录');
      ws.addRow(['姓名', '身份证号后4位', '日期', '学时', '内容']);
      for (const r of rowsIn) ws.addRow(r);
      return Buffer.from(await w.xlsx.writeBuffer());
    };
    const bad = await upload(
      '/api/hours/external/import',
      'secA1',
      'xx.xlsx',
      await wb([
        ['李秀英', '', '2026-11-01', 1, '学习党章'],
        ['陈静', '', '2026-11-01', 1, '学习党章'],
      ]),
    );
    expect(bad.statusCode, bad.body).toBe(200);
    expect(json(bad)).toMatchObject({
      created: 0,
      errors: [expect.objectContaining({ row: 3, field: '姓名' })],
    });
    const good = await upload(
      '/api/hours/external/import',
      'secA1',
      '学习强国导出.xlsx',
      await wb([
        ['李秀英', '', '2026-11-01', 1, '学习党章'],
        ['张建国', '0017', '2026-11-02', 2, '学习党规'],
      ]),
    );
    const g = json(good);
    expect(g).toMatchObject({ created: 2, errors: [] });
    const recs = json(
      await get(`/api/hours/external?orgId=${env.fx.org.branchA1}&status=pending`, 'secA1'),
    ).data.filter((r: { id: number }) => g.ids.includes(r.id));
    expect(recs.map((r: { seconds: number }) => r.seconds).sort()).toEqual([45 * 60, 90 * 60].sort());
    expect(recs[0].evidence.fileName).toBe('学习强国导出.xlsx');
    const file = await get(`/api/hours/external/${recs[0].id}/evidence`, 'districtA');
    expect(file.statusCode).toBe(200);
  });
});

describe('class credits, derived', () => {
  it('credits a completed class on its last day, idempotently, and takes it back when no longer completed', async () => {
    const [c] = rows<{ id: number }>(
      await env.db.execute(sql`insert into learning_classes (org_id, org_path, kind, title, organiser, starts_on, ends_on,
          credit_seconds, completion_percent, status)
        select id, path, 'training', '甲区党支部书记轮训班', '甲区委组织部', '2026-09-01', '2026-09-02', 16 * 2700, 100, 'finished'
        from orgs where id = ${env.fx.org.districtA} returning id`),
    );
    const classId = Number(c.id);
    const m = env.fx.member.secA1;
    await env.db.execute(
      sql`insert into learning_class_roster (class_id, member_id) values (${classId}, ${m})`,
    );
    await env.db.execute(sql`insert into learning_class_attendance (class_id, member_id, day, method)
      values (${classId}, ${m}, '2026-09-01', 'manual'), (${classId}, ${m}, '2026-09-02', 'manual')`);
    const first = await env.db.transaction((tx) => recomputeCredits(tx, [m]));
    expect(first).toBeGreaterThan(0);
    expect(await env.db.transaction((tx) => recomputeCredits(tx, [m]))).toBe(0);
    const l = json(await get(`/api/hours/members/${m}/ledger?year=2026`, 'secA1'));
    expect(l.credits).toContainEqual(
      expect.objectContaining({
        source: 'class',
        sourceId: classId,
        title: '甲区党支部书记轮训班',
        creditedOn: '2026-09-02',
        seconds: 43200,
      }),
    );
    const [p] = rows<{ cls: number; higher: number }>(
      await env.db.execute(sql`select class_seconds as cls, higher_classes as higher from learning_progress
        where member_id = ${m} and year = 2026`),
    );
    expect(p).toEqual({ cls: 43200, higher: 1 });
    // One day missed: not completed (100 %): the credit goes.
    await env.db.execute(
      sql`delete from learning_class_attendance where class_id = ${classId} and day = '2026-09-02'`,
    );
    await env.db.transaction((tx) => recomputeCredits(tx, [m]));
    const l2 = json(await get(`/api/hours/members/${m}/ledger?year=2026`, 'secA1'));
    expect(l2.credits.some((x: { source: string }) => x.source === 'class')).toBe(false);
    expect(l2.totals.classSeconds).toBe(0);
  });
});
