/**
 * The import templates' columns (Chinese headers as the user sees them), the enumerations written
 * as their Chinese labels, and the reading of one cell (text, dates in the forms people type).
 */
import { isIsoDate } from '../../../domain/common/dates.js';
import { EDUCATION_LEVELS } from '../../../domain/member/education.js';
import { ETHNICITIES } from '../../../domain/member/ethnicities.js';
import {
  GENDER_LABELS,
  GENDERS,
  MEMBER_CATEGORIES,
  MEMBER_CATEGORY_LABELS,
} from '../../../domain/member/labels.js';
import { ORG_KIND_LABELS, ORG_KINDS, SECTOR_LABELS, SECTORS } from '../../../domain/org/labels.js';
import type { ImportKind } from '../../../shared/contracts/imports.js';

export interface ColumnDef {
  /** The key of the normalized value. */
  key: string;
  header: string;
  required: boolean;
  /** Dropdown values (Chinese labels) and the code each stands for. */
  options?: { label: string; code: string }[];
  date?: boolean;
  /** Written as text (an ID number typed as a number loses its last digits). */
  text?: boolean;
  width: number;
  hint: string;
  example: string;
}

const opts = (pairs: [string, string][]) => pairs.map(([code, label]) => ({ code, label }));

export const MEMBER_COLUMNS: ColumnDef[] = [
  { key: 'name', header: '姓名', required: true, width: 12, hint: '2至30个字', example: '张三' },
  {
    key: 'gender',
    header: '性别',
    required: true,
    width: 8,
    options: opts(GENDERS.map((g) => [g, GENDER_LABELS[g]])),
    hint: '从下拉列表选择：男、女；须与身份证号一致',
    example: '男',
  },
  {
    key: 'ethnicity',
    header: '民族',
    required: true,
    width: 10,
    options: opts(ETHNICITIES.map((e) => [e.code, e.name])),
    hint: '从下拉列表选择56个民族之一，如 汉族、回族',
    example: '汉族',
  },
  {
    key: 'birthDate',
    header: '出生日期',
    required: true,
    date: true,
    width: 12,
    hint: '日期，如 1985-03-08（也可写 1985/3/8、1985.03.08）；须与身份证号一致',
    example: '1985-03-08',
  },
  {
    key: 'idNumber',
    header: '身份证号',
    required: true,
    text: true,
    width: 22,
    hint: '18位公民身份号码（单元格为文本格式），校验码须正确；同一身份证号在名册中只能登记一次',
    example: '620102198503080015',
  },
  {
    key: 'education',
    header: '学历',
    required: true,
    width: 12,
    options: EDUCATION_LEVELS.map((e) => ({ code: e.code, label: e.name })),
    hint: `从下拉列表选择：${EDUCATION_LEVELS.map((e) => e.name).join('、')}`,
    example: '大学本科',
  },
  {
    key: 'category',
    header: '党员类别',
    required: true,
    width: 11,
    options: opts(MEMBER_CATEGORIES.map((c) => [c, MEMBER_CATEGORY_LABELS[c]])),
    hint: '从下拉列表选择：正式党员、预备党员',
    example: '正式党员',
  },
  {
    key: 'joinedOn',
    header: '入党日期',
    required: true,
    date: true,
    width: 12,
    hint: '支部大会通过接收为预备党员之日；入党时应年满18周岁',
    example: '2010-07-01',
  },
  {
    key: 'confirmedOn',
    header: '转正日期',
    required: false,
    date: true,
    width: 12,
    hint: '正式党员必填，不能早于预备期满之日（入党日期加1年）；预备党员不填',
    example: '2011-07-01',
  },
  {
    key: 'org',
    header: '所在党支部',
    required: true,
    width: 34,
    hint: '党支部或联合党支部的全称，须是导入所选组织或其下级组织，且名称唯一',
    example: '中共××社区支部委员会',
  },
  {
    key: 'phone',
    header: '联系电话',
    required: false,
    text: true,
    width: 14,
    hint: '11位手机号码或固定电话（如0931-8123456），可不填',
    example: '13800001111',
  },
  {
    key: 'workUnit',
    header: '工作单位',
    required: false,
    width: 24,
    hint: '可不填，不超过100个字',
    example: '××街道办事处',
  },
];

