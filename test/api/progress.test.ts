/**
 * 学时进度 (issue #20, decision 0047): targets by role as of a date (a back-dated committee role, a
 * rule changed with an effective date), the subtree's figures and drill-down, the member list, the
 * training lists, the member's own progress, scope, and the reminders of the daily job.
 *
 * Today is 2026-11-23 (327 of 365 days: a member's pace is floor(32 × 2700 × 327/365) = 77,403 s).
 * learning_progress is the hours module's derived table; the rows are written here as the hours
 * module would write them (its writers are tested in hours.test.ts).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDailyJob } from '../../src/server/jobs/daily.js';
import * as progressRepo from '../../src/server/modules/progress/repo.js';
import { judgingOf } from '../../src/server/modules/progress/service.js';
import { json, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
const { get, send } = requests(() => env);

const H = 2700; // one 学时 of 45 minutes
const MEMBER_PACE = Math.floor((32 * H * 327) / 365);

async function progressRow(
  memberId: number,
  total: number,
  parts: Partial<Record<'online' | 'class' | 'external', number>> = {},
) {
  const online = parts.online ?? total - (parts.class ?? 0) - (parts.external ?? 0);
  await env.db.execute(sql`insert into learning_progress
      (member_id, year, org_id, org_path, online_seconds, class_seconds, external_seconds, total_seconds)
    select m.id, 2026, m.org_id, m.org_path, ${online}, ${parts.class ?? 0}, ${parts.external ?? 0}, ${total}
    from members m where m.id = ${memberId}
    on conflict (member_id, year) do update set online_seconds = excluded.online_seconds,
      class_seconds = excluded.class_seconds, external_seconds = excluded.external_seconds,
      total_seconds = excluded.total_seconds`);
}

/** A completed class organised by `orgId`, credited to `memberId` on its last day. */
async function completedClass(orgId: number, memberId: number, endsOn: string) {
  const r = (await env.db.execute(sql`insert into learning_classes
      (org_id, org_path, kind, title, organiser, starts_on, ends_on, credit_seconds, completion_percent, status)
    select id, path, 'training', '新任书记培训班', name, ${endsOn}::date - 1, ${endsOn}::date, ${8 * H}, 80, 'finished'
    from orgs where id = ${orgId} returning id`)) as unknown as { rows: { id: number }[] };
  const classId = r.rows[0].id;
  await env.db.execute(sql`insert into learning_credits
      (member_id, org_id, org_path, year, credited_on, source, source_id, seconds)
    select m.id, m.org_id, m.org_path, 2026, ${endsOn}::date, 'class', ${classId}, ${8 * H}
    from members m where m.id = ${memberId}`);
  return classId;
}

const summary = async (orgId: number, user: string, q = '') => {
  const res = await get(`/api/progress/orgs/${orgId}${q}`, user);
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
};

