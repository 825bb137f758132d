import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/contracts/common.js';
import { annualReportDto, reportQuery } from '../../../shared/contracts/stats.js';
import { attachmentDisposition, XLSX_TYPE } from '../../lib/xlsx-export.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import { annualReport, reportWorkbookFor } from './service.js';

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
        if (req.query.format !== 'xlsx') return annualReport(db, ctx, req.params.id, req.query);
        const { buffer, fileName } = await reportWorkbookFor(db, ctx, req.params.id, req.query);
        reply
          .header('content-type', XLSX_TYPE)
          .header('content-disposition', attachmentDisposition(fileName));
        // A Buffer bypasses the response serializer: the JSON schema above documents the default format.
        return reply.send(buffer as never);
      },
    });
  };
