/**
 * Accounts for applicants and activists (issue #19, decision 0039 "Applicants and activists"): an
 * account issued for a development case (no role, `development_case_id`), activated with the tail
 * of the case's ID number, signed in to by the case's phone; it becomes the member's account when
 * the case is admitted, and is disabled when the case is terminated.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../src/domain/common/dates.js';
import {
  activationCodes,
  auditLog,
  developmentCases,
  roleAssignments,
  users,
} from '../../src/server/db/schema/index.js';
import { hashCasePhones } from '../../src/server/lib/pii.js';
import { smsOutbox } from '../../src/server/modules/accounts/index.js';
import { freshIdNumber } from './authz/base.js';
import { json, PASSWORD, requests, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());
// Fresh sign-ins: the test clock jumps (codes expire, back-offs reset), and a session cached by the
// harness would outlive its idle limit.
const { get, post } = requests(() => ({
  ...env,
  login: async (username: string) => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: PASSWORD },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
    return String(res.headers['set-cookie']).split(';')[0];
  },
}));

const NEW_PASSWORD = 'Hq7#mWz2$Lp9';
const cookieOf = (res: { headers: Record<string, unknown> }) =>
  String(res.headers['set-cookie']).split(';')[0];
const as = (cookie: string, url: string) => env.app.inject({ url, headers: { cookie } });
const later = (seconds: number) => {
  env.clock.now = new Date(env.clock.now.getTime() + seconds * 1000);
};
const activate = (body: Record<string, unknown>) => post('/api/accounts/activate', body);
const signIn = (username: string, password = NEW_PASSWORD) => post('/api/auth/login', { username, password });

/** A case opened by the branch's secretary (or, for branch B1, the city's admin). */
async function openCase(name: string, phone: string | null, orgId = env.fx.org.branchA1, user = 'secA1') {
  const idNumber = freshIdNumber('1998-04-12');
  const res = await post(
    '/api/development/cases',
    {
      orgId,
      name,
      gender: 'male',
      idNumber,
      ethnicity: '01',
      education: 'bachelor',
      appliedOn: '2022-03-01',
      ...(phone ? { phone } : {}),
    },
    user,
  );
  expect(res.statusCode, res.body).toBe(201);
  return { id: json(res).id as number, tail: idNumber.slice(-6), phone };
}

const issue = (caseId: number, user = 'secA1') => post(`/api/accounts/cases/${caseId}`, {}, user);
const accountOf = (caseId: number, user = 'secA1') => get(`/api/accounts/cases/${caseId}`, user);

let zhao: Awaited<ReturnType<typeof openCase>>;
let firstSlip: { code: string; username: string; caseId: number };
let slip: { code: string; username: string; caseId: number };

describe('issuing an account for a development case', () => {
  it('creates an inactive account with no role that follows the case, and a slip', async () => {
    zhao = await openCase('赵小川', '13912347001');
    expect(json(await accountOf(zhao.id))).toMatchObject({ state: 'none', canIssue: true, username: null });
    const res = await issue(zhao.id);
    expect(res.statusCode, res.body).toBe(200);
    firstSlip = json(res);
    expect(firstSlip).toMatchObject({
      caseId: zhao.id,
      name: '赵小川',
      orgName: '中共甲区幸福社区支部委员会',
    });
    expect(firstSlip.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const [u] = await env.db.select().from(users).where(eq(users.username, firstSlip.username));
    expect(u).toMatchObject({ active: false, memberId: null, developmentCaseId: zhao.id, activatedAt: null });
    expect(await env.db.select().from(roleAssignments).where(eq(roleAssignments.userId, u.id))).toEqual([]);
    const [code] = await env.db.select().from(activationCodes).where(eq(activationCodes.userId, u.id));
    expect(code).toMatchObject({ memberId: null, developmentCaseId: zhao.id, batchId: null });
    const audit = await env.db.select().from(auditLog).where(eq(auditLog.action, 'account.issue_case'));
    expect(audit.map((a) => a.entityId)).toEqual([u.id]);
    expect(json(await accountOf(zhao.id))).toMatchObject({ state: 'pending', username: firstSlip.username });
  });

  it('re-issues with a new code for the same account; the older code is revoked', async () => {
    const res = await issue(zhao.id);
    expect(res.statusCode).toBe(200);
    slip = json(res);
    expect(slip.username).toBe(firstSlip.username);
    expect(slip.code).not.toBe(firstSlip.code);
    const old = await activate({ code: firstSlip.code, idTail: zhao.tail, password: NEW_PASSWORD });
    expect(json(old).code).toBe('ACCOUNTS_ACTIVATION_FAILED');
  });

  it('keeps to the scope: out of it is 404, a member may not issue, a bad id is a field error', async () => {
    const other = await openCase('钱东', null, env.fx.org.branchB1, 'admin');
    expect((await issue(other.id)).statusCode).toBe(404);
    expect((await accountOf(other.id)).statusCode).toBe(404);
    expect((await issue(zhao.id, 'memberA1')).statusCode).toBe(403);
    expect((await issue(zhao.id, 'sysadmin')).statusCode).toBe(403);
    const bad = await post('/api/accounts/cases/x', {}, 'secA1');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).details[0].field).toBe('id');
  });
});

