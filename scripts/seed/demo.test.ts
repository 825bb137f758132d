import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addDays, addYears, ageOn } from '../../src/domain/common/dates.js';
import {
  caseState,
  checkStep,
  type RecordedStep,
  type StepData,
  type StepKey,
} from '../../src/domain/development/engine.js';
import type { DevelopmentVersion } from '../../src/domain/development/steps.js';
import type { DuesCategory } from '../../src/domain/dues/labels.js';
import { arrearsOf, ledgerStatus, owesMonth } from '../../src/domain/dues/ledger.js';
import { addMonthsTo, firstDay, monthDiff, monthRange } from '../../src/domain/dues/months.js';
import { EDUCATION_LEVELS } from '../../src/domain/member/education.js';
import { idNumberCheckDigit, maskPhone } from '../../src/domain/member/id-number.js';
import { periodOf } from '../../src/domain/orglife/periods.js';
import { quorumMet, votePasses } from '../../src/domain/orglife/votes.js';
import { defaultRules, type Rules } from '../../src/domain/rules/index.js';
import { type Database, openPglite, queryRows } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import {
  committeeMembers,
  developmentCases,
  developmentPlans,
  developmentSteps,
  duesLapseDecisions,
  heartTalks,
  meetingAttendance,
  meetingResponses,
  meetings,
  memberDisciplines,
  memberEvents,
  members,
  notifications,
  orglifeExemptions,
  orgs,
  orgTerms,
  roleAssignments,
  transfers,
  users,
} from '../../src/server/db/schema/index.js';
import { hashOf, unseal } from '../../src/server/lib/pii.js';
import { computeMonth, type ProfileRow } from '../../src/server/modules/dues/ledger.js';
import { buildDemo, type SeedDemoResult, seedDemo } from './demo.js';
import { VERSION_2026_FROM } from './development.js';

const TODAY = '2026-11-23';
const SEED = 20240626;

let database: Database;
let result: SeedDemoResult;
let orgRows: (typeof orgs.$inferSelect)[];
let memberRows: (typeof members.$inferSelect)[];
let sealedMembers: (typeof members.$inferSelect)[];
const KEK = Buffer.alloc(32, 0x5e);
const opened = (enc: string | null) => (enc ? unseal(enc) : null);

beforeAll(async () => {
  database = await openPglite(undefined);
  await runMigrations(database);
  const t0 = performance.now();
  result = await seedDemo(database.db, { password: 'demo-password', today: TODAY, seed: SEED, kek: KEK });
  const ms = performance.now() - t0;
  const { branches, weak, ...life } = result.orglife;
  console.log(
    `seedDemo: ${result.orgs} orgs, ${result.members} members in ${Math.round(ms)} ms; ` +
      `organizational life for ${branches.length} branches: ${JSON.stringify(life)}; weak: ${weak
        .map((w) => `${w.id} ${w.name}`)
        .join('、')}`,
  );
  orgRows = await database.db.select().from(orgs).orderBy(asc(orgs.id));
  sealedMembers = await database.db.select().from(members).orderBy(asc(members.id));
  // The register holds ID numbers and phones sealed; the checks below read them opened.
  memberRows = sealedMembers.map((m) => ({
    ...m,
    idNumber: opened(m.idNumberEnc),
    phone: opened(m.phoneEnc),
  }));
  // Seeding the demo takes 20–40 s alone; minutes on a machine shared with other suites.
}, 600_000);

afterAll(async () => {
  await database?.close();
});

const current = () => memberRows.filter((m) => m.status !== 'left' && m.status !== 'deceased');
const share = (rows: unknown[], total: number) => rows.length / total;

