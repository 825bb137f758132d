/** 发展党员工作台账 as .xlsx (issue #6): the case list's rows under its filters, every one. */
import type { FastifyReply } from 'fastify';
import { DEVELOPMENT_STAGE_LABELS } from '../../../domain/development/steps.js';
import { GENDER_LABELS } from '../../../domain/member/labels.js';
import { CASE_STATUS_LABELS, type CaseSummaryDto } from '../../../shared/contracts/development.js';
import { exportsApi } from '../../../shared/contracts/exports.js';
import type { QueryOf } from '../../../shared/contracts/route.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { type ExportColumn, pagedRows, sendXlsxExport } from '../../lib/xlsx-export.js';
import { describeQuery, type Labels, orgOf, yesNo } from '../exports/index.js';
import { exportOf } from '../manifest.js';
import * as development from './service.js';

const WHAT = '发展党员工作台账';
const GENDERS: Labels = GENDER_LABELS;
const STAGES: Labels = DEVELOPMENT_STAGE_LABELS;
const STATUSES: Labels = CASE_STATUS_LABELS;

const caseColumns: ExportColumn<CaseSummaryDto>[] = [
  { header: '姓名', width: 10, value: (c) => c.name },
  { header: '性别', width: 6, value: (c) => GENDERS[c.gender] ?? c.gender },
  { header: '年龄', kind: 'integer', width: 6, value: (c) => c.age },
  { header: '身份证号（脱敏）', width: 22, value: (c) => c.idNumber },
  { header: '党组织', width: 30, value: (c) => c.orgName },
  { header: '阶段', width: 26, value: (c) => STAGES[c.stage] ?? c.stage },
  { header: '状态', width: 10, value: (c) => STATUSES[c.status] ?? c.status },
  { header: '申请日期', kind: 'date', value: (c) => c.appliedOn },
  { header: '最近一步日期', kind: 'date', width: 14, value: (c) => c.lastStepOn },
  { header: '下一步', width: 30, value: (c) => c.nextTitle },
  { header: '下一步期限', kind: 'date', width: 12, value: (c) => c.nextDueOn },
  { header: '是否逾期', width: 8, value: (c) => yesNo(c.overdue) },
  { header: '预备期满', kind: 'date', value: (c) => c.probationEndsOn },
  { header: '细则版本', width: 8, value: (c) => `${c.version}版` },
];

async function exportCases(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: QueryOf<typeof exportsApi.developmentCases>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => development.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'development.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: WHAT,
    filterText: describeQuery(
      { ...q, stage: q.stage ? STAGES[q.stage] : undefined },
      'development',
      org.name,
      { status: STATUSES },
    ),
    filters: q,
    rowCount: total,
    audit: { action: 'development.export', entity: 'development_case', entityId: null, orgPath: org.path },
    sheets: [{ name: '发展党员', columns: caseColumns, rows }],
  });
}

/** The development module's exports (its manifest's `exports`). */
export const developmentExports = [
  exportOf({ contract: exportsApi.developmentCases, what: WHAT, run: exportCases }),
];
