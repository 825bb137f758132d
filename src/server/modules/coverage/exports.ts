/** 两新组织覆盖名录 as .xlsx (issue #6): the list's rows under its filters, every one. */
import type { FastifyReply } from 'fastify';
import { COVERAGE_KIND_LABELS } from '../../../domain/org/coverage.js';
import type { CoverageUnitDto } from '../../../shared/contracts/coverage.js';
import { exportsApi } from '../../../shared/contracts/exports.js';
import type { QueryOf } from '../../../shared/contracts/route.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { describeFilters, type ExportColumn, pagedRows, sendXlsxExport } from '../../lib/xlsx-export.js';
import { type Labels, orgOf, yesNo } from '../exports/index.js';
import { exportOf } from '../manifest.js';
import * as coverage from './service.js';

const WHAT = '两新组织覆盖名录';
const KINDS: Labels = COVERAGE_KIND_LABELS;

const coverageColumns: ExportColumn<CoverageUnitDto>[] = [
  { header: '单位名称', width: 34, value: (u) => u.name },
  { header: '单位类型', width: 14, value: (u) => KINDS[u.kind] ?? u.kind },
  { header: '所属党组织', width: 30, value: (u) => u.orgName },
  { header: '从业人员', kind: 'integer', width: 10, value: (u) => u.employees },
  { header: '是否覆盖', width: 8, value: (u) => yesNo(u.coveredByOrgId !== null) },
  { header: '覆盖党组织', width: 30, value: (u) => u.coveredByOrgName },
];

async function exportCoverage(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: QueryOf<typeof exportsApi.coverage>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => coverage.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'org.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: WHAT,
    filterText: describeFilters([
      ['党组织', org.name ? `${org.name}及下级` : undefined],
      ['单位类型', q.kind ? KINDS[q.kind] : undefined],
      ['覆盖情况', q.covered === undefined ? undefined : q.covered === 'true' ? '已覆盖' : '未覆盖'],
      ['名称', q.q],
    ]),
    filters: q,
    rowCount: total,
    audit: { action: 'coverage.export', entity: 'coverage_unit', entityId: null, orgPath: org.path },
    sheets: [{ name: '两新组织', columns: coverageColumns, rows }],
  });
}

/** The coverage module's exports (its manifest's `exports`). */
export const coverageExports = [exportOf({ contract: exportsApi.coverage, what: WHAT, run: exportCoverage })];
