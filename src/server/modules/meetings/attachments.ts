/**
 * Meeting attachments: photos and documents, the bytes on disk under
 * `<dataDir>/attachments/<meetingId>/<random hex>` (never the uploaded name), the metadata in
 * `meeting_attachments`. The type is decided by the extension AND the file's first bytes, and the
 * stored MIME type comes from that decision, not from what the browser sent.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import * as repo from './repo.js';
import { assertEditable, findForWrite, MEETING, readScope } from './service.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MEETING = 20;
export const TOO_LARGE_MESSAGE = '附件不能超过10MB';
const TYPE_MESSAGE = '附件：只能上传图片（JPG/PNG/WEBP）或PDF、Word、Excel文档';

const startsWith = (buf: Buffer, bytes: number[], at = 0) =>
  buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** An Office Open XML package names its part folder (word/, xl/) in the zip's file headers. */
const ooxml = (buf: Buffer, folder: string) => startsWith(buf, ZIP) && buf.includes(Buffer.from(folder));

const TYPES: Record<string, { mime: string; matches: (buf: Buffer) => boolean }> = {
  jpg: { mime: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  jpeg: { mime: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  png: {
    mime: 'image/png',
    matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  webp: {
    mime: 'image/webp',
    matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8),
  },
  pdf: { mime: 'application/pdf', matches: (b) => startsWith(b, ascii('%PDF-')) },
  doc: { mime: 'application/msword', matches: (b) => startsWith(b, OLE) },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    matches: (b) => ooxml(b, 'word/'),
  },
  xls: { mime: 'application/vnd.ms-excel', matches: (b) => startsWith(b, OLE) },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    matches: (b) => ooxml(b, 'xl/'),
  },
};

/** The uploaded name as shown back to users: no folders, no control characters, at most 200 chars. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (cleaned.length <= 200) return cleaned;
  const ext = path.extname(cleaned).slice(0, 10);
  return cleaned.slice(0, 200 - ext.length) + ext;
}

/** The MIME type of an accepted file, or a field error. */
export function detectType(fileName: string, buf: Buffer): string {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  const type = TYPES[ext];
  if (!type?.matches(buf)) throw fieldErrors([{ field: 'file', message: TYPE_MESSAGE }]);
  return type.mime;
}

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
        throw new AppError('CONFLICT', `每次会议最多上传${MAX_ATTACHMENTS_PER_MEETING}个附件`);
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

/** `Content-Disposition` with an ASCII fallback and the real name as RFC 5987 `filename*`. */
export function contentDisposition(fileName: string, inline: boolean): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
