import type { z } from 'zod';
import { ageOn } from '../../../domain/common/dates.js';
import { personNameKeys } from '../../../domain/common/pinyin.js';
import { maskIdNumber } from '../../../domain/member/id-number.js';
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
import { type AuditEntry, diff, writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { hashOf, sealOptional, unseal } from '../../lib/pii.js';
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

/** The columns an ID number and a phone are stored in: encrypted, hashed, masked (lib/pii.ts). */
export function sealedColumns(v: { idNumber?: string | null; phone?: string | null }) {
  const out: Partial<typeof members.$inferInsert> = {};
  if (v.idNumber !== undefined) {
    const id = sealOptional('idNumber', v.idNumber);
    Object.assign(out, { idNumberEnc: id.enc, idNumberHash: id.hash, idNumberMasked: id.masked });
  }
  if (v.phone !== undefined) {
    const p = sealOptional('phone', v.phone);
    Object.assign(out, { phoneEnc: p.enc, phoneHash: p.hash, phoneMasked: p.masked });
  }
  return out;
}

/** Without the sensitive fields (their masks are added where an entry needs them). */
function withoutSensitive<T extends Record<string, unknown>>(values: T) {
  const { idNumber: _i, phone: _p, ...rest } = values;
  return rest;
}

/**
 * A refusal that the audit log records although the write is rolled back: the entry is written
 * after the transaction, by `auditRefusals`.
 */
class AuditedRefusal extends AppError {
  constructor(
    code: keyof typeof MEMBERS_ERRORS,
    message: string,
    readonly entry: AuditEntry,
  ) {
    super(code, message, [{ field: 'idNumber', message, code }]);
  }
}

/** Where a refused registration was attempted (filled in by the write as soon as it knows the org). */
export type RefusalPlace = { orgPath: string | null; attempted: string };

/**
 * Runs a write that may refuse an ID number held outside the caller's scope, and records each such
 * refusal in the audit log once the write's transaction has rolled back. The unique index on the
 * hash catches the race two checks cannot (two registrations at once): refused the same way.
 */
export async function auditRefusals<T>(
  db: Db,
  ctx: RequestContext,
  where: RefusalPlace,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AuditedRefusal) {
      await writeAudit(db, ctx, e.entry);
      throw e;
    }
    if (isHashConflict(e)) {
      const refusal = outOfScopeRefusal(where.orgPath, { attempted: where.attempted, race: true });
      await writeAudit(db, ctx, refusal.entry);
      throw refusal;
    }
    throw e;
  }
}

const isHashConflict = (e: unknown): boolean => {
  for (let cur = e as { code?: string; constraint?: string; cause?: unknown } | undefined; cur; ) {
    if (cur.code === '23505' && cur.constraint === 'members_id_number_hash_idx') return true;
    cur = cur.cause as typeof cur;
  }
  return false;
};

/**
 * The refusal of an ID number held by a record the caller cannot see (a member, an applicant's open
 * case): one message whatever holds it, and an audit entry naming the holder, so that the higher
 * committee the caller is sent to can find it (issue #18: a secretary must not learn who is a
 * member elsewhere).
 */
export function outOfScopeRefusal(orgPath: string | null, after: Record<string, unknown>) {
  const message = '身份证号：无法登记，请联系上级组织部门核实';
  return new AuditedRefusal('MEMBERS_ID_NUMBER_REFUSED', message, {
    action: 'member.id_number_refused',
    entity: 'member',
    entityId: null,
    orgPath,
    after,
  });
}

/**
 * Whether another member holds the ID number where the caller may see them (their own branch's
 * member: the answer may say so). Held outside the caller's sight, it throws the audited,
 * non-disclosing refusal (`auditRefusals` writes the entry).
 */
export async function idNumberTakenInSight(
  db: DbOrTx,
  ctx: RequestContext,
  idNumber: string,
  opts: { exceptId?: number; orgPath: string | null; attempted: string },
): Promise<boolean> {
  const holder = await repo.idNumberHolder(db, idNumber, opts.exceptId);
  if (!holder) return false;
  if (ctx.actor.scope('member.read').containsPath(holder.orgPath)) return true;
  throw outOfScopeRefusal(opts.orgPath, {
    attempted: opts.attempted,
    idNumber: maskIdNumber(idNumber),
    holderMemberId: holder.id,
  });
}

