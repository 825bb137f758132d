/**
 * Meeting attachments: photos and documents, the bytes on disk under
 * `<dataDir>/attachments/<meetingId>/<random hex>` (never the uploaded name), the metadata in
 * `meeting_attachments`. The type is decided by the extension AND the file's first bytes
 * (`detectType` in lib/files.ts), and the stored MIME type comes from that decision, not from what
 * the browser sent.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { cleanFileName, detectType } from '../../lib/files.js';
import * as repo from './repo.js';
import { assertEditable, findForWrite, MEETING, readScope } from './service.js';

export const MAX_ATTACHMENTS_PER_MEETING = 20;

const dirOf = (dataDir: string) => path.join(dataDir, 'attachments');

export async function upload(
  db: Db,
  ctx: RequestContext,
  dataDir: string,
  meetingId: number,
  file: { fileName: string; data: Buffer },
) {
  const fileName = cleanFileName(file.fileName);
  if (!fileName) throw fieldErrors([{ field: 'file', message: '附件：请选择要上传的文件' }]);
  if (file.data.length === 0) throw fieldErrors([{ field: 'file', message: '附件：文件是空的' }]);
  const mimeType = detectType(fileName, file.data);
  const storageKey = `${meetingId}/${randomBytes(16).toString('hex')}`;
  const target = path.join(dirOf(dataDir), storageKey);
  let written = false;
  try {
    return await db.transaction(async (tx) => {
      const row = await findForWrite(tx, ctx, meetingId);
      assertEditable(row.m);
      if ((await repo.countAttachments(tx, meetingId)) >= MAX_ATTACHMENTS_PER_MEETING) {
        throw new AppError(
          'MEETINGS_TOO_MANY_ATTACHMENTS',
          `每次会议最多上传${MAX_ATTACHMENTS_PER_MEETING}个附件`,
        );
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, file.data, { flag: 'wx' });
      written = true;
      const att = await repo.insertAttachment(tx, {
        meetingId,
        fileName,
        mimeType,
        size: file.data.length,
        storageKey,
        uploadedBy: ctx.actor.userId,
      });
      await writeAudit(tx, ctx, {
        action: 'meeting.attachment.add',
        entity: 'meeting',
        entityId: meetingId,
        orgPath: row.m.orgPath,
        after: { attachmentId: att.id, fileName, mimeType, size: att.size },
      });
      return {
        id: att.id,
        fileName: att.fileName,
        mimeType: att.mimeType,
        size: att.size,
        createdAt: att.createdAt.toISOString(),
      };
    });
  } catch (e) {
    // No file without its row.
    if (written) await fs.rm(target, { force: true });
    throw e;
  }
}

export async function open(db: Db, ctx: RequestContext, dataDir: string, meetingId: number, id: number) {
  const row = await repo.find(db, readScope(ctx), meetingId);
  if (!row) throw notFound(MEETING);
  const att = await repo.attachment(db, meetingId, id);
  if (!att) throw notFound('附件');
  const file = path.join(dirOf(dataDir), att.storageKey);
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new Error('not a file');
  } catch {
    throw notFound('附件文件');
  }
  return { ...att, path: file };
}

export async function remove(db: Db, ctx: RequestContext, dataDir: string, meetingId: number, id: number) {
  const key = await db.transaction(async (tx) => {
    const row = await findForWrite(tx, ctx, meetingId);
    assertEditable(row.m);
    const att = await repo.attachment(tx, meetingId, id);
    if (!att) throw notFound('附件');
    await repo.removeAttachment(tx, id);
    await writeAudit(tx, ctx, {
      action: 'meeting.attachment.delete',
      entity: 'meeting',
      entityId: meetingId,
      orgPath: row.m.orgPath,
      before: { attachmentId: id, fileName: att.fileName, size: att.size },
    });
    return att.storageKey;
  });
  await fs.rm(path.join(dirOf(dataDir), key), { force: true });
}

/** After a meeting is deleted: its folder goes too (the rows went with the meeting). */
export async function removeMeetingFiles(dataDir: string, meetingId: number) {
  await fs.rm(path.join(dirOf(dataDir), String(meetingId)), { recursive: true, force: true });
}
