/**
 * External study (学习强国, 党校 / 院校, 其他): entered by the member (their own record) or by the
 * branch for a member in scope, with evidence (an image or PDF; an imported workbook is kept as the
 * evidence of its rows), approved or rejected by another person holding learning.approve over the
 * record's branch. Approved → credited (source external) in the same transaction; rejected or
 * deleted → the credit goes. Every write is audited.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type {
  ExternalDto,
  externalCreateBody,
  externalDecisionBody,
  externalListQuery,
  myExternalBody,
} from '../../../shared/contracts/hours.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { cleanFileName, detectType } from '../../lib/files.js';
import { inUnitOfWork, type WorkTx } from '../../lib/unit-of-work.js';
import { recomputeCredits } from './credits.js';
import * as repo from './repo.js';

const RECORD = '学习记录';
const MEMBER = '党员';
const EVIDENCE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);

export const evidenceDir = (dataDir: string) => path.join(dataDir, 'attachments');
const newStorageKey = () => `external-study/${randomBytes(16).toString('hex')}`;

export function toDto(r: repo.ExternalRow): ExternalDto {
  return {
    id: r.id,
    memberId: r.memberId,
    memberName: r.memberName,
    orgId: r.orgId,
    orgName: r.orgName,
    source: r.source,
    title: r.title,
    studiedOn: r.studiedOn,
    seconds: r.seconds,
    evidence:
      r.evidenceFileName && r.evidenceMimeType
        ? { fileName: r.evidenceFileName, mimeType: r.evidenceMimeType, size: r.evidenceSize ?? 0 }
        : null,
    status: r.status,
    submittedBy: r.submittedBy,
    selfSubmitted: r.submitterMemberId !== null && r.submitterMemberId === r.memberId,
    submittedAt: r.submittedAt,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
    importId: r.importId,
  };
}

function notInFuture(ctx: RequestContext, studiedOn: string) {
  if (studiedOn > ctx.today) throw fieldErrors([{ field: 'studiedOn', message: '学习日期：不能晚于今天' }]);
}

async function created(tx: DbOrTx, id: number) {
  const r = await repo.external(tx, id);
  if (!r) throw notFound(RECORD);
  return toDto(r);
}

async function afterChange(tx: WorkTx, memberId: number, orgId: number) {
  await recomputeCredits(tx, [memberId]);
  tx.touch('hours', [orgId]);
}

// ---------------------------------------------------------------------------------------------
// The member's own records

async function ownMemberId(db: DbOrTx, ctx: RequestContext) {
  const memberId = ctx.actor.memberId;
  if (!memberId) throw new AppError('HOURS_NOT_A_MEMBER');
  const m = await repo.member(db, memberId);
  if (!m || m.status === 'left' || m.status === 'deceased') throw new AppError('HOURS_NOT_A_MEMBER');
  return m;
}

export async function mine(db: Db, ctx: RequestContext) {
  const memberId = ctx.actor.memberId;
  if (!memberId) return [];
  return (await repo.externalOfMember(db, memberId)).map(toDto);
}

export async function submitOwn(db: Db, ctx: RequestContext, body: z.infer<typeof myExternalBody>) {
  notInFuture(ctx, body.studiedOn);
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const m = await ownMemberId(tx, ctx);
    const id = await repo.insertExternal(tx, {
      memberId: m.id,
      orgId: m.orgId,
      orgPath: m.orgPath,
      source: body.source,
      title: body.title,
      studiedOn: body.studiedOn,
      seconds: body.minutes * 60,
      submittedBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'hours.external.submit',
      entity: 'external_study',
      entityId: id,
      orgPath: m.orgPath,
      after: {
        memberId: m.id,
        source: body.source,
        title: body.title,
        studiedOn: body.studiedOn,
        minutes: body.minutes,
      },
    });
    return created(tx, id);
  });
}

/** The member's own record, or 404 (another member's record is not found). */
async function ownRecord(tx: DbOrTx, ctx: RequestContext, id: number, lock = false) {
  const r = await repo.external(tx, id, lock);
  if (!r || !ctx.actor.memberId || r.memberId !== ctx.actor.memberId) throw notFound(RECORD);
  return r;
}

