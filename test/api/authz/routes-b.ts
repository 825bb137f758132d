/** The matrix entries of exports, health, imports, meetings, members, notifications, orglife, orgs, rules, stats, transfers and users (see kit.ts for what an entry declares). */
import { TODAY } from '../harness.js';
import { freshIdNumber, PDF, type Side, type World } from './fixture.js';
import {
  atBranch,
  atMember,
  br,
  type ContractKey,
  data,
  list,
  listAt,
  none,
  nothing,
  type Spec,
} from './kit.js';

/** A planned meeting (a draft a week ahead) of the side's branch, for the member's answers. */
async function plannedMeeting(w: World, s: Side) {
  const m = await w.admin('POST', '/api/meetings', {
    orgId: br(w, s),
    kind: 'general_meeting',
    heldOn: '2026-11-30',
    startTime: '19:00',
    place: '党员活动室',
    agenda: '学习上级会议精神',
  });
  return m.id as number;
}

export const SPECS_B = {
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

  // 我的: the caller's own home and meetings; nothing in the request names a record but a meeting.
  'my.home': nothing,
  'my.meetings': { one: true, build: () => ({ query: { scope: 'upcoming' } }) },
  // A meeting of the side's branch: a member of that branch (memberA1, secA1 on side A) sees it and
  // answers; for everyone else (another branch, no member record) it does not exist (404).
  'my.meeting': { build: async (w, s) => ({ params: { id: await plannedMeeting(w, s) } }), alsoOk: [404] },
  'my.respond': {
    build: async (w, s) => ({
      params: { id: await plannedMeeting(w, s) },
      body: { response: 'leave', reason: '因公出差' },
    }),
    alsoOk: [404],
  },
  'my.withdraw': { build: async (w, s) => ({ params: { id: await plannedMeeting(w, s) } }), alsoOk: [404] },

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
  'orgs.children': { build: atBranch(), rows: data, rowOrgs: ['id'] },
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
} satisfies Partial<Record<ContractKey, Spec>>;
