/**
 * Import of dues bases from an .xlsx workbook: a template prefilled with the org's members, an
 * upload that is only previewed (every row's errors by row and column, kept in dues_imports), and a
 * commit that writes every row or none.
 *
 * The preview writes no profile: a secretary fixes the file and uploads it again until the preview
 * is clean, and only then commits. The commit re-checks each member inside its transaction because
 * the register may have changed since the preview (a member moved or left): one stale row rolls the
 * whole commit back.
 */

import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import {
  bracketsText,
  type DuesRules,
  monthlyDues,
  profileProblems,
  yuan,
} from '../../../domain/dues/amounts.js';
import {
  APPROVAL_CATEGORIES,
  BASE_CATEGORIES,
  DUES_BASE_HINTS,
  DUES_CATEGORIES,
  DUES_CATEGORY_LABELS,
  type DuesCategory,
  SET_AMOUNT_CATEGORIES,
} from '../../../domain/dues/labels.js';
import { addMonthsTo, firstDay, type Month, monthOf, monthRange } from '../../../domain/dues/months.js';
import { CURRENT_MEMBER_STATUSES } from '../../../domain/member/labels.js';
import type { importDto, importErrorDto, importRowDto } from '../../../shared/contracts/dues.js';
import { type Db, type DbOrTx, queryRows } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { cleanFileName } from '../../lib/files.js';
import { loadRules } from '../settings/index.js';
import { ensureLedger, recomputeMember } from './ledger.js';
import { detectRuns } from './runs.js';
import { orgInScope } from './summary.js';

type ImportDto = z.infer<typeof importDto>;
type ImportError = z.infer<typeof importErrorDto>;
/** A previewed row as stored: the DTO's fields plus the remark, which becomes the profile's reason. */
type ImportRow = z.infer<typeof importRowDto> & { note: string | null };

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const IMPORT_TOO_LARGE = '文件不能超过5MB';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const COL = {
  memberId: '党员编号',
  name: '姓名',
  category: '党费类别',
  month: '起始月份',
  base: '月基数（元）',
  amount: '月交纳额（元）',
  note: '备注',
} as const;
const HEADERS = Object.values(COL);
const REQUIRED = HEADERS.filter((h) => h !== COL.note);
export const DATA_SHEET = '党费基数';

/** How far back an imported profile may start: the commit rebuilds the ledger months from it. */
export const MAX_MONTHS_BACK = 24;
/** And how far ahead (a raise announced for next year is fine, a typo of the year is not). */
const MAX_MONTHS_AHEAD = 12;

/** Hardship categories need the higher committee's approval (规定第七条): never imported. */
const IMPORTABLE = DUES_CATEGORIES.filter((c) => !APPROVAL_CATEGORIES.includes(c));
const CATEGORY_BY_LABEL = new Map<string, DuesCategory>(
  DUES_CATEGORIES.map((c) => [DUES_CATEGORY_LABELS[c], c] as const),
);

// ---- template -------------------------------------------------------------------------------

