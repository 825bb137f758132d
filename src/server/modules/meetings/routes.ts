import { createReadStream } from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayInZone } from '../../../domain/common/dates.js';
import { idParam, page } from '../../../shared/contracts/common.js';
import {
  attachmentDto,
  attendeeDto,
  checkinBody,
  checkinCodeDto,
  checkinPreviewDto,
  checkinResultDto,
  checkinTokenDto,
  checkinTokenParams,
  expectedAttendeesQuery,
  heartTalkCreateBody,
  heartTalkDto,
  heartTalkListQuery,
  meetingCreateBody,
  meetingDto,
  meetingListQuery,
  meetingPatchBody,
  meetingReviewBody,
  meetingSummaryDto,
} from '../../../shared/contracts/meetings.js';
import { readUpload } from '../../lib/upload.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as attachments from './attachments.js';
import * as checkin from './checkin.js';
import * as heartTalks from './heartTalks.js';
import * as service from './service.js';

const tags = ['meetings'];
const attachmentParams = z.object({
  id: z.coerce.number().int().positive(),
  attachmentId: z.coerce.number().int().positive(),
});
const deleted = z.object({ id: z.number() });
/** The error body, declared for the one status a handler sends itself (413 on an oversized file). */
const errorBody = z.object({
  code: z.literal('VALIDATION'),
  message: z.string(),
  details: z.array(z.object({ field: z.string(), message: z.string() })),
  requestId: z.string(),
});

