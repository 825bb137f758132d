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

/**
 * Media of learning items (issue #20): the type by the extension AND the first bytes, like
 * `detectType`. `head` needs the first 16 bytes of the file.
 * - mp4 / m4a: an ISO BMFF `ftyp` box at offset 4 (brand M4A / M4B for audio);
 * - webm: the EBML header 1A 45 DF A3 (Matroska; the DocType is not read);
 * - ogg / oga / ogv: the page header `OggS`;
 * - mp3: an ID3v2 tag or an MPEG audio frame sync (FF Ex/Fx).
 */
const MEDIA_TYPES: Record<
  string,
  { mime: string; kind: 'video' | 'audio'; matches: (buf: Buffer) => boolean }
> = {
  mp4: { mime: 'video/mp4', kind: 'video', matches: (b) => startsWith(b, ascii('ftyp'), 4) },
  m4v: { mime: 'video/mp4', kind: 'video', matches: (b) => startsWith(b, ascii('ftyp'), 4) },
  webm: { mime: 'video/webm', kind: 'video', matches: (b) => startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]) },
  ogv: { mime: 'video/ogg', kind: 'video', matches: (b) => startsWith(b, ascii('OggS')) },
  m4a: { mime: 'audio/mp4', kind: 'audio', matches: (b) => startsWith(b, ascii('ftyp'), 4) },
  weba: { mime: 'audio/webm', kind: 'audio', matches: (b) => startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]) },
  ogg: { mime: 'audio/ogg', kind: 'audio', matches: (b) => startsWith(b, ascii('OggS')) },
  oga: { mime: 'audio/ogg', kind: 'audio', matches: (b) => startsWith(b, ascii('OggS')) },
  opus: { mime: 'audio/ogg', kind: 'audio', matches: (b) => startsWith(b, ascii('OggS')) },
  mp3: {
    mime: 'audio/mpeg',
    kind: 'audio',
    matches: (b) => startsWith(b, ascii('ID3')) || (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0),
  },
};

/** The extensions accepted for each kind of learning item. */
export const MEDIA_EXTENSIONS = {
  pdf: ['pdf'],
  video: Object.keys(MEDIA_TYPES).filter((e) => MEDIA_TYPES[e].kind === 'video'),
  audio: Object.keys(MEDIA_TYPES).filter((e) => MEDIA_TYPES[e].kind === 'audio'),
} as const;

/** The MIME type of a learning item's file of `kind`, or a field error naming `file`. */
export function detectMediaType(fileName: string, head: Buffer, kind: 'pdf' | 'video' | 'audio'): string {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  const allowed: readonly string[] = MEDIA_EXTENSIONS[kind];
  const label = { pdf: 'PDF文档', video: '视频', audio: '音频' }[kind];
  const message = `文件：${label}只能上传 ${allowed.map((e) => e.toUpperCase()).join('、')} 格式，且内容须与扩展名相符`;
  if (!allowed.includes(ext)) throw fieldErrors([{ field: 'file', message }]);
  if (kind === 'pdf') {
    if (!startsWith(head, ascii('%PDF-'))) throw fieldErrors([{ field: 'file', message }]);
    return 'application/pdf';
  }
  const type = MEDIA_TYPES[ext];
  if (!type.matches(head)) throw fieldErrors([{ field: 'file', message }]);
  return type.mime;
}
