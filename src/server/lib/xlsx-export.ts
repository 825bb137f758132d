/**
 * Exports of list screens as .xlsx (issue #6): one helper so that every export is written the
 * same way — counted and audited before the first byte goes out, watermarked with the user and
 * the time, streamed row by row with exceljs's streaming writer (memory stays bounded at 100,000
 * rows), every row the filters match (issue #16: the rows are read until they run out, never up to
 * a list's displayed total).
 *
 * Layout of every sheet: row 1 the title, row 2 the filters in words and the row count, row 3 the
 * watermark, row 4
 * the column headers (frozen, with an autofilter), data from row 5. The watermark and the audit
 * entry's id (the watermark id) are also in every sheet's page header and footer, so they are
 * printed on every page, and in the workbook's properties.
 */

import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import type { Db } from '../db/client.js';
import { writerOf } from '../db/replica.js';
import { type AuditEntry, writeAudit } from './audit.js';
import type { RequestContext } from './context.js';
import { AppError } from './errors.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** More rows than this are refused: a sheet holds 1,048,576 rows at most (banner included). */
export const MAX_EXPORT_ROWS = 1_000_000;

/** Where the column headers are; data starts on the next row. */
export const HEADER_ROW = 4;

export type CellValue = string | number | boolean | Date | null | undefined;

/**
 * How a column's values are written. `date` takes YYYY-MM-DD strings (a real Excel date),
 * `datetime` an instant (shown in Shanghai time), `money` integer fen (shown as 元 with two
 * decimals), `integer`/`number` numbers, `text` anything else.
 */
export type ColumnKind = 'text' | 'integer' | 'number' | 'date' | 'datetime' | 'money';

export interface ExportColumn<T> {
  header: string;
  /** In characters; default from the header and the kind. */
  width?: number;
  kind?: ColumnKind;
  value: (row: T) => CellValue;
}

export interface ExportSheet<T> {
  name: string;
  columns: ExportColumn<T>[];
  rows: AsyncIterable<T> | Iterable<T>;
  /** Rows written after the data (totals), bold. */
  footerRows?: () => CellValue[][];
}

