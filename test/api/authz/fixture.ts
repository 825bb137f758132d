/**
 * The records the authorization matrix (test/api/authz-matrix.test.ts) aims its requests at: one of
 * each kind on side A (branch A1, district A) and one on side B (branch B1, district B), plus
 * factories for throwaway records, so that a write that succeeds never spoils the next case.
 *
 * Everything is made through the API as the root org admin where the API can make it (the
 * records are then exactly what users make), directly in the database where it cannot (a
 * notification, an arrears run, extra users and members).
 */

import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { idNumberCheckDigit } from '../../../src/domain/member/id-number.js';
import {
  committeeMembers,
  members,
  notifications,
  orgTerms,
  roleAssignments,
  users,
} from '../../../src/server/db/schema/index.js';
import { type TestEnv, TODAY } from '../harness.js';

export type Side = 'A' | 'B';
export const SIDES: readonly Side[] = ['A', 'B'];

/** The stable records of one side. */
export interface SideRecords {
  branch: number;
  district: number;
  /** A second branch of the same district (a transfer's destination). */
  otherBranch: number;
  /** A plain member of the branch (on side A: memberA1's own record). */
  member: number;
  /** Another member of the branch (a heart talk's talker). */
  talker: number;
  user: number;
  meeting: number;
  attachment: number;
  heartTalk: number;
  devCase: number;
  devStep: number;
  devDoc: number;
  transfer: number;
  coverageUnit: number;
  exemption: number;
  memberImport: number;
  duesImport: number;
}

let seq = 100;
let quarters = 0;
let people = 0;
/** A valid GB 11643 number of a man (odd sequence), different on every call. */
export function freshIdNumber(birth = '1990-01-01') {
  people += 1;
  const first17 = `620102${birth.replaceAll('-', '')}${String((people * 2 + 1) % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckDigit(first17);
}

const BOUNDARY = '----jicengAuthzMatrix7MA4YWxk';
/** A multipart body: text fields, then the file. */
export function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  return {
    payload: Buffer.concat([
      Buffer.from(
        `${parts.join('')}--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      file.content,
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
  };
}

export const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');

async function sheet(name: string, rows: Array<Array<string | number | null>>) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The fixture's world as the matrix sees it: records by side, factories, org paths. */
export class World {
  readonly side = {} as Record<Side, SideRecords>;
  /** Org id → ltree path, for scope checks of returned rows. */
  readonly paths = new Map<number, string>();
  /** Username → user id of every identity. */
  readonly userIds = new Map<string, number>();
  /** Records the API failed to make (reported by the matrix). */
  readonly failures: string[] = [];
  private adminCookie = '';
  /** Workbooks to upload: one member row, one dues base row (of side A's member). */
  memberSheet = Buffer.alloc(0);
  duesSheet = Buffer.alloc(0);

  constructor(readonly env: TestEnv) {}

  /** A request as the root org admin that must succeed; returns the parsed body. */
  async admin(method: string, url: string, payload?: unknown, status = [200, 201, 202]) {
    this.adminCookie ||= await this.env.login('admin');
    return this.as(this.adminCookie, method, url, payload, status);
  }

  /** The same as another user (the root sysadmin proposes grants and member links). */
  async as(cookie: string, method: string, url: string, payload?: unknown, status = [200, 201, 202]) {
    const res = await this.env.app.inject({
      method: method as 'POST',
      url,
      payload: payload as object,
      headers: { cookie },
    });
    if (!status.includes(res.statusCode))
      throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.body ? JSON.parse(res.body) : null;
  }

