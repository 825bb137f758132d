/**
 * The column-definition format of every .xlsx import: a column's key, its header as the template
 * writes it (and the other names a user's file may give it), what it holds and whether it must be
 * filled. The reader (./reader.ts) matches the header row by these, `readRow` turns a row's cells
 * into typed values with one Chinese error per cell, and a template writer reads the same list.
 */
import {
  type Cell,
  type ColumnOption,
  cellText,
  parseDateCell,
  parseIntegerCell,
  parseMonthCell,
  parseOptionCell,
  parseYuanCell,
} from './cells.js';

/**
 * What a column holds, and so what its value is: text, a date (YYYY-MM-DD), a month (YYYY-MM), an
 * option's code (enum), a positive integer, or an amount in yuan read as fen.
 */
export type ColumnType = 'text' | 'date' | 'month' | 'enum' | 'integer' | 'yuan';

export interface Column<K extends string = string> {
  readonly key: K;
  /** The header as the template writes it (without the required star). */
  readonly header: string;
  /** Other headers a file may use for this column (an older template's name). */
  readonly aliases?: readonly string[];
  /** Default 'text'. */
  readonly type?: ColumnType;
  /** Every data row must fill it (so the header must have it too); the template stars it. */
  readonly required?: boolean;
  /** The header must have the column even though a row may leave it blank (default: `required`). */
  readonly inHeader?: boolean;
  /** For 'enum': the dropdown's values (Chinese labels) and the code each stands for. */
  readonly options?: readonly ColumnOption[];
  /** For 'enum': endings a user may leave out of a label (族 of 汉族). */
  readonly omittable?: readonly string[];
  /**
   * More digits than a number cell keeps (an 18-digit ID number): a number cell is refused, since
   * Excel already dropped the last digits.
   */
  readonly longDigits?: boolean;
  // The template's presentation.
  /** Formatted as text in the template (digits keep their zeros and length). */
  readonly asText?: boolean;
  readonly width?: number;
  readonly hint?: string;
  readonly example?: string;
}

/** Keeps the columns' literal keys and types, so a row's values are typed (`RowValues`). */
export const defineColumns = <const C extends readonly Column[]>(columns: C): C => columns;

type ValueOf<C extends Column> = C['type'] extends 'integer' | 'yuan' ? number : string;

/** A read row: each column's value by key, null when blank or wrong (its error says which). */
export type RowValues<C extends readonly Column[]> = {
  -readonly [Col in C[number] as Col['key']]: ValueOf<Col> | null;
};

export type KeyOf<C extends readonly Column[]> = C[number]['key'];

/** One cell's problem: the column's header and the message, which starts with the column's label. */
export interface CellError {
  column: string;
  message: string;
}

/** The column as messages name it: the header without a bracketed unit (月基数（元） → 月基数). */
export const labelOf = (c: Column): string => c.header.replace(/[(（][^)）]*[)）]/g, '').trim();

/** The template's header text: required columns carry a star. */
export const headerText = (c: Column): string => (c.required ? `${c.header}*` : c.header);

/**
 * A header as typed, reduced to what names the column: NFKC, no required star, no bracketed hint,
 * no spaces (身份证号* and 入党日期（YYYY-MM-DD） match 身份证号 and 入党日期).
 */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/\*/g, '')
    .replace(/\([^)]*\)/g, '')
    .replace(/\s+/g, '');
}

/** The marks of a template's example row: such a row is never imported. */
export const EXAMPLE_MARK = '（示例）';
export const isExampleRow = (first: Cell) => cellText(first).startsWith('(示例)');

/**
 * Matches a header row (the texts by position) to the columns. Answers the columns by position,
 * or the one Chinese message naming every missing and unrecognised column.
 */
export function matchHeader<C extends Column>(
  columns: readonly C[],
  texts: ReadonlyMap<number, string>,
): { ok: true; byPosition: Map<number, C> } | { ok: false; message: string } {
  const byName = new Map<string, C>();
  for (const c of columns) {
    for (const name of [c.header, ...(c.aliases ?? [])]) byName.set(normalizeHeader(name), c);
  }
  const byPosition = new Map<number, C>();
  const seen = new Set<C>();
  const unknown: string[] = [];
  for (const [position, text] of texts) {
    const name = normalizeHeader(text);
    if (!name) continue;
    const shown = text.normalize('NFKC').replace(/\*/g, '').trim();
    const column = byName.get(name);
    if (!column) unknown.push(shown);
    else if (seen.has(column)) unknown.push(`${shown}（重复）`);
    else {
      seen.add(column);
      byPosition.set(position, column);
    }
  }
  const missing = columns.filter((c) => (c.inHeader ?? c.required) && !seen.has(c)).map((c) => c.header);
  if (!missing.length && !unknown.length) return { ok: true, byPosition };
  const parts = [
    missing.length ? `缺少列：${missing.join('、')}` : '',
    unknown.length ? `无法识别的列：${unknown.join('、')}` : '',
  ].filter(Boolean);
  return {
    ok: false,
    message: `表头与模板不符（${parts.join('；')}）。请下载模板，按模板的列填写后上传`,
  };
}

/** One cell by its column's type: the value, null when blank, or the reason it is wrong. */
function readCell(c: Column, v: Cell): { value: string | number } | { error: string } | null {
  switch (c.type ?? 'text') {
    case 'date': {
      const d = parseDateCell(v);
      return d && 'date' in d ? { value: d.date } : d;
    }
    case 'month': {
      const m = parseMonthCell(v);
      return m && 'month' in m ? { value: m.month } : m;
    }
    case 'enum': {
      const o = parseOptionCell(c.options ?? [], v, c.omittable);
      return o && 'code' in o ? { value: o.code } : o;
    }
    case 'integer':
      return parseIntegerCell(v);
    case 'yuan': {
      const y = parseYuanCell(v);
      return y && 'fen' in y ? { value: y.fen } : y;
    }
    default: {
      if (c.longDigits && typeof v === 'number') {
        return { error: '单元格是数字格式，末几位已丢失；请把该列设为文本格式后重新填写' };
      }
      const t = cellText(v);
      return t ? { value: t } : null;
    }
  }
}

/**
 * Reads a row's cells by the columns: each value typed, a blank required cell reported as 必填,
 * and every wrong cell as one error naming its column (`出生日期：不是有效的日期（…）`).
 */
export function readRow<const C extends readonly Column[]>(
  columns: C,
  cells: Readonly<Record<string, Cell>>,
): { values: RowValues<C>; errors: CellError[] } {
  const values: Record<string, string | number | null> = {};
  const errors: CellError[] = [];
  for (const c of columns) {
    const r = readCell(c, cells[c.key] ?? null);
    values[c.key] = r && 'value' in r ? r.value : null;
    if (r && 'error' in r) errors.push({ column: c.header, message: `${labelOf(c)}：${r.error}` });
    else if (!r && c.required) errors.push({ column: c.header, message: `${labelOf(c)}：必填` });
  }
  return { values: values as RowValues<C>, errors };
}
