/**
 * Documents of a development case (申请书, 志愿书, 政审材料 …), attached to a step record. The bytes
 * live under `<dataDir>/development/<caseId>/<random hex>`, never under the uploaded name; the type
 * is decided by extension and magic bytes, exactly as for meeting attachments.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db, DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { cleanFileName, detectType } from '../../lib/files.js';
import * as repo from './repo.js';
import { CASE, readScope, writeScope } from './service.js';

export const MAX_DOCUMENTS_PER_STEP = 20;
const dirOf = (dataDir: string) => path.join(dataDir, 'development');

async function caseForWrite(tx: DbOrTx, ctx: RequestContext, caseId: number) {
  const row = await repo.findCase(tx, readScope(ctx), caseId, true);
  if (!row) throw notFound(CASE);
  if (!writeScope(ctx).containsPath(row.c.orgPath)) {
    throw new AppError('FORBIDDEN', '只能为本组织的发展党员案件上传或删除材料');
  }
  return row;
}

export async function upload(
  db: Db,
  ctx: RequestContext,
  dataDir: string,
  caseId: number,
  stepId: number,
  file: { fileName: string; data: Buffer },
) {
  const fileName = cleanFileName(file.fileName);
  if (!fileName) throw fieldErrors([{ field: 'file', message: '材料：请选择要上传的文件' }]);
  if (file.data.length === 0) throw fieldErrors([{ field: 'file', message: '材料：文件是空的' }]);
  const mimeType = detectType(fileName, file.data);
  const storedName = `${caseId}/${randomBytes(16).toString('hex')}`;
  const target = path.join(dirOf(dataDir), storedName);
  let written = false;
  try {
    return await db.transaction(async (tx) => {
      const row = await caseForWrite(tx, ctx, caseId);
      const step = (await repo.steps(tx, caseId)).find((s) => s.id === stepId);
      if (!step) throw notFound('步骤记录');
      if ((await repo.countDocuments(tx, stepId)) >= MAX_DOCUMENTS_PER_STEP) {
        throw new AppError('DEVELOPMENT_DOCUMENT_LIMIT', `每个步骤最多上传${MAX_DOCUMENTS_PER_STEP}份材料`);
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, file.data, { flag: 'wx' });
      written = true;
      const doc = await repo.insertDocument(tx, {
        caseId,
        stepId,
        fileName,
        mimeType,
        size: file.data.length,
        storedName,
        uploadedBy: ctx.actor.userId,
      });
      await writeAudit(tx, ctx, {
        action: 'development.document.add',
        entity: 'development_case',
        entityId: caseId,
        orgPath: row.c.orgPath,
        after: { documentId: doc.id, stepId, fileName, mimeType, size: doc.size },
      });
      return {
        id: doc.id,
        stepId,
        fileName: doc.fileName,
        mimeType: doc.mimeType,
        size: doc.size,
        uploadedAt: doc.uploadedAt.toISOString(),
      };
    });
  } catch (e) {
    if (written) await fs.rm(target, { force: true });
    throw e;
  }
}

export async function open(db: Db, ctx: RequestContext, dataDir: string, caseId: number, id: number) {
  const row = await repo.findCase(db, readScope(ctx), caseId);
  if (!row) throw notFound(CASE);
  const doc = await repo.document(db, caseId, id);
  if (!doc) throw notFound('材料');
  const file = path.join(dirOf(dataDir), doc.storedName);
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new Error('not a file');
  } catch {
    throw notFound('材料文件');
  }
  return { ...doc, path: file };
}

export async function remove(db: Db, ctx: RequestContext, dataDir: string, caseId: number, id: number) {
  const stored = await db.transaction(async (tx) => {
    const row = await caseForWrite(tx, ctx, caseId);
    const doc = await repo.document(tx, caseId, id);
    if (!doc) throw notFound('材料');
    await repo.removeDocument(tx, id);
    await writeAudit(tx, ctx, {
      action: 'development.document.delete',
      entity: 'development_case',
      entityId: caseId,
      orgPath: row.c.orgPath,
      before: { documentId: id, stepId: doc.stepId, fileName: doc.fileName, size: doc.size },
    });
    return doc.storedName;
  });
  await fs.rm(path.join(dirOf(dataDir), stored), { force: true });
}
