/**
 * Learning items (课程 / 学习资料): created as drafts, a file uploaded for PDF, video and audio,
 * published (visible to its audience from its publish date), withdrawn. The org's staff read the
 * items of their subtree; a member reads the items visible to them (visibility.ts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { normalizeAudience } from '../../../domain/learning/audience.js';
import type {
  ItemDetailDto,
  ItemDto,
  ItemKind,
  itemCreateBody,
  itemListQuery,
  itemPatchBody,
  MyItemDto,
  myItemsQuery,
} from '../../../shared/contracts/learning.js';
import { FILE_KINDS } from '../../../shared/contracts/learning.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { cleanFileName, detectMediaType } from '../../lib/files.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import type { StoredUpload } from '../../lib/upload.js';
import { findOrg } from '../orgs/index.js';
import { attachmentsDir, fileOf, headOf, plausibleLength } from './media.js';
import * as repo from './repo.js';
import { memberFacts } from './visibility.js';

const ITEM = '学习资料';

export const readScope = (ctx: RequestContext) => ctx.actor.scope('learning.read');
export const writeScope = (ctx: RequestContext) => ctx.actor.scope('learning.write');

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

export const staffFileUrl = (id: number) => `/api/learning/items/${id}/file`;
export const memberFileUrl = (id: number) => `/api/learning/my/items/${id}/file`;

function toDto(r: repo.ItemListRow, ctx: RequestContext): ItemDto {
  return {
    id: r.id,
    orgId: r.orgId,
    orgName: r.orgName,
    title: r.title,
    kind: r.kind as ItemKind,
    summary: r.summary,
    lengthSeconds: r.lengthSeconds,
    audience: normalizeAudience(r.audience),
    required: r.required,
    publishOn: r.publishOn,
    status: r.status as ItemDto['status'],
    fileName: r.fileName,
    mimeType: r.mimeType,
    size: r.size,
    fileUrl: r.storageKey ? staffFileUrl(r.id) : null,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    editable: writeScope(ctx).containsPath(r.orgPath),
  };
}

export function toMyDto(r: repo.ItemListRow): MyItemDto {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind as ItemKind,
    summary: r.summary,
    lengthSeconds: r.lengthSeconds,
    required: r.required,
    audience: normalizeAudience(r.audience),
    orgId: r.orgId,
    orgName: r.orgName,
    publishOn: r.publishOn,
    mimeType: r.mimeType,
    size: r.size,
    fileUrl: r.storageKey ? memberFileUrl(r.id) : null,
  };
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof itemListQuery>) {
  let orgPath: string | undefined;
  if (q.orgId) {
    const org = await findOrg(db, readScope(ctx), q.orgId);
    if (!org) throw notFound('党组织');
    orgPath = org.path;
  }
  const r = await repo.listItems(db, readScope(ctx), { ...q, orgPath }, q.current, q.pageSize);
  return { data: r.data.map((x) => toDto(x, ctx)), total: r.total };
}

export async function get(db: Db, ctx: RequestContext, id: number): Promise<ItemDetailDto> {
  const row = await repo.findItem(db, readScope(ctx), id);
  if (!row) throw notFound(ITEM);
  return { ...toDto(row, ctx), body: row.body };
}

/** The text kind needs its text; every kind needs a sensible length. */
function checkContent(kind: ItemKind, body: string) {
  if (kind === 'text' && body.trim().length < 10) {
    throw fieldErrors([{ field: 'body', message: '正文：图文资料请填写正文（至少10个字）' }]);
  }
}

export async function create(db: Db, ctx: RequestContext, input: z.infer<typeof itemCreateBody>) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const org = await findOrg(tx, writeScope(ctx), input.orgId);
    if (!org) throw notFound('党组织');
    checkContent(input.kind, input.body);
    const audience = normalizeAudience(input.audience);
    const id = await repo.insertItem(tx, {
      orgId: org.id,
      orgPath: org.path,
      title: input.title,
      kind: input.kind,
      summary: input.summary,
      body: input.kind === 'text' ? input.body : '',
      lengthSeconds: input.lengthSeconds,
      audience,
      required: input.required,
      publishOn: input.publishOn,
      status: 'draft',
      createdBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'learning.item.create',
      entity: 'learning_item',
      entityId: id,
      orgPath: org.path,
      after: { orgId: org.id, title: input.title, kind: input.kind, audience, required: input.required },
    });
    return id;
  });
}

