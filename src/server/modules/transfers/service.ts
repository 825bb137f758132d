import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { compareDates } from '../../../domain/common/dates.js';
import { kindHoldsMembers, type OrgKind } from '../../../domain/org/labels.js';
import type {
  TRANSFERS_ERRORS,
  TransferDto,
  transferCreateBody,
  transferListQuery,
  transferRespondBody,
} from '../../../shared/contracts/transfers.js';
import type { Db } from '../../db/client.js';
import { orgs } from '../../db/schema/index.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { moveOpenRuns } from '../dues/index.js';
import { memberRepo } from '../members/index.js';
import { orgRepo } from '../orgs/index.js';
import * as repo from './repo.js';

const TRANSFER = '组织关系转接';
const readScope = (ctx: RequestContext) => ctx.actor.scope('transfer.read');

/** A request refused for one field, under the area's own code (the message names the field). */
const refusal = (code: keyof typeof TRANSFERS_ERRORS, field: string, message: string) =>
  new AppError(code, message, [{ field, message, code }]);
const writeScope = (ctx: RequestContext) => ctx.actor.scope('transfer.write');

function toDto(row: repo.TransferListRow, ctx: RequestContext): TransferDto {
  const t = row.t;
  const pending = t.status === 'pending';
  const ws = writeScope(ctx);
  return {
    id: t.id,
    memberId: t.memberId,
    memberName: row.memberName,
    fromOrgId: t.fromOrgId,
    fromOrgName: row.fromOrgName,
    toOrgId: t.toOrgId,
    toOrgName: row.toOrgName,
    kind: t.kind,
    status: t.status as TransferDto['status'],
    letterNumber: t.letterNumber,
    reason: t.reason,
    requestedOn: t.requestedOn,
    requestedByName: row.requestedByName,
    respondedOn: t.respondedOn,
    respondedByName: row.respondedByName,
    responseNote: t.responseNote,
    abilities: {
      // The receiving side answers; the sending side may withdraw while it is pending.
      accept: pending && ws.containsPath(t.toOrgPath),
      reject: pending && ws.containsPath(t.toOrgPath),
      cancel: pending && ws.containsPath(t.fromOrgPath),
    },
  };
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof transferListQuery>) {
  let orgPath: string | undefined;
  if (q.orgId) {
    const org = await orgRepo.findOrg(db, readScope(ctx), q.orgId);
    if (!org) throw notFound('党组织');
    orgPath = org.path;
  }
  const r = await repo.list(db, readScope(ctx), { ...q, orgPath }, q.current, q.pageSize);
  return { data: r.data.map((row) => toDto(row, ctx)), total: r.total };
}

export async function get(db: Db, ctx: RequestContext, id: number) {
  const row = await repo.find(db, readScope(ctx), id);
  if (!row) throw notFound(TRANSFER);
  return toDto(row, ctx);
}

export async function create(db: Db, ctx: RequestContext, input: z.infer<typeof transferCreateBody>) {
  return db.transaction(async (tx) => {
    const member = await memberRepo.findForUpdate(tx, writeScope(ctx), input.memberId);
    // The member must be in the sender's own subtree (the self grant of a plain member does not count).
    if (!member || !writeScope(ctx).containsPath(member.orgPath)) throw notFound('党员');
    if (member.status === 'left' || member.status === 'deceased') {
      throw refusal('TRANSFERS_MEMBER_OFF_REGISTER', 'memberId', '党员：已不在册，不能转接组织关系');
    }
    if (await memberRepo.pendingTransferOf(tx, member.id)) throw new AppError('TRANSFERS_ALREADY_PENDING');
    const [target] = await tx.select().from(orgs).where(eq(orgs.id, input.toOrgId)).limit(1);
    if (target?.status !== 'active' || !kindHoldsMembers(target.kind as OrgKind)) {
      throw refusal('TRANSFERS_TARGET_NOT_BRANCH', 'toOrgId', '转入党组织：应为正常运行的党支部或联合党支部');
    }
    if (target.id === member.orgId) {
      throw refusal('TRANSFERS_SAME_ORG', 'toOrgId', '转入党组织：与现在所在的党组织相同');
    }
    const requestedOn = input.requestedOn ?? ctx.today;
    if (compareDates(requestedOn, ctx.today) > 0) {
      throw fieldErrors([{ field: 'requestedOn', message: '申请日期：不能晚于今天' }]);
    }
    const row = await repo.insert(tx, {
      memberId: member.id,
      fromOrgId: member.orgId,
      fromOrgPath: member.orgPath,
      toOrgId: target.id,
      toOrgPath: target.path,
      letterNumber: input.letterNumber,
      reason: input.reason,
      requestedOn,
      requestedBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'transfer.create',
      entity: 'transfer',
      entityId: row.id,
      orgPath: member.orgPath,
      after: {
        memberId: member.id,
        fromOrgId: member.orgId,
        toOrgId: target.id,
        letterNumber: input.letterNumber,
      },
      reason: input.reason,
    });
    return row.id;
  });
}

