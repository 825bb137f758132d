/**
 * A learning item's file on disk and its streaming with HTTP range requests (decision 0045).
 *
 * Stored under `<dataDir>/attachments/learning/<itemId>/<random hex>` (storage key
 * `learning/<itemId>/<hex>`), like meeting attachments. The demo's bundled media have the storage
 * key `bundled:<name>`, read from `scripts/seed/assets/` of the installation: the demo works on a
 * fresh `npm start` and in every test without copying files into a data directory.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition } from '../../lib/files.js';

export const BUNDLED_PREFIX = 'bundled:';
/** The demo media shipped with the installation. */
export const BUNDLED_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../scripts/seed/assets',
);

export const attachmentsDir = (dataDir: string) => path.join(dataDir, 'attachments');

/** The file of a storage key, or null for a key that does not name one (never outside its folder). */
export function fileOf(dataDir: string, storageKey: string): string | null {
  if (storageKey.startsWith(BUNDLED_PREFIX)) {
    const name = storageKey.slice(BUNDLED_PREFIX.length);
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) return null;
    return path.join(BUNDLED_DIR, name);
  }
  if (!/^learning\/\d+\/[0-9a-f]{32}$/.test(storageKey)) return null;
  return path.join(attachmentsDir(dataDir), storageKey);
}

export type ByteRange = { start: number; end: number };

/**
 * The one byte range of a `Range` header for a file of `size` bytes (RFC 9110 §14): null when the
 * header is absent, malformed, not in bytes or asks for several ranges (the whole file is sent, as
 * the RFC allows); 'unsatisfiable' when it starts at or past the end (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    // The last N bytes.
    const n = Number(m[2]);
    if (!Number.isSafeInteger(n)) return null;
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Number(m[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return null;
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end: Math.min(end, size - 1) };
}

/** Sends the file whole (200) or the requested range (206), or 416 for a range past its end. */
export async function sendFile(
  req: FastifyRequest,
  reply: FastifyReply,
  file: { path: string; mimeType: string; fileName: string },
  notFound: () => Error,
) {
  let size: number;
  try {
    const st = await fs.stat(file.path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw notFound();
  }
  const range = parseRange(req.headers.range, size);
  reply.header('accept-ranges', 'bytes');
  if (range === 'unsatisfiable') {
    const message = `请求的范围超出文件大小（${size}字节）`;
    return reply
      .status(416)
      .header('content-range', `bytes */${size}`)
      .send({
        code: 'LEARNING_RANGE_NOT_SATISFIABLE',
        message,
        details: [{ field: 'range', message }],
        requestId: String(req.id),
      });
  }
  reply
    .header('content-type', file.mimeType)
    .header('content-disposition', contentDisposition(file.fileName, true))
    .header('x-content-type-options', 'nosniff')
    // Not kept by caches (the security headers say no-store for /api); the player asks by range.
    .header('cache-control', 'private, no-store');
  if (!range) {
    return reply.status(200).header('content-length', size).send(createReadStream(file.path));
  }
  return reply
    .status(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
    .header('content-length', range.end - range.start + 1)
    .send(createReadStream(file.path, { start: range.start, end: range.end }));
}

/** The first bytes of a file (the type check). */
export async function headOf(file: string, n = 64): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Whether a media file's stated length is plausible for its size: the average bitrate must lie
 * between 4 kbit/s (speech at its thinnest) and 40 Mbit/s (1080p at a high rate). The server does
 * not decode media; this catches a length typed wrong by a factor of 60 (minutes for seconds) or a
 * length that makes a short clip count as an hour.
 */
export function plausibleLength(size: number, lengthSeconds: number): boolean {
  const bitsPerSecond = (size * 8) / lengthSeconds;
  return bitsPerSecond >= 4_000 && bitsPerSecond <= 40_000_000;
}
