/**
 * 党员名册 as .xlsx (issue #6): the register's rows under the list's filters, scope and masking
 * (there is no unmasked export), every one of them (issue #16).
 */
import type { FastifyReply } from 'fastify';
import { AGE_BAND_LABELS } from '../../../domain/member/age-bands.js';
import { EDUCATION_LEVELS, educationName } from '../../../domain/member/education.js';
import { ETHNICITIES, ethnicityName } from '../../../domain/member/ethnicities.js';
import {
  GENDER_LABELS,
  MEMBER_CATEGORY_LABELS,
  MEMBER_STATUS_LABELS,
} from '../../../domain/member/labels.js';
import { exportsApi } from '../../../shared/contracts/exports.js';
import type { MemberDto } from '../../../shared/contracts/members.js';
import type { QueryOf } from '../../../shared/contracts/route.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import {
  checkRowLimit,
  type ExportColumn,
  keysetRows,
  MAX_EXPORT_ROWS,
  sendXlsxExport,
} from '../../lib/xlsx-export.js';
import { describeQuery, type Labels, needsSubtree, orgOf } from '../exports/index.js';
import { exportOf } from '../manifest.js';
import * as members from './service.js';

const WHAT = '党员名册';

const memberColumns: ExportColumn<MemberDto>[] = [
  { header: '姓名', width: 10, value: (m) => m.name },
  { header: '性别', width: 6, value: (m) => GENDER_LABELS[m.gender] },
  { header: '民族', width: 8, value: (m) => ethnicityName(m.ethnicity) ?? m.ethnicity },
  { header: '出生日期', kind: 'date', value: (m) => m.birthDate },
  { header: '年龄', kind: 'integer', width: 6, value: (m) => m.age },
  { header: '学历', width: 12, value: (m) => educationName(m.education) ?? m.education },
  { header: '党员类别', width: 10, value: (m) => MEMBER_CATEGORY_LABELS[m.category] },
  { header: '党员状态', width: 10, value: (m) => MEMBER_STATUS_LABELS[m.status] },
  { header: '所在党组织', width: 32, value: (m) => m.orgName },
  { header: '党小组', width: 14, value: (m) => m.groupName },
  { header: '入党日期', kind: 'date', value: (m) => m.joinedOn },
  { header: '转正日期', kind: 'date', value: (m) => m.confirmedOn },
  { header: '身份证号（脱敏）', width: 22, value: (m) => m.idNumber },
  { header: '联系电话（脱敏）', width: 16, value: (m) => m.phone },
  { header: '工作单位', width: 28, value: (m) => m.workUnit },
];

/** Values of the register's filters in words (a filter without a map shows its value as given). */
const MEMBER_FILTER_LABELS: Record<string, Labels> = {
  gender: GENDER_LABELS,
  category: MEMBER_CATEGORY_LABELS,
  status: MEMBER_STATUS_LABELS,
  ethnicity: { minority: '少数民族', ...Object.fromEntries(ETHNICITIES.map((e) => [e.code, e.name])) },
  education: Object.fromEntries(EDUCATION_LEVELS.map((e) => [e.code, e.name])),
  ageBand: AGE_BAND_LABELS,
  joinDecade: Object.fromEntries(
    Array.from({ length: 19 }, (_, i) => [String(1920 + i * 10), `${1920 + i * 10}年代`]),
  ),
};

async function exportMembers(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: QueryOf<typeof exportsApi.members>,
) {
  needsSubtree(ctx, 'member.read', WHAT);
  // Counted exactly (the list's own total may be an estimate), at most one past the limit; then
  // read in tree order from where each batch stopped, through the list's filters, scope and masking.
  const total = await members.countMembers(db, ctx, q, MAX_EXPORT_ROWS + 1);
  checkRowLimit(total);
  const rows = keysetRows((after: members.MemberCursor | null, limit) =>
    members.listMembersAfter(db, ctx, q, after, limit),
  );
  const org = await orgOf(db, ctx, 'member.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: WHAT,
    filterText: describeQuery(q, 'members', org.name, MEMBER_FILTER_LABELS),
    filters: q,
    rowCount: total,
    audit: { action: 'member.export', entity: 'member', entityId: q.orgId ?? null, orgPath: org.path },
    sheets: [{ name: WHAT, columns: memberColumns, rows }],
  });
}

/** The member module's exports (its manifest's `exports`). */
export const memberExports = [exportOf({ contract: exportsApi.members, what: WHAT, run: exportMembers })];