export const meetingRoutes =
  ({ config, database, clock }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    // Multipart bodies are parsed only inside this plugin, for the attachment upload.
    await fastify.register(fastifyMultipart, {
      limits: { fileSize: attachments.MAX_ATTACHMENT_BYTES, files: 1, fields: 10, parts: 11 },
    });
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/meetings', {
      config: { permission: 'orglife.read' },
      schema: {
        tags,
        summary: '会议记录（三会一课等），按会议日期倒序',
        querystring: meetingListQuery,
        response: { 200: page(meetingSummaryDto) },
      },
      handler: async (req) => service.list(db, ctxOf(req), req.query),
    });

    app.get('/api/meetings/expected-attendees', {
      config: { permission: 'orglife.write' },
      schema: {
        tags,
        summary: '应到人员（按会议类型与日期）',
        querystring: expectedAttendeesQuery,
        response: { 200: z.array(attendeeDto) },
      },
      handler: async (req) => service.expectedAttendees(db, ctxOf(req), req.query),
    });

    app.post('/api/meetings', {
      config: { permission: 'orglife.write' },
      schema: {
        tags,
        summary: '新建会议记录（草稿）',
        body: meetingCreateBody,
        response: { 201: meetingDto },
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const id = await service.create(db, ctx, req.body);
        return reply.status(201).send(await service.get(db, ctx, id));
      },
    });

    app.get('/api/meetings/:id', {
      config: { permission: 'orglife.read' },
      schema: { tags, summary: '会议记录详情', params: idParam, response: { 200: meetingDto } },
      handler: async (req) => service.get(db, ctxOf(req), req.params.id),
    });

    app.patch('/api/meetings/:id', {
      config: { permission: 'orglife.write' },
      schema: {
        tags,
        summary: '修改会议记录（草稿或被退回的）',
        params: idParam,
        body: meetingPatchBody,
        response: { 200: meetingDto },
      },
      handler: async (req) => {
        const ctx = ctxOf(req);
        await service.patch(db, ctx, req.params.id, req.body);
        return service.get(db, ctx, req.params.id);
      },
    });

    app.delete('/api/meetings/:id', {
      config: { permission: 'orglife.write' },
      schema: { tags, summary: '删除会议记录（仅草稿）', params: idParam, response: { 200: deleted } },
      handler: async (req) => {
        await service.remove(db, ctxOf(req), req.params.id);
        await attachments.removeMeetingFiles(config.dataDir, req.params.id);
        return { id: req.params.id };
      },
    });

    app.post('/api/meetings/:id/submit', {
      config: { permission: 'orglife.write' },
      schema: { tags, summary: '提交会议记录（报上级审核）', params: idParam, response: { 200: meetingDto } },
      handler: async (req) => {
        const ctx = ctxOf(req);
        await service.submit(db, ctx, req.params.id);
        return service.get(db, ctx, req.params.id);
      },
    });

    app.post('/api/meetings/:id/review', {
      config: { permission: 'orglife.review' },
      schema: {
        tags,
        summary: '审核会议记录（上级党组织：通过或退回）',
        params: idParam,
        body: meetingReviewBody,
        response: { 200: meetingDto },
      },
      handler: async (req) => {
        const ctx = ctxOf(req);
        await service.review(db, ctx, req.params.id, req.body);
        return service.get(db, ctx, req.params.id);
      },
    });

    app.post('/api/meetings/:id/attachments', {
      config: { permission: 'orglife.write' },
      schema: {
        tags,
        summary: '上传附件（每次一个文件，不超过10MB）',
        consumes: ['multipart/form-data'],
        params: idParam,
        response: { 201: attachmentDto, 413: errorBody },
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const file = await readUpload(req, reply, {
          label: '附件',
          what: '文件',
          tooLarge: attachments.TOO_LARGE_MESSAGE,
        });
        if (!file) return reply;
        const dto = await attachments.upload(db, ctx, config.dataDir, req.params.id, {
          ...file,
        });
        return reply.status(201).send(dto);
      },
    });

    app.get('/api/meetings/:id/attachments/:attachmentId', {
      config: { permission: 'orglife.read' },
      schema: { tags, summary: '下载附件', params: attachmentParams },
      handler: async (req, reply) => {
        const att = await attachments.open(
          db,
          ctxOf(req),
          config.dataDir,
          req.params.id,
          req.params.attachmentId,
        );
        return reply
          .header('content-type', att.mimeType)
          .header('content-length', att.size)
          .header(
            'content-disposition',
            attachments.contentDisposition(att.fileName, att.mimeType.startsWith('image/')),
          )
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(createReadStream(att.path));
      },
    });

    app.delete('/api/meetings/:id/attachments/:attachmentId', {
      config: { permission: 'orglife.write' },
      schema: {
        tags,
        summary: '删除附件（草稿或被退回的会议）',
        params: attachmentParams,
        response: { 200: deleted },
      },
      handler: async (req) => {
        await attachments.remove(db, ctxOf(req), config.dataDir, req.params.id, req.params.attachmentId);
        return { id: req.params.attachmentId };
      },
    });

    app.post('/api/meetings/:id/checkin-token', {
      config: { permission: 'orglife.write' },
      schema: {
        tags,
        summary: '生成签到二维码（会议当天及以前可生成；此前生成的仍然有效）',
        params: idParam,
        response: { 200: checkinTokenDto },
      },
      handler: async (req) => checkin.createToken(db, ctxOf(req), req.params.id),
    });

    app.get('/api/meetings/:id/checkin-tokens', {
      config: { permission: 'orglife.write' },
      schema: {
        tags,
        summary: '仍然有效的签到码（不含签到码本身）',
        params: idParam,
        response: { 200: z.array(checkinCodeDto) },
      },
      handler: async (req) => checkin.openCodes(db, ctxOf(req), req.params.id),
    });

    app.delete('/api/meetings/:id/checkin-tokens/:tokenId', {
      config: { permission: 'orglife.write' },
      schema: {
        tags,
        summary: '撤销一个签到码（其他签到码仍然有效）',
        params: checkinTokenParams,
        response: { 200: checkinCodeDto },
      },
      handler: async (req) => checkin.revokeCode(db, ctxOf(req), req.params.id, req.params.tokenId),
    });

    // Public: the code is the credential for the meeting's name, org and time, shown before login.
    // POST keeps the code out of URLs and access logs.
    app.post('/api/checkin/preview', {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '查看签到码对应的会议（无需登录）',
        body: checkinBody,
        response: { 200: checkinPreviewDto },
      },
      handler: async (req) => {
        const now = clock();
        return checkin.preview(db, now, todayInZone(now, config.timeZone), req.body);
      },
    });

    app.post('/api/checkin', {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: '扫码签到（党员本人）',
        body: checkinBody,
        response: { 200: checkinResultDto },
      },
      handler: async (req) => checkin.checkIn(db, ctxOf(req), req.body),
    });

    app.get('/api/heart-talks', {
      config: { permission: 'orglife.read' },
      schema: {
        tags,
        summary: '谈心谈话记录',
        querystring: heartTalkListQuery,
        response: { 200: page(heartTalkDto) },
      },
      handler: async (req) => heartTalks.list(db, ctxOf(req), req.query),
    });

    app.get('/api/heart-talks/:id', {
      config: { permission: 'orglife.read' },
      schema: { tags, summary: '谈心谈话记录详情', params: idParam, response: { 200: heartTalkDto } },
      handler: async (req) => heartTalks.get(db, ctxOf(req), req.params.id),
    });

    app.post('/api/heart-talks', {
      config: { permission: 'orglife.write' },
      schema: { tags, summary: '登记谈心谈话', body: heartTalkCreateBody, response: { 201: heartTalkDto } },
      handler: async (req, reply) => {
        const ctx = ctxOf(req);
        const id = await heartTalks.create(db, ctx, req.body);
        return reply.status(201).send(await heartTalks.get(db, ctx, id));
      },
    });

    app.delete('/api/heart-talks/:id', {
      config: { permission: 'orglife.write' },
      schema: { tags, summary: '删除谈心谈话记录', params: idParam, response: { 200: deleted } },
      handler: async (req) => {
        await heartTalks.remove(db, ctxOf(req), req.params.id);
        return { id: req.params.id };
      },
    });
  };
