import { createReadStream } from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../shared/contracts/common.js';
import {
  boardQuery,
  caseCloseBody,
  caseCreateBody,
  caseListQuery,
  cohortQuery,
  planBody,
  planQuery,
  registerOnQuery,
  stepBody,
  stepCorrectionBody,
} from '../../../shared/contracts/development.js';
import { fieldErrors } from '../../lib/errors.js';
import { contentDisposition, MAX_ATTACHMENT_BYTES, TOO_LARGE_MESSAGE } from '../../lib/files.js';
import { readUpload } from '../../lib/upload.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as documents from './documents.js';
import * as pipeline from './pipeline.js';
import * as service from './service.js';

const tags = ['development'];
const stepParams = z.object({
  id: z.coerce.number().int().positive(),
  stepId: z.coerce.number().int().positive(),
});
const documentParams = stepParams.extend({ docId: z.coerce.number().int().positive() });
const inlineQuery = z.object({ inline: z.enum(['0', '1']).optional() });

export const developmentRoutes =
  ({ config, database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    // Multipart bodies are parsed only inside this plugin, for the document upload.
    await fastify.register(fastifyMultipart, {
      limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10, parts: 11 },
    });
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/development/cases', {
      config: { permission: 'development.read' },
      schema: { tags, summary: '发展党员案件（按申请日期倒序）', querystring: caseListQuery },
      handler: async (req) => service.list(db, ctxOf(req), req.query),
    });

    app.post('/api/development/cases', {
      config: { permission: 'development.write' },
      schema: { tags, summary: '立案：登记入党申请（第1步）', body: caseCreateBody },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const id = await service.create(db, ctx, req.body);
        return reply.status(201).send(await service.get(db, ctx, id));
      },
    });

    app.get('/api/development/cases/:id', {
      config: { permission: 'development.read' },
      schema: { tags, summary: '发展党员案件详情（步骤、后续事项、材料）', params: idParam },
      handler: async (req) => service.get(db, ctxOf(req), req.params.id),
    });

    app.get('/api/development/cases/:id/register', {
      config: { permission: 'development.read' },
      schema: {
        tags,
        summary: '党员名册中本支部某日的情况（正式党员、其中有表决权即表决应到的人数，在任支委人数）',
        params: idParam,
        querystring: registerOnQuery,
      },
      handler: async (req) => service.registerOn(db, ctxOf(req), req.params.id, req.query.on),
    });

    app.post('/api/development/cases/:id/steps', {
      config: { permission: 'development.write' },
      schema: {
        tags,
        summary: '登记下一步骤（按《发展党员工作细则》校验时限和条件）',
        params: idParam,
        body: stepBody,
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        await service.recordStep(db, ctx, req.params.id, req.body);
        return reply.status(201).send(await service.get(db, ctx, req.params.id));
      },
    });

    app.post('/api/development/cases/:id/steps/:stepId/corrections', {
      config: { permission: 'development.write' },
      schema: {
        tags,
        summary: '更正步骤记录的日期或说明（须填写原因，原记录保留）',
        params: stepParams,
        body: stepCorrectionBody,
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        await service.correctStep(db, ctx, req.params.id, req.params.stepId, req.body);
        return reply.status(201).send(await service.get(db, ctx, req.params.id));
      },
    });

    app.post('/api/development/cases/:id/close', {
      config: { permission: 'development.write' },
      schema: {
        tags,
        summary: '终止案件（本人撤回申请等；批准为预备党员前）',
        params: idParam,
        body: caseCloseBody,
      },
      handler: async (req) => {
        const ctx = ctxOf(req);
        await service.close(db, ctx, req.params.id, req.body);
        return service.get(db, ctx, req.params.id);
      },
    });

    app.post('/api/development/cases/:id/steps/:stepId/documents', {
      config: { permission: 'development.write' },
      schema: {
        tags,
        summary: '上传步骤材料（每次一个文件，不超过10MB）',
        consumes: ['multipart/form-data'],
        params: stepParams,
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const file = await readUpload(req, reply, {
          label: '材料',
          what: '文件',
          tooLarge: TOO_LARGE_MESSAGE,
        });
        if (!file) return reply;
        const dto = await documents.upload(db, ctx, config.dataDir, req.params.id, req.params.stepId, {
          ...file,
        });
        return reply.status(201).send(dto);
      },
    });

    app.get('/api/development/cases/:id/steps/:stepId/documents/:docId', {
      config: { permission: 'development.read' },
      schema: {
        tags,
        summary: '下载步骤材料（?inline=1 在浏览器中打开）',
        params: documentParams,
        querystring: inlineQuery,
      },
      handler: async (req, reply) => {
        const doc = await documents.open(db, ctxOf(req), config.dataDir, req.params.id, req.params.docId);
        if (doc.stepId !== req.params.stepId)
          throw fieldErrors([{ field: 'stepId', message: '材料不属于该步骤' }]);
        return reply
          .header('content-type', doc.mimeType)
          .header('content-length', doc.size)
          .header('content-disposition', contentDisposition(doc.fileName, req.query.inline === '1'))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(createReadStream(doc.path));
      },
    });

    app.delete('/api/development/cases/:id/steps/:stepId/documents/:docId', {
      config: { permission: 'development.write' },
      schema: {
        tags,
        summary: '删除步骤材料',
        params: documentParams,
        response: { 200: z.object({ id: z.number() }) },
      },
      handler: async (req) => {
        await documents.remove(db, ctxOf(req), config.dataDir, req.params.id, req.params.docId);
        return { id: req.params.docId };
      },
    });

    app.get('/api/development/cohorts', {
      config: { permission: 'development.read' },
      schema: {
        tags,
        summary: '名单：本月可列为发展对象、预备期即将期满、逾期未办',
        querystring: cohortQuery,
      },
      handler: async (req) => pipeline.cohort(db, ctxOf(req), req.query),
    });

    app.get('/api/development/board', {
      config: { permission: 'development.read' },
      schema: { tags, summary: '发展党员工作看板（各阶段人数、逾期、下级组织）', querystring: boardQuery },
      handler: async (req) => pipeline.board(db, ctxOf(req), req.query.orgId),
    });

    app.get('/api/development/plans', {
      config: { permission: 'development.read' },
      schema: { tags, summary: '年度发展计划与完成情况', querystring: planQuery },
      handler: async (req) => pipeline.plan(db, ctxOf(req), req.query.orgId, req.query.year),
    });

    app.put('/api/development/plans', {
      config: { permission: 'development.approve' },
      schema: { tags, summary: '下达下级组织的年度发展计划（上级党委）', body: planBody },
      handler: async (req) => {
        const ctx = ctxOf(req);
        await pipeline.setPlan(db, ctx, req.body);
        return pipeline.plan(db, ctx, req.body.orgId, req.body.year);
      },
    });
  };