describe('seedDemo', () => {
  it('writes a municipal tree of 300+ orgs and 8,000+ members', () => {
    expect(result.orgs).toBe(orgRows.length);
    // The development seed adds the demo branch's probationary showcase members to the register.
    const added = memberRows.filter((m) => m.id > result.members);
    expect(added.length).toBeLessThanOrEqual(3);
    expect(result.members + added.length).toBe(memberRows.length);
    expect(orgRows.length).toBeGreaterThanOrEqual(300);
    expect(memberRows.length).toBeGreaterThanOrEqual(8000);
    const kinds = new Set(orgRows.map((o) => o.kind));
    for (const k of ['committee', 'general_branch', 'branch', 'joint_branch', 'group'])
      expect(kinds).toContain(k);
    const sectors = new Set(orgRows.map((o) => o.sector));
    for (const s of [
      'government',
      'community',
      'rural',
      'state_enterprise',
      'private_enterprise',
      'school',
    ]) {
      expect(sectors).toContain(s);
    }
    expect(sectors).toContain('social_organization');
    expect(orgRows.filter((o) => o.status === 'dissolved')).toHaveLength(1);
    for (const o of orgRows.filter((x) => x.kind === 'joint_branch')) {
      expect(o.coveredUnits.length).toBeGreaterThanOrEqual(2);
      expect(o.coveredUnits.length).toBeLessThanOrEqual(5);
    }
  });

  it('keeps paths consistent: own id last, parent path first', () => {
    const byId = new Map(orgRows.map((o) => [o.id, o]));
    for (const o of orgRows) {
      const parts = o.path.split('.');
      expect(parts[parts.length - 1]).toBe(String(o.id));
      expect(o.depth).toBe(parts.length - 1);
      if (o.parentId === null) expect(o.path).toBe(String(o.id));
      else expect(o.path.startsWith(`${byId.get(o.parentId)?.path}.`)).toBe(true);
    }
  });

  it('puts members only in branches and joint branches, with their org path', () => {
    const byId = new Map(orgRows.map((o) => [o.id, o]));
    for (const m of memberRows) {
      const org = byId.get(m.orgId);
      expect(org && ['branch', 'joint_branch'].includes(org.kind)).toBe(true);
      expect(org?.status).toBe('active');
      expect(m.orgPath).toBe(org?.path);
      if (m.groupId !== null) expect(byId.get(m.groupId)?.parentId).toBe(m.orgId);
    }
  });

  it('follows the national shares', () => {
    const rows = current();
    const n = rows.length;
    const college = new Set<string>(EDUCATION_LEVELS.filter((e) => e.collegeOrAbove).map((e) => e.code));
    const women = share(
      rows.filter((m) => m.gender === 'female'),
      n,
    );
    const minorities = share(
      rows.filter((m) => m.ethnicity !== '01'),
      n,
    );
    const educated = share(
      rows.filter((m) => college.has(m.education)),
      n,
    );
    const old = share(
      rows.filter((m) => ageOn(m.birthDate, TODAY) >= 61),
      n,
    );
    console.log(
      `shares: women ${(women * 100).toFixed(1)} %, minorities ${(minorities * 100).toFixed(1)} %, ` +
        `college ${(educated * 100).toFixed(1)} %, 61+ ${(old * 100).toFixed(1)} %`,
    );
    expect(women).toBeGreaterThanOrEqual(0.28);
    expect(women).toBeLessThanOrEqual(0.34);
    expect(minorities).toBeGreaterThanOrEqual(0.05);
    expect(minorities).toBeLessThanOrEqual(0.11);
    expect(educated).toBeGreaterThanOrEqual(0.52);
    expect(educated).toBeLessThanOrEqual(0.63);
    expect(old).toBeGreaterThanOrEqual(0.23);
    expect(old).toBeLessThanOrEqual(0.33);
    for (const m of memberRows) {
      const age = ageOn(m.birthDate, TODAY);
      expect(age).toBeGreaterThanOrEqual(19);
      expect(age).toBeLessThanOrEqual(95);
    }
  });

  it('gives every member a valid ID number that agrees with birth date and gender', () => {
    const seen = new Set<string>();
    for (const m of memberRows) {
      const id = m.idNumber ?? '';
      expect(id).toMatch(/^62\d{15}[\dX]$/);
      expect(id[17]).toBe(idNumberCheckDigit(id.slice(0, 17)));
      expect(id.slice(6, 14)).toBe(m.birthDate.replaceAll('-', ''));
      expect(Number(id[16]) % 2 === 1 ? 'male' : 'female').toBe(m.gender);
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      if (m.phone !== null) expect(m.phone).toMatch(/^1\d{10}$/);
    }
  });

  it('stores ID numbers and phones sealed: hashed, masked, nothing in the legacy clear columns', () => {
    for (const m of sealedMembers) {
      expect(m.idNumber).toBeNull();
      expect(m.phone).toBeNull();
      const id = opened(m.idNumberEnc) ?? '';
      expect(m.idNumberHash).toBe(hashOf('idNumber', id));
      expect(m.idNumberMasked).toBe(`${id.slice(0, 6)}************`);
      if (m.phoneEnc) expect(m.phoneMasked).toBe(maskPhone(opened(m.phoneEnc) ?? ''));
      else expect(m.phoneMasked).toBeNull();
    }
  });

  it('has no member who joined before 18, and consistent categories', () => {
    for (const m of memberRows) {
      expect(m.joinedOn >= addYears(m.birthDate, 18)).toBe(true);
      expect(m.joinedOn <= TODAY).toBe(true);
      if (m.category === 'full') {
        expect(m.confirmedOn).not.toBeNull();
        expect((m.confirmedOn ?? '') <= TODAY).toBe(true);
      } else {
        expect(m.confirmedOn).toBeNull();
        // Probation runs a year; a few are a few weeks past it, awaiting the branch's discussion.
        expect(m.joinedOn > addYears(TODAY, -2)).toBe(true);
      }
      if (m.status === 'left') expect(m.leaveReason && m.leftOn).toBeTruthy();
    }
    const probationary = share(
      memberRows.filter((m) => m.category === 'probationary'),
      memberRows.length,
    );
    expect(probationary).toBeGreaterThan(0.02);
    expect(probationary).toBeLessThan(0.06);
    const overdue = memberRows.filter(
      (m) => m.category === 'probationary' && m.joinedOn < addYears(TODAY, -1),
    );
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThan(memberRows.filter((m) => m.category === 'probationary').length / 5);
  });

  it('gives one activist of the demo branch an activated account that follows the case (no role)', async () => {
    const rows = await queryRows(
      database.db,
      sql`select u.active, c.stage, c.status, c.phone_hash is not null as "hasPhoneHash",
            (select count(*)::int from role_assignments r where r.user_id = u.id) as roles
          from users u join development_cases c on c.id = u.development_case_id`,
      z.object({
        active: z.boolean(),
        stage: z.string(),
        status: z.string(),
        hasPhoneHash: z.boolean(),
        roles: z.number(),
      }),
    );
    expect(rows).toEqual([
      { active: true, stage: 'activist', status: 'active', hasPhoneHash: true, roles: 0 },
    ]);
  });

  it('registers every member in member_events', async () => {
    const events = await database.db
      .select({ memberId: memberEvents.memberId })
      .from(memberEvents)
      .where(eq(memberEvents.kind, 'registered'));
    expect(new Set(events.map((e) => e.memberId)).size).toBe(memberRows.length);
    const moved = await database.db.select().from(memberEvents).where(eq(memberEvents.kind, 'transferred'));
    expect(moved).toHaveLength(1);
  });

  it('varies branch sizes and records committees with exactly one probationary member', async () => {
    const counts = new Map<number, number>();
    for (const m of current()) counts.set(m.orgId, (counts.get(m.orgId) ?? 0) + 1);
    const sizes = [...counts.values()];
    expect(sizes.filter((s) => s > 50).length).toBeGreaterThanOrEqual(3);
    expect(sizes.filter((s) => s < 3).length).toBeGreaterThanOrEqual(2);
    const seats = await database.db
      .select({ memberId: committeeMembers.memberId, orgId: committeeMembers.orgId })
      .from(committeeMembers);
    const byId = new Map(memberRows.map((m) => [m.id, m]));
    expect(seats.filter((s) => byId.get(s.memberId)?.category === 'probationary')).toHaveLength(1);
    const terms = await database.db.select().from(orgTerms);
    expect(terms.some((t) => t.termEnd < TODAY)).toBe(true);
    expect(terms.length).toBeGreaterThan(200);
  });

  it('is deterministic: same seed, same people', () => {
    // The database was seeded with SEED: a fresh generation with SEED gives the same people.
    const again = buildDemo({ today: TODAY, seed: SEED }).members.slice(0, 20);
    expect(again.map((m) => m.name)).toEqual(memberRows.slice(0, 20).map((m) => m.name));
    expect(again.map((m) => m.idNumber)).toEqual(memberRows.slice(0, 20).map((m) => m.idNumber));
    const other = buildDemo({ today: TODAY, seed: SEED + 1 }).members.slice(0, 20);
    expect(other.map((m) => m.name)).not.toEqual(again.map((m) => m.name));
  });

  it('creates the seven demo users and the transfers', async () => {
    const all = await database.db.select().from(users);
    // Besides the demo users, the accounts the demo branch issued to its members (scripts/seed/accounts.ts).
    // Members' issued accounts; the activist's account (no role, the case's) is checked on its own.
    const issued = all.filter((u) => /^m[a-z2-9]{8}$/.test(u.username) && u.developmentCaseId === null);
    const rows = all.filter((u) => !issued.includes(u) && u.developmentCaseId === null);
    expect(issued.length).toBeGreaterThan(0);
    expect(issued.filter((u) => u.active).length).toBe(Math.ceil(issued.length / 2));
    expect(rows.map((u) => u.username).sort()).toEqual([...result.users].sort());
    expect([...result.users].sort()).toEqual([
      'admin',
      'auditor',
      'district',
      'member',
      'secadmin',
      'secretary',
      'sysadmin',
    ]);
    const roles = await database.db.select().from(roleAssignments);
    // The demo users' eight grants, and the member role of each issued account.
    expect(roles.length).toBe(8 + issued.length);
    const secretary = rows.find((u) => u.username === 'secretary');
    const member = rows.find((u) => u.username === 'member');
    expect(secretary?.memberId).not.toBeNull();
    expect(member?.memberId).not.toBeNull();
    const t = await database.db.select().from(transfers);
    expect(t.map((x) => x.status).sort()).toEqual(['accepted', 'pending', 'pending', 'rejected']);
  });
});

