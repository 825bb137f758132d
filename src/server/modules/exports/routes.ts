import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditListQuery } from '../../../shared/contracts/audit.js';
import { coverageListQuery } from '../../../shared/contracts/coverage.js';
import { caseListQuery } from '../../../shared/contracts/development.js';
import { arrearsQuery, pendingProfilesQuery } from '../../../shared/contracts/dues.js';
import { heartTalkListQuery, meetingListQuery } from '../../../shared/contracts/meetings.js';
import { memberListQuery } from '../../../shared/contracts/members.js';
import { transferListQuery } from '../../../shared/contracts/transfers.js';
import { userListQuery } from '../../../shared/contracts/users.js';
import { ctxOf } from '../auth/plugin.js';
import type { ModuleDeps } from '../auth/routes.js';
import * as service from './service.js';

/** A list's query without paging: the export takes exactly the list's filters. */
const noPaging = { current: true, pageSize: true } as const;
const NOTE = '（.xlsx，当前筛选条件下的全部行；带水印，记入审计日志）';

/**
 * `GET <list>/export` for every list screen: the list's permission, the list's filters, the
 * rows the list shows.
 */
export const exportRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/members/export', {
      config: { permission: 'member.read' },
      schema: {
        tags: ['members'],
        summary: `导出党员名册${NOTE}`,
        querystring: memberListQuery.omit(noPaging),
      },
      handler: async (req, reply) => service.exportMembers(reply, db, ctxOf(req), req.query),
    });

    app.get('/api/transfers/export', {
      config: { permission: 'transfer.read' },
      schema: {
        tags: ['transfers'],
        summary: `导出组织关系转接${NOTE}`,
        querystring: transferListQuery.omit(noPaging),
      },
      handler: async (req, reply) => service.exportTransfers(reply, db, ctxOf(req), req.query),
    });

    app.get('/api/meetings/export', {
      config: { permission: 'orglife.read' },
      schema: {
        tags: ['meetings'],
        summary: `导出会议记录${NOTE}`,
        querystring: meetingListQuery.omit(noPaging),
      },
      handler: async (req, reply) => service.exportMeetings(reply, db, ctxOf(req), req.query),
    });

    app.get('/api/heart-talks/export', {
      config: { permission: 'orglife.read' },
      schema: {
        tags: ['meetings'],
        summary: `导出谈心谈话记录${NOTE}`,
        querystring: heartTalkListQuery.omit(noPaging),
      },
      handler: async (req, reply) => service.exportHeartTalks(reply, db, ctxOf(req), req.query),
    });

    app.get('/api/development/cases/export', {
      config: { permission: 'development.read' },
      schema: {
        tags: ['development'],
        summary: `导出发展党员工作台账${NOTE}`,
        querystring: caseListQuery.omit(noPaging),
      },
      handler: async (req, reply) => service.exportCases(reply, db, ctxOf(req), req.query),
    });

    app.get('/api/dues/arrears/export', {
      config: { permission: 'dues.read' },
      schema: {
        tags: ['dues'],
        summary: `导出欠交党费名单${NOTE}`,
        querystring: arrearsQuery.omit(noPaging),
      },
      handler: async (req, reply) => service.exportArrears(reply, db, ctxOf(req), req.query),
    });

    app.get('/api/dues/profiles/pending/export', {
      config: { permission: 'dues.approve' },
      schema: {
        tags: ['dues'],
        summary: `导出困难党员减免待审批名单${NOTE}`,
        querystring: pendingProfilesQuery,
      },
      handler: async (req, reply) => service.exportPendingProfiles(reply, db, ctxOf(req), req.query),
    });

    app.get('/api/audit/export', {
      config: { permission: 'audit.read' },
      schema: { tags: ['audit'], summary: `导出审计日志${NOTE}`, querystring: auditListQuery.omit(noPaging) },
      handler: async (req, reply) => service.exportAudit(reply, db, ctxOf(req), req.query),
    });

    app.get('/api/users/export', {
      config: { permission: 'user.read' },
      schema: {
        tags: ['users'],
        summary: `导出用户与角色${NOTE}`,
        querystring: userListQuery.omit(noPaging),
      },
      handler: async (req, reply) => service.exportUsers(reply, db, ctxOf(req), req.query),
    });

    app.get('/api/coverage-units/export', {
      config: { permission: 'org.read' },
      schema: {
        tags: ['coverage'],
        summary: `导出两新组织覆盖名录${NOTE}`,
        querystring: coverageListQuery.omit(noPaging),
      },
      handler: async (req, reply) => service.exportCoverage(reply, db, ctxOf(req), req.query),
    });
  };
