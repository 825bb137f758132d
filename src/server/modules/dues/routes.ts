import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../shared/contracts/common.js';
import {
  arrearsQuery,
  lapseDecisionBody,
  ledgerQuery,
  memberDuesQuery,
  paymentBatchBody,
  paymentBody,
  paymentListQuery,
  paymentVoidBody,
  pendingProfilesQuery,
  profileCreateBody,
  profileDecisionBody,
} from '../../../shared/contracts/dues.js';
import { fieldErrors } from '../../lib/errors.js';
import type { ModuleDeps } from '../auth/index.js';
import { ctxOf } from '../auth/index.js';
import * as arrears from './arrears.js';
import * as payments from './payments.js';
import * as service from './service.js';

const tags = ['dues'];

/** The optional `Idempotency-Key` header (a client-chosen token, e.g. a UUID). */
function idempotencyKey(req: FastifyRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = (Array.isArray(raw) ? raw[0] : raw).trim();
  if (!key || key.length > 200) {
    throw fieldErrors([{ field: 'Idempotency-Key', message: '幂等键：须为1至200个字符' }]);
  }
  return key;
}

function send<T>(reply: FastifyReply, outcome: payments.Outcome<T>) {
  if (outcome.replayed) reply.header('Idempotent-Replayed', 'true');
  return reply.status(outcome.status).send(outcome.body);
}

/** 党费: profiles, ledger, payments, arrears, lapse decisions. */
export const duesRoutes =
  ({ database }: ModuleDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const db = database.db;

    app.get('/api/members/:id/dues-profiles', {
      config: { permission: 'dues.read' },
      schema: { tags, summary: '党员的党费档案（新的在前）', params: idParam },
      handler: async (req) => service.listProfiles(db, ctxOf(req), req.params.id),
    });

    app.post('/api/members/:id/dues-profiles', {
      config: { permission: 'dues.write' },
      schema: {
        tags,
        summary: '登记党费档案（自某月起；生活困难减免须上级党委批准）',
        params: idParam,
        body: profileCreateBody,
      },
      handler: async (req, reply) => {
        const id = await service.createProfile(db, ctxOf(req), req.params.id, req.body);
        return reply.status(201).send(await service.getProfile(db, id));
      },
    });

    app.get('/api/dues/profiles/pending', {
      config: { permission: 'dues.approve' },
      schema: { tags, summary: '待上级党委审批的减免档案', querystring: pendingProfilesQuery },
      handler: async (req) => service.pendingProfiles(db, ctxOf(req), req.query.orgId),
    });

    app.post('/api/dues/profiles/:id/decision', {
      config: { permission: 'dues.approve' },
      schema: { tags, summary: '上级党委审批减免档案', params: idParam, body: profileDecisionBody },
      handler: async (req) => service.decideProfile(db, ctxOf(req), req.params.id, req.body),
    });

    app.get('/api/members/:id/dues', {
      config: { permission: 'dues.read' },
      schema: {
        tags,
        summary: '党员的党费：档案、逐月台账、交纳记录、欠交',
        params: idParam,
        querystring: memberDuesQuery,
      },
      handler: async (req) => service.memberDues(db, ctxOf(req), req.params.id, req.query.year),
    });

    app.get('/api/dues/ledger', {
      config: { permission: 'dues.read' },
      schema: { tags, summary: '党费收缴台账（组织及下级，按月）', querystring: ledgerQuery },
      handler: async (req) => service.ledger(db, ctxOf(req), req.query),
    });

    app.post('/api/dues/payments', {
      config: { permission: 'dues.write' },
      schema: {
        tags,
        summary: '登记一笔党费（支持 Idempotency-Key：重复请求返回首次结果）',
        headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
        body: paymentBody,
      },
      handler: async (req, reply) =>
        send(reply, await payments.pay(db, ctxOf(req), req.body, idempotencyKey(req))),
    });

    app.post('/api/dues/payments/batch', {
      config: { permission: 'dues.write' },
      schema: {
        tags,
        summary: '批量登记交清（全部成功或全部不登记；支持 Idempotency-Key）',
        headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
        body: paymentBatchBody,
      },
      handler: async (req, reply) =>
        send(reply, await payments.payBatch(db, ctxOf(req), req.body, idempotencyKey(req))),
    });

    app.get('/api/dues/payments', {
      config: { permission: 'dues.read' },
      schema: { tags, summary: '交纳记录（按组织或党员）', querystring: paymentListQuery },
      handler: async (req) => service.listPayments(db, ctxOf(req), req.query),
    });

    app.post('/api/dues/payments/:id/void', {
      config: { permission: 'dues.write' },
      schema: { tags, summary: '作废一笔交纳（须说明原因）', params: idParam, body: paymentVoidBody },
      handler: async (req) => payments.voidPayment(db, ctxOf(req), req.params.id, req.body),
    });

    app.get('/api/dues/arrears', {
      config: { permission: 'dues.read' },
      schema: { tags, summary: '欠交党费名单（连续未交预警、党章第九条提示）', querystring: arrearsQuery },
      handler: async (req) => arrears.arrearsList(db, ctxOf(req), req.query),
    });

    app.post('/api/dues/lapse-decisions', {
      config: { permission: 'dues.write' },
      schema: { tags, summary: '登记党支部对连续未交党费党员的决定', body: lapseDecisionBody },
      handler: async (req, reply) =>
        reply.status(201).send(await arrears.recordDecision(db, ctxOf(req), req.body)),
    });
  };
