/**
 * The dues lists as .xlsx (issue #6): 欠交党费名单 and the hardship approvals queue, every row
 * under the lists' filters. (The ledger's own export, a workbook of several sheets, is export.ts.)
 */
import type { FastifyReply } from 'fastify';
import {
  ARREARS_LEVEL_LABELS,
  DUES_CATEGORY_LABELS,
  LAPSE_DECISION_LABELS,
} from '../../../domain/dues/labels.js';
import type { ArrearsRowDto, ProfileDto } from '../../../shared/contracts/dues.js';
import { exportsApi } from '../../../shared/contracts/exports.js';
import type { QueryOf } from '../../../shared/contracts/route.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import {
  checkRowLimit,
  describeFilters,
  type ExportColumn,
  keysetRows,
  MAX_EXPORT_ROWS,
  sendXlsxExport,
  wholeList,
} from '../../lib/xlsx-export.js';
import { describeQuery, type Labels, orgOf } from '../exports/index.js';
import { exportOf } from '../manifest.js';
import { arrearsList } from './arrears.js';
import * as dues from './service.js';

const CATEGORIES: Labels = DUES_CATEGORY_LABELS;
const DECISIONS: Labels = LAPSE_DECISION_LABELS;

// ---- arrears -------------------------------------------------------------------------------

const ARREARS = '欠交党费名单';

const arrearsColumns: ExportColumn<ArrearsRowDto>[] = [
  { header: '姓名', width: 10, value: (r) => r.memberName },
  { header: '党组织', width: 30, value: (r) => r.orgName },
  { header: '提示', width: 30, value: (r) => ARREARS_LEVEL_LABELS[r.level] },
  { header: '连续未交（月）', kind: 'integer', width: 14, value: (r) => r.unpaidStreak },
  { header: '未交起始月', width: 12, value: (r) => r.streakFrom?.slice(0, 7) },
  { header: '未交截至月', width: 12, value: (r) => r.streakTo?.slice(0, 7) },
  { header: '欠交金额（元）', kind: 'money', width: 14, value: (r) => r.arrearsFen },
  { header: '欠交月份', width: 30, value: (r) => r.owedMonths.map((m) => m.slice(0, 7)).join('、') },
  {
    header: '超过补交期限的月份',
    width: 24,
    value: (r) => r.beyondBackpay.map((m) => m.slice(0, 7)).join('、'),
  },
  { header: '最后交纳日期', kind: 'date', width: 13, value: (r) => r.lastPaidOn },
  {
    header: '党支部决定',
    width: 24,
    value: (r) =>
      r.decision
        ? `${DECISIONS[r.decision.decision] ?? r.decision.decision}（${r.decision.decidedOn}）`
        : null,
  },
];

async function exportArrears(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: QueryOf<typeof exportsApi.duesArrears>,
) {
  // The arrears list is computed whole in memory for any page, so it is read in one page.
  const { total, rows } = await wholeList(() =>
    arrearsList(db, ctx, { ...q, current: 1, pageSize: MAX_EXPORT_ROWS + 1 }),
  );
  const org = await orgOf(db, ctx, 'dues.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: ARREARS,
    filterText: describeQuery(q, 'dues', org.name, { level: ARREARS_LEVEL_LABELS }),
    filters: q,
    rowCount: total,
    audit: { action: 'dues.arrears.export', entity: 'org', entityId: q.orgId, orgPath: org.path },
    sheets: [{ name: ARREARS, columns: arrearsColumns, rows }],
  });
}

// ---- hardship profiles awaiting approval ----------------------------------------------------

const PENDING = '困难党员减免待审批名单';

const pendingColumns: ExportColumn<ProfileDto>[] = [
  { header: '姓名', width: 10, value: (p) => p.memberName },
  { header: '党组织', width: 30, value: (p) => p.orgName },
  { header: '党费类别', width: 24, value: (p) => CATEGORIES[p.category] ?? p.category },
  { header: '起始月份', width: 10, value: (p) => p.effectiveMonth.slice(0, 7) },
  { header: '月基数（元）', kind: 'money', width: 13, value: (p) => p.baseFen },
  { header: '申请金额（元）', kind: 'money', width: 14, value: (p) => p.amountFen },
  { header: '每月应交（元）', kind: 'money', width: 14, value: (p) => p.monthlyFen },
  { header: '申请理由', width: 36, value: (p) => p.reason },
  { header: '经办人', width: 10, value: (p) => p.createdByName },
  { header: '登记时间', kind: 'datetime', value: (p) => p.createdAt },
];

async function exportPendingProfiles(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: QueryOf<typeof exportsApi.duesPendingProfiles>,
) {
  // The screen shows the queue's first 500; the export all of it, counted, then in keyset batches.
  const total = await dues.countPendingProfiles(db, ctx, q.orgId);
  checkRowLimit(total);
  const rows = keysetRows(async (afterId: number | null, limit) => {
    const { data } = await dues.pendingProfiles(db, ctx, q.orgId, { afterId, limit });
    return { rows: data, last: data.at(-1)?.id ?? null };
  });
  const org = await orgOf(db, ctx, 'dues.approve', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: PENDING,
    filterText: describeFilters([['党组织', org.name ? `${org.name}及下级` : undefined]]),
    filters: q,
    rowCount: total,
    audit: { action: 'dues.approvals.export', entity: 'org', entityId: q.orgId ?? null, orgPath: org.path },
    sheets: [{ name: '待审批', columns: pendingColumns, rows }],
  });
}

/** The dues module's list exports (its manifest's `exports`). */
export const duesExports = [
  exportOf({ contract: exportsApi.duesArrears, what: ARREARS, run: exportArrears }),
  exportOf({ contract: exportsApi.duesPendingProfiles, what: PENDING, run: exportPendingProfiles }),
];