type Answer = 'accept' | 'reject' | 'cancel';

export async function respond(
  db: Db,
  ctx: RequestContext,
  id: number,
  answer: Answer,
  input: z.infer<typeof transferRespondBody>,
) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await repo.find(tx, readScope(ctx), id, true);
    if (!row) throw notFound(TRANSFER);
    const t = row.t;
    const side = answer === 'cancel' ? t.fromOrgPath : t.toOrgPath;
    if (!writeScope(ctx).containsPath(side)) {
      throw new AppError(
        'FORBIDDEN',
        answer === 'cancel' ? '只有转出方可以撤回转接' : '只有转入方可以接收或退回转接',
      );
    }
    if (t.status !== 'pending') throw new AppError('TRANSFERS_NOT_PENDING');
    if (answer === 'reject' && !input.note) {
      throw fieldErrors([{ field: 'note', message: '说明：退回时请写明原因' }]);
    }
    const on = input.effectiveOn ?? ctx.today;
    if (compareDates(on, t.requestedOn) < 0 || compareDates(on, ctx.today) > 0) {
      throw fieldErrors([{ field: 'effectiveOn', message: '生效日期：应在申请日期与今天之间' }]);
    }
    const status = { accept: 'accepted', reject: 'rejected', cancel: 'cancelled' }[answer];
    if (answer === 'accept') {
      const [target] = await tx.select().from(orgs).where(eq(orgs.id, t.toOrgId)).for('update').limit(1);
      if (target?.status !== 'active') throw new AppError('TRANSFERS_TARGET_DISSOLVED');
      await memberRepo.update(tx, t.memberId, { orgId: target.id, orgPath: target.path, groupId: null });
      // An open run of unpaid months is the receiving branch's to decide from now on.
      await moveOpenRuns(tx, t.memberId, target);
      await memberRepo.addEvent(tx, {
        memberId: t.memberId,
        kind: 'transferred',
        occurredOn: on,
        orgId: target.id,
        data: { fromOrgId: t.fromOrgId, toOrgId: target.id, transferId: t.id, letterNumber: t.letterNumber },
        recordedBy: ctx.actor.userId,
      });
    }
    await repo.update(tx, id, {
      status,
      respondedOn: on,
      respondedBy: ctx.actor.userId,
      responseNote: input.note ?? null,
    });
    await writeAudit(tx, ctx, {
      action: `transfer.${answer}`,
      entity: 'transfer',
      entityId: id,
      orgPath: answer === 'cancel' ? t.fromOrgPath : t.toOrgPath,
      before: { status: 'pending' },
      after: { status, effectiveOn: on },
      reason: input.note ?? null,
    });
    // The member left one branch's register and joined the other's.
    if (answer === 'accept') tx.touch('members', [t.fromOrgId, t.toOrgId]);
    return id;
  });
}

export const targets = (db: Db, q: string) => repo.targets(db, q, 20);
