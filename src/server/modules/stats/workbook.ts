/**
 * The annual report as an .xlsx workbook laid out like the paper tables: a cover sheet (org,
 * period, who produced it and when) and one sheet per table, each with its title, column headings,
 * indented row labels (其中 rows) and note. The figures are the JSON report's, cell for cell.
 */
import ExcelJS from 'exceljs';
import type { AnnualReportDto } from '../../../shared/contracts/stats.js';

export async function reportWorkbook(
  report: AnnualReportDto,
  producedBy: string,
  watermark: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = producedBy;
  wb.created = new Date();
  wb.title = `${report.org.name}${report.year}年党内统计年报`;
  wb.description = watermark;
  const footer = {
    oddFooter: `&L${watermark}&R第 &P 页，共 &N 页`,
    oddHeader: `&C${report.org.name} 党内统计`,
  };

  const cover = wb.addWorksheet('封面', { headerFooter: footer });
  cover.columns = [{ width: 18 }, { width: 60 }];
  cover.addRow([`${report.year}年党内统计年报${report.partial ? `（截至${report.to}）` : ''}`]).font = {
    bold: true,
    size: 16,
  };
  cover.mergeCells('A1:B1');
  cover.addRow([]);
  for (const [k, v] of [
    ['填报单位', report.org.name],
    ['统计期间', `${report.from} 至 ${report.to}`],
    ['期初党员数', String(report.reconciliation.opening)],
    ['期末党员数', String(report.reconciliation.closing)],
    ['平衡校验', report.reconciliation.balanced ? '期初 + 增加 − 减少 = 期末，平衡' : '不平衡，请核查'],
    ['导出', watermark],
    // After the export line (its cell is read where it stands): kept or computed, and corrections.
    [
      '数据来源',
      report.figures.source === 'kept'
        ? `年度归档数据（${report.figures.keptAt}归档）`
        : report.figures.recomputing
          ? '归档后有更正，正在重新计算：按当前党员名册记录实时计算'
          : '按党员名册记录实时计算',
    ],
    ...(report.corrections.length
      ? ([['归档后更正', `${report.corrections.length}项（详见系统中的统计年报页面）`]] as const)
      : []),
  ] as const) {
    const r = cover.addRow([k, v]);
    r.getCell(1).font = { bold: true };
  }
  cover.addRow([]);
  cover.addRow(['表目', '']).font = { bold: true };
  for (const t of report.tables) cover.addRow([t.code, t.title]);

  for (const t of report.tables) {
    const ws = wb.addWorksheet(t.code, {
      headerFooter: footer,
      pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      views: [{ state: 'frozen', ySplit: 3 }],
    });
    ws.columns = [{ width: 46 }, ...t.columns.map(() => ({ width: 14 }))];
    const title = ws.addRow([`${t.code}  ${t.title}`]);
    title.font = { bold: true, size: 14 };
    ws.mergeCells(1, 1, 1, t.columns.length + 1);
    ws.addRow([`填报单位：${report.org.name}    统计期间：${report.from} 至 ${report.to}`]).font = {
      color: { argb: 'FF595959' },
    };
    const head = ws.addRow(['项目', ...t.columns]);
    head.font = { bold: true };
    head.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF5E6E6' } };
      c.border = { bottom: { style: 'thin' } };
      c.alignment = { horizontal: 'center' };
    });
    for (const r of t.rows) {
      const x = ws.addRow([r.label, ...r.values]);
      x.getCell(1).alignment = { indent: r.indent * 2 };
      if (!r.values.length) x.getCell(1).font = { color: { argb: 'FF595959' } };
      else if (r.indent === 0) x.font = { bold: true };
      t.columns.forEach((col, i) => {
        if (col.includes('%')) x.getCell(i + 2).numFmt = '0.0';
      });
    }
    if (t.note) {
      ws.addRow([]);
      const n = ws.addRow([`注：${t.note}`]);
      n.font = { italic: true, color: { argb: 'FF595959' } };
      ws.mergeCells(n.number, 1, n.number, t.columns.length + 1);
      n.alignment = { wrapText: true };
      n.height = 48;
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
