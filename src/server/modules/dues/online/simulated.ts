/**
 * The simulated payment provider (`PAYMENT_PROVIDER=simulated`, on by default in the demo and the
 * tests): plays a provider inside the app so that online dues can be shown and tested end to end
 * without a merchant account. Its cashier is a page of the app (`/pay/simulated/:orderNo`); paying
 * there makes this provider sign a notification exactly as a real one would (body, timestamp, nonce
 * and signature headers) and deliver it to our callback endpoint's handler, which verifies it like
 * any other provider's.
 *
 * Signature: HMAC-SM3 (HMAC-SHA-256 where the OpenSSL has no SM3) with the deployment's secret over
 * `timestamp \n nonce \n body \n`, the layout of WeChat Pay v3's signed message. The provider's own
 * records (which orders it was asked to collect, which were paid) live in this process's memory: a
 * restart forgets them, as a simulation may; our orders then close at reconciliation.
 */
import { createHmac, getHashes, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type {
  CallbackVerdict,
  Headers,
  PaymentProvider,
  ProviderOrder,
  ProviderOrderState,
} from './provider.js';
import { header } from './provider.js';

export const SIMULATED = 'simulated';
export const SIGNATURE_HEADER = 'x-sim-signature';
export const TIMESTAMP_HEADER = 'x-sim-timestamp';
export const NONCE_HEADER = 'x-sim-nonce';
const ALGORITHM = getHashes().includes('sm3') ? 'sm3' : 'sha256';

/** The simulated provider's notification body (WeChat's fields, flattened and decrypted). */
export interface SimulatedNotice {
  orderNo: string;
  txnId: string;
  amountFen: number;
  paidAt: string;
  tradeState: 'SUCCESS';
}

export function signNotice(secret: string, timestamp: string, nonce: string, body: string): string {
  return createHmac(ALGORITHM, secret).update(`${timestamp}\n${nonce}\n${body}\n`).digest('hex');
}

/** Headers and body of a notification signed with `secret` (the tests sign their own with it). */
export function signedNotice(
  secret: string,
  notice: SimulatedNotice,
  at: Date,
  nonce = randomBytes(16).toString('hex'),
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(notice);
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      [TIMESTAMP_HEADER]: timestamp,
      [NONCE_HEADER]: nonce,
      [SIGNATURE_HEADER]: signNotice(secret, timestamp, nonce, body),
    },
  };
}

/** Checks the signature over the exact bytes received, then reads the notice. */
export function verifyNotice(secret: string, rawBody: string, headers: Headers): CallbackVerdict {
  const claimed = claimedFields(rawBody);
  const reject = (outcome: 'bad_signature' | 'malformed', detail: string): CallbackVerdict => ({
    ok: false,
    outcome,
    detail,
    ...claimed,
    nonce: header(headers, NONCE_HEADER)?.slice(0, 64) ?? null,
  });
  const timestamp = header(headers, TIMESTAMP_HEADER);
  const nonce = header(headers, NONCE_HEADER);
  const signature = header(headers, SIGNATURE_HEADER);
  if (!timestamp || !nonce || !signature) return reject('bad_signature', '缺少签名、时间戳或随机串');
  if (!/^\d{1,12}$/.test(timestamp) || !/^[A-Za-z0-9_-]{8,64}$/.test(nonce)) {
    return reject('malformed', '时间戳或随机串格式不正确');
  }
  const expected = Buffer.from(signNotice(secret, timestamp, nonce, rawBody), 'hex');
  const given = /^[0-9a-f]+$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return reject('bad_signature', '签名验证失败');
  }
  let n: Partial<SimulatedNotice>;
  try {
    n = JSON.parse(rawBody) as Partial<SimulatedNotice>;
  } catch {
    return reject('malformed', '通知内容不是JSON');
  }
  const paidAt = typeof n?.paidAt === 'string' ? new Date(n.paidAt) : null;
  if (
    !n ||
    typeof n.orderNo !== 'string' ||
    typeof n.txnId !== 'string' ||
    !/^[A-Za-z0-9_-]{1,64}$/.test(n.txnId) ||
    !Number.isSafeInteger(n.amountFen) ||
    !paidAt ||
    Number.isNaN(paidAt.getTime()) ||
    n.tradeState !== 'SUCCESS'
  ) {
    return reject('malformed', '通知缺少订单号、交易号、金额或支付时间');
  }
  return {
    ok: true,
    orderNo: n.orderNo,
    txnId: n.txnId,
    amountFen: n.amountFen as number,
    paidAt,
    nonce,
    timestamp: Number(timestamp),
  };
}