describe('seedDemo: a year of organizational life', () => {
  type Meeting = typeof meetings.$inferSelect;
  type Row = typeof meetingAttendance.$inferSelect;
  let meetingRows: Meeting[];
  let attendance: Map<number, Row[]>;
  let events: { memberId: number; occurredOn: string; orgId: number }[];
  const from = '2025-11-01';
  const branchIds = () =>
    orgRows
      .filter((o) => (o.kind === 'branch' || o.kind === 'joint_branch') && o.status === 'active')
      .map((o) => o.id);

  beforeAll(async () => {
    meetingRows = await database.db.select().from(meetings).orderBy(asc(meetings.id));
    attendance = new Map();
    for (const r of await database.db.select().from(meetingAttendance)) {
      const list = attendance.get(r.meetingId) ?? [];
      list.push(r);
      attendance.set(r.meetingId, list);
    }
    events = await database.db
      .select({
        memberId: memberEvents.memberId,
        occurredOn: memberEvents.occurredOn,
        orgId: memberEvents.orgId,
      })
      .from(memberEvents)
      .orderBy(asc(memberEvents.memberId), asc(memberEvents.occurredOn), asc(memberEvents.id));
  }, 60_000);

  /** The org a member was registered in at the start of `date` (events of that day not yet in effect). */
  const orgOn = (() => {
    let byMember: Map<number, { occurredOn: string; orgId: number }[]> | null = null;
    return (memberId: number, date: string) => {
      if (!byMember) {
        byMember = new Map();
        for (const e of events) byMember.set(e.memberId, [...(byMember.get(e.memberId) ?? []), e]);
      }
      let org: number | null = null;
      for (const e of byMember.get(memberId) ?? []) if (e.occurredOn < date) org = e.orgId;
      return org;
    };
  })();

  it('records meetings of every kind for every active branch, from 12 months back to today', async () => {
    expect(result.orglife.fromMonth).toBe('2025-11');
    const byOrg = new Map<number, Meeting[]>();
    for (const m of meetingRows) byOrg.set(m.orgId, [...(byOrg.get(m.orgId) ?? []), m]);
    for (const id of branchIds()) expect(byOrg.get(id)?.length ?? 0).toBeGreaterThan(10);
    const kinds = new Set(meetingRows.map((m) => m.kind));
    for (const k of [
      'general_meeting',
      'committee_meeting',
      'group_meeting',
      'party_lecture',
      'theme_day',
      'life_meeting',
      'member_review',
    ])
      expect(kinds).toContain(k);
    const held = meetingRows.filter((m) => m.status !== 'draft');
    expect(held.every((m) => m.heldOn >= from && m.heldOn <= TODAY)).toBe(true);
    for (const m of meetingRows) {
      expect(m.startsAt.toISOString().slice(0, 10) <= m.heldOn).toBe(true);
      expect(m.title.length).toBeGreaterThan(4);
      expect(m.hostName).not.toBe('');
      if (m.status !== 'draft') expect(m.minutes).toContain('应到');
    }
    // Committee and group meetings only where there is a committee (3+) or the group.
    const seats = new Map<number, number>();
    for (const r of await database.db.select({ orgId: committeeMembers.orgId }).from(committeeMembers))
      seats.set(r.orgId, (seats.get(r.orgId) ?? 0) + 1);
    for (const m of meetingRows.filter((x) => x.kind === 'committee_meeting'))
      expect(seats.get(m.orgId)).toBeGreaterThanOrEqual(3);
    const groups = new Map(orgRows.filter((o) => o.kind === 'group').map((o) => [o.id, o.parentId]));
    for (const m of meetingRows.filter((x) => x.kind === 'group_meeting'))
      expect(groups.get(m.groupId ?? -1)).toBe(m.orgId);
  });

  it('has attendance for every meeting, of members of that branch on that day, with their category then', () => {
    const byId = new Map(memberRows.map((m) => [m.id, m]));
    let rows = 0;
    let present = 0;
    let excused = 0;
    for (const m of meetingRows) {
      const list = attendance.get(m.id) ?? [];
      expect(list.length, `meeting ${m.id}`).toBeGreaterThan(0);
      for (const a of list) {
        const member = byId.get(a.memberId);
        expect(member).toBeDefined();
        expect(orgOn(a.memberId, m.heldOn), `member ${a.memberId} at meeting ${m.id}`).toBe(m.orgId);
        const full = member?.confirmedOn != null && member.confirmedOn < m.heldOn;
        expect(a.category).toBe(full ? 'full' : 'probationary');
        if (m.kind === 'group_meeting') expect(member?.groupId).toBe(m.groupId);
        if (a.attendance === 'excused') expect(a.reason).toBeTruthy();
        // A planned meeting: absent until marked, or excused by a leave asked from the phone (upcoming.ts).
        if (m.status === 'draft' && m.heldOn > TODAY) expect(['absent', 'excused']).toContain(a.attendance);
      }
      if (m.heldOn <= TODAY) {
        rows += list.length;
        present += list.filter((a) => a.attendance === 'present').length;
        excused += list.filter((a) => a.attendance === 'excused').length;
      }
    }
    console.log(
      `attendance: ${rows} rows, present ${((100 * present) / rows).toFixed(1)} %, excused ${((100 * excused) / rows).toFixed(1)} %`,
    );
    expect(present / rows).toBeGreaterThan(0.8);
    expect(present / rows).toBeLessThan(0.92);
    expect(excused / rows).toBeGreaterThan(0.05);
    expect(excused / rows).toBeLessThan(0.14);
  });

  it('records votes whose quorum and result follow the §1.4 arithmetic, on admissions and confirmations', () => {
    const voted = meetingRows.filter((m) => m.votes.length > 0);
    expect(voted.length).toBeGreaterThan(100);
    let failed = 0;
    for (const m of voted) {
      expect(m.kind).toBe('general_meeting');
      const list = attendance.get(m.id) ?? [];
      const expectedVoting = list.filter((a) => a.category === 'full').length;
      const presentVoting = list.filter((a) => a.category === 'full' && a.attendance === 'present').length;
      for (const v of m.votes) {
        expect(v.expectedVoting).toBe(expectedVoting);
        expect(v.presentVoting).toBe(presentVoting);
        expect(v.quorumMet).toBe(quorumMet(expectedVoting, presentVoting).ok);
        expect(v.forVotes + v.against + v.abstain).toBeLessThanOrEqual(presentVoting);
        expect(v.passed).toBe(v.quorumMet && votePasses(v.forVotes, expectedVoting).ok);
        if (!v.passed) failed++;
      }
    }
    expect(failed).toBeGreaterThan(0);
    // Every member admitted in the window (outside the secretary's open quarter) has the vote that admitted them.
    const home = result.orglife.home.id;
    const quarter = periodOf(TODAY, 'quarter');
    const admitted = memberRows.filter(
      (m) =>
        m.joinedOn >= from &&
        !(m.orgId === home && m.joinedOn >= quarter.start) &&
        orgOn(m.id, `${m.joinedOn}~`) === m.orgId,
    );
    expect(admitted.length).toBeGreaterThan(50);
    const subjects = new Set(
      voted.flatMap((m) => m.votes.filter((v) => v.passed).map((v) => `${m.orgId}:${m.heldOn}:${v.subject}`)),
    );
    const found = admitted.filter((m) =>
      subjects.has(`${m.orgId}:${m.joinedOn}:接收${m.name}同志为中共预备党员`),
    );
    expect(found.length / admitted.length).toBeGreaterThan(0.97);
  });

  it('gives lectures a topic and a lecturer, most branches one by their secretary', async () => {
    const lectures = meetingRows.filter((m) => m.kind === 'party_lecture');
    const secretaries = await database.db
      .select({ orgId: committeeMembers.orgId, memberId: committeeMembers.memberId })
      .from(committeeMembers)
      .where(eq(committeeMembers.role, 'secretary'));
    const secretaryOf = new Map(secretaries.map((s) => [s.orgId, s.memberId]));
    for (const l of lectures) {
      expect(l.topic).toBeTruthy();
      expect(l.lecturerName).toBeTruthy();
      if (l.bySecretary) expect(l.lecturerMemberId).toBe(secretaryOf.get(l.orgId));
    }
    const withSecretaryLecture = new Set(
      lectures.filter((l) => l.bySecretary && l.heldOn >= '2026-01-01').map((l) => l.orgId),
    );
    const withSecretary = branchIds().filter((id) => secretaryOf.has(id));
    expect(withSecretaryLecture.size / withSecretary.length).toBeGreaterThan(0.75);
  });

  it('mixes statuses: mostly reviewed, some returned with a comment, a few drafts planned in the coming days', () => {
    const count = (s: string) => meetingRows.filter((m) => m.status === s).length;
    expect(count('reviewed') / meetingRows.length).toBeGreaterThan(0.7);
    expect(count('submitted')).toBeGreaterThan(100);
    const returned = meetingRows.filter((m) => m.status === 'returned');
    expect(returned.length).toBeGreaterThanOrEqual(5);
    for (const m of returned) {
      expect(m.reviewComment).toBeTruthy();
      expect(m.reviewedAt).not.toBeNull();
    }
    const planned = meetingRows.filter((m) => m.status === 'draft' && m.heldOn > TODAY);
    expect(planned.length).toBeGreaterThanOrEqual(1);
    for (const m of meetingRows) {
      if (m.status === 'draft') expect(m.submittedAt).toBeNull();
      if (m.reviewedAt && m.submittedAt) expect(m.reviewedAt >= m.submittedAt).toBe(true);
    }
  });

  it('plans meetings ahead for the demo member’s branch, with two answers already given (我的)', async () => {
    const [member] = await database.db.select().from(users).where(eq(users.username, 'member'));
    const [record] = await database.db
      .select()
      .from(members)
      .where(eq(members.id, member.memberId as number));
    const ahead = meetingRows.filter(
      (m) => m.orgId === record.orgId && m.startsAt.getTime() > Date.parse(`${TODAY}T16:00:00Z`),
    );
    expect(ahead.length).toBeGreaterThanOrEqual(1);
    for (const m of ahead) {
      expect(m.status).toBe('draft');
      expect(m.place).not.toBe('');
      expect(m.agenda).not.toBe('');
      expect((attendance.get(m.id) ?? []).map((a) => a.memberId)).toContain(record.id);
    }
    const answers = await database.db.select().from(meetingResponses);
    expect(answers.map((r) => r.response).sort()).toEqual(['attend', 'leave']);
    const leave = answers.find((r) => r.response === 'leave');
    const row = (attendance.get(leave?.meetingId ?? 0) ?? []).find((a) => a.memberId === leave?.memberId);
    expect(row).toMatchObject({ attendance: 'excused', reason: leave?.reason });
    // Other branches have plans too.
    const others = new Set(
      meetingRows
        .filter((m) => m.status === 'draft' && m.heldOn > TODAY && m.orgId !== record.orgId)
        .map((m) => m.orgId),
    );
    expect(others.size).toBeGreaterThanOrEqual(5);
  });

  it('leaves the secretary’s branch this quarter’s 党员大会 and this month’s 主题党日 to record', async () => {
    const home = result.orglife.home.id;
    const [role] = await database.db
      .select()
      .from(roleAssignments)
      .where(eq(roleAssignments.role, 'secretary'));
    expect(role.orgId).toBe(home);
    const quarter = periodOf(TODAY, 'quarter');
    const mine = meetingRows.filter((m) => m.orgId === home);
    expect(mine.filter((m) => m.kind === 'general_meeting' && m.heldOn >= quarter.start)).toHaveLength(0);
    expect(mine.filter((m) => m.kind === 'theme_day' && m.heldOn.startsWith(TODAY.slice(0, 7)))).toHaveLength(
      0,
    );
    // A plausible history otherwise: every closed period of 2026 met.
    const rows = await queryRows(
      database.db,
      sql`select rule_id as "ruleId", period_key as "periodKey", held, required,
            period_start::text as "periodStart", period_end::text as "periodEnd"
          from orglife_compliance where org_id = ${home}`,
      z.object({
        ruleId: z.string(),
        periodKey: z.string(),
        held: z.number(),
        required: z.number(),
        periodStart: z.string(),
        periodEnd: z.string(),
      }),
    );
    const open = rows.filter((r) => r.held < r.required && r.periodStart <= TODAY && r.periodEnd >= TODAY);
    expect(rows.filter((r) => r.held < r.required && r.periodEnd < TODAY)).toEqual([]);
    expect(open.map((r) => `${r.ruleId} ${r.periodKey}`)).toEqual(
      expect.arrayContaining(['orglife.generalMeetingPeriod 2026-Q4', 'orglife.themeDayPeriod 2026-11']),
    );
    // The secretary hears of it in the inbox.
    const [secretary] = await database.db.select().from(users).where(eq(users.username, 'secretary'));
    const inbox = await database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, secretary.id));
    expect(inbox.some((n) => n.kind === 'orglife.due')).toBe(true);
  });

  it('makes the heat map tell the truth: most branches at 85–98 %, a few weak ones, items due now', async () => {
    const rows = await queryRows(
      database.db,
      sql`select org_id as "orgId", count(*) filter (where held >= required)::int as met, count(*)::int as judged
          from orglife_compliance
          where period_end < ${TODAY} and exempt_reason is null and meeting_kind <> 'heart_talk'
          group by org_id`,
      z.object({ orgId: z.number(), met: z.number(), judged: z.number() }),
    );
    expect(rows.length).toBe(branchIds().length);
    const rate = new Map(rows.map((r) => [r.orgId, r.met / r.judged]));
    const rates = [...rate.values()];
    const missed = rows.reduce((s, r) => s + r.judged - r.met, 0) / rows.reduce((s, r) => s + r.judged, 0);
    console.log(`compliance: ${(100 * (1 - missed)).toFixed(1)} % of closed items met`);
    expect(missed).toBeGreaterThan(0.03);
    expect(missed).toBeLessThan(0.15);
    expect(rates.filter((r) => r >= 0.85).length / rates.length).toBeGreaterThan(0.75);
    expect(rates.filter((r) => r === 1).length / rates.length).toBeLessThan(0.3);
    expect(result.orglife.weak.length).toBeGreaterThanOrEqual(5);
    for (const w of result.orglife.weak) expect(rate.get(w.id)).toBeLessThan(0.8);
    const [{ due }] = await queryRows(
      database.db,
      sql`select count(*)::int as due from orglife_compliance
          where held < required and exempt_reason is null and period_start <= ${TODAY} and period_end >= ${TODAY}
          and meeting_kind in ('theme_day', 'general_meeting')`,
      z.object({ due: z.number() }),
    );
    expect(due).toBeGreaterThan(50);
  });

  it('records heart talks with a committee member, most members once this year, weak branches fewer', async () => {
    const talks = await database.db.select().from(heartTalks);
    const seats = await database.db.select().from(committeeMembers);
    const committee = new Set(seats.map((s) => `${s.orgId}:${s.memberId}`));
    let byCommittee = 0;
    for (const t of talks) {
      expect(t.memberId).not.toBe(t.talkerMemberId);
      expect(orgOn(t.memberId, `${t.talkedOn}~`)).toBe(t.orgId);
      expect(t.talkedOn <= TODAY && t.talkedOn >= from).toBe(true);
      if (committee.has(`${t.orgId}:${t.talkerMemberId}`)) byCommittee++;
      expect(t.summary.length).toBeGreaterThan(20);
    }
    expect(byCommittee / talks.length).toBeGreaterThan(0.97);
    const year = TODAY.slice(0, 4);
    const talked = new Set(talks.filter((t) => t.talkedOn.startsWith(year)).map((t) => t.memberId));
    const onRegister = current().filter((m) => branchIds().includes(m.orgId));
    const weak = new Set(result.orglife.weak.map((w) => w.id));
    const share = (list: typeof onRegister) => list.filter((m) => talked.has(m.id)).length / list.length;
    expect(share(onRegister.filter((m) => !weak.has(m.orgId)))).toBeGreaterThan(0.85);
    expect(share(onRegister.filter((m) => weak.has(m.orgId)))).toBeLessThan(0.65);
  });

  it('has two or three exemptions granted by the higher org, for periods with nothing held', async () => {
    const granted = await database.db.select().from(orglifeExemptions);
    expect(granted.length).toBeGreaterThanOrEqual(2);
    expect(granted.length).toBeLessThanOrEqual(3);
    const kindOf: Record<string, string> = {
      'orglife.themeDayPeriod': 'theme_day',
      'orglife.generalMeetingPeriod': 'general_meeting',
    };
    for (const e of granted) {
      expect(e.reason.length).toBeGreaterThan(5);
      expect(e.grantedBy).not.toBeNull();
      const heldThen = meetingRows.filter(
        (m) =>
          m.orgId === e.orgId &&
          m.kind === kindOf[e.ruleId] &&
          (e.periodKey.includes('Q')
            ? periodOf(m.heldOn, 'quarter').key === e.periodKey
            : m.heldOn.startsWith(e.periodKey)),
      );
      expect(heldThen).toEqual([]);
      const rows = await queryRows(
        database.db,
        sql`select exempt_reason as "exemptReason" from orglife_compliance
            where org_id = ${e.orgId} and rule_id = ${e.ruleId} and period_key = ${e.periodKey}`,
        z.object({ exemptReason: z.string().nullable() }),
      );
      expect(rows[0]?.exemptReason).toContain(e.reason);
    }
  });
});