/** GET /api/dues/imports/template: the subtree's current members with their profile in force. */
export async function template(db: DbOrTx, ctx: RequestContext, orgId: number) {
  const org = await orgInScope(db, ctx.actor.scope('dues.write'), orgId);
  const current = firstDay(monthOf(ctx.today));
  const rows = await queryRows<{
    id: number;
    name: string;
    category: DuesCategory | null;
    effectiveMonth: string | null;
    baseFen: number | null;
    amountFen: number | null;
  }>(
    db,
    sql`select m.id, m.name, p.category, to_char(p.effective_month, 'YYYY-MM') as "effectiveMonth",
          p.base_fen as "baseFen", p.amount_fen as "amountFen"
        from members m
        left join lateral (
          select category, effective_month, base_fen, amount_fen from dues_profiles
          where member_id = m.id and status = 'active' and effective_month <= ${current}::date
          order by effective_month desc, id desc limit 1) p on true
        where m.org_path <@ ${org.path}::ltree and m.status in (${sql.join(
          CURRENT_MEMBER_STATUSES.map((s) => sql`${s}`),
          sql`, `,
        )})
        order by m.org_path, m.id`,
  );
  const rules = await loadRules(db);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: COL.memberId, key: 'id', width: 12 },
    { header: COL.name, key: 'name', width: 12 },
    { header: COL.category, key: 'category', width: 26 },
    // Text: typed as 2026-01, Excel would otherwise turn the month into a date.
    { header: COL.month, key: 'month', width: 12, style: { numFmt: '@' } },
    { header: COL.base, key: 'base', width: 14, style: { numFmt: '0.00' } },
    { header: COL.amount, key: 'amount', width: 16, style: { numFmt: '0.00' } },
    { header: COL.note, key: 'note', width: 30 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const hardship = r.category !== null && APPROVAL_CATEGORIES.includes(r.category);
    ws.addRow({
      id: r.id,
      name: r.name,
      // A hardship profile cannot be re-imported: leave the row empty (it is skipped as is).
      category: r.category && !hardship ? DUES_CATEGORY_LABELS[r.category] : null,
      month: r.category && !hardship ? r.effectiveMonth : null,
      base: !hardship && r.baseFen !== null ? r.baseFen / 100 : null,
      amount: !hardship && r.amountFen !== null ? r.amountFen / 100 : null,
      note: hardship ? '生活困难减免，须在党费档案中办理' : null,
    });
  }
  const list = `"${IMPORTABLE.map((c) => DUES_CATEGORY_LABELS[c]).join(',')}"`;
  for (let i = 2; i <= rows.length + 200; i++) {
    ws.getCell(`C${i}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [list],
      showErrorMessage: true,
      errorTitle: '党费类别',
      error: '请从下拉列表中选择党费类别',
    };
  }
  const { min, max } = rules['dues.farmerRange'];
  const help = wb.addWorksheet('说明');
  help.columns = [
    { header: '列', key: 'col', width: 16 },
    { header: '说明', key: 'text', width: 100 },
  ];
  help.getRow(1).font = { bold: true };
  const lines: [string, string][] = [
    [COL.memberId, '党员在系统中的编号，已按本组织现有党员预填，请勿修改；新增行须填写本组织党员的编号'],
    [COL.name, '须与党员名册中的姓名一致，用于核对编号'],
    [
      COL.category,
      `从下拉列表选择：${IMPORTABLE.map((c) => DUES_CATEGORY_LABELS[c]).join('、')}。生活困难减交、免交须经上级党委批准，不能导入，请在党费档案中单独申请（党费规定第七条）`,
    ],
    [COL.month, '新基数从哪个月起执行，格式 YYYY-MM（如 2026-01）；最多追溯24个月'],
    [
      COL.base,
      `在职、年薪制、个体及离退休党员必填，单位元，最多两位小数。${BASE_CATEGORIES.map((c) => `${DUES_CATEGORY_LABELS[c]}：${DUES_BASE_HINTS[c] ?? ''}`).join('；')}`,
    ],
    [
      COL.amount,
      `仅农民党员填写：每月${yuan(min)}至${yuan(max)}元，由党支部确定（党费规定第六条）；学生、下岗失业等每月固定交纳，无需填写`,
    ],
    [COL.note, '可选，记入党费档案的说明'],
    ['规则', bracketsText(rules)],
    ['规则', '未填写党费类别的行不导入；与现有党费档案完全相同的行也不导入'],
    ['规则', '上传后先预览，所有行都无错误才能提交；提交时全部写入或全部不写入'],
  ];
  for (const [col, text] of lines) help.addRow({ col, text });
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, fileName: `${org.name}党费基数导入模板.xlsx` };
}

// ---- parsing --------------------------------------------------------------------------------

type Cell = string | number | boolean | Date | null;

/** A cell's plain value: rich text joined, a formula's result, a hyperlink's text. */
function plain(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v !== 'object') {
    return typeof v === 'string' && v.trim() === '' ? null : (v as Cell);
  }
  if ('richText' in v) return plain(v.richText.map((t) => t.text).join(''));
  if ('result' in v) return plain((v.result ?? null) as ExcelJS.CellValue);
  if ('text' in v) return plain(v.text as ExcelJS.CellValue);
  if ('error' in v) return String(v.error);
  return null;
}

const text = (v: Cell) =>
  v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();

/** Yuan as written (a number or text) to fen, exactly: no float arithmetic on the amount. */
export function parseYuan(v: Cell): { fen: number } | { error: string } | null {
  if (v === null) return null;
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { error: '须为数字' };
    s = String(v);
  } else if (typeof v === 'string') s = v.trim().replace(/[,，]/g, '');
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

/** 'YYYY-MM' (also 2026/1, 2026年1月, or a date cell) to a month, else null. */
export function parseMonth(v: Cell): Month | null {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    return `${v.getUTCFullYear()}-${String(v.getUTCMonth() + 1).padStart(2, '0')}`;
  }
  if (typeof v !== 'string') return null;
  const m = /^(\d{4})\s*(?:-|\/|年)\s*(\d{1,2})\s*月?$/.exec(v.trim());
  if (!m) return null;
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}`;
}

/** A file that is not an .xlsx workbook: nothing to preview (422). */
function notXlsx(): AppError {
  const message = '文件：不是有效的 Excel（.xlsx）文件，请下载模板填写后上传';
  return new AppError('RULE_VIOLATION', message, [{ field: 'file', message }]);
}

interface RawRow {
  row: number;
  cells: Record<string, Cell>;
}

/** Reads the data sheet: header problems (one error), or the non-empty data rows. */
async function readWorkbook(data: Buffer): Promise<{ headerError: string | null; rows: RawRow[] }> {
  // An .xlsx is a zip: refuse anything else before exceljs tries (and fails obscurely).
  if (data.length < 4 || data.readUInt32LE(0) !== 0x04034b50) throw notXlsx();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw notXlsx();
  }
  const ws = wb.getWorksheet(DATA_SHEET) ?? wb.worksheets[0];
  if (!ws) return { headerError: '文件中没有工作表', rows: [] };
  const norm = (s: string) => s.replace(/\(/g, '（').replace(/\)/g, '）').replace(/\s+/g, '');
  const columns = new Map<number, string>();
  const unknown: string[] = [];
  ws.getRow(1).eachCell((cell, col) => {
    const h = norm(text(plain(cell.value)));
    if (!h) return;
    if ((HEADERS as string[]).includes(h)) columns.set(col, h);
    else unknown.push(h);
  });
  const missing = REQUIRED.filter((h) => ![...columns.values()].includes(h));
  if (missing.length || unknown.length) {
    const parts = [
      missing.length ? `缺少列：${missing.join('、')}` : '',
      unknown.length ? `无法识别的列：${unknown.join('、')}` : '',
    ].filter(Boolean);
    return { headerError: `表头不符合模板（${parts.join('；')}），请下载模板填写后上传`, rows: [] };
  }
  const rows: RawRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1) return;
    const cells: Record<string, Cell> = {};
    let any = false;
    for (const [col, h] of columns) {
      const v = plain(r.getCell(col).value);
      cells[h] = v;
      if (v !== null) any = true;
    }
    if (any) rows.push({ row: n, cells });
  });
  return { headerError: null, rows };
}