/** What an unverified body claims, cut to the log's column sizes. */
function claimedFields(rawBody: string): { orderNo: string | null; txnId: string | null } {
  try {
    const v = JSON.parse(rawBody) as Record<string, unknown> | null;
    const str = (x: unknown, n: number) => (typeof x === 'string' ? x.slice(0, n) : null);
    return { orderNo: str(v?.orderNo, 64), txnId: str(v?.txnId, 100) };
  } catch {
    return { orderNo: null, txnId: null };
  }
}

/**
 * The secret: PAYMENT_SIMULATED_SECRET, or one derived from the deployment key (lib/pii.ts), which
 * an embedded deployment generates next to its data directory on first start: no second key file
 * to keep, and a restart keeps the same secret.
 */
export function simulatedSecret(
  config: { paymentSimulatedSecret: string | undefined },
  deploymentKey: () => Buffer,
): string {
  if (config.paymentSimulatedSecret) return config.paymentSimulatedSecret;
  return createHmac('sha256', deploymentKey()).update('jiceng payment simulated v1').digest('base64');
}

interface SimOrder extends ProviderOrder {
  status: 'pending' | 'paid' | 'closed';
  txnId?: string;
  paidAt?: Date;
}

/** Delivers a signed notification to our callback handler; answers its HTTP status and body. */
export type Notify = (
  rawBody: string,
  headers: Record<string, string>,
) => Promise<{ status: number; body: { code: 'SUCCESS' | 'FAIL'; message: string } }>;

export class SimulatedProvider implements PaymentProvider {
  readonly name = SIMULATED;
  private readonly orders = new Map<string, SimOrder>();

  constructor(
    private readonly secret: string,
    private readonly clock: () => Date,
  ) {}

  /** The cashier's credential in the pay URL: only who was given the URL opens the cashier. */
  tokenOf(orderNo: string): string {
    return createHmac(ALGORITHM, this.secret).update(`cashier\n${orderNo}`).digest('base64url').slice(0, 32);
  }

  checkToken(orderNo: string, token: string): boolean {
    const a = Buffer.from(this.tokenOf(orderNo));
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async createPayment(order: ProviderOrder) {
    this.orders.set(order.orderNo, { ...order, status: 'pending' });
    return { payUrl: this.resumeUrl(order.orderNo) };
  }

  resumeUrl(orderNo: string) {
    return `/pay/simulated/${orderNo}?token=${this.tokenOf(orderNo)}`;
  }

  verifyCallback(rawBody: string, headers: Headers) {
    return verifyNotice(this.secret, rawBody, headers);
  }

  async queryOrder(orderNo: string): Promise<ProviderOrderState> {
    const o = this.orders.get(orderNo);
    if (!o) return { status: 'unknown' };
    this.expire(o);
    return { status: o.status, txnId: o.txnId, amountFen: o.amountFen, paidAt: o.paidAt };
  }

  async closeOrder(orderNo: string) {
    const o = this.orders.get(orderNo);
    if (o && o.status === 'pending') o.status = 'closed';
  }

  /** The cashier's view of an order (null: the provider does not know it). */
  order(orderNo: string): Readonly<SimOrder> | null {
    const o = this.orders.get(orderNo);
    if (o) this.expire(o);
    return o ?? null;
  }

  /**
   * The member pays at the cashier: the provider takes the money, then signs and sends its
   * notification (unless `deliver` is false: a callback lost on the way, for the reconciliation).
   */
  async pay(orderNo: string, deliver: boolean, notify: Notify) {
    const o = this.orders.get(orderNo);
    if (!o) return null;
    this.expire(o);
    if (o.status === 'pending') {
      o.status = 'paid';
      o.txnId = `SIM${randomUUID().replace(/-/g, '').slice(0, 24).toUpperCase()}`;
      o.paidAt = this.clock();
    }
    if (o.status !== 'paid' || !o.txnId || !o.paidAt) return { order: o, notified: null };
    if (!deliver) return { order: o, notified: null };
    const notice = signedNotice(
      this.secret,
      {
        orderNo: o.orderNo,
        txnId: o.txnId,
        amountFen: o.amountFen,
        paidAt: o.paidAt.toISOString(),
        tradeState: 'SUCCESS',
      },
      this.clock(),
    );
    const answer = await notify(notice.body, notice.headers);
    return { order: o, notified: answer.body };
  }

  private expire(o: SimOrder) {
    if (o.status === 'pending' && this.clock() >= o.expiresAt) o.status = 'closed';
  }
}
