import type { z } from 'zod';
import { ageOn } from '../../../domain/common/dates.js';
import { personNameKeys } from '../../../domain/common/pinyin.js';
import { maskIdNumber, maskPhone } from '../../../domain/member/id-number.js';
import { CURRENT_MEMBER_STATUSES } from '../../../domain/member/labels.js';
import {
  checkMemberProfile,
  type MemberProfileInput,
  probationDue,
} from '../../../domain/member/profile-rules.js';
import { kindHoldsMembers, type OrgKind } from '../../../domain/org/labels.js';
import { type Rules, ruleDef } from '../../../domain/rules/index.js';
import type { FieldErrorDto } from '../../../shared/contracts/error-codes.js';
import type {
  MEMBERS_ERRORS,
  MemberDto,
  memberCreateBody,
  memberListQuery,
  memberPatchBody,
  revealBody,
} from '../../../shared/contracts/members.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { members } from '../../db/schema/index.js';
import { diff, writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import type { Scope } from '../../lib/scope.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { rollups } from '../dashboard/index.js';
import { orgRepo } from '../orgs/index.js';
import { loadRules } from '../settings/index.js';
import * as repo from './repo.js';

const MEMBER = '党员';
type MemberRow = typeof members.$inferSelect;

/**
 * A write refused for one field, under the area's own code: the message names the field as the
 * form does (`党小组：…`), and the detail carries the code (and, for a rule, its id, citation and
 * the day it was judged on).
 */
function refusal(
  code: keyof typeof MEMBERS_ERRORS,
  field: string,
  message: string,
  rule: Pick<FieldErrorDto, 'ruleId' | 'citation' | 'date'> = {},
) {
  return new AppError(code, message, [{ field, message, code, ...rule }]);
}

/** Sensitive fields as they may appear in audit entries and events: masked, never clear. */
function maskedForLog(values: Record<string, unknown>) {
  const out = { ...values };
  if (typeof out.idNumber === 'string') out.idNumber = maskIdNumber(out.idNumber);
  if (typeof out.phone === 'string') out.phone = maskPhone(out.phone);
  return out;
}

export function toDto(row: repo.MemberListRow, ctx: RequestContext, rules: Rules): MemberDto {
  const m = row.member;
  const pt = row.pendingTransfer;
  const writeScope = ctx.actor.scope('member.write');
  const transferScope = ctx.actor.scope('transfer.write');
  const current = m.status !== 'left' && m.status !== 'deceased';
  return {
    id: m.id,
    name: m.name,
    gender: m.gender as MemberDto['gender'],
    ethnicity: m.ethnicity,
    birthDate: m.birthDate,
    age: ageOn(m.birthDate, ctx.today),
    idNumber: m.idNumber ? maskIdNumber(m.idNumber) : null,
    phone: m.phone ? maskPhone(m.phone) : null,
    education: m.education,
    workUnit: m.workUnit,
    category: m.category as MemberDto['category'],
    status: m.status as MemberDto['status'],
    leaveReason: m.leaveReason as MemberDto['leaveReason'],
    leftOn: m.leftOn,
    joinedOn: m.joinedOn,
    confirmedOn: m.confirmedOn,
    probationExtendedMonths: m.probationExtendedMonths,
    probation:
      m.status === 'left' || m.status === 'deceased'
        ? null
        : probationDue(
            {
              category: m.category as MemberDto['category'],
              joinedOn: m.joinedOn,
              probationExtendedMonths: m.probationExtendedMonths,
            },
            ctx.today,
            rules,
          ),
    orgId: m.orgId,
    orgName: row.orgName,
    groupId: m.groupId,
    groupName: row.groupName,
    pendingTransfer: pt
      ? pt.fromOrgId === m.orgId
        ? { id: pt.id, direction: 'out', otherOrgName: pt.toOrgName }
        : { id: pt.id, direction: 'in', otherOrgName: pt.fromOrgName }
      : null,
    abilities: {
      update: writeScope.containsPath(m.orgPath),
      reveal: ctx.actor.scope('member.reveal').containsPath(m.orgPath),
      transfer: current && !pt && transferScope.containsPath(m.orgPath),
    },
  };
}

/** The list's filters with the org resolved: the org filter must itself be visible (else 404). */
async function filterOf(db: Db, ctx: RequestContext, q: MemberQuery) {
  const scope = ctx.actor.scope('member.read');
  let orgPath: string | undefined;
  if (q.orgId) {
    // The org filter must itself be visible, or the list would confirm that it exists.
    const org = await orgRepo.findOrg(db, scope, q.orgId);
    if (!org) throw notFound('党组织');
    orgPath = org.path;
  }
  const { current: _c, pageSize: _p, ...filters } = q as z.infer<typeof memberListQuery>;
  return { scope, filter: { ...filters, orgPath, today: ctx.today } as repo.MemberFilter };
}

type MemberQuery = Omit<z.infer<typeof memberListQuery>, 'current' | 'pageSize'>;

/**
 * The subtrees a list looks in, as org ids: the filter's org, else the scope's roots (whole,
 * disjoint subtrees; a path's last label is its org's id). Null when the list also holds the
 * actor's own record outside them (a member's self grant), which no rollup counts.
 */
function rootsOf(q: MemberQuery, scope: Scope): number[] | null {
  if (q.orgId) return [q.orgId];
  if (scope.selfMemberId !== null) return null;
  return scope.roots.map((r) => Number(r.slice(r.lastIndexOf('.') + 1)));
}

export async function listMembers(db: Db, ctx: RequestContext, q: z.infer<typeof memberListQuery>) {
  const { scope, filter } = await filterOf(db, ctx, q);
  // The whole subtree of a visible org is visible (a scope is whole subtrees): its rollups count
  // exactly the rows the list filters, when the filter is one the rollups keep; else they give the
  // subtree's size, which says whether an exact count is cheap.
  const roots = rootsOf(q, scope);
  const knownTotal = roots && !q.q ? await rollupTotal(db, roots, q, ctx.today) : null;
  const subtreeSize = knownTotal === null && roots ? await rollupTotal(db, roots, {}, ctx.today) : knownTotal;
  const [r, rules] = await Promise.all([
    repo.list(db, scope, filter, q.current, q.pageSize, knownTotal, subtreeSize),
    loadRules(db),
  ]);
  return {
    data: r.data.map((row) => toDto(row, ctx, rules)),
    total: r.total,
    ...(r.totalEstimated ? { totalEstimated: true } : {}),
  };
}

/**
 * The exact number of rows the list holds under its filters, for an export (its banner and its
 * audit entry): from the rollups where they answer, else counted, stopping at `limit`.
 */
export async function countMembers(db: Db, ctx: RequestContext, q: MemberQuery, limit: number) {
  const { scope, filter } = await filterOf(db, ctx, q);
  const roots = rootsOf(q, scope);
  const known = roots && !q.q ? await rollupTotal(db, roots, q, ctx.today) : null;
  return known ?? repo.exactCount(db, scope, filter, limit);
}

/** Where a batch of the list stopped: the last row's place in tree order. */
export type MemberCursor = { path: string; id: number };

/**
 * The list's rows after `after`, at most `limit`, as the list shows them (same filters, scope,
 * order and masking), and where they stopped: an export reads the whole list this way.
 */
export async function listMembersAfter(
  db: Db,
  ctx: RequestContext,
  q: MemberQuery,
  after: MemberCursor | null,
  limit: number,
) {
  const { scope, filter } = await filterOf(db, ctx, q);
  const [rows, rules] = await Promise.all([repo.listAfter(db, scope, filter, after, limit), loadRules(db)]);
  const last = rows.at(-1)?.member;
  return {
    rows: rows.map((row) => toDto(row, ctx, rules)),
    last: last ? { path: last.orgPath, id: last.id } : null,
  };
}

/**
 * The total of a member list from the subtree rollups (summed over the roots), or null when the
 * filters are not one the rollups keep: none (the current register), or exactly one of category,
 * a current status, gender, ethnicity, education, age band and join decade (the dashboard's
 * buckets, so each chart's click-through list is counted the same way).
 */
async function rollupTotal(
  db: Db,
  roots: number[],
  q: Partial<MemberQuery>,
  today: string,
): Promise<number | null> {
  const asked: Array<[string, string]> = [];
  if (q.category) asked.push(['m.category', q.category]);
  if (q.status) asked.push(['m.status', q.status]);
  if (q.gender) asked.push(['m.gender', q.gender]);
  if (q.ethnicity)
    asked.push(q.ethnicity === 'minority' ? ['m.flag', 'minority'] : ['m.ethnicity', q.ethnicity]);
  if (q.education) asked.push(['m.education', q.education]);
  if (q.ageBand) asked.push(['m.ageBand', q.ageBand]);
  if (q.joinDecade !== undefined) asked.push(['m.joinDecade', String(q.joinDecade)]);
  if (asked.length > 1) return null;
  const [dim, key] = asked[0] ?? ['m', 'total'];
  // Members who left or died are not in the rollups (they count the register).
  if (dim === 'm.status' && !(CURRENT_MEMBER_STATUSES as readonly string[]).includes(key)) return null;
  if (dim === 'm.ageBand') await rollups.ensureAgeBandsOn(db, today);
  let n = 0;
  for (const orgId of roots) n += await rollups.countOf(db, orgId, dim, key);
  return n;
}

export async function getMember(db: DbOrTx, ctx: RequestContext, id: number) {
  const row = await repo.find(db, ctx.actor.scope('member.read'), id);
  if (!row) throw notFound(MEMBER);
  return toDto(row, ctx, await loadRules(db));
}

async function validateProfile(
  db: DbOrTx,
  ctx: RequestContext,
  profile: MemberProfileInput,
  selfId?: number,
) {
  const rules = await loadRules(db);
  const errors = checkMemberProfile(profile, rules, ctx.today);
  if (!errors.some((e) => e.field === 'idNumber') && profile.idNumber) {
    if (await repo.idNumberTaken(db, profile.idNumber, selfId)) {
      const taken = refusal('MEMBERS_ID_NUMBER_TAKEN', 'idNumber', '身份证号：该身份证号已在党员名册中登记');
      // Alone, the answer carries its code; with other errors the form shows them all at once.
      if (!errors.length) throw taken;
      errors.push(...(taken.details ?? []));
    }
  }
  if (errors.length) throw fieldErrors(errors);
}

async function checkGroup(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  groupId: number | null | undefined,
) {
  if (!groupId) return;
  const group = await orgRepo.findOrg(db, ctx.actor.scope('member.write'), groupId);
  if (group?.kind !== 'group' || group.parentId !== orgId || group.status !== 'active') {
    throw refusal('MEMBERS_GROUP_NOT_IN_BRANCH', 'groupId', '党小组：应为本支部下设的党小组');
  }
}

const profileOf = (m: Partial<MemberRow>): MemberProfileInput =>
  ({
    name: m.name,
    gender: m.gender,
    ethnicity: m.ethnicity,
    birthDate: m.birthDate,
    idNumber: m.idNumber ?? undefined,
    phone: m.phone ?? undefined,
    education: m.education,
    category: m.category,
    status: m.status,
    leaveReason: m.leaveReason ?? undefined,
    leftOn: m.leftOn ?? undefined,
    joinedOn: m.joinedOn,
    confirmedOn: m.confirmedOn ?? undefined,
    probationExtendedMonths: m.probationExtendedMonths ?? undefined,
  }) as MemberProfileInput;

export async function createMember(db: Db, ctx: RequestContext, input: z.infer<typeof memberCreateBody>) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const org = await orgRepo.findOrgForUpdate(tx, ctx.actor.scope('member.write'), input.orgId);
    if (!org) throw notFound('党组织');
    if (!kindHoldsMembers(org.kind as OrgKind) || org.status !== 'active') {
      throw refusal(
        'MEMBERS_ORG_HOLDS_NO_MEMBERS',
        'orgId',
        '所在党组织：党员应编入正常运行的党支部或联合党支部',
      );
    }
    const values = {
      ...input,
      idNumber: input.idNumber || null,
      phone: input.phone || null,
      workUnit: input.workUnit || null,
      leaveReason: input.leaveReason ?? null,
      leftOn: input.leftOn ?? null,
      confirmedOn: input.confirmedOn ?? null,
      probationExtendedMonths: input.probationExtendedMonths ?? null,
      groupId: input.groupId ?? null,
    };
    await validateProfile(tx, ctx, profileOf(values));
    await checkGroup(tx, ctx, org.id, values.groupId);
    const keys = personNameKeys(input.name);
    const row = await repo.insert(tx, {
      ...values,
      birthDate: input.birthDate,
      joinedOn: input.joinedOn,
      orgPath: org.path,
      namePinyin: keys.pinyin,
      nameInitials: keys.initials,
    });
    await repo.addEvent(tx, {
      memberId: row.id,
      kind: 'registered',
      occurredOn: ctx.today,
      orgId: org.id,
      data: { status: row.status, category: row.category },
      recordedBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'member.create',
      entity: 'member',
      entityId: row.id,
      orgPath: org.path,
      after: maskedForLog({ ...values }),
    });
    // Each member on the register is owed a heart talk this year.
    tx.touch('members', [org.id]);
    return row.id;
  });
}