export async function withdrawOwn(db: Db, ctx: RequestContext, dataDir: string, id: number) {
  const key = await inUnitOfWork(db, ctx.today, async (tx) => {
    const r = await ownRecord(tx, ctx, id, true);
    if (r.status !== 'pending') throw new AppError('HOURS_EXTERNAL_DECIDED');
    return removeRecord(tx, ctx, r);
  });
  await removeFileIfUnused(db, dataDir, key);
  return { id };
}

// ---------------------------------------------------------------------------------------------
// The branch

/** The record in the permission's scope (its branch in a subtree of the actor), or 404. */
async function scopedRecord(
  tx: DbOrTx,
  ctx: RequestContext,
  perm: 'learning.read' | 'learning.write' | 'learning.approve',
  id: number,
  lock = false,
) {
  const r = await repo.external(tx, id, lock);
  if (!r || !ctx.actor.scope(perm).containsPath(r.orgPath)) throw notFound(RECORD);
  return r;
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof externalListQuery>) {
  const scope = ctx.actor.scope('learning.read');
  let orgPath: string | undefined;
  if (q.orgId) {
    const org = await repo.orgPathOf(db, q.orgId);
    if (!org || !scope.containsPath(org)) throw notFound('党组织');
    orgPath = org;
  }
  const { rows, total } = await repo.externalPage(db, scope, {
    orgPath,
    status: q.status,
    memberId: q.memberId,
    limit: q.pageSize,
    offset: (q.current - 1) * q.pageSize,
  });
  return { data: rows.map(toDto), total };
}

export async function createFor(db: Db, ctx: RequestContext, body: z.infer<typeof externalCreateBody>) {
  notInFuture(ctx, body.studiedOn);
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const m = await repo.memberInScope(tx, ctx.actor.scope('learning.write'), body.memberId);
    if (!m) throw notFound(MEMBER);
    if (m.status === 'left' || m.status === 'deceased') {
      throw fieldErrors([{ field: 'memberId', message: '党员：已不在册，不能录入学习记录' }]);
    }
    const id = await repo.insertExternal(tx, {
      memberId: m.id,
      orgId: m.orgId,
      orgPath: m.orgPath,
      source: body.source,
      title: body.title,
      studiedOn: body.studiedOn,
      seconds: body.minutes * 60,
      submittedBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'hours.external.create',
      entity: 'external_study',
      entityId: id,
      orgPath: m.orgPath,
      after: {
        memberId: m.id,
        source: body.source,
        title: body.title,
        studiedOn: body.studiedOn,
        minutes: body.minutes,
      },
    });
    return created(tx, id);
  });
}

export async function decide(
  db: Db,
  ctx: RequestContext,
  id: number,
  body: z.infer<typeof externalDecisionBody>,
) {
  if (body.decision === 'reject' && !body.note) {
    throw fieldErrors([{ field: 'note', message: '审核意见：不通过时请说明理由' }]);
  }
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const r = await scopedRecord(tx, ctx, 'learning.approve', id, true);
    if (r.status !== 'pending') throw new AppError('HOURS_EXTERNAL_DECIDED');
    // Two people: whoever entered it (the member, a secretary, an import) may not approve it, nor
    // may a member decide their own study.
    if (r.submittedById === ctx.actor.userId || r.memberId === ctx.actor.memberId) {
      throw new AppError('HOURS_SELF_APPROVAL');
    }
    const status = body.decision === 'approve' ? 'approved' : 'rejected';
    await repo.decideExternal(tx, id, { status, by: ctx.actor.userId, at: ctx.now, note: body.note || null });
    await writeAudit(tx, ctx, {
      action: status === 'approved' ? 'hours.external.approve' : 'hours.external.reject',
      entity: 'external_study',
      entityId: id,
      orgPath: r.orgPath,
      before: { status: r.status },
      after: { memberId: r.memberId, status, seconds: r.seconds },
      reason: body.note || null,
    });
    await afterChange(tx, r.memberId, r.orgId);
    return created(tx, id);
  });
}