interface MemberRow {
  id: number;
  name: string;
  status: string;
}

/** Every row's problems by row and column, and the rows as they would be committed. */
async function validate(
  db: DbOrTx,
  orgPath: string,
  raw: RawRow[],
  rules: DuesRules,
  today: string,
): Promise<{ rows: ImportRow[]; errors: ImportError[] }> {
  const errors: ImportError[] = [];
  const err = (row: number, column: string, message: string) => errors.push({ row, column, message });
  const ids = raw
    .map((r) => Number(text(r.cells[COL.memberId])))
    .filter((n) => Number.isSafeInteger(n) && n > 0 && n < 2 ** 31);
  // Members outside the subtree are not read at all: they answer like unknown ids.
  const members = new Map<number, MemberRow>();
  const existing = new Set<string>();
  if (ids.length) {
    const idArray = sql.raw(`array[${[...new Set(ids)].join(',')}]::int[]`);
    for (const m of await queryRows<MemberRow>(
      db,
      sql`select id, name, status from members where id = any(${idArray}) and org_path <@ ${orgPath}::ltree`,
    )) {
      members.set(m.id, m);
    }
    for (const p of await queryRows<{ key: string }>(
      db,
      sql`select concat_ws('|', member_id, category, to_char(effective_month, 'YYYY-MM'), base_fen, amount_fen) as key
          from dues_profiles where status = 'active' and member_id = any(${idArray})`,
    )) {
      existing.add(p.key);
    }
  }
  const current = monthOf(today);
  const earliest = addMonthsTo(current, -MAX_MONTHS_BACK);
  const latest = addMonthsTo(current, MAX_MONTHS_AHEAD);
  const seen = new Map<number, number>();
  const rows: ImportRow[] = [];
  let skipped = 0;
  for (const { row, cells } of raw) {
    const before = errors.length;
    const categoryText = text(cells[COL.category]);
    const monthCell = cells[COL.month];
    const baseCell = cells[COL.base];
    const amountCell = cells[COL.amount];
    // A prefilled row left as it is (no category, month or amount) is not part of the import.
    if (!categoryText && monthCell === null && baseCell === null && amountCell === null) {
      skipped++;
      continue;
    }
    // Member
    const idText = text(cells[COL.memberId]);
    const name = text(cells[COL.name]);
    let memberId: number | null = null;
    if (!idText) err(row, COL.memberId, '党员编号：必填');
    else if (!/^\d{1,9}$/.test(idText)) err(row, COL.memberId, '党员编号：须为数字');
    else {
      const m = members.get(Number(idText));
      if (!m) err(row, COL.memberId, '党员编号不存在或不在本组织');
      else if (!(CURRENT_MEMBER_STATUSES as readonly string[]).includes(m.status)) {
        err(row, COL.memberId, '党员编号：该党员已不在党员名册（已出党或去世）');
      } else {
        memberId = m.id;
        if (!name) err(row, COL.name, '姓名：必填');
        else if (name !== m.name) err(row, COL.name, `姓名：与党员名册不一致（名册为“${m.name}”）`);
        const first = seen.get(m.id);
        if (first !== undefined) err(row, COL.memberId, `党员编号：与第${first}行重复，每名党员只能填写一行`);
        else seen.set(m.id, row);
      }
    }
    // Category
    let category: DuesCategory | null = null;
    if (!categoryText) err(row, COL.category, '党费类别：必填');
    else {
      const c = CATEGORY_BY_LABEL.get(categoryText) ?? null;
      if (!c) err(row, COL.category, `党费类别：无法识别“${categoryText}”，请从下拉列表中选择`);
      else if (APPROVAL_CATEGORIES.includes(c)) {
        err(
          row,
          COL.category,
          '党费类别：生活困难减交、免交须经上级党委批准，不能导入，请在党费档案中单独申请',
        );
      } else category = c;
    }
    // Month
    let effectiveMonth: Month | null = null;
    if (monthCell === null) err(row, COL.month, '起始月份：必填');
    else {
      const m = parseMonth(monthCell);
      if (!m) err(row, COL.month, `起始月份：格式应为 YYYY-MM（如 ${current}），现为“${text(monthCell)}”`);
      else if (m < earliest)
        err(row, COL.month, `起始月份：最多追溯${MAX_MONTHS_BACK}个月（不早于${earliest}）`);
      else if (m > latest) err(row, COL.month, `起始月份：不能晚于${latest}`);
      else effectiveMonth = m;
    }
    // Money: only the figure the category uses is kept (a base typed for a student is ignored).
    const money = (cell: Cell, column: string, label: string) => {
      const r = parseYuan(cell);
      if (r && 'error' in r) {
        err(row, column, `${label}：${r.error}`);
        return undefined;
      }
      return r ? r.fen : null;
    };
    const base = money(baseCell, COL.base, '月基数');
    const amount = money(amountCell, COL.amount, '月交纳额');
    let baseFen: number | null = null;
    let amountFen: number | null = null;
    let monthlyFen: number | null = null;
    if (category) {
      baseFen = BASE_CATEGORIES.includes(category) ? (base ?? null) : null;
      amountFen = SET_AMOUNT_CATEGORIES.includes(category) ? (amount ?? null) : null;
      const input = { category, baseFen, amountFen };
      // A figure that did not parse already has its error; don't add "missing" on top of it.
      const unparsed =
        (BASE_CATEGORIES.includes(category) && base === undefined) ||
        (SET_AMOUNT_CATEGORIES.includes(category) && amount === undefined);
      if (!unparsed) {
        for (const p of profileProblems(input, rules)) {
          err(row, p.field === 'baseFen' ? COL.base : COL.amount, p.message);
        }
      }
      if (errors.length === before) monthlyFen = monthlyDues(input, rules).expectedFen;
    }
    if (
      errors.length === before &&
      existing.has(
        [memberId, category, effectiveMonth, baseFen, amountFen].filter((x) => x !== null).join('|'),
      )
    ) {
      // Same as a profile the member already has: re-importing the template changes nothing.
      skipped++;
      continue;
    }
    const note = text(cells[COL.note]).slice(0, 500) || null;
    rows.push({
      row,
      memberId,
      memberName: name,
      category,
      effectiveMonth,
      baseFen,
      amountFen,
      monthlyFen,
      note,
    });
  }
  if (!raw.length) err(0, '', '文件中没有数据行（请从第2行起逐行填写）');
  else if (!rows.length && !errors.length) {
    err(0, '', `没有需要导入的数据：${skipped}行未填写党费类别或与现有党费档案相同`);
  }
  return { rows, errors };
}

