/**
 * What a payment provider adapter implements (decision 0041). The dues module talks to providers
 * only through this interface: the simulated one ships (./simulated.ts); a WeChat Pay v3 or a bank's
 * aggregated-payment adapter would implement the same five members (described in the decision).
 *
 * The adapter verifies what only it can (the signature over the raw body, decrypting the resource,
 * the provider's field names); the service decides the rest the same for every provider: the
 * timestamp window and nonce replay, the order and its amount, and booking through the payments path.
 */

/** What we ask the provider to collect. */
export interface ProviderOrder {
  /** Our order number (商户订单号, WeChat's out_trade_no). */
  orderNo: string;
  amountFen: number;
  /** Shown by the provider's cashier (WeChat's description). */
  description: string;
  /** The provider closes the order itself after this (WeChat's time_expire). */
  expiresAt: Date;
}

/** A callback whose signature holds: what the provider says happened. */
export interface VerifiedCallback {
  ok: true;
  orderNo: string;
  /** The provider's transaction id (WeChat's transaction_id): the booking's key. */
  txnId: string;
  amountFen: number;
  paidAt: Date;
  nonce: string;
  /** Seconds since the epoch, as signed. */
  timestamp: number;
}

/** A callback that cannot be believed: nothing in it is used but to log it. */
export interface RejectedCallback {
  ok: false;
  outcome: 'bad_signature' | 'malformed';
  detail: string;
  /** As the body claimed them, for the log (unverified). */
  orderNo: string | null;
  txnId: string | null;
  nonce: string | null;
}

export type CallbackVerdict = VerifiedCallback | RejectedCallback;

/** The provider's own record of an order (a query, for reconciliation). */
export interface ProviderOrderState {
  status: 'paid' | 'pending' | 'closed' | 'unknown';
  txnId?: string;
  amountFen?: number;
  paidAt?: Date;
}

export type Headers = Record<string, string | string[] | undefined>;

export interface PaymentProvider {
  /** The adapter's name: the callback path's `:provider` and dues_payment_orders.provider. */
  readonly name: string;
  /** Registers the order with the provider; answers where the member pays. */
  createPayment(order: ProviderOrder): Promise<{ payUrl: string }>;
  /** Checks the signature over the exact bytes received and reads the notification. */
  verifyCallback(rawBody: string, headers: Headers): CallbackVerdict;
  /**
   * Where the member goes on paying an order still pending (a WeChat adapter asks for the prepay
   * again with the same out_trade_no, which answers the same prepay_id).
   */
  resumeUrl(orderNo: string): string;
  /** Asks the provider what became of an order (a callback may have been lost). */
  queryOrder(orderNo: string): Promise<ProviderOrderState>;
  /** Closes an unpaid order at the provider, so that it cannot be paid any more. */
  closeOrder(orderNo: string): Promise<void>;
}

/** The first value of a header (Node lower-cases the names). */
export function header(headers: Headers, name: string): string | null {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? null : s;
}
