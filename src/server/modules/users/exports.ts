/** 用户与角色 as .xlsx (issue #6): the user list under its filters, every row. */
import type { FastifyReply } from 'fastify';
import { exportsApi } from '../../../shared/contracts/exports.js';
import { ROLE_LABELS } from '../../../shared/contracts/permissions.js';
import type { QueryOf } from '../../../shared/contracts/route.js';
import type { UserDto } from '../../../shared/contracts/users.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { type ExportColumn, pagedRows, sendXlsxExport } from '../../lib/xlsx-export.js';
import { describeQuery, orgOf, yesNo } from '../exports/index.js';
import { exportOf } from '../manifest.js';
import * as users from './service.js';

const WHAT = '用户与角色';

const userColumns: ExportColumn<UserDto>[] = [
  { header: '用户名', width: 14, value: (u) => u.username },
  { header: '姓名', width: 12, value: (u) => u.displayName },
  {
    header: '角色',
    width: 48,
    value: (u) => u.roles.map((r) => `${ROLE_LABELS[r.role] ?? r.role}（${r.orgName}）`).join('；'),
  },
  {
    header: '待审批',
    width: 36,
    value: (u) =>
      u.pendingGrants
        .map(
          (g) => `${g.action === 'grant' ? '授予' : '撤销'}${ROLE_LABELS[g.role] ?? g.role}（${g.orgName}）`,
        )
        .join('；'),
  },
  { header: '关联党员编号', kind: 'integer', width: 12, value: (u) => u.memberId },
  { header: '待确认关联编号', kind: 'integer', width: 14, value: (u) => u.pendingMemberId },
  { header: '须修改密码', width: 10, value: (u) => yesNo(u.mustChangePassword) },
  { header: '启用', width: 6, value: (u) => yesNo(u.active) },
  { header: '已锁定', width: 7, value: (u) => yesNo(u.locked) },
  { header: '创建时间', kind: 'datetime', value: (u) => u.createdAt },
];

async function exportUsers(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: QueryOf<typeof exportsApi.users>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => users.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'user.read', undefined);
  return sendXlsxExport(reply, db, ctx, {
    title: WHAT,
    filterText: describeQuery(q, 'users', null),
    filters: q,
    rowCount: total,
    audit: { action: 'user.export', entity: 'user', entityId: null, orgPath: org.path },
    sheets: [{ name: '用户', columns: userColumns, rows }],
  });
}

/** The users module's exports (its manifest's `exports`). */
export const userExports = [exportOf({ contract: exportsApi.users, what: WHAT, run: exportUsers })];
