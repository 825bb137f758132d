import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../src/domain/common/dates.js';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import {
  committeeMembers,
  members,
  notifications,
  roleAssignments,
  users,
} from '../../src/server/db/schema/index.js';
import { runDailyJob } from '../../src/server/jobs/daily.js';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
const { get, post, send } = requests(() => env);
const put = (url: string, payload: unknown, user?: string) => send('PUT', url, payload, user);
const del = (url: string, user?: string) => send('DELETE', url, undefined, user);

/** A valid GB 11643 number for someone born on `birth` (YYYY-MM-DD); seq odd = male. */
function idFor(birth: string, seq: number) {
  const first17 = `620102${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckDigit(first17);
}

type Detail = {
  field: string;
  message: string;
  code?: string;
  date?: string;
  ruleId?: string;
  citation?: string;
};
const codes = (res: LightMyRequestResponse) => (json(res).details ?? []).map((d: Detail) => d.code);

/** Full members added to branch A1 (so that it has at least three with the fixture's two). */
const extra: Record<string, number> = {};
async function addMember(
  orgKey: 'branchA1' | 'branchA2' | 'branchB1',
  name: string,
  over: Partial<typeof members.$inferInsert> = {},
) {
  const org = env.fx.org[orgKey];
  const [o] = (
    (await env.db.execute(sql`select path::text as path from orgs where id = ${org}`)) as unknown as {
      rows: Array<{ path: string }>;
    }
  ).rows;
  const [row] = await env.db
    .insert(members)
    .values({
      orgId: org,
      orgPath: o.path,
      name,
      gender: 'male',
      ethnicity: '01',
      birthDate: '1975-01-01',
      education: 'bachelor',
      category: 'full',
      status: 'active',
      joinedOn: '2000-07-01',
      confirmedOn: '2001-07-01',
      ...over,
    })
    .returning({ id: members.id });
  return row.id;
}

beforeAll(async () => {
  env = await setupEnv();
  extra.liu = await addMember('branchA1', '刘红');
  extra.sun = await addMember('branchA1', '孙强');
  // Full today, still probationary until 2024-01-01: the register of 2023 knows a probationary member.
  extra.late = await addMember('branchA2', '韩冰', { joinedOn: '2023-01-01', confirmedOn: '2024-01-01' });
  // A branch-B1 secretary, to check that cases of district A stay invisible from B.
  const [u] = await env.db
    .insert(users)
    .values({
      username: 'secB1',
      displayName: '陈静',
      passwordHash: (
        (await env.db.execute(sql`select password_hash from users where username = 'secA1'`)) as unknown as {
          rows: Array<{ password_hash: string }>;
        }
      ).rows[0].password_hash,
    })
    .returning();
  await env.db
    .insert(roleAssignments)
    .values({ userId: u.id, role: 'secretary', orgId: env.fx.org.branchB1 });
});
afterAll(() => env.app.close());

const applicant = (over: Record<string, unknown> = {}) => ({
  orgId: env.fx.org.branchA1,
  name: '周晓梅',
  gender: 'female',
  idNumber: idFor('1998-04-12', 2),
  ethnicity: '01',
  education: 'bachelor',
  workUnit: '幸福社区居委会',
  appliedOn: '2022-03-01',
  ...over,
});

const step = (id: number, body: Record<string, unknown>, user = 'secA1') =>
  post(`/api/development/cases/${id}/steps`, body, user);

/** Records a step and expects it to be accepted. */
async function ok(id: number, body: Record<string, unknown>, user = 'secA1') {
  const res = await step(id, body, user);
  if (res.statusCode !== 201) throw new Error(`${body.key} ${body.on}: ${res.statusCode} ${res.body}`);
  return json(res);
}

const vote = (n: number) => ({ expectedVoting: n, presentVoting: n, for: n, against: 0, abstain: 0 });

describe('cases: open and read', () => {
  let id: number;

  it('opens a case with step 1, masked ID number, the rules kept with it', async () => {
    const res = await post('/api/development/cases', applicant(), 'secA1');
    expect(res.statusCode).toBe(201);
    const c = json(res);
    id = c.id;
    expect(c).toMatchObject({
      orgId: env.fx.org.branchA1,
      name: '周晓梅',
      status: 'active',
      stage: 'applicant',
      version: '2026',
      appliedOn: '2022-03-01',
      lastStepKey: 'application',
      nextKey: 'application_talk',
      nextDueOn: '2022-04-01',
      overdue: true,
      approvingOrgId: env.fx.org.districtA,
      can: { recordBranch: true, recordHigher: false, close: true },
    });
    expect(c.idNumber).toBe('620102************');
    expect(c.idNumber).not.toContain('19980412');
    expect(c.rules['development.version']).toBe(2026);
    expect(c.steps).toHaveLength(1);
    expect(c.next[0]).toMatchObject({ key: 'application_talk', actor: 'branch', state: 'overdue' });
  });

  it('refuses an applicant under 18 with the date they turn 18', async () => {
    const res = await post(
      '/api/development/cases',
      applicant({ name: '少年', idNumber: idFor('2009-01-15', 3), gender: 'male', appliedOn: '2026-11-01' }),
      'secA1',
    );
    expect(res.statusCode).toBe(422);
    expect(json(res).code).toBe('DEV_UNDER_AGE');
    expect(json(res).message).toContain('2027-01-15');
    expect(json(res).details[0]).toMatchObject({ code: 'DEV_UNDER_AGE', date: '2027-01-15', field: 'on' });
  });

  it('refuses a second active case for the same person and a member already registered', async () => {
    const dup = await post('/api/development/cases', applicant(), 'secA1');
    expect(dup.statusCode).toBe(409);
    expect(json(dup).code).toBe('DEVELOPMENT_CASE_ALREADY_OPEN');
    expect(json(dup).message).toMatch(/正在办理/);
    const member = await post(
      '/api/development/cases',
      applicant({ name: '张建国', idNumber: '620102198001010017', gender: 'male' }),
      'secA1',
    );
    expect(member.statusCode).toBe(409);
    expect(json(member).code).toBe('DEVELOPMENT_ALREADY_A_MEMBER');
    expect(json(member).message).toMatch(/党员名册/);
  });

  it('404s an org out of scope and 422s an org that is not a branch', async () => {
    const out = await post(
      '/api/development/cases',
      applicant({ orgId: env.fx.org.branchB1, idNumber: idFor('1990-01-01', 5), gender: 'male' }),
      'secA1',
    );
    expect(out.statusCode).toBe(404);
    const committee = await post(
      '/api/development/cases',
      applicant({ orgId: env.fx.org.districtA, idNumber: idFor('1990-01-01', 5), gender: 'male' }),
      'districtA',
    );
    expect(committee.statusCode).toBe(422);
    expect(json(committee).code).toBe('DEVELOPMENT_ORG_NOT_BRANCH');
    expect(json(committee).details[0]).toMatchObject({
      field: 'orgId',
      code: 'DEVELOPMENT_ORG_NOT_BRANCH',
      citation: expect.stringContaining('发展党员工作细则'),
    });
    expect((await post('/api/development/cases', applicant(), undefined)).statusCode).toBe(401);
    expect((await post('/api/development/cases', applicant(), 'memberA1')).statusCode).toBe(403);
  });

  it('lists and reads within scope only', async () => {
    const list = json(await get('/api/development/cases', 'secA1'));
    expect(list.data.map((c: { id: number }) => c.id)).toContain(id);
    expect(json(await get('/api/development/cases', 'secB1')).total).toBe(0);
    expect((await get(`/api/development/cases/${id}`, 'secB1')).statusCode).toBe(404);
    expect((await get(`/api/development/cases/${id}`, 'admin')).statusCode).toBe(200);
    const byPinyin = json(await get('/api/development/cases?q=zxm', 'districtA'));
    expect(byPinyin.data[0]).toMatchObject({ id, name: '周晓梅' });
  });

  it('closes a case before admission, audited', async () => {
    const other = json(
      await post(
        '/api/development/cases',
        applicant({ name: '吴迪', idNumber: idFor('1996-06-06', 7), gender: 'male' }),
        'secA1',
      ),
    );
    const res = await post(
      `/api/development/cases/${other.id}/close`,
      { reason: '本人申请撤回入党申请' },
      'secA1',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'closed', closedReason: '本人申请撤回入党申请', next: [] });
    const afterClose = await step(other.id, {
      key: 'application_talk',
      on: '2022-03-10',
      talkerName: '张建国',
    });
    expect(afterClose.statusCode).toBe(409);
    expect(json(afterClose).code).toBe('DEVELOPMENT_CASE_NOT_ACTIVE');
    const closedAgain = await post(
      `/api/development/cases/${other.id}/close`,
      { reason: '重复终止测试' },
      'secA1',
    );
    expect(closedAgain.statusCode).toBe(409);
    expect(json(closedAgain).code).toBe('DEVELOPMENT_CASE_NOT_ACTIVE');
    const audit = json(await get('/api/audit?action=development.case.close', 'auditor'));
    expect(audit.data[0]).toMatchObject({ reason: '本人申请撤回入党申请' });
  });
});

describe('a full walk under the 2014 细则: applicant to full member', () => {
  let id: number;
  const mentors = () => [env.fx.member.secA1, env.fx.member.plainA1];

  beforeAll(async () => {
    const res = await put(
      '/api/rules/development.version',
      { value: 2014, reason: '核对2026年版官方文本前沿用2014年版' },
      'sysadmin',
    );
    expect(res.statusCode).toBe(200);
    const c = json(
      await post(
        '/api/development/cases',
        applicant({
          name: '郑海涛',
          idNumber: idFor('1995-08-20', 11),
          gender: 'male',
          appliedOn: '2022-03-01',
        }),
        'secA1',
      ),
    );
    id = c.id;
    expect(c.version).toBe('2014');
    await put('/api/rules/development.version', { value: 2026, reason: '恢复2026年版' }, 'sysadmin');
  });

  it('walks the applicant and activist stages, refusing a candidate before a full year', async () => {
    await ok(id, { key: 'application_talk', on: '2022-03-15', talkerName: '张建国' });
    await ok(id, { key: 'activist_designated', on: '2022-09-05', decidedBy: 'general_meeting' });
    await ok(id, { key: 'activist_filed', on: '2022-09-10' });
    await ok(id, { key: 'mentors_assigned', on: '2022-09-10', mentorIds: mentors() });
    await ok(id, { key: 'activist_assessment', on: '2023-03-01', note: '表现良好' });
    const c = await ok(id, { key: 'activist_assessment', on: '2023-08-30', note: '积极参加组织活动' });
    expect(c).toMatchObject({
      stage: 'activist',
      activistOn: '2022-09-05',
      candidateEligibleOn: '2023-09-05',
    });
    const early = await step(id, {
      key: 'candidate_designated',
      on: '2023-09-01',
      decidedBy: 'general_meeting',
    });
    expect(early.statusCode).toBe(422);
    expect(json(early).code).toBe('DEV_ACTIVIST_TOO_SOON');
    expect(json(early).message).toContain('2023-09-05');
    expect(json(early).details[0]).toMatchObject({
      date: '2023-09-05',
      ruleId: 'development.activistMinMonths',
    });
    expect(json(early).details[0].citation).toMatch(/细则/);
    await ok(id, { key: 'candidate_designated', on: '2023-09-10', decidedBy: 'general_meeting' });
    await ok(id, { key: 'candidate_filed', on: '2023-09-15' });
  });

  it('refuses a sponsor probationary on the day (full today), one not yet a member, one under 留党察看', async () => {
    const prob = await step(id, {
      key: 'sponsors_assigned',
      on: '2023-09-20',
      sponsorIds: [env.fx.member.secA1, extra.late],
    });
    expect(prob.statusCode).toBe(422);
    expect(codes(prob)).toEqual(['DEV_SPONSOR_NOT_FULL']);
    expect(json(prob).message).toBe(
      '入党介绍人：韩冰在 2023-09-20 是预备党员，须由正式党员担任（《中国共产党章程》第五条；《中国共产党发展党员工作细则》第十四条、第十五条）',
    );
    const notYet = await step(id, {
      key: 'sponsors_assigned',
      on: '2023-09-20',
      sponsorIds: [env.fx.member.secA1, env.fx.member.probA1],
    });
    expect(codes(notYet)).toEqual(['DEV_SPONSOR_NOT_CURRENT']);
    const d = await post(
      `/api/members/${extra.sun}/disciplines`,
      { kind: 'probation_watch', decidedOn: '2023-01-10', endsOn: '2024-01-10', reason: '违反组织纪律' },
      'secA1',
    );
    expect(d.statusCode).toBe(201);
    expect(json(d)).toMatchObject({ kind: 'probation_watch', inForce: false });
    expect(json(await get(`/api/members/${extra.sun}/disciplines`, 'secA1'))).toHaveLength(1);
    expect((await get(`/api/members/${extra.sun}/disciplines`, 'secB1')).statusCode).toBe(404);
    expect(
      (
        await post(
          `/api/members/${extra.sun}/disciplines`,
          { kind: 'warning', decidedOn: '2023-01-10', reason: '测试' },
          'memberA1',
        )
      ).statusCode,
    ).toBe(403);
    const suspended = await step(id, {
      key: 'sponsors_assigned',
      on: '2023-09-20',
      sponsorIds: [env.fx.member.secA1, extra.sun],
    });
    expect(suspended.statusCode).toBe(422);
    expect(json(suspended).code).toBe('DEV_SPONSOR_SUSPENDED');
    expect(json(suspended).details[0]).toMatchObject({
      field: 'sponsors',
      ruleId: 'development.sponsorCount',
    });
    const outside = await step(id, {
      key: 'sponsors_assigned',
      on: '2023-09-20',
      sponsorIds: [env.fx.member.secA1, env.fx.member.b1],
    });
    expect(outside.statusCode).toBe(400);
    expect(json(outside).details[0].field).toBe('sponsorIds');
    await ok(id, {
      key: 'sponsors_assigned',
      on: '2023-09-20',
      sponsorIds: [env.fx.member.secA1, extra.liu],
    });
  });

  it('leaves the training to the approving committee and refuses one too short', async () => {
    await ok(id, { key: 'political_review', on: '2023-10-10', reviewConclusion: 'pass' });
    const training = { from: '2023-10-16', to: '2023-10-17', hours: 16 };
    const bySecretary = await step(id, { key: 'training', on: '2023-10-20', training });
    expect(bySecretary.statusCode).toBe(403);
    expect(json(bySecretary).message).toContain('须由有审批权的上级党委办理');
    const short = await step(id, { key: 'training', on: '2023-10-20', training }, 'districtA');
    expect(short.statusCode).toBe(422);
    expect(json(short).code).toBe('DEV_TRAINING_TOO_SHORT');
    await ok(id, { key: 'training', on: '2023-10-20', training: { ...training, hours: 24 } }, 'districtA');
  });

  it('admits on approval: the branch secretary is refused, the district committee creates the member', async () => {
    await ok(id, { key: 'committee_review', on: '2023-11-01' });
    await ok(id, { key: 'higher_pre_review', on: '2023-11-10', outcome: 'approved' }, 'districtA');
    await ok(id, { key: 'volunteer_form', on: '2023-11-15' });
    // 孙强 is under 留党察看 from 2023-01-10 to 2024-01-10 (党章第四十条: no vote): on 2023-11-20 the
    // branch has four full members and three voters; on 2024-01-10, his rights restored, four voters.
    const registerOn = async (on: string) =>
      json(await get(`/api/development/cases/${id}/register?on=${on}`, 'secA1'));
    expect(await registerOn('2023-11-20')).toMatchObject({ fullMembers: 4, votingMembers: 3 });
    expect(await registerOn('2024-01-10')).toMatchObject({ fullMembers: 4, votingMembers: 4 });
    const counted = await step(id, { key: 'admission_vote', on: '2023-11-20', vote: vote(4) });
    expect(counted.statusCode).toBe(422);
    expect(codes(counted)).toEqual(['DEV_VOTE_EXPECTED_DIFFERS']);
    expect(json(counted).message).toContain(
      '应到会有表决权党员填写4人，党员名册中本支部 2023-11-20 有表决权的正式党员为3人',
    );
    const quorum = await step(id, {
      key: 'admission_vote',
      on: '2023-11-20',
      vote: { expectedVoting: 3, presentVoting: 1, for: 1, against: 0, abstain: 0 },
    });
    expect(quorum.statusCode).toBe(422);
    expect(json(quorum).code).toBe('DEV_VOTE_INVALID');
    const admitted = await ok(id, { key: 'admission_vote', on: '2023-11-20', vote: vote(3) });
    expect(admitted.steps.at(-1).data).toMatchObject({ branchFullMembers: 4, branchVotingMembers: 3 });
    await ok(id, { key: 'higher_interview', on: '2023-12-01', talkerName: '甲区委组织员' }, 'districtA');
    const detail = json(await get(`/api/development/cases/${id}`, 'secA1'));
    expect(detail.next[0]).toMatchObject({
      key: 'admission_approval',
      actor: 'higher',
      due: '2024-02-20',
      latest: '2024-05-20',
    });
    expect(detail.can).toMatchObject({ recordBranch: true, recordHigher: false });
    const tooLate = await step(
      id,
      { key: 'admission_approval', on: '2024-06-01', outcome: 'approved', delayReason: '材料补充' },
      'districtA',
    );
    expect(tooLate.statusCode).toBe(422);
    expect(json(tooLate).code).toBe('DEV_APPROVAL_TOO_LATE');
    const noReason = await step(
      id,
      { key: 'admission_approval', on: '2024-03-01', outcome: 'approved' },
      'districtA',
    );
    expect(noReason.statusCode).toBe(422);
    expect(json(noReason).code).toBe('DEV_APPROVAL_LATE_REASON');
    const bySecretary = await step(id, { key: 'admission_approval', on: '2024-01-10', outcome: 'approved' });
    expect(bySecretary.statusCode).toBe(403);
    // The admission changes the branch's members: its compliance is derived again in the same
    // transaction (the unit of work's flush).
    const stale = await plantStaleCompliance(env.fx.org.branchA1);
    const c = await ok(id, { key: 'admission_approval', on: '2024-01-10', outcome: 'approved' }, 'districtA');
    expect(await stale()).toBe(0);
    const admittedClose = await post(
      `/api/development/cases/${id}/close`,
      { reason: '本人申请撤回' },
      'secA1',
    );
    expect(admittedClose.statusCode).toBe(409);
    expect(json(admittedClose).code).toBe('DEVELOPMENT_CASE_ADMITTED');
    expect(c).toMatchObject({
      stage: 'probationary',
      admittedOn: '2023-11-20',
      probationEndsOn: '2024-11-20',
    });
    expect(c.memberId).toEqual(expect.any(Number));
    const m = json(await get(`/api/members/${c.memberId}`, 'secA1'));
    expect(m).toMatchObject({
      name: '郑海涛',
      category: 'probationary',
      joinedOn: '2023-11-20',
      status: 'active',
    });
    const list = json(await get('/api/members?q=郑海涛', 'secA1'));
    expect(list.total).toBe(1);
  });

  it('confirms after probation, not before; the member becomes full', async () => {
    await ok(id, { key: 'admission_filed', on: '2024-01-20' }, 'districtA');
    await ok(id, { key: 'assigned_to_branch', on: '2024-01-25' });
    await ok(id, { key: 'oath', on: '2024-02-01' });
    await ok(id, { key: 'probation_assessment', on: '2024-06-01', note: '预备期表现良好' });
    await ok(id, { key: 'confirmation_application', on: '2024-11-15' });
    const early = await step(id, {
      key: 'confirmation_vote',
      on: '2024-11-18',
      vote: vote(4),
      decision: 'confirm',
    });
    expect(early.statusCode).toBe(422);
    expect(json(early).code).toBe('DEV_PROBATION_NOT_ENDED');
    expect(json(early).message).toContain('2024-11-20');
    await ok(id, { key: 'confirmation_vote', on: '2024-11-25', vote: vote(4), decision: 'confirm' });
    const stale = await plantStaleCompliance(env.fx.org.branchA1);
    const c = await ok(
      id,
      { key: 'confirmation_approval', on: '2024-12-20', outcome: 'approved' },
      'districtA',
    );
    expect(c).toMatchObject({ stage: 'full', confirmedOn: '2024-11-20' });
    expect(await stale()).toBe(0);
    const m = json(await get(`/api/members/${c.memberId}`, 'secA1'));
    expect(m).toMatchObject({ category: 'full', confirmedOn: '2024-11-20' });
    const done = await ok(id, { key: 'archived', on: '2025-01-10' });
    expect(done).toMatchObject({ status: 'completed', next: [] });
    expect(done.steps).toHaveLength(26);
  });
});

/** The standard sequence under 2026, dated from the application, up to and including `until`. */
function plan(
  start: string,
  until: string,
  sponsors: () => number[],
  mentors = () => [env.fx.member.secA1, env.fx.member.plainA1],
): Array<[string, string, Record<string, unknown>]> {
  const d = (m: number, days = 0) => addDays(addMonths(start, m), days);
  const voteOn = d(20, 15);
  const all: Array<[string, string, Record<string, unknown>]> = [
    ['application_talk', d(0, 10), { talkerName: '张建国' }],
    ['activist_designated', d(6), { decidedBy: 'general_meeting' }],
    ['activist_filed', d(6, 2), {}],
    ['mentors_assigned', d(6, 3), { mentorIds: mentors() }],
    ['activist_assessment', d(12), { note: '表现良好' }],
    ['candidate_designated', d(18, 5), { decidedBy: 'general_meeting' }],
    ['candidate_filed', d(18, 10), { notice: { from: d(18, 10), to: d(18, 24), objection: false } }],
    ['sponsors_assigned', d(18, 30), { sponsorIds: sponsors() }],
    ['political_review', d(19, 10), { reviewConclusion: 'pass' }],
    ['training', d(19, 20), { training: { from: d(19, 15), to: d(19, 17), hours: 24 } }],
    ['committee_review', d(20), {}],
    ['higher_pre_review', d(20, 5), { outcome: 'approved' }],
    ['volunteer_form', d(20, 10), {}],
    ['admission_vote', voteOn, {}],
    ['higher_interview', d(21), { talkerName: '甲区委组织员' }],
    ['admission_approval', d(21, 10), { outcome: 'approved' }],
    ['admission_filed', d(21, 15), {}],
    ['assigned_to_branch', d(21, 20), {}],
    ['oath', d(21, 25), {}],
    ['probation_assessment', d(27), { note: '预备期表现良好' }],
    ['confirmation_application', addDays(addMonths(voteOn, 12), -5), {}],
  ];
  const i = all.findIndex(([k]) => k === until);
  return all.slice(0, i + 1);
}

let seq = 100;
async function openCase(
  orgKey: 'branchA1' | 'branchA2' | 'branchB1',
  name: string,
  appliedOn: string,
  user = 'districtA',
) {
  seq += 2;
  const res = await post(
    '/api/development/cases',
    applicant({
      orgId: env.fx.org[orgKey],
      name,
      idNumber: idFor('1990-02-02', seq + 1),
      gender: 'male',
      appliedOn,
    }),
    user,
  );
  expect(res.statusCode).toBe(201);
  return json(res).id as number;
}

/** The branch's full members with a vote on a day, as the register counts them (the vote's 应到). */
async function registerVoters(id: number, on: string, user = 'districtA') {
  const res = await get(`/api/development/cases/${id}/register?on=${on}`, user);
  expect(res.statusCode).toBe(200);
  return json(res).votingMembers as number;
}

/** Records the steps; a vote without one given is unanimous with the register's 应到 of its day. */
async function walk(id: number, steps: Array<[string, string, Record<string, unknown>]>, user = 'districtA') {
  let last: Record<string, unknown> = {};
  for (const [key, on, body] of steps) {
    const isVote = key === 'admission_vote' || key === 'confirmation_vote';
    const extra = isVote && !body.vote ? { vote: vote(await registerVoters(id, on, user)) } : {};
    last = await ok(id, { key, on, ...body, ...extra }, user);
  }
  return last;
}

const sponsorsA = () => [env.fx.member.secA1, extra.liu];

describe('the 2026 细则: consent and a public notice of five working days', () => {
  let id: number;

  it('needs the committee for step 8 and counts the notice across National Day', async () => {
    id = await openCase('branchA1', '钱多多', '2025-03-01');
    for (const [key, on, body] of [
      ['application_talk', '2025-03-20', { talkerName: '张建国' }],
      ['activist_designated', '2025-09-10', { decidedBy: 'general_meeting' }],
      ['activist_filed', '2025-09-12', {}],
      ['mentors_assigned', '2025-09-15', { mentorIds: [env.fx.member.secA1] }],
      ['activist_assessment', '2026-03-01', { note: '表现良好' }],
      ['candidate_designated', '2026-09-15', { decidedBy: 'general_meeting' }],
    ] as const) {
      await ok(id, { key, on, ...body });
    }
    const detail = json(await get(`/api/development/cases/${id}`, 'secA1'));
    expect(detail.next[0]).toMatchObject({ key: 'candidate_filed', actor: 'higher' });
    const notice = { from: '2026-09-29', to: '2026-10-09', objection: false };
    const bySecretary = await step(id, { key: 'candidate_filed', on: '2026-09-28', notice });
    expect(bySecretary.statusCode).toBe(403);
    const short = await step(id, { key: 'candidate_filed', on: '2026-09-28', notice }, 'districtA');
    expect(short.statusCode).toBe(422);
    expect(json(short).code).toBe('DEV_NOTICE_TOO_SHORT');
    // 9-29, 9-30, 10-8, 10-9: four working days; Saturday 10-10 is a make-up working day.
    expect(json(short).details[0]).toMatchObject({ date: '2026-10-10', field: 'notice' });
    expect(json(short).message).toContain('只有4个工作日');
    await ok(
      id,
      { key: 'candidate_filed', on: '2026-09-28', notice: { ...notice, to: '2026-10-10' } },
      'districtA',
    );
    const early = await step(id, { key: 'sponsors_assigned', on: '2026-10-10', sponsorIds: sponsorsA() });
    expect(json(early).code).toBe('DEV_NOTICE_NOT_ENDED');
    await ok(id, { key: 'sponsors_assigned', on: '2026-10-12', sponsorIds: sponsorsA() });
  });

  it('corrects a date with a reason, keeps the superseded record, audits; refuses one that breaks a limit', async () => {
    const before = json(await get(`/api/development/cases/${id}`, 'secA1'));
    const assessment = before.steps.find((s: { key: string }) => s.key === 'activist_assessment');
    const res = await post(
      `/api/development/cases/${id}/steps/${assessment.id}/corrections`,
      { on: '2026-03-02', note: '考察意见（更正）', reason: '考察日期登记错误' },
      'secA1',
    );
    expect(res.statusCode).toBe(201);
    const after = json(res);
    const versions = after.steps.filter((s: { key: string }) => s.key === 'activist_assessment');
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatchObject({ on: '2026-03-01', supersededById: versions[1].id });
    expect(versions[1]).toMatchObject({
      on: '2026-03-02',
      correctsId: versions[0].id,
      correctionReason: '考察日期登记错误',
    });
    const audit = json(await get('/api/audit?action=development.step.correct', 'auditor'));
    expect(audit.data[0]).toMatchObject({
      reason: '考察日期登记错误',
      before: { on: '2026-03-01' },
      after: { on: '2026-03-02' },
    });
    // activist_filed shares no date with mentors_assigned here; correct it onto the same day.
    const filed = after.steps.find((s: { key: string }) => s.key === 'activist_filed');
    const sameDay = await post(
      `/api/development/cases/${id}/steps/${filed.id}/corrections`,
      { on: '2025-09-15', reason: '备案日期登记错误' },
      'secA1',
    );
    expect(sameDay.statusCode).toBe(201);
    const candidate = after.steps.find((s: { key: string }) => s.key === 'candidate_designated');
    const bad = await post(
      `/api/development/cases/${id}/steps/${candidate.id}/corrections`,
      { on: '2026-09-01', reason: '会议日期登记错误' },
      'secA1',
    );
    expect(bad.statusCode).toBe(422);
    expect(codes(bad)).toContain('DEV_ACTIVIST_TOO_SOON');
    const again = await post(
      `/api/development/cases/${id}/steps/${versions[0].id}/corrections`,
      { on: '2026-03-03', reason: '再次更正日期' },
      'secA1',
    );
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('DEVELOPMENT_STEP_SUPERSEDED');
  });

  it('uploads, downloads and deletes a document of a step', async () => {
    const c = json(await get(`/api/development/cases/${id}`, 'secA1'));
    const stepId = c.steps[0].id;
    const boundary = '----jiceng';
    const pdf = Buffer.from('%PDF-1.4\n入党申请书\n%%EOF');
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="入党申请书.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await env.app.inject({
      method: 'POST',
      url: `/api/development/cases/${id}/steps/${stepId}/documents`,
      payload,
      headers: {
        cookie: await env.login('secA1'),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    expect(up.statusCode).toBe(201);
    const doc = json(up);
    expect(doc).toMatchObject({ fileName: '入党申请书.pdf', mimeType: 'application/pdf', size: pdf.length });
    const detail = json(await get(`/api/development/cases/${id}`, 'secA1'));
    expect(detail.steps[0].documents[0]).toMatchObject({ id: doc.id, fileName: '入党申请书.pdf' });
    const down = await get(
      `/api/development/cases/${id}/steps/${stepId}/documents/${doc.id}?inline=1`,
      'secA1',
    );
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(pdf)).toBe(true);
    expect(String(down.headers['content-disposition'])).toMatch(/^inline/);
    expect(
      (await get(`/api/development/cases/${id}/steps/${stepId}/documents/${doc.id}`, 'secB1')).statusCode,
    ).toBe(404);
    expect(
      (await del(`/api/development/cases/${id}/steps/${stepId}/documents/${doc.id}`, 'secA1')).statusCode,
    ).toBe(200);
    expect(
      (await get(`/api/development/cases/${id}/steps/${stepId}/documents/${doc.id}`, 'secA1')).statusCode,
    ).toBe(404);
  });
});

/**
 * Plants a stale compliance row for an org; the answer counts what is left of it. A write that
 * changes the org's members derives its compliance again before commit, which removes it.
 */
async function plantStaleCompliance(orgId: number) {
  await env.db.execute(sql`insert into orglife_compliance
      (org_id, org_path, rule_id, meeting_kind, period_key, period_start, period_end, required, held)
    select id, path, 'test.stale', 'branch_meeting', '2000-01', '2000-01-01', '2000-01-31', 1, 0
    from orgs where id = ${orgId}`);
  const count = async () =>
    (
      await rows<{ n: number }>(
        sql`select count(*)::int as n from orglife_compliance where org_id = ${orgId} and rule_id = 'test.stale'`,
      )
    )[0]?.n;
  expect(await count()).toBe(1);
  return count;
}

/** Rows of a query, on PGlite and PostgreSQL alike. */
async function rows<T>(q: ReturnType<typeof sql>) {
  return ((await env.db.execute(q)) as unknown as { rows: T[] }).rows;
}

describe('limits that need a longer history', () => {
  it('refuses an admission vote in a branch with fewer than three full members on the vote day (more today)', async () => {
    // Two members who joined after the vote day: today the branch has four full members.
    await addMember('branchA2', '魏东', { joinedOn: '2024-12-01', confirmedOn: '2025-12-01' });
    await addMember('branchA2', '蒋南', { joinedOn: '2024-12-01', confirmedOn: '2025-12-01' });
    const id = await openCase('branchA2', '冯小刚', '2023-01-01');
    await walk(id, plan('2023-01-01', 'volunteer_form', sponsorsA));
    expect(await registerVoters(id, '2024-09-16')).toBe(2);
    expect(await registerVoters(id, '2026-01-01')).toBe(4);
    const res = await step(id, { key: 'admission_vote', on: '2024-09-16', vote: vote(2) }, 'districtA');
    expect(res.statusCode).toBe(422);
    expect(json(res).code).toBe('DEV_BRANCH_TOO_SMALL');
    expect(json(res).details[0]).toMatchObject({ ruleId: 'branch.minFullMembers' });
    expect(json(res).message).toContain('正式党员只有2人');
  });

  it('judges a back-dated case by the register of its days: sponsors who left since, a branch of three then', async () => {
    // Branch B1 had three full members until two of them left in June 2023; it has one today.
    const leftOn = { status: 'left', leftOn: '2023-06-01', leaveReason: 'withdrew' };
    const mentor = await addMember('branchB1', '邓华', leftOn);
    const sponsor = await addMember('branchB1', '潘军', leftOn);
    const b1 = env.fx.member.b1;
    const id = await openCase('branchB1', '曹操', '2021-06-01', 'admin');
    const steps = plan(
      '2021-06-01',
      'admission_vote',
      () => [b1, sponsor],
      () => [b1, mentor],
    );
    await walk(id, steps.slice(0, -1), 'admin');
    const [, voteOn] = steps.at(-1) as [string, string, Record<string, unknown>];
    expect(voteOn).toBe('2023-02-16');
    expect(await registerVoters(id, voteOn, 'admin')).toBe(3);
    expect(await registerVoters(id, '2023-06-01', 'admin')).toBe(1);
    expect((await get(`/api/development/cases/${id}/register?on=${voteOn}`, 'secA1')).statusCode).toBe(404);

    // 应到 is the register's three: two declared is refused without a reason, kept with one.
    const two = { key: 'admission_vote', on: voteOn, vote: vote(2) };
    const refused = await step(id, two, 'admin');
    expect(refused.statusCode).toBe(422);
    expect(codes(refused)).toEqual(['DEV_VOTE_EXPECTED_DIFFERS']);
    expect(json(refused).details[0]).toMatchObject({
      field: 'expectedVotingReason',
      ruleId: 'vote.quorumShare',
    });
    expect(json(refused).message).toContain(
      '应到会有表决权党员填写2人，党员名册中本支部 2023-02-16 有表决权的正式党员为3人',
    );
    const reason = '潘军同志当日因病住院，支部按两人计算应到人数';
    const c = await ok(id, { ...two, expectedVotingReason: reason }, 'admin');
    const voted = c.steps.at(-1);
    expect(voted.data).toMatchObject({ branchFullMembers: 3, expectedVotingReason: reason });
    expect(voted.warnings.map((w: Detail) => w.code)).toEqual(['DEV_VOTE_EXPECTED_DIFFERS']);

    // Moved to a day after the two had left, the vote is judged by the register of that day.
    const moved = await post(
      `/api/development/cases/${id}/steps/${voted.id}/corrections`,
      { on: '2023-06-05', reason: '会议日期登记错误' },
      'admin',
    );
    expect(moved.statusCode).toBe(422);
    expect(codes(moved)).toContain('DEV_BRANCH_TOO_SMALL');
  });

  it('refuses a designation by the committee on a day the branch had none, accepts it once elected', async () => {
    const [term] = await rows<{ id: number }>(
      sql`select id from org_terms where org_id = ${env.fx.org.branchA1} order by id limit 1`,
    );
    await env.db.insert(committeeMembers).values(
      [
        [env.fx.member.plainA1, 'deputy_secretary'],
        [extra.liu, 'organization_member'],
      ].map(([memberId, role]) => ({
        orgId: env.fx.org.branchA1,
        termId: term.id,
        memberId: memberId as number,
        role: role as string,
        startedOn: '2025-01-01',
      })),
    );
    const id = await openCase('branchA1', '韦小宝', '2024-06-01');
    await ok(id, { key: 'application_talk', on: '2024-06-10', talkerName: '张建国' });
    const registerOn = async (on: string) =>
      json(await get(`/api/development/cases/${id}/register?on=${on}`, 'secA1'));
    expect(await registerOn('2024-12-10')).toMatchObject({ committeeMembers: 1, hasCommittee: false });
    expect(await registerOn('2025-01-06')).toMatchObject({ committeeMembers: 3, hasCommittee: true });
    const early = await step(id, { key: 'activist_designated', on: '2024-12-10', decidedBy: 'committee' });
    expect(early.statusCode).toBe(422);
    expect(codes(early)).toEqual(['DEV_NO_COMMITTEE']);
    expect(json(early).details[0]).toMatchObject({ field: 'decidedBy', ruleId: 'branch.committeeSize' });
    expect(json(early).message).toContain('在 2024-12-10 没有在任的支部委员会（在任委员1人');
    const c = await ok(id, { key: 'activist_designated', on: '2025-01-06', decidedBy: 'committee' });
    expect(c.steps.at(-1).data).toMatchObject({ decidedBy: 'committee', branchCommittee: 3 });
    expect(
      (await post(`/api/development/cases/${id}/close`, { reason: '本人撤回申请' }, 'secA1')).statusCode,
    ).toBe(200);
  });

  it('extends probation once, not twice', async () => {
    const id = await openCase('branchA1', '卫青', '2021-01-01');
    const c = await walk(id, plan('2021-01-01', 'confirmation_application', sponsorsA));
    expect(c.probationEndsOn).toBe('2023-09-16');
    // 孙强 under 留党察看 that day: three voters of four full members.
    await ok(id, {
      key: 'confirmation_vote',
      on: '2023-09-19',
      vote: vote(3),
      decision: 'extend',
      extensionMonths: 6,
    });
    const extended = await ok(
      id,
      { key: 'confirmation_approval', on: '2023-10-10', outcome: 'approved' },
      'districtA',
    );
    expect(extended).toMatchObject({
      extensionMonths: 6,
      probationEndsOn: '2024-03-16',
      stage: 'probationary',
    });
    const m = json(await get(`/api/members/${extended.memberId}`, 'secA1'));
    expect(m).toMatchObject({ category: 'probationary', probationExtendedMonths: 6 });
    await ok(id, { key: 'confirmation_application', on: '2024-03-10' });
    const twice = await step(id, {
      key: 'confirmation_vote',
      on: '2024-03-20',
      vote: vote(4),
      decision: 'extend',
      extensionMonths: 6,
    });
    expect(twice.statusCode).toBe(422);
    expect(json(twice).code).toBe('DEV_EXTENSION_TWICE');
  });

  it('confirms after an extension on the end of the extended probation; migration 0014 repairs old cases', async () => {
    const id = await openCase('branchA1', '霍光', '2021-02-01');
    const c = await walk(id, plan('2021-02-01', 'confirmation_application', sponsorsA));
    expect(c).toMatchObject({ admittedOn: '2022-10-16', probationEndsOn: '2023-10-16' });
    await walk(id, [
      ['confirmation_vote', '2023-10-20', { decision: 'extend', extensionMonths: 6 }],
      ['confirmation_approval', '2023-11-01', { outcome: 'approved' }],
      ['confirmation_application', '2024-04-10', {}],
      ['confirmation_vote', '2024-04-20', { decision: 'confirm' }],
    ]);
    const pending = json(await get(`/api/development/cases/${id}`, 'districtA'));
    expect(pending).toMatchObject({
      extensionMonths: 6,
      probationEndsOn: '2024-04-16',
      stage: 'probationary',
    });
    const done = await ok(
      id,
      { key: 'confirmation_approval', on: '2024-05-10', outcome: 'approved' },
      'districtA',
    );
    const expected = { extensionMonths: 6, probationEndsOn: '2024-04-16', confirmedOn: '2024-04-16' };
    expect(done).toMatchObject({ stage: 'full', ...expected });
    const memberId = done.memberId as number;
    const m = json(await get(`/api/members/${memberId}`, 'secA1'));
    expect(m).toMatchObject({ category: 'full', confirmedOn: '2024-04-16', probationExtendedMonths: 6 });
    const confirmation = sql`select occurred_on::text as on, data->>'confirmedOn' as "confirmedOn"
      from member_events where member_id = ${memberId} and data->>'decision' = 'confirm'`;
    expect(await rows(confirmation)).toEqual([{ on: '2024-04-16', confirmedOn: '2024-04-16' }]);

    // The rows as the defect wrote them: the original end of probation, the months lost.
    await env.db.execute(sql`update development_cases set extension_months = null,
      probation_ends_on = '2023-10-16', confirmed_on = '2023-10-16' where id = ${id}`);
    await env.db.execute(sql`update members set confirmed_on = '2023-10-16' where id = ${memberId}`);
    await env.db.execute(sql`update member_events set occurred_on = '2023-10-16',
      data = jsonb_set(data, '{confirmedOn}', '"2023-10-16"') where member_id = ${memberId}
      and data->>'decision' = 'confirm'`);
    expect(json(await get(`/api/development/cases/${id}`, 'districtA')).confirmedOn).toBe('2023-10-16');
    const migration = readFileSync(
      new URL('../../src/server/db/migrations/0014_development_extended_confirmation.sql', import.meta.url),
      'utf8',
    );
    for (let run = 0; run < 2; run++) {
      for (const statement of migration.split('--> statement-breakpoint')) {
        await env.db.execute(sql.raw(statement));
      }
      expect(json(await get(`/api/development/cases/${id}`, 'districtA'))).toMatchObject(expected);
      expect(json(await get(`/api/members/${memberId}`, 'secA1'))).toMatchObject({
        confirmedOn: '2024-04-16',
        probationExtendedMonths: 6,
      });
      expect(await rows(confirmation)).toEqual([{ on: '2024-04-16', confirmedOn: '2024-04-16' }]);
    }
  });
});

describe('cohorts, board, plans and reminders', () => {
  let eligible: number;
  let ending: number;

  beforeAll(async () => {
    eligible = await openCase('branchA1', '蒋文', '2025-05-20');
    await walk(eligible, plan('2025-05-20', 'activist_assessment', sponsorsA));
    ending = await openCase('branchA1', '沈阳', '2024-04-01');
    await walk(ending, plan('2024-04-01', 'oath', sponsorsA));
  });

  const cohort = async (kind: string, user = 'secA1') =>
    json(await get(`/api/development/cohorts?orgId=${env.fx.org.districtA}&kind=${kind}`, user));

  it('lists who can become a candidate this month, whose probation ends soon, what is overdue', async () => {
    const byName = (rows: Array<{ name: string }>) => rows.map((r) => r.name);
    expect(
      byName(
        json(
          await get(
            `/api/development/cohorts?orgId=${env.fx.org.branchA1}&kind=eligible_candidates`,
            'secA1',
          ),
        ),
      ),
    ).toEqual(['蒋文']);
    const probation = await cohort('probation_ending', 'districtA');
    expect(byName(probation)).toEqual(['沈阳']);
    expect(probation[0].probationEndsOn).toBe('2026-12-16');
    const overdue = byName(await cohort('overdue', 'districtA'));
    expect(overdue).toContain('周晓梅');
    expect(overdue).not.toContain('郑海涛');
    expect(
      (await get(`/api/development/cohorts?orgId=${env.fx.org.districtA}&kind=overdue`, 'secA1')).statusCode,
    ).toBe(404);
    expect(
      (await get(`/api/development/cohorts?orgId=${env.fx.org.branchA1}&kind=overdue`, 'secB1')).statusCode,
    ).toBe(404);
  });

  it('counts the board by stage with the children of the org', async () => {
    const b = json(await get(`/api/development/board?orgId=${env.fx.org.districtA}`, 'districtA'));
    const stage = (s: string) => b.stages.find((x: { stage: string }) => x.stage === s);
    expect(stage('activist').count).toBeGreaterThanOrEqual(1);
    expect(stage('probationary').count).toBeGreaterThanOrEqual(2);
    expect(stage('applicant')).toMatchObject({ count: 1, overdue: 1, label: '申请入党' });
    const a2 = b.children.find((c: { orgId: number }) => c.orgId === env.fx.org.branchA2);
    expect(a2.counts.candidate).toBe(1);
    const a1 = b.children.find((c: { orgId: number }) => c.orgId === env.fx.org.branchA1);
    const active = json(
      await get(`/api/development/cases?orgId=${env.fx.org.branchA1}&status=active`, 'districtA'),
    ).total;
    expect(Object.values(a1.counts as Record<string, number>).reduce((x, y) => x + y, 0)).toBe(active);
    expect(b.confirmedThisYear).toBe(0);
  });

  it('lets the higher committee set a quota, not the branch itself', async () => {
    const own = await put(
      '/api/development/plans',
      { orgId: env.fx.org.branchA1, year: 2025, quota: 3 },
      'secA1',
    );
    expect(own.statusCode).toBe(403);
    const out = await put(
      '/api/development/plans',
      { orgId: env.fx.org.branchB1, year: 2025, quota: 3 },
      'districtA',
    );
    expect(out.statusCode).toBe(404);
    const res = await put(
      '/api/development/plans',
      { orgId: env.fx.org.branchA1, year: 2025, quota: 3, note: '年度计划' },
      'districtA',
    );
    expect(res.statusCode).toBe(200);
    const p = json(await get(`/api/development/plans?orgId=${env.fx.org.districtA}&year=2025`, 'districtA'));
    expect(p).toMatchObject({ orgId: env.fx.org.districtA, year: 2025, canSet: true });
    expect(p.admitted).toBe(1);
    expect(p.children.find((c: { orgId: number }) => c.orgId === env.fx.org.branchA1)).toMatchObject({
      quota: 3,
      admitted: 1,
    });
    const audit = json(await get('/api/audit?action=development.plan.set', 'auditor'));
    expect(audit.data[0].after).toMatchObject({ quota: 3, year: 2025 });
  });

  it('reminds the branch and the approving committee once', async () => {
    await env.db.delete(notifications);
    const first = await runDailyJob(env.db, '2026-11-23');
    expect(first.developmentNotified).toBeGreaterThan(0);
    const again = await runDailyJob(env.db, '2026-11-23');
    expect(again.developmentNotified).toBe(0);
    const mine = json(await get('/api/notifications?pageSize=100', 'secA1')).data as Array<{
      kind: string;
      link: string;
      title: string;
    }>;
    const probation = mine.find((n) => n.kind === 'development.probation');
    expect(probation).toMatchObject({ link: `/development/cases/${ending}` });
    expect(probation?.title).toContain('2026-12-16');
    expect(mine.some((n) => n.kind === 'development.overdue')).toBe(true);
  });
});

describe('approval authority of an org', () => {
  it('defaults for a new committee and can be changed by an org.write holder', async () => {
    const res = await post(
      '/api/orgs',
      {
        parentId: env.fx.org.districtA,
        name: '中共甲区某街道工作委员会',
        kind: 'committee',
        sector: 'government',
        foundedOn: '2020-01-01',
      },
      'districtA',
    );
    expect(res.statusCode).toBe(201);
    const org = json(await get(`/api/orgs/${json(res).id}`, 'districtA'));
    expect(org.approvesDevelopment).toBe(true);
    const patched = await send('PATCH', `/api/orgs/${org.id}`, { approvesDevelopment: false }, 'districtA');
    expect(patched.statusCode).toBe(200);
    expect(json(patched).approvesDevelopment).toBe(false);
    expect(json(await get(`/api/orgs/${env.fx.org.branchA1}`, 'admin')).approvesDevelopment).toBe(false);
  });
});
