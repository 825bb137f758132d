/**
 * 发展党员: cases and their steps. Every write is one transaction that reads the case through a
 * Scope, checks the step with the procedure engine (src/domain/development/engine.ts) under the
 * rules the case was opened with, records it, rewrites the case's derived columns from the engine's
 * state, and writes the audit entry. The higher committee's approval of an admission creates the
 * register entry; its approval of a confirmation changes it.
 */
import type { z } from 'zod';
import { ageOn, compareDates, daysBetween, type IsoDate } from '../../../domain/common/dates.js';
import { personNameKeys } from '../../../domain/common/pinyin.js';
import {
  type CaseFacts,
  type CaseState,
  caseState,
  checkStep,
  type Finding,
  type MemberFact,
  type NextItem,
  type RecordedStep,
  type StepData,
  type StepKey,
} from '../../../domain/development/engine.js';
import { type DevelopmentVersion, stepByKey, stepRecorder } from '../../../domain/development/steps.js';
import { isEducationLevel } from '../../../domain/member/education.js';
import { isEthnicityCode } from '../../../domain/member/ethnicities.js';
import { maskIdNumber, parseIdNumber } from '../../../domain/member/id-number.js';
import { isBranchKind, type OrgKind } from '../../../domain/org/labels.js';
import type { Rules } from '../../../domain/rules/index.js';
import type {
  CaseDetailDto,
  CaseStatusValue,
  CaseSummaryDto,
  caseCloseBody,
  caseCreateBody,
  caseListQuery,
  FindingDto,
  NextItemDto,
  RegisterOnDto,
  StepRecordDto,
  stepBody,
  stepCorrectionBody,
} from '../../../shared/contracts/development.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound, ruleErrors } from '../../lib/errors.js';
import { sealOptional, unseal } from '../../lib/pii.js';
import { inUnitOfWork, type WorkTx } from '../../lib/unit-of-work.js';
import { memberRepo, memberService } from '../members/index.js';
import { orgRepo } from '../orgs/index.js';
import { loadRules } from '../settings/index.js';
import * as repo from './repo.js';

export const CASE = '发展党员案件';
export const readScope = (ctx: RequestContext) => ctx.actor.scope('development.read');
export const writeScope = (ctx: RequestContext) => ctx.actor.scope('development.write');
export const approveScope = (ctx: RequestContext) => ctx.actor.scope('development.approve');

export const HIGHER_REFUSED = '须由有审批权的上级党委办理';

// ---------------------------------------------------------------------------------------------
// Rules and the engine's view of a case

/** The rules the engine reads: kept with the case when it is opened (DESIGN §4.3). */
const SNAPSHOT_PREFIXES = ['development.', 'vote.'];
const SNAPSHOT_IDS = [
  'member.minJoinAge',
  'member.probationMonths',
  'member.probationExtension',
  'branch.minFullMembers',
  'committee.meetingQuorum',
];

function snapshotRules(rules: Rules): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(rules as unknown as Record<string, unknown>)) {
    if (SNAPSHOT_PREFIXES.some((p) => id.startsWith(p)) || SNAPSHOT_IDS.includes(id)) out[id] = value;
  }
  return out;
}

/** The case's rules: those in force now, overlaid with the values kept when it was opened. */
async function caseRules(db: DbOrTx, c: repo.CaseRow): Promise<Rules> {
  return { ...(await loadRules(db)), ...c.rules } as unknown as Rules;
}

const factsOf = (c: repo.CaseRow): CaseFacts => ({
  version: c.version as DevelopmentVersion,
  birthDate: c.birthDate,
});

/**
 * The records in force, in procedure order: superseded records drop out and a correction takes the
 * place of the record it corrects (ordered by date, then by the first record of its chain).
 */
function effective(rows: repo.StepRow[]): repo.StepRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const origin = (r: repo.StepRow): number => {
    let cur = r;
    while (cur.correctsId !== null) {
      const prev = byId.get(cur.correctsId);
      if (!prev) break;
      cur = prev;
    }
    return cur.id;
  };
  return rows
    .filter((r) => r.supersededById === null)
    .map((r) => ({ r, o: origin(r) }))
    .sort((a, b) => compareDates(a.r.occurredOn, b.r.occurredOn) || a.o - b.o)
    .map((x) => x.r);
}

