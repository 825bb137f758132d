/** 学时进度名单 as .xlsx (issue #20): the member list of a subtree under its filters, every row. */
import type { FastifyReply } from 'fastify';
import { STANDING_LABELS, TARGET_ROLE_LABELS } from '../../../domain/progress/targets.js';
import { type ProgressMemberDto, progressApi } from '../../../shared/contracts/progress.js';
import type { QueryOf } from '../../../shared/contracts/route.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { type ExportColumn, pagedRows, sendXlsxExport } from '../../lib/xlsx-export.js';
import { describeQuery, orgOf } from '../exports/index.js';
import { exportOf } from '../manifest.js';
import * as service from './service.js';

const WHAT = '学时进度名单';

async function exportMembers(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: QueryOf<typeof progressApi.membersExport>,
) {
  const org = await orgOf(db, ctx, 'learning.read', q.orgId);
  let perHour = 2700;
  const { total, rows } = await pagedRows(
    async (current, pageSize) => {
      const page = await service.members(db, ctx, q.orgId, { ...q, current, pageSize });
      perHour = page.basis.secondsPerHour;
      return page;
    },
    { idOf: (r) => r.memberId },
  );
  const hours = (s: number) => Math.round((s / perHour) * 10) / 10;
  const columns: ExportColumn<ProgressMemberDto>[] = [
    { header: '姓名', width: 10, value: (r) => r.name },
    { header: '所在组织', width: 36, value: (r) => r.orgName },
    { header: '身份', width: 14, value: (r) => TARGET_ROLE_LABELS[r.role] },
    { header: '在线学习（学时）', kind: 'number', width: 14, value: (r) => hours(r.onlineSeconds) },
    { header: '集中培训（学时）', kind: 'number', width: 14, value: (r) => hours(r.classSeconds) },
    { header: '其他学习（学时）', kind: 'number', width: 14, value: (r) => hours(r.externalSeconds) },
    { header: '合计（学时）', kind: 'number', width: 12, value: (r) => hours(r.totalSeconds) },
    { header: '目标（学时）', kind: 'number', width: 12, value: (r) => hours(r.targetSeconds) },
    { header: '应达进度（学时）', kind: 'number', width: 14, value: (r) => hours(r.expectedSeconds) },
    { header: '进度', width: 10, value: (r) => STANDING_LABELS[r.standing] },
  ];
  return sendXlsxExport(reply, db, ctx, {
    title: WHAT,
    filterText: describeQuery(q, 'progress', org.name, {
      standing: STANDING_LABELS,
      role: TARGET_ROLE_LABELS,
    }),
    filters: q,
    rowCount: total,
    audit: { action: 'progress.export', entity: 'member', entityId: null, orgPath: org.path },
    sheets: [{ name: '学时进度', columns, rows }],
  });
}

/** The progress module's exports (its manifest's `exports`). */
export const progressExports = [
  exportOf({ contract: progressApi.membersExport, what: WHAT, run: exportMembers }),
];
