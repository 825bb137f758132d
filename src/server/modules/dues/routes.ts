import type { FastifyReply, FastifyRequest } from 'fastify';
import { duesApi } from '../../../shared/contracts/dues.js';
import { fieldErrors } from '../../lib/errors.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as arrears from './arrears.js';
import * as payments from './payments.js';
import * as service from './service.js';

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

/** A booking's answer: its stored status, marked when it replays the first request's. */
function send<T>(reply: FastifyReply, outcome: payments.Outcome<T>) {
  if (outcome.replayed) reply.header('Idempotent-Replayed', 'true');
  return reply.status(outcome.status).send(outcome.body);
}

/** 党费: profiles, ledger, payments, arrears, lapse decisions. */
export const duesRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(duesApi.memberProfiles, async (req) => service.listProfiles(db, ctxOf(req), req.params.id)),
    bind(duesApi.createProfile, async (req) => {
      const id = await service.createProfile(db, ctxOf(req), req.params.id, req.body);
      return service.getProfile(db, id);
    }),
    bind(duesApi.pendingProfiles, async (req) => service.pendingProfiles(db, ctxOf(req), req.query.orgId)),
    bind(duesApi.decideProfile, async (req) =>
      service.decideProfile(db, ctxOf(req), req.params.id, req.body),
    ),
    bind(duesApi.memberDues, async (req) =>
      service.memberDues(db, ctxOf(req), req.params.id, req.query.year),
    ),
    bind(duesApi.ledger, async (req) => service.ledger(db, ctxOf(req), req.query)),
    bind(duesApi.pay, async (req, reply) =>
      send(reply, await payments.pay(db, ctxOf(req), req.body, idempotencyKey(req))),
    ),
    bind(duesApi.payBatch, async (req, reply) =>
      send(reply, await payments.payBatch(db, ctxOf(req), req.body, idempotencyKey(req))),
    ),
    bind(duesApi.payments, async (req) => service.listPayments(db, ctxOf(req), req.query)),
    bind(duesApi.voidPayment, async (req) => payments.voidPayment(db, ctxOf(req), req.params.id, req.body)),
    bind(duesApi.arrears, async (req) => arrears.arrearsList(db, ctxOf(req), req.query)),
    bind(duesApi.lapseDecision, async (req) => arrears.recordDecision(db, ctxOf(req), req.body)),
  ];
};