const recorded = (r: repo.StepRow): RecordedStep => ({
  key: r.key as StepKey,
  on: r.occurredOn,
  data: r.data as StepData,
});

// ---------------------------------------------------------------------------------------------
// DTOs

function nextState(n: NextItem, today: IsoDate, leadDays: number): NextItemDto['state'] {
  if (n.earliest && compareDates(today, n.earliest) < 0) return 'waiting';
  if (n.due && compareDates(today, n.due) > 0) return 'overdue';
  if (n.due && daysBetween(today, n.due) <= leadDays) return 'due_soon';
  return 'open';
}

export function toSummary(row: repo.CaseListRow, today: IsoDate): CaseSummaryDto {
  const c = row.c;
  const nextStepDef = c.nextKey ? stepByKey(c.nextKey) : undefined;
  return {
    id: c.id,
    orgId: c.orgId,
    orgName: row.orgName,
    name: c.name,
    gender: c.gender,
    idNumber: c.idNumberMasked ?? '',
    age: ageOn(c.birthDate, today),
    version: c.version as '2014' | '2026',
    status: c.status as CaseStatusValue,
    stage: c.stage as CaseSummaryDto['stage'],
    appliedOn: c.appliedOn,
    lastStepKey: c.lastStepKey,
    lastStepOn: c.lastStepOn,
    nextKey: c.nextKey,
    nextTitle: nextStepDef?.title ?? null,
    nextDueOn: c.nextDueOn,
    nextEarliestOn: c.nextEarliestOn,
    overdue: c.status === 'active' && c.nextDueOn !== null && compareDates(c.nextDueOn, today) < 0,
    probationEndsOn: c.probationEndsOn,
    memberId: c.memberId,
  };
}

const findingDto = (f: Record<string, unknown>): FindingDto => f as unknown as FindingDto;