export async function updateMember(
  db: Db,
  ctx: RequestContext,
  id: number,
  patch: z.infer<typeof memberPatchBody>,
) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const before = await repo.findForUpdate(tx, ctx.actor.scope('member.write'), id);
    if (!before) {
      // Visible but not editable (a member looking at their own record) is a 403, not a 404.
      if (await repo.find(tx, ctx.actor.scope('member.read'), id)) throw new AppError('FORBIDDEN');
      throw notFound(MEMBER);
    }
    const normalized: Record<string, unknown> = { ...patch };
    for (const k of ['idNumber', 'phone', 'workUnit'] as const) if (patch[k] === '') normalized[k] = null;
    // Leaving the register clears nothing else; coming back clears the leave fields.
    if (patch.status && patch.status !== 'left') {
      if (patch.leaveReason === undefined) normalized.leaveReason = null;
      if (patch.leftOn === undefined) normalized.leftOn = null;
    }
    if (patch.category === 'probationary' && patch.confirmedOn === undefined) normalized.confirmedOn = null;
    const merged = { ...before, ...normalized } as MemberRow;
    await validateProfile(tx, ctx, profileOf(merged), id);
    if (patch.groupId !== undefined) await checkGroup(tx, ctx, before.orgId, patch.groupId);
    if (
      merged.category === 'probationary' &&
      before.category !== 'probationary' &&
      (await repo.onCommittee(tx, id))
    ) {
      throw refusal(
        'MEMBERS_PROBATIONARY_ON_COMMITTEE',
        'category',
        '党员类别：该党员是现任班子成员，预备党员没有被选举权（党章第七条）',
        {
          ruleId: 'member.probationaryElectable',
          citation: ruleDef('member.probationaryElectable').citation,
          date: ctx.today,
        },
      );
    }
    const d = diff(before as unknown as Record<string, unknown>, normalized);
    if (!d.changed) return id;
    const values: Record<string, unknown> = { ...normalized };
    if (patch.name) {
      const k = personNameKeys(patch.name);
      values.namePinyin = k.pinyin;
      values.nameInitials = k.initials;
    }
    await repo.update(tx, id, values);
    const statusChanged = 'status' in d.after || 'category' in d.after;
    await repo.addEvent(tx, {
      memberId: id,
      kind: statusChanged ? 'status_changed' : 'updated',
      occurredOn: (merged.status === 'left' && merged.leftOn) || ctx.today,
      orgId: before.orgId,
      data: { ...maskedForLog(d.after), status: merged.status, category: merged.category },
      recordedBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'member.update',
      entity: 'member',
      entityId: id,
      orgPath: before.orgPath,
      before: maskedForLog(d.before),
      after: maskedForLog(d.after),
    });
    // Leaving the register or changing group changes what the branch is asked for.
    tx.touch('members', [before.orgId]);
    return id;
  });
}

/** Shows the clear ID number or phone to a permitted user who gives a reason; audited. */
export async function reveal(db: Db, ctx: RequestContext, id: number, input: z.infer<typeof revealBody>) {
  return db.transaction(async (tx) => {
    const row = await repo.find(tx, ctx.actor.scope('member.reveal'), id);
    if (!row) {
      if (await repo.find(tx, ctx.actor.scope('member.read'), id))
        throw new AppError('FORBIDDEN', '没有查看敏感信息的权限');
      throw notFound(MEMBER);
    }
    const out: { idNumber?: string | null; phone?: string | null } = {};
    if (input.fields.includes('idNumber')) out.idNumber = row.member.idNumber;
    if (input.fields.includes('phone')) out.phone = row.member.phone;
    await writeAudit(tx, ctx, {
      action: 'member.reveal',
      entity: 'member',
      entityId: id,
      orgPath: row.member.orgPath,
      after: { fields: input.fields },
      reason: input.reason,
    });
    return out;
  });
}

export async function events(db: Db, ctx: RequestContext, id: number) {
  const row = await repo.find(db, ctx.actor.scope('member.read'), id);
  if (!row) throw notFound(MEMBER);
  return repo.events(db, id);
}
