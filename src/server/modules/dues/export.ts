/**
 * The dues ledger of a subtree for a year as an .xlsx: one row per member and month, and the month
 * totals. It carries names and amounts of individual members, so every export is audited like any
 * other export of personal data.
 */

import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import {
  DUES_CATEGORY_LABELS,
  type DuesCategory,
  LEDGER_STATUS_LABELS,
  type LedgerStatus,
} from '../../../domain/dues/labels.js';
import { type Db, queryRows } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { inSubtree } from './repo.js';
import { orgInScope } from './summary.js';

interface Row {
  month: string;
  orgName: string;
  memberName: string;
  category: DuesCategory | null;
  baseFen: number | null;
  expectedFen: number | null;
  paidFen: number;
  status: LedgerStatus;
  lastPaidOn: string | null;
}

/** Fen as a number of yuan for a cell formatted 0.00 (exact for any fen amount below 2^53). */
const cellYuan = (fen: number | null) => (fen === null ? null : fen / 100);
const owed = (r: { expectedFen: number | null; paidFen: number }) =>
  r.expectedFen === null ? null : Math.max(r.expectedFen - r.paidFen, 0);

export async function exportLedger(db: Db, ctx: RequestContext, orgId: number, year: number) {
  const org = await orgInScope(db, ctx.actor.scope('dues.read'), orgId);
  const rows = await queryRows<Row>(
    db,
    sql`select to_char(l.month, 'YYYY-MM') as month, o.name as "orgName", m.name as "memberName", l.category,
          l.base_fen as "baseFen", l.expected_fen as "expectedFen", l.paid_fen as "paidFen", l.status,
          l.last_paid_on::text as "lastPaidOn"
        from dues_ledger l join members m on m.id = l.member_id join orgs o on o.id = l.org_id
        where ${inSubtree(sql`l.org_id`, org.path)}
          and l.month between ${`${year}-01-01`}::date and ${`${year}-12-01`}::date
        order by l.month, l.org_path, m.id`,
  );
  const wb = new ExcelJS.Workbook();
  const money = { numFmt: '0.00' };
  const ws = wb.addWorksheet('党费台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '月份', key: 'month', width: 10 },
    { header: '党组织', key: 'org', width: 30 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '党费类别', key: 'category', width: 24 },
    { header: '月基数（元）', key: 'base', width: 14, style: money },
    { header: '应交（元）', key: 'expected', width: 12, style: money },
    { header: '已交（元）', key: 'paid', width: 12, style: money },
    { header: '欠交（元）', key: 'owed', width: 12, style: money },
    { header: '状态', key: 'status', width: 10 },
    { header: '最后交纳日期', key: 'lastPaidOn', width: 14 },
  ];
  ws.getRow(1).font = { bold: true };
  const totals = new Map<string, { members: number; expected: number; paid: number; owed: number }>();
  for (const r of rows) {
    ws.addRow({
      month: r.month,
      org: r.orgName,
      name: r.memberName,
      category: r.category ? DUES_CATEGORY_LABELS[r.category] : '未核定',
      base: cellYuan(r.baseFen),
      expected: cellYuan(r.expectedFen),
      paid: cellYuan(r.paidFen),
      owed: cellYuan(owed(r)),
      status: LEDGER_STATUS_LABELS[r.status] ?? r.status,
      lastPaidOn: r.lastPaidOn,
    });
    const t = totals.get(r.month) ?? { members: 0, expected: 0, paid: 0, owed: 0 };
    t.members++;
    t.expected += r.expectedFen ?? 0;
    t.paid += r.paidFen;
    t.owed += owed(r) ?? 0;
    totals.set(r.month, t);
  }
  const sum = wb.addWorksheet('汇总');
  sum.columns = [
    { header: '月份', key: 'month', width: 10 },
    { header: '党员人数', key: 'members', width: 10 },
    { header: '应交（元）', key: 'expected', width: 14, style: money },
    { header: '已交（元）', key: 'paid', width: 14, style: money },
    { header: '欠交（元）', key: 'owed', width: 14, style: money },
  ];
  sum.getRow(1).font = { bold: true };
  const all = { expected: 0, paid: 0, owed: 0 };
  for (const [month, t] of totals) {
    sum.addRow({
      month,
      members: t.members,
      expected: t.expected / 100,
      paid: t.paid / 100,
      owed: t.owed / 100,
    });
    all.expected += t.expected;
    all.paid += t.paid;
    all.owed += t.owed;
  }
  const total = sum.addRow({
    // No member count on the total: members repeat from month to month.
    month: '合计',
    expected: all.expected / 100,
    paid: all.paid / 100,
    owed: all.owed / 100,
  });
  total.font = { bold: true };
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await writeAudit(db, ctx, {
    action: 'dues.ledger.export',
    entity: 'org',
    entityId: org.id,
    orgPath: org.path,
    after: { year, rows: rows.length },
  });
  return { buffer, fileName: `${org.name}${year}年党费台账.xlsx` };
}