describe('seedDemo: member development', () => {
  /** A case with its applicant's ID number and phone opened. */
  type Case = Omit<typeof developmentCases.$inferSelect, 'idNumber'> & { idNumber: string };
  type Step = typeof developmentSteps.$inferSelect;
  let cases: Case[];
  let stepsOf: Map<number, Step[]>;
  let home: number;
  const rulesOf = (c: Case) => ({ ...defaultRules, ...c.rules }) as Rules;
  const recordedOf = (c: Case): RecordedStep[] =>
    (stepsOf.get(c.id) ?? []).map((s) => ({
      key: s.key as StepKey,
      on: s.occurredOn,
      data: s.data as StepData,
    }));
  const stepOn = (c: Case, key: string) => stepsOf.get(c.id)?.find((s) => s.key === key)?.occurredOn;

  beforeAll(async () => {
    cases = (await database.db.select().from(developmentCases).orderBy(asc(developmentCases.id))).map((c) => {
      expect(c.idNumber).toBeNull();
      expect(c.idNumberHash).toBe(hashOf('idNumber', opened(c.idNumberEnc) ?? ''));
      return { ...c, idNumber: opened(c.idNumberEnc) ?? '', phone: opened(c.phoneEnc) };
    });
    stepsOf = new Map();
    for (const s of await database.db.select().from(developmentSteps).orderBy(asc(developmentSteps.id)))
      stepsOf.set(s.caseId, [...(stepsOf.get(s.caseId) ?? []), s]);
    home = result.orglife.home.id;
  });

  it('replays every case through the engine without an error, with the warnings it stored', () => {
    expect(cases.length).toBeGreaterThan(50);
    let warned = 0;
    for (const c of cases) {
      const facts = { version: c.version as DevelopmentVersion, birthDate: c.birthDate };
      const rules = rulesOf(c);
      const done: RecordedStep[] = [];
      for (const [i, step] of recordedOf(c).entries()) {
        expect(step.on <= TODAY).toBe(true);
        const check = checkStep(facts, done, step, { today: step.on, rules });
        expect(check.errors, `${c.name} ${step.key} ${step.on}`).toEqual([]);
        const stored = (stepsOf.get(c.id)?.[i].warnings ?? []) as { code: string }[];
        expect(stored.map((w) => w.code)).toEqual(check.warnings.map((w) => w.code));
        warned += stored.length;
        done.push(step);
      }
      // The derived columns are the engine's state today.
      const st = caseState(facts, done, rules);
      expect(c.stage).toBe(st.stage);
      expect(c.status).toBe(c.closedOn ? 'closed' : st.status);
      expect(c.lastStepKey).toBe(st.lastKey);
      expect(c.lastStepOn).toBe(st.lastOn);
      expect(c.appliedOn).toBe(st.appliedOn);
      expect(c.activistOn).toBe(st.activistOn);
      expect(c.candidateEligibleOn).toBe(st.candidateEligibleOn);
      expect(c.admittedOn).toBe(st.admittedOn);
      expect(c.probationEndsOn).toBe(st.probationEndsOn);
      expect(c.confirmedOn).toBe(st.confirmedOn);
      if (c.status === 'active') {
        expect(c.nextKey).toBe(st.next[st.next.length - 1]?.key ?? null);
        const dues = st.next
          .map((n) => n.due)
          .filter(Boolean)
          .sort();
        expect(c.nextDueOn).toBe(dues[0] ?? null);
      }
      // A case keeps the 细则 it was opened under: no 2014 case opened after the 2026 revision.
      if (c.version === '2014') expect(c.appliedOn < VERSION_2026_FROM).toBe(true);
      else expect(c.orgId === home || c.appliedOn >= VERSION_2026_FROM).toBe(true);
      expect(c.rules['development.activistMinMonths']).toBe(12);
    }
    // A few late talks and assessments, kept as warnings on their steps.
    expect(warned).toBeGreaterThan(0);
    expect(warned).toBeLessThan(cases.length / 2);
  });

  it('has cases at every stage across the tree, and the showcase in the demo branch', () => {
    const active = cases.filter((c) => c.status === 'active');
    for (const stage of ['applicant', 'activist', 'candidate', 'probationary'])
      expect(active.filter((c) => c.stage === stage).length, stage).toBeGreaterThanOrEqual(5);
    expect(cases.filter((c) => c.status === 'completed').length).toBeGreaterThanOrEqual(3);
    expect(cases.filter((c) => c.status === 'closed').length).toBeGreaterThanOrEqual(2);
    const branches = new Set(cases.map((c) => c.orgId));
    const total = orgRows.filter((o) => ['branch', 'joint_branch'].includes(o.kind) && o.status === 'active');
    expect(branches.size / total.length).toBeGreaterThan(0.08);
    expect(branches.size / total.length).toBeLessThan(0.16);

    const mine = cases.filter((c) => c.orgId === home);
    const month = TODAY.slice(0, 7);
    const one = (what: string, pred: (c: Case) => boolean) =>
      expect(mine.filter(pred).length, what).toBeGreaterThanOrEqual(1);
    one('applicant awaiting the talk, due within two weeks', (c) => {
      const due = c.nextDueOn ?? '';
      return c.nextKey === 'application_talk' && due >= TODAY && due <= addDays(TODAY, 14);
    });
    one('applicant talked to', (c) => c.stage === 'applicant' && c.lastStepKey === 'application_talk');
    one(
      'activist with an overdue assessment',
      (c) =>
        c.status === 'active' &&
        c.stage === 'activist' &&
        c.nextKey === 'activist_assessment' &&
        (c.nextDueOn ?? '') < TODAY,
    );
    one(
      'activist eligible this month',
      (c) => c.status === 'active' && c.stage === 'activist' && c.candidateEligibleOn?.slice(0, 7) === month,
    );
    one('2026 candidate in public notice', (c) => {
      const filed = stepsOf.get(c.id)?.find((s) => s.key === 'candidate_filed');
      const notice = (filed?.data as StepData | undefined)?.notice;
      return c.version === '2026' && c.lastStepKey === 'candidate_filed' && !!notice && notice.to >= TODAY;
    });
    one('candidate with sponsors', (c) => c.stage === 'candidate' && c.lastStepKey === 'sponsors_assigned');
    one(
      'candidate whose branch vote is due after the pre-review',
      (c) => c.nextKey === 'admission_vote' && !!stepOn(c, 'higher_pre_review') && !!c.nextDueOn,
    );
    one('admission vote awaiting approval', (c) => c.nextKey === 'admission_approval');
    one(
      'probation ends within 60 days',
      (c) =>
        c.stage === 'probationary' &&
        (c.probationEndsOn ?? '') >= TODAY &&
        (c.probationEndsOn ?? '') <= addDays(TODAY, 60),
    );
    one('probation extended', (c) => c.stage === 'probationary' && (c.extensionMonths ?? 0) > 0);
    one('completed', (c) => c.status === 'completed' && c.stage === 'full');
    one('withdrawn', (c) => c.status === 'closed' && !!c.closedReason);
  });

  it('links admitted cases to the register: 入党日期 is the admission vote, 转正 the end of probation', () => {
    const byId = new Map(memberRows.map((m) => [m.id, m]));
    const admitted = cases.filter((c) => c.admittedOn !== null);
    expect(admitted.length).toBeGreaterThan(10);
    for (const c of cases) {
      if (c.admittedOn === null) {
        expect(c.memberId).toBeNull();
        continue;
      }
      const m = byId.get(c.memberId ?? -1);
      expect(m, c.name).toBeDefined();
      expect(m?.joinedOn).toBe(stepOn(c, 'admission_vote'));
      expect(m?.joinedOn).toBe(c.admittedOn);
      expect(m?.name).toBe(c.name);
      expect(m?.idNumber).toBe(c.idNumber);
      expect(m?.birthDate).toBe(c.birthDate);
      expect(m?.gender).toBe(c.gender);
      expect(m?.orgId).toBe(c.orgId);
      if (c.stage === 'full') {
        expect(m?.category).toBe('full');
        expect(m?.confirmedOn).toBe(c.confirmedOn);
      } else {
        expect(m?.category).toBe('probationary');
        expect(m?.probationExtendedMonths ?? null).toBe(c.extensionMonths);
      }
    }
  });

  it('opens new cases for adults of 18–45 with valid ID numbers, and names real full members as mentors and sponsors', async () => {
    const memberIds = new Set(memberRows.map((m) => m.idNumber));
    const disciplined = new Set((await database.db.select().from(memberDisciplines)).map((d) => d.memberId));
    const byId = new Map(memberRows.map((m) => [m.id, m]));
    for (const c of cases) {
      expect(c.idNumber[17]).toBe(idNumberCheckDigit(c.idNumber.slice(0, 17)));
      expect(c.idNumber.slice(6, 14)).toBe(c.birthDate.replaceAll('-', ''));
      expect(Number(c.idNumber[16]) % 2 === 1 ? 'male' : 'female').toBe(c.gender);
      const age = ageOn(c.birthDate, c.appliedOn);
      expect(age).toBeGreaterThanOrEqual(18);
      if (c.memberId === null) {
        expect(age).toBeLessThanOrEqual(45);
        expect(memberIds.has(c.idNumber)).toBe(false);
      }
      for (const s of stepsOf.get(c.id) ?? []) {
        const data = s.data as StepData;
        for (const p of [...(data.mentors ?? []), ...(data.sponsors ?? [])]) {
          const m = byId.get(p.memberId);
          expect(m?.name).toBe(p.name);
          expect(m?.orgId).toBe(c.orgId);
          expect(m?.confirmedOn != null && m.confirmedOn < s.occurredOn).toBe(true);
          expect(disciplined.has(p.memberId)).toBe(false);
        }
        if (s.key === 'sponsors_assigned') expect(data.sponsors).toHaveLength(2);
        if (data.vote) {
          expect(data.vote.expectedVoting).toBe(data.branchFullMembers);
          expect(data.vote.presentVoting).toBeLessThanOrEqual(data.vote.expectedVoting);
        }
      }
    }
  });

  it('has this year’s development plans and two discipline records', async () => {
    const plans = await database.db.select().from(developmentPlans);
    const districts = orgRows.filter(
      (o) => o.kind === 'committee' && o.depth === 1 && /[区县]委员会$/.test(o.name),
    );
    expect(districts.length).toBe(8);
    for (const d of districts) expect(plans.some((p) => p.orgId === d.id)).toBe(true);
    expect(plans.length).toBeGreaterThan(districts.length);
    for (const p of plans) {
      expect(p.year).toBe(Number(TODAY.slice(0, 4)));
      const org = orgRows.find((o) => o.id === p.orgId);
      const admitted = memberRows.filter(
        (m) => m.orgPath.startsWith(`${org?.path}.`) && m.joinedOn >= `${p.year}-01-01`,
      ).length;
      expect(p.quota).toBeGreaterThan(admitted);
      expect(p.quota).toBeLessThan(admitted * 3 + 20);
    }
    const kept = await database.db.select().from(memberDisciplines);
    expect(kept.map((d) => d.kind).sort()).toEqual(['probation_watch', 'warning']);
    const watch = kept.find((d) => d.kind === 'probation_watch');
    expect(memberRows.find((m) => m.id === watch?.memberId)?.orgId).toBe(home);
    expect((watch?.endsOn ?? '') > TODAY && (watch?.decidedOn ?? '') < TODAY).toBe(true);
    const approving = orgRows.filter((o) => o.approvesDevelopment);
    expect(approving.every((o) => o.kind === 'committee')).toBe(true);
    expect(
      orgRows.find((o) => o.id === orgRows.find((x) => x.id === home)?.parentId)?.approvesDevelopment,
    ).toBe(true);
  });
});

