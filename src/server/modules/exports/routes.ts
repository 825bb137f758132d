import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { auditListQuery } from '../../../shared/contracts/audit.js';
import { coverageListQuery } from '../../../shared/contracts/coverage.js';
import { caseListQuery } from '../../../shared/contracts/development.js';
import { arrearsQuery, pendingProfilesQuery } from '../../../shared/contracts/dues.js';
import { heartTalkListQuery, meetingListQuery } from '../../../shared/contracts/meetings.js';
import { memberListQuery } from '../../../shared/contracts/members.js';
import type { Permission } from '../../../shared/contracts/permissions.js';
import { transferListQuery } from '../../../shared/contracts/transfers.js';
import { userListQuery } from '../../../shared/contracts/users.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as service from './service.js';

/** A list's query without paging: the export takes exactly the list's filters. */
const noPaging = { current: true, pageSize: true } as const;
const NOTE = '（.xlsx，当前筛选条件下的全部行；带水印，记入审计日志）';

interface ExportRoute<Q extends z.ZodType> {
  url: string;
  permission: Permission;
  tag: string;
  what: string;
  query: Q;
  run: (reply: FastifyReply, db: Db, ctx: RequestContext, q: z.infer<Q>) => Promise<unknown>;
}
/** Keeps each route's query and service function typed together inside the table. */
const route = <Q extends z.ZodType>(r: ExportRoute<Q>) => r as unknown as ExportRoute<z.ZodType>;

const ROUTES = [
  route({
    url: '/api/members/export',
    permission: 'member.read',
    tag: 'members',
    what: '党员名册',
    query: memberListQuery.omit(noPaging),
    run: service.exportMembers,
  }),
  route({
    url: '/api/transfers/export',
    permission: 'transfer.read',
    tag: 'transfers',
    what: '组织关系转接',
    query: transferListQuery.omit(noPaging),
    run: service.exportTransfers,
  }),
  route({
    url: '/api/meetings/export',
    permission: 'orglife.read',
    tag: 'meetings',
    what: '会议记录',
    query: meetingListQuery.omit(noPaging),
    run: service.exportMeetings,
  }),
  route({
    url: '/api/heart-talks/export',
    permission: 'orglife.read',
    tag: 'meetings',
    what: '谈心谈话记录',
    query: heartTalkListQuery.omit(noPaging),
    run: service.exportHeartTalks,
  }),
  route({
    url: '/api/development/cases/export',
    permission: 'development.read',
    tag: 'development',
    what: '发展党员工作台账',
    query: caseListQuery.omit(noPaging),
    run: service.exportCases,
  }),
  route({
    url: '/api/dues/arrears/export',
    permission: 'dues.read',
    tag: 'dues',
    what: '欠交党费名单',
    query: arrearsQuery.omit(noPaging),
    run: service.exportArrears,
  }),
  route({
    url: '/api/dues/profiles/pending/export',
    permission: 'dues.approve',
    tag: 'dues',
    what: '困难党员减免待审批名单',
    query: pendingProfilesQuery,
    run: service.exportPendingProfiles,
  }),
  route({
    url: '/api/audit/export',
    permission: 'audit.read',
    tag: 'audit',
    what: '审计日志',
    query: auditListQuery.omit(noPaging),
    run: service.exportAudit,
  }),
  route({
    url: '/api/users/export',
    permission: 'user.read',
    tag: 'users',
    what: '用户与角色',
    query: userListQuery.omit(noPaging),
    run: service.exportUsers,
  }),
  route({
    url: '/api/coverage-units/export',
    permission: 'org.read',
    tag: 'coverage',
    what: '两新组织覆盖名录',
    query: coverageListQuery.omit(noPaging),
    run: service.exportCoverage,
  }),
];

/**
 * `GET <list>/export` for every list screen: the list's permission, the list's filters, the
 * rows the list shows.
 */
export const exportRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;
    for (const r of ROUTES) {
      app.get(r.url, {
        config: { permission: r.permission },
        schema: { tags: [r.tag], summary: `导出${r.what}${NOTE}`, querystring: r.query },
        handler: async (req, reply) => r.run(reply, db, ctxOf(req), req.query),
      });
    }
  };
