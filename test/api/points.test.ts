/**
 * 党员积分 (issue #20): points from meetings (attended, absent without leave, excused), reversed when
 * the record is returned or deleted; dues on time and late; idempotent recomputation; manual awards
 * with the two-person rule; anomaly flags; rankings and the members' visibility rule; scope.
 * Today is 2026-11-23 (the suite's clock); branch A1 has 张建国 (secA1), 李秀英 (plainA1, user
 * memberA1), 王小明 (probA1).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { studyBeats, studySessions, users } from '../../src/server/db/schema/index.js';
import { runDailyJob } from '../../src/server/jobs/daily.js';
import { rankingOf, recomputePoints } from '../../src/server/modules/points/index.js';
import { json, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
const { get, post, send } = requests(() => env);

async function rows<T>(q: ReturnType<typeof sql>) {
  return ((await env.db.execute(q)) as unknown as { rows: T[] }).rows;
}

async function ledger(memberId: number, user = 'secA1') {
  const res = await get(`/api/points/members/${memberId}?pageSize=200`, user);
  expect(res.statusCode, res.body).toBe(200);
  return json(res) as {
    total: number;
    branchRank: number | null;
    branchSize: number;
    entries: {
      total: number;
      data: Array<{ sourceKey: string; points: number; kind: string; rule: string; note: string }>;
    };
  };
}
const ofKey = (l: Awaited<ReturnType<typeof ledger>>, key: string) =>
  l.entries.data.filter((e) => e.sourceKey === key).map((e) => [e.kind, e.points]);

async function submittedMeeting(
  heldOn: string,
  attendees: Array<{ memberId: number; attendance: string; reason?: string }>,
) {
  const res = await post(
    '/api/meetings',
    {
      orgId: env.fx.org.branchA1,
      kind: 'general_meeting',
      heldOn,
      startTime: '19:00',
      endTime: '21:00',
      place: '党群服务中心',
      hostName: '张建国',
      recorderName: '李秀英',
      minutes: '传达学习上级会议精神，研究近期工作。',
      attendees,
    },
    'secA1',
  );
  expect(res.statusCode, res.body).toBe(201);
  const id = json(res).id as number;
  const sub = await post(`/api/meetings/${id}/submit`, {}, 'secA1');
  expect(sub.statusCode, sub.body).toBe(200);
  return id;
}

let meetingId: number;

describe('points from meetings', () => {
  beforeAll(async () => {
    meetingId = await submittedMeeting('2026-11-20', [
      { memberId: env.fx.member.secA1, attendance: 'present' },
      { memberId: env.fx.member.plainA1, attendance: 'present' },
      { memberId: env.fx.member.probA1, attendance: 'excused', reason: '出差' },
    ]);
  });

  it('a meeting attended earns the rule value; excused earns and deducts nothing', async () => {
    const l = await ledger(env.fx.member.plainA1);
    expect(ofKey(l, `meeting:${meetingId}`)).toEqual([['entry', 2]]);
    expect(l.total).toBe(2);
    const p = await ledger(env.fx.member.probA1);
    expect(ofKey(p, `meeting:${meetingId}`)).toEqual([]);
    expect(p.total).toBe(0);
  });

  it('absence without leave deducts', async () => {
    const m2 = await submittedMeeting('2026-11-21', [
      { memberId: env.fx.member.secA1, attendance: 'present' },
      { memberId: env.fx.member.plainA1, attendance: 'absent' },
      { memberId: env.fx.member.probA1, attendance: 'present' },
    ]);
    const l = await ledger(env.fx.member.plainA1);
    expect(ofKey(l, `meeting:${m2}`)).toEqual([['entry', -2]]);
    expect(l.total).toBe(0);
  });

  it('recomputing again appends nothing (idempotent)', async () => {
    const before = await rows<{ n: number }>(sql`select count(*)::int as n from points_entries`);
    const ids = [env.fx.member.secA1, env.fx.member.plainA1, env.fx.member.probA1];
    const r = await env.db.transaction((tx) => recomputePoints(tx, ids, [2025, 2026], TODAY));
    expect(r.appended).toBe(0);
    const after = await rows<{ n: number }>(sql`select count(*)::int as n from points_entries`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('a record returned for correction loses its points (reversal); resubmitted, earns them again', async () => {
    const ret = await post(
      `/api/meetings/${meetingId}/review`,
      { decision: 'return', comment: '补充记录' },
      'districtA',
    );
    expect(ret.statusCode, ret.body).toBe(200);
    let l = await ledger(env.fx.member.plainA1);
    expect(ofKey(l, `meeting:${meetingId}`)).toEqual([
      ['reversal', -2],
      ['entry', 2],
    ]);
    expect(l.entries.data.find((e) => e.kind === 'reversal')?.note).toContain('冲回');
    expect((await post(`/api/meetings/${meetingId}/submit`, {}, 'secA1')).statusCode).toBe(200);
    l = await ledger(env.fx.member.plainA1);
    expect(ofKey(l, `meeting:${meetingId}`).reduce((s, [, p]) => s + (p as number), 0)).toBe(2);
    expect(l.entries.data.filter((e) => e.sourceKey === `meeting:${meetingId}`)).toHaveLength(3);
  });

  it('a deleted meeting record takes its points with it (reversal, the ledger keeps its history)', async () => {
    await env.db.execute(sql`delete from meetings where id = ${meetingId}`);
    await env.db.transaction((tx) => recomputePoints(tx, [env.fx.member.plainA1], [2026], TODAY));
    const l = await ledger(env.fx.member.plainA1);
    const rowsOf = ofKey(l, `meeting:${meetingId}`);
    expect(rowsOf.reduce((s, [, p]) => s + (p as number), 0)).toBe(0);
    expect(rowsOf[0]).toEqual(['reversal', -2]);
    const [t] = await rows<{ points: number }>(
      sql`select points from points_totals where member_id = ${env.fx.member.plainA1} and year = 2026`,
    );
    expect(t.points).toBe(l.total);
  });
});

describe('points from dues', () => {
  it('a month paid within the month earns; a month paid late or still unpaid after it ended deducts', async () => {
    const m = env.fx.member.secA1;
    const p = await post(
      `/api/members/${m}/dues-profiles`,
      { category: 'employed', effectiveMonth: '2026-09', baseFen: 300000 },
      'secA1',
    );
    expect(p.statusCode, p.body).toBe(201);
    const pay = (month: string) =>
      post(
        '/api/dues/payments',
        { memberId: m, month, amountFen: 1500, paidOn: TODAY, method: 'cash' },
        'secA1',
      );
    expect((await pay('2026-11')).statusCode).toBe(201);
    expect((await pay('2026-10')).statusCode).toBe(201);
    const l = await ledger(m);
    expect(ofKey(l, 'dues:2026-11')).toEqual([['entry', 1]]);
    expect(ofKey(l, 'dues:2026-10')).toEqual([['entry', -1]]);
    expect(l.entries.data.find((e) => e.sourceKey === 'dues:2026-10')?.note).toContain('逾期');
    // September: never paid, and over
    expect(ofKey(l, 'dues:2026-09')).toEqual([['entry', -1]]);
  });
});

describe('awards: two people', () => {
  let awardId: number;
  it('refuses a reason too short and points beyond points.awardMax, naming the field', async () => {
    const short = await post(
      '/api/points/awards',
      { memberId: env.fx.member.plainA1, points: 5, reason: '好', occurredOn: TODAY },
      'secA1',
    );
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('理由');
    const big = await post(
      '/api/points/awards',
      { memberId: env.fx.member.plainA1, points: 50, reason: '抗洪抢险表现突出', occurredOn: TODAY },
      'secA1',
    );
    expect(big.statusCode).toBe(400);
    expect(json(big).details[0].field).toBe('points');
  });

  it('the proposer cannot approve their own proposal; another person can', async () => {
    const res = await post(
      '/api/points/awards',
      { memberId: env.fx.member.plainA1, points: 5, reason: '抗洪抢险表现突出', occurredOn: TODAY },
      'secA1',
    );
    expect(res.statusCode, res.body).toBe(201);
    awardId = json(res).id;
    expect(json(res).status).toBe('proposed');
    const before = (await ledger(env.fx.member.plainA1)).total;
    const self = await post(`/api/points/awards/${awardId}/decision`, { approve: true }, 'secA1');
    expect(self.statusCode).toBe(409);
    expect(json(self).code).toBe('POINTS_AWARD_SELF_DECISION');
    const ok = await post(
      `/api/points/awards/${awardId}/decision`,
      { approve: true, note: '同意' },
      'districtA',
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ status: 'approved', decidedByName: '甲区委组织部' });
    const l = await ledger(env.fx.member.plainA1);
    expect(ofKey(l, `award:${awardId}`)).toEqual([['award', 5]]);
    expect(l.total).toBe(before + 5);
    const again = await post(`/api/points/awards/${awardId}/decision`, { approve: false }, 'admin');
    expect(json(again).code).toBe('POINTS_AWARD_DECIDED');
    // A recomputation leaves the award alone
    await env.db.transaction((tx) => recomputePoints(tx, [env.fx.member.plainA1], [2026], TODAY));
    expect((await ledger(env.fx.member.plainA1)).total).toBe(before + 5);
  });

  it('the database refuses one person deciding their own proposal too', async () => {
    const [u] = await rows<{ id: number }>(sql`select id from users where username = 'secA1'`);
    await expect(
      env.db.execute(
        sql`update points_awards set decided_by = ${u.id}, status = 'approved' where id = ${awardId}`,
      ),
    ).rejects.toThrow();
  });

  it('a deduction, rejected; a withdrawal only by the proposer', async () => {
    const d = json(
      await post(
        '/api/points/awards',
        { memberId: env.fx.member.probA1, points: -3, reason: '无故不参加志愿服务', occurredOn: TODAY },
        'secA1',
      ),
    );
    const rej = await post(
      `/api/points/awards/${d.id}/decision`,
      { approve: false, note: '情况不属实' },
      'admin',
    );
    expect(json(rej).status).toBe('rejected');
    expect(
      (await ledger(env.fx.member.probA1)).entries.data.some((e) => e.sourceKey === `award:${d.id}`),
    ).toBe(false);
    const w = json(
      await post(
        '/api/points/awards',
        { memberId: env.fx.member.probA1, points: 2, reason: '帮助困难群众', occurredOn: TODAY },
        'secA1',
      ),
    );
    const notMine = await post(`/api/points/awards/${w.id}/withdraw`, {}, 'admin');
    expect(notMine.statusCode).toBe(403);
    const mine = await post(`/api/points/awards/${w.id}/withdraw`, {}, 'secA1');
    expect(json(mine).status).toBe('withdrawn');
    const list = json(await get(`/api/points/awards?orgId=${env.fx.org.branchA1}`, 'secA1'));
    expect(list.total).toBe(3);
  });
});

describe('rankings and what members see', () => {
  it('ranks a branch and a subtree; ties share a rank', async () => {
    const r = json(await get(`/api/points/ranking?orgId=${env.fx.org.branchA1}&year=2026`, 'secA1'));
    expect(r.level).toBe('branch');
    expect(r.data[0].rank).toBe(1);
    const pts = r.data.map((x: { points: number }) => x.points);
    expect(pts).toEqual([...pts].sort((a: number, b: number) => b - a));
    const city = json(
      await get(`/api/points/ranking?orgId=${env.fx.org.city}&year=2026&pageSize=2`, 'admin'),
    );
    expect(city.level).toBe('subtree');
    expect(city.data).toHaveLength(2);
    expect(city.total).toBeGreaterThanOrEqual(r.total);
    const direct = await rankingOf(
      env.db,
      {
        id: env.fx.org.branchA1,
        name: 'A1',
        path: r.data.length ? await pathOf(env.fx.org.branchA1) : '',
        kind: 'branch',
      },
      2026,
      { current: 1, pageSize: 20 },
    );
    expect(direct.data).toEqual(r.data);
  });

  it("the member sees their own total and rank; the branch's table only when the rule allows", async () => {
    const mine = await get('/api/my/points', 'memberA1');
    expect(mine.statusCode, mine.body).toBe(200);
    const body = json(mine);
    expect(body.memberId).toBe(env.fx.member.plainA1);
    expect(body.total).toBe((await ledger(env.fx.member.plainA1)).total);
    expect(body.branchRank).toBeGreaterThanOrEqual(1);
    expect(body.rankingsVisible).toBe(false);
    expect(body.branchRanking).toBeNull();
    const set = await send(
      'PUT',
      '/api/rules/points.rankingsVisibleToMembers',
      { value: true, reason: '支部排名向党员公开' },
      'sysadmin',
    );
    expect(set.statusCode, set.body).toBe(200);
    const now = json(await get('/api/my/points', 'memberA1'));
    expect(now.rankingsVisible).toBe(true);
    expect(now.branchRanking.length).toBe(now.branchSize);
  });

  it('the member role reads no one else: staff routes are 403, an account with no member record 409', async () => {
    expect((await get(`/api/points/members/${env.fx.member.secA1}`, 'memberA1')).statusCode).toBe(403);
    expect((await get(`/api/points/ranking?orgId=${env.fx.org.branchA1}`, 'memberA1')).statusCode).toBe(403);
    expect(json(await get('/api/my/points', 'admin')).code).toBe('POINTS_NO_MEMBER');
  });
});

async function pathOf(orgId: number) {
  const [o] = await rows<{ path: string }>(sql`select path::text as path from orgs where id = ${orgId}`);
  return o.path;
}

describe('scope', () => {
  it('out of scope is 404: another district, its member, its award', async () => {
    const secB = 'secB1pts';
    const [{ hash }] = await rows<{ hash: string }>(
      sql`select password_hash as hash from users where username = 'admin'`,
    );
    const [u] = await env.db
      .insert(users)
      .values({ username: secB, displayName: '乙支书', passwordHash: hash })
      .returning();
    await env.db.execute(
      sql`insert into role_assignments (user_id, role, org_id) values (${u.id}, 'secretary', ${env.fx.org.branchB1})`,
    );
    expect((await get(`/api/points/members/${env.fx.member.plainA1}`, secB)).statusCode).toBe(404);
    expect((await get(`/api/points/ranking?orgId=${env.fx.org.branchA1}`, secB)).statusCode).toBe(404);
    expect((await get(`/api/points/flags?orgId=${env.fx.org.branchA1}`, secB)).statusCode).toBe(404);
    const award = await post(
      '/api/points/awards',
      { memberId: env.fx.member.plainA1, points: 1, reason: '越权提出奖励', occurredOn: TODAY },
      secB,
    );
    expect(award.statusCode).toBe(404);
    const [a] = await rows<{ id: number }>(sql`select id from points_awards order by id limit 1`);
    expect((await post(`/api/points/awards/${a.id}/decision`, { approve: true }, secB)).statusCode).toBe(404);
    // The district above branch A1 reads it
    expect((await get(`/api/points/members/${env.fx.member.plainA1}`, 'districtA')).statusCode).toBe(200);
  });
});

describe('anomaly flags', () => {
  it('two devices at once, study at odd hours, points far above the branch: raised once, decided with a note', async () => {
    const [item] = await rows<{ id: number }>(sql`
      insert into learning_items (org_id, org_path, title, kind, length_seconds, publish_on, status)
      select id, path, '学习贯彻党的二十大精神', 'video', 3600, '2026-11-01', 'published' from orgs where id = ${env.fx.org.city}
      returning id`);
    const [{ id: userId }] = await rows<{ id: number }>(
      sql`select id from users where username = 'memberA1'`,
    );
    const m = env.fx.member.plainA1;
    const session = (device: string, start: string, status: string) =>
      env.db
        .insert(studySessions)
        .values({
          tokenHash: `${device}-${start}`.padEnd(64, '0'),
          memberId: m,
          itemId: item.id,
          userId,
          deviceHash: device.padEnd(64, 'd'),
          startedAt: new Date(start),
          lastBeatAt: new Date(start),
          status,
        })
        .returning({ id: studySessions.id });
    // 02:10 Shanghai on the 22nd: credited (odd hours); then a second device supersedes the first
    const [a] = await session('phone', '2026-11-21T18:10:00Z', 'superseded');
    const [b] = await session('laptop', '2026-11-21T18:20:00Z', 'active');
    await env.db.execute(
      sql`update study_sessions set superseded_by = ${b.id}, last_beat_at = '2026-11-21T18:21:00Z' where id = ${a.id}`,
    );
    await env.db.insert(studyBeats).values([
      {
        sessionId: a.id,
        seq: 0,
        at: new Date('2026-11-21T18:11:00Z'),
        position: 60,
        visible: true,
        playing: true,
        creditedSeconds: 60,
        verdict: 'credited',
      },
      {
        sessionId: a.id,
        seq: 1,
        at: new Date('2026-11-21T18:21:00Z'),
        position: 120,
        visible: true,
        playing: true,
        creditedSeconds: 0,
        verdict: 'superseded',
      },
    ]);
    // Points far above the branch: a fourth and fifth member, all at 0 or so, and one with many points
    const extra = await rows<{ id: number }>(sql`
      insert into members (org_id, org_path, name, gender, ethnicity, birth_date, education, category, status, joined_on, confirmed_on)
      select id, path, n, 'male', '01', '1980-01-01', 'bachelor', 'full', 'active', '2000-07-01', '2001-07-01'
      from orgs, unnest(array['赵一','钱二','孙三','周四']) as n where orgs.id = ${env.fx.org.branchA1}
      returning id`);
    await env.db.execute(sql`
      insert into points_entries (member_id, org_id, org_path, year, occurred_on, rule, source_key, points, kind, note)
      select ${extra[0].id}, id, path, 2026, '2026-11-01', 'manual', 'award:test', 60, 'award', '测试' from orgs where id = ${env.fx.org.branchA1}`);
    await env.db.transaction((tx) =>
      recomputePoints(
        tx,
        [...extra.map((e) => e.id), env.fx.member.secA1, m, env.fx.member.probA1],
        [2026],
        TODAY,
      ),
    );
    const first = await runDailyJob(env.db, TODAY);
    expect(first).toBeTruthy();
    const list = json(await get(`/api/points/flags?orgId=${env.fx.org.districtA}&status=open`, 'districtA'));
    const kinds = list.data.map((f: { kind: string }) => f.kind).sort();
    expect(kinds).toEqual(['odd_hours', 'outlier', 'two_devices']);
    const outlier = list.data.find((f: { kind: string }) => f.kind === 'outlier');
    expect(outlier.memberName).toBe('赵一');
    expect(outlier.summary).toContain('高于本支部判定线');
    // A second scan raises nothing new
    await runDailyJob(env.db, TODAY);
    const again = json(await get(`/api/points/flags?orgId=${env.fx.org.districtA}`, 'districtA'));
    expect(again.total).toBe(3);
    const noNote = await post(
      `/api/points/flags/${outlier.id}/decision`,
      { status: 'cleared', note: '' },
      'secA1',
    );
    expect(noNote.statusCode).toBe(400);
    const ok = await post(
      `/api/points/flags/${outlier.id}/decision`,
      { status: 'cleared', note: '经核实为抗洪表彰加分' },
      'secA1',
    );
    expect(json(ok)).toMatchObject({ status: 'cleared', decidedByName: '张建国' });
    const twice = await post(
      `/api/points/flags/${outlier.id}/decision`,
      { status: 'confirmed', note: '再次核查' },
      'secA1',
    );
    expect(json(twice).code).toBe('POINTS_FLAG_DECIDED');
    const open = json(await get(`/api/points/flags?orgId=${env.fx.org.branchA1}&status=open`, 'secA1'));
    expect(open.total).toBe(2);
  });
});

describe('the source catalog', () => {
  it('lists every source with its rule figures, the inactive ones marked', async () => {
    const s = json(await get('/api/points/sources', 'memberA1'));
    expect(s.awardMax).toBe(20);
    expect(s.sources.find((x: { code: string }) => x.code === 'meeting.attended')).toMatchObject({
      value: 2,
      daily: 4,
      yearly: 80,
      active: true,
    });
    expect(s.sources.find((x: { code: string }) => x.code === 'volunteer').active).toBe(false);
  });
});
