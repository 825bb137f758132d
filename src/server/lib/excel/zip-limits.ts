/**
 * Limits on what an uploaded .xlsx may expand to, checked before the workbook reader sees it
 * (issue #18: a 4.4 MB zip bomb expanded to 2 GB of shared strings, and three at once took the
 * process down). An .xlsx is a zip; its central directory at the end of the file lists every part
 * with its compressed and decompressed size:
 *
 * - `zipProblem` reads only that directory (a few KB) and refuses a workbook whose parts would
 *   expand beyond the limits (in total, one part, the shared strings, the compression ratio);
 * - `verifyZip` then inflates every part once, counting, without keeping anything: a directory
 *   can lie (the streaming reader follows the parts' own headers, not the directory), so a part
 *   that inflates to more than the directory said, a part the directory does not list, or bytes
 *   between parts are refused too. Memory stays at one inflate buffer whatever the file holds.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export interface ZipLimits {
  /** All parts together, decompressed. */
  totalBytes: number;
  /** Any one part, decompressed (a worksheet of 300,000 rows is about 250 MB). */
  entryBytes: number;
  /** The shared-strings part, decompressed: the reader keeps every string in memory. */
  sharedStringsBytes: number;
  /** Decompressed / compressed size of a part over 1 MB (real sheets stay well below it). */
  ratio: number;
  /** Parts in the package. */
  entries: number;
}

export const XLSX_LIMITS: ZipLimits = {
  totalBytes: 800 * 1024 * 1024,
  entryBytes: 500 * 1024 * 1024,
  sharedStringsBytes: 100 * 1024 * 1024,
  ratio: 200,
  entries: 2000,
};

/** Parts below this size are not held to the ratio (tiny XML parts compress very well). */
const RATIO_FLOOR = 1024 * 1024;

export const TOO_BIG =
  '文件解压后过大（疑似压缩炸弹或含有大量无关内容），不能导入；请使用下载的模板，只填写数据后重新上传';
const BROKEN = '不是有效的 Excel（.xlsx）文件，或文件已损坏。请下载模板，填写后另存为 .xlsx 再上传';

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;

/** An upload on disk (a path) or in memory (a small one), read by position. */
interface Source {
  size: number;
  readAt(position: number, length: number): Promise<Buffer>;
  stream(start: number, end: number): NodeJS.ReadableStream;
  close(): Promise<void>;
}

async function open(source: string | Buffer): Promise<Source> {
  if (Buffer.isBuffer(source)) {
    return {
      size: source.length,
      readAt: async (position, length) => source.subarray(position, position + length),
      stream: (start, end) => Readable.from([source.subarray(start, end + 1)]),
      close: async () => {},
    };
  }
  const fh = await fsp.open(source, 'r');
  const { size } = await fh.stat();
  return {
    size,
    async readAt(position, length) {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, position);
      return buf.subarray(0, bytesRead);
    },
    stream: (start, end) => fs.createReadStream(source, { start, end }),
    close: () => fh.close(),
  };
}