export const ORG_COLUMNS: ColumnDef[] = [
  { key: 'name', header: '组织名称', required: true, width: 34, hint: '全称，2至100个字', example: '' },
  {
    key: 'parent',
    header: '上级党组织',
    required: true,
    width: 34,
    hint: '上级党组织的全称：导入所选组织或其下级中已有的组织，或本表中更靠前一行的组织',
    example: '',
  },
  {
    key: 'kind',
    header: '组织类别',
    required: true,
    width: 12,
    options: opts(ORG_KINDS.map((k) => [k, ORG_KIND_LABELS[k]])),
    hint: '从下拉列表选择；党委下可设党委、党总支、党支部、联合党支部，党总支下设党支部，党支部下设党小组',
    example: '党支部',
  },
  {
    key: 'sector',
    header: '所属领域',
    required: true,
    width: 14,
    options: opts(SECTORS.map((s) => [s, SECTOR_LABELS[s]])),
    hint: `从下拉列表选择：${SECTORS.map((s) => SECTOR_LABELS[s]).join('、')}`,
    example: '社区',
  },
  { key: 'shortName', header: '简称', required: false, width: 16, hint: '可不填，不超过40个字', example: '' },
  {
    key: 'divisionCode',
    header: '行政区划代码',
    required: false,
    text: true,
    width: 16,
    hint: '可不填；6、9或12位数字（GB/T 2260），如 620102',
    example: '620102',
  },
  {
    key: 'foundedOn',
    header: '成立日期',
    required: true,
    date: true,
    width: 12,
    hint: '日期，如 2020-05-01（也可写 2020/5/1、2020.05.01），不能晚于今天',
    example: '2020-05-01',
  },
];

export const columnsOf = (kind: ImportKind) => (kind === 'members' ? MEMBER_COLUMNS : ORG_COLUMNS);

export const DATA_SHEET: Record<ImportKind, string> = { members: '党员信息', orgs: '党组织信息' };
export const HELP_SHEET = '填写说明';

/** The example row's first cell starts with this mark; such a row is never imported. */
export const EXAMPLE_MARK = '（示例）';
export const isExampleRow = (first: string) => first.startsWith(EXAMPLE_MARK) || first.startsWith('(示例)');

/** A header as typed: the required mark, spaces and bracketed hints are not part of the name. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/[*＊]/g, '')
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/\s+/g, '');
}

/** The template's header text: required columns carry a star. */
export const headerText = (c: ColumnDef) => (c.required ? `${c.header}*` : c.header);

// ---- cells ----------------------------------------------------------------------------------

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

export const cellText = (v: Cell): string =>
  v === null ? '' : v instanceof Date ? dateOf(v) : String(v).normalize('NFKC').trim();

const dateOf = (d: Date) =>
  `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;

/**
 * A date cell: a real Excel date, an Excel serial number, or text such as 2020-05-01, 2020/5/1,
 * 2020.05.01, 2020年5月1日 or 20200501. Null when blank; `{error}` when it is not a real date.
 */
export function parseDateCell(v: Cell): { date: string } | { error: string } | null {
  if (v === null) return null;
  if (v instanceof Date) {
    // Excel dates arrive as UTC midnight (plus any time of day): the UTC calendar day is the date.
    const d = new Date(v.getTime() + 500);
    return { date: dateOf(d) };
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 19000101 && v <= 29991231) return parseDateCell(String(v));
    // An Excel serial day number (1900 date system) in a cell without a date format.
    if (v >= 1 && v < 2958466) {
      const ms = Math.round((v - 25569) * 86400) * 1000;
      return { date: dateOf(new Date(ms)) };
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
