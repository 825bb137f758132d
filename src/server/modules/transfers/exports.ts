/** 组织关系转接 as .xlsx (issue #6): the list's rows under its filters, every one of them. */
import type { FastifyReply } from 'fastify';
import { TRANSFER_KIND_LABELS } from '../../../domain/transfer/labels.js';
import { exportsApi } from '../../../shared/contracts/exports.js';
import type { QueryOf } from '../../../shared/contracts/route.js';
import { TRANSFER_STATUS_LABELS, type TransferDto } from '../../../shared/contracts/transfers.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { type ExportColumn, pagedRows, sendXlsxExport } from '../../lib/xlsx-export.js';
import { describeQuery, type Labels, orgOf } from '../exports/index.js';
import { exportOf } from '../manifest.js';
import * as transfers from './service.js';

const WHAT = '组织关系转接';
const DIRECTION: Labels = { in: '转入', out: '转出', all: '全部' };
const KIND_LABELS: Labels = TRANSFER_KIND_LABELS;
const STATUS_LABELS: Labels = TRANSFER_STATUS_LABELS;

const transferColumns: ExportColumn<TransferDto>[] = [
  { header: '党员', width: 10, value: (t) => t.memberName },
  { header: '转出党组织', width: 30, value: (t) => t.fromOrgName },
  { header: '转入党组织', width: 30, value: (t) => t.toOrgName },
  { header: '类型', width: 12, value: (t) => KIND_LABELS[t.kind] ?? t.kind },
  { header: '状态', width: 8, value: (t) => STATUS_LABELS[t.status] ?? t.status },
  { header: '介绍信编号', width: 16, value: (t) => t.letterNumber },
  { header: '转接原因', width: 24, value: (t) => t.reason },
  { header: '申请日期', kind: 'date', value: (t) => t.requestedOn },
  { header: '经办人', width: 10, value: (t) => t.requestedByName },
  { header: '办结日期', kind: 'date', value: (t) => t.respondedOn },
  { header: '办结人', width: 10, value: (t) => t.respondedByName },
  { header: '办理意见', width: 24, value: (t) => t.responseNote },
];

async function exportTransfers(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: QueryOf<typeof exportsApi.transfers>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => transfers.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'transfer.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: WHAT,
    filterText: describeQuery(
      { ...q, direction: q.direction === 'all' ? undefined : q.direction },
      'transfers',
      org.name,
      { status: STATUS_LABELS, direction: DIRECTION },
    ),
    filters: q,
    rowCount: total,
    audit: { action: 'transfer.export', entity: 'transfer', entityId: null, orgPath: org.path },
    sheets: [{ name: WHAT, columns: transferColumns, rows }],
  });
}

/** The transfers module's exports (its manifest's `exports`). */
export const transferExports = [
  exportOf({ contract: exportsApi.transfers, what: WHAT, run: exportTransfers }),
];
