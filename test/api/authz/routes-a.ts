/** The matrix entries of audit, auth, ops, coverage, dashboard, development and dues (see kit.ts for what an entry declares). */
import { TODAY } from '../harness.js';
import { freshIdNumber, PDF } from './fixture.js';
import { atBranch, atMember, br, type ContractKey, data, list, listAt, nothing, type Spec } from './kit.js';

export const SPECS_A = {
  // Member accounts (issue #19). Issuing acts on the side's branch; slips print a batch made for it.
  'accounts.summary': { build: (w, s) => ({ query: { orgId: br(w, s) }, org: br(w, s) }) },
  'accounts.members': { build: (w, s) => ({ query: { orgId: br(w, s) }, org: br(w, s) }), rows: data },
  'accounts.issue': { build: (w, s) => ({ body: { orgId: br(w, s) }, org: br(w, s) }) },
  'accounts.batches': { build: listAt(), rows: data },
  'accounts.slips': {
    build: async (w, s) => {
      const b = await w.admin('POST', '/api/accounts/batches', { orgId: br(w, s) });
      return { params: { id: b.id }, org: br(w, s) };
    },
  },
  'accounts.reissue': {
    build: async (w, s) => ({ params: { id: await w.addMember(br(w, s), '待发码党员') }, org: br(w, s) }),
  },
  // An applicant's account: the case is the side's branch's.
  'accounts.caseAccount': {
    build: (w, s) => ({ params: { id: w.side[s].devCase }, org: br(w, s) }),
  },
  'accounts.issueForCase': {
    build: async (w, s) => ({ params: { id: await w.devCase(br(w, s)) }, org: br(w, s) }),
  },
  // The public routes answer alike whoever calls: a made-up code or SMS code is refused (400), and
  // the back-off or the per-phone interval turns the later identities' tries into 429.
  'accounts.activate': {
    one: true,
    build: () => ({ body: { code: 'ABCD-EFGH', idTail: '12345X', password: 'Qz8#vTn4$Lw2-matrix' } }),
    publicAnswer: [400, 429],
  },
  'accounts.smsCode': {
    one: true,
    build: () => ({ body: { phone: '13900000001', purpose: 'login' } }),
    publicAnswer: [200, 429],
  },
  'accounts.smsLogin': {
    one: true,
    build: () => ({ body: { phone: '13900000002', code: '000000' } }),
    publicAnswer: [400, 429],
  },
  'accounts.resetPassword': {
    one: true,
    build: () => ({ body: { phone: '13900000003', code: '000000', newPassword: 'Qz8#vTn4$Lw2-matrix' } }),
    publicAnswer: [400, 429],
  },

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
  // Everyone signed in sets their own 大字模式; there is no one else's to reach.
  'auth.setPreferences': { one: true, build: () => ({ body: { largeType: true } }) },

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
  // The member's own dues, whatever org the role is held at: only dues.pay holders get past 403;
  // an account without dues due (or with an order pending from an earlier case) is refused by a rule.
  'duesOnline.mine': nothing,
  'duesOnline.createOrder': { one: true, build: () => ({ body: {} }), alsoOk: [409, 422] },
  'duesOnline.getOrder': {
    build: async (w, s) => ({
      params: { orderNo: await w.onlineOrder(s) },
      org: br(w, s),
      member: w.side[s].member,
    }),
  },
  'duesOnline.cancelOrder': {
    build: async (w, s) => ({
      params: { orderNo: await w.onlineOrder(s) },
      org: br(w, s),
      member: w.side[s].member,
    }),
    // dues.pay is the member role's alone, its scope the own record: nobody else reaches the order.
    out: [404],
  },
  'duesOnline.orders': { build: listAt(), rows: data },
  'duesOnline.callbacks': { build: listAt(), rows: data },
  'duesOnline.reconcile': { build: (w, s) => ({ body: { orgId: br(w, s) }, org: br(w, s) }) },
  // Public: a provider's callback without a signature is refused (401) and logged, whoever sends it.
  'duesOnline.callback': {
    one: true,
    build: () => ({ params: { provider: 'simulated' }, body: { orderNo: 'DO00000000X' } }),
    publicAnswer: [401],
  },
  // The cashier's token is the credential: a wrong one is 404 for everyone.
  'duesOnline.cashier': {
    one: true,
    build: () => ({ params: { orderNo: 'DO00000000A' }, body: { token: 'not-the-token' } }),
    publicAnswer: [404],
  },
  'duesOnline.cashierPay': {
    one: true,
    build: () => ({ params: { orderNo: 'DO00000000A' }, body: { token: 'not-the-token' } }),
    publicAnswer: [404],
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
} satisfies Partial<Record<ContractKey, Spec>>;
