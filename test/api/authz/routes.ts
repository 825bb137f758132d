/**
 * The authorization matrix's expectations, one entry per contract of API_CONTRACTS (keyed
 * `group.name`; the type below makes a missing entry a compile error and the test checks it again
 * at run time). An entry builds a schema-valid request aimed at a record on side A or B and names
 * the org whose subtree must hold the caller's scope (`org`), the member record the self-only
 * `member` role may reach (`member`), the org whose scope gives the authority to decide
 * (`authority`: the higher org that reviews, approves, confirms or receives), or the user who owns
 * the record (`owner`). The runner derives the expected answer from the contract's permission,
 * ROLE_PERMISSIONS and these; what a route answers beyond that is declared here, with the reason.
 *
 * Writes that change a record's state build a throwaway one per case (the factories of World),
 * so a success in one case never turns the next one into a false 404 or 409.
 */
import type { API } from '../../../src/shared/contracts/api.js';
import { TODAY } from '../harness.js';
import { freshIdNumber, PDF, type Side, type World } from './fixture.js';

export interface Me {
  username: string | null;
  userId: number | null;
  memberId: number | null;
}

export interface Built {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  /** A multipart upload instead of a JSON body. */
  upload?: { fields: Record<string, string>; file: { name: string; content: Buffer } };
  org?: number;
  member?: number;
  authority?: number;
  owner?: number;
}

export interface Row {
  [key: string]: unknown;
}

export interface Spec {
  build: (w: World, s: Side, me: Me) => Built | Promise<Built>;
  /** The route names no record: one case per identity (side A's build). */
  one?: true;
  /** Expected when the record lies outside the scope (default 404). */
  out?: number[];
  /** Expected when the scope holds the record but not the authority (default 403). */
  noAuthority?: number[];
  /** Expected of a caller whose only grant of the permission is the self-only member role (default `out`). */
  selfOnly?: number[];
  /** Run after every other route (the route ends or changes the caller's session), in this order. */
  last?: number;
  /** What a public route answers everyone (default 2xx). */
  publicAnswer?: number[];
  /** Expected when the record is another user's (a proposal withdrawn by someone else; default 403). */
  notOwner?: number[];
  /** Statuses a valid in-scope request may also meet (a business rule), with the reason in a comment. */
  alsoOk?: number[];
  /** The rows of a 2xx answer whose org fields must lie in the caller's scope. */
  rows?: (body: unknown) => Row[];
  /** The fields of a row naming orgs; one of them in scope suffices (default orgId). */
  rowOrgs?: readonly string[];
  /** The orgs a row names when they are not plain fields (an account's roles). */
  rowOrgsOf?: (row: Row) => number[];
  /** A row's member id field, for the self-only scope (default none: such a caller sees no rows). */
  rowMember?: string;
  /** Waits before the request (an import's background check must be over: one at a time per subtree). */
  before?: (w: World) => Promise<void>;
  /** A login of its own (the route ends the session). */
  ownSession?: true;
  /** The route ends every session of the caller: the next case signs in again. */
  endsSessions?: true;
}

type Groups = typeof API;
export type ContractKey = { [G in keyof Groups]: `${G & string}.${keyof Groups[G] & string}` }[keyof Groups];

const data = (b: unknown) => ((b as { data: Row[] }).data ?? []) as Row[];
const list = (b: unknown) => b as Row[];
const br = (w: World, s: Side) => w.side[s].branch;
/** A route aimed at the side's branch (params id). */
const atBranch =
  (query?: Record<string, unknown>): Spec['build'] =>
  (w, s) => ({
    params: { id: br(w, s) },
    query,
    org: br(w, s),
  });
/** A list filtered to the side's branch. */
const listAt =
  (extra: Record<string, unknown> = {}): Spec['build'] =>
  (w, s) => ({ query: { orgId: br(w, s), ...extra }, org: br(w, s) });
/** A member record of the side (memberA1's own on side A). */
const atMember =
  (query?: Record<string, unknown>, body?: unknown): Spec['build'] =>
  (w, s) => ({ params: { id: w.side[s].member }, query, body, org: br(w, s), member: w.side[s].member });
const none: Spec['build'] = () => ({});
const nothing = { one: true, build: none } as const;

