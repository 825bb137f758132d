import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../shared/contracts/common.js';
import {
  duesSummaryDto,
  importDto,
  importQuery,
  ledgerExportQuery,
  reconciliationDto,
  remittanceBody,
  remittanceConfirmBody,
  remittanceDto,
  remittanceLedgerDto,
  remittanceQuery,
  yearQuery,
} from '../../../shared/contracts/dues.js';
import { contentDisposition } from '../../lib/files.js';
import { readUpload } from '../../lib/upload.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import { exportLedger } from './export.js';
import * as imports from './imports.js';
import * as remittances from './remittances.js';
import { reconciliation, summary } from './summary.js';

const tags = ['dues'];
const tooLarge = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ field: z.string(), message: z.string() })),
  requestId: z.string(),
});

/** 党费: subtree summaries, remittances, reconciliation, import of bases, ledger export. */
export const duesFinanceRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    // Multipart bodies are parsed only inside this plugin, for the import upload.
    await fastify.register(fastifyMultipart, {
      limits: { fileSize: imports.MAX_IMPORT_BYTES, files: 1, fields: 5, parts: 6 },
    });
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/orgs/:id/dues-summary', {
      config: { permission: 'dues.read' },
      schema: {
        tags,
        summary: '党费收缴汇总（按月、按下级组织）',
        params: idParam,
        querystring: yearQuery,
        response: { 200: duesSummaryDto },
      },
      handler: async (req) => summary(db, ctxOf(req), req.params.id, req.query.year),
    });

    app.get('/api/orgs/:id/dues-reconciliation', {
      config: { permission: 'dues.read' },
      schema: {
        tags,
        summary: '党费对账：收缴＝上缴＋结存（按组织）',
        params: idParam,
        querystring: yearQuery,
        response: { 200: reconciliationDto },
      },
      handler: async (req) => reconciliation(db, ctxOf(req), req.params.id, req.query.year),
    });

    app.get('/api/dues/remittances', {
      config: { permission: 'dues.read' },
      schema: {
        tags,
        summary: '党费上缴台账（上缴与接收，含结存余额）',
        querystring: remittanceQuery,
        response: { 200: remittanceLedgerDto },
      },
      handler: async (req) => remittances.ledger(db, ctxOf(req), req.query.orgId, req.query.year),
    });

    app.post('/api/dues/remittances', {
      config: { permission: 'dues.write' },
      schema: {
        tags,
        summary: '向上级党组织上缴党费（不超过结存）',
        body: remittanceBody,
        response: { 201: remittanceDto },
      },
      handler: async (req, reply) =>
        reply.status(201).send(await remittances.create(db, ctxOf(req), req.body)),
    });

    app.post('/api/dues/remittances/:id/confirm', {
      config: { permission: 'dues.write' },
      schema: {
        tags,
        summary: '接收方确认上缴款到账',
        params: idParam,
        body: remittanceConfirmBody,
        response: { 200: remittanceDto },
      },
      handler: async (req) => remittances.confirm(db, ctxOf(req), req.params.id, req.body),
    });

    app.get('/api/dues/imports/template', {
      config: { permission: 'dues.write' },
      schema: { tags, summary: '党费基数导入模板（.xlsx，预填本组织党员）', querystring: importQuery },
      handler: async (req, reply) => {
        const { buffer, fileName } = await imports.template(db, ctxOf(req), req.query.orgId);
        return reply
          .header('content-type', imports.XLSX_TYPE)
          .header('content-disposition', contentDisposition(fileName, false))
          .send(buffer);
      },
    });

    app.post('/api/dues/imports', {
      config: { permission: 'dues.write' },
      schema: {
        tags,
        summary: '上传党费基数文件（.xlsx，不超过5MB），生成预览',
        consumes: ['multipart/form-data'],
        querystring: importQuery,
        response: { 201: importDto, 413: tooLarge },
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const file = await readUpload(req, reply, {
          label: '文件',
          what: '.xlsx 文件',
          tooLarge: imports.IMPORT_TOO_LARGE,
        });
        if (!file) return reply;
        const dto = await imports.preview(db, ctx, req.query.orgId, file);
        return reply.status(201).send(dto);
      },
    });

    app.get('/api/dues/imports/:id', {
      config: { permission: 'dues.write' },
      schema: { tags, summary: '导入预览：各行数据与错误', params: idParam, response: { 200: importDto } },
      handler: async (req) => imports.get(db, ctxOf(req), req.params.id),
    });

    app.post('/api/dues/imports/:id/commit', {
      config: { permission: 'dues.write' },
      schema: {
        tags,
        summary: '提交导入（全部写入或全部不写入）',
        params: idParam,
        response: { 200: importDto },
      },
      handler: async (req) => imports.commit(db, ctxOf(req), req.params.id),
    });

    app.get('/api/dues/ledger/export', {
      config: { permission: 'dues.read' },
      schema: { tags, summary: '导出党费台账（.xlsx，带水印，记入审计）', querystring: ledgerExportQuery },
      handler: async (req, reply) => exportLedger(reply, db, ctxOf(req), req.query.orgId, req.query.year),
    });
  };
