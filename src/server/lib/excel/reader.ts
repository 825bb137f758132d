/**
 * The one reader of uploaded workbooks. It streams the data sheet (exceljs WorkbookReader), checks
 * the header row against the import's columns, and yields the data rows' cells by column key:
 * memory holds one row, not the workbook, so a file of 300,000 rows reads like one of ten. Rows
 * with nothing in any known column and the template's example row are skipped.
 *
 * A problem of the whole file (not an .xlsx, no header, the wrong columns) is a `SheetFailure` with
 * the Chinese message to show; a row's problems are the caller's (see `readRow` in ./columns.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type Cell, cellText, plain } from './cells.js';
import { type Column, isExampleRow, type KeyOf, matchHeader } from './columns.js';

export type SheetFailureKind = 'unreadable' | 'empty' | 'header' | 'too-big';

/** A whole-file problem, shown instead of row errors. */
export class SheetFailure extends Error {
  constructor(
    readonly kind: SheetFailureKind,
    message: string,
    /** For the server's log: what the reader itself said (never shown to the user). */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export const NOT_XLSX = '不是有效的 Excel（.xlsx）文件，或文件已损坏。请下载模板，填写后另存为 .xlsx 再上传';

/**
 * What is wrong with an upload before it is read, or null: an .xlsx is a zip, so anything else
 * (a .csv renamed, an old .xls, an empty file) is refused before exceljs fails on it obscurely.
 */
export function xlsxProblem(data: Buffer): string | null {
  if (data.length === 0) return '文件是空的（0字节），请选择填好的 .xlsx 文件';
  if (data.length < 4 || data.readUInt32LE(0) !== 0x04034b50) {
    return '不是有效的 Excel（.xlsx）文件。请下载模板，填写后另存为 .xlsx 再上传';
  }
  return null;
}

export interface RawRow<K extends string = string> {
  /** The row's number in the sheet (the header is row 1). */
  rowNo: number;
  /** Each column's plain cell; null when blank or when the file has no such column. */
  cells: Record<K, Cell>;
}

export interface SheetOptions {
  /** The data sheet's name: read when the workbook has it, else the first sheet is. */
  sheet?: string;
  /** More data rows than this: a SheetFailure (`too-big`) instead of reading on. */
  maxRows?: number;
  /** More distinct shared strings than this: a SheetFailure (`too-big`). */
  maxSharedStrings?: number;
  /** Decompressed bytes of the shared-strings part beyond this: a SheetFailure (`too-big`). */
  maxSharedStringsBytes?: number;
  /**
   * Where the reader may spool a worksheet that comes before the shared strings in the file (it
   * parses it after them); every such file is deleted when the read ends, however it ends.
   */
  spoolDir?: string;
}

/** Defaults that keep one read of an upload within bounded memory (issue #18). */
export const SHEET_LIMITS = {
  maxRows: 300_000,
  maxSharedStrings: 2_000_000,
  maxSharedStringsBytes: 100 * 1024 * 1024,
};

export const TOO_MANY_ROWS = (max: number) =>
  `文件的数据行超过${max.toLocaleString('zh-CN')}行，请分成几个文件导入`;
const TOO_MANY_STRINGS =
  '文件中的文字内容过多（疑似压缩炸弹或含有大量无关内容），不能导入；请使用下载的模板，只填写数据后重新上传';

/**
 * The data rows of an uploaded workbook (a file path, or the bytes of a small upload). Throws a
 * SheetFailure for a whole-file problem; a failure of the code reading the rows propagates as is.
 */
export async function* readSheet<const C extends readonly Column[]>(
  source: string | Buffer,
  columns: C,
  options: SheetOptions = {},
): AsyncGenerator<RawRow<KeyOf<C>>> {
  if (Buffer.isBuffer(source) && xlsxProblem(source)) throw new SheetFailure('unreadable', NOT_XLSX);
  const limits = { ...SHEET_LIMITS, ...options };
  const input = typeof source === 'string' ? fs.createReadStream(source) : Readable.from([source]);
  const spool: Spool = { dir: options.spoolDir ?? os.tmpdir(), cleanups: new Set() };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  decodeUtf8Properly(reader, limits);
  let rows = 0;
  let header: Map<number, C[number]> | null = null;
  let sawSheet = false;
  try {
    for await (const ws of unreadable(reader, spool)) {
      sawSheet = true;
      // The worksheets come in the file's order; skip to the named one when the workbook has it.
      const names = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets;
      const name = (ws as unknown as { name?: string }).name;
      if (options.sheet && name !== options.sheet && names?.some((s) => s.name === options.sheet)) {
        continue;
      }
      for await (const row of unreadable(ws, spool)) {
        if (!header) {
          // Blank first line(s): the header must be the first row.
          if (row.number !== 1) throw new SheetFailure('header', '第1行应为表头（列名），请使用下载的模板');
          const texts = new Map<number, string>();
          row.eachCell((cell, col) => {
            texts.set(col, cellText(plain(cell.value)));
          });
          const matched = matchHeader(columns, texts);
          if (!matched.ok) throw new SheetFailure('header', matched.message);
          header = matched.byPosition;
          continue;
        }
        const cells = {} as Record<KeyOf<C>, Cell>;
        for (const c of columns) cells[c.key as KeyOf<C>] = null;
        let any = false;
        for (const [col, c] of header) {
          const v = plain(row.getCell(col).value);
          cells[c.key as KeyOf<C>] = v;
          if (v !== null) any = true;
        }
        // The template's example row, left in the file, is not data.
        if (any && !isExampleRow(cells[columns[0].key as KeyOf<C>])) {
          if (++rows > limits.maxRows) throw new SheetFailure('too-big', TOO_MANY_ROWS(limits.maxRows));
          yield { rowNo: row.number, cells };
        }
      }
      // One sheet holds the data (a template's others are help and option lists).
      break;
    }
  } catch (e) {
    // What the reader could not read is the file's fault; anything else is ours and propagates.
    if (e instanceof Unreadable) throw new SheetFailure('unreadable', NOT_XLSX, e.message);
    throw e;
  } finally {
    input.destroy();
    // Worksheets the reader spooled and did not get to (only the data sheet is read).
    for (const cleanup of spool.cleanups) cleanup();
  }
  if (!sawSheet) throw new SheetFailure('unreadable', NOT_XLSX, 'no worksheet');
  if (!header) {
    throw new SheetFailure('empty', '文件是空的：没有表头，也没有数据行。请下载模板填写后上传');
  }
}

/** An error of the workbook reader itself (a broken zip, malformed XML). */
class Unreadable extends Error {}

/**
 * The temporary files of one read. exceljs spools a worksheet that precedes the shared strings to
 * a file from the `tmp` package and deletes it only once it has parsed it: a read that stops early
 * (only the data sheet is read, or an error) left it behind. The reader's `tmp.file` is wrapped to
 * put the file in the read's folder and to remember its clean-up, found through the async context
 * of the read that asked.
 */
interface Spool {
  dir: string;
  cleanups: Set<() => void>;
}
const spools = new AsyncLocalStorage<Spool>();
type TmpCallback = (err: Error | null, path: string, fd: number, cleanup: () => void) => void;
{
  const requireFromExcel = createRequire(createRequire(import.meta.url).resolve('exceljs'));
  const tmp = requireFromExcel('tmp') as { file: (...args: unknown[]) => void };
  const original = tmp.file.bind(tmp);
  tmp.file = (...args: unknown[]) => {
    const spool = spools.getStore();
    const callback = args[args.length - 1] as TmpCallback;
    if (!spool || typeof callback !== 'function') return original(...args);
    const given = args.length > 1 && typeof args[0] === 'object' ? (args[0] as object) : {};
    original({ ...given, tmpdir: spool.dir, prefix: 'xlsx-spool-' }, ((err, path, fd, cleanup) => {
      if (err) return callback(err, path, fd, cleanup);
      const once = () => {
        if (!spool.cleanups.delete(once)) return;
        cleanup();
      };
      spool.cleanups.add(once);
      callback(err, path, fd, once);
    }) as TmpCallback);
  };
}

/**
 * The cause of the "valid workbook refused as broken" flake (docs/security.md). exceljs 4.4 reads
 * the zip's entries through unzipper 0.10's `Parse` stream, one by one with `iterateStream`, which
 * pauses the stream while the reader handles an entry. `Parse` keeps unpacking meanwhile: entries
 * whose data fits in their stream's buffer are pushed onto its readable side, and when the end of
 * the zip is reached it emits 'end' at once (on its writable side's 'finish'), with those entries
 * still waiting there. `iterateStream` takes the 'end' for the last entry and stops: the parts
 * after the one being handled are never read. It happens when the handling is slow, above all the
 * spooling of a worksheet that precedes the shared strings (exceljs writes its workbooks so) to a
 * temporary file: file I/O on a busy thread pool (password hashing, inflating, a database) lets
 * the unpacking reach the end first, the workbook part (written last) is lost, and the read fails
 * with "Cannot read properties of undefined (reading 'sheets')" (exceljs issue #3064). Here that
 * early 'end' is turned into the end of the readable side (`push(null)`): Node emits 'end' itself
 * once every entry pushed before it has been taken.
 */
{
  const requireFromExcel = createRequire(createRequire(import.meta.url).resolve('exceljs'));
  type ZipStream = NodeJS.ReadWriteStream & {
    push(chunk: unknown): boolean;
    readableEnded: boolean;
    destroyed: boolean;
  };
  const unzipper = requireFromExcel('unzipper') as { Parse: (opts?: object) => ZipStream };
  const parse = unzipper.Parse;
  unzipper.Parse = (opts?: object) => {
    const zip = parse(opts);
    const emit = zip.emit.bind(zip) as (event: string | symbol, ...args: unknown[]) => boolean;
    zip.emit = ((event: string | symbol, ...args: unknown[]) => {
      // Node's own 'end' comes with readableEnded set, its own 'close' with destroyed set.
      if (event === 'end' && !zip.readableEnded) {
        zip.push(null);
        return true;
      }
      if (event === 'close' && !zip.destroyed) return true;
      return emit(event, ...args);
    }) as typeof zip.emit;
    return zip;
  };
}

/** The reader's items, its own errors marked as Unreadable (the loop body's errors stay as they are). */
async function* unreadable<T>(items: AsyncIterable<T>, spool: Spool): AsyncGenerator<T> {
  const it = items[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await spools.run(spool, () => it.next());
      } catch (e) {
        finished = true;
        // A limit crossed while the reader read (see decodeUtf8Properly) is the message to show.
        if (e instanceof SheetFailure) throw e;
        throw new Unreadable(String(e));
      }
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // Left early (only the data sheet is read): close the reader's iterator as for-await would.
    if (!finished) await it.return?.();
  }
}

/** Decodes a stream of UTF-8 chunks without breaking a character split between two chunks. */
async function* utf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const c of chunks) {
    const s = typeof c === 'string' ? c : decoder.decode(c, { stream: true });
    if (s) yield s;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * exceljs 4.4's stream reader decodes every inflated chunk on its own, so a Chinese character whose
 * three bytes straddle two chunks turns into U+FFFD (汉族 read as �族 about once per 16 KB). The
 * reader takes strings as they come: hand it the worksheet and shared-string streams decoded with
 * a streaming decoder instead.
 */
function decodeUtf8Properly(
  reader: object,
  limits: { maxSharedStrings: number; maxSharedStringsBytes: number },
) {
  const r = reader as {
    sharedStrings?: unknown[];
    _parseWorksheet: (iterator: AsyncIterable<Buffer>, sheetNo: string) => Generator<unknown>;
    _parseSharedStrings: (entry: NodeJS.ReadableStream) => AsyncGenerator<unknown>;
  };
  const worksheet = r._parseWorksheet.bind(reader);
  r._parseWorksheet = (iterator, sheetNo) => worksheet(utf8(iterator) as AsyncIterable<never>, sheetNo);
  const sharedStrings = r._parseSharedStrings.bind(reader);
  r._parseSharedStrings = (entry) => {
    const text = new PassThrough();
    text.setEncoding('utf8');
    // The strings are all kept in memory: stop at the limits, however the zip described the part.
    let bytes = 0;
    entry.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limits.maxSharedStringsBytes || (r.sharedStrings?.length ?? 0) > limits.maxSharedStrings) {
        entry.unpipe(text);
        text.destroy(new SheetFailure('too-big', TOO_MANY_STRINGS));
      }
    });
    entry.pipe(text);
    return sharedStrings(text);
  };
}