describe('progress of a subtree', () => {
  beforeAll(async () => {
    const m = env.fx.member;
    await progressRow(m.secA1, 56 * H, { class: 16 * H, external: 4 * H }); // leader, met
    await progressRow(m.plainA1, 20 * H); // behind
    await progressRow(m.a2, 30 * H); // on pace (30 h > 28.7 h)
    // probA1 and b1: no row, no hours
  });

  it('counts the register of the subtree with targets by role and pace', async () => {
    const s = await summary(env.fx.org.districtA, 'districtA');
    expect(s.basis).toMatchObject({
      year: 2026,
      on: TODAY,
      secondsPerHour: H,
      memberTargetHours: 32,
      leaderTargetHours: 56,
    });
    expect(s.basis.elapsed).toBeCloseTo(327 / 365);
    expect(s.total).toEqual({
      members: 4,
      leaders: 1,
      met: 1,
      onPace: 1,
      behind: 1,
      none: 1,
      rate: 0.25,
      totalSeconds: 106 * H,
      averageSeconds: Math.round((106 * H) / 4),
    });
    // The drill-down: one row per branch, adding up to the total.
    expect(s.children.map((c: { name: string; members: number }) => [c.name, c.members])).toEqual([
      ['中共甲区幸福社区支部委员会', 3],
      ['中共甲区和平村支部委员会', 1],
    ]);
    const a1 = s.children[0];
    expect(a1).toMatchObject({
      orgId: env.fx.org.branchA1,
      met: 1,
      behind: 1,
      none: 1,
      onPace: 0,
      self: false,
    });
    // The city sees both districts, district B with its one member and no hours.
    const city = await summary(env.fx.org.city, 'admin');
    expect(city.total.members).toBe(5);
    expect(city.children.find((c: { orgId: number }) => c.orgId === env.fx.org.districtB)).toMatchObject({
      members: 1,
      none: 1,
      rate: 0,
    });
  });

  it('counts the same with either set of leaders (the large subtrees’ and the small ones’)', async () => {
    const { judging } = await judgingOf(env.db, { year: 2026, on: TODAY });
    const path = (
      (await env.db.execute(
        sql`select path::text as p from orgs where id = ${env.fx.org.city}`,
      )) as unknown as {
        rows: { p: string }[];
      }
    ).rows[0].p;
    const sorted = (rows: { child: string }[]) => [...rows].sort((a, b) => a.child.localeCompare(b.child));
    const all = await progressRepo.figuresByChild(env.db, path, judging, 'all');
    expect(sorted(all)).toEqual(sorted(await progressRepo.figuresByChild(env.db, path, judging, 'selected')));
    expect(all.reduce((n, r) => n + r.leaders, 0)).toBe(1);
  });

  it('lists members sorted by hours, filtered by standing and role, with hours by source', async () => {
    const res = await get(`/api/progress/orgs/${env.fx.org.districtA}/members`, 'districtA');
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res);
    expect(body.total).toBe(4);
    expect(body.data.map((r: { name: string }) => r.name)).toEqual(['王小明', '李秀英', '赵刚', '张建国']);
    expect(body.data[3]).toMatchObject({
      role: 'leader',
      standing: 'met',
      onlineSeconds: 36 * H,
      classSeconds: 16 * H,
      externalSeconds: 4 * H,
      totalSeconds: 56 * H,
      targetSeconds: 56 * H,
    });
    expect(body.data[1]).toMatchObject({
      standing: 'behind',
      expectedSeconds: MEMBER_PACE,
      targetSeconds: 32 * H,
    });
    const behind = json(
      await get(`/api/progress/orgs/${env.fx.org.districtA}/members?standing=behind`, 'districtA'),
    );
    expect(behind.data.map((r: { memberId: number }) => r.memberId)).toEqual([env.fx.member.plainA1]);
    const leaders = json(
      await get(`/api/progress/orgs/${env.fx.org.districtA}/members?role=leader&order=desc`, 'districtA'),
    );
    expect(leaders.data.map((r: { memberId: number }) => r.memberId)).toEqual([env.fx.member.secA1]);
    const paged = json(
      await get(
        `/api/progress/orgs/${env.fx.org.districtA}/members?pageSize=2&current=2&order=desc`,
        'districtA',
      ),
    );
    expect(paged.total).toBe(4);
    expect(paged.data.map((r: { name: string }) => r.name)).toEqual(['李秀英', '王小明']);
  });

  it('exports the member list under its filters as .xlsx, audited', async () => {
    const res = await get(
      `/api/progress/members/export?orgId=${env.fx.org.districtA}&standing=behind`,
      'districtA',
    );
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const audit = (await env.db.execute(
      sql`select action, entity from audit_log where action = 'progress.export' order by id desc limit 1`,
    )) as unknown as { rows: { action: string; entity: string }[] };
    expect(audit.rows).toEqual([{ action: 'progress.export', entity: 'member' }]);
    expect(
      (await get(`/api/progress/members/export?orgId=${env.fx.org.branchB1}`, 'districtA')).statusCode,
    ).toBe(404);
  });

  it('takes the register and the roles as of the date', async () => {
    // Before 王小明's admission (2026-06-01) the branch had two members.
    const may = await summary(env.fx.org.branchA1, 'secA1', '?on=2026-05-31');
    expect(may.total.members).toBe(2);
    expect(may.basis.on).toBe('2026-05-31');
    // A committee role entered today, back-dated to 1 March: 李秀英 is a leader (56 学时) as of any
    // date from 1 March, a plain member before it.
    await env.db.execute(sql`insert into committee_members (org_id, member_id, role, started_on)
      values (${env.fx.org.branchA1}, ${env.fx.member.plainA1}, 'organization_member', '2026-03-01')`);
    const now = json(await get(`/api/progress/orgs/${env.fx.org.branchA1}/members?role=leader`, 'secA1'));
    expect(now.data.map((r: { memberId: number }) => r.memberId).sort()).toEqual(
      [env.fx.member.secA1, env.fx.member.plainA1].sort(),
    );
    expect(
      now.data.find((r: { memberId: number }) => r.memberId === env.fx.member.plainA1).targetSeconds,
    ).toBe(56 * H);
    const feb = json(await get(`/api/progress/orgs/${env.fx.org.branchA1}/members?on=2026-02-28`, 'secA1'));
    expect(feb.data.find((r: { memberId: number }) => r.memberId === env.fx.member.plainA1)).toMatchObject({
      role: 'member',
      targetSeconds: 32 * H,
    });
    // A past year defaults to its 31 December: her role of 2026 does not reach back into 2025.
    const last = json(await get(`/api/progress/orgs/${env.fx.org.branchA1}/members?year=2025`, 'secA1'));
    expect(last.basis.on).toBe('2025-12-31');
    expect(last.data.find((r: { memberId: number }) => r.memberId === env.fx.member.plainA1)).toMatchObject({
      role: 'member',
      totalSeconds: 0,
      standing: 'none',
    });
    await env.db.execute(sql`delete from committee_members where member_id = ${env.fx.member.plainA1}`);
  });

  it('judges a year by the targets in force on its 1 January (rule history)', async () => {
    const res = await send(
      'PUT',
      '/api/rules/learning.memberYearlyHours',
      { value: 40, reason: '新规划自2027年起每年40学时', effectiveFrom: '2027-01-01' },
      'sysadmin',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect((await summary(env.fx.org.districtA, 'districtA')).basis.memberTargetHours).toBe(32);
    const next = await summary(env.fx.org.districtA, 'districtA', '?year=2027');
    expect(next.basis).toMatchObject({ year: 2027, memberTargetHours: 40, elapsed: 0 });
    // A correction without a date applies to every year: 赵刚's 30 学时 now meet a target of 30.
    const fix = await send(
      'PUT',
      '/api/rules/learning.memberYearlyHours',
      { value: 30, reason: '更正为本省规定的30学时' },
      'sysadmin',
    );
    expect(fix.statusCode, fix.body).toBe(200);
    const corrected = await summary(env.fx.org.branchA2, 'districtA');
    expect(corrected.basis.memberTargetHours).toBe(30);
    expect(corrected.total).toMatchObject({ members: 1, met: 1, rate: 1 });
    const reset = await send(
      'DELETE',
      '/api/rules/learning.memberYearlyHours',
      { reason: '恢复默认值' },
      'sysadmin',
    );
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await summary(env.fx.org.branchA2, 'districtA')).total.met).toBe(0);
  });

  it('refuses a date after today, naming the field', async () => {
    const res = await get(`/api/progress/orgs/${env.fx.org.districtA}?on=2026-11-24`, 'districtA');
    expect(res.statusCode).toBe(400);
    expect(json(res).details[0]).toMatchObject({ field: 'on' });
  });

  it('keeps to the scope: another subtree is 404, a member without learning.read 403', async () => {
    expect((await get(`/api/progress/orgs/${env.fx.org.branchB1}`, 'districtA')).statusCode).toBe(404);
    expect((await get(`/api/progress/orgs/${env.fx.org.branchB1}/members`, 'districtA')).statusCode).toBe(
      404,
    );
    expect((await get(`/api/progress/orgs/${env.fx.org.branchB1}/training`, 'districtA')).statusCode).toBe(
      404,
    );
    expect((await get(`/api/progress/orgs/${env.fx.org.districtA}`, 'secA1')).statusCode).toBe(404);
    expect((await get(`/api/progress/orgs/${env.fx.org.branchA1}`, 'memberA1')).statusCode).toBe(403);
  });
});

