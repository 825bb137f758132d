import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import { members, roleAssignments, users } from '../../src/server/db/schema/index.js';
import { json, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
const { get, post, send } = requests(() => env);
const put = (url: string, payload: unknown, user?: string) => send('PUT', url, payload, user);

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
  orgKey: 'branchA1' | 'branchB1',
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
    expect(c.idNumber).toBe('620102********0024'.replace('0024', c.idNumber.slice(-4)));
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
    expect(json(dup).message).toMatch(/正在办理/);
    const member = await post(
      '/api/development/cases',
      applicant({ name: '张建国', idNumber: '620102198001010017', gender: 'male' }),
      'secA1',
    );
    expect(member.statusCode).toBe(409);
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
    expect(
      (await step(other.id, { key: 'application_talk', on: '2022-03-10', talkerName: '张建国' })).statusCode,
    ).toBe(409);
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
    await ok(id, { key: 'activist_designated', on: '2022-09-05', decidedBy: 'committee' });
    await ok(id, { key: 'activist_filed', on: '2022-09-10' });
    await ok(id, { key: 'mentors_assigned', on: '2022-09-10', mentorIds: mentors() });
    await ok(id, { key: 'activist_assessment', on: '2023-03-01', note: '表现良好' });
    const c = await ok(id, { key: 'activist_assessment', on: '2023-08-30', note: '积极参加组织活动' });
    expect(c).toMatchObject({
      stage: 'activist',
      activistOn: '2022-09-05',
      candidateEligibleOn: '2023-09-05',
    });
    const early = await step(id, { key: 'candidate_designated', on: '2023-09-01', decidedBy: 'committee' });
    expect(early.statusCode).toBe(422);
    expect(json(early).code).toBe('DEV_ACTIVIST_TOO_SOON');
    expect(json(early).message).toContain('2023-09-05');
    expect(json(early).details[0]).toMatchObject({
      date: '2023-09-05',
      ruleId: 'development.activistMinMonths',
    });
    expect(json(early).details[0].citation).toMatch(/细则/);
    await ok(id, { key: 'candidate_designated', on: '2023-09-10', decidedBy: 'committee' });
    await ok(id, { key: 'candidate_filed', on: '2023-09-15' });
  });

  it('refuses a probationary sponsor and one under 留党察看', async () => {
    const prob = await step(id, {
      key: 'sponsors_assigned',
      on: '2023-09-20',
      sponsorIds: [env.fx.member.secA1, env.fx.member.probA1],
    });
    expect(prob.statusCode).toBe(422);
    expect(codes(prob)).toContain('DEV_SPONSOR_NOT_FULL');
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
    const quorum = await step(id, {
      key: 'admission_vote',
      on: '2023-11-20',
      vote: { expectedVoting: 4, presentVoting: 2, for: 2, against: 0, abstain: 0 },
    });
    expect(quorum.statusCode).toBe(422);
    expect(json(quorum).code).toBe('DEV_VOTE_INVALID');
    await ok(id, { key: 'admission_vote', on: '2023-11-20', vote: vote(4) });
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
    const c = await ok(id, { key: 'admission_approval', on: '2024-01-10', outcome: 'approved' }, 'districtA');
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
    const c = await ok(
      id,
      { key: 'confirmation_approval', on: '2024-12-20', outcome: 'approved' },
      'districtA',
    );
    expect(c).toMatchObject({ stage: 'full', confirmedOn: '2024-11-20' });
    const m = json(await get(`/api/members/${c.memberId}`, 'secA1'));
    expect(m).toMatchObject({ category: 'full', confirmedOn: '2024-11-20' });
    const done = await ok(id, { key: 'archived', on: '2025-01-10' });
    expect(done).toMatchObject({ status: 'completed', next: [] });
    expect(done.steps).toHaveLength(26);
  });
});
