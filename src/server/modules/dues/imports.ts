/**
 * Import of dues bases from an .xlsx workbook: a template prefilled with the org's members, an
 * upload that is only previewed (every row's errors by row and column, kept in dues_imports), and a
 * commit that writes every row or none.
 *
 * The preview writes no profile: a secretary fixes the file and uploads it again until the preview
 * is clean, and only then commits. The commit re-checks each member inside its transaction because
 * the register may have changed since the preview (a member moved or left): one stale row rolls the
 * whole commit back.
 *
 * The file is read by the shared Excel pipeline (src/server/lib/excel): the same header matching,
 * cell normalization (NFKC, full-width digits), dates and months (invalid ones refused), amounts and
 * enumerations as the member import.
 */

import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
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
import { type importDto, importErrorDto, importRowDto } from '../../../shared/contracts/dues.js';
import { type Db, type DbOrTx, queryRows } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import {
  type Column,
  defineColumns,
  labelKey,
  type RawRow,
  readRow,
  readSheet,
  SheetFailure,
  TOO_BIG,
  verifyZip,
  xlsxProblem,
  zipProblem,
} from '../../lib/excel/index.js';
import { cleanFileName } from '../../lib/files.js';
import { loadRules } from '../settings/index.js';
import { ensureLedger, recomputeMember } from './ledger.js';
import { detectRuns } from './runs.js';
import { orgInScope } from './summary.js';

type ImportDto = z.infer<typeof importDto>;
type ImportError = z.infer<typeof importErrorDto>;
/** A previewed row as stored: the DTO's fields plus the remark, which becomes the profile's reason. */
const importRow = importRowDto.extend({ note: z.string().nullable() });
type ImportRow = z.infer<typeof importRow>;

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
export const DATA_SHEET = '党费基数';

/** How far back an imported profile may start: the commit rebuilds the ledger months from it. */
export const MAX_MONTHS_BACK = 24;
/** And how far ahead (a raise announced for next year is fine, a typo of the year is not). */
const MAX_MONTHS_AHEAD = 12;

/** Hardship categories need the higher committee's approval (规定第七条): never imported. */
const IMPORTABLE = DUES_CATEGORIES.filter((c) => !APPROVAL_CATEGORIES.includes(c));

/**
 * The template's columns. Every one but the remark must be in the header; which cells a row must
 * fill depends on the row (a prefilled row left as it is, a category without a base), so only the
 * member, category and month are required of every row the import reads.
 */
const COLUMNS = defineColumns([
  { key: 'memberId', header: COL.memberId, type: 'integer', required: true, width: 12 },
  { key: 'name', header: COL.name, inHeader: true, width: 12 },
  {
    key: 'category',
    header: COL.category,
    type: 'enum',
    required: true,
    // Hardship labels are recognised, to refuse them with the reason (规定第七条).
    options: DUES_CATEGORIES.map((c) => ({ code: c, label: DUES_CATEGORY_LABELS[c] })),
    width: 26,
  },
  // Text: typed as 2026-01, Excel would otherwise turn the month into a date.
  { key: 'month', header: COL.month, type: 'month', required: true, asText: true, width: 12 },
  { key: 'base', header: COL.base, type: 'yuan', inHeader: true, width: 14 },
  { key: 'amount', header: COL.amount, type: 'yuan', inHeader: true, width: 16 },
  { key: 'note', header: COL.note, width: 30 },
]);

// ---- template -------------------------------------------------------------------------------