export interface ExportSpec {
  /** 党员名册: the banner's title, the file's name (with the date) and the audit's subject. */
  title: string;
  /** The file name without extension; default `<title>-<YYYY-MM-DD>`. */
  fileName?: string;
  /** The filters in words, as the list screen shows them (`describeFilters`). */
  filterText: string;
  /** The request's filters as received, recorded in the audit entry. */
  filters: Record<string, unknown>;
  /**
   * Rows in the (first) sheet, counted exactly before streaming: in the banner (共 N 条) and the
   * audit entry. Rows added or removed while the file streams can make the rows written differ:
   * the sheet then ends with a note and the audit entry is corrected to the rows written.
   */
  rowCount: number;
  audit: Pick<AuditEntry, 'action' | 'entity'> & { entityId?: number | null; orgPath: string | null };
  // biome-ignore lint/suspicious/noExplicitAny: sheets of different row types
  sheets: ExportSheet<any>[];
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** `YYYY-MM-DD HH:mm` in Shanghai time. */
export function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The watermark line for an actor at an instant. */
export function watermarkText(actor: { displayName: string; username: string }, at: Date): string {
  return `导出人：${actor.displayName}（${actor.username}） 导出时间：${shanghaiMinute(at)} · 内部资料 注意保密`;
}

/**
 * Filters in words: `党组织：…及下级；性别：女`, leaving out the empty ones; `全部（未筛选）` when
 * nothing is filtered.
 */
export function describeFilters(parts: Array<[label: string, value: string | number | null | undefined]>) {
  const shown = parts.filter(([, v]) => v !== undefined && v !== null && v !== '');
  return shown.length ? shown.map(([l, v]) => `${l}：${v}`).join('；') : '全部（未筛选）';
}

/** The deepest path that contains every root (for the audit entry's org), or null. */
export function commonPath(roots: readonly string[]): string | null {
  if (!roots.length) return null;
  let common = roots[0].split('.');
  for (const r of roots.slice(1)) {
    const labels = r.split('.');
    let i = 0;
    while (i < common.length && i < labels.length && common[i] === labels[i]) i++;
    common = common.slice(0, i);
  }
  return common.length ? common.join('.') : null;
}

/** Refuses an export of more rows than a sheet holds, before anything is written. */
export function checkRowLimit(total: number, hint = '请缩小筛选范围后分批导出') {
  if (total > MAX_EXPORT_ROWS) {
    throw new AppError(
      'EXPORTS_TOO_MANY_ROWS',
      `导出行数（${total}）超过上限 ${MAX_EXPORT_ROWS} 行，${hint}`,
    );
  }
}

/** Rows a batch of an export reads: 5,000 rows of DTOs are still a few megabytes. */
export const EXPORT_BATCH = 5000;

/**
 * Reads a list page by page through its own list function (same filters, same order), so an
 * export can never differ from the screen, until a page comes back short: the rows run out, not
 * the list's total. The first page is read at once: its total (the list's exact count) is the
 * export's count, and an out-of-scope filter is a 404 before the reply starts.
 *
 * Offset paging: a row inserted ahead of the read while it runs moves the next page's first row
 * onto it, so a row of the previous page is skipped when met again (by `idOf`). A row removed
 * ahead of it moves one row past the read (the count then differs and the audit says so): lists
 * that grow large keep their own keyset reads (`keysetRows`).
 */
export async function pagedRows<T>(
  fetchPage: (current: number, pageSize: number) => Promise<{ data: T[]; total: number }>,
  opts: { pageSize?: number; idOf?: (row: T) => unknown } = {},
): Promise<{ total: number; rows: AsyncIterable<T> }> {
  const pageSize = opts.pageSize ?? EXPORT_BATCH;
  const first = await fetchPage(1, pageSize);
  checkRowLimit(first.total);
  async function* rows() {
    let page = first.data;
    let current = 1;
    let previous = new Set<unknown>();
    for (;;) {
      for (const row of page) if (!(opts.idOf && previous.has(opts.idOf(row)))) yield row;
      if (page.length < pageSize) return;
      if (opts.idOf) previous = new Set(page.map(opts.idOf));
      current++;
      page = (await fetchPage(current, pageSize)).data;
    }
  }
  return { total: first.total, rows: rows() };
}

/** The rows of an unpaged list (the approval queue): read once, before the reply starts. */
export async function wholeList<T>(fetch: () => Promise<{ data: T[]; total: number }>) {
  const all = await fetch();
  checkRowLimit(all.data.length);
  return { total: all.data.length, rows: all.data as Iterable<T> };
}

/**
 * Reads a list in batches from where the last one stopped (keyset: `fetch` answers the rows after
 * a cursor in the list's order and the cursor of its last row), until a batch comes back short.
 * Each batch costs the same at the millionth row as at the first, and a row written meanwhile
 * moves no other row in or out of the file.
 */
export async function* keysetRows<T, K>(
  fetch: (after: K | null, limit: number) => Promise<{ rows: T[]; last: K | null }>,
  batch = EXPORT_BATCH,
): AsyncIterable<T> {
  let after: K | null = null;
  for (;;) {
    const b = await fetch(after, batch);
    yield* b.rows;
    if (b.rows.length < batch || b.last === null) return;
    after = b.last;
  }
}

/** `filename*` (RFC 5987) for the Chinese name, an ASCII fallback for old clients. */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_') || 'export.xlsx';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A YYYY-MM-DD string as the Excel date of that day (exceljs counts days in UTC). */
function excelDate(v: CellValue): CellValue {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
  return v;
}

/** An instant as its Shanghai wall time, which is what Excel shows (it has no zones). */
function excelDateTime(v: CellValue): CellValue {
  const d = typeof v === 'string' ? new Date(v) : v;
  return d instanceof Date && !Number.isNaN(d.getTime()) ? new Date(d.getTime() + SHANGHAI_OFFSET_MS) : v;
}

const NUM_FMT: Partial<Record<ColumnKind, string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  money: '0.00',
  integer: '0',
};
const DEFAULT_WIDTH: Partial<Record<ColumnKind, number>> = { date: 12, datetime: 17, money: 13, integer: 8 };

/**
 * A text that a spreadsheet would take as a formula (CSV/formula injection, issue #18): starting
 * with = + - @, or a tab or carriage return before one. exceljs writes strings as text cells, but
 * a user who edits the cell, or saves the sheet as CSV and opens it again, turns them into live
 * formulas (=HYPERLINK(...), =cmd|...). Such a text is prefixed with a single quote, the OWASP
 * recommendation: Excel and WPS show it as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
export function neutralise(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}

function cellOf(kind: ColumnKind | undefined, v: CellValue): CellValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && (kind === undefined || kind === 'text')) return neutralise(v);
  switch (kind) {
    case 'date':
      return excelDate(v);
    case 'datetime':
      return excelDateTime(v);
    case 'money':
      // Integer fen → yuan; fen / 100 is exact to two decimals for any amount below 2^53 fen.
      return typeof v === 'number' ? v / 100 : v;
    default:
      return v;
  }
}

/** The client closed the download: nothing to report, nothing more to read. */
class ExportAborted extends Error {}

/** Escapes `&` for Excel's header/footer codes. */
const hf = (s: string) => s.replace(/&/g, '&&');

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/**
 * Writes the audit entry (with the filters, the row count and the org), then streams the
 * workbook to the reply. Call it after the rows are counted, so that an out-of-scope filter is a
 * 404 and not a broken download.
 */