async function removeRecord(tx: WorkTx, ctx: RequestContext, r: repo.ExternalRow) {
  await repo.deleteExternal(tx, r.id);
  await writeAudit(tx, ctx, {
    action: 'hours.external.delete',
    entity: 'external_study',
    entityId: r.id,
    orgPath: r.orgPath,
    before: {
      memberId: r.memberId,
      title: r.title,
      studiedOn: r.studiedOn,
      seconds: r.seconds,
      status: r.status,
    },
  });
  if (r.status === 'approved') await afterChange(tx, r.memberId, r.orgId);
  return r.evidenceStorageKey;
}

export async function remove(db: Db, ctx: RequestContext, dataDir: string, id: number) {
  const key = await inUnitOfWork(db, ctx.today, async (tx) => {
    const r = await scopedRecord(tx, ctx, 'learning.write', id, true);
    return removeRecord(tx, ctx, r);
  });
  await removeFileIfUnused(db, dataDir, key);
  return { id };
}

async function removeFileIfUnused(db: Db, dataDir: string, key: string | null) {
  if (!key || (await repo.evidenceUsers(db, key)) > 0) return;
  await fs.rm(path.join(evidenceDir(dataDir), key), { force: true });
}

// ---------------------------------------------------------------------------------------------
// Evidence

/** Stores the evidence file of a pending record (the member's own, or one in the write scope). */
export async function uploadEvidence(
  db: Db,
  ctx: RequestContext,
  dataDir: string,
  id: number,
  file: { fileName: string; data: Buffer },
  own: boolean,
) {
  const fileName = cleanFileName(file.fileName);
  if (!fileName) throw fieldErrors([{ field: 'file', message: '学习证明：请选择要上传的文件' }]);
  if (file.data.length === 0) throw fieldErrors([{ field: 'file', message: '学习证明：文件是空的' }]);
  const mimeType = detectType(fileName, file.data);
  if (!EVIDENCE_TYPES.has(mimeType)) {
    throw fieldErrors([{ field: 'file', message: '学习证明：只能上传图片（JPG/PNG/WEBP）或PDF' }]);
  }
  const storageKey = newStorageKey();
  const target = path.join(evidenceDir(dataDir), storageKey);
  let written = false;
  let oldKey: string | null = null;
  try {
    const dto = await inUnitOfWork(db, ctx.today, async (tx) => {
      const r = own
        ? await ownRecord(tx, ctx, id, true)
        : await scopedRecord(tx, ctx, 'learning.write', id, true);
      if (r.status !== 'pending') throw new AppError('HOURS_EXTERNAL_DECIDED');
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, file.data, { flag: 'wx' });
      written = true;
      oldKey = r.evidenceStorageKey;
      await repo.setEvidence(tx, id, { fileName, mimeType, size: file.data.length, storageKey });
      await writeAudit(tx, ctx, {
        action: 'hours.external.evidence',
        entity: 'external_study',
        entityId: id,
        orgPath: r.orgPath,
        after: { fileName, mimeType, size: file.data.length },
      });
      return created(tx, id);
    });
    await removeFileIfUnused(db, dataDir, oldKey);
    return dto;
  } catch (e) {
    if (written) await fs.rm(target, { force: true });
    throw e;
  }
}

export async function openEvidence(db: Db, ctx: RequestContext, dataDir: string, id: number, own: boolean) {
  const r = own ? await ownRecord(db, ctx, id) : await scopedRecord(db, ctx, 'learning.read', id);
  if (!r.evidenceStorageKey || !r.evidenceMimeType || !r.evidenceFileName) throw notFound('学习证明');
  const file = path.join(evidenceDir(dataDir), r.evidenceStorageKey);
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new Error('not a file');
  } catch {
    throw notFound('学习证明文件');
  }
  return {
    path: file,
    fileName: r.evidenceFileName,
    mimeType: r.evidenceMimeType,
    size: r.evidenceSize ?? 0,
  };
}

export { newStorageKey };