// ---- preview, read, commit ------------------------------------------------------------------

interface ImportRecord {
  id: number;
  orgId: number;
  orgPath: string;
  fileName: string;
  status: 'previewed' | 'committed';
  rows: ImportRow[];
  errors: ImportError[];
  createdAt: Date | string;
  committedAt: Date | string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();
function toDto(r: ImportRecord): ImportDto {
  return {
    id: r.id,
    orgId: r.orgId,
    fileName: r.fileName,
    status: r.status,
    rows: r.rows.map(({ note: _note, ...row }) => row),
    errors: r.errors,
    createdAt: iso(r.createdAt),
    committedAt: r.committedAt ? iso(r.committedAt) : null,
  };
}

/** POST /api/dues/imports: reads and checks the file, stores the preview; writes no profile. */
export async function preview(
  db: Db,
  ctx: RequestContext,
  orgId: number,
  file: { fileName: string; data: Buffer },
): Promise<ImportDto> {
  const org = await orgInScope(db, ctx.actor.scope('dues.write'), orgId);
  const { headerError, rows: raw } = await readWorkbook(file.data);
  const rules = await loadRules(db);
  const checked = headerError
    ? { rows: [], errors: [{ row: 1, column: '', message: headerError }] }
    : await validate(db, org.path, raw, rules, ctx.today);
  const fileName = cleanFileName(file.fileName) || '导入文件.xlsx';
  return db.transaction(async (tx) => {
    const [rec] = await queryRows<ImportRecord>(
      tx,
      sql`insert into dues_imports (org_id, org_path, file_name, status, rows, errors, created_by)
          values (${org.id}, ${org.path}::ltree, ${fileName}, 'previewed', ${JSON.stringify(checked.rows)}::jsonb,
            ${JSON.stringify(checked.errors)}::jsonb, ${ctx.actor.userId})
          returning id, org_id as "orgId", org_path::text as "orgPath", file_name as "fileName", status, rows, errors,
            created_at as "createdAt", committed_at as "committedAt"`,
    );
    await writeAudit(tx, ctx, {
      action: 'dues.import.preview',
      entity: 'dues_import',
      entityId: rec.id,
      orgPath: org.path,
      after: { fileName, rows: checked.rows.length, errors: checked.errors.length },
    });
    return toDto(rec);
  });
}

async function findImport(db: DbOrTx, ctx: RequestContext, id: number, forUpdate = false) {
  const scope = ctx.actor.scope('dues.write');
  const [rec] = await queryRows<ImportRecord>(
    db,
    sql`select id, org_id as "orgId", org_path::text as "orgPath", file_name as "fileName", status, rows, errors,
          created_at as "createdAt", committed_at as "committedAt"
        from dues_imports where id = ${id} and ${scope.pathCondition(sql`org_path`)}
        ${forUpdate ? sql`for update` : sql``}`,
  );
  if (!rec) throw notFound('导入记录');
  return rec;
}

/** GET /api/dues/imports/:id */
export async function get(db: DbOrTx, ctx: RequestContext, id: number): Promise<ImportDto> {
  return toDto(await findImport(db, ctx, id));
}

/**
 * POST /api/dues/imports/:id/commit: one transaction for every profile, its recomputed months and
 * the ledger rows they need; any failure (a member who moved since the preview, a rule that changed
 * the valid range) rolls all of it back.
 */
export async function commit(db: Db, ctx: RequestContext, id: number): Promise<ImportDto> {
  await db.transaction(async (tx) => {
    const rec = await findImport(tx, ctx, id, true);
    if (rec.status === 'committed') throw new AppError('RULE_VIOLATION', '该导入已提交，不能重复提交');
    if (rec.errors.length) {
      throw new AppError(
        'RULE_VIOLATION',
        `导入预览有${rec.errors.length}处错误，请修正文件后重新上传；未导入任何数据`,
      );
    }
    const rules = await loadRules(tx);
    const stale = (r: ImportRow, column: string, why: string): AppError => {
      const message = `第${r.row}行：${why}（预览后发生变化），本次导入未写入任何数据，请重新上传`;
      return new AppError('RULE_VIOLATION', message, [{ field: column, message }]);
    };
    const touched = new Map<number, Month>();
    for (const r of rec.rows) {
      if (r.memberId === null || r.category === null || r.effectiveMonth === null) {
        throw stale(r, COL.memberId, '数据不完整');
      }
      const [m] = await queryRows<{ orgId: number; status: string }>(
        tx,
        sql`select org_id as "orgId", status from members
            where id = ${r.memberId} and org_path <@ ${rec.orgPath}::ltree for update`,
      );
      if (!m || !(CURRENT_MEMBER_STATUSES as readonly string[]).includes(m.status)) {
        throw stale(r, COL.memberId, '该党员已不在本组织或已不在党员名册');
      }
      const input = { category: r.category as DuesCategory, baseFen: r.baseFen, amountFen: r.amountFen };
      const problem = profileProblems(input, rules)[0];
      if (problem) throw stale(r, problem.field === 'baseFen' ? COL.base : COL.amount, problem.message);
      await tx.execute(sql`insert into dues_profiles (member_id, org_id, category, effective_month, base_fen, amount_fen,
            status, reason, import_id, created_by)
          values (${r.memberId}, ${m.orgId}, ${r.category}, ${firstDay(r.effectiveMonth)}::date, ${r.baseFen},
            ${r.amountFen}, 'active', ${r.note ?? `批量导入（${rec.fileName}第${r.row}行）`}, ${rec.id}, ${ctx.actor.userId})`);
      touched.set(r.memberId, r.effectiveMonth);
    }
    for (const [memberId, from] of touched) await recomputeMember(tx, memberId, from, rules);
    // The ledger months the new profiles reach: this year to date, and back to the earliest
    // effective month (bounded: the preview refuses months older than MAX_MONTHS_BACK).
    const current = monthOf(ctx.today);
    const earliest = [...touched.values(), `${current.slice(0, 4)}-01`].sort()[0];
    const floor = addMonthsTo(current, -MAX_MONTHS_BACK);
    await ensureLedger(
      tx,
      { memberIds: [...touched.keys()] },
      monthRange(earliest < floor ? floor : earliest, current),
      rules,
    );
    await detectRuns(tx, [...touched.keys()], ctx.today, rules);
    await tx.execute(
      sql`update dues_imports set status = 'committed', committed_at = now() where id = ${rec.id}`,
    );
    await writeAudit(tx, ctx, {
      action: 'dues.import.commit',
      entity: 'dues_import',
      entityId: rec.id,
      orgPath: rec.orgPath,
      after: { profiles: rec.rows.length, fileName: rec.fileName },
    });
  });
  return get(db, ctx, id);
}