describe('seedDemo: a year of dues', () => {
  interface Profile {
    id: number;
    memberId: number;
    orgId: number;
    category: DuesCategory;
    effectiveMonth: string;
    baseFen: number | null;
    amountFen: number | null;
    status: string;
    approvalOrgId: number | null;
    approvalRef: string | null;
    decidedOn: string | null;
  }
  interface Ledger {
    id: number;
    memberId: number;
    orgId: number;
    orgPath: string;
    month: string;
    expectedFen: number | null;
    paidFen: number;
    status: string;
    profileId: number | null;
    lastPaidOn: string | null;
  }
  interface Payment {
    id: number;
    memberId: number;
    ledgerId: number | null;
    orgId: number;
    month: string;
    kind: string;
    amountFen: number;
    paidOn: string;
    method: string;
    payerName: string | null;
    externalRef: string | null;
    late: boolean;
    toCentre: boolean;
    voided: boolean;
    voidReason: string | null;
  }
  interface Remittance {
    fromOrgId: number;
    toOrgId: number;
    amountFen: number;
    remittedOn: string;
    status: string;
    confirmedOn: string | null;
  }
  const json = async <T>(query: ReturnType<typeof sql>) =>
    JSON.parse(
      (await queryRows(database.db, query, z.object({ j: z.string().nullable() })))[0].j ?? '[]',
    ) as T[];
  let profiles: Profile[];
  let ledger: Ledger[];
  let payments: Payment[];
  let remittances: Remittance[];
  let home: number;
  const current = TODAY.slice(0, 7);
  const ledgerMonths = monthRange(addMonthsTo(current, -11), current).map(firstDay);
  const byMember = <T extends { memberId: number }>(rows: T[]) => {
    const out = new Map<number, T[]>();
    for (const r of rows) out.set(r.memberId, [...(out.get(r.memberId) ?? []), r]);
    return out;
  };

  beforeAll(async () => {
    home = result.orglife.home.id;
    [profiles, ledger, payments, remittances] = await Promise.all([
      json<Profile>(sql`select json_agg(json_build_object('id', id, 'memberId', member_id, 'orgId', org_id,
          'category', category, 'effectiveMonth', effective_month, 'baseFen', base_fen, 'amountFen', amount_fen,
          'status', status, 'approvalOrgId', approval_org_id, 'approvalRef', approval_ref, 'decidedOn', decided_on)
          order by id)::text as j from dues_profiles`),
      json<Ledger>(sql`select json_agg(json_build_object('id', id, 'memberId', member_id, 'orgId', org_id,
          'orgPath', org_path::text, 'month', month, 'expectedFen', expected_fen, 'paidFen', paid_fen,
          'status', status, 'profileId', profile_id, 'lastPaidOn', last_paid_on) order by id)::text as j
          from dues_ledger`),
      json<Payment>(sql`select json_agg(json_build_object('id', id, 'memberId', member_id, 'ledgerId', ledger_id,
          'orgId', org_id, 'month', month, 'kind', kind, 'amountFen', amount_fen, 'paidOn', paid_on,
          'method', method, 'payerName', payer_name, 'externalRef', external_ref, 'late', late,
          'toCentre', to_centre, 'voided', voided_at is not null, 'voidReason', void_reason) order by id)::text as j
          from dues_payments`),
      json<Remittance>(sql`select json_agg(json_build_object('fromOrgId', from_org_id, 'toOrgId', to_org_id,
          'amountFen', amount_fen, 'remittedOn', remitted_on, 'status', status, 'confirmedOn', confirmed_on)
          order by remitted_on, id)::text as j from dues_remittances`),
    ]);
    const { ms, ...counts } = result.dues;
    console.log(`seedDues: ${ms} ms; ${JSON.stringify(counts)}`);
  }, 60_000);

  it('gives every current member a profile and a ledger row for each month of the year they owe', () => {
    expect(ledger.length).toBeGreaterThan(90_000);
    // Deceased members are left out here: the register keeps no left_on for them, so the daily job's
    // ensureLedger gives them a current-month row the seed (which stops at the death) does not.
    expect(new Set(ledger.map((r) => r.month))).toEqual(new Set(ledgerMonths));
    const rowsOf = byMember(ledger);
    const profilesOf = byMember(profiles.filter((p) => p.status === 'active'));
    const orgOf = new Map(orgRows.map((o) => [o.id, o]));
    let seeded = 0;
    for (const m of memberRows) {
      if (m.status === 'deceased') continue;
      const rows = rowsOf.get(m.id) ?? [];
      seeded += rows.length;
      const owed = ledgerMonths.filter((d) => owesMonth(m.joinedOn, m.leftOn, d.slice(0, 7)));
      expect(rows.map((r) => r.month).sort(), `member ${m.id}`).toEqual(owed);
      if (owed.length) expect(profilesOf.get(m.id)?.length, `member ${m.id}`).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.orgId).toBe(m.orgId);
        expect(r.orgPath).toBe(m.orgPath);
      }
      // The category fits the record: village branches pay as farmers, 60 and over as retired.
      const first = profilesOf.get(m.id)?.[0];
      const org = orgOf.get(m.orgId);
      if (!first || !org) continue;
      if (org.sector === 'rural' && org.name.includes('村')) expect(first.category).toBe('farmer');
      else if (ageOn(m.birthDate, TODAY) >= 60) expect(first.category).toBe('retired');
    }
    expect(seeded).toBeLessThanOrEqual(result.dues.ledgerRows);
    expect(seeded).toBeGreaterThan(result.dues.ledgerRows - 300);
  });

  it('computes every amount as the server would (computeMonth of the active profiles) and keeps status, paid and last paid in step with the payments', () => {
    const active = byMember(
      profiles
        .filter((p) => p.status === 'active')
        .map((p) => ({ ...p, effectiveMonth: p.effectiveMonth }) as ProfileRow),
    );
    const paid = new Map<number, { sum: number; last: string | null }>();
    for (const p of payments) {
      if (p.kind !== 'regular' || p.voided || p.ledgerId === null) continue;
      const s = paid.get(p.ledgerId) ?? { sum: 0, last: null };
      s.sum += p.amountFen;
      if (!s.last || p.paidOn > s.last) s.last = p.paidOn;
      paid.set(p.ledgerId, s);
    }
    const statuses: Record<string, number> = {};
    for (const r of ledger) {
      const c = computeMonth(active.get(r.memberId) ?? [], r.month.slice(0, 7), defaultRules);
      expect(r.expectedFen, `row ${r.id}`).toBe(c.expectedFen);
      expect(r.profileId).toBe(c.profileId);
      const p = paid.get(r.id) ?? { sum: 0, last: null };
      expect(r.paidFen, `row ${r.id}`).toBe(p.sum);
      expect(r.lastPaidOn).toBe(p.last);
      expect(r.status).toBe(ledgerStatus(r.expectedFen, r.paidFen));
      if (r.expectedFen !== null) expect(r.paidFen).toBeLessThanOrEqual(r.expectedFen);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
    expect(statuses.paid / ledger.length).toBeGreaterThan(0.9);
    expect(statuses.partial).toBeGreaterThanOrEqual(5);
    expect(statuses.exempt).toBeGreaterThanOrEqual(5);
  });

  it('has realistic profiles: brackets and edges, farmers per branch, hardship approved by the parent, two pending', () => {
    const count = (c: DuesCategory) =>
      new Set(profiles.filter((p) => p.category === c).map((p) => p.memberId)).size;
    for (const c of [
      'employed',
      'retired',
      'farmer',
      'student',
      'unemployed',
      'annual_salary',
      'self_employed',
    ] as const)
      expect(count(c), c).toBeGreaterThan(c === 'student' || c === 'annual_salary' ? 5 : 20);
    expect(count('employed')).toBeGreaterThan(3500);
    const employed = profiles.filter((p) => p.category === 'employed');
    expect(employed.filter((p) => p.baseFen === 300_000).length).toBeGreaterThanOrEqual(3);
    expect(employed.filter((p) => p.baseFen === 500_000).length).toBeGreaterThanOrEqual(3);
    for (const p of employed) expect(p.baseFen).toBeGreaterThanOrEqual(280_000);
    for (const p of profiles.filter((x) => x.category === 'retired')) {
      expect(p.baseFen).toBeGreaterThanOrEqual(300_000);
      expect(p.baseFen).toBeLessThanOrEqual(920_000);
    }
    const farmerAmounts = new Map<number, Set<number | null>>();
    for (const p of profiles.filter((x) => x.category === 'farmer')) {
      expect(p.amountFen).toBeGreaterThanOrEqual(20);
      expect(p.amountFen).toBeLessThanOrEqual(100);
      farmerAmounts.set(p.orgId, (farmerAmounts.get(p.orgId) ?? new Set()).add(p.amountFen));
    }
    for (const amounts of farmerAmounts.values()) expect(amounts.size).toBe(1);
    // Salary changes: a second profile from a later month.
    const changed = [...byMember(profiles.filter((p) => p.status === 'active')).values()].filter(
      (l) => l.length > 1,
    );
    expect(changed.length).toBeGreaterThan(100);
    const orgOf = new Map(orgRows.map((o) => [o.id, o]));
    const hardship = profiles.filter((p) => p.category.startsWith('hardship_'));
    const approved = hardship.filter((p) => p.status === 'active');
    expect(approved.filter((p) => p.category === 'hardship_exempt').length).toBeGreaterThanOrEqual(2);
    expect(approved.filter((p) => p.category === 'hardship_reduced').length).toBeGreaterThanOrEqual(2);
    for (const p of hardship) {
      expect(p.approvalOrgId).toBe(orgOf.get(p.orgId)?.parentId);
      if (p.status === 'active') {
        expect(p.approvalRef).toMatch(/〔\d{4}〕\d+号$/);
        expect(p.decidedOn && p.decidedOn < p.effectiveMonth).toBe(true);
      }
    }
    const pending = profiles.filter((p) => p.status === 'pending');
    expect(pending).toHaveLength(2);
    const district = orgOf.get(home)?.path.split('.').slice(0, 2).join('.');
    for (const p of pending) {
      expect(p.category.startsWith('hardship_')).toBe(true);
      expect(orgOf.get(p.orgId)?.path.startsWith(`${district}.`)).toBe(true);
      expect(ledger.some((r) => r.profileId === p.id)).toBe(false);
    }
    expect(pending.some((p) => p.orgId === home)).toBe(true);
  });

  it('records payments the application would accept, with their flags, methods and one void', () => {
    const rowById = new Map(ledger.map((r) => [r.id, r]));
    for (const p of payments) {
      const row = p.ledgerId === null ? null : rowById.get(p.ledgerId);
      if (p.kind === 'regular') {
        expect(row?.memberId).toBe(p.memberId);
        expect(row?.month).toBe(p.month);
      }
      expect(p.paidOn <= TODAY).toBe(true);
      expect(p.late).toBe(p.kind === 'regular' && monthDiff(p.month.slice(0, 7), p.paidOn.slice(0, 7)) > 6);
      expect(p.toCentre).toBe(p.kind === 'voluntary' && p.amountFen >= 100_000);
      expect(monthDiff(p.paidOn.slice(0, 7), p.month.slice(0, 7))).toBeLessThanOrEqual(2);
      expect(p.externalRef !== null).toBe(p.method === 'online');
    }
    const methods = new Set(payments.map((p) => p.method));
    expect(methods).toEqual(new Set(['cash', 'transfer', 'online']));
    expect(payments.filter((p) => p.payerName).length).toBeGreaterThan(100);
    expect(payments.filter((p) => p.late).length).toBeGreaterThanOrEqual(5);
    const voided = payments.filter((p) => p.voided);
    expect(voided).toHaveLength(1);
    expect(voided[0].voidReason).toBeTruthy();
    expect(payments.filter((p) => p.kind === 'voluntary').length).toBeGreaterThanOrEqual(5);
    expect(payments.filter((p) => p.toCentre)).toHaveLength(1);
    // Quarterly payers: three months paid on one day, ahead of two of them.
    const quarterly = new Set(
      payments
        .filter((p) => p.kind === 'regular' && p.paidOn.slice(0, 7) < p.month.slice(0, 7))
        .map((p) => p.memberId),
    );
    expect(quarterly.size).toBeGreaterThan(300);
  });

  it('has arrears at realistic shares, lapse flags in the demo branch, and half of this month still to collect', async () => {
    const rowsOf = byMember(ledger);
    const level = new Map<number, string | null>();
    for (const m of memberRows) {
      if (m.status === 'left' || m.status === 'deceased') continue;
      const rows = (rowsOf.get(m.id) ?? []).map((r) => ({
        month: r.month.slice(0, 7),
        expectedFen: r.expectedFen,
        paidFen: r.paidFen,
      }));
      level.set(m.id, arrearsOf(rows, current, defaultRules).level);
    }
    const share = (l: string) => [...level.values()].filter((x) => x === l).length / level.size;
    expect(share('arrears')).toBeGreaterThan(0.03);
    expect(share('arrears')).toBeLessThan(0.08);
    expect(share('warning')).toBeGreaterThan(0.008);
    expect(share('warning')).toBeLessThan(0.03);
    expect(share('lapse')).toBeGreaterThan(0.002);
    expect(share('lapse')).toBeLessThan(0.008);
    const homeMembers = memberRows.filter((m) => m.orgId === home && level.has(m.id));
    const homeLapse = homeMembers.filter((m) => level.get(m.id) === 'lapse');
    expect(homeLapse.length).toBeGreaterThanOrEqual(2);
    const unpaidIn = (month: string) =>
      ledger.filter((r) => r.orgId === home && r.month === firstDay(month) && r.status === 'unpaid').length;
    expect(unpaidIn(current)).toBeGreaterThanOrEqual(5);
    expect(unpaidIn(addMonthsTo(current, -1))).toBeGreaterThanOrEqual(6);
    // The collection journey pays members who owe only last month, taking them off the arrears list.
    const onlyLastMonth = homeMembers.filter((m) => {
      const rows = (rowsOf.get(m.id) ?? []).map((r) => ({
        month: r.month.slice(0, 7),
        expectedFen: r.expectedFen,
        paidFen: r.paidFen,
      }));
      return arrearsOf(rows, current, defaultRules).owedMonths.join() === addMonthsTo(current, -1);
    });
    expect(onlyLastMonth.length).toBeGreaterThanOrEqual(4);
    const thisMonth = ledger.filter((r) => r.month === firstDay(current) && (r.expectedFen ?? 0) > 0);
    const paidShare = thisMonth.filter((r) => r.status === 'paid').length / thisMonth.length;
    expect(paidShare).toBeGreaterThan(0.4);
    expect(paidShare).toBeLessThan(0.7);
    // One of the demo branch's lapse members has the branch's decision, the other waits for one.
    const decisions = await database.db.select().from(duesLapseDecisions);
    expect(decisions).toHaveLength(1);
    expect(decisions[0].orgId).toBe(home);
    expect(homeLapse.map((m) => m.id)).toContain(decisions[0].memberId);
    expect(decisions[0].decision).toBe('deadline_set');
    expect((decisions[0].deadlineOn ?? '') > TODAY).toBe(true);
    // The decision names its run; the other lapse runs of the branch wait for theirs.
    const runs = await queryRows(
      database.db,
      sql`select id, member_id as "memberId", level, status, to_char(last_month, 'YYYY-MM') as "lastMonth"
          from dues_arrears_runs where org_id = ${home} order by id`,
      z.object({
        id: z.number(),
        memberId: z.number(),
        level: z.string(),
        status: z.string(),
        lastMonth: z.string(),
      }),
    );
    expect(runs.find((r) => r.id === decisions[0].runId)).toMatchObject({
      level: 'lapse',
      status: 'decided',
    });
    // A six-month run earlier in the year, paid back since: nothing owed, still awaiting a decision.
    const paidBack = result.dues.home.paidBack;
    expect(runs.filter((r) => r.memberId === paidBack && r.level === 'lapse')).toEqual([
      expect.objectContaining({ status: 'open', lastMonth: addMonthsTo(current, -5) }),
    ]);
    expect(level.get(paidBack) ?? null).toBeNull();
  });

  it("the migration's backfill of runs gives what the server's detectRuns stored", async () => {
    const backfill = readFileSync(
      new URL('../../src/server/db/migrations/0013_dues_lapse_runs.sql', import.meta.url),
      'utf8',
    )
      .split('--> statement-breakpoint')
      .find((part) => part.includes('DO $$')) as string;
    const cols = sql`member_id, level, first_month::text, last_month::text, reached_month::text, expected_fen, status`;
    const run = z.object({
      member_id: z.number(),
      level: z.string(),
      first_month: z.string(),
      last_month: z.string(),
      reached_month: z.string(),
      expected_fen: z.number(),
      status: z.string(),
    });
    const stored = await queryRows(
      database.db,
      sql`select ${cols} from dues_arrears_runs order by 1, 2, 3`,
      run,
    );
    expect(stored.length).toBeGreaterThan(50);
    const ROLLBACK = new Error('rollback');
    await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`update dues_lapse_decisions set run_id = null`);
        await tx.execute(sql`delete from dues_arrears_runs`);
        await tx.execute(sql.raw(`set local jiceng.today = '${TODAY}'`));
        await tx.execute(sql.raw(backfill));
        expect(await queryRows(tx, sql`select ${cols} from dues_arrears_runs order by 1, 2, 3`, run)).toEqual(
          stored,
        );
        // The decision finds its run again.
        const [d] = await queryRows(
          tx,
          sql`select count(*)::int as n from dues_lapse_decisions d join dues_arrears_runs r on r.id = d.run_id
              where r.level = 'lapse' and r.status = 'decided'`,
          z.object({ n: z.number() }),
        );
        expect(d.n).toBe(1);
        throw ROLLBACK;
      })
      .catch((e) => {
        if (e !== ROLLBACK) throw e;
      });
  });

  it('remits up the tree, child to parent, never more than the org held, one still in transit', () => {
    const orgOf = new Map(orgRows.map((o) => [o.id, o]));
    expect(remittances.length).toBeGreaterThan(200);
    expect(remittances.filter((r) => r.status === 'sent')).toHaveLength(1);
    expect(
      remittances
        .filter((r) => r.status === 'confirmed')
        .every((r) => r.confirmedOn && r.confirmedOn >= r.remittedOn),
    ).toBe(true);
    const collectedBy = new Map<number, Payment[]>();
    for (const p of payments)
      if (!p.voided) collectedBy.set(p.orgId, [...(collectedBy.get(p.orgId) ?? []), p]);
    for (const r of remittances) {
      expect(orgOf.get(r.fromOrgId)?.parentId).toBe(r.toOrgId);
      expect(r.amountFen).toBeGreaterThan(0);
      const on = r.remittedOn;
      const collected = (collectedBy.get(r.fromOrgId) ?? [])
        .filter((p) => p.paidOn <= on)
        .reduce((s, p) => s + p.amountFen, 0);
      const received = remittances
        .filter((x) => x.toOrgId === r.fromOrgId && x.status === 'confirmed' && (x.confirmedOn ?? '') <= on)
        .reduce((s, x) => s + x.amountFen, 0);
      const sent = remittances
        .filter((x) => x.fromOrgId === r.fromOrgId && x.remittedOn <= on)
        .reduce((s, x) => s + x.amountFen, 0);
      expect(sent, `org ${r.fromOrgId} on ${on}`).toBeLessThanOrEqual(collected + received);
    }
    expect(remittances.some((r) => orgOf.get(r.fromOrgId)?.kind === 'committee')).toBe(true);
  });
});