async function toDetail(db: DbOrTx, ctx: RequestContext, row: repo.CaseListRow): Promise<CaseDetailDto> {
  const c = row.c;
  const [rules, stepRows, docs, approving] = await Promise.all([
    caseRules(db, c),
    repo.steps(db, c.id),
    repo.documents(db, c.id),
    repo.approvingOrg(db, c.orgPath),
  ]);
  const state = caseState(factsOf(c), effective(stepRows).map(recorded), rules);
  const lead = rules['development.reminderLeadDays'];
  const active = c.status === 'active';
  const recordBranch = active && writeScope(ctx).containsPath(c.orgPath);
  const recordHigher = active && !!approving && approveScope(ctx).containsPath(approving.path);
  const steps: StepRecordDto[] = stepRows.map((s) => ({
    id: s.id,
    no: s.no,
    key: s.key,
    title: stepByKey(s.key)?.title ?? s.key,
    on: s.occurredOn,
    data: s.data,
    warnings: s.warnings.map(findingDto),
    recordedBy: s.recordedByName,
    recordedAt: s.recordedAt.toISOString(),
    correctsId: s.correctsId,
    correctionReason: s.correctionReason,
    supersededById: s.supersededById,
    documents: docs
      .filter((d) => d.stepId === s.id)
      .map((d) => ({
        id: d.id,
        fileName: d.fileName,
        size: d.size,
        uploadedAt: d.uploadedAt.toISOString(),
        mimeType: d.mimeType,
      })),
  }));
  return {
    ...toSummary(row, ctx.today),
    phone: c.phoneMasked,
    ethnicity: c.ethnicity,
    education: c.education,
    workUnit: c.workUnit,
    approvingOrgId: approving?.id ?? null,
    approvingOrgName: approving?.name ?? null,
    closedReason: c.closedReason,
    activistOn: c.activistOn,
    candidateEligibleOn: c.candidateEligibleOn,
    candidateOn: c.candidateOn,
    admittedOn: c.admittedOn,
    confirmedOn: c.confirmedOn,
    extensionMonths: c.extensionMonths,
    rules: c.rules,
    next: active
      ? state.next.map((n) => ({
          ...n,
          actor: stepRecorder(n.key, c.version),
          state: nextState(n, ctx.today, lead),
        }))
      : [],
    steps,
    can: {
      recordBranch,
      recordHigher,
      correct: recordBranch || recordHigher,
      close: active && c.admittedOn === null && writeScope(ctx).containsPath(c.orgPath),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof caseListQuery>) {
  let orgPath: string | undefined;
  if (q.orgId) {
    const org = await orgRepo.findOrg(db, readScope(ctx), q.orgId);
    if (!org) throw notFound('党组织');
    orgPath = org.path;
  }
  const r = await repo.listCases(db, readScope(ctx), { ...q, orgPath }, q.current, q.pageSize);
  return { data: r.data.map((row) => toSummary(row, ctx.today)), total: r.total };
}

export async function get(db: DbOrTx, ctx: RequestContext, id: number) {
  const row = await repo.findCase(db, readScope(ctx), id);
  if (!row) throw notFound(CASE);
  return toDetail(db, ctx, row);
}

/**
 * The case of the caller's own account, for their home (我的): its stage and the next step with
 * its dates as the engine last derived them (stored on the case at every step). No scope: the
 * caller passes the user's own link (see `repo.findOwnCase`).
 */
export async function ownCase(db: DbOrTx, by: { caseId: number } | { memberId: number }, today: IsoDate) {
  const row = await repo.findOwnCase(db, by);
  return row ? toSummary(row, today) : null;
}

/**
 * The case's branch on a day as the register knows it, for the forms: the vote's 应到 and whether a
 * committee was in office (read the same way as when the step is recorded).
 */
export async function registerOn(
  db: DbOrTx,
  ctx: RequestContext,
  id: number,
  on: IsoDate,
): Promise<RegisterOnDto> {
  const row = await repo.findCase(db, readScope(ctx), id);
  if (!row) throw notFound(CASE);
  const [rules, branch, committeeMembers] = await Promise.all([
    caseRules(db, row.c),
    repo.branchFullMembers(db, row.c.orgId, on),
    repo.branchCommittee(db, row.c.orgId, on),
  ]);
  return {
    on,
    fullMembers: branch.full,
    votingMembers: branch.voting,
    committeeMembers,
    hasCommittee: committeeMembers >= rules['branch.committeeSize'].min,
  };
}

// ---------------------------------------------------------------------------------------------
// Writes

/** The case's derived columns from the engine's state. */
function stateColumns(st: CaseState) {
  const last = st.next[st.next.length - 1];
  const dues = st.next.map((n) => n.due).filter((d): d is string => !!d);
  return {
    status: st.status,
    stage: st.stage,
    lastStepKey: st.lastKey,
    lastStepOn: st.lastOn,
    nextKey: last?.key ?? null,
    nextEarliestOn: last?.earliest ?? null,
    nextDueOn: dues.length ? dues.reduce((a, b) => (compareDates(a, b) <= 0 ? a : b)) : null,
    appliedOn: st.appliedOn ?? undefined,
    activistOn: st.activistOn,
    candidateEligibleOn: st.candidateEligibleOn,
    candidateOn: st.candidateOn,
    admittedOn: st.admittedOn,
    probationEndsOn: st.probationEndsOn,
    extensionMonths: st.extensionMonths,
    confirmedOn: st.confirmedOn,
  };
}

const LOG_FIELDS = (c: Pick<repo.CaseRow, 'status' | 'stage' | 'lastStepKey' | 'nextKey'>) => ({
  status: c.status,
  stage: c.stage,
  lastStepKey: c.lastStepKey,
  nextKey: c.nextKey,
});

export async function create(db: Db, ctx: RequestContext, input: z.infer<typeof caseCreateBody>) {
  const where: memberService.RefusalPlace = { orgPath: null, attempted: 'development.case.create' };
  return memberService.auditRefusals(db, ctx, where, () => createCase(db, ctx, input, where));
}

async function createCase(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof caseCreateBody>,
  where: memberService.RefusalPlace,
) {
  return db.transaction(async (tx) => {
    const org = await orgRepo.findOrg(tx, writeScope(ctx), input.orgId);
    if (!org) throw notFound('党组织');
    if (!isBranchKind(org.kind as OrgKind) || org.status !== 'active') {
      const message = '所在党组织：入党申请应向正常运行的党支部（联合党支部）提出';
      throw new AppError('DEVELOPMENT_ORG_NOT_BRANCH', message, [
        {
          field: 'orgId',
          message,
          code: 'DEVELOPMENT_ORG_NOT_BRANCH',
          citation: stepByKey('application')?.citation2014,
        },
      ]);
    }
    where.orgPath = org.path;
    const parsed = parseIdNumber(input.idNumber);
    if (!parsed.ok) throw fieldErrors([{ field: 'idNumber', message: `身份证号：${parsed.message}` }]);
    const profileErrors = [];
    if (parsed.gender !== input.gender) {
      profileErrors.push({ field: 'gender', message: '性别：与身份证号中的性别不一致' });
    }
    if (input.ethnicity && !isEthnicityCode(input.ethnicity)) {
      profileErrors.push({ field: 'ethnicity', message: '民族：应为56个民族之一' });
    }
    if (input.education && !isEducationLevel(input.education)) {
      profileErrors.push({ field: 'education', message: '学历：不在学历分类中' });
    }
    if (profileErrors.length) throw fieldErrors(profileErrors);
    const open = await repo.activeCaseWithIdNumber(tx, parsed.idNumber);
    if (open && !readScope(ctx).containsPath(open.orgPath)) {
      // Another branch's applicant: refused like a member elsewhere, without saying which.
      throw memberService.outOfScopeRefusal(org.path, {
        attempted: 'development.case.create',
        idNumber: maskIdNumber(parsed.idNumber),
        holderCaseId: open.id,
      });
    }
    if (open) {
      throw new AppError(
        'DEVELOPMENT_CASE_ALREADY_OPEN',
        '该身份证号已有正在办理的发展党员案件，不能重复立案',
        [{ field: 'idNumber', message: '身份证号：已有正在办理的发展党员案件' }],
      );
    }
    if (await memberService.idNumberTakenInSight(tx, ctx, parsed.idNumber, where)) {
      throw new AppError(
        'DEVELOPMENT_ALREADY_A_MEMBER',
        '该身份证号已在党员名册中登记，不能再立发展党员案件',
        [{ field: 'idNumber', message: '身份证号：已在党员名册中登记' }],
      );
    }
    const rules = await loadRules(tx);
    const version: DevelopmentVersion = String(rules['development.version']) === '2014' ? '2014' : '2026';
    const facts: CaseFacts = { version, birthDate: parsed.birthDate };
    const step: RecordedStep = {
      key: 'application',
      on: input.appliedOn,
      data: input.note ? { note: input.note } : {},
    };
    const check = checkStep(facts, [], step, { today: ctx.today, rules });
    if (check.errors.length) throw ruleErrors(check.errors);
    const st = caseState(facts, [step], rules);
    const keys = personNameKeys(input.name);
    const row = await repo.insertCase(tx, {
      orgId: org.id,
      orgPath: org.path,
      version,
      rules: snapshotRules(rules),
      name: input.name,
      namePinyin: keys.pinyin,
      nameInitials: keys.initials,
      gender: input.gender,
      ...sealedCase(parsed.idNumber, input.phone || null),
      birthDate: parsed.birthDate,
      ethnicity: input.ethnicity || null,
      education: input.education || null,
      workUnit: input.workUnit || null,
      ...stateColumns(st),
      appliedOn: input.appliedOn,
      createdBy: ctx.actor.userId,
    });
    await repo.insertStep(tx, {
      caseId: row.id,
      no: 1,
      key: 'application',
      occurredOn: input.appliedOn,
      data: step.data as Record<string, unknown>,
      warnings: check.warnings as unknown as Record<string, unknown>[],
      recordedBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'development.case.create',
      entity: 'development_case',
      entityId: row.id,
      orgPath: org.path,
      after: {
        orgId: org.id,
        name: input.name,
        idNumber: maskIdNumber(parsed.idNumber),
        appliedOn: input.appliedOn,
        version,
      },
    });
    return row.id;
  });
}

/** A case read for a write: visible (404 otherwise), locked. */
async function findForWrite(tx: DbOrTx, ctx: RequestContext, id: number) {
  const row = await repo.findCase(tx, readScope(ctx), id, true);
  if (!row) throw notFound(CASE);
  return row;
}

/** The authority over a step: the approving committee for higher steps, the branch's writers otherwise. */
async function assertAuthority(tx: DbOrTx, ctx: RequestContext, c: repo.CaseRow, key: string) {
  const approving = await repo.approvingOrg(tx, c.orgPath);
  if (stepRecorder(key, c.version) === 'higher') {
    if (!approving) {
      throw new AppError(
        'DEVELOPMENT_NO_APPROVING_COMMITTEE',
        '本支部的上级党组织中没有有发展党员审批权的党委，请先在组织设置中指定',
        [
          {
            field: '',
            message: '本支部的上级党组织中没有有发展党员审批权的党委',
            code: 'DEVELOPMENT_NO_APPROVING_COMMITTEE',
            citation: stepByKey(key)?.citation2014,
          },
        ],
      );
    }
    if (!approveScope(ctx).containsPath(approving.path)) {
      throw new AppError('FORBIDDEN', `${HIGHER_REFUSED}（${approving.name}）`);
    }
  } else if (!writeScope(ctx).containsPath(c.orgPath)) {
    throw new AppError('FORBIDDEN', '只能办理本组织的发展党员工作');
  }
  return approving;
}

/**
 * The register's facts a step is judged by, as of the step's date (never today's register, so that
 * a back-dated step is judged by the register of its day): the branch's full members for a vote
 * (its size) and those of them with a vote that day (the voters expected), the committee in office for a designation by the committee.
 */
async function readRegister(tx: DbOrTx, c: repo.CaseRow, key: string, on: IsoDate, data: StepData) {
  if (key === 'admission_vote' || key === 'confirmation_vote') {
    const branch = await repo.branchFullMembers(tx, c.orgId, on);
    data.branchFullMembers = branch.full;
    data.branchVotingMembers = branch.voting;
  }
  if ((key === 'activist_designated' || key === 'candidate_designated') && data.decidedBy) {
    data.branchCommittee = await repo.branchCommittee(tx, c.orgId, on);
  }
}

/**
 * Mentors and sponsors as the register knows them on the step's date, inside the committee's subtree
 * on that date.
 */
async function resolvePeople(
  tx: DbOrTx,
  rootPath: string,
  ids: number[] | undefined,
  on: IsoDate,
  field: 'mentorIds' | 'sponsorIds',
): Promise<MemberFact[] | undefined> {
  if (!ids) return undefined;
  const rows = await repo.memberFacts(tx, rootPath, [...new Set(ids)], on);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const label = field === 'mentorIds' ? '培养联系人' : '入党介绍人';
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length) {
    throw fieldErrors([{ field, message: `${label}：应为 ${on} 本党委范围内党员名册中的党员` }]);
  }
  return ids.map((id) => {
    const r = byId.get(id) as repo.MemberFactRow;
    return {
      memberId: r.id,
      name: r.name,
      category: r.category as MemberFact['category'],
      current: r.current,
      rightsSuspended: r.suspended,
    };
  });
}

export async function recordStep(db: Db, ctx: RequestContext, id: number, body: z.infer<typeof stepBody>) {
  // An admission's approval registers the person: an ID number held elsewhere is refused, audited.
  const where: memberService.RefusalPlace = { orgPath: null, attempted: 'development.step.record' };
  return memberService.auditRefusals(db, ctx, where, () => recordStepIn(db, ctx, id, body, where));
}

async function recordStepIn(
  db: Db,
  ctx: RequestContext,
  id: number,
  body: z.infer<typeof stepBody>,
  where: memberService.RefusalPlace,
) {
  // A unit of work: an approval writes the member register, which compliance is derived from.
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await findForWrite(tx, ctx, id);
    const c = row.c;
    where.orgPath = c.orgPath;
    const approving = await assertAuthority(tx, ctx, c, body.key);
    if (c.status !== 'active') {
      throw new AppError('DEVELOPMENT_CASE_NOT_ACTIVE', '本案件已结束，不能再登记步骤');
    }
    const rules = await caseRules(tx, c);
    const facts = factsOf(c);
    const stepRows = await repo.steps(tx, c.id);
    const seq = effective(stepRows).map(recorded);
    const root = approving?.path ?? c.orgPath;
    const { key, on, mentorIds, sponsorIds, ...rest } = body;
    const data: StepData & { meetingId?: number } = { ...rest };
    const mentors = await resolvePeople(tx, root, mentorIds, on, 'mentorIds');
    const sponsors = await resolvePeople(tx, root, sponsorIds, on, 'sponsorIds');
    if (mentors) data.mentors = mentors;
    if (sponsors) data.sponsors = sponsors;
    await readRegister(tx, c, key, on, data);
    const input: RecordedStep = { key: key as StepKey, on, data };
    const check = checkStep(facts, seq, input, { today: ctx.today, rules });
    if (check.errors.length) throw ruleErrors(check.errors);
    const step = await repo.insertStep(tx, {
      caseId: c.id,
      no: stepByKey(key)?.no ?? 0,
      key,
      occurredOn: on,
      data: data as Record<string, unknown>,
      warnings: check.warnings as unknown as Record<string, unknown>[],
      recordedBy: ctx.actor.userId,
    });
    const before = caseState(facts, seq, rules);
    const st = caseState(facts, [...seq, input], rules);
    const values: Partial<repo.CaseRow> = stateColumns(st);
    const memberId = await applyToRegister(tx, ctx, c, key, input, before, st);
    if (memberId !== undefined) values.memberId = memberId;
    await repo.updateCase(tx, c.id, values);
    // The person's own account follows the case (accounts module): admitted, or ended (不予批准).
    if (memberId !== undefined || st.status !== c.status) tx.touch('development', [c.orgId]);
    await writeAudit(tx, ctx, {
      action: 'development.step.record',
      entity: 'development_case',
      entityId: c.id,
      orgPath: c.orgPath,
      before: LOG_FIELDS(c),
      after: {
        stepId: step.id,
        key,
        on,
        ...LOG_FIELDS({ ...c, ...values } as repo.CaseRow),
        ...(check.warnings.length ? { warnings: check.warnings.map((w) => w.code) } : {}),
      },
    });
    return c.id;
  });
}

