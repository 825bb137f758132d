/**
 * Uploaded files, as every module that takes one handles them (meeting attachments, development
 * documents, the Excel imports): the uploaded name cleaned for showing back, the type decided by
 * the extension AND the file's first bytes (never by what the browser sent), and the
 * `Content-Disposition` of a download.
 */
import path from 'node:path';
import { fieldErrors } from './errors.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
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

/** `Content-Disposition` with an ASCII fallback and the real name as RFC 5987 `filename*`. */
export function contentDisposition(fileName: string, inline: boolean): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
