import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/contracts/common.js';
import { annualReportDto, reportQuery } from '../../../shared/contracts/stats.js';
import { writeAudit } from '../../lib/audit.js';
import { notFound } from '../../lib/errors.js';
import { attachmentDisposition, watermarkText, XLSX_TYPE } from '../../lib/xlsx-export.js';
import { ctxOf } from '../auth/plugin.js';
import type { ModuleDeps } from '../auth/routes.js';
import { findOrg } from '../orgs/repo.js';
import { annualReport } from './service.js';
import { reportWorkbook } from './workbook.js';

const tags = ['stats'];

export const statsRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/orgs/:id/report', {
      config: { permission: 'stats.read' },
      schema: {
        tags,
        summary: '党内统计年报（year=年度，或 asOf=截至日期；format=xlsx 下载工作簿）',
        params: idParam,
        querystring: reportQuery,
        response: { 200: annualReportDto },
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const report = await annualReport(db, ctx, req.params.id, req.query);
        if (req.query.format !== 'xlsx') return report;
        const org = await findOrg(db, ctx.actor.scope('stats.read'), req.params.id);
        if (!org) throw notFound('党组织');
        const auditId = await writeAudit(db, ctx, {
          action: 'stats.report_export',
          entity: 'org',
          entityId: report.org.id,
          orgPath: org.path,
          after: { year: report.year, from: report.from, to: report.to },
        });
        const who = `${ctx.actor.displayName}（${ctx.actor.username}）`;
        const buf = await reportWorkbook(
          report,
          who,
          `${watermarkText(ctx.actor, ctx.now)} 编号：${auditId}`,
        );
        const name = `${report.org.name}-${report.year}年统计年报${report.partial ? `-截至${report.to}` : ''}.xlsx`;
        reply.header('content-type', XLSX_TYPE).header('content-disposition', attachmentDisposition(name));
        // A Buffer bypasses the response serializer: the JSON schema above documents the default format.
        return reply.send(buf as never);
      },
    });
  };
