/**
 * Exports (.xlsx) of the lists: each is the list's query without paging and a file response. The
 * module that owns the list declares the export in its manifest (`exports`); the exports module
 * registers them all with the watermark and the audit entry.
 */
import type { z } from 'zod';
import { auditListQuery } from './audit.js';
import { coverageListQuery } from './coverage.js';
import { caseListQuery } from './development.js';
import { arrearsQuery, pendingProfilesQuery } from './dues.js';
import type { ErrorMap } from './error-codes.js';
import { heartTalkListQuery, meetingListQuery } from './meetings.js';
import { memberListQuery } from './members.js';
import type { Permission } from './permissions.js';
import { type ContractGroup, defineRoute, fileResponse } from './route.js';
import { transferListQuery } from './transfers.js';
import { userListQuery } from './users.js';

// ---- errors ---------------------------------------------------------------------------------

/** The exports area's error codes (`EXPORTS_…`). */
export const EXPORTS_ERRORS = {
  EXPORTS_TOO_MANY_ROWS: { status: 400, message: '导出行数超过上限，请缩小筛选范围后分批导出' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

/** A list's query without paging: the export takes exactly the list's filters. */
const noPaging = { current: true, pageSize: true } as const;

/** `GET <list>/export`: the list's permission and filters, an .xlsx of every row they match. */
const listExport = <const P extends `/api/${string}/export`, Q extends z.ZodType>(e: {
  path: P;
  permission: Permission;
  tag: string;
  /** What the file holds (党员名册). */
  what: string;
  query: Q;
}) =>
  defineRoute({
    method: 'GET',
    path: e.path,
    permission: e.permission,
    tag: e.tag,
    summary: `导出${e.what}（.xlsx，当前筛选条件下的全部行；带水印，记入审计日志）`,
    query: e.query,
    responses: { 200: fileResponse(`${e.what}（.xlsx）`) },
    errors: ['EXPORTS_TOO_MANY_ROWS'],
  });

export const exportsApi = {
  members: listExport({
    path: '/api/members/export',
    permission: 'member.read',
    tag: 'members',
    what: '党员名册',
    query: memberListQuery.omit(noPaging),
  }),
  transfers: listExport({
    path: '/api/transfers/export',
    permission: 'transfer.read',
    tag: 'transfers',
    what: '组织关系转接',
    query: transferListQuery.omit(noPaging),
  }),
  meetings: listExport({
    path: '/api/meetings/export',
    permission: 'orglife.read',
    tag: 'meetings',
    what: '会议记录',
    query: meetingListQuery.omit(noPaging),
  }),
  heartTalks: listExport({
    path: '/api/heart-talks/export',
    permission: 'orglife.read',
    tag: 'meetings',
    what: '谈心谈话记录',
    query: heartTalkListQuery.omit(noPaging),
  }),
  developmentCases: listExport({
    path: '/api/development/cases/export',
    permission: 'development.read',
    tag: 'development',
    what: '发展党员工作台账',
    query: caseListQuery.omit(noPaging),
  }),
  duesArrears: listExport({
    path: '/api/dues/arrears/export',
    permission: 'dues.read',
    tag: 'dues',
    what: '欠交党费名单',
    query: arrearsQuery.omit(noPaging),
  }),
  duesPendingProfiles: listExport({
    path: '/api/dues/profiles/pending/export',
    permission: 'dues.approve',
    tag: 'dues',
    what: '困难党员减免待审批名单',
    query: pendingProfilesQuery,
  }),
  audit: listExport({
    path: '/api/audit/export',
    permission: 'audit.read',
    tag: 'audit',
    what: '审计日志',
    query: auditListQuery.omit(noPaging),
  }),
  users: listExport({
    path: '/api/users/export',
    permission: 'user.read',
    tag: 'users',
    what: '用户与角色',
    query: userListQuery.omit(noPaging),
  }),
  coverage: listExport({
    path: '/api/coverage-units/export',
    permission: 'org.read',
    tag: 'coverage',
    what: '两新组织覆盖名录',
    query: coverageListQuery.omit(noPaging),
  }),
} satisfies ContractGroup;
