/**
 * The one reader of uploaded workbooks. It streams the data sheet (exceljs WorkbookReader), checks
 * the header row against the import's columns, and yields the data rows' cells by column key:
 * memory holds one row, not the workbook, so a file of 300,000 rows reads like one of ten. Rows
 * with nothing in any known column and the template's example row are skipped.
 *
 * A problem of the whole file (not an .xlsx, no header, the wrong columns) is a `SheetFailure` with
 * the Chinese message to show; a row's problems are the caller's (see `readRow` in ./columns.ts).
 */
import fs from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type Cell, cellText, plain } from './cells.js';
import { type Column, isExampleRow, type KeyOf, matchHeader } from './columns.js';

export type SheetFailureKind = 'unreadable' | 'empty' | 'header';

/** A whole-file problem, shown instead of row errors. */
export class SheetFailure extends Error {
  constructor(
    readonly kind: SheetFailureKind,
    message: string,
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
}

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
  const input = typeof source === 'string' ? fs.createReadStream(source) : Readable.from([source]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  decodeUtf8Properly(reader);
  let header: Map<number, C[number]> | null = null;
  let sawSheet = false;
  try {
    for await (const ws of unreadable(reader)) {
      sawSheet = true;
      // The worksheets come in the file's order; skip to the named one when the workbook has it.
      const names = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets;
      const name = (ws as unknown as { name?: string }).name;
      if (options.sheet && name !== options.sheet && names?.some((s) => s.name === options.sheet)) {
        continue;
      }
      for await (const row of unreadable(ws)) {
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
        if (any && !isExampleRow(cells[columns[0].key as KeyOf<C>])) yield { rowNo: row.number, cells };
      }
      // One sheet holds the data (a template's others are help and option lists).
      break;
    }
  } catch (e) {
    // What the reader could not read is the file's fault; anything else is ours and propagates.
    if (e instanceof Unreadable) throw new SheetFailure('unreadable', NOT_XLSX);
    throw e;
  } finally {
    input.destroy();
  }
  if (!sawSheet) throw new SheetFailure('unreadable', NOT_XLSX);
  if (!header) {
    throw new SheetFailure('empty', '文件是空的：没有表头，也没有数据行。请下载模板填写后上传');
  }
}

/** An error of the workbook reader itself (a broken zip, malformed XML). */
class Unreadable extends Error {}

/** The reader's items, its own errors marked as Unreadable (the loop body's errors stay as they are). */
async function* unreadable<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
  const it = items[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await it.next();
      } catch (e) {
        finished = true;
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
function decodeUtf8Properly(reader: object) {
  const r = reader as {
    _parseWorksheet: (iterator: AsyncIterable<Buffer>, sheetNo: string) => Generator<unknown>;
    _parseSharedStrings: (entry: NodeJS.ReadableStream) => AsyncGenerator<unknown>;
  };
  const worksheet = r._parseWorksheet.bind(reader);
  r._parseWorksheet = (iterator, sheetNo) => worksheet(utf8(iterator) as AsyncIterable<never>, sheetNo);
  const sharedStrings = r._parseSharedStrings.bind(reader);
  r._parseSharedStrings = (entry) => {
    const text = new PassThrough();
    text.setEncoding('utf8');
    entry.pipe(text);
    return sharedStrings(text);
  };
}