describe('activation against the case', () => {
  it('counts a wrong ID tail on the code, then activates with the case’s tail', async () => {
    later(600);
    const wrong = await activate({ code: slip.code, idTail: '99999X', password: NEW_PASSWORD });
    expect(json(wrong).code).toBe('ACCOUNTS_ACTIVATION_FAILED');
    const [code] = await env.db
      .select()
      .from(activationCodes)
      .where(and(eq(activationCodes.developmentCaseId, zhao.id), isNull(activationCodes.revokedAt)));
    expect(code.failedAttempts).toBe(1);
    later(600);
    const res = await activate({ code: slip.code, idTail: zhao.tail, password: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    const me = json(await as(cookieOf(res), '/api/me'));
    // No role and no member record: the web lands such an account on /my (decision 0040).
    expect(me).toMatchObject({ username: slip.username, memberId: null, roles: [] });
    expect(json(await accountOf(zhao.id))).toMatchObject({ state: 'active', canIssue: false });
    const again = await issue(zhao.id);
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('ACCOUNTS_CASE_ALREADY_ACTIVE');
  });

  it('shows the applicant their case’s next step on the home', async () => {
    const res = await signIn(slip.username);
    expect(res.statusCode).toBe(200);
    const h = json(await as(cookieOf(res), '/api/my/home'));
    expect(h.member).toBeNull();
    expect(h.development).toMatchObject({ caseId: zhao.id, stage: 'applicant', stageLabel: '入党申请人' });
    expect(h.development.nextTitle).toBeTruthy();
  });

  it('signs in by the case’s phone: an SMS code, and the password with the phone as the username', async () => {
    later(3600);
    smsOutbox.clear();
    const sent = await post('/api/auth/sms-code', { phone: zhao.phone, purpose: 'login' });
    expect(sent.statusCode).toBe(200);
    const code = smsOutbox.lastCodeFor(zhao.phone as string);
    expect(code).toMatch(/^\d{6}$/);
    const res = await post('/api/auth/sms-login', { phone: zhao.phone, code });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(await as(cookieOf(res), '/api/me')).username).toBe(slip.username);
    expect((await signIn(zhao.phone as string)).statusCode).toBe(200);
  });
});

/** The standard sequence under 2026 from an application on 2022-03-01 to the admission's approval. */
function toAdmission(
  sponsors: number[],
  mentors: number[],
): Array<[string, string, Record<string, unknown>]> {
  const d = (m: number, days = 0) => addDays(addMonths('2022-03-01', m), days);
  return [
    ['application_talk', d(0, 10), { talkerName: '张建国' }],
    ['activist_designated', d(6), { decidedBy: 'general_meeting' }],
    ['activist_filed', d(6, 2), {}],
    ['mentors_assigned', d(6, 3), { mentorIds: mentors }],
    ['activist_assessment', d(12), { note: '表现良好' }],
    ['candidate_designated', d(18, 5), { decidedBy: 'general_meeting' }],
    ['candidate_filed', d(18, 10), { notice: { from: d(18, 10), to: d(18, 24), objection: false } }],
    ['sponsors_assigned', d(18, 30), { sponsorIds: sponsors }],
    ['political_review', d(19, 10), { reviewConclusion: 'pass' }],
    ['training', d(19, 20), { training: { from: d(19, 15), to: d(19, 17), hours: 24 } }],
    ['committee_review', d(20), {}],
    ['higher_pre_review', d(20, 5), { outcome: 'approved' }],
    ['volunteer_form', d(20, 10), {}],
    ['admission_vote', d(20, 15), {}],
    ['higher_interview', d(21), { talkerName: '甲区委组织员' }],
    ['admission_approval', d(21, 10), { outcome: 'approved' }],
  ];
}

describe('the account follows the case', () => {
  it('becomes the member’s account when the case is admitted (member role at the branch)', async () => {
    // A third full member of the branch, so that it can vote and there are two sponsors.
    const liu = await post(
      '/api/members',
      {
        orgId: env.fx.org.branchA1,
        name: '刘红',
        gender: 'male',
        ethnicity: '01',
        birthDate: '1980-03-03',
        education: 'bachelor',
        category: 'full',
        joinedOn: '2010-06-30',
        confirmedOn: '2011-06-30',
        idNumber: freshIdNumber('1980-03-03'),
      },
      'admin',
    );
    expect(liu.statusCode, liu.body).toBe(201);
    const steps = toAdmission(
      [env.fx.member.secA1, json(liu).id],
      [env.fx.member.secA1, env.fx.member.plainA1],
    );
    for (const [key, on, body] of steps) {
      let extra = {};
      if (key === 'admission_vote') {
        const reg = json(await get(`/api/development/cases/${zhao.id}/register?on=${on}`, 'districtA'));
        const n = reg.votingMembers as number;
        extra = { vote: { expectedVoting: n, presentVoting: n, for: n, against: 0, abstain: 0 } };
      }
      const res = await post(
        `/api/development/cases/${zhao.id}/steps`,
        { key, on, ...body, ...extra },
        'districtA',
      );
      expect(res.statusCode, `${key}: ${res.body}`).toBe(201);
    }
    const [c] = await env.db.select().from(developmentCases).where(eq(developmentCases.id, zhao.id));
    expect(c.memberId).not.toBeNull();
    const [u] = await env.db.select().from(users).where(eq(users.username, slip.username));
    expect(u).toMatchObject({ memberId: c.memberId, developmentCaseId: null, active: true });
    const roles = await env.db.select().from(roleAssignments).where(eq(roleAssignments.userId, u.id));
    expect(roles.map((r) => [r.role, r.orgId])).toEqual([['member', env.fx.org.branchA1]]);
    const audit = await env.db.select().from(auditLog).where(eq(auditLog.action, 'account.follow_admission'));
    expect(audit.map((a) => a.entityId)).toEqual([u.id]);

    // The same sign-in, now a probationary member: the home shows the record and the case's next step.
    later(600);
    const res = await signIn(slip.username);
    expect(res.statusCode).toBe(200);
    const h = json(await as(cookieOf(res), '/api/my/home'));
    expect(h.member).toMatchObject({ memberId: c.memberId, category: 'probationary' });
    expect(h.development).toMatchObject({ caseId: zhao.id, stage: 'probationary' });
    // The phone now finds the member record (sealed from the case at admission).
    expect((await signIn(zhao.phone as string)).statusCode).toBe(200);
    expect(json(await accountOf(zhao.id))).toMatchObject({ state: 'active', canIssue: false });
    expect(json(await issue(zhao.id)).code).toBe('ACCOUNTS_CASE_HAS_MEMBER');
    // A batch for the branch does not make the new member a second account.
    await post('/api/accounts/batches', { orgId: env.fx.org.branchA1 }, 'secA1');
    expect(
      await env.db
        .select()
        .from(users)
        .where(eq(users.memberId, c.memberId as number)),
    ).toHaveLength(1);
  });

  it('is disabled when the case is terminated: sessions end, audited, no new code', async () => {
    const sun = await openCase('孙晓', '13912347002');
    const s = json(await issue(sun.id));
    later(600);
    const act = await activate({ code: s.code, idTail: sun.tail, password: NEW_PASSWORD });
    expect(act.statusCode).toBe(200);
    const session = cookieOf(act);
    expect((await as(session, '/api/me')).statusCode).toBe(200);
    const closed = await post(
      `/api/development/cases/${sun.id}/close`,
      { reason: '本人申请撤回入党申请' },
      'secA1',
    );
    expect(closed.statusCode, closed.body).toBe(200);
    const [u] = await env.db.select().from(users).where(eq(users.username, s.username));
    expect(u).toMatchObject({ active: false, disabledReason: 'case_closed' });
    expect((await as(session, '/api/me')).statusCode).toBe(401);
    expect((await signIn(s.username)).statusCode).toBe(401);
    const audit = await env.db.select().from(auditLog).where(eq(auditLog.action, 'account.disable_case'));
    expect(audit.map((a) => a.entityId)).toEqual([u.id]);
    expect(json(await accountOf(sun.id))).toMatchObject({ state: 'disabled', canIssue: false });
    const again = await issue(sun.id);
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('ACCOUNTS_CASE_NOT_ELIGIBLE');
  });

  it('revokes the open code of an account not yet activated when the case is terminated', async () => {
    const li = await openCase('李想', null);
    const s = json(await issue(li.id));
    await post(`/api/development/cases/${li.id}/close`, { reason: '党组织决定不再发展' }, 'secA1');
    later(600);
    const res = await activate({ code: s.code, idTail: li.tail, password: NEW_PASSWORD });
    expect(json(res).code).toBe('ACCOUNTS_ACTIVATION_FAILED');
  });
});

describe('the phone hash of cases', () => {
  it('is written with the case, and filled for older cases at key load (idempotent)', async () => {
    const wu = await openCase('吴桐', '13912347003');
    const [c] = await env.db.select().from(developmentCases).where(eq(developmentCases.id, wu.id));
    expect(c.phoneHash).toMatch(/^[0-9a-f]{64}$/);
    await env.db.execute(sql`update development_cases set phone_hash = null where id = ${wu.id}`);
    expect(await hashCasePhones(env.db)).toBe(1);
    expect(await hashCasePhones(env.db)).toBe(0);
    const [after] = await env.db.select().from(developmentCases).where(eq(developmentCases.id, wu.id));
    expect(after.phoneHash).toBe(c.phoneHash);
  });
});