async function forWrite(tx: DbOrTx, ctx: RequestContext, id: number) {
  const row = await repo.findItem(tx, readScope(ctx), id, true);
  if (!row) throw notFound(ITEM);
  if (!writeScope(ctx).containsPath(row.orgPath)) {
    throw new AppError('FORBIDDEN', '只能修改本组织及下级组织发布的学习资料');
  }
  return row;
}

export async function patch(db: Db, ctx: RequestContext, id: number, input: z.infer<typeof itemPatchBody>) {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await forWrite(tx, ctx, id);
    const kind = row.kind as ItemKind;
    const next = { ...input, ...(input.audience ? { audience: normalizeAudience(input.audience) } : {}) };
    if (input.body !== undefined) {
      if (kind !== 'text') throw fieldErrors([{ field: 'body', message: '正文：只有图文资料有正文' }]);
      checkContent(kind, input.body);
    }
    if (input.lengthSeconds !== undefined && (kind === 'video' || kind === 'audio') && row.size) {
      if (!plausibleLength(row.size, input.lengthSeconds)) {
        throw fieldErrors([
          { field: 'lengthSeconds', message: '时长：与文件大小不符，请填写媒体的实际播放时长' },
        ]);
      }
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(next)) {
      const old = (row as Record<string, unknown>)[k];
      if (JSON.stringify(old) !== JSON.stringify(v)) {
        before[k] = k === 'body' ? `${String(old).length}字` : old;
        after[k] = k === 'body' ? `${String(v).length}字` : v;
      }
    }
    if (!Object.keys(after).length) return;
    await repo.updateItem(tx, id, next);
    await writeAudit(tx, ctx, {
      action: 'learning.item.update',
      entity: 'learning_item',
      entityId: id,
      orgPath: row.orgPath,
      before,
      after,
    });
  });
}

/**
 * Stores an uploaded file as the item's (draft or withdrawn only: what members studied stays what
 * it was). The upload was streamed to a temporary file; it is checked (type by extension and first
 * bytes, the stated length against the size), then moved into place; the old file is deleted after
 * the commit.
 */
export async function attachFile(
  db: Db,
  ctx: RequestContext,
  dataDir: string,
  id: number,
  upload: StoredUpload,
  lengthSeconds: number | undefined,
) {
  const fileName = cleanFileName(upload.fileName);
  let target: string | null = null;
  try {
    const old = await inUnitOfWork(db, ctx.today, async (tx) => {
      const row = await forWrite(tx, ctx, id);
      const kind = row.kind as ItemKind;
      if (!FILE_KINDS.includes(kind)) {
        throw fieldErrors([{ field: 'file', message: '文件：图文资料没有文件，请在正文中填写内容' }]);
      }
      if (row.status === 'published') throw new AppError('LEARNING_ITEM_NOT_EDITABLE');
      if (!fileName) throw fieldErrors([{ field: 'file', message: '文件：请选择要上传的文件' }]);
      if (upload.size === 0) throw fieldErrors([{ field: 'file', message: '文件：文件是空的' }]);
      const mimeType = detectMediaType(
        fileName,
        await headOf(upload.filePath),
        kind as 'pdf' | 'video' | 'audio',
      );
      const length = lengthSeconds ?? row.lengthSeconds;
      if ((kind === 'video' || kind === 'audio') && !plausibleLength(upload.size, length)) {
        throw fieldErrors([
          {
            field: lengthSeconds ? 'lengthSeconds' : 'file',
            message: `时长：${length}秒与文件大小（${Math.round(upload.size / 1024)}KB）不符，请填写媒体的实际播放时长`,
          },
        ]);
      }
      const storageKey = `learning/${id}/${randomBytes(16).toString('hex')}`;
      target = path.join(attachmentsDir(dataDir), storageKey);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.rename(upload.filePath, target);
      await repo.updateItem(tx, id, {
        fileName,
        mimeType,
        size: upload.size,
        storageKey,
        lengthSeconds: length,
      });
      await writeAudit(tx, ctx, {
        action: 'learning.item.upload',
        entity: 'learning_item',
        entityId: id,
        orgPath: row.orgPath,
        before: row.fileName ? { fileName: row.fileName, size: row.size } : null,
        after: { fileName, mimeType, size: upload.size, lengthSeconds: length },
      });
      return row.storageKey;
    });
    target = null;
    const oldFile = old ? fileOf(dataDir, old) : null;
    if (oldFile && !old?.startsWith('bundled:')) await fs.rm(oldFile, { force: true });
  } catch (e) {
    // No file without its row.
    if (target) await fs.rm(target, { force: true });
    throw e;
  } finally {
    await upload.remove();
  }
}

