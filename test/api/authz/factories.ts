/**
 * Throwaway records for the authorization matrix: each call makes a new one on the side, through
 * the API as the root org admin (or the root sysadmin for grants and links) where it can.
 */
import { sql } from 'drizzle-orm';
import { TODAY } from '../harness.js';
import { freshIdNumber, nextSeq, PDF, type Side, sheet, WorldBase } from './base.js';

export class Factories extends WorldBase {
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
    const t = await this.admin('POST', '/api/transfers', {
      memberId,
      toOrgId: this.side[s].otherBranch,
      letterNumber: this.letter(),
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

  /** A pending online dues order of the side's member (written directly: the provider is the app's). */
  async onlineOrder(s: Side) {
    const orderNo = `DO${String(nextSeq()).padStart(8, '0')}${s}`;
    const b = this.side[s].branch;
    await this.env.db.execute(
      sql`insert into dues_payment_orders (order_no, member_id, org_id, org_path, months, amount_fen, provider,
            created_by, expires_at)
          select ${orderNo}, ${this.side[s].member}, ${b}, path, '["2026-11-01"]'::jsonb, 1500, 'simulated',
            ${this.userIds.get('admin') as number}, now() + interval '1 day'
          from orgs where id = ${b}`,
    );
    return orderNo;
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
    const n = nextSeq();
    const g = await this.admin('POST', '/api/orgs', {
      parentId: this.side[s].branch,
      name: `第${n}党小组`,
      kind: 'group',
      sector: 'community',
      foundedOn: '2020-07-01',
    });
    this.paths.set(g.id, `${this.paths.get(this.side[s].branch)}.${g.id}`);
    return g.id as number;
  }

  /** A new branch of the side's district with one member (its committee may be elected). */
  async branch(s: Side) {
    const n = nextSeq();
    const b = await this.admin('POST', '/api/orgs', {
      parentId: this.side[s].district,
      name: `中共第${n}支部委员会`,
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

  async memberImport(orgId: number): Promise<number> {
    // One CI run on PostgreSQL (1 of 4) saw this one-row import end `failed` with no error logged;
    // not yet explained (docs/security.md, "What is left"). The case needs a validated import, so a
    // failed one is reported on stderr with its reason and the upload tried once more.
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.uploadMemberImport(orgId);
      if (typeof outcome === 'number') return outcome;
      if (attempt === 2) throw new Error(outcome);
      console.warn(`authz factory: ${outcome}; uploading again`);
    }
  }

  /** The import's id once validated, or why not. */
  private async uploadMemberImport(orgId: number): Promise<number | string> {
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
        return `import ${r.id}: ${imp.status} ${JSON.stringify(imp.failure ?? null)} ${JSON.stringify(imp.errors?.data ?? null)}`;
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