export async function sendXlsxExport(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  spec: ExportSpec,
): Promise<FastifyReply> {
  const watermarkId = await writeAudit(db, ctx, {
    action: spec.audit.action,
    entity: spec.audit.entity,
    entityId: spec.audit.entityId ?? null,
    orgPath: spec.audit.orgPath,
    after: {
      export: spec.title,
      filterText: spec.filterText,
      rows: spec.rowCount,
      filters: spec.filters,
      orgPath: spec.audit.orgPath,
    },
  });
  const watermark = watermarkText(ctx.actor, ctx.now);
  const fileName = `${spec.fileName ?? `${spec.title}-${ctx.today}`}.xlsx`;

  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = `${ctx.actor.displayName}（${ctx.actor.username}）`;
  wb.lastModifiedBy = wb.creator;
  wb.created = ctx.now;
  wb.modified = ctx.now;
  // Core properties the writer serializes but does not declare.
  Object.assign(wb, {
    title: spec.title,
    subject: spec.filterText,
    description: `${watermark} · 水印编号：${watermarkId}`,
    keywords: `水印编号 ${watermarkId}`,
  });

  const write = async () => {
    for (const sheet of spec.sheets) {
      const n = Math.max(sheet.columns.length, 1);
      const last = columnLetter(n);
      const ws = wb.addWorksheet(sheet.name, {
        views: [{ state: 'frozen', ySplit: HEADER_ROW }],
        pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
        headerFooter: {
          oddHeader: `&L${hf(spec.title)}&R${hf(watermark)}`,
          oddFooter: `&L${hf(`水印编号：${watermarkId}`)}&C第 &P 页，共 &N 页&R${hf(watermark)}`,
        },
      });
      ws.autoFilter = `A${HEADER_ROW}:${last}${HEADER_ROW}`;
      ws.columns = sheet.columns.map((c, i) => ({
        key: String(i),
        width: c.width ?? Math.max(DEFAULT_WIDTH[c.kind ?? 'text'] ?? 12, c.header.length * 2 + 2),
        style: NUM_FMT[c.kind ?? 'text'] ? { numFmt: NUM_FMT[c.kind ?? 'text'] } : {},
      }));
      const banner = (text: string, font: Partial<ExcelJS.Font>) => {
        const row = ws.addRow([text]);
        row.font = font;
        row.alignment = { vertical: 'middle', wrapText: false };
        ws.mergeCells(row.number, 1, row.number, n);
        row.commit();
      };
      banner(spec.title, { bold: true, size: 14 });
      banner(
        `筛选条件：${spec.filterText}${sheet === spec.sheets[0] ? `；共 ${spec.rowCount.toLocaleString('zh-CN')} 条` : ''}`,
        { size: 10 },
      );
      banner(watermark, { size: 10, color: { argb: 'FFC00000' } });
      const header = ws.addRow(sheet.columns.map((c) => c.header));
      header.font = { bold: true };
      header.eachCell((cell) => {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
        cell.border = { bottom: { style: 'thin', color: { argb: 'FF999999' } } };
        cell.alignment = { vertical: 'middle' };
      });
      header.commit();
      let count = 0;
      for await (const r of sheet.rows) {
        ws.addRow(sheet.columns.map((c) => cellOf(c.kind, c.value(r)))).commit();
        if (++count % 500 === 0) {
          // A client gone: stop reading the list. A slow one: wait instead of buffering the file.
          if (out.destroyed) throw new ExportAborted();
          if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
        }
      }
      if (sheet === spec.sheets[0] && count !== spec.rowCount) {
        // Rows were added or removed while the file streamed: say so in the file, and correct the
        // entry (written before streaming, while the reply could still be refused) to the rows
        // the file holds, keeping the count it was written with.
        const note = ws.addRow([
          `注：导出期间数据有变动，本表实际导出 ${count.toLocaleString('zh-CN')} 条（开始导出时统计 ${spec.rowCount.toLocaleString('zh-CN')} 条）`,
        ]);
        note.font = { italic: true, color: { argb: 'FFC00000' } };
        note.commit();
        await writerOf(db).execute(
          sql`update audit_log set after = after || ${JSON.stringify({ rows: count, rowsCounted: spec.rowCount })}::jsonb
              where id = ${watermarkId}`,
        );
      }
      for (const values of sheet.footerRows?.() ?? []) {
        const row = ws.addRow(values.map((v, i) => cellOf(sheet.columns[i]?.kind, v)));
        row.font = { bold: true };
        row.commit();
      }
      ws.commit();
    }
    await wb.commit();
  };
  write().catch((err: unknown) => {
    if (err instanceof ExportAborted) {
      reply.log.info({ watermarkId }, 'xlsx export abandoned by the client');
      return;
    }
    reply.log.error({ err, watermarkId }, 'xlsx export failed while streaming');
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', attachmentDisposition(fileName))
    .header('x-watermark-id', String(watermarkId))
    .header('cache-control', 'no-store')
    .send(out);
}