describe('seedDemo: 两新组织 coverage units', () => {
  const unitRow = z.object({
    name: z.string(),
    kind: z.string(),
    orgId: z.number(),
    orgPath: z.string(),
    coveredBy: z.number().nullable(),
  });
  let units: z.infer<typeof unitRow>[];
  beforeAll(async () => {
    units = await queryRows(
      database.db,
      sql`select name, kind, org_id as "orgId", org_path::text as "orgPath", covered_by_org_id as "coveredBy"
          from coverage_units order by id`,
      unitRow,
    );
  });

  it('belong to street and town committees, with their path copy', () => {
    const orgOf = new Map(orgRows.map((o) => [o.id, o]));
    expect(units.length).toBeGreaterThan(60);
    for (const u of units) {
      const area = orgOf.get(u.orgId);
      expect(area?.kind).toBe('committee');
      expect(area?.divisionCode).toHaveLength(9);
      expect(u.orgPath).toBe(area?.path);
    }
    expect(new Set(units.map((u) => u.orgId)).size).toBeGreaterThan(10);
  });

  it('cover every joint branch’s listed units by that branch, and each two-new org’s own unit', () => {
    for (const o of orgRows.filter((x) => x.kind === 'joint_branch' && x.status === 'active')) {
      for (const name of o.coveredUnits) {
        expect(units.find((u) => u.name === name)?.coveredBy, name).toBe(o.id);
      }
    }
    const company = units.find((u) => u.name === '甘肃陇原建设集团有限公司');
    expect(orgRows.find((o) => o.id === company?.coveredBy)?.kind).toBe('general_branch');
  });

  it('give realistic rates: enterprises about three in four, social organizations lower', () => {
    const rate = (kind: string) => {
      const all = units.filter((u) => u.kind === kind);
      return all.filter((u) => u.coveredBy !== null).length / all.length;
    };
    expect(rate('private_enterprise')).toBeGreaterThanOrEqual(0.7);
    expect(rate('private_enterprise')).toBeLessThanOrEqual(0.8);
    expect(rate('social_organization')).toBeLessThan(rate('private_enterprise'));
    expect(rate('social_organization')).toBeGreaterThan(0.3);
    expect(units.filter((u) => u.kind === 'state_enterprise').length).toBeGreaterThan(3);
    expect(new Set(units.map((u) => `${u.orgId}:${u.name}`)).size).toBe(units.length);
    expect(
      units.filter((u) => !/公司|会|中心|事务所|幼儿园|服务队|集团/.test(u.name)).map((u) => u.name),
    ).toEqual([]);
  });
});
