import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, page } from '../../../shared/contracts/common.js';
import {
  importDetailDto,
  importDto,
  importErrorsQuery,
  importListQuery,
  importTemplateQuery,
  importUploadFields,
} from '../../../shared/contracts/imports.js';
import { fieldErrors } from '../../lib/errors.js';
import { contentDisposition } from '../../lib/files.js';
import { readUpload } from '../../lib/upload.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as repo from './repo.js';
import * as service from './service.js';

const tags = ['imports'];
const tooLarge = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ field: z.string(), message: z.string() })),
  requestId: z.string(),
});

/** 数据导入: templates, upload (parsed in the background), progress and errors, commit, rollback. */
export const importRoutes =
  ({ database, config }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    await fastify.register(fastifyMultipart, {
      limits: { fileSize: service.MAX_IMPORT_BYTES, files: 1, fields: 5, parts: 6 },
    });
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    // Background parses run in this process; closing the server waits for them.
    const running = new Set<Promise<void>>();
    const spawn: service.Spawn = (task) => {
      const p = task()
        .catch((e) => fastify.log.error({ err: e }, 'import background step failed'))
        .finally(() => running.delete(p));
      running.add(p);
    };
    fastify.addHook('onReady', async () => repo.failInterrupted(db));
    fastify.addHook('onClose', async () => {
      await Promise.allSettled([...running]);
    });

    app.get('/api/imports/template', {
      config: { permission: 'member.write' },
      schema: {
        tags,
        summary: '导入模板（.xlsx：表头、示例行、下拉选项、填写说明）',
        querystring: importTemplateQuery,
      },
      handler: async (req, reply) => {
        const { buffer, fileName } = await service.template(db, ctxOf(req), req.query.kind);
        return reply
          .header('content-type', service.XLSX_TYPE)
          .header('content-disposition', contentDisposition(fileName, false))
          .send(buffer);
      },
    });

    app.post('/api/imports', {
      config: { permission: 'member.write' },
      schema: {
        tags,
        summary: '上传导入文件（multipart：kind、orgId 字段在 file 之前）；后台逐行检查，返回 202',
        consumes: ['multipart/form-data'],
        querystring: importUploadFields.partial(),
        response: { 202: importDto, 413: tooLarge },
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const file = await readUpload(req, reply, {
          label: '文件',
          what: '.xlsx 文件',
          tooLarge: service.IMPORT_TOO_LARGE,
        });
        if (!file) return reply;
        const parsed = importUploadFields.safeParse({ ...req.query, ...file.fields });
        if (!parsed.success) {
          throw fieldErrors(
            parsed.error.issues.map((i) => {
              const field = String(i.path[0] ?? '');
              return {
                field,
                message:
                  field === 'kind'
                    ? '导入类型：应为 orgs（党组织）或 members（党员）'
                    : '导入到的党组织：必填',
              };
            }),
          );
        }
        const dto = await service.start(db, ctx, spawn, config.dataDir, {
          ...parsed.data,
          fileName: file.fileName,
          data: file.data,
        });
        return reply.status(202).send(dto);
      },
    });

    app.get('/api/imports', {
      config: { permission: 'member.write' },
      schema: {
        tags,
        summary: '导入记录（orgId 表示该组织及全部下级）',
        querystring: importListQuery,
        response: { 200: page(importDto) },
      },
      handler: async (req) => service.list(db, ctxOf(req), req.query),
    });

    app.get('/api/imports/:id', {
      config: { permission: 'member.write' },
      schema: {
        tags,
        summary: '导入状态、进度、错误（分页）和汇总',
        params: idParam,
        querystring: importErrorsQuery,
        response: { 200: importDetailDto },
      },
      handler: async (req) => service.detail(db, ctxOf(req), req.params.id, req.query),
    });

    app.post('/api/imports/:id/commit', {
      config: { permission: 'member.write' },
      schema: {
        tags,
        summary: '确认导入（仅检查通过的文件；后台在一个事务中全部写入或全部不写入），返回 202',
        params: idParam,
        response: { 202: importDto },
      },
      handler: async (req, reply) =>
        reply.status(202).send(await service.commit(db, ctxOf(req), spawn, req.params.id)),
    });

    app.post('/api/imports/:id/rollback', {
      config: { permission: 'member.write' },
      schema: {
        tags,
        summary: '撤销导入（导入的数据未被其他业务使用时整批删除）',
        params: idParam,
        response: { 200: importDto },
      },
      handler: async (req) => service.rollback(db, ctxOf(req), req.params.id),
    });
  };