/**
 * What an approval does to the register: an approved admission enters the person as a
 * probationary member (入党日期 = the admission vote); an approved confirmation makes them full
 * (转正日期 = end of probation), extends probation, or cancels it (the member leaves the roll;
 * no 出党方式 fits 取消预备党员资格, so the leave reason stays empty and the event says why).
 */
async function applyToRegister(
  tx: WorkTx,
  ctx: RequestContext,
  c: repo.CaseRow,
  key: string,
  input: RecordedStep,
  before: CaseState,
  st: CaseState,
): Promise<number | undefined> {
  if (key === 'admission_approval' && input.data.outcome === 'approved' && st.admittedOn) {
    const missing = [];
    if (!c.ethnicity) missing.push({ field: 'ethnicity', message: '民族：录入党员名册前须补全' });
    if (!c.education) missing.push({ field: 'education', message: '学历：录入党员名册前须补全' });
    if (missing.length) throw fieldErrors(missing);
    const idNumber = c.idNumberEnc ? unseal(c.idNumberEnc) : null;
    if (!idNumber) throw fieldErrors([{ field: 'idNumber', message: '身份证号：录入党员名册前须补全' }]);
    const place = { orgPath: c.orgPath, attempted: 'development.admission' };
    if (await memberService.idNumberTakenInSight(tx, ctx, idNumber, place)) {
      throw new AppError('DEVELOPMENT_ALREADY_A_MEMBER', '该身份证号已在党员名册中登记');
    }
    const phone = c.phoneEnc ? unseal(c.phoneEnc) : null;
    const org = await orgRepo.findOrg(tx, readScope(ctx), c.orgId);
    const m = await memberRepo.insert(tx, {
      orgId: c.orgId,
      orgPath: org?.path ?? c.orgPath,
      name: c.name,
      namePinyin: c.namePinyin,
      nameInitials: c.nameInitials,
      gender: c.gender,
      ethnicity: c.ethnicity as string,
      birthDate: c.birthDate,
      ...memberService.sealedColumns({ idNumber, phone }),
      education: c.education as string,
      workUnit: c.workUnit,
      category: 'probationary',
      status: 'active',
      joinedOn: st.admittedOn,
    });
    await memberRepo.addEvent(tx, {
      memberId: m.id,
      kind: 'registered',
      occurredOn: input.on,
      orgId: c.orgId,
      data: { status: 'active', category: 'probationary', developmentCaseId: c.id },
      recordedBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'member.create',
      entity: 'member',
      entityId: m.id,
      orgPath: m.orgPath,
      after: {
        name: c.name,
        idNumber: c.idNumberMasked,
        category: 'probationary',
        joinedOn: st.admittedOn,
        developmentCaseId: c.id,
      },
    });
    tx.touch('members', [c.orgId]);
    return m.id;
  }
  if (key === 'confirmation_approval' && input.data.outcome === 'approved' && c.memberId) {
    const decision = before.pendingDecision;
    let values: Record<string, unknown>;
    if (decision === 'confirm') values = { category: 'full', confirmedOn: st.confirmedOn };
    else if (decision === 'extend') values = { probationExtendedMonths: st.extensionMonths };
    else if (decision === 'cancel') values = { status: 'left', leftOn: input.on, leaveReason: null };
    else return undefined;
    const m = await memberRepo.update(tx, c.memberId, values);
    if (!m) return undefined;
    await memberRepo.addEvent(tx, {
      memberId: m.id,
      kind: decision === 'extend' ? 'updated' : 'status_changed',
      occurredOn: decision === 'confirm' ? (st.confirmedOn ?? input.on) : input.on,
      orgId: m.orgId,
      data: { ...values, status: m.status, category: m.category, developmentCaseId: c.id, decision },
      recordedBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'member.update',
      entity: 'member',
      entityId: m.id,
      orgPath: m.orgPath,
      after: { ...values, developmentCaseId: c.id, decision },
    });
    tx.touch('members', [m.orgId]);
  }
  return undefined;
}

