import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, fieldErrors } from './errors.js';

/**
 * The one file of a multipart upload. `label` names the field as the user sees it (附件, 材料, 文件)
 * and `what` the file asked for. Whatever a client sends (issue #18: no file, a field instead of
 * one, an empty file name, too many parts or fields, a body cut off half-way, no boundary), the
 * answer is a 400 naming the field `file`, never a 500; a file over the plugin's size limit is
 * answered here with 413 and the Chinese `tooLarge` message, and null is returned: the route
 * returns at once.
 */
interface UploadOptions {
  label: string;
  what: string;
  tooLarge: string;
}

type Fields = Record<string, string>;

const fileError = (message: string) => fieldErrors([{ field: 'file', message }]);

/** The multipart plugin's and the parser's errors, as the user should read them. */
function uploadError(e: unknown, opts: UploadOptions): AppError | null {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code ?? '';
  const message = e instanceof Error ? e.message : '';
  switch (code) {
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_FILES_LIMIT':
      return fileError(`${opts.label}：表单的字段或文件过多，每次只能上传一个文件`);
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return fileError(`${opts.label}：表单字段的名称或内容不正确`);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return fileError(`${opts.label}：请以 multipart/form-data 方式上传文件`);
    case 'FST_MP_PREMATURE_CLOSE':
    case 'ECONNRESET':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return fileError(`${opts.label}：上传中断，请重新上传`);
  }
  // busboy's own complaints (no boundary, a malformed part, the body ending too early).
  if (/boundary|multipart|unexpected end|malformed|part terminated|aborted/i.test(message)) {
    return fileError(`${opts.label}：上传的内容不完整或格式不正确，请重新上传`);
  }
  return null;
}

/** The plain fields sent before the file (e.g. the import's kind and org). */
function fieldsOf(part: MultipartFile): Fields {
  const fields: Fields = {};
  for (const [name, f] of Object.entries(part.fields)) {
    const first = Array.isArray(f) ? f[0] : f;
    if (first && first.type === 'field' && typeof first.value === 'string') fields[name] = first.value;
  }
  return fields;
}

/** The file part, or a field-named 400 for every way a request can lack one. */
async function filePart(req: FastifyRequest, opts: UploadOptions): Promise<MultipartFile> {
  if (!req.isMultipart()) throw fileError(`${opts.label}：请以 multipart/form-data 方式上传文件`);
  let part: MultipartFile | undefined;
  try {
    part = await req.file();
  } catch (e) {
    throw uploadError(e, opts) ?? e;
  }
  if (!part) throw fileError(`${opts.label}：请选择要上传的${opts.what}`);
  if (!part.filename?.trim()) {
    // Drain the part so that the request can end cleanly.
    part.file.resume();
    throw fileError(`${opts.label}：文件名为空，请选择要上传的${opts.what}`);
  }
  return part;
}

async function tooLarge(req: FastifyRequest, reply: FastifyReply, opts: UploadOptions) {
  await reply.status(413).send({
    code: 'VALIDATION',
    message: opts.tooLarge,
    details: [{ field: 'file', message: opts.tooLarge }],
    requestId: String(req.id),
  });
}

/** The one file of a multipart upload, read whole into memory (small attachments). */
export async function readUpload(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: UploadOptions,
): Promise<{ fileName: string; data: Buffer; fields: Fields } | null> {
  const part = await filePart(req, opts);
  try {
    return { fileName: part.filename, data: await part.toBuffer(), fields: fieldsOf(part) };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      await tooLarge(req, reply, opts);
      return null;
    }
    throw uploadError(e, opts) ?? e;
  }
}

/** A received upload stored on disk; `remove` deletes it (the caller's, once done with it). */
export interface StoredUpload {
  fileName: string;
  filePath: string;
  size: number;
  fields: Fields;
  remove: () => Promise<void>;
}

/**
 * The one file of a multipart upload, streamed to a new file in `dir` (large imports: memory holds
 * a chunk, not the file). The file is deleted again when the upload fails, is too large or is cut
 * off; otherwise it belongs to the caller, who must `remove` it.
 */
export async function storeUpload(
  req: FastifyRequest,
  reply: FastifyReply,
  dir: string,
  opts: UploadOptions,
): Promise<StoredUpload | null> {
  const part = await filePart(req, opts);
  await fsp.mkdir(dir, { recursive: true });
  // A random name: servers sharing a data directory (tests, restarts) never meet on one name.
  const filePath = path.join(dir, `upload-${randomBytes(8).toString('hex')}.part`);
  const remove = () => fsp.rm(filePath, { force: true });
  try {
    await pipeline(part.file, fs.createWriteStream(filePath, { flags: 'wx' }));
    if (part.file.truncated) {
      await remove();
      await tooLarge(req, reply, opts);
      return null;
    }
    const { size } = await fsp.stat(filePath);
    return { fileName: part.filename, filePath, size, fields: fieldsOf(part), remove };
  } catch (e) {
    await remove();
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      await tooLarge(req, reply, opts);
      return null;
    }
    throw uploadError(e, opts) ?? e;
  }
}

/**
 * Whether the disk holding `dir` has at least `needed` bytes free: checked before an upload is
 * accepted, so that a full disk is a clear refusal and not a half-written file.
 */
export async function hasDiskSpace(dir: string, needed: number): Promise<boolean> {
  await fsp.mkdir(dir, { recursive: true });
  const s = await fsp.statfs(dir);
  return s.bavail * s.bsize >= needed;
}