describe('the member’s own progress', () => {
  it('shows her target, hours by source and standing', async () => {
    const res = await get('/api/progress/mine', 'memberA1');
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({
      name: '李秀英',
      orgName: '中共甲区幸福社区支部委员会',
      role: 'member',
      onlineSeconds: 20 * H,
      totalSeconds: 20 * H,
      targetSeconds: 32 * H,
      expectedSeconds: MEMBER_PACE,
      standing: 'behind',
      newSecretary: null,
      probationary: null,
    });
    const sec = json(await get('/api/progress/mine', 'secA1'));
    expect(sec).toMatchObject({ role: 'leader', standing: 'met', classSeconds: 16 * H, newSecretary: null });
  });

  it('is refused without the member role, and to an account without a member record', async () => {
    expect((await get('/api/progress/mine', 'admin')).statusCode).toBe(403);
    await env.db.execute(sql`insert into role_assignments (user_id, role, org_id)
      select id, 'member', ${env.fx.org.branchA1} from users where username = 'auditor'`);
    const res = await get('/api/progress/mine', 'auditor');
    expect(res.statusCode).toBe(404);
    expect(json(res).code).toBe('PROGRESS_NO_MEMBER');
    await env.db.execute(sql`delete from role_assignments where role = 'member'
      and user_id = (select id from users where username = 'auditor')`);
  });
});