export async function correctStep(
  db: Db,
  ctx: RequestContext,
  id: number,
  stepId: number,
  body: z.infer<typeof stepCorrectionBody>,
) {
  return db.transaction(async (tx) => {
    const row = await findForWrite(tx, ctx, id);
    const c = row.c;
    const stepRows = await repo.steps(tx, c.id);
    const old = stepRows.find((s) => s.id === stepId);
    if (!old) throw notFound('步骤记录');
    const approving = await assertAuthority(tx, ctx, c, old.key);
    if (old.supersededById !== null) {
      throw new AppError('DEVELOPMENT_STEP_SUPERSEDED', '该记录已被更正，请更正最新的记录');
    }
    if (c.status === 'closed') throw new AppError('DEVELOPMENT_CASE_CLOSED', '本案件已终止，不能更正');
    const rules = await caseRules(tx, c);
    const facts = factsOf(c);
    const data: StepData = { ...(old.data as StepData) };
    if (body.note !== undefined) data.note = body.note;
    if (body.expectedVotingReason !== undefined) data.expectedVotingReason = body.expectedVotingReason;
    if (body.on !== old.occurredOn) {
      // A new date is judged by the register of that date: the people and counts are read again.
      const root = approving?.path ?? c.orgPath;
      const ids = (people: MemberFact[] | undefined) => people?.map((p) => p.memberId);
      const mentors = await resolvePeople(tx, root, ids(data.mentors), body.on, 'mentorIds');
      const sponsors = await resolvePeople(tx, root, ids(data.sponsors), body.on, 'sponsorIds');
      if (mentors) data.mentors = mentors;
      if (sponsors) data.sponsors = sponsors;
      await readRegister(tx, c, old.key, body.on, data);
    }
    // The corrected record keeps the old one's id here, so that it sorts where its chain began.
    const replacement = { ...old, occurredOn: body.on, data: data as Record<string, unknown> };
    const oldIndex = effective(stepRows).findIndex((s) => s.id === old.id);
    const corrected = effective(stepRows.map((s) => (s.id === old.id ? replacement : s)));
    const newIndex = corrected.indexOf(replacement);
    const seq = corrected.map(recorded);
    // Every step from the corrected one on (where it was, or where it now falls) is checked again
    // against the corrected history.
    const findings: Finding[] = [];
    for (let i = Math.max(0, Math.min(oldIndex, newIndex)); i < seq.length && !findings.length; i++) {
      const s = seq[i] as RecordedStep;
      const r = checkStep(facts, seq.slice(0, i), s, { today: ctx.today, rules });
      for (const e of r.errors) {
        findings.push({
          ...e,
          message: `第${stepByKey(s.key)?.no ?? ''}步“${stepByKey(s.key)?.title ?? s.key}”（${s.on}）：${e.message}`,
        });
      }
    }
    if (findings.length) throw ruleErrors(findings);
    const inserted = await repo.insertStep(tx, {
      caseId: c.id,
      no: old.no,
      key: old.key,
      occurredOn: body.on,
      data: data as Record<string, unknown>,
      warnings: old.warnings,
      correctsId: old.id,
      correctionReason: body.reason,
      recordedBy: ctx.actor.userId,
    });
    await repo.markSuperseded(tx, old.id, inserted.id);
    const st = caseState(facts, seq, rules);
    await repo.updateCase(tx, c.id, stateColumns(st));
    await writeAudit(tx, ctx, {
      action: 'development.step.correct',
      entity: 'development_case',
      entityId: c.id,
      orgPath: c.orgPath,
      before: { stepId: old.id, key: old.key, on: old.occurredOn, note: (old.data as StepData).note ?? null },
      after: { stepId: inserted.id, key: old.key, on: body.on, note: data.note ?? null },
      reason: body.reason,
    });
    return c.id;
  });
}

