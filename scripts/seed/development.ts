/**
 * 发展党员 for the demo: development cases at every stage across the tree, the yearly development
 * plans of the district committees and a few street committees, and two discipline records.
 *
 * Every case is built by replaying its steps through the procedure engine (checkStep with the
 * step's own date as `today`): a step the engine refuses throws, so the demo never holds a case
 * that the application itself would not let anyone record. The case row's derived columns come
 * from caseState at the demo's `today`.
 *
 * People already on the register as probationary or full members keep their row: the case uses
 * their name, ID number and birth date, its admission vote is their 入党日期 (joined_on) and its
 * confirmation their 转正日期; where the organizational-life seed recorded the vote on a 党员大会,
 * the case takes that meeting's counts. Applicants, activists and candidates are new people.
 *
 * The demo secretary's branch gets a showcase (one case per situation a secretary meets). It has
 * no probationary member in the register, so the two probationary showcase members are added to
 * it here, with their admission vote (and the extension vote) written onto that branch's 党员大会
 * records and attendance at the meetings after they joined.
 *
 * Deterministic in `seed` and `today`.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays, addMonths, addYears, daysBetween, type IsoDate } from '../../src/domain/common/dates.js';
import { personNameKeys } from '../../src/domain/common/pinyin.js';
import {
  caseState,
  checkStep,
  type MemberFact,
  type RecordedStep,
  type StepData,
  type StepKey,
  type VoteRecord,
} from '../../src/domain/development/engine.js';
import { type DevelopmentVersion, stepByKey, stepRecorder } from '../../src/domain/development/steps.js';
import { nthWorkingDayFrom } from '../../src/domain/development/working-days.js';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import { neededToExceed } from '../../src/domain/orglife/votes.js';
import { RULE_IDS, type Rules } from '../../src/domain/rules/index.js';
import { type DbOrTx, queryRows } from '../../src/server/db/client.js';
import {
  developmentCases,
  developmentPlans,
  developmentSteps,
  meetingAttendance,
  memberDisciplines,
  memberEvents,
  members,
} from '../../src/server/db/schema/index.js';
import { unseal } from '../../src/server/lib/pii.js';
import { loadRules } from '../../src/server/modules/settings/rules.js';
import { bulkInsert, inTurn } from './bulk.js';
import { type Gender, personName } from './names.js';
import { Rng } from './prng.js';
import { sealedCase, sealedMember } from './sealed.js';

export interface SeedDevelopmentOptions {
  today: IsoDate;
  seed?: number;
}

export interface SeedDevelopmentResult {
  cases: number;
  steps: number;
  /** Active cases by stage, and closed ones by status. */
  byStage: Record<string, number>;
  byStatus: Record<string, number>;
  branches: number;
  plans: number;
  disciplines: number;
  /** Warnings kept on the steps (late talks, late assessments, late approvals). */
  warnings: number;
  home: { id: number; cases: number };
}

/** The day the 2026 细则 took effect: cases opened on or after it run under it. */
export const VERSION_2026_FROM = '2026-05-18';
const DEFAULT_SEED = 20240626;

// Dates are raw `date` columns: both drivers give them as YYYY-MM-DD text (see db/client.ts).
const orgRow = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  path: z.string(),
  kind: z.string(),
  sector: z.string(),
  name: z.string(),
  status: z.string(),
  foundedOn: z.string(),
  divisionCode: z.string().nullable(),
  depth: z.number(),
});
type OrgRow = z.infer<typeof orgRow>;

interface MemberRow {
  id: number;
  orgId: number;
  groupId: number | null;
  name: string;
  namePinyin: string;
  nameInitials: string;
  gender: string;
  birthDate: IsoDate;
  idNumber: string;
  phone: string | null;
  ethnicity: string | null;
  education: string | null;
  workUnit: string | null;
  category: string;
  status: string;
  joinedOn: IsoDate;
  confirmedOn: IsoDate | null;
  probationExtendedMonths: number | null;
  transferred: boolean;
}

type SealedMemberRow = Omit<MemberRow, 'idNumber' | 'phone'> & {
  idNumberEnc: string | null;
  phoneEnc: string | null;
};

interface Person {
  name: string;
  namePinyin: string;
  nameInitials: string;
  gender: string;
  birthDate: IsoDate;
  idNumber: string;
  phone: string | null;
  ethnicity: string | null;
  education: string | null;
  workUnit: string | null;
}

const meetingRow = z.object({
  id: z.number(),
  orgId: z.number(),
  kind: z.string(),
  heldOn: z.string(),
  status: z.string(),
  // jsonb: both drivers parse it. The fields read here of the stored MeetingVote.
  votes: z.array(
    z.object({
      subject: z.string(),
      forVotes: z.number(),
      against: z.number(),
      abstain: z.number(),
      expectedVoting: z.number(),
      presentVoting: z.number(),
      passed: z.boolean(),
    }),
  ),
});
type MeetingRow = z.infer<typeof meetingRow>;

/** The rules a case keeps from the day it opened: the same set the development service keeps. */
const SNAPSHOT_RULES = RULE_IDS.filter(
  (id) =>
    id.startsWith('development.') ||
    id.startsWith('vote.') ||
    [
      'member.minJoinAge',
      'member.probationMonths',
      'member.probationExtension',
      'branch.minFullMembers',
      'committee.meetingQuorum',
    ].includes(id),
);

export function ruleSnapshot(rules: Rules): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const id of SNAPSHOT_RULES) out[id] = rules[id];
  return out;
}

export const versionFor = (appliedOn: IsoDate): DevelopmentVersion =>
  appliedOn >= VERSION_2026_FROM ? '2026' : '2014';

// ---------------------------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------------------------

const TALK_NOTES = [
  '谈话了解其入党动机和对党的认识，勉励其加强理论学习，在工作中发挥积极作用',
  '向其介绍党的基本知识和入党程序，了解本人思想、工作和家庭情况',
  '了解其对党的认识和入党动机，指出需要在理论学习方面继续努力',
];
const ASSESSMENT_NOTES = [
  '该同志政治立场坚定，能认真学习党的理论，工作积极主动，按时递交思想汇报，群众反映良好',
  '该同志学习态度端正，积极参加支部组织的志愿服务活动，不足是理论学习深度还需加强',
  '该同志工作踏实，团结同志，按季度递交思想汇报，对党的认识有所提高，建议继续培养',
  '该同志思想进步明显，主动参与社区服务和疫情防控志愿工作，培养联系人评价良好',
];
const PROBATION_NOTES = [
  '预备期间能认真履行党员义务，按时参加组织生活，按时交纳党费，群众评价良好',
  '预备期间学习积极，在本职工作中发挥了党员先锋模范作用，不足是发言表态还不够主动',
];
const WITHDRAW_REASONS = [
  '本人因工作调动至外省，申请将入党申请转至新单位党组织，本支部终止培养',
  '本人书面申请撤回入党申请，经支委会研究同意终止',
];
const INTERVIEWERS = ['组织员', '党委委员'];

// ---------------------------------------------------------------------------------------------
// Timelines
// ---------------------------------------------------------------------------------------------

interface Draft {
  key: StepKey;
  on: IsoDate;
  extra?: Partial<StepData>;
}

interface Gaps {
  talk: number;
  activist: number;
  filed: number;
  mentors: number;
  assess: number[];
  candidate: number;
  candFiled: number;
  noticeStart: number;
  noticeDays: number;
  sponsors: number;
  review: number;
  training: number;
  trainingOn: number;
  committee: number;
  preReview: number;
  volunteer: number;
  vote: number;
  interview: number;
  approval: number;
  admFiled: number;
  assigned: number;
  oath: number;
  probAssess: number[];
  confApp: number;
  confVote: number;
  confApproval: number;
  archived: number;
}