describe('training and reminders', () => {
  let committeeId: number;
  beforeAll(async () => {
    // 赵刚 took office as secretary of branch A2 on 1 June: trained by 1 December.
    const r = (await env.db.execute(sql`insert into committee_members (org_id, member_id, role, started_on)
      values (${env.fx.org.branchA2}, ${env.fx.member.a2}, 'secretary', '2026-06-01') returning id`)) as unknown as {
      rows: { id: number }[];
    };
    committeeId = r.rows[0].id;
  });

  it('lists the untrained new secretary and probationary member', async () => {
    const res = await get(`/api/progress/orgs/${env.fx.org.districtA}/training`, 'districtA');
    expect(res.statusCode, res.body).toBe(200);
    const t = json(res);
    expect(t).toMatchObject({
      on: TODAY,
      months: 6,
      probationaryRequired: true,
      newSecretariesTotal: 1,
      probationaryTotal: 1,
    });
    // 张建国 took office in 2024: not new.
    expect(t.newSecretaries).toEqual([
      {
        memberId: env.fx.member.a2,
        name: '赵刚',
        orgId: env.fx.org.branchA2,
        orgName: '中共甲区和平村支部委员会',
        startedOn: '2026-06-01',
        deadline: '2026-12-01',
        state: 'due',
        daysLeft: 8,
      },
    ]);
    expect(t.probationary).toEqual([
      {
        memberId: env.fx.member.probA1,
        name: '王小明',
        orgId: env.fx.org.branchA1,
        orgName: '中共甲区幸福社区支部委员会',
        joinedOn: '2026-06-01',
        probationEndsOn: '2027-06-01',
      },
    ]);
    const s = await summary(env.fx.org.districtA, 'districtA');
    expect([s.newSecretariesUntrained, s.probationaryUntrained]).toEqual([1, 1]);
    const mine = json(await get('/api/progress/mine', 'secA1'));
    expect(mine.newSecretary).toBeNull();
  });

  it('reminds the behind members with accounts, their branch once, and the higher org of the new secretary; twice is once', async () => {
    const notes = async (username: string) =>
      (
        (await env.db.execute(
          sql`select n.kind, n.title, n.link from notifications n join users u on u.id = n.user_id
            where u.username = ${username} and n.kind like 'progress.%' order by n.id`,
        )) as unknown as { rows: { kind: string; title: string; link: string }[] }
      ).rows;
    // September: before the reminder month (October) nobody hears of their pace.
    const sept = await runDailyJob(env.db, '2026-09-15');
    expect(sept.progressBehind).toBe(0);
    expect(await notes('memberA1')).toEqual([]);

    const first = await runDailyJob(env.db, TODAY);
    // 李秀英 behind; 王小明 and 陈静 with none; 赵刚, a secretary since June, now behind a leader's 56.
    expect(first.progressBehind).toBe(4);
    const own = await notes('memberA1');
    expect(own).toEqual([
      { kind: 'progress.behind', title: '2026年学时进度落后：已学20学时，目标32学时', link: '/my/hours' },
    ]);
    const branch = await notes('secA1');
    expect(branch).toEqual([
      {
        kind: 'progress.branch_behind',
        title: '中共甲区幸福社区支部委员会：2名党员学时进度落后（其中1名尚无学时）',
        link: `/progress?orgId=${env.fx.org.branchA1}&standing=behind`,
      },
    ]);
    // The new secretary's deadline is 8 days away: the district hears of it.
    const district = await notes('districtA');
    expect(district.map((n) => n.kind)).toEqual(['progress.new_secretary_due']);
    expect(district[0].title).toContain('2026-12-01');
    // District B has no secretary account: 陈静's branch summary goes nowhere, no error.
    const again = await runDailyJob(env.db, TODAY);
    expect(again.progressNotified).toBe(0);
    // Past the deadline, once more; then trained, nothing.
    const late = await runDailyJob(env.db, '2026-12-02');
    expect((await notes('districtA')).map((n) => n.kind)).toEqual([
      'progress.new_secretary_due',
      'progress.new_secretary_overdue',
    ]);
    expect(late.progressSecretaries).toBe(1);
    expect(committeeId).toBeGreaterThan(0);
  });

  it('clears them once a class organised above the branch is completed after taking office', async () => {
    // A class of the branch itself does not count; one of the district before taking office neither.
    await completedClass(env.fx.org.branchA2, env.fx.member.a2, '2026-07-10');
    await completedClass(env.fx.org.districtA, env.fx.member.a2, '2026-05-20');
    await completedClass(env.fx.org.branchA1, env.fx.member.probA1, '2026-07-01');
    let t = json(await get(`/api/progress/orgs/${env.fx.org.districtA}/training`, 'districtA'));
    expect([t.newSecretaries.length, t.probationary.length]).toEqual([1, 1]);
    await completedClass(env.fx.org.districtA, env.fx.member.a2, '2026-07-10');
    await completedClass(env.fx.org.city, env.fx.member.probA1, '2026-09-30');
    t = json(await get(`/api/progress/orgs/${env.fx.org.districtA}/training`, 'districtA'));
    expect([t.newSecretaries, t.probationary]).toEqual([[], []]);
    // As of a date before the class, still untrained.
    t = json(await get(`/api/progress/orgs/${env.fx.org.districtA}/training?on=2026-09-29`, 'districtA'));
    expect(t.probationary.map((p: { memberId: number }) => p.memberId)).toEqual([env.fx.member.probA1]);
  });
});