export const SPECS: Record<ContractKey, Spec> = {
  'audit.list': { one: true, build: () => ({ query: { pageSize: 200 } }), rows: data },

  // Signing in again rotates the caller's session: a login of its own, after everything else.
  'auth.login': {
    one: true,
    last: 1,
    ownSession: true,
    build: (_w, _s, me) => ({ body: { username: me.username ?? 'memberA1', password: 'test-password-1' } }),
  },
  'auth.logout': { ...nothing, last: 2, ownSession: true },
  'auth.logoutAll': { ...nothing, last: 3, ownSession: true, endsSessions: true },
  // The caller's password changes (and its sessions end): the very last case of each identity.
  'auth.changePassword': {
    one: true,
    last: 4,
    endsSessions: true,
    build: () => ({ body: { currentPassword: 'test-password-1', newPassword: 'Qz8#vTn4$Lw2-matrix' } }),
  },
  'auth.me': nothing,

  // Public for the session check only: without the lock file's control token, 403 for everyone.
  'ops.dailyJob': { one: true, build: () => ({ body: {} }), publicAnswer: [403] },

  'coverage.list': { build: listAt(), rows: data },
  'coverage.create': {
    build: (w, s) => ({
      body: {
        name: `新建非公企业${w.username()}公司`,
        kind: 'private_enterprise',
        orgId: w.side[s].district,
        employees: 10,
      },
      org: w.side[s].district,
    }),
  },
  'coverage.update': {
    build: (w, s) => ({
      params: { id: w.side[s].coverageUnit },
      body: { employees: 50 },
      org: w.side[s].district,
    }),
  },

  'dashboard.get': { build: atBranch() },

  'development.listCases': { build: listAt(), rows: data },
  'development.createCase': {
    build: (w, s) => ({
      body: {
        orgId: br(w, s),
        name: '吴晓东',
        gender: 'male',
        idNumber: freshIdNumber('1996-06-06'),
        ethnicity: '01',
        education: 'bachelor',
        appliedOn: '2026-10-01',
      },
      org: br(w, s),
    }),
  },
  'development.getCase': { build: (w, s) => ({ params: { id: w.side[s].devCase }, org: br(w, s) }) },
  'development.registerOn': {
    build: (w, s) => ({ params: { id: w.side[s].devCase }, query: { on: TODAY }, org: br(w, s) }),
  },
  'development.recordStep': {
    build: async (w, s) => ({
      params: { id: await w.devCase(br(w, s)) },
      body: { key: 'application_talk', on: '2026-09-10', talkerName: '张建国' },
      org: br(w, s),
    }),
  },
  'development.correctStep': {
    build: async (w, s) => {
      const { caseId, stepId } = await w.devCaseStep(br(w, s));
      return {
        params: { id: caseId, stepId },
        body: { on: '2026-09-02', reason: '更正申请日期' },
        org: br(w, s),
      };
    },
  },
  'development.closeCase': {
    build: async (w, s) => ({
      params: { id: await w.devCase(br(w, s)) },
      body: { reason: '本人申请撤回' },
      org: br(w, s),
    }),
  },
  'development.uploadDocument': {
    build: async (w, s) => {
      const { caseId, stepId } = await w.devCaseStep(br(w, s));
      return {
        params: { id: caseId, stepId },
        upload: { fields: {}, file: { name: '谈话记录.pdf', content: PDF } },
        org: br(w, s),
      };
    },
  },
  'development.downloadDocument': {
    build: (w, s) => ({
      params: { id: w.side[s].devCase, stepId: w.side[s].devStep, docId: w.side[s].devDoc },
      org: br(w, s),
    }),
  },
  'development.deleteDocument': {
    build: async (w, s) => {
      const d = await w.devDocument(br(w, s));
      return { params: { id: d.caseId, stepId: d.stepId, docId: d.docId }, org: br(w, s) };
    },
  },
  'development.cohort': { build: listAt({ kind: 'overdue' }), rows: list },
  'development.board': { build: listAt() },
  'development.plan': { build: listAt({ year: 2026 }) },
  'development.setPlan': {
    // A district's quota is set by the org above it (the city), not by the district itself.
    build: (w, s) => ({
      body: { orgId: w.side[s].district, year: 2026, quota: 5 },
      org: w.side[s].district,
      authority: w.env.fx.org.city,
    }),
  },
  'development.listDisciplines': { build: atMember(), rows: list, rowMember: 'memberId' },
  'development.addDiscipline': {
    build: atMember(undefined, { kind: 'warning', decidedOn: '2026-11-01', reason: '违反组织纪律' }),
  },

  'dues.memberProfiles': { build: atMember(), rows: data, rowMember: 'memberId' },
  'dues.createProfile': {
    build: async (w, s) => {
      const id = await w.addMember(br(w, s), '新党员');
      return {
        params: { id },
        body: { category: 'employed', effectiveMonth: '2026-11', baseFen: 300000 },
        org: br(w, s),
        member: id,
      };
    },
  },
  'dues.pendingProfiles': { build: listAt(), rows: data },
  'dues.decideProfile': {
    // A hardship reduction is the higher committee's act: a branch's secretary holds the branch,
    // not its parent, and does not even see the pending queue of its own branch (404).
    noAuthority: [404],
    build: async (w, s) => ({
      params: { id: await w.pendingProfile(s) },
      body: { approve: true, decidedOn: TODAY },
      org: br(w, s),
      authority: w.side[s].district,
    }),
  },
  'dues.memberDues': { build: atMember({ year: 2026 }) },
  'dues.ledger': { build: listAt({ month: '2026-11' }), rows: data },
  'dues.ledgerExport': { build: listAt({ year: 2026 }) },
  'dues.pay': {
    build: async (w, s) => ({
      body: {
        memberId: await w.duesMember(s),
        month: '2026-11',
        amountFen: 1500,
        paidOn: TODAY,
        method: 'cash',
      },
      org: br(w, s),
    }),
  },
  'dues.payBatch': {
    build: async (w, s) => ({
      body: {
        orgId: br(w, s),
        month: '2026-11',
        memberIds: [await w.duesMember(s)],
        paidOn: TODAY,
        method: 'cash',
      },
      org: br(w, s),
    }),
  },
  'dues.payments': { build: listAt(), rows: data },
  'dues.voidPayment': {
    build: async (w, s) => ({
      params: { id: await w.payment(s) },
      body: { reason: '重复登记作废' },
      org: br(w, s),
    }),
  },
  'dues.arrears': { build: listAt(), rows: data },
  'dues.lapseDecision': {
    build: async (w, s) => ({
      body: {
        runId: await w.lapseRun(s),
        decision: 'reason_accepted',
        decidedOn: TODAY,
        note: '经支部委员会研究',
      },
      org: br(w, s),
    }),
  },
  'dues.summary': { build: atBranch({ year: 2026 }) },
  'dues.reconciliation': { build: atBranch({ year: 2026 }) },
  'dues.remittances': { build: listAt({ year: 2026 }) },
  'dues.remit': {
    build: async (w, s) => {
      await w.payment(s);
      return {
        body: {
          fromOrgId: br(w, s),
          amountFen: 100,
          remittedOn: TODAY,
          periodFrom: '2026-11',
          periodTo: '2026-11',
        },
        org: br(w, s),
      };
    },
  },
  'dues.confirmRemittance': {
    // The receiver (the district) confirms what the branch sent.
    build: async (w, s) => ({
      params: { id: await w.remittance(s) },
      body: { confirmedOn: TODAY },
      org: br(w, s),
      authority: w.side[s].district,
    }),
  },
  'dues.importTemplate': { build: listAt() },
  'dues.upload': {
    build: (w, s) => ({
      query: { orgId: br(w, s) },
      upload: { fields: {}, file: { name: 'bases.xlsx', content: w.duesSheet } },
      org: br(w, s),
    }),
  },
  'dues.import': { build: (w, s) => ({ params: { id: w.side[s].duesImport }, org: br(w, s) }) },
  'dues.commitImport': {
    build: async (w, s) => ({
      params: { id: await w.duesImport(br(w, s), await w.addMember(br(w, s), '导入基数'), '导入基数') },
      org: br(w, s),
    }),
  },

  // The self-only member role reads its own record but exports nothing (403 before any scope).
  'exports.members': { build: listAt(), selfOnly: [403] },
  'exports.transfers': { build: listAt() },
  'exports.meetings': { build: listAt() },
  'exports.heartTalks': { build: listAt() },
  'exports.developmentCases': { build: listAt() },
  'exports.duesArrears': { build: listAt() },
  'exports.duesPendingProfiles': { build: listAt() },
  'exports.audit': nothing,
  'exports.users': nothing,
  'exports.coverage': { build: listAt() },

  'health.live': nothing,
  'health.ready': nothing,

  'imports.template': { one: true, build: () => ({ query: { kind: 'members' } }) },
  'imports.upload': {
    before: (w) => w.importsSettled(),
    build: (w, s) => ({
      upload: {
        fields: { kind: 'members', orgId: String(br(w, s)) },
        file: { name: 'm.xlsx', content: w.memberSheet },
      },
      org: br(w, s),
    }),
  },
  'imports.list': { build: listAt(), rows: data },
  'imports.get': { build: (w, s) => ({ params: { id: w.side[s].memberImport }, org: br(w, s) }) },
  'imports.commit': {
    before: (w) => w.importsSettled(),
    build: async (w, s) => ({ params: { id: await w.memberImport(br(w, s)) }, org: br(w, s) }),
  },
  'imports.rollback': {
    before: (w) => w.importsSettled(),
    build: async (w, s) => ({ params: { id: await w.committedImport(s) }, org: br(w, s) }),
  },

  'meetings.list': { build: listAt(), rows: data },
  'meetings.expectedAttendees': { build: listAt({ heldOn: TODAY, kind: 'general_meeting' }) },
  'meetings.create': {
    build: (w, s) => ({
      body: {
        orgId: br(w, s),
        kind: 'general_meeting',
        title: '支部党员大会',
        heldOn: TODAY,
        startTime: '08:00',
        endTime: '09:00',
        minutes: '研究近期工作。',
      },
      org: br(w, s),
    }),
  },
  'meetings.get': { build: (w, s) => ({ params: { id: w.side[s].meeting }, org: br(w, s) }) },
  'meetings.patch': {
    build: (w, s) => ({ params: { id: w.side[s].meeting }, body: { place: '党员活动室' }, org: br(w, s) }),
  },
  'meetings.remove': { build: async (w, s) => ({ params: { id: await w.meeting(s) }, org: br(w, s) }) },
  'meetings.submit': { build: async (w, s) => ({ params: { id: await w.meeting(s) }, org: br(w, s) }) },
  'meetings.review': {
    // Reviewed by the org above: a branch's secretary holds the branch, not its parent.
    build: async (w, s) => ({
      params: { id: await w.submittedMeeting(s) },
      body: { decision: 'approve' },
      org: br(w, s),
      authority: w.side[s].district,
    }),
  },
  'meetings.uploadAttachment': {
    build: async (w, s) => ({
      params: { id: await w.meeting(s) },
      upload: { fields: {}, file: { name: '签到表.pdf', content: PDF } },
      org: br(w, s),
    }),
  },
  'meetings.downloadAttachment': {
    build: (w, s) => ({
      params: { id: w.side[s].meeting, attachmentId: w.side[s].attachment },
      org: br(w, s),
    }),
  },
  'meetings.deleteAttachment': {
    build: async (w, s) => {
      const id = await w.meeting(s);
      return { params: { id, attachmentId: await w.attachment(id) }, org: br(w, s) };
    },
  },
  'meetings.createCheckinToken': {
    build: async (w, s) => ({ params: { id: await w.meeting(s) }, org: br(w, s) }),
  },
  'meetings.checkinTokens': { build: (w, s) => ({ params: { id: w.side[s].meeting }, org: br(w, s) }) },
  'meetings.revokeCheckinToken': {
    build: async (w, s) => {
      const t = await w.checkinToken(s);
      return { params: { id: t.meetingId, tokenId: t.tokenId }, org: br(w, s) };
    },
  },
  'meetings.checkinPreview': {
    one: true,
    build: (w) => ({ body: { meetingId: w.side.A.meeting, token: 'not-a-real-code-000' } }),
    // A wrong code is refused without saying whether the meeting exists.
    alsoOk: [404],
  },
  'meetings.checkin': {
    one: true,
    build: (w) => ({ body: { meetingId: w.side.A.meeting, token: 'not-a-real-code-000' } }),
    // Same: with a wrong code nobody signs in (400 names the code field); what matters here is
    // no 5xx and 401 without a session.
    alsoOk: [400, 404],
  },
  'meetings.heartTalks': { build: listAt(), rows: data },
  'meetings.heartTalk': { build: (w, s) => ({ params: { id: w.side[s].heartTalk }, org: br(w, s) }) },
  'meetings.createHeartTalk': {
    build: (w, s) => ({
      body: {
        orgId: br(w, s),
        memberId: w.side[s].member,
        talkerMemberId: w.side[s].talker,
        talkedOn: '2026-11-12',
        summary: '了解思想动态，听取意见建议。',
      },
      org: br(w, s),
    }),
  },
  'meetings.deleteHeartTalk': {
    build: async (w, s) => ({ params: { id: await w.heartTalk(s) }, org: br(w, s) }),
  },

  'members.list': { build: listAt(), rows: data, rowMember: 'id' },
  'members.get': { build: atMember() },
  'members.create': {
    build: (w, s) => ({
      body: {
        orgId: br(w, s),
        name: '郑新',
        gender: 'male',
        ethnicity: '01',
        birthDate: '1990-01-01',
        idNumber: freshIdNumber('1990-01-01'),
        education: 'bachelor',
        category: 'full',
        joinedOn: '2015-07-01',
        confirmedOn: '2016-07-01',
      },
      org: br(w, s),
    }),
  },
  'members.update': { build: atMember(undefined, { workUnit: '幸福社区居委会' }) },
  'members.reveal': { build: atMember(undefined, { reason: '核对身份信息' }) },
  'members.events': { build: atMember(), rows: list },

  'notifications.list': { one: true, build: none },
  'notifications.markRead': {
    // Side A: the caller's own notification; side B: another user's.
    build: async (w, s, me) => {
      const owner = s === 'A' && me.userId ? me.userId : (w.userIds.get('bystander') as number);
      return { params: { id: await w.notify(owner) }, owner };
    },
  },
  'notifications.markAllRead': nothing,

  'orglife.compliance': { build: atBranch() },
  'orglife.exemptions': { build: atBranch(), rows: list },
  'orglife.grantExemption': {
    // Exempting a branch is its higher org's act (the branch's own secretary is refused: 403).
    build: (w, s) => ({
      params: { id: br(w, s) },
      body: {
        ruleId: 'orglife.generalMeetingPeriod',
        periodKey: w.nextQuarter(),
        reason: '支部改组，暂停活动',
      },
      org: br(w, s),
      authority: w.side[s].district,
    }),
  },
  'orglife.withdrawExemption': {
    build: async (w, s) => ({
      params: { id: br(w, s), exemptionId: await w.exemption(s) },
      org: br(w, s),
      authority: w.side[s].district,
    }),
  },

  'orgs.roots': { one: true, build: none, rows: list, rowOrgs: ['id'] },
  'orgs.search': {
    one: true,
    build: () => ({ query: { q: '支部', limit: 100 } }),
    rows: data,
    rowOrgs: ['id'],
  },
  'orgs.get': { build: atBranch() },
  'orgs.children': { build: atBranch(), rows: list, rowOrgs: ['id'] },
  // The breadcrumb names the orgs above the caller's subtree (names only, by design).
  'orgs.ancestors': { build: atBranch() },
  'orgs.history': { build: atBranch() },
  'orgs.create': {
    build: (w, s) => ({
      body: {
        parentId: br(w, s),
        name: '新建党小组',
        kind: 'group',
        sector: 'community',
        foundedOn: '2026-01-01',
      },
      org: br(w, s),
    }),
  },
  'orgs.update': {
    build: (w, s) => ({ params: { id: br(w, s) }, body: { coveredUnits: ['社区居委会'] }, org: br(w, s) }),
  },
  'orgs.move': {
    build: async (w, s) => ({
      params: { id: await w.group(s) },
      body: { parentId: w.side[s].otherBranch, reason: '调整隶属关系' },
      org: br(w, s),
    }),
  },
  'orgs.dissolve': {
    build: async (w, s) => ({
      params: { id: await w.group(s) },
      body: { dissolvedOn: TODAY, reason: '撤销党小组' },
      org: br(w, s),
    }),
  },
  'orgs.renewTerm': {
    build: async (w, s) => {
      const b = await w.branch(s);
      return {
        params: { id: b.orgId },
        body: { termStart: '2026-11-01', committee: [{ memberId: b.memberId, role: 'secretary' }] },
        org: b.orgId,
      };
    },
  },

  'rules.list': nothing,
  // Rules are deployment-wide: only a settings.write held at the root changes them (else 403).
  'rules.override': {
    one: true,
    out: [403],
    build: (w) => ({
      params: { id: 'term.reminderLeadMonths' },
      body: { value: 6, reason: '保持默认提醒期限' },
      org: w.env.fx.org.city,
    }),
  },
  'rules.reset': {
    one: true,
    out: [403],
    build: (w) => ({
      params: { id: 'term.reminderLeadMonths' },
      body: { reason: '恢复默认提醒期限' },
      org: w.env.fx.org.city,
    }),
  },

  'stats.report': { build: atBranch({ year: 2026 }) },

  'transfers.list': { build: listAt(), rows: data, rowOrgs: ['fromOrgId', 'toOrgId'] },
  // Any branch may be named as a destination (decision 0013): ids, names and kinds of orgs only.
  'transfers.targets': { one: true, build: () => ({ query: { q: '支部' } }) },
  'transfers.get': { build: (w, s) => ({ params: { id: w.side[s].transfer }, org: br(w, s) }) },
  'transfers.create': {
    build: async (w, s) => ({
      body: {
        memberId: await w.addMember(br(w, s), '调动人'),
        toOrgId: w.side[s].otherBranch,
        letterNumber: w.letter(),
        reason: '工作调动',
      },
      org: br(w, s),
    }),
  },
  'transfers.accept': {
    // Accepted or rejected by the receiving branch; the sending branch sees it but may not.
    build: async (w, s) => ({
      params: { id: await w.transfer(s) },
      body: {},
      org: br(w, s),
      authority: w.side[s].otherBranch,
    }),
  },
  'transfers.reject': {
    build: async (w, s) => ({
      params: { id: await w.transfer(s) },
      body: { note: '材料不全' },
      org: br(w, s),
      authority: w.side[s].otherBranch,
    }),
  },
  'transfers.cancel': {
    build: async (w, s) => ({ params: { id: await w.transfer(s) }, body: {}, org: br(w, s) }),
  },

  // An account is listed to whom its roles' orgs are in scope.
  'users.list': {
    one: true,
    build: () => ({ query: { pageSize: 200 } }),
    rows: data,
    rowOrgsOf: (row) => (row.roles as Array<{ orgId: number }>).map((r) => r.orgId),
  },
  'users.orgs': { one: true, build: () => ({ query: { q: '支部' } }), rows: list, rowOrgs: ['id'] },
  'users.get': { build: (w, s) => ({ params: { id: w.side[s].user }, org: br(w, s) }) },
  // An account with a proposed grant: the grant waits for the security administrator.
  // A role at an org outside the creator's scope is a field error (400 naming 角色), which says no
  // more than a 404 would.
  'users.create': {
    out: [400, 404],
    build: (w, s) => ({
      body: {
        username: w.username(),
        displayName: '新书记',
        password: 'Xq7#mLp2$Wz9-new',
        roles: [{ role: 'secretary', orgId: br(w, s) }],
        reason: '新任支部书记',
      },
      org: br(w, s),
    }),
  },
  // Aimed at an account holding a role on the side (an account with no role is the root's).
  'users.proposeGrant': {
    build: async (w, s) => ({
      params: { id: await w.secretaryUser(s) },
      body: { action: 'revoke', role: 'secretary', orgId: br(w, s), reason: '调离岗位' },
      org: br(w, s),
    }),
  },
  'users.grantRequests': { one: true, build: none, rows: data },
  'users.decideGrant': {
    build: async (w, s) => ({
      params: { id: (await w.grantProposal(s)).id },
      body: { approve: true, note: '同意' },
      org: br(w, s),
    }),
  },
  // Only the proposer withdraws its proposal.
  'users.withdrawGrant': {
    build: async (w, s) => {
      const p = await w.grantProposal(s);
      return { params: { id: p.id }, org: br(w, s), owner: p.proposer };
    },
  },
  'users.revokeRole': {
    build: async (w, s) => ({
      params: { id: await w.secretaryUser(s) },
      body: { role: 'secretary', orgId: br(w, s), reason: '调离岗位' },
      org: br(w, s),
    }),
  },
  'users.requestMemberLink': {
    build: async (w, s) => ({
      params: { id: await w.secretaryUser(s) },
      body: { memberId: await w.addMember(br(w, s), '待关联党员'), reason: '关联本人党员档案' },
      org: br(w, s),
    }),
  },
  'users.memberLinks': { one: true, build: none, rows: data },
  'users.decideMemberLink': {
    build: async (w, s) => ({
      params: { id: await w.memberLink(s) },
      body: { confirm: true },
      org: br(w, s),
    }),
  },
  'users.update': {
    build: (w, s) => ({ params: { id: w.side[s].user }, body: { displayName: '书记' }, org: br(w, s) }),
  },
};