function drawGaps(rng: Rng, lateTalk: boolean, lateAssessment: boolean): Gaps {
  return {
    talk: lateTalk ? rng.int(33, 48) : rng.int(2, 25),
    activist: rng.int(61, 240),
    filed: rng.int(3, 15),
    mentors: rng.int(1, 10),
    assess: [lateAssessment ? rng.int(190, 215) : rng.int(150, 178), rng.int(150, 178), rng.int(150, 178)],
    candidate: rng.int(367, 425),
    candFiled: rng.int(3, 14),
    noticeStart: rng.int(1, 3),
    noticeDays: rng.int(5, 7),
    sponsors: rng.int(2, 12),
    review: rng.int(10, 40),
    training: rng.int(5, 40),
    trainingOn: rng.int(0, 2),
    committee: rng.int(5, 30),
    preReview: rng.int(7, 25),
    volunteer: rng.int(2, 8),
    vote: rng.int(4, 15),
    interview: rng.int(7, 30),
    approval: rng.int(7, 70),
    admFiled: rng.int(3, 12),
    assigned: rng.int(0, 5),
    oath: rng.int(2, 8),
    probAssess: [rng.int(0, 20), rng.int(0, 15)],
    confApp: rng.int(0, 15),
    confVote: rng.int(0, 20),
    confApproval: rng.int(10, 60),
    archived: rng.int(5, 30),
  };
}

interface TimelineOpts {
  version: DevelopmentVersion;
  /** The admission vote on this day (the member's 入党日期), whatever the gaps say. */
  vote?: IsoDate;
  /** Confirmation votes: the first may extend probation by `extend` months. */
  extend?: number | null;
  /** Dates fixed from the register or a meeting: the first confirmation vote. */
  confirmationVote?: IsoDate;
}

/** The 25 steps from the application on `applied`, spaced by `g` (some dates fall after today). */
function timeline(applied: IsoDate, g: Gaps, o: TimelineOpts): Draft[] {
  const out: Draft[] = [];
  const push = (key: StepKey, on: IsoDate, extra?: Partial<StepData>) => {
    out.push({ key, on, extra });
    return on;
  };
  push('application', applied);
  push('application_talk', addDays(applied, g.talk));
  const activist = push('activist_designated', addDays(applied, Math.max(g.activist, g.talk + 20)));
  const filed = push('activist_filed', addDays(activist, g.filed));
  let last = push('mentors_assigned', addDays(filed, g.mentors));
  const candidate = addDays(activist, g.candidate);
  let a = activist;
  for (const gap of g.assess) {
    const next = addDays(a, gap);
    if (next >= addDays(candidate, -5)) break;
    a = push('activist_assessment', next);
    last = a;
  }
  if (last === addDays(filed, g.mentors)) {
    // At least one assessment before the candidate designation.
    a = push('activist_assessment', addDays(candidate, -10));
  }
  push('candidate_designated', candidate);
  const candFiled = addDays(candidate, g.candFiled);
  let sponsorsOn: IsoDate;
  if (o.version === '2026') {
    const from = addDays(candFiled, g.noticeStart);
    const to = nthWorkingDayFrom(from, g.noticeDays);
    push('candidate_filed', candFiled, { notice: { from, to, objection: false } });
    sponsorsOn = addDays(to, g.sponsors);
  } else {
    push('candidate_filed', candFiled);
    sponsorsOn = addDays(candFiled, g.sponsors);
  }
  push('sponsors_assigned', sponsorsOn);
  const review = push('political_review', addDays(sponsorsOn, g.review), { reviewConclusion: 'pass' });
  const tFrom = addDays(review, g.training);
  const tTo = addDays(tFrom, 2);
  const trainingOn = push('training', addDays(tTo, g.trainingOn), {
    training: { from: tFrom, to: tTo, hours: 24 },
  });
  const committee = push('committee_review', addDays(trainingOn, g.committee));
  let pre = addDays(committee, g.preReview);
  let volunteer = addDays(pre, g.volunteer);
  let vote = addDays(volunteer, g.vote);
  if (o.vote) {
    vote = o.vote;
    if (volunteer > vote) {
      volunteer = addDays(vote, -Math.min(g.vote, 10));
      pre = addDays(volunteer, -Math.min(g.volunteer, 5));
    }
  }
  push('higher_pre_review', pre, { outcome: 'approved' });
  push('volunteer_form', volunteer);
  push('admission_vote', vote);
  push('higher_interview', addDays(vote, g.interview));
  const approval = push('admission_approval', addDays(vote, Math.max(g.approval, g.interview + 3)), {
    outcome: 'approved',
  });
  const admFiled = push('admission_filed', addDays(approval, g.admFiled));
  const assigned = push('assigned_to_branch', addDays(admFiled, g.assigned));
  let p = push('oath', addDays(assigned, g.oath));
  const end1 = addMonths(vote, 12);
  const probationAssessments = (endsOn: IsoDate, from: IsoDate) => {
    const first = addDays(addMonths(from, 6), -g.probAssess[0]);
    if (first > p && first < addDays(endsOn, -20)) p = push('probation_assessment', first);
    const second = addDays(addMonths(from, 11), -g.probAssess[1]);
    if (second > p && second < addDays(endsOn, -20)) p = push('probation_assessment', second);
  };
  probationAssessments(end1, vote);
  let app = addDays(end1, -g.confApp);
  if (app < p) app = p;
  p = push('confirmation_application', app);
  const cv1 = o.confirmationVote ?? addDays(end1, g.confVote);
  if (o.extend) {
    push('confirmation_vote', cv1, { decision: 'extend', extensionMonths: o.extend });
    const ap = push('confirmation_approval', addDays(cv1, g.confApproval), { outcome: 'approved' });
    p = ap;
    const end2 = addMonths(vote, 12 + o.extend);
    const mid = addDays(addMonths(ap, Math.min(3, Math.floor(o.extend / 2))), g.probAssess[0]);
    if (mid < addDays(end2, -20)) p = push('probation_assessment', mid);
    let app2 = addDays(end2, -g.confApp);
    if (app2 < p) app2 = p;
    push('confirmation_application', app2);
    const cv2 = addDays(end2, g.confVote);
    push('confirmation_vote', cv2, { decision: 'confirm' });
    const ap2 = push('confirmation_approval', addDays(cv2, g.confApproval), { outcome: 'approved' });
    push('archived', addDays(ap2, g.archived));
  } else {
    push('confirmation_vote', cv1, { decision: 'confirm' });
    const ap = push('confirmation_approval', addDays(cv1, g.confApproval), { outcome: 'approved' });
    push('archived', addDays(ap, g.archived));
  }
  return out;
}

/** Moves the application so that the first `key` step falls on `on` (pre-vote steps: day gaps only). */
function anchoredTimeline(g: Gaps, o: TimelineOpts, key: StepKey, on: IsoDate, guess: IsoDate): Draft[] {
  let applied = guess;
  for (let i = 0; i < 4; i++) {
    const t = timeline(applied, g, { version: o.version, extend: o.extend });
    const at = t.find((d) => d.key === key);
    if (!at) throw new Error(`development seed: no step ${key}`);
    const diff = daysBetween(at.on, on);
    if (diff === 0) return timeline(applied, g, o);
    applied = addDays(applied, diff);
  }
  // Working-day notices (2026) can make the shift oscillate around a holiday: search the days
  // around the last guess for an exact landing, else take the closest landing not after `on`.
  let best: { applied: IsoDate; gap: number } | null = null;
  for (let k = -20; k <= 20; k++) {
    const a = addDays(applied, k);
    const at = timeline(a, g, { version: o.version, extend: o.extend }).find((d) => d.key === key);
    if (!at) continue;
    const gap = daysBetween(at.on, on);
    if (gap === 0) return timeline(a, g, o);
    if (gap > 0 && (!best || gap < best.gap)) best = { applied: a, gap };
  }
  if (best) return timeline(best.applied, g, o);
  throw new Error(`development seed: cannot anchor ${key} on ${on}`);
}