export async function close(db: Db, ctx: RequestContext, id: number, body: z.infer<typeof caseCloseBody>) {
  // A unit of work: the applicant's own account, if one was issued, is disabled with the case.
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await findForWrite(tx, ctx, id);
    const c = row.c;
    if (!writeScope(ctx).containsPath(c.orgPath)) {
      throw new AppError('FORBIDDEN', '只能终止本组织的发展党员案件');
    }
    if (c.status !== 'active') {
      throw new AppError('DEVELOPMENT_CASE_NOT_ACTIVE', '只有进行中的案件可以终止');
    }
    if (c.admittedOn !== null) {
      throw new AppError(
        'DEVELOPMENT_CASE_ADMITTED',
        '已批准为预备党员的案件不能终止：请按转正程序讨论（延长预备期或取消预备党员资格）',
      );
    }
    await repo.updateCase(tx, c.id, { status: 'closed', closedReason: body.reason, closedOn: ctx.today });
    tx.touch('development', [c.orgId]);
    await writeAudit(tx, ctx, {
      action: 'development.case.close',
      entity: 'development_case',
      entityId: c.id,
      orgPath: c.orgPath,
      before: { status: c.status },
      after: { status: 'closed', closedOn: ctx.today },
      reason: body.reason,
    });
    return c.id;
  });
}

/** An applicant's ID number and phone as the case stores them: encrypted, hashed, masked (lib/pii.ts). */
function sealedCase(idNumber: string, phone: string | null) {
  const id = sealOptional('idNumber', idNumber);
  const p = sealOptional('phone', phone);
  return {
    idNumberEnc: id.enc,
    idNumberHash: id.hash,
    idNumberMasked: id.masked,
    phoneEnc: p.enc,
    // The applicant's account signs in by this phone (SMS, 忘记密码) until they are a member.
    phoneHash: p.hash,
    phoneMasked: p.masked,
  };
}