/**
 * The member as the API shows it: ID number and phone masked; the birth date only where the screen
 * needs it (`withBirthDate`: the record and the register's export; lists show the age).
 */
export function toDto(
  row: repo.MemberListRow,
  ctx: RequestContext,
  rules: Rules,
  withBirthDate = true,
): MemberDto {
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
    birthDate: withBirthDate ? m.birthDate : null,
    age: ageOn(m.birthDate, ctx.today),
    idNumber: m.idNumberMasked,
    phone: m.phoneMasked,
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
  // One org's subtree: its size is read by the list's own statement (repo.list, `sizeOf`).
  const sizeOf = knownTotal === null && q.orgId && filter.orgPath ? q.orgId : null;
  const subtreeSize =
    knownTotal === null && roots && sizeOf === null
      ? await rollupTotal(db, roots, {}, ctx.today)
      : knownTotal;
  const [r, rules] = await Promise.all([
    repo.list(db, scope, filter, q.current, q.pageSize, knownTotal, subtreeSize, undefined, sizeOf),
    loadRules(db),
  ]);
  return {
    data: r.data.map((row) => toDto(row, ctx, rules, false)),
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
  where: { selfId?: number; orgPath: string; idNumberChanged: boolean },
) {
  const rules = await loadRules(db);
  const errors = checkMemberProfile(profile, rules, ctx.today);
  if (where.idNumberChanged && !errors.some((e) => e.field === 'idNumber') && profile.idNumber) {
    const inSight = await idNumberTakenInSight(db, ctx, profile.idNumber, {
      exceptId: where.selfId,
      orgPath: where.orgPath,
      attempted: where.selfId ? 'member.update' : 'member.create',
    });
    if (inSight) {
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

/** The profile the rules check; the clear ID number and phone are the ones being written, or the stored ones. */
const profileOf = (
  m: Partial<MemberRow>,
  sensitive: { idNumber?: string | null; phone?: string | null },
): MemberProfileInput =>
  ({
    name: m.name,
    gender: m.gender,
    ethnicity: m.ethnicity,
    birthDate: m.birthDate,
    idNumber: sensitive.idNumber ?? undefined,
    phone: sensitive.phone ?? undefined,
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
  const where: RefusalPlace = { orgPath: null, attempted: 'member.create' };
  return auditRefusals(db, ctx, where, () =>
    inUnitOfWork(db, ctx.today, async (tx) => {
      const org = await orgRepo.findOrgForUpdate(tx, ctx.actor.scope('member.write'), input.orgId);
      if (!org) throw notFound('党组织');
      if (!kindHoldsMembers(org.kind as OrgKind) || org.status !== 'active') {
        throw refusal(
          'MEMBERS_ORG_HOLDS_NO_MEMBERS',
          'orgId',
          '所在党组织：党员应编入正常运行的党支部或联合党支部',
        );
      }
      const sensitive = { idNumber: input.idNumber || null, phone: input.phone || null };
      const values = {
        ...withoutSensitive(input),
        workUnit: input.workUnit || null,
        leaveReason: input.leaveReason ?? null,
        leftOn: input.leftOn ?? null,
        confirmedOn: input.confirmedOn ?? null,
        probationExtendedMonths: input.probationExtendedMonths ?? null,
        groupId: input.groupId ?? null,
      };
      where.orgPath = org.path;
      await validateProfile(tx, ctx, profileOf(values, sensitive), {
        orgPath: org.path,
        idNumberChanged: true,
      });
      await checkGroup(tx, ctx, org.id, values.groupId);
      const keys = personNameKeys(input.name);
      const sealed = sealedColumns(sensitive);
      const row = await repo.insert(tx, {
        ...values,
        ...sealed,
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
        after: { ...values, idNumber: sealed.idNumberMasked, phone: sealed.phoneMasked },
      });
      // Each member on the register is owed a heart talk this year.
      tx.touch('members', [org.id]);
      return row.id;
    }),
  );
}

/** What an edit does to the ID number or the phone: the new sealed columns and the masks before/after. */
function sensitiveChanges(before: MemberRow, patch: z.infer<typeof memberPatchBody>) {
  const values: Partial<typeof members.$inferInsert> = {};
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const fields = [
    ['idNumber', before.idNumberHash, before.idNumberMasked],
    ['phone', before.phoneHash, before.phoneMasked],
  ] as const;
  for (const [field, hash, masked] of fields) {
    const v = patch[field];
    if (v === undefined) continue;
    const next = v ? hashOf(field, v) : null;
    if (next === hash) continue;
    const sealed = sealedColumns({ [field]: v || null });
    Object.assign(values, sealed);
    b[field] = masked;
    a[field] = field === 'idNumber' ? sealed.idNumberMasked : sealed.phoneMasked;
  }
  return { values, before: b, after: a, idNumberChanged: 'idNumber' in a };
}

export async function updateMember(
  db: Db,
  ctx: RequestContext,
  id: number,
  patch: z.infer<typeof memberPatchBody>,
) {
  const where: RefusalPlace = { orgPath: null, attempted: 'member.update' };
  return auditRefusals(db, ctx, where, () =>
    inUnitOfWork(db, ctx.today, async (tx) => {
      const before = await repo.findForUpdate(tx, ctx.actor.scope('member.write'), id);
      if (!before) {
        // Visible but not editable (a member looking at their own record) is a 403, not a 404.
        if (await repo.find(tx, ctx.actor.scope('member.read'), id)) throw new AppError('FORBIDDEN');
        throw notFound(MEMBER);
      }
      where.orgPath = before.orgPath;
      const normalized: Record<string, unknown> = withoutSensitive({ ...patch });
      if (patch.workUnit === '') normalized.workUnit = null;
      // Leaving the register clears nothing else; coming back clears the leave fields.
      if (patch.status && patch.status !== 'left') {
        if (patch.leaveReason === undefined) normalized.leaveReason = null;
        if (patch.leftOn === undefined) normalized.leftOn = null;
      }
      if (patch.category === 'probationary' && patch.confirmedOn === undefined) normalized.confirmedOn = null;
      const merged = { ...before, ...normalized } as MemberRow;
      const sensitive = sensitiveChanges(before, patch);
      // The rules compare the birth date and gender with the ID number: the stored one, read here
      // on the server only, when the edit does not bring a new one.
      const clear = {
        idNumber:
          patch.idNumber !== undefined
            ? patch.idNumber || null
            : before.idNumberEnc && unseal(before.idNumberEnc),
        phone: patch.phone !== undefined ? patch.phone || null : null,
      };
      await validateProfile(tx, ctx, profileOf(merged, clear), {
        selfId: id,
        orgPath: before.orgPath,
        idNumberChanged: sensitive.idNumberChanged,
      });
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
      if (!d.changed && !Object.keys(sensitive.after).length) return id;
      const values: Record<string, unknown> = { ...normalized, ...sensitive.values };
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
        data: { ...d.after, ...sensitive.after, status: merged.status, category: merged.category },
        recordedBy: ctx.actor.userId,
      });
      await writeAudit(tx, ctx, {
        action: 'member.update',
        entity: 'member',
        entityId: id,
        orgPath: before.orgPath,
        before: { ...d.before, ...sensitive.before },
        after: { ...d.after, ...sensitive.after },
      });
      // Leaving the register or changing group changes what the branch is asked for.
      tx.touch('members', [before.orgId]);
      return id;
    }),
  );
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
    // The only place the register decrypts a value for a person to read; the entry below records it.
    const m = await repo.sealedOf(tx, id);
    if (input.fields.includes('idNumber')) out.idNumber = m.idNumberEnc ? unseal(m.idNumberEnc) : null;
    if (input.fields.includes('phone')) out.phone = m.phoneEnc ? unseal(m.phoneEnc) : null;
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