  async upload(url: string, fields: Record<string, string>, file: { name: string; content: Buffer }) {
    this.adminCookie ||= await this.env.login('admin');
    const { payload, contentType } = multipart(fields, file);
    const res = await this.env.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { cookie: this.adminCookie, 'content-type': contentType },
    });
    if (res.statusCode >= 300) throw new Error(`fixture upload ${url}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body);
  }

  async loadPaths() {
    const res = (await this.env.db.execute(sql`select id, path::text as path from orgs`)) as unknown as {
      rows: Array<{ id: number; path: string }>;
    };
    for (const r of res.rows) this.paths.set(Number(r.id), r.path);
  }

  /** A user with grants, made in the database (as the other API tests do). */
  async addUser(username: string, grants: Array<[string, number]>, memberId: number | null = null) {
    // The fixture's users share one hash of PASSWORD (hashing is slow on purpose).
    const [{ hash }] = (
      (await this.env.db.execute(
        sql`select password_hash as hash from users where username = 'admin'`,
      )) as unknown as {
        rows: Array<{ hash: string }>;
      }
    ).rows;
    const [u] = await this.env.db
      .insert(users)
      .values({ username, displayName: username, passwordHash: hash, memberId })
      .returning();
    if (grants.length)
      await this.env.db
        .insert(roleAssignments)
        .values(grants.map(([role, orgId]) => ({ userId: u.id, role, orgId })));
    this.userIds.set(username, u.id);
    return u.id;
  }

  async addMember(orgId: number, name: string) {
    await this.loadPaths();
    const [row] = await this.env.db
      .insert(members)
      .values({
        orgId,
        orgPath: this.paths.get(orgId) as string,
        name,
        gender: 'male',
        ethnicity: '01',
        birthDate: '1975-01-01',
        education: 'bachelor',
        category: 'full',
        status: 'active',
        joinedOn: '2000-07-01',
        confirmedOn: '2001-07-01',
      })
      .returning({ id: members.id });
    return row.id;
  }

  /** One notification for the user (the daily job's kind of row). */
  async notify(userId: number) {
    const [n] = await this.env.db
      .insert(notifications)
      .values({
        userId,
        kind: 'orglife.due',
        title: '本月应召开支部委员会',
        dedupeKey: `authz-${userId}-${++seq}`,
      })
      .returning({ id: notifications.id });
    return n.id;
  }

  async build() {
    const { org, member } = this.env.fx;
    const b2 = await this.admin('POST', '/api/orgs', {
      parentId: org.districtB,
      name: '中共乙区和谐村支部委员会',
      kind: 'branch',
      sector: 'rural',
      foundedOn: '2015-07-01',
    });
    // Branch B1's secretary (a talker must be on the branch's committee, as 张建国 is in A1).
    const bTalker = await this.addMember(org.branchB1, '孙立');
    const [term] = await this.env.db
      .insert(orgTerms)
      .values({ orgId: org.branchB1, termStart: '2024-03-01', termEnd: '2027-03-01' })
      .returning();
    await this.env.db.insert(committeeMembers).values({
      orgId: org.branchB1,
      termId: term.id,
      memberId: bTalker,
      role: 'secretary',
      startedOn: '2024-03-01',
    });
    const base = {
      A: { branch: org.branchA1, district: org.districtA, otherBranch: org.branchA2, member: member.plainA1 },
      B: { branch: org.branchB1, district: org.districtB, otherBranch: b2.id as number, member: member.b1 },
    };
    const talkers = { A: member.secA1, B: bTalker };
    const names = { A: '李秀英', B: '陈静' };
    for (const s of SIDES) {
      const b = base[s];
      const zero = { user: 0, meeting: 0, attachment: 0, heartTalk: 0, devCase: 0, devStep: 0, devDoc: 0 };
      const rec: SideRecords = {
        ...b,
        ...zero,
        talker: talkers[s],
        transfer: 0,
        coverageUnit: 0,
        exemption: 0,
        memberImport: 0,
        duesImport: 0,
      };
      this.side[s] = rec;
      // A record the API fails to make (a 5xx of some other area's work in progress) leaves its id
      // at 0: the cases aimed at it are reported as fixture failures instead of aborting the run.
      const made = async (what: string, make: () => Promise<void>) => {
        try {
          await make();
        } catch (e) {
          this.failures.push(`side ${s} ${what}: ${(e as Error).message.slice(0, 300)}`);
        }
      };
      await made('meeting', async () => {
        rec.meeting = await this.meeting(s);
        rec.attachment = await this.attachment(rec.meeting);
      });
      await made('heart talk', async () => {
        const talk = await this.admin('POST', '/api/heart-talks', {
          orgId: b.branch,
          memberId: b.member,
          talkerMemberId: talkers[s],
          talkedOn: '2026-11-10',
          summary: '交流近期思想和工作情况，听取意见建议。',
        });
        rec.heartTalk = talk.id;
      });
      await made('development case', async () => {
        const dev = await this.devDocument(b.branch);
        rec.devCase = dev.caseId;
        rec.devStep = dev.stepId;
        rec.devDoc = dev.docId;
      });
      await made('transfer', async () => {
        rec.transfer = await this.transfer(s);
      });
      await made('coverage unit', async () => {
        const unit = await this.admin('POST', '/api/coverage-units', {
          name: `${s}区宏达机械有限公司`,
          kind: 'private_enterprise',
          orgId: b.district,
          employees: 45,
        });
        rec.coverageUnit = unit.id;
      });
      await made('exemption', async () => {
        rec.exemption = await this.exemption(s);
      });
      await made('members import', async () => {
        rec.memberImport = await this.memberImport(b.branch);
      });
      await made('dues import', async () => {
        rec.duesImport = await this.duesImport(b.branch, b.member, names[s]);
      });
    }
    this.memberSheet = await this.memberWorkbook(base.A.branch);
    this.duesSheet = await this.duesWorkbook(base.A.member, names.A);
    await this.loadPaths();
  }

  /** Distinct values for bodies that must not repeat. */
  nextQuarter() {
    quarters += 1;
    return `${2000 + Math.floor(quarters / 4)}-Q${(quarters % 4) + 1}`;
  }
  letter() {
    seq += 1;
    return `转〔2026〕${seq}号`;
  }
  username() {
    seq += 1;
    return `authz_u${seq}`;
  }

  // ---- factories: each call makes a new record on the side ----------------------------------

  /** An account with no role and no member record yet (what a grant or a link is asked for). */
  async plainUser() {
    return this.addUser(this.username(), []);
  }

  /** A grant of the side's secretary role proposed by the root sysadmin, waiting for approval. */
  async grantProposal(s: Side) {
    const userId = await this.plainUser();
    const r = await this.as(await this.env.login('sysadmin'), 'POST', `/api/users/${userId}/grant-requests`, {
      action: 'grant',
      role: 'secretary',
      orgId: this.side[s].branch,
      reason: '任命为支部书记',
    });
    return { id: r.id as number, proposer: this.userIds.get('sysadmin') as number };
  }

  /** An account holding the side's secretary role (to revoke). */
  async secretaryUser(s: Side) {
    return this.addUser(this.username(), [['secretary', this.side[s].branch]]);
  }

  /** A link of a new account to a new member of the side, asked by the root sysadmin. */
  async memberLink(s: Side) {
    const userId = await this.plainUser();
    const memberId = await this.addMember(this.side[s].branch, '关联党员');
    const r = await this.as(await this.env.login('sysadmin'), 'POST', `/api/users/${userId}/member-link`, {
      memberId,
      reason: '关联本人党员档案',
    });
    return r.id as number;
  }

  async meeting(s: Side) {
    const m = await this.admin('POST', '/api/meetings', {
      orgId: this.side[s].branch,
      kind: 'general_meeting',
      title: '支部党员大会',
      // Today, over by noon (the test clock): it may be submitted and may still issue sign-in codes.
      heldOn: TODAY,
      startTime: '08:00',
      endTime: '10:00',
      place: '党群服务中心',
      hostName: '主持人',
      recorderName: '记录人',
      minutes: '传达学习上级会议精神，研究近期工作。',
      // A record is submitted only with someone present.
      attendees: [{ memberId: this.side[s].member, attendance: 'present' }],
    });
    return m.id as number;
  }

  async submittedMeeting(s: Side) {
    const id = await this.meeting(s);
    await this.admin('POST', `/api/meetings/${id}/submit`, {});
    return id;
  }

  async attachment(meetingId: number) {
    const a = await this.upload(
      `/api/meetings/${meetingId}/attachments`,
      {},
      { name: '会议记录.pdf', content: PDF },
    );
    return a.id as number;
  }

  async checkinToken(s: Side) {
    const meetingId = await this.meeting(s);
    await this.admin('POST', `/api/meetings/${meetingId}/checkin-token`, {});
    const [t] = await this.admin('GET', `/api/meetings/${meetingId}/checkin-tokens`);
    return { meetingId, tokenId: t.id as string };
  }

  async heartTalk(s: Side) {
    const t = await this.admin('POST', '/api/heart-talks', {
      orgId: this.side[s].branch,
      memberId: await this.addMember(this.side[s].branch, '谈话对象'),
      talkerMemberId: this.side[s].talker,
      talkedOn: '2026-11-10',
      summary: '交流近期思想和工作情况，听取意见建议。',
    });
    return t.id as number;
  }

  async devCase(orgId: number) {
    const c = await this.admin('POST', '/api/development/cases', {
      orgId,
      name: '周晓东',
      gender: 'male',
      idNumber: freshIdNumber('1998-04-12'),
      ethnicity: '01',
      education: 'bachelor',
      appliedOn: '2026-09-01',
    });
    return c.id as number;
  }

  /** A case with its first step (the application). */
  async devCaseStep(orgId: number) {
    const caseId = await this.devCase(orgId);
    const c = await this.admin('GET', `/api/development/cases/${caseId}`);
    return { caseId, stepId: c.steps[0].id as number };
  }

  async devDocument(orgId: number) {
    const { caseId, stepId } = await this.devCaseStep(orgId);
    const doc = await this.upload(
      `/api/development/cases/${caseId}/steps/${stepId}/documents`,
      {},
      { name: '入党申请书.pdf', content: PDF },
    );
    return { caseId, stepId, docId: doc.id as number };
  }

  /** A pending transfer of a new member from the side's branch to the district's other branch. */
  async transfer(s: Side) {
    const memberId = await this.addMember(this.side[s].branch, '转出人');
    seq += 1;
    const t = await this.admin('POST', '/api/transfers', {
      memberId,
      toOrgId: this.side[s].otherBranch,
      letterNumber: `转〔2026〕${seq}号`,
      reason: '工作调动',
      requestedOn: TODAY,
    });
    return t.id as number;
  }

  /** A member of the side's branch with a dues profile (15.00 a month). */
  async duesMember(s: Side) {
    const id = await this.addMember(this.side[s].branch, '缴费人');
    await this.admin('POST', `/api/members/${id}/dues-profiles`, {
      category: 'employed',
      effectiveMonth: '2026-11',
      baseFen: 300000,
    });
    return id;
  }

  async payment(s: Side) {
    const memberId = await this.duesMember(s);
    const p = await this.admin('POST', '/api/dues/payments', {
      memberId,
      month: '2026-11',
      amountFen: 1500,
      paidOn: TODAY,
      method: 'cash',
    });
    return p.payment.id as number;
  }

  /** A hardship reduction waiting for the higher committee's approval. */
  async pendingProfile(s: Side) {
    const id = await this.addMember(this.side[s].branch, '困难党员');
    const p = await this.admin('POST', `/api/members/${id}/dues-profiles`, {
      category: 'hardship_exempt',
      effectiveMonth: '2026-11',
      reason: '家庭困难，申请免交',
    });
    return p.id as number;
  }

  async remittance(s: Side) {
    await this.payment(s);
    const r = await this.admin('POST', '/api/dues/remittances', {
      fromOrgId: this.side[s].branch,
      amountFen: 100,
      remittedOn: TODAY,
      periodFrom: '2026-11',
      periodTo: '2026-11',
    });
    return r.id as number;
  }

  /** An open lapse run of a new member (what the daily job flags after six unpaid months). */
  async lapseRun(s: Side) {
    const memberId = await this.duesMember(s);
    const b = this.side[s].branch;
    const res = (await this.env.db.execute(sql`insert into dues_arrears_runs
        (member_id, org_id, org_path, level, first_month, last_month, reached_month, expected_fen, detected_on)
      values (${memberId}, ${b}, ${this.paths.get(b)}::ltree, 'lapse', '2026-05-01', '2026-10-01', '2026-10-01', 9000, ${TODAY})
      returning id`)) as unknown as { rows: Array<{ id: number }> };
    return Number(res.rows[0].id);
  }

  async exemption(s: Side) {
    const e = await this.admin('POST', `/api/orgs/${this.side[s].branch}/exemptions`, {
      ruleId: 'orglife.generalMeetingPeriod',
      periodKey: this.nextQuarter(),
      reason: '支部改组，暂停活动一个季度',
    });
    return e.id as number;
  }

  /** A group under the side's branch (to move or dissolve). */
  async group(s: Side) {
    seq += 1;
    const g = await this.admin('POST', '/api/orgs', {
      parentId: this.side[s].branch,
      name: `第${seq}党小组`,
      kind: 'group',
      sector: 'community',
      foundedOn: '2020-07-01',
    });
    this.paths.set(g.id, `${this.paths.get(this.side[s].branch)}.${g.id}`);
    return g.id as number;
  }

  /** A new branch of the side's district with one member (its committee may be elected). */
  async branch(s: Side) {
    seq += 1;
    const b = await this.admin('POST', '/api/orgs', {
      parentId: this.side[s].district,
      name: `中共第${seq}支部委员会`,
      kind: 'branch',
      sector: 'community',
      foundedOn: '2020-07-01',
    });
    return { orgId: b.id as number, memberId: await this.addMember(b.id, '支部委员') };
  }

  /** Waits until no import is being checked or committed (one at a time per subtree: IMPORTS_BUSY). */
  async importsSettled() {
    for (let i = 0; i < 1000; i++) {
      const res = (await this.env.db.execute(
        sql`select count(*)::int as n from imports where status in ('parsing', 'committing')`,
      )) as unknown as { rows: Array<{ n: number }> };
      if (Number(res.rows[0].n) === 0) return;
      await new Promise((done) => setTimeout(done, 20));
    }
    throw new Error('imports did not settle');
  }

  /** A members import previewed (one valid row), waiting for its commit. */
  async memberWorkbook(orgId: number) {
    const name =
      orgId === this.env.fx.org.branchA1 ? '中共甲区幸福社区支部委员会' : '中共乙区光明社区支部委员会';
    return sheet('党员信息', [
      [
        '姓名*',
        '性别*',
        '民族*',
        '出生日期*',
        '身份证号*',
        '学历*',
        '党员类别*',
        '入党日期*',
        '转正日期',
        '所在党支部*',
        '联系电话',
        '工作单位',
      ],
      [
        '导入人',
        '男',
        '汉族',
        '1990-01-01',
        freshIdNumber('1990-01-01'),
        '大学本科',
        '正式党员',
        '2015-07-01',
        '2016-07-01',
        name,
        null,
        null,
      ],
    ]);
  }

  async memberImport(orgId: number) {
    await this.importsSettled();
    const content = await this.memberWorkbook(orgId);
    const r = await this.upload(
      '/api/imports',
      { kind: 'members', orgId: String(orgId) },
      { name: 'members.xlsx', content },
    );
    for (let i = 0; i < 500; i++) {
      const imp = await this.admin('GET', `/api/imports/${r.id}`);
      if (imp.status === 'validated') return r.id as number;
      if (imp.status !== 'parsing' && imp.status !== 'committing')
        throw new Error(`import ${r.id}: ${imp.status} ${JSON.stringify(imp.errors?.data ?? imp.failure)}`);
      await new Promise((done) => setTimeout(done, 20));
    }
    throw new Error(`import ${r.id} did not finish`);
  }

  async committedImport(s: Side) {
    const id = await this.memberImport(this.side[s].branch);
    await this.admin('POST', `/api/imports/${id}/commit`, {});
    await this.importsSettled();
    return id;
  }

  duesWorkbook(memberId: number, name: string) {
    return sheet('党费基数', [
      ['党员编号', '姓名', '党费类别', '起始月份', '月基数（元）', '月交纳额（元）', '备注'],
      [memberId, name, '在职（按月工资）', '2026-11', 3000, null, null],
    ]);
  }

  /** A dues-base import previewed without errors (the member's name as in the register). */
  async duesImport(orgId: number, memberId: number, name: string) {
    const content = await this.duesWorkbook(memberId, name);
    const r = await this.upload(`/api/dues/imports?orgId=${orgId}`, {}, { name: 'bases.xlsx', content });
    if (r.errors?.length) throw new Error(`dues import ${r.id}: ${JSON.stringify(r.errors)}`);
    return r.id as number;
  }
}