/** GET /api/dues/imports/template: the subtree's current members with their profile in force. */
export async function template(db: DbOrTx, ctx: RequestContext, orgId: number) {
  const org = await orgInScope(db, ctx.actor.scope('dues.write'), orgId);
  const current = firstDay(monthOf(ctx.today));
  const rows = await queryRows(
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
    z.object({
      id: z.number(),
      name: z.string(),
      category: z.enum(DUES_CATEGORIES).nullable(),
      effectiveMonth: z.string().nullable(),
      baseFen: z.number().nullable(),
      amountFen: z.number().nullable(),
    }),
  );
  const rules = await loadRules(db);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c: Column) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: c.asText ? { numFmt: '@' } : c.type === 'yuan' ? { numFmt: '0.00' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const hardship = r.category !== null && APPROVAL_CATEGORIES.includes(r.category);
    ws.addRow({
      memberId: r.id,
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

/** A file that is not an .xlsx workbook: nothing to preview (422). */
function unreadable(problem: string): AppError {
  const message = `文件：${problem}`;
  return new AppError('IMPORTS_FILE_UNREADABLE', message, [{ field: 'file', message }]);
}

/** Reads the data sheet: a whole-file problem (one error), or the non-empty data rows. */
async function readWorkbook(
  data: Buffer,
): Promise<{ headerError: string | null; rows: RawRow<(typeof COLUMNS)[number]['key']>[] }> {
  const problem = xlsxProblem(data);
  if (problem) throw unreadable(problem);
  // What the workbook expands to, before the reader keeps its strings in memory (issue #18).
  const tooBig = (await zipProblem(data)) ?? (await verifyZip(data));
  if (tooBig === TOO_BIG) throw fieldErrors([{ field: 'file', message: `文件：${tooBig}` }]);
  if (tooBig) throw unreadable(tooBig);
  const rows = [];
  try {
    for await (const row of readSheet(data, COLUMNS, { sheet: DATA_SHEET })) rows.push(row);
  } catch (e) {
    if (!(e instanceof SheetFailure)) throw e;
    if (e.kind === 'unreadable') throw unreadable(e.message);
    if (e.kind === 'too-big') throw fieldErrors([{ field: 'file', message: `文件：${e.message}` }]);
    return { headerError: e.message, rows: [] };
  }
  return { headerError: null, rows };
}

const memberRow = z.object({ id: z.number(), name: z.string(), status: z.string() });
type MemberRow = z.infer<typeof memberRow>;

/** Every row's problems by row and column, and the rows as they would be committed. */
async function validate(
  db: DbOrTx,
  orgPath: string,
  raw: RawRow<(typeof COLUMNS)[number]['key']>[],
  rules: DuesRules,
  today: string,
): Promise<{ rows: ImportRow[]; errors: ImportError[] }> {
  const errors: ImportError[] = [];
  const err = (row: number, column: string, message: string) => errors.push({ row, column, message });
  let skipped = 0;
  // A prefilled row left as it is (no category, month or amount) is not part of the import.
  const read = raw.flatMap(({ rowNo, cells }) => {
    if (cells.category === null && cells.month === null && cells.base === null && cells.amount === null) {
      skipped++;
      return [];
    }
    return [{ row: rowNo, ...readRow(COLUMNS, cells) }];
  });
  const ids = read.map((r) => r.values.memberId).filter((n): n is number => n !== null && n < 2 ** 31);
  // Members outside the subtree are not read at all: they answer like unknown ids.
  const members = new Map<number, MemberRow>();
  const existing = new Set<string>();
  if (ids.length) {
    const idArray = sql.raw(`array[${[...new Set(ids)].join(',')}]::int[]`);
    for (const m of await queryRows(
      db,
      sql`select id, name, status from members where id = any(${idArray}) and org_path <@ ${orgPath}::ltree`,
      memberRow,
    )) {
      members.set(m.id, m);
    }
    for (const p of await queryRows(
      db,
      sql`select concat_ws('|', member_id, category, to_char(effective_month, 'YYYY-MM'), base_fen, amount_fen) as key
          from dues_profiles where status = 'active' and member_id = any(${idArray})`,
      z.object({ key: z.string() }),
    )) {
      existing.add(p.key);
    }
  }
  const current = monthOf(today);
  const earliest = addMonthsTo(current, -MAX_MONTHS_BACK);
  const latest = addMonthsTo(current, MAX_MONTHS_AHEAD);
  const seen = new Map<number, number>();
  const rows: ImportRow[] = [];
  for (const { row, values: v, errors: cellErrors } of read) {
    const before = errors.length;
    // A cell the reader refused (必填, 须为数字, 不是有效的月份 …): reported in the column order below.
    const cellError = new Map(cellErrors.map((e) => [e.column, e.message]));
    const refused = (column: string) => {
      const message = cellError.get(column);
      if (message) err(row, column, message);
      return message !== undefined;
    };
    // Member
    const name = v.name ?? '';
    let memberId: number | null = null;
    if (!refused(COL.memberId) && v.memberId !== null) {
      const m = members.get(v.memberId);
      if (!m) err(row, COL.memberId, '党员编号不存在或不在本组织');
      else if (!(CURRENT_MEMBER_STATUSES as readonly string[]).includes(m.status)) {
        err(row, COL.memberId, '党员编号：该党员已不在党员名册（已出党或去世）');
      } else {
        memberId = m.id;
        if (!name) err(row, COL.name, '姓名：必填');
        else if (labelKey(name) !== labelKey(m.name)) {
          err(row, COL.name, `姓名：与党员名册不一致（名册为“${m.name}”）`);
        }
        const first = seen.get(m.id);
        if (first !== undefined) err(row, COL.memberId, `党员编号：与第${first}行重复，每名党员只能填写一行`);
        else seen.set(m.id, row);
      }
    }
    // Category
    let category: DuesCategory | null = null;
    if (!refused(COL.category) && v.category !== null) {
      const c = v.category as DuesCategory;
      if (APPROVAL_CATEGORIES.includes(c)) {
        err(
          row,
          COL.category,
          '党费类别：生活困难减交、免交须经上级党委批准，不能导入，请在党费档案中单独申请',
        );
      } else category = c;
    }
    // Month
    let effectiveMonth: Month | null = null;
    if (!refused(COL.month) && v.month !== null) {
      const m = v.month as Month;
      if (m < earliest) err(row, COL.month, `起始月份：最多追溯${MAX_MONTHS_BACK}个月（不早于${earliest}）`);
      else if (m > latest) err(row, COL.month, `起始月份：不能晚于${latest}`);
      else effectiveMonth = m;
    }
    // Money: only the figure the category uses is kept (a base typed for a student is ignored).
    const baseRefused = refused(COL.base);
    const amountRefused = refused(COL.amount);
    let baseFen: number | null = null;
    let amountFen: number | null = null;
    let monthlyFen: number | null = null;
    if (category) {
      baseFen = BASE_CATEGORIES.includes(category) ? v.base : null;
      amountFen = SET_AMOUNT_CATEGORIES.includes(category) ? v.amount : null;
      const input = { category, baseFen, amountFen };
      // A figure that did not parse already has its error; don't add "missing" on top of it.
      const unparsed =
        (BASE_CATEGORIES.includes(category) && baseRefused) ||
        (SET_AMOUNT_CATEGORIES.includes(category) && amountRefused);
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
    rows.push({
      row,
      memberId,
      memberName: name,
      category,
      effectiveMonth,
      baseFen,
      amountFen,
      monthlyFen,
      note: v.note?.slice(0, 500) || null,
    });
  }
  if (!raw.length) err(0, '', '文件中没有数据行（请从第2行起逐行填写）');
  else if (!rows.length && !errors.length) {
    err(0, '', `没有需要导入的数据：${skipped}行未填写党费类别或与现有党费档案相同`);
  }
  return { rows, errors };
}

// ---- preview, read, commit ------------------------------------------------------------------

const importRecord = z.object({
  id: z.number(),
  orgId: z.number(),
  orgPath: z.string(),
  fileName: z.string(),
  status: z.enum(['previewed', 'committed']),
  rows: z.array(importRow),
  errors: z.array(importErrorDto),
  createdAt: z.union([z.date(), z.string()]),
  committedAt: z.union([z.date(), z.string()]).nullable(),
});
type ImportRecord = z.infer<typeof importRecord>;

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
    const [rec] = await queryRows(
      tx,
      sql`insert into dues_imports (org_id, org_path, file_name, status, rows, errors, created_by)
          values (${org.id}, ${org.path}::ltree, ${fileName}, 'previewed', ${JSON.stringify(checked.rows)}::jsonb,
            ${JSON.stringify(checked.errors)}::jsonb, ${ctx.actor.userId})
          returning id, org_id as "orgId", org_path::text as "orgPath", file_name as "fileName", status, rows, errors,
            created_at as "createdAt", committed_at as "committedAt"`,
      importRecord,
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
  const [rec] = await queryRows(
    db,
    sql`select id, org_id as "orgId", org_path::text as "orgPath", file_name as "fileName", status, rows, errors,
          created_at as "createdAt", committed_at as "committedAt"
        from dues_imports where id = ${id} and ${scope.pathCondition(sql`org_path`)}
        ${forUpdate ? sql`for update` : sql``}`,
    importRecord,
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
    if (rec.status === 'committed') throw new AppError('IMPORTS_PREVIEW_COMMITTED');
    if (rec.errors.length) {
      throw new AppError(
        'IMPORTS_PREVIEW_HAS_ERRORS',
        `导入预览有${rec.errors.length}处错误，请修正文件后重新上传；未导入任何数据`,
      );
    }
    const rules = await loadRules(tx);
    const stale = (r: ImportRow, column: string, why: string): AppError => {
      const message = `第${r.row}行：${why}（预览后发生变化），本次导入未写入任何数据，请重新上传`;
      return new AppError('IMPORTS_PREVIEW_STALE', message, [{ field: column, message }]);
    };
    const touched = new Map<number, Month>();
    for (const r of rec.rows) {
      if (r.memberId === null || r.category === null || r.effectiveMonth === null) {
        throw stale(r, COL.memberId, '数据不完整');
      }
      const [m] = await queryRows(
        tx,
        sql`select org_id as "orgId", status from members
            where id = ${r.memberId} and org_path <@ ${rec.orgPath}::ltree for update`,
        z.object({ orgId: z.number(), status: z.string() }),
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
