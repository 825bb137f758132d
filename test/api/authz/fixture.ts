/**
 * The records the authorization matrix (test/api/authz-matrix.test.ts) aims its requests at: one of
 * each kind on side A (branch A1, district A) and one on side B (branch B1, district B), plus
 * factories for throwaway records, so that a write that succeeds never spoils the next case.
 *
 * Everything is made through the API as the root org admin where the API can make it (the
 * records are then exactly what users make), directly in the database where it cannot (a
 * notification, an arrears run, extra users and members).
 */

import { committeeMembers, orgTerms } from '../../../src/server/db/schema/index.js';
import { SIDES, type SideRecords } from './base.js';
import { Factories } from './factories.js';

export { freshIdNumber, multipart, PDF, SIDES, type Side, type SideRecords } from './base.js';

/** The fixture's world as the matrix sees it: records by side, factories, org paths. */
export class World extends Factories {
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
}
