/** 审计日志 as .xlsx (issue #6): the log's entries under its filters, every one of them. */
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import {
  AUDIT_ACTION_LABELS,
  auditEntityLabel,
  type auditEntryDto,
} from '../../../shared/contracts/audit.js';
import { auditChangeLines, auditChangeText } from '../../../shared/contracts/audit-values.js';
import { exportsApi } from '../../../shared/contracts/exports.js';
import type { QueryOf } from '../../../shared/contracts/route.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { describeFilters, type ExportColumn, pagedRows, sendXlsxExport } from '../../lib/xlsx-export.js';
import { orgOf } from '../exports/index.js';
import { exportOf } from '../manifest.js';
import * as audit from './service.js';

const WHAT = '审计日志';

const auditColumns: ExportColumn<z.infer<typeof auditEntryDto>>[] = [
  // The entry's number is the watermark id printed on an export: a leaked print leads here.
  { header: '编号（水印编号）', kind: 'integer', width: 16, value: (e) => e.id },
  { header: '时间', kind: 'datetime', value: (e) => e.at },
  { header: '用户', width: 14, value: (e) => e.username },
  { header: '操作', width: 20, value: (e) => AUDIT_ACTION_LABELS[e.action] ?? e.action },
  { header: '操作代码', width: 20, value: (e) => e.action },
  { header: '对象', width: 12, value: (e) => auditEntityLabel(e.entity) },
  { header: '对象编号', kind: 'integer', width: 10, value: (e) => e.entityId },
  // The record by the name the list resolved in the exporter's scope (as the page shows it).
  { header: '对象名称', width: 24, value: (e) => e.entityName },
  { header: '原因', width: 24, value: (e) => e.reason },
  // 「字段：旧值 → 新值」 as on the page; the stored data as it is, for whoever must check it.
  { header: '变更内容', width: 48, value: (e) => auditChangeText(auditChangeLines(e)) || null },
  {
    header: '原始数据（JSON）',
    width: 40,
    value: (e) =>
      e.before == null && e.after == null ? null : JSON.stringify({ before: e.before, after: e.after }),
  },
  { header: 'IP', width: 16, value: (e) => e.ip },
  { header: '请求编号', width: 20, value: (e) => e.requestId },
];

async function exportAudit(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: QueryOf<typeof exportsApi.audit>,
) {
  // Newest first: the entry this export writes (and any other written meanwhile) lands ahead of
  // the read, so each page meets the previous one's last rows again; skipped by their number.
  const { total, rows } = await pagedRows(
    (current, pageSize) => audit.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (e) => e.id },
  );
  const org = await orgOf(db, ctx, 'audit.read', undefined);
  return sendXlsxExport(reply, db, ctx, {
    title: WHAT,
    filterText: describeFilters([
      ['操作', q.action ? (AUDIT_ACTION_LABELS[q.action] ?? q.action) : undefined],
      ['对象', q.entity],
      ['对象编号', q.entityId],
      ['用户名', q.username],
      ['开始日期', q.from],
      ['结束日期', q.to],
    ]),
    filters: q,
    rowCount: total,
    audit: { action: 'audit.export', entity: 'audit', entityId: null, orgPath: org.path },
    sheets: [{ name: WHAT, columns: auditColumns, rows }],
  });
}

/** The audit module's exports (its manifest's `exports`). */
export const auditExports = [exportOf({ contract: exportsApi.audit, what: WHAT, run: exportAudit })];
