import ExcelJS from 'exceljs';
import { IMPORT_KIND_LABELS, type ImportKind } from '../../../shared/contracts/imports.js';
import { type ColumnDef, columnsOf, DATA_SHEET, EXAMPLE_MARK, HELP_SHEET, headerText } from './columns.js';

/** Rows of the data sheet that carry the dropdowns and formats (Excel keeps them for pasted rows). */
const VALIDATED_ROWS = 5000;

/**
 * The workbook a user downloads to fill in: the data sheet (starred required headers, one example
 * row, dropdowns for the enumerations, text and date formats) and a 填写说明 sheet.
 */
export async function templateWorkbook(kind: ImportKind, example: { orgName?: string; parentName?: string }) {
  const columns = columnsOf(kind);
  const wb = new ExcelJS.Workbook();
  wb.creator = '基层党建平台';
  const ws = wb.addWorksheet(DATA_SHEET[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  // Option lists live on a hidden sheet: 56 ethnic groups do not fit a 255-character inline list.
  const lists = wb.addWorksheet('选项', { state: 'hidden' });
  ws.columns = columns.map((c) => ({
    header: headerText(c),
    key: c.key,
    width: c.width,
    style: c.asText ? { numFmt: '@' } : c.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  const head = ws.getRow(1);
  head.height = 22;
  columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE9E7' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.note = `${c.required ? '必填。' : '选填。'}${c.hint ?? ''}`;
  });
  const exampleRow: Record<string, string | Date> = {};
  for (const c of columns) {
    let v = c.example ?? '';
    if (kind === 'members' && c.key === 'org' && example.orgName) v = example.orgName;
    if (kind === 'orgs' && c.key === 'parent') v = example.parentName ?? '';
    if (kind === 'orgs' && c.key === 'name') v = '中共××社区支部委员会';
    // The first cell marks the row as an example: it is skipped if left in the file.
    if (c === columns[0]) v = `${EXAMPLE_MARK}${v}`;
    exampleRow[c.key] = c.type === 'date' && v ? new Date(`${v}T00:00:00Z`) : v;
  }
  const ex = ws.addRow(exampleRow);
  ex.font = { color: { argb: 'FF7F7F7F' }, italic: true };

  let listCol = 1;
  columns.forEach((c: ColumnDef, i) => {
    const letter = ws.getColumn(i + 1).letter;
    let validation: ExcelJS.DataValidation | null = null;
    if (c.options) {
      const col = lists.getColumn(listCol);
      c.options.forEach((o, j) => {
        lists.getCell(j + 1, listCol).value = o.label;
      });
      const range = `'选项'!$${col.letter}$1:$${col.letter}$${c.options.length}`;
      listCol++;
      validation = {
        type: 'list',
        allowBlank: !c.required,
        formulae: [range],
        showErrorMessage: true,
        errorTitle: c.header,
        error: `请从下拉列表中选择${c.header}`,
      };
    } else if (c.type === 'date') {
      validation = {
        type: 'date',
        operator: 'greaterThan',
        allowBlank: !c.required,
        formulae: [new Date('1900-01-01T00:00:00Z')],
        showInputMessage: true,
        promptTitle: c.header,
        prompt: '日期，如 2020-05-01',
      };
    }
    if (!validation) return;
    // One range for the whole column (a per-cell loop would make the template megabytes large).
    (
      ws as unknown as { dataValidations: { add(ref: string, v: ExcelJS.DataValidation): void } }
    ).dataValidations.add(`${letter}2:${letter}${VALIDATED_ROWS}`, validation);
  });

  const help = wb.addWorksheet(HELP_SHEET);
  help.columns = [
    { header: '列', key: 'col', width: 16 },
    { header: '是否必填', key: 'req', width: 10 },
    { header: '填写说明', key: 'text', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) {
    help.addRow({ col: c.header, req: c.required ? '必填' : '选填', text: c.hint }).alignment = {
      wrapText: true,
      vertical: 'top',
    };
  }
  const general = [
    `本表用于批量导入${IMPORT_KIND_LABELS[kind]}：每行一条，表头请勿修改，带 * 的列必填；第2行是示例（姓名前标有“（示例）”），导入时自动跳过，可以保留或删除。`,
    '日期可写成 2020-05-01、2020/5/1、2020.05.01 或设置为 Excel 日期格式。',
    '上传后系统逐行检查，列出每一处错误（行号、列名、原因）；全部无误后才能确认导入，导入时全部写入或全部不写入。',
    '导入后如发现整批有误，可在“数据导入”页面撤销该次导入（导入的数据尚未被其他业务使用时）。',
  ];
  if (kind === 'members') {
    general.push(
      '导入的党员按入党日期记入名册历史（统计某一日期的党员数时计入），正式党员同时记录转正日期。',
      '身份证号不能与名册中已有的党员重复，表内也不能重复。',
    );
  }
  help.addRow({});
  for (const g of general)
    help.addRow({ col: '说明', text: g }).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
