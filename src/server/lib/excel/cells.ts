/**
 * Reading one cell of an uploaded workbook, the same way for every import: what exceljs hands over
 * (rich text, formulas, hyperlinks, dates, numbers) becomes a plain value; text is NFKC-normalized
 * (full-width digits, letters and brackets become their plain forms) and trimmed; dates, months,
 * integers and amounts in yuan are read in the forms people type, and anything that is not a real
 * value answers a Chinese reason (the caller prefixes the column's label).
 */
import { isIsoDate } from '../../../domain/common/dates.js';

export type Cell = string | number | boolean | Date | null;

/** A cell's plain value: rich text joined, a formula's result, a hyperlink's text; blank is null. */
export function plain(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return plain(o.richText.map((t: { text?: string }) => t.text ?? '').join(''));
    if ('result' in o) return plain(o.result ?? null);
    if ('text' in o) return plain(o.text);
    if ('error' in o) return String(o.error);
  }
  return null;
}

/** A cell as text: NFKC (６２０１０２ → 620102, （ → (), trimmed; a date as YYYY-MM-DD; blank is ''. */
export const cellText = (v: Cell): string =>
  v === null ? '' : v instanceof Date ? dayOf(v) : String(v).normalize('NFKC').trim();

/** For comparing labels: NFKC and no spaces, so 在职（按月工资） matches 在职(按月工资) and 在职 (按月工资). */
export const labelKey = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

const dayOf = (d: Date) =>
  `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;

export type Parsed<K extends string, V> = { [P in K]: V } | { error: string } | null;

/**
 * A date cell: a real Excel date, an Excel serial number, or text such as 2020-05-01, 2020/5/1,
 * 2020.05.01, 2020年5月1日 or 20200501 (full-width digits too). Null when blank; `{error}` when it is
 * not a real date (2021-02-29 is refused, not rolled over).
 */
export function parseDateCell(v: Cell): Parsed<'date', string> {
  if (v === null) return null;
  if (v instanceof Date) {
    // Excel dates arrive as UTC midnight (plus any time of day, or a float a hair below midnight):
    // the UTC calendar day, half a second later, is the date.
    return { date: dayOf(new Date(v.getTime() + 500)) };
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 19000101 && v <= 29991231) return parseDateCell(String(v));
    // An Excel serial day number (1900 date system) in a cell without a date format.
    if (v >= 1 && v < 2958466) {
      const ms = Math.round((v - 25569) * 86400) * 1000;
      return { date: dayOf(new Date(ms)) };
    }
    return { error: `日期无效（${v}），应为 YYYY-MM-DD，如 2020-05-01` };
  }
  const s = cellText(v);
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return { error: `格式不正确（“${s}”），应为 YYYY-MM-DD，如 2020-05-01` };
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  if (!isIsoDate(iso)) return { error: `不是有效的日期（“${s}”）` };
  return { date: iso };
}

/**
 * A month cell: text such as 2026-01, 2026/1, 2026.01, 2026年1月 or 202601, or a date (an Excel
 * date, a serial, a typed date) standing for its month. A date that does not exist (2026-02-30) is
 * refused like any other invalid date.
 */
export function parseMonthCell(v: Cell): Parsed<'month', string> {
  if (v === null) return null;
  const ofMonth = (year: string, month: number, shown: string): Parsed<'month', string> =>
    month >= 1 && month <= 12
      ? { month: `${year}-${String(month).padStart(2, '0')}` }
      : { error: `不是有效的月份（“${shown}”）` };
  if (typeof v === 'number' && Number.isInteger(v) && v >= 190001 && v <= 299912) {
    return ofMonth(String(v).slice(0, 4), v % 100, String(v));
  }
  if (v instanceof Date || typeof v === 'number') {
    const d = parseDateCell(v);
    return d && 'date' in d ? { month: d.date.slice(0, 7) } : d;
  }
  const s = cellText(v);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  if (m) return ofMonth(m[1], Number(m[2]), s);
  const d = parseDateCell(s);
  if (d && 'date' in d) return { month: d.date.slice(0, 7) };
  if (d && 'error' in d && d.error.startsWith('不是有效的日期')) return d;
  return { error: `格式不正确（“${s}”），应为 YYYY-MM，如 2026-01` };
}

/** A positive whole number of at most nine digits (a record's number), as a number or as text. */
export function parseIntegerCell(v: Cell): Parsed<'value', number> {
  if (v === null) return null;
  const s = typeof v === 'number' || typeof v === 'string' ? cellText(v) : '';
  if (!/^\d+$/.test(s)) return { error: '须为数字' };
  if (s.replace(/^0+/, '').length > 9) return { error: '数字过大，请核对' };
  return { value: Number(s) };
}

/** Yuan as written (a number or text, thousands separators allowed) to fen, exactly: no float arithmetic. */
export function parseYuanCell(v: Cell): Parsed<'fen', number> {
  if (v === null) return null;
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { error: '须为数字' };
    s = String(v);
  } else if (typeof v === 'string') s = cellText(v).replace(/,/g, '');
  else return { error: '须为数字' };
  if (s === '') return null;
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return { error: '须为数字' };
  if (m[1]) return { error: '不能为负数' };
  if ((m[3] ?? '').length > 2) return { error: '最多两位小数（到分）' };
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen) || fen > 100_000_000) return { error: '超过100万元，请核对' };
  return { fen };
}

export interface ColumnOption {
  code: string;
  /** The Chinese label the dropdown shows and the cell holds. */
  label: string;
}

/**
 * An enumerated cell by its Chinese label (or its code). `omittable`: endings a user may leave out
 * of a label (汉 for 汉族, 正式 for 正式党员). Labels compare after NFKC, so full-width and
 * half-width brackets alike match.
 */
export function parseOptionCell(
  options: readonly ColumnOption[],
  v: Cell,
  omittable: readonly string[] = [],
): Parsed<'code', string> {
  const t = cellText(v);
  if (!t) return null;
  const key = labelKey(t);
  const typed = [key, ...omittable.map((suffix) => labelKey(`${t}${suffix}`))];
  const hit = options.find((o) => typed.includes(labelKey(o.label)) || o.code === t);
  if (hit) return { code: hit.code };
  return { error: `无法识别“${t}”，请从下拉列表中选择` };
}