// ---------------------------------------------------------------------------------------------
// The seed
// ---------------------------------------------------------------------------------------------

type CaseRow = typeof developmentCases.$inferInsert & { id: number };
type StepRow = typeof developmentSteps.$inferInsert;

interface Built {
  row: CaseRow;
  steps: StepRow[];
  stage: string;
  status: string;
}

export async function seedDevelopment(
  tx: DbOrTx,
  opts: SeedDevelopmentOptions,
): Promise<SeedDevelopmentResult> {
  const today = opts.today;
  const rng = new Rng((opts.seed ?? DEFAULT_SEED) ^ 0xde7e10);

  // Approval authority, as the migration sets it for trees that existed before it.
  await tx.execute(sql`
    update orgs o set approves_development = true
    where o.kind = 'committee'
      and not (o.sector in ('rural', 'community') and exists (
        select 1 from orgs p where p.id = o.parent_id and p.kind = 'committee' and p.sector in ('rural', 'community')))`);

  type OpenedMemberRow = Omit<SealedMemberRow, 'idNumberEnc' | 'phoneEnc'> & {
    idNumber: string;
    phone: string | null;
  };
  const [orgRows, memberRows, seatRows, userRows, meetingRows, idRow] = await inTurn([
    () =>
      queryRows(
        tx,
        sql`select id, parent_id as "parentId", path::text as path, kind, sector, name, status,
            founded_on as "foundedOn", division_code as "divisionCode", depth,
            approves_development as approves
          from orgs order by id`,
        orgRow.extend({ approves: z.boolean() }),
      ),
    // One JSON value instead of 8,500 rows: PGlite converts row by row, JSON.parse does not.
    (): Promise<OpenedMemberRow[]> =>
      queryRows(
        tx,
        sql`select coalesce(json_agg(json_build_object(
            'id', m.id, 'orgId', m.org_id, 'groupId', m.group_id, 'name', m.name, 'namePinyin', m.name_pinyin,
            'nameInitials', m.name_initials, 'gender', m.gender, 'birthDate', m.birth_date, 'idNumberEnc', m.id_number_enc,
            'phoneEnc', m.phone_enc, 'ethnicity', m.ethnicity, 'education', m.education, 'workUnit', m.work_unit,
            'category', m.category, 'status', m.status, 'joinedOn', m.joined_on, 'confirmedOn', m.confirmed_on,
            'probationExtendedMonths', m.probation_extended_months, 'transferred', t.member_id is not null
          ) order by m.id), '[]')::text as j
          from members m
          left join (select distinct member_id from member_events where kind = 'transferred') t on t.member_id = m.id`,
        z.object({ j: z.string() }),
      ).then((rows) =>
        // The register holds them sealed: opened here, in the seeding process, to build applicants.
        (JSON.parse(rows[0]?.j ?? '[]') as SealedMemberRow[]).map(
          ({ idNumberEnc, phoneEnc, ...m }: SealedMemberRow) => ({
            ...m,
            idNumber: idNumberEnc ? unseal(idNumberEnc) : '',
            phone: phoneEnc ? unseal(phoneEnc) : null,
          }),
        ),
      ),
    () =>
      queryRows(
        tx,
        sql`select org_id as "orgId", member_id as "memberId", role, started_on::text as "startedOn",
            ended_on::text as "endedOn"
          from committee_members order by org_id, sort_order, id`,
        z.object({
          orgId: z.number(),
          memberId: z.number(),
          role: z.string(),
          startedOn: z.string(),
          endedOn: z.string().nullable(),
        }),
      ),
    () =>
      queryRows(
        tx,
        sql`select u.id, u.username, r.org_id as "orgId" from users u
          left join role_assignments r on r.user_id = u.id order by u.id, r.id`,
        z.object({ id: z.number(), username: z.string(), orgId: z.number().nullable() }),
      ),
    () =>
      queryRows(
        tx,
        sql`select id, org_id as "orgId", kind, held_on as "heldOn", status, votes from meetings
          where kind = 'general_meeting' and (votes <> '[]'::jsonb
            or org_id = (select r.org_id from role_assignments r join users u on u.id = r.user_id
                         where u.username = 'secretary' and r.role = 'secretary' limit 1))
          order by org_id, held_on`,
        meetingRow,
      ),
    () =>
      queryRows(
        tx,
        sql`select coalesce(max(id), 0)::int as max from development_cases`,
        z.object({ max: z.number() }),
      ),
  ]);
  const rules = await loadRules(tx);
  const snapshot = ruleSnapshot(rules);

  const orgById = new Map(orgRows.map((o) => [o.id, o]));
  const memberById = new Map(memberRows.map((m) => [m.id, m]));
  const byOrg = new Map<number, MemberRow[]>();
  for (const m of memberRows) {
    const list = byOrg.get(m.orgId) ?? [];
    list.push(m);
    byOrg.set(m.orgId, list);
  }
  // Seats in office today; every seat, with its dates, for the committee in office on a step's day.
  const seats = new Map<number, { memberId: number; role: string }[]>();
  const allSeats = new Map<number, typeof seatRows>();
  for (const s of seatRows) {
    allSeats.set(s.orgId, [...(allSeats.get(s.orgId) ?? []), s]);
    if (s.endedOn === null) seats.set(s.orgId, [...(seats.get(s.orgId) ?? []), s]);
  }
  /** Committee members in office on `on` (`ended_on` exclusive), as the server counts them. */
  const committeeOn = (orgId: number, on: IsoDate) =>
    new Set(
      (allSeats.get(orgId) ?? [])
        .filter((s) => s.startedOn <= on && (s.endedOn === null || s.endedOn > on))
        .map((s) => s.memberId),
    ).size;
  const userId = (name: string) => userRows.find((u) => u.username === name)?.id ?? null;
  const homeId = userRows.find((u) => u.username === 'secretary')?.orgId;
  const home = orgRows.find((o) => o.id === homeId);
  if (!home) throw new Error('development seed: the demo secretary has no branch');
  const districtId = userRows.find((u) => u.username === 'district')?.orgId ?? null;
  const meetingVotes = new Map<string, MeetingRow['votes'][number]>();
  for (const m of meetingRows) {
    if (m.status !== 'submitted' && m.status !== 'reviewed') continue;
    for (const v of m.votes) meetingVotes.set(`${m.orgId}:${m.heldOn}:${v.subject}`, v);
  }
  const idNumbers = new Set(memberRows.map((m) => m.idNumber.slice(0, 17)));

  const higherOf = (org: OrgRow): OrgRow => {
    for (let p = orgById.get(org.parentId ?? -1); p; p = orgById.get(p.parentId ?? -1)) {
      if ((p as OrgRow & { approves: boolean }).approves) return p;
    }
    throw new Error(`development seed: no approving committee above ${org.name}`);
  };
  const areaOf = (org: OrgRow): string => {
    for (let p: OrgRow | undefined = org; p; p = orgById.get(p.parentId ?? -1)) {
      if (p.divisionCode && p.divisionCode.length >= 6 && p.divisionCode.slice(4, 6) !== '00')
        return p.divisionCode.slice(0, 6);
    }
    return '620102';
  };

  // Disciplines first: the members under them are never named as mentors or sponsors.
  const homeSeats = new Set((seats.get(home.id) ?? []).map((s) => s.memberId));
  const homeFull = (byOrg.get(home.id) ?? []).filter(
    (m) => m.category === 'full' && m.status === 'active' && !homeSeats.has(m.id) && m.groupId === null,
  );
  const demoMemberId = await queryRows(
    tx,
    sql`select member_id as "memberId" from users where username in ('member', 'secretary')`,
    z.object({ memberId: z.number().nullable() }),
  );
  const reserved = new Set(demoMemberId.map((r) => r.memberId));
  const watched = homeFull.filter((m) => !reserved.has(m.id) && m.joinedOn < '2015-01-01');
  const watchMember = watched[watched.length - 1];
  const warnPool = memberRows.filter(
    (m) =>
      m.category === 'full' &&
      m.status === 'active' &&
      m.orgId !== home.id &&
      orgById.get(m.orgId)?.path.startsWith(`${orgById.get(districtId ?? -1)?.path ?? ''}.`),
  );
  const warnMember = warnPool[Math.floor(warnPool.length / 3)];
  const barred = new Set([watchMember?.id, warnMember?.id]);
  const watchOn = addDays(addMonths(today, -rng.int(4, 7)), -rng.int(0, 20));
  const disciplines: (typeof memberDisciplines.$inferInsert)[] = [];
  if (watchMember)
    disciplines.push({
      memberId: watchMember.id,
      kind: 'probation_watch',
      decidedOn: watchOn,
      endsOn: addYears(watchOn, 1),
      reason: '违反组织纪律，长期不参加组织生活、不交纳党费，经教育仍不改正，给予留党察看一年处分',
      recordedBy: userId('district'),
      recordedAt: new Date(`${watchOn}T10:00:00+08:00`),
    });
  if (warnMember) {
    const on = addDays(addMonths(today, -rng.int(8, 11)), -rng.int(0, 20));
    disciplines.push({
      memberId: warnMember.id,
      kind: 'warning',
      decidedOn: on,
      endsOn: null,
      reason: '违反廉洁纪律，违规收受礼金，给予党内警告处分',
      recordedBy: userId('district'),
      recordedAt: new Date(`${on}T10:00:00+08:00`),
    });
  }

  /** Full members of the branch on `on` who may be named (mentors, sponsors). */
  const fullOn = (orgId: number, on: IsoDate, except: number | null) =>
    (byOrg.get(orgId) ?? []).filter(
      (m) =>
        m.id !== except &&
        m.confirmedOn !== null &&
        m.confirmedOn < on &&
        m.status === 'active' &&
        !m.transferred &&
        !barred.has(m.id),
    );
  const fact = (m: MemberRow): MemberFact => ({
    memberId: m.id,
    name: m.name,
    category: 'full',
    current: true,
    rightsSuspended: false,
  });
  const fullCount = (orgId: number, on: IsoDate) =>
    (byOrg.get(orgId) ?? []).filter((m) => m.confirmedOn !== null && m.confirmedOn < on && !m.transferred)
      .length;
  const drawVote = (r: Rng, expected: number): VoteRecord => {
    const quorum = neededToExceed(expected, rules['vote.quorumShare']);
    const pass = neededToExceed(expected, rules['vote.passShare']);
    const present = Math.max(quorum, pass, expected - r.int(0, Math.max(0, Math.floor(expected * 0.25))));
    const against = expected >= 10 && r.chance(0.2) ? 1 : 0;
    const abstain = present - against > pass && r.chance(0.3) ? 1 : 0;
    return {
      expectedVoting: expected,
      presentVoting: present,
      for: present - against - abstain,
      against,
      abstain,
    };
  };

  const built: Built[] = [];
  let nextCaseId = (idRow[0]?.max ?? 0) + 1;
  let warnings = 0;

  const newPerson = (r: Rng, org: OrgRow, applied: IsoDate, ageRange?: [number, number]): Person => {
    const range =
      ageRange ??
      r.weighted<[number, number]>([
        [[18, 22], 30],
        [[23, 28], 32],
        [[29, 35], 24],
        [[36, 45], 14],
      ]);
    const age = r.int(range[0], range[1]);
    const birthDate = addDays(addYears(applied, -age), -r.int(1, 360));
    const gender: Gender = r.chance(0.45) ? 'female' : 'male';
    const name = personName(r, gender, Number(birthDate.slice(0, 4)), '汉族');
    const keys = personNameKeys(name);
    const area = r.chance(0.7)
      ? areaOf(org)
      : r.pick(['620102', '620103', '620104', '620105', '620121', '620122']);
    let idNumber = '';
    for (;;) {
      const seq = r.int(0, 499) * 2 + (gender === 'male' ? 1 : 0);
      const first17 = `${area}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      if (idNumbers.has(first17)) continue;
      idNumbers.add(first17);
      idNumber = first17 + idNumberCheckDigit(first17);
      break;
    }
    const education =
      age <= 24
        ? r.pick(['bachelor', 'bachelor', 'college', 'postgraduate'])
        : r.pick(['bachelor', 'college', 'postgraduate', 'high_school', 'secondary_vocational']);
    return {
      name,
      namePinyin: keys.pinyin,
      nameInitials: keys.initials,
      gender,
      birthDate,
      idNumber,
      phone: `1${r.pick(['38', '39', '58', '59', '77', '80', '87', '89', '93'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`,
      ethnicity: '01',
      education,
      workUnit: null,
    };
  };
  const personOf = (m: MemberRow): Person => ({
    name: m.name,
    namePinyin: m.namePinyin,
    nameInitials: m.nameInitials,
    gender: m.gender,
    birthDate: m.birthDate,
    idNumber: m.idNumber,
    phone: m.phone,
    ethnicity: m.ethnicity,
    education: m.education,
    workUnit: m.workUnit,
  });

  /**
   * Replays the drafts through the engine, filling in the people and the votes, and builds the
   * case row. Throws on any error: the demo never holds a case the application would refuse.
   */
  const build = (spec: {
    org: OrgRow;
    person: Person;
    version: DevelopmentVersion;
    drafts: Draft[];
    memberId?: number;
    votes?: Map<StepKey, VoteRecord>;
    closed?: { on: IsoDate; reason: string };
    r: Rng;
    recorder?: number | null;
  }): Built => {
    const { org, person, version, r } = spec;
    const facts = { version, birthDate: person.birthDate };
    const recorded: RecordedStep[] = [];
    const rows: StepRow[] = [];
    const caseId = nextCaseId++;
    const orgSeats = seats.get(org.id) ?? [];
    const talker =
      memberById.get(orgSeats.find((s) => s.role === 'secretary')?.memberId ?? -1)?.name ??
      fullOn(org.id, today, null)[0]?.name ??
      '支部书记';
    const higher = higherOf(org);
    let mentors: MemberFact[] = [];
    for (const d of spec.drafts) {
      if (d.on > today) throw new Error(`development seed: ${d.key} on ${d.on} is after ${today}`);
      const data: StepData = { ...d.extra };
      switch (d.key) {
        case 'application':
          data.note = '本人向党支部递交入党申请书';
          break;
        case 'application_talk':
          data.talkerName = talker;
          data.note = r.pick(TALK_NOTES);
          break;
        case 'activist_designated':
        case 'candidate_designated':
          // By the committee in office on the day, or the general meeting where there was none.
          data.branchCommittee = committeeOn(org.id, d.on);
          data.decidedBy =
            data.branchCommittee >= rules['branch.committeeSize'].min ? 'committee' : 'general_meeting';
          data.note =
            d.key === 'activist_designated'
              ? '经党员推荐、群团组织推优，支部研究确定为入党积极分子'
              : '经支部研究，听取党小组、培养联系人和党员、群众意见，确定为发展对象';
          break;
        case 'activist_filed':
        case 'candidate_filed':
          data.note =
            version === '2026' && d.key === 'candidate_filed'
              ? `${higher.name}同意`
              : `已报${higher.name}备案`;
          break;
        case 'mentors_assigned': {
          const pool = fullOn(org.id, d.on, spec.memberId ?? null);
          mentors = r.sample(pool, pool.length >= 6 && r.chance(0.7) ? 2 : 1).map(fact);
          data.mentors = mentors;
          break;
        }
        case 'activist_assessment':
          data.note = r.pick(ASSESSMENT_NOTES);
          break;
        case 'sponsors_assigned': {
          const pool = fullOn(org.id, d.on, spec.memberId ?? null);
          const keep = mentors.filter((m) => pool.some((p) => p.id === m.memberId));
          const others = r.sample(
            pool.filter((p) => !keep.some((k) => k.memberId === p.id)),
            2 - Math.min(2, keep.length),
          );
          data.sponsors = [...keep.slice(0, 2), ...others.map(fact)];
          break;
        }
        case 'political_review':
          data.note = '经函调和查阅档案，本人及直系亲属政治历史清楚，政治审查合格';
          break;
        case 'training':
          if (data.training) data.training.organizer = `${higher.name}党校`;
          break;
        case 'committee_review':
          data.note = '支部委员会对其条件、培养教育情况进行审查，认为具备党员条件，报上级党委预审';
          break;
        case 'higher_pre_review':
          data.note = '预审合格，同意发放《中国共产党入党志愿书》';
          break;
        case 'volunteer_form':
          data.note = '在入党介绍人指导下如实填写入党志愿书';
          break;
        case 'admission_vote':
        case 'confirmation_vote': {
          const vote = spec.votes?.get(d.key) ?? drawVote(r, fullCount(org.id, d.on));
          data.vote = vote;
          data.branchFullMembers = vote.expectedVoting;
          break;
        }
        case 'higher_interview':
          data.talkerName = personName(r, r.chance(0.5) ? 'male' : 'female', 1975 + r.int(0, 15), '汉族');
          data.note = `${r.pick(INTERVIEWERS)}谈话，了解其对党的认识、入党动机和本人情况，进行党的基本知识教育`;
          break;
        case 'admission_approval':
          data.note = `${higher.name}委员会集体讨论，同意接收为中共预备党员`;
          break;
        case 'admission_filed':
          data.note = `已报${higher.name}上一级党委组织部门备案`;
          break;
        case 'assigned_to_branch':
          data.note = '编入党支部，参加组织生活';
          break;
        case 'oath':
          data.note = '面向党旗进行入党宣誓';
          break;
        case 'probation_assessment':
          data.note = r.pick(PROBATION_NOTES);
          break;
        case 'confirmation_application':
          data.note = '本人向党支部提出书面转正申请';
          break;
        case 'confirmation_approval':
          data.note = `${higher.name}审批同意`;
          break;
        case 'archived':
          data.note = '入党材料整理归档，转入党员档案';
          break;
      }
      const input: RecordedStep = { key: d.key, on: d.on, data };
      const check = checkStep(facts, recorded, input, { today: d.on, rules });
      if (check.errors.length > 0) {
        throw new Error(
          `development seed: ${person.name}（${org.name}）${d.key} ${d.on}: ${check.errors.map((e) => e.message).join('; ')}`,
        );
      }
      warnings += check.warnings.length;
      recorded.push(input);
      // Recorded by the approving committee (no demo user): its own steps, approvals, and in 2026
      // the consent to a candidate.
      const higherStep = stepRecorder(d.key, version) === 'higher';
      rows.push({
        caseId,
        no: stepByKey(d.key)?.no ?? 0,
        key: d.key,
        occurredOn: d.on,
        data: data as Record<string, unknown>,
        warnings: check.warnings as unknown as Record<string, unknown>[],
        recordedBy: higherStep ? null : (spec.recorder ?? null),
        recordedAt: new Date(`${d.on}T${String(9 + (rows.length % 8)).padStart(2, '0')}:30:00+08:00`),
      });
    }
    const st = caseState(facts, recorded, rules);
    const closed = spec.closed;
    const last = st.next[st.next.length - 1];
    const dues = st.next.map((n) => n.due).filter((x): x is IsoDate => !!x);
    const status = closed ? 'closed' : st.status;
    const row: CaseRow = {
      id: caseId,
      orgId: org.id,
      orgPath: org.path,
      version,
      rules: snapshot,
      name: person.name,
      namePinyin: person.namePinyin,
      nameInitials: person.nameInitials,
      gender: person.gender,
      ...sealedCase(person.idNumber, person.phone),
      birthDate: person.birthDate,
      ethnicity: person.ethnicity,
      education: person.education,
      workUnit: person.workUnit,
      status,
      stage: st.stage,
      lastStepKey: st.lastKey,
      lastStepOn: st.lastOn,
      nextKey: closed || !last ? null : last.key,
      nextEarliestOn: closed || !last ? null : (last.earliest ?? null),
      nextDueOn: closed || dues.length === 0 ? null : dues.sort()[0],
      appliedOn: st.appliedOn as IsoDate,
      activistOn: st.activistOn,
      candidateEligibleOn: st.candidateEligibleOn,
      candidateOn: st.candidateOn,
      admittedOn: st.admittedOn,
      probationEndsOn: st.probationEndsOn,
      extensionMonths: st.extensionMonths,
      confirmedOn: st.confirmedOn,
      memberId: st.admittedOn ? (spec.memberId ?? null) : null,
      closedReason: closed?.reason ?? null,
      closedOn: closed?.on ?? null,
      createdBy: spec.recorder ?? null,
      createdAt: new Date(`${st.appliedOn}T09:00:00+08:00`),
      updatedAt: new Date(`${closed?.on ?? st.lastOn}T17:00:00+08:00`),
    };
    if (st.admittedOn && !spec.memberId)
      throw new Error(`development seed: ${person.name} admitted without a member`);
    const b: Built = { row, steps: rows, stage: st.stage, status };
    built.push(b);
    return b;
  };

  /** The steps up to `until` (its last occurrence before the next different key), none after `cut`. */
  const upTo = (drafts: Draft[], until: StepKey | null, cut: IsoDate = today): Draft[] => {
    const out: Draft[] = [];
    for (const d of drafts) {
      if (d.on > cut) break;
      out.push(d);
      if (until && d.key === until) {
        const next = drafts[drafts.indexOf(d) + 1];
        if (!next || next.key !== until) break;
      }
    }
    return out;
  };

  // ----- The showcase in the demo secretary's branch -----
  const hr = new Rng((opts.seed ?? DEFAULT_SEED) ^ 0x5ec7e1);
  const secretaryUser = userId('secretary');
  const homeMeetings = meetingRows.filter(
    (m) => m.orgId === home.id && (m.status === 'submitted' || m.status === 'reviewed') && m.heldOn <= today,
  );
  const meetingIn = (from: IsoDate, to: IsoDate) =>
    homeMeetings.find((m) => m.heldOn >= from && m.heldOn <= to);
  const homeCase = (
    person: Person,
    version: DevelopmentVersion,
    drafts: Draft[],
    extra: Partial<Parameters<typeof build>[0]> = {},
  ) => build({ org: home, person, version, drafts, r: hr, recorder: secretaryUser, ...extra });
  const g = () => drawGaps(hr, false, false);

  // 1. Applied three weeks ago: the talk is due within days.
  {
    const applied = addDays(today, -hr.int(20, 24));
    homeCase(
      newPerson(hr, home, applied, [19, 24]),
      versionFor(applied),
      upTo(timeline(applied, g(), { version: versionFor(applied) }), 'application'),
    );
  }
  // 2. Applied two months ago, talked to.
  {
    const applied = addDays(today, -hr.int(50, 70));
    homeCase(
      newPerson(hr, home, applied),
      versionFor(applied),
      upTo(timeline(applied, g(), { version: versionFor(applied) }), 'application_talk'),
    );
  }
  // 3. Activist for seven months with no assessment yet: overdue.
  {
    const activist = addDays(addMonths(today, -7), -hr.int(5, 20));
    const gaps = g();
    const drafts = anchoredTimeline(
      gaps,
      { version: '2014' },
      'activist_designated',
      activist,
      addMonths(activist, -4),
    );
    const version = versionFor(drafts[0].on);
    homeCase(
      newPerson(hr, home, drafts[0].on),
      version,
      upTo(timeline(drafts[0].on, gaps, { version }), 'mentors_assigned'),
    );
  }
  // 4. Activist since this month a year ago: eligible to become a candidate this month.
  {
    const activist = `${Number(today.slice(0, 4)) - 1}${today.slice(4, 8)}${String(hr.int(2, 26)).padStart(2, '0')}`;
    const gaps = g();
    const drafts = anchoredTimeline(
      gaps,
      { version: '2014' },
      'activist_designated',
      activist,
      addMonths(activist, -5),
    );
    homeCase(newPerson(hr, home, drafts[0].on), '2014', upTo(drafts, 'activist_assessment'));
  }
  // 5. Candidate in public notice (2026 procedure: consent of the higher committee and a notice of
  //    five working days). Transitional: opened before the 2026 细则, the branch follows it for the
  //    steps still to come, so the case is recorded under 2026.
  {
    const gaps = g();
    const filedOn = addDays(today, -2);
    const drafts = anchoredTimeline(
      gaps,
      { version: '2026' },
      'candidate_filed',
      filedOn,
      addMonths(filedOn, -20),
    );
    homeCase(newPerson(hr, home, drafts[0].on), '2026', upTo(drafts, 'candidate_filed'));
  }
  // 5b. Candidate with sponsors (2014 procedure).
  {
    const gaps = g();
    const on = addDays(today, -hr.int(10, 25));
    const drafts = anchoredTimeline(gaps, { version: '2014' }, 'sponsors_assigned', on, addMonths(on, -20));
    homeCase(newPerson(hr, home, drafts[0].on), '2014', upTo(drafts, 'sponsors_assigned'));
  }
  // 6. Pre-reviewed by the higher committee: the branch's vote is due within a month (2026, transitional).
  {
    const gaps = g();
    const pre = addDays(today, -hr.int(8, 15));
    const drafts = anchoredTimeline(gaps, { version: '2026' }, 'higher_pre_review', pre, addMonths(pre, -24));
    homeCase(newPerson(hr, home, drafts[0].on), '2026', upTo(drafts, 'volunteer_form'));
  }
  // New register entries for the probationary showcase (the branch has none): added below.
  const newMembers: {
    person: Person;
    joinedOn: IsoDate;
    extended: number | null;
    caseIndex: number;
    votes: { on: IsoDate; subject: string; item: string; decision: string; vote: VoteRecord }[];
  }[] = [];
  const homeTurnout = new Map(
    (
      await queryRows(
        tx,
        sql`select m.held_on as "heldOn", count(*) filter (where a.category = 'full')::int as expected,
              count(*) filter (where a.category = 'full' and a.attendance = 'present')::int as present
            from meetings m join meeting_attendance a on a.meeting_id = m.id
            where m.org_id = ${home.id} and m.kind = 'general_meeting' group by m.id, m.held_on`,
        z.object({ heldOn: z.string(), expected: z.number(), present: z.number() }),
      )
    ).map((t) => [t.heldOn, t]),
  );
  /** The vote on a 党员大会 of the branch, counted from its attendance: all present in favour. */
  const meetingVote = (on: IsoDate): VoteRecord => {
    const t = homeTurnout.get(on);
    if (t)
      return { expectedVoting: t.expected, presentVoting: t.present, for: t.present, against: 0, abstain: 0 };
    return drawVote(hr, fullCount(home.id, on));
  };
  // 7. Admitted by the branch at its last 党员大会, awaiting the higher committee's approval.
  {
    const meeting = [...homeMeetings].reverse().find((m) => m.heldOn >= addMonths(today, -4));
    const vote = meeting?.heldOn ?? addDays(today, -hr.int(20, 60));
    const gaps = g();
    gaps.interview = Math.min(gaps.interview, daysBetween(vote, today) - 5);
    const drafts = anchoredTimeline(
      gaps,
      { version: '2014', vote },
      'admission_vote',
      vote,
      addMonths(vote, -26),
    );
    const person = newPerson(hr, home, drafts[0].on);
    const vr = meetingVote(vote);
    homeCase(person, '2014', upTo(drafts, 'higher_interview'), { votes: new Map([['admission_vote', vr]]) });
    if (meeting)
      newMembers.push({
        person,
        joinedOn: '',
        extended: null,
        caseIndex: -1,
        votes: [
          {
            on: vote,
            subject: `接收${person.name}同志为中共预备党员`,
            item: `讨论接收${person.name}同志为中共预备党员`,
            decision: `接收${person.name}同志为中共预备党员，报上级党委审批`,
            vote: vr,
          },
        ],
      });
  }
  // 8. Probationary, probation ends within 60 days: admitted at the 党员大会 11–12 months ago.
  {
    const from = addDays(addMonths(today, -12), 3);
    const to = addDays(addMonths(today, -12), 55);
    const vote = meetingIn(from, to)?.heldOn ?? addDays(from, hr.int(0, 50));
    const gaps = g();
    const drafts = anchoredTimeline(
      gaps,
      { version: '2014', vote },
      'admission_vote',
      vote,
      addMonths(vote, -26),
    );
    const person = newPerson(hr, home, drafts[0].on);
    person.workUnit = null;
    const vr = meetingVote(vote);
    build({
      org: home,
      person,
      version: '2014',
      drafts: upTo(drafts, 'confirmation_application'),
      r: hr,
      recorder: secretaryUser,
      memberId: -1,
      votes: new Map([['admission_vote', vr]]),
    });
    newMembers.push({
      person,
      joinedOn: vote,
      extended: null,
      caseIndex: built.length - 1,
      votes: [
        {
          on: vote,
          subject: `接收${person.name}同志为中共预备党员`,
          item: `讨论接收${person.name}同志为中共预备党员`,
          decision: `接收${person.name}同志为中共预备党员，报上级党委审批`,
          vote: vr,
        },
      ],
    });
  }
  // 9. Probationary with an extension of six months, resolved at a 党员大会 after the first year.
  {
    const meeting = [...homeMeetings]
      .reverse()
      .find((m) => m.heldOn <= addDays(today, -75) && m.heldOn >= addMonths(today, -6));
    const confVote = meeting?.heldOn ?? addDays(today, -hr.int(75, 120));
    const vote = addDays(addMonths(confVote, -12), -hr.int(0, 20));
    const gaps = g();
    const drafts = anchoredTimeline(
      gaps,
      { version: '2014', vote, extend: 6, confirmationVote: confVote },
      'admission_vote',
      vote,
      addMonths(vote, -26),
    );
    const person = newPerson(hr, home, drafts[0].on);
    const vr = meetingVote(confVote);
    const cut = drafts.findIndex((d) => d.key === 'confirmation_vote' && d.extra?.decision === 'confirm');
    build({
      org: home,
      person,
      version: '2014',
      drafts: upTo(drafts.slice(0, cut), null),
      r: hr,
      recorder: secretaryUser,
      memberId: -1,
      votes: new Map([['confirmation_vote', vr]]),
    });
    newMembers.push({
      person,
      joinedOn: vote,
      extended: 6,
      caseIndex: built.length - 1,
      votes: [
        {
          on: confVote,
          subject: `${person.name}同志延长预备期六个月`,
          item: `讨论${person.name}同志预备党员转正`,
          decision: `${person.name}同志延长预备期六个月，报上级党委审批`,
          vote: vr,
        },
      ],
    });
  }
  // 10. Completed: a member of the branch admitted a few years ago, now a full member.
  {
    const m = (byOrg.get(home.id) ?? [])
      .filter(
        (x) =>
          x.category === 'full' &&
          x.joinedOn >= addYears(today, -6) &&
          x.confirmedOn &&
          x.confirmedOn <= addDays(today, -120) &&
          !x.transferred &&
          !barred.has(x.id),
      )
      .sort((a, b) => (a.joinedOn < b.joinedOn ? 1 : -1))[0];
    if (m) completedCase(m, hr, secretaryUser);
  }
  // 11. Withdrawn after the talk and a few months as an activist.
  {
    const applied = addDays(addMonths(today, -14), -hr.int(0, 30));
    const drafts = upTo(timeline(applied, g(), { version: versionFor(applied) }), 'activist_assessment');
    const last = drafts[drafts.length - 1].on;
    const closedOn = addDays(last, hr.int(20, 60));
    homeCase(newPerson(hr, home, applied), versionFor(applied), drafts, {
      closed: { on: closedOn > today ? today : closedOn, reason: hr.pick(WITHDRAW_REASONS) },
    });
  }
  const homeCases = built.length;

  function completedCase(m: MemberRow, r: Rng, recorder: number | null): Built | null {
    const org = orgById.get(m.orgId) as OrgRow;
    const ext = m.probationExtendedMonths;
    if (addMonths(m.joinedOn, 12 + (ext ?? 0)) !== m.confirmedOn) return null;
    const admission = meetingVotes.get(`${org.id}:${m.joinedOn}:接收${m.name}同志为中共预备党员`);
    const confirmation = meetingVotes.get(`${org.id}:${m.confirmedOn}:${m.name}同志按期转为中共正式党员`);
    const votes = new Map<StepKey, VoteRecord>();
    if (admission) votes.set('admission_vote', recordOf(admission));
    if (confirmation && !ext) votes.set('confirmation_vote', recordOf(confirmation));
    const gaps = drawGaps(r, r.chance(0.06), r.chance(0.08));
    const drafts = anchoredTimeline(
      gaps,
      {
        version: '2014',
        vote: m.joinedOn,
        extend: ext,
        confirmationVote: confirmation && !ext ? (m.confirmedOn as IsoDate) : undefined,
      },
      'admission_vote',
      m.joinedOn,
      addMonths(m.joinedOn, -26),
    );
    if (drafts[0].on >= VERSION_2026_FROM) return null;
    if (ageAt(m.birthDate, drafts[0].on) < 18) return null;
    return build({
      org,
      person: personOf(m),
      version: '2014',
      drafts: upTo(drafts, null),
      memberId: m.id,
      votes,
      r,
      recorder,
    });
  }
  function recordOf(v: MeetingRow['votes'][number]): VoteRecord {
    return {
      expectedVoting: v.expectedVoting,
      presentVoting: v.presentVoting,
      for: v.forVotes,
      against: v.against,
      abstain: v.abstain,
    };
  }
  function ageAt(birth: IsoDate, on: IsoDate) {
    return Math.floor(daysBetween(birth, on) / 365.25);
  }

  // ----- Cases across the tree -----
  const branches = orgRows.filter(
    (o) =>
      (o.kind === 'branch' || o.kind === 'joint_branch') &&
      o.status === 'active' &&
      o.id !== home.id &&
      !o.name.includes('离退休') &&
      fullOn(o.id, today, null).length >= 5,
  );
  const chosen = rng.sample(branches, Math.round(branches.length * 0.12));
  for (const org of chosen) {
    const n = rng.weighted([
      [1, 35],
      [2, 35],
      [3, 20],
      [4, 10],
    ]);
    const probationary = rng.shuffle(
      (byOrg.get(org.id) ?? []).filter(
        (m) => m.category === 'probationary' && m.status === 'active' && !m.transferred,
      ),
    );
    const full = rng.shuffle(
      (byOrg.get(org.id) ?? []).filter(
        (m) =>
          m.category === 'full' &&
          m.status === 'active' &&
          !m.transferred &&
          !barred.has(m.id) &&
          m.joinedOn >= addYears(today, -5) &&
          m.confirmedOn !== null &&
          m.confirmedOn <= addDays(today, -90),
      ),
    );
    for (let i = 0; i < n; i++) {
      const kind = rng.weighted<string>([
        ['applicant', 14],
        ['activist', 24],
        ['candidate', 18],
        ['probationary', probationary.length > 0 ? 18 : 0],
        ['full', full.length > 0 ? 16 : 0],
        ['closed', 6],
      ]);
      const lateTalk = rng.chance(0.08);
      const gaps = drawGaps(rng, lateTalk, rng.chance(0.1));
      if (kind === 'applicant') {
        const applied = addDays(today, -rng.int(3, 75));
        const v = versionFor(applied);
        build({
          org,
          person: newPerson(rng, org, applied),
          version: v,
          drafts: upTo(timeline(applied, gaps, { version: v }), 'application_talk'),
          r: rng,
        });
      } else if (kind === 'activist') {
        const applied = addDays(today, -rng.int(120, 560));
        const v = versionFor(applied);
        build({
          org,
          person: newPerson(rng, org, applied),
          version: v,
          drafts: upTo(timeline(applied, gaps, { version: v }), 'activist_assessment'),
          r: rng,
        });
      } else if (kind === 'candidate') {
        const cand = addDays(today, -rng.int(5, 200));
        const drafts = anchoredTimeline(
          gaps,
          { version: '2014' },
          'candidate_designated',
          cand,
          addMonths(cand, -18),
        );
        if (drafts[0].on >= VERSION_2026_FROM) continue;
        build({
          org,
          person: newPerson(rng, org, drafts[0].on),
          version: '2014',
          drafts: upTo(drafts, 'higher_interview'),
          r: rng,
        });
      } else if (kind === 'probationary') {
        const m = probationary.shift() as MemberRow;
        const admission = meetingVotes.get(`${org.id}:${m.joinedOn}:接收${m.name}同志为中共预备党员`);
        const votes = new Map<StepKey, VoteRecord>();
        if (admission) votes.set('admission_vote', recordOf(admission));
        const drafts = anchoredTimeline(
          gaps,
          { version: '2014', vote: m.joinedOn },
          'admission_vote',
          m.joinedOn,
          addMonths(m.joinedOn, -26),
        );
        if (drafts[0].on >= VERSION_2026_FROM || ageAt(m.birthDate, drafts[0].on) < 18) continue;
        // Approved already (the register has the member), not yet confirmed.
        const approval = drafts.find((d) => d.key === 'admission_approval') as Draft;
        if (approval.on > today) approval.on = addDays(today, -rng.int(0, 3));
        if (approval.on < (drafts.find((d) => d.key === 'higher_interview') as Draft).on) continue;
        const withoutLater = drafts.filter((d) => d.on <= today || d.key === 'admission_approval');
        build({
          org,
          person: personOf(m),
          version: '2014',
          drafts: upTo(withoutLater, 'confirmation_application'),
          memberId: m.id,
          votes,
          r: rng,
        });
      } else if (kind === 'full') {
        const m = full.shift() as MemberRow;
        completedCase(m, rng, null);
      } else {
        const applied = addDays(today, -rng.int(90, 480));
        const v = versionFor(applied);
        const drafts = upTo(
          timeline(applied, gaps, { version: v }),
          rng.chance(0.5) ? 'application_talk' : 'activist_assessment',
        );
        const last = drafts[drafts.length - 1].on;
        const closedOn = addDays(last, rng.int(15, 90));
        build({
          org,
          person: newPerson(rng, org, applied),
          version: v,
          drafts,
          closed: { on: closedOn > today ? today : closedOn, reason: rng.pick(WITHDRAW_REASONS) },
          r: rng,
        });
      }
    }
  }

  // ----- New register entries for the home showcase -----
  const insertedMembers: number[] = [];
  for (const nm of newMembers.filter((x) => x.caseIndex >= 0)) {
    const [row] = await tx
      .insert(members)
      .values({
        orgId: home.id,
        orgPath: home.path,
        name: nm.person.name,
        namePinyin: nm.person.namePinyin,
        nameInitials: nm.person.nameInitials,
        gender: nm.person.gender,
        ethnicity: nm.person.ethnicity ?? '01',
        birthDate: nm.person.birthDate,
        ...sealedMember(nm.person.idNumber, nm.person.phone),
        education: nm.person.education ?? 'bachelor',
        workUnit: nm.person.workUnit,
        category: 'probationary',
        status: 'active',
        joinedOn: nm.joinedOn,
        confirmedOn: null,
        probationExtendedMonths: nm.extended,
      } as typeof members.$inferInsert)
      .returning({ id: members.id });
    insertedMembers.push(row.id);
    built[nm.caseIndex].row.memberId = row.id;
    await tx.insert(memberEvents).values({
      memberId: row.id,
      kind: 'registered',
      occurredOn: nm.joinedOn,
      orgId: home.id,
      data: { status: 'active', category: 'probationary' },
      recordedBy: secretaryUser,
    });
    // Expected at the branch's meetings after the one that admitted them.
    const attend = await queryRows(
      tx,
      sql`select id, held_on as "heldOn", status from meetings
          where org_id = ${home.id} and kind <> 'group_meeting' and held_on > ${nm.joinedOn} order by held_on`,
      z.object({ id: z.number(), heldOn: z.string(), status: z.string() }),
    );
    if (attend.length > 0)
      await bulkInsert(
        tx,
        meetingAttendance,
        attend.map((m, i) => ({
          meetingId: m.id,
          memberId: row.id,
          category: 'probationary',
          attendance:
            m.status === 'draft' && m.heldOn > today ? 'absent' : i % 7 === 3 ? 'excused' : 'present',
          reason: m.status === 'draft' && m.heldOn > today ? null : i % 7 === 3 ? '外出务工' : null,
        })),
      );
  }
  // The votes on the branch's 党员大会 records.
  for (const nm of newMembers) {
    for (const v of nm.votes) {
      const meeting = homeMeetings.find((m) => m.heldOn === v.on);
      if (!meeting) continue;
      const stored = {
        subject: v.subject,
        forVotes: v.vote.for,
        against: v.vote.against,
        abstain: v.vote.abstain,
        expectedVoting: v.vote.expectedVoting,
        presentVoting: v.vote.presentVoting,
        quorumMet: true,
        passed: true,
      };
      await tx.execute(sql`
        update meetings set votes = votes || ${JSON.stringify([stored])}::jsonb,
          agenda = case when agenda = '' then ${v.item} else agenda || E'\n' || ${v.item} end,
          decisions = case when decisions = '' then ${v.decision} else decisions || E'\n' || ${v.decision} end
        where id = ${meeting.id}`);
    }
  }

  for (const b of built)
    if (b.row.memberId === -1) throw new Error(`development seed: ${b.row.name} has no member`);

  await bulkInsert(
    tx,
    developmentCases,
    built.map((b) => b.row),
    { overriding: true },
  );
  await tx.execute(
    sql.raw(
      `select setval(pg_get_serial_sequence('development_cases', 'id'), (select coalesce(max(id), 1) from development_cases))`,
    ),
  );
  const stepRows = built.flatMap((b) => b.steps.map((s) => ({ ...s, caseId: b.row.id })));
  await bulkInsert(tx, developmentSteps, stepRows);
  await bulkInsert(tx, memberDisciplines, disciplines);

  // ----- Yearly plans -----
  const year = Number(today.slice(0, 4));
  // Admitted this year and on the register, per committee (counted up the tree from each branch).
  const admitted = new Map<string, { n: number; total: number }>();
  for (const m of memberRows) {
    const path = orgById.get(m.orgId)?.path ?? '';
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) {
      const key = parts.slice(0, i).join('.');
      const a = admitted.get(key) ?? { n: 0, total: 0 };
      if (m.joinedOn >= `${year}-01-01`) a.n += 1;
      if (m.status !== 'left' && m.status !== 'deceased') a.total += 1;
      admitted.set(key, a);
    }
  }
  const plans: (typeof developmentPlans.$inferInsert)[] = [];
  const districtPath = orgById.get(districtId ?? -1)?.path;
  const pr = new Rng((opts.seed ?? DEFAULT_SEED) ^ 0x91a7);
  const byPath = new Map(orgRows.map((o) => [o.path, o]));
  const districts = orgRows.filter(
    (o) => o.kind === 'committee' && o.depth === 1 && /[区县]委员会$/.test(o.name),
  );
  const streets = orgRows.filter(
    (o) =>
      o.kind === 'committee' &&
      o.depth === 2 &&
      o.sector === 'community' &&
      districts.some((d) => o.path.startsWith(`${d.path}.`)),
  );
  const someStreets = [
    ...streets.filter((o) => districtPath && o.path.startsWith(`${districtPath}.`)),
    ...pr.sample(
      streets.filter((o) => !districtPath || !o.path.startsWith(`${districtPath}.`)),
      3,
    ),
  ];
  for (const o of [...districts, ...someStreets]) {
    const a = admitted.get(o.path);
    if (!a) continue;
    const quota = Math.max(a.n + pr.int(1, 4), Math.round(a.total * (0.018 + pr.next() * 0.012)));
    const parent = byPath.get(o.path.split('.').slice(0, -1).join('.'));
    plans.push({
      orgId: o.id,
      year,
      quota,
      note: `${parent?.name ?? '上级党委'}下达${year}年度发展党员计划：重点在青年、一线和生产工作骨干中发展，35岁以下占比不低于一半`,
      setBy: districtPath && o.path.startsWith(`${districtPath}.`) ? userId('district') : userId('admin'),
      setAt: new Date(`${year}-02-${String(pr.int(10, 27)).padStart(2, '0')}T10:00:00+08:00`),
    });
  }
  await bulkInsert(tx, developmentPlans, plans);

  const byStage: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  for (const b of built) {
    byStatus[b.status] = (byStatus[b.status] ?? 0) + 1;
    if (b.status === 'active' || b.status === 'completed') byStage[b.stage] = (byStage[b.stage] ?? 0) + 1;
  }
  return {
    cases: built.length,
    steps: stepRows.length,
    byStage,
    byStatus,
    branches: chosen.length + 1,
    plans: plans.length,
    disciplines: disciplines.length,
    warnings,
    home: { id: home.id, cases: homeCases },
  };
}