/** The central directory's entries and where it starts, or a message when it cannot be read. */
async function directory(src: Source): Promise<{ entries: Entry[]; start: number } | string> {
  const size = src.size;
  // The end record is in the last 22 bytes plus a comment of up to 65,535.
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = await src.readAt(size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) return BROKEN;
  const count = tail.readUInt16LE(at + 10);
  const cdSize = tail.readUInt32LE(at + 12);
  const cdStart = tail.readUInt32LE(at + 16);
  // Zip64 (over 65,535 parts or 4 GB): no workbook we accept needs it.
  if (count === 0xffff || cdSize === 0xffffffff || cdStart === 0xffffffff) return TOO_BIG;
  if (cdStart + cdSize > size) return BROKEN;
  const cd = await src.readAt(cdStart, cdSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) return BROKEN;
    const nameLength = cd.readUInt16LE(p + 28);
    const extra = cd.readUInt16LE(p + 30);
    const comment = cd.readUInt16LE(p + 32);
    entries.push({
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      compressed: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      offset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extra + comment;
  }
  return { entries, start: cdStart };
}

/** What the directory says against the limits: a message, or null. */
function overLimits(entries: Entry[], limits: ZipLimits): string | null {
  if (entries.length > limits.entries) return TOO_BIG;
  let total = 0;
  for (const e of entries) {
    if (e.size === 0xffffffff || e.compressed === 0xffffffff) return TOO_BIG;
    total += e.size;
    const max = e.name === 'xl/sharedStrings.xml' ? limits.sharedStringsBytes : limits.entryBytes;
    if (e.size > max) return TOO_BIG;
    if (e.size > RATIO_FLOOR && e.size > limits.ratio * Math.max(e.compressed, 1)) return TOO_BIG;
  }
  return total > limits.totalBytes ? TOO_BIG : null;
}

/**
 * Reads the central directory of the .xlsx (a path, or the bytes of a small upload) and answers what is wrong (a Chinese
 * message for the field `file`), or null. Reads a few kilobytes, whatever the file's size.
 */
export async function zipProblem(
  source: string | Buffer,
  limits: ZipLimits = XLSX_LIMITS,
): Promise<string | null> {
  const src = await open(source);
  try {
    const dir = await directory(src);
    if (typeof dir === 'string') return dir;
    return overLimits(dir.entries, limits);
  } finally {
    await src.close();
  }
}

class Overflow extends Error {}

/** Counts what passes, failing as soon as it exceeds `max`. */
function counter(max: number, seen: { n: number }) {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      seen.n += chunk.length;
      if (seen.n > max) done(new Overflow());
      else done();
    },
  });
}

/**
 * Inflates every part of the .xlsx once, counting (nothing is kept): each part must expand to
 * exactly the size the directory declares, and the parts must follow one another with nothing
 * between them that a streaming reader would read but the directory does not list. Answers a
 * message, or null. Run it after `zipProblem`, which bounds what the counting may meet.
 */
export async function verifyZip(
  source: string | Buffer,
  limits: ZipLimits = XLSX_LIMITS,
  why: { detail?: string } = {},
): Promise<string | null> {
  // What exactly was wrong, for the server's log (the user sees BROKEN): a file judged broken
  // that the user says is fine must be explainable from the log.
  const broken = (detail: string) => {
    why.detail = detail;
    return BROKEN;
  };
  const src = await open(source);
  try {
    const dir = await directory(src);
    if (typeof dir === 'string') return dir === BROKEN ? broken('directory unreadable') : dir;
    const problem = overLimits(dir.entries, limits);
    if (problem) return problem;
    const entries = [...dir.entries].sort((a, b) => a.offset - b.offset);
    let expected = 0;
    for (const e of entries) {
      if (e.offset !== expected) return broken(`${e.name}: at ${e.offset}, expected ${expected}`);
      const local = await src.readAt(e.offset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) {
        return broken(`${e.name}: no local header (${local.length} bytes read)`);
      }
      const dataStart = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const dataEnd = dataStart + e.compressed;
      if (dataEnd > dir.start) return broken(`${e.name}: data runs into the directory`);
      if (e.method === 0) {
        if (e.compressed !== e.size) return broken(`${e.name}: stored with two sizes`);
      } else if (e.method === 8 && e.compressed === 0) {
        return broken(`${e.name}: deflated to nothing`);
      } else if (e.method === 8) {
        const seen = { n: 0 };
        try {
          await pipeline(src.stream(dataStart, dataEnd - 1), zlib.createInflateRaw(), counter(e.size, seen));
        } catch (err) {
          return err instanceof Overflow ? TOO_BIG : broken(`${e.name}: ${String(err)}`);
        }
        if (seen.n !== e.size) return broken(`${e.name}: inflated ${seen.n}, declared ${e.size}`);
      } else return broken(`${e.name}: method ${e.method}`);
      expected = dataEnd;
      // A data descriptor after the data: 12 bytes, or 16 with its optional signature.
      if (e.flags & 8) {
        const d = await src.readAt(dataEnd, 4);
        expected += d.length === 4 && d.readUInt32LE(0) === DESCRIPTOR ? 16 : 12;
      }
    }
    return expected === dir.start ? null : broken(`parts end at ${expected}, directory at ${dir.start}`);
  } finally {
    await src.close();
  }
}
