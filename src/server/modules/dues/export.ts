/**
 * The dues ledger of a subtree for a year as an .xlsx: one row per member and month, and the month
 * totals. It carries names and amounts of individual members, so it goes through the shared export
 * helper like every list export: audited before streaming, watermarked, streamed in batches.
 */

import { sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  DUES_CATEGORIES,
  DUES_CATEGORY_LABELS,
  LEDGER_STATUS_LABELS,
  LEDGER_STATUSES,
} from '../../../domain/dues/labels.js';
import { type Db, queryRows } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { type CellValue, checkRowLimit, type ExportColumn, sendXlsxExport } from '../../lib/xlsx-export.js';
import { inSubtree } from './repo.js';
import { orgInScope } from './summary.js';

const exportRow = z.object({
  month: z.string(),
  orgPath: z.string(),
  memberId: z.number(),
  orgName: z.string(),
  memberName: z.string(),
  category: z.enum(DUES_CATEGORIES).nullable(),
  baseFen: z.number().nullable(),
  expectedFen: z.number().nullable(),
  paidFen: z.number(),
  status: z.enum(LEDGER_STATUSES),
  lastPaidOn: z.string().nullable(),
});
type Row = z.infer<typeof exportRow>;

const owed = (r: { expectedFen: number | null; paidFen: number }) =>
  r.expectedFen === null ? null : Math.max(r.expectedFen - r.paidFen, 0);

const BATCH = 2000;

const columns: ExportColumn<Row>[] = [
  { header: '月份', width: 10, value: (r) => r.month },
  { header: '党组织', width: 30, value: (r) => r.orgName },
  { header: '姓名', width: 12, value: (r) => r.memberName },
  { header: '党费类别', width: 24, value: (r) => (r.category ? DUES_CATEGORY_LABELS[r.category] : '未核定') },
  { header: '月基数（元）', kind: 'money', width: 14, value: (r) => r.baseFen },
  { header: '应交（元）', kind: 'money', width: 12, value: (r) => r.expectedFen },
  { header: '已交（元）', kind: 'money', width: 12, value: (r) => r.paidFen },
  { header: '欠交（元）', kind: 'money', width: 12, value: (r) => owed(r) },
  { header: '状态', width: 10, value: (r) => LEDGER_STATUS_LABELS[r.status] ?? r.status },
  { header: '最后交纳日期', kind: 'date', width: 14, value: (r) => r.lastPaidOn },
];

interface Totals {
  members: number;
  expected: number;
  paid: number;
  owed: number;
}
type TotalRow = { month: string } & Partial<Totals>;

const totalColumns: ExportColumn<TotalRow>[] = [
  { header: '月份', width: 10, value: (t) => t.month },
  { header: '党员人数', kind: 'integer', width: 10, value: (t) => t.members },
  { header: '应交（元）', kind: 'money', width: 14, value: (t) => t.expected },
  { header: '已交（元）', kind: 'money', width: 14, value: (t) => t.paid },
  { header: '欠交（元）', kind: 'money', width: 14, value: (t) => t.owed },
];

export async function exportLedger(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  orgId: number,
  year: number,
) {
  const org = await orgInScope(db, ctx.actor.scope('dues.read'), orgId);
  const where = sql`${inSubtree(sql`l.org_id`, org.path)}
    and l.month between ${`${year}-01-01`}::date and ${`${year}-12-01`}::date`;
  const [{ n }] = await queryRows(
    db,
    sql`select count(*)::int as n from dues_ledger l where ${where}`,
    z.object({ n: z.number() }),
  );
  checkRowLimit(n, '请选择下级组织分别导出');

  const totals = new Map<string, Totals>();
  // Keyset batches in the sheet's order (month, org, member): memory stays bounded.
  async function* rows() {
    let after: Row | null = null;
    for (;;) {
      const batch: Row[] = await queryRows(
        db,
        sql`select to_char(l.month, 'YYYY-MM') as month, l.org_path::text as "orgPath", l.member_id as "memberId",
              o.name as "orgName", m.name as "memberName", l.category, l.base_fen as "baseFen",
              l.expected_fen as "expectedFen", l.paid_fen as "paidFen", l.status,
              l.last_paid_on::text as "lastPaidOn"
            from dues_ledger l join members m on m.id = l.member_id join orgs o on o.id = l.org_id
            where ${where}
              ${after ? sql`and (l.month, l.org_path, l.member_id) > (${`${after.month}-01`}::date, ${after.orgPath}::ltree, ${after.memberId})` : sql``}
            order by l.month, l.org_path, l.member_id
            limit ${BATCH}`,
        exportRow,
      );
      for (const r of batch) {
        const t = totals.get(r.month) ?? { members: 0, expected: 0, paid: 0, owed: 0 };
        t.members++;
        t.expected += r.expectedFen ?? 0;
        t.paid += r.paidFen;
        t.owed += owed(r) ?? 0;
        totals.set(r.month, t);
        yield r;
      }
      if (batch.length < BATCH) return;
      after = batch[batch.length - 1];
    }
  }
  // Read after the ledger sheet is written, when the totals are complete.
  function* totalRows(): Generator<TotalRow> {
    for (const [month, t] of totals) yield { month, ...t };
  }
  const grandTotal = (): CellValue[][] => {
    const all = { expected: 0, paid: 0, owed: 0 };
    for (const t of totals.values()) {
      all.expected += t.expected;
      all.paid += t.paid;
      all.owed += t.owed;
    }
    // No member count on the total: members repeat from month to month.
    return [['合计', null, all.expected, all.paid, all.owed]];
  };

  return sendXlsxExport(reply, db, ctx, {
    title: '党费台账',
    fileName: `${org.name}${year}年党费台账`,
    filterText: `党组织：${org.name}及下级；年度：${year}年`,
    filters: { orgId, year },
    rowCount: n,
    audit: { action: 'dues.ledger.export', entity: 'org', entityId: org.id, orgPath: org.path },
    sheets: [
      { name: '党费台账', columns, rows: rows() },
      { name: '汇总', columns: totalColumns, rows: { [Symbol.iterator]: totalRows }, footerRows: grandTotal },
    ],
  });
}
