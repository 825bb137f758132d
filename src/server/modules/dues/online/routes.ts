import type { FastifyInstance, FastifyRequest } from 'fastify';
import { duesOnlineApi } from '../../../../shared/contracts/dues-online.js';
import { notFound } from '../../../lib/errors.js';
import { deploymentKey } from '../../../lib/pii.js';
import { bind } from '../../../lib/route.js';
import { ctxOf } from '../../auth/index.js';
import type { ModuleDeps } from '../../manifest.js';
import type { PaymentProvider } from './provider.js';
import * as online from './service.js';
import { SimulatedProvider, simulatedSecret } from './simulated.js';

/** The provider of the running app, for the daily reconciliation step (which has no deps). */
let active: online.OnlineDeps | null = null;
export const activeOnline = () => active;

function providerOf({ config, clock }: ModuleDeps): PaymentProvider | null {
  if (config.paymentProvider === 'simulated') {
    return new SimulatedProvider(
      simulatedSecret(config, () => deploymentKey(config)),
      clock,
    );
  }
  return null;
}

const RAW = Symbol('rawBody');
type WithRaw = FastifyRequest & { [RAW]?: string };

/**
 * JSON bodies of the dues scope are kept as received beside the parsed value: a provider signs the
 * exact bytes of its callback, and a re-serialised body would not verify. Parsing is Fastify's own
 * (the same errors, the same prototype-poisoning guard).
 */
export function keepRawJson(scope: FastifyInstance) {
  const parse = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as WithRaw)[RAW] = body as string;
    parse(req, body as string, done);
  });
}

/** 在线缴纳党费: the member's orders, the provider's callback, the branch's lists, the simulated cashier. */
export const duesOnlineRoutes = (deps: ModuleDeps) => {
  const provider = providerOf(deps);
  const d: online.OnlineDeps = { db: deps.database.db, provider, clock: deps.clock };
  active = d;
  const simulated = provider instanceof SimulatedProvider ? provider : null;
  // Public routes: the cashier's token is guessed no faster than a password; a provider's callbacks
  // (each one writes a log row) are capped generously, far above any provider's retry rate.
  const capped = { config: { rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute' } } };
  const callbackCap = { config: { rateLimit: { max: 600, timeWindow: '1 minute' } } };
  const cashierOrder = (orderNo: string, token: string) => {
    const o = simulated?.order(orderNo);
    if (!simulated || !o || !simulated.checkToken(orderNo, token)) throw notFound('订单');
    return o;
  };
  return [
    bind(duesOnlineApi.mine, async (req) => online.mine(d, ctxOf(req))),
    bind(duesOnlineApi.createOrder, async (req, reply) =>
      reply.status(201).send(await online.createOrder(d, ctxOf(req), req.body)),
    ),
    bind(duesOnlineApi.getOrder, async (req) => online.getOrder(d, ctxOf(req), req.params.orderNo)),
    bind(duesOnlineApi.cancelOrder, async (req) => online.cancelOrder(d, ctxOf(req), req.params.orderNo)),
    bind(duesOnlineApi.orders, async (req) => online.listOrders(d, ctxOf(req), req.query)),
    bind(duesOnlineApi.callbacks, async (req) => online.listCallbacks(d, ctxOf(req), req.query)),
    bind(duesOnlineApi.reconcile, async (req) => online.reconcileOrg(d, ctxOf(req), req.body.orgId)),
    bind(
      duesOnlineApi.callback,
      async (req, reply) => {
        const raw = (req as WithRaw)[RAW] ?? '';
        const answer = await online.handleCallback(d, req.params.provider, raw, req.headers, {
          ip: req.ip,
          requestId: String(req.id),
          log: req.log,
        });
        return reply.status(answer.status).send(answer.body);
      },
      callbackCap,
    ),
    bind(
      duesOnlineApi.cashier,
      async (req) => {
        const o = cashierOrder(req.params.orderNo, req.body.token);
        const info = await online.cashierInfo(d, o.orderNo);
        return {
          orderNo: o.orderNo,
          merchant: info.merchant,
          description: o.description,
          amountFen: o.amountFen,
          months: info.months,
          status: o.status,
          expiresAt: o.expiresAt.toISOString(),
        };
      },
      capped,
    ),
    bind(
      duesOnlineApi.cashierPay,
      async (req) => {
        cashierOrder(req.params.orderNo, req.body.token);
        // The provider's notification goes to the same handler as one from outside, signed as one.
        const r = await simulated?.pay(req.params.orderNo, req.body.deliver, (raw, headers) =>
          online.handleCallback(d, 'simulated', raw, headers, {
            ip: '127.0.0.1',
            requestId: String(req.id),
            log: req.log,
          }),
        );
        if (!r) throw notFound('订单');
        return {
          status: r.order.status === 'paid' ? ('paid' as const) : ('closed' as const),
          txnId: r.order.txnId ?? null,
          notified: r.notified,
          returnUrl: `/me/dues?order=${r.order.orderNo}`,
        };
      },
      capped,
    ),
  ];
};
