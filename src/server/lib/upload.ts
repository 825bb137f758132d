import type { FastifyReply, FastifyRequest } from 'fastify';
import { fieldErrors } from './errors.js';

/**
 * The one file of a multipart upload, read whole. `label` names the field as the user sees it
 * (附件, 材料, 文件) and `what` the file asked for. A file over the plugin's size limit is answered
 * here with 413 and the Chinese `tooLarge` message, and null is returned: the route returns at once.
 */
export async function readUpload(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { label: string; what: string; tooLarge: string },
): Promise<{ fileName: string; data: Buffer; fields: Record<string, string> } | null> {
  if (!req.isMultipart()) {
    throw fieldErrors([{ field: 'file', message: `${opts.label}：请以 multipart/form-data 方式上传文件` }]);
  }
  const part = await req.file();
  if (!part) throw fieldErrors([{ field: 'file', message: `${opts.label}：请选择要上传的${opts.what}` }]);
  // Plain fields sent before the file (e.g. the import's kind and org) come with it.
  const fields: Record<string, string> = {};
  for (const [name, f] of Object.entries(part.fields)) {
    const first = Array.isArray(f) ? f[0] : f;
    if (first && first.type === 'field' && typeof first.value === 'string') fields[name] = first.value;
  }
  try {
    return { fileName: part.filename, data: await part.toBuffer(), fields };
  } catch (e) {
    if ((e as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw e;
    await reply.status(413).send({
      code: 'VALIDATION',
      message: opts.tooLarge,
      details: [{ field: 'file', message: opts.tooLarge }],
      requestId: String(req.id),
    });
    return null;
  }
}