export async function publish(db: Db, ctx: RequestContext, id: number) {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await forWrite(tx, ctx, id);
    if (row.status === 'published') throw new AppError('LEARNING_ITEM_STATE', '该学习资料已发布');
    if (FILE_KINDS.includes(row.kind as ItemKind) && !row.storageKey)
      throw new AppError('LEARNING_ITEM_NO_FILE');
    await repo.updateItem(tx, id, { status: 'published' });
    await writeAudit(tx, ctx, {
      action: 'learning.item.publish',
      entity: 'learning_item',
      entityId: id,
      orgPath: row.orgPath,
      before: { status: row.status },
      after: { status: 'published', publishOn: row.publishOn },
    });
  });
}

export async function withdraw(db: Db, ctx: RequestContext, id: number) {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await forWrite(tx, ctx, id);
    if (row.status !== 'published') throw new AppError('LEARNING_ITEM_STATE', '只能撤回已发布的学习资料');
    await repo.updateItem(tx, id, { status: 'withdrawn' });
    await writeAudit(tx, ctx, {
      action: 'learning.item.withdraw',
      entity: 'learning_item',
      entityId: id,
      orgPath: row.orgPath,
      before: { status: row.status },
      after: { status: 'withdrawn' },
    });
  });
}

/** The staff's file of an item in their read scope. */
export async function staffFile(db: Db, ctx: RequestContext, dataDir: string, id: number) {
  const row = await repo.findItem(db, readScope(ctx), id);
  return fileFacts(row, dataDir);
}

function fileFacts(
  row: { storageKey: string | null; mimeType: string | null; fileName: string | null } | null,
  dataDir: string,
) {
  if (!row?.storageKey || !row.mimeType) throw notFound('学习资料文件');
  const file = fileOf(dataDir, row.storageKey);
  if (!file) throw notFound('学习资料文件');
  return { path: file, mimeType: row.mimeType, fileName: row.fileName ?? 'file' };
}

/** The caller's own member record, or 404 for an account without one (nothing to study). */
async function factsOf(db: Db, ctx: RequestContext) {
  const memberId = ctx.actor.memberId;
  const f = memberId ? await memberFacts(db, memberId, ctx.today) : null;
  return f;
}

export async function myList(db: Db, ctx: RequestContext, q: z.infer<typeof myItemsQuery>) {
  const f = await factsOf(db, ctx);
  if (!f) return { data: [], total: 0 };
  const required = q.required === undefined ? undefined : q.required === 'true';
  const r = await repo.myItems(db, f, ctx.today, { kind: q.kind, required }, q.current, q.pageSize);
  return { data: r.data.map(toMyDto), total: r.total };
}

export async function myGet(db: Db, ctx: RequestContext, id: number) {
  const f = await factsOf(db, ctx);
  const row = f ? await repo.myItem(db, f, ctx.today, id) : null;
  if (!row) throw notFound(ITEM);
  return { ...toMyDto(row), body: row.body };
}

export async function myFile(db: Db, ctx: RequestContext, dataDir: string, id: number) {
  const f = await factsOf(db, ctx);
  const row = f ? await repo.myItem(db, f, ctx.today, id) : null;
  return fileFacts(row, dataDir);
}
