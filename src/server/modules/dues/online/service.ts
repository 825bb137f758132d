/**
 * 在线缴纳党费 (decision 0041): orders for the months a member owes, the provider's callback that
 * books them, reconciliation of orders whose callback never came, and the lists the branch reads.
 *
 * - A callback is believed only when its adapter verified the signature over the raw body; then its
 *   timestamp must lie within the rule's window and its nonce must be new. Every callback, believed
 *   or not, leaves a row in dues_payment_callbacks with its outcome, and a rejected one a warning in
 *   the server log (without the body).
 * - Booking: the order row is locked, then every month of the order is booked through the payments
 *   path (`bookPayment`: the ledger row locked, the rules as of the payment date) with method
 *   'online' and the provider's transaction id as the reference (`<txn>#YYYY-MM` when one
 *   transaction pays several months), all months in one savepoint or none. A re-delivered callback
 *   finds the order paid with the same transaction: it books nothing and answers SUCCESS.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { todayInZone } from '../../../../domain/common/dates.js';
import { yuan } from '../../../../domain/dues/amounts.js';
import { monthOf } from '../../../../domain/dues/months.js';
import type {
  CallbackOutcome,
  OnlineOrderDto,
  onlineCallbackListQuery,
  onlineOrderBody,
  onlineOrderListQuery,
} from '../../../../shared/contracts/dues-online.js';
import type { Db, DbOrTx, Tx } from '../../../db/client.js';
import { duesPaymentCallbacks, duesPaymentOrders, members, orgs } from '../../../db/schema/index.js';
import { type AuditContext, writeAudit } from '../../../lib/audit.js';
import type { RequestContext } from '../../../lib/context.js';
import { AppError, notFound } from '../../../lib/errors.js';
import { Scope } from '../../../lib/scope.js';
import { loadRules } from '../../settings/index.js';
import { bookPayment } from '../payments.js';
import * as repo from '../repo.js';
import { MEMBER, readScope, writeScope } from '../service.js';
import type { Headers, PaymentProvider } from './provider.js';

export interface OnlineDeps {
  db: Db;
  provider: PaymentProvider | null;
  clock: () => Date;
}

type OrderRow = typeof duesPaymentOrders.$inferSelect;
const ORDER = '在线缴纳订单';
const BOOKABLE = ['unpaid', 'partial'];
const minutes = (n: number) => n * 60_000;

/** The member's months due up to today's, oldest first, with what each still asks. */
async function dueMonths(db: DbOrTx, memberId: number, today: string) {
  const current = monthOf(today);
  const rows = await repo.ledgerMonthsOf(db, memberId, null, current);
  return rows
    .filter((r) => BOOKABLE.includes(r.status) && r.expectedFen !== null && r.expectedFen > r.paidFen)
    .map((r) => ({
      month: monthOf(r.month),
      balanceFen: (r.expectedFen ?? 0) - r.paidFen,
      current: monthOf(r.month) === current,
    }));
}

/** The caller's own member record (the member role's self scope of dues.pay). */
async function ownMember(db: DbOrTx, ctx: RequestContext, forUpdate = false) {
  const id = ctx.actor.memberId;
  const member = id === null ? null : await repo.findMember(db, ctx.actor.scope('dues.pay'), id, forUpdate);
  if (!member) throw notFound(MEMBER);
  return member;
}

async function names(db: DbOrTx, o: OrderRow) {
  const [row] = await db
    .select({ memberName: members.name, orgName: orgs.name })
    .from(duesPaymentOrders)
    .innerJoin(members, eq(members.id, duesPaymentOrders.memberId))
    .innerJoin(orgs, eq(orgs.id, duesPaymentOrders.orgId))
    .where(eq(duesPaymentOrders.id, o.id));
  return row ?? { memberName: '', orgName: '' };
}

function toDto(
  o: OrderRow,
  n: { memberName: string; orgName: string },
  payUrl: string | null,
): OnlineOrderDto {
  return {
    orderNo: o.orderNo,
    memberId: o.memberId,
    memberName: n.memberName,
    orgId: o.orgId,
    orgName: n.orgName,
    months: o.months.map(monthOf),
    amountFen: o.amountFen,
    provider: o.provider,
    status: o.status as OnlineOrderDto['status'],
    providerTxnId: o.providerTxnId,
    createdAt: o.createdAt.toISOString(),
    expiresAt: o.expiresAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
    closedAt: o.closedAt?.toISOString() ?? null,
    payUrl,
  };
}

/** The cashier URL, for the member's own order while it can still be paid. */
function payUrlOf(deps: OnlineDeps, ctx: RequestContext, o: OrderRow) {
  if (!deps.provider || deps.provider.name !== o.provider) return null;
  if (o.status !== 'pending' || o.memberId !== ctx.actor.memberId || deps.clock() >= o.expiresAt) return null;
  return deps.provider.resumeUrl(o.orderNo);
}

async function dtoOf(deps: OnlineDeps, db: DbOrTx, ctx: RequestContext, o: OrderRow) {
  return toDto(o, await names(db, o), payUrlOf(deps, ctx, o));
}

// ---- the member -----------------------------------------------------------------------------

export async function mine(deps: OnlineDeps, ctx: RequestContext) {
  const member = await ownMember(deps.db, ctx);
  const [latest] = await deps.db
    .select()
    .from(duesPaymentOrders)
    .where(eq(duesPaymentOrders.memberId, member.id))
    .orderBy(desc(duesPaymentOrders.createdAt), desc(duesPaymentOrders.id))
    .limit(1);
  const pending = latest && latest.status === 'pending' && deps.clock() < latest.expiresAt ? latest : null;
  return {
    enabled: deps.provider !== null,
    provider: deps.provider?.name ?? null,
    due: await dueMonths(deps.db, member.id, ctx.today),
    pending: pending ? await dtoOf(deps, deps.db, ctx, pending) : null,
    latest: latest ? await dtoOf(deps, deps.db, ctx, latest) : null,
  };
}

function newOrderNo(now: Date) {
  return `DO${now.getTime().toString(36).toUpperCase()}${randomBytes(5).toString('hex').toUpperCase()}`;
}

export async function createOrder(
  deps: OnlineDeps,
  ctx: RequestContext,
  body: z.output<typeof onlineOrderBody>,
): Promise<OnlineOrderDto> {
  const provider = deps.provider;
  if (!provider) throw new AppError('DUES_ONLINE_DISABLED');
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    // The member row is locked: two orders started at once queue here, the second sees the first.
    const member = await ownMember(tx, ctx, true);
    const rules = await loadRules(tx);
    const [open] = await tx
      .select()
      .from(duesPaymentOrders)
      .where(and(eq(duesPaymentOrders.memberId, member.id), eq(duesPaymentOrders.status, 'pending')))
      .for('update');
    if (open && now < open.expiresAt) throw new AppError('DUES_ONLINE_ORDER_PENDING');
    if (open) await closeOrderRow(tx, deps, open, now);
    const due = await dueMonths(tx, member.id, ctx.today);
    if (!due.length) throw new AppError('DUES_ONLINE_NOTHING_DUE');
    const wanted = body.months ? [...new Set(body.months)].sort() : due.map((d) => d.month);
    // The oldest months first, without gaps: a later month is never paid while an earlier one is owed.
    const chosen = due.slice(0, wanted.length);
    if (wanted.some((m, i) => chosen[i]?.month !== m)) {
      throw new AppError('DUES_ONLINE_MONTHS', undefined, [
        {
          field: 'months',
          message: `缴纳月份：须从最早欠交的${due[0].month}起连续选择（欠交月份：${due.map((d) => d.month).join('、')}）`,
        },
      ]);
    }
    const amountFen = chosen.reduce((s, d) => s + d.balanceFen, 0);
    const orderNo = newOrderNo(now);
    const expiresAt = new Date(now.getTime() + minutes(rules['dues.onlineOrderMinutes']));
    const [order] = await tx
      .insert(duesPaymentOrders)
      .values({
        orderNo,
        memberId: member.id,
        orgId: member.orgId,
        orgPath: member.orgPath,
        months: chosen.map((d) => `${d.month}-01`),
        amountFen,
        provider: provider.name,
        createdBy: ctx.actor.userId,
        createdAt: now,
        expiresAt,
      })
      .returning();
    await writeAudit(tx, ctx, {
      action: 'dues.online_order',
      entity: 'member',
      entityId: member.id,
      orgPath: member.orgPath,
      after: { orderNo, months: chosen.map((d) => d.month), amountFen, provider: provider.name },
    });
    // Registered with the provider inside the transaction: no order of ours it does not know.
    const { payUrl } = await provider.createPayment({
      orderNo,
      amountFen,
      description: `党费 ${chosen.map((d) => d.month).join('、')}`,
      expiresAt,
    });
    return toDto(order, { memberName: member.name, orgName: member.orgName }, payUrl);
  });
}

export async function getOrder(deps: OnlineDeps, ctx: RequestContext, orderNo: string) {
  const scope = readScope(ctx);
  const [o] = await deps.db
    .select()
    .from(duesPaymentOrders)
    .where(
      and(
        eq(duesPaymentOrders.orderNo, orderNo),
        scope.memberCondition(duesPaymentOrders.orgPath, duesPaymentOrders.memberId),
      ),
    );
  if (!o) throw notFound(ORDER);
  return dtoOf(deps, deps.db, ctx, o);
}

export async function cancelOrder(deps: OnlineDeps, ctx: RequestContext, orderNo: string) {
  const scope = ctx.actor.scope('dues.pay');
  return deps.db.transaction(async (tx) => {
    const [o] = await tx
      .select()
      .from(duesPaymentOrders)
      .where(
        and(
          eq(duesPaymentOrders.orderNo, orderNo),
          scope.memberCondition(duesPaymentOrders.orgPath, duesPaymentOrders.memberId),
        ),
      )
      .for('update');
    if (!o) throw notFound(ORDER);
    if (o.status !== 'pending') throw new AppError('DUES_ONLINE_ORDER_NOT_PENDING');
    const closed = await closeOrderRow(tx, deps, o, deps.clock());
    await writeAudit(tx, ctx, {
      action: 'dues.online_cancel',
      entity: 'member',
      entityId: o.memberId,
      orgPath: o.orgPath,
      before: { orderNo, status: 'pending' },
      after: { orderNo, status: closed.status },
    });
    return dtoOf(deps, tx, ctx, closed);
  });
}

/**
 * Closes a pending order at the provider and here. If the provider answers that it was paid in the
 * meantime (the member paid just before), the payment is booked instead.
 */
async function closeOrderRow(tx: Tx, deps: OnlineDeps, o: OrderRow, now: Date): Promise<OrderRow> {
  const provider = deps.provider?.name === o.provider ? deps.provider : null;
  if (provider) {
    await provider.closeOrder(o.orderNo);
    const state = await provider.queryOrder(o.orderNo);
    if (state.status === 'paid' && state.txnId && state.amountFen !== undefined && state.paidAt) {
      const r = await bookOrder(
        tx,
        o,
        { txnId: state.txnId, amountFen: state.amountFen, paidAt: state.paidAt },
        now,
        {
          ip: undefined,
          requestId: undefined,
        },
      );
      if (r.outcome === 'booked') return (await orderById(tx, o.id)) as OrderRow;
    }
  }
  const [closed] = await tx
    .update(duesPaymentOrders)
    .set({ status: 'closed', closedAt: now })
    .where(eq(duesPaymentOrders.id, o.id))
    .returning();
  return closed;
}

async function orderById(db: DbOrTx, id: number) {
  const [o] = await db.select().from(duesPaymentOrders).where(eq(duesPaymentOrders.id, id));
  return o ?? null;
}

// ---- booking ---------------------------------------------------------------------------------

type BookResult = { outcome: CallbackOutcome; detail: string | null };

/**
 * Books every month of a locked order paid by `txn` (a verified callback or the provider's answer to
 * a query), all or nothing. Answers the outcome for the callback log.
 */
async function bookOrder(
  tx: Tx,
  o: OrderRow,
  txn: { txnId: string; amountFen: number; paidAt: Date },
  now: Date,
  audit: AuditContext | null,
): Promise<BookResult> {
  if (o.status === 'paid') {
    return o.providerTxnId === txn.txnId
      ? { outcome: 'duplicate', detail: '该笔交易此前已入账，本次未重复记账' }
      : { outcome: 'refused', detail: `订单已由另一笔交易（${o.providerTxnId}）支付，本笔款项须退还` };
  }
  if (txn.amountFen !== o.amountFen) {
    return {
      outcome: 'amount_mismatch',
      detail: `通知金额${yuan(txn.amountFen)}元与订单金额${yuan(o.amountFen)}元不符`,
    };
  }
  if (o.status !== 'pending') {
    return { outcome: 'refused', detail: '订单已关闭或未能入账，款项须由党支部核实后退还或补登' };
  }
  const today = todayInZone(now);
  const paidOn = todayInZone(txn.paidAt) > today ? today : todayInZone(txn.paidAt);
  const rules = await loadRules(tx);
  // The order's own member (whoever the caller is: the provider has no scope).
  const member = await repo.findMember(tx, Scope.of([], o.memberId), o.memberId);
  try {
    const paymentIds = await tx.transaction(async (sp) => {
      const ids: number[] = [];
      for (const first of o.months) {
        const month = monthOf(first);
        const [row] = await repo.lockLedger(sp, [o.memberId], month);
        const balance = row ? (row.expectedFen ?? 0) - row.paidFen : 0;
        if (!member || balance <= 0) throw new AppError('DUES_SETTLED');
        const booked = await bookPayment(
          sp,
          member,
          {
            month,
            kind: 'regular',
            amountFen: balance,
            paidOn,
            method: 'online',
            externalRef: o.months.length > 1 ? `${txn.txnId}#${month}` : txn.txnId,
            note: `在线缴纳，订单号${o.orderNo}`,
          },
          { today, collectorId: o.createdBy, rules },
        );
        ids.push(booked.id);
      }
      // The ledger may have moved since the order was made (a payment at the branch, a new
      // profile): the order's amount must still be what its months ask, or nothing is booked.
      const sum = (await repo.paymentsByIds(sp, ids)).reduce((s, p) => s + p.amountFen, 0);
      if (sum !== o.amountFen) throw new AppError('DUES_OVERPAY');
      await sp
        .update(duesPaymentOrders)
        .set({ status: 'paid', providerTxnId: txn.txnId, paidAt: txn.paidAt })
        .where(eq(duesPaymentOrders.id, o.id));
      await writeAudit(sp, audit, {
        action: 'dues.online_paid',
        entity: 'member',
        entityId: o.memberId,
        orgPath: o.orgPath,
        after: {
          orderNo: o.orderNo,
          provider: o.provider,
          txnId: txn.txnId,
          paymentIds: ids,
          amountFen: o.amountFen,
        },
        reason: `${o.months.map(monthOf).join('、')}，合计${yuan(o.amountFen)}元`,
      });
      return ids;
    });
    return { outcome: 'booked', detail: `已入账${paymentIds.length}个月，合计${yuan(o.amountFen)}元` };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await tx
      .update(duesPaymentOrders)
      .set({ status: 'failed', providerTxnId: txn.txnId, paidAt: txn.paidAt })
      .where(eq(duesPaymentOrders.id, o.id));
    return { outcome: 'refused', detail: `台账已变化，未能入账（${err.message}），款项须由党支部核实处理` };
  }
}

// ---- the callback ----------------------------------------------------------------------------

export type Ack = { code: 'SUCCESS' | 'FAIL'; message: string };
export interface Logger {
  warn(obj: object, msg: string): void;
}

const ANSWER: Record<CallbackOutcome, { status: number; ack: Ack }> = {
  booked: { status: 200, ack: { code: 'SUCCESS', message: '成功' } },
  duplicate: { status: 200, ack: { code: 'SUCCESS', message: '成功（此前已入账）' } },
  // Received and recorded for the branch to settle: the provider must not keep re-sending it.
  refused: { status: 200, ack: { code: 'SUCCESS', message: '已接收，待人工处理' } },
  replayed: { status: 400, ack: { code: 'FAIL', message: '重放的通知' } },
  bad_signature: { status: 401, ack: { code: 'FAIL', message: '签名验证失败' } },
  unknown_order: { status: 404, ack: { code: 'FAIL', message: '订单不存在' } },
  amount_mismatch: { status: 400, ack: { code: 'FAIL', message: '金额与订单不符' } },
  stale: { status: 400, ack: { code: 'FAIL', message: '时间戳超出允许范围' } },
  malformed: { status: 400, ack: { code: 'FAIL', message: '通知格式不正确' } },
};

/** Handles a provider's callback: verify, check, book, log. Never throws for what a caller sent. */
export async function handleCallback(
  deps: OnlineDeps,
  providerName: string,
  rawBody: string,
  headers: Headers,
  meta: { ip: string; requestId: string; log: Logger },
): Promise<{ status: number; body: Ack }> {
  const now = deps.clock();
  const bodyHash = createHash('sha256').update(rawBody).digest('hex');
  const provider = deps.provider?.name === providerName ? deps.provider : null;
  const record = async (
    db: DbOrTx,
    outcome: CallbackOutcome,
    detail: string | null,
    claimed: { orderNo: string | null; txnId: string | null; nonce: string | null },
  ) => {
    await db.insert(duesPaymentCallbacks).values({
      provider: providerName.slice(0, 20),
      orderNo: claimed.orderNo?.slice(0, 64) ?? null,
      providerTxnId: claimed.txnId?.slice(0, 100) ?? null,
      nonce: claimed.nonce?.slice(0, 64) ?? null,
      outcome,
      detail,
      bodyHash,
      ip: meta.ip.slice(0, 45),
      receivedAt: now,
    });
    if (!['booked', 'duplicate'].includes(outcome)) {
      // Ids and the outcome only: the body is the provider's, and is not logged.
      meta.log.warn(
        {
          provider: providerName.slice(0, 20),
          outcome,
          orderNo: claimed.orderNo?.slice(0, 64) ?? null,
          bodyHash,
        },
        'dues online payment callback not booked',
      );
    }
    return { status: ANSWER[outcome].status, body: ANSWER[outcome].ack };
  };
  if (!provider) {
    return record(deps.db, 'unknown_order', '本系统未开通该支付机构', {
      orderNo: null,
      txnId: null,
      nonce: null,
    });
  }
  const v = provider.verifyCallback(rawBody, headers);
  if (!v.ok) return record(deps.db, v.outcome, v.detail, v);
  const claimed = { orderNo: v.orderNo, txnId: v.txnId, nonce: v.nonce };
  return deps.db.transaction(async (tx) => {
    const rules = await loadRules(tx);
    const skew = minutes(rules['dues.callbackSkewMinutes']);
    if (Math.abs(now.getTime() - v.timestamp * 1000) > skew) {
      return record(
        tx,
        'stale',
        `时间戳与服务器时间相差超过${rules['dues.callbackSkewMinutes']}分钟`,
        claimed,
      );
    }
    // The order is locked first: a nonce seen by a callback being handled right now is seen once it commits.
    const [o] = await tx
      .select()
      .from(duesPaymentOrders)
      .where(and(eq(duesPaymentOrders.orderNo, v.orderNo), eq(duesPaymentOrders.provider, provider.name)))
      .for('update');
    // A nonce only counts once a verified callback carried it (a forged one cannot burn it).
    const [seen] = await tx
      .select({ id: duesPaymentCallbacks.id })
      .from(duesPaymentCallbacks)
      .where(
        and(
          eq(duesPaymentCallbacks.provider, provider.name),
          eq(duesPaymentCallbacks.nonce, v.nonce),
          sql`${duesPaymentCallbacks.outcome} not in ('bad_signature', 'malformed')`,
        ),
      )
      .limit(1);
    if (seen) return record(tx, 'replayed', '随机串已使用过：重放的通知，未入账', claimed);
    if (!o) return record(tx, 'unknown_order', '没有这个订单号', claimed);
    const r = await bookOrder(tx, o, v, now, { ip: meta.ip, requestId: meta.requestId });
    return record(tx, r.outcome, r.detail, claimed);
  });
}

// ---- reconciliation ---------------------------------------------------------------------------

/**
 * Asks the provider about the orders pending longer than the rule's minutes (in `orgPath`'s
 * subtree, or everywhere for the daily job): paid ones are booked through the same path as a
 * callback (and logged as such), expired ones closed.
 */
export async function reconcile(
  deps: OnlineDeps,
  orgPath: string | null,
  audit: AuditContext | null,
  db: DbOrTx = deps.db,
) {
  const provider = deps.provider;
  if (!provider) throw new AppError('DUES_ONLINE_DISABLED');
  const now = deps.clock();
  const rules = await loadRules(db);
  const before = new Date(now.getTime() - minutes(rules['dues.reconcileAfterMinutes']));
  const candidates = await db
    .select({ id: duesPaymentOrders.id })
    .from(duesPaymentOrders)
    .where(
      and(
        eq(duesPaymentOrders.status, 'pending'),
        eq(duesPaymentOrders.provider, provider.name),
        lt(duesPaymentOrders.createdAt, before),
        orgPath ? sql`${duesPaymentOrders.orgPath} <@ ${orgPath}::ltree` : sql`true`,
      ),
    )
    .orderBy(duesPaymentOrders.createdAt)
    .limit(500);
  const result = { queried: 0, booked: 0, closed: 0, stillPending: 0 };
  for (const { id } of candidates) {
    // One transaction (a savepoint in the daily job's) per order: a provider that fails on one
    // order leaves the others reconciled.
    await db.transaction(async (tx) => {
      const [o] = await tx.select().from(duesPaymentOrders).where(eq(duesPaymentOrders.id, id)).for('update');
      if (o?.status !== 'pending') return;
      result.queried++;
      const state = await provider.queryOrder(o.orderNo);
      await tx.update(duesPaymentOrders).set({ queriedAt: now }).where(eq(duesPaymentOrders.id, o.id));
      if (state.status === 'paid' && state.txnId && state.amountFen !== undefined && state.paidAt) {
        const r = await bookOrder(
          tx,
          o,
          { txnId: state.txnId, amountFen: state.amountFen, paidAt: state.paidAt },
          now,
          audit,
        );
        await tx.insert(duesPaymentCallbacks).values({
          provider: provider.name,
          orderNo: o.orderNo,
          providerTxnId: state.txnId,
          nonce: null,
          outcome: r.outcome,
          detail: `对账查询：${r.detail ?? ''}`,
          bodyHash: createHash('sha256').update(JSON.stringify(state)).digest('hex'),
          ip: null,
          receivedAt: now,
        });
        if (r.outcome === 'booked') result.booked++;
        return;
      }
      if (state.status === 'pending' && now < o.expiresAt) {
        result.stillPending++;
        return;
      }
      const closed = await closeOrderRow(tx, deps, o, now);
      if (closed.status === 'paid') result.booked++;
      else result.closed++;
    });
  }
  return result;
}

export async function reconcileOrg(deps: OnlineDeps, ctx: RequestContext, orgId: number) {
  const org = await repo.findOrg(deps.db, writeScope(ctx), orgId);
  if (!org) throw notFound('组织');
  const result = await reconcile(deps, org.path, ctx);
  if (result.queried) {
    await writeAudit(deps.db, ctx, {
      action: 'dues.online_reconcile',
      entity: 'org',
      entityId: org.id,
      orgPath: org.path,
      after: result,
    });
  }
  return result;
}

// ---- the branch's lists ----------------------------------------------------------------------

export async function listOrders(
  deps: OnlineDeps,
  ctx: RequestContext,
  q: z.output<typeof onlineOrderListQuery>,
) {
  const org = await repo.findOrg(deps.db, readScope(ctx), q.orgId);
  if (!org) throw notFound('组织');
  const where = and(
    sql`${duesPaymentOrders.orgPath} <@ ${org.path}::ltree`,
    q.status ? eq(duesPaymentOrders.status, q.status) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    deps.db
      .select({ o: duesPaymentOrders, memberName: members.name, orgName: orgs.name })
      .from(duesPaymentOrders)
      .innerJoin(members, eq(members.id, duesPaymentOrders.memberId))
      .innerJoin(orgs, eq(orgs.id, duesPaymentOrders.orgId))
      .where(where)
      .orderBy(desc(duesPaymentOrders.createdAt), desc(duesPaymentOrders.id))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ total: sql<number>`count(*)::int` }).from(duesPaymentOrders).where(where),
  ]);
  return {
    data: rows.map((r) => toDto(r.o, r, payUrlOf(deps, ctx, r.o))),
    total: Number(total),
  };
}

/**
 * The callbacks of the orders in the org's subtree, newest first. Callbacks naming no order of
 * ours belong to no org: they are listed for the top of the tree only.
 */
export async function listCallbacks(
  deps: OnlineDeps,
  ctx: RequestContext,
  q: z.output<typeof onlineCallbackListQuery>,
) {
  const org = await repo.findOrg(deps.db, readScope(ctx), q.orgId);
  if (!org) throw notFound('组织');
  const where =
    org.parentId === null
      ? sql`(${duesPaymentOrders.orgPath} <@ ${org.path}::ltree or ${duesPaymentOrders.id} is null)`
      : sql`${duesPaymentOrders.orgPath} <@ ${org.path}::ltree`;
  const base = deps.db
    .select({
      id: duesPaymentCallbacks.id,
      provider: duesPaymentCallbacks.provider,
      orderNo: duesPaymentCallbacks.orderNo,
      providerTxnId: duesPaymentCallbacks.providerTxnId,
      outcome: duesPaymentCallbacks.outcome,
      detail: duesPaymentCallbacks.detail,
      ip: duesPaymentCallbacks.ip,
      receivedAt: duesPaymentCallbacks.receivedAt,
      memberName: members.name,
      orgId: duesPaymentOrders.orgId,
    })
    .from(duesPaymentCallbacks)
    .leftJoin(duesPaymentOrders, eq(duesPaymentOrders.orderNo, duesPaymentCallbacks.orderNo))
    .leftJoin(members, eq(members.id, duesPaymentOrders.memberId));
  const [rows, [{ total }]] = await Promise.all([
    base
      .where(where)
      .orderBy(desc(duesPaymentCallbacks.receivedAt), desc(duesPaymentCallbacks.id))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db
      .select({ total: sql<number>`count(*)::int` })
      .from(duesPaymentCallbacks)
      .leftJoin(duesPaymentOrders, eq(duesPaymentOrders.orderNo, duesPaymentCallbacks.orderNo))
      .where(where),
  ]);
  return {
    data: rows.map((r) => ({
      ...r,
      outcome: r.outcome as CallbackOutcome,
      receivedAt: r.receivedAt.toISOString(),
    })),
    total: Number(total),
  };
}

/** What the cashier shows of our order: the merchant (the top committee of its tree, 党费), the months. */
export async function cashierInfo(deps: OnlineDeps, orderNo: string) {
  const [row] = await deps.db
    .select({ name: orgs.name, months: duesPaymentOrders.months })
    .from(duesPaymentOrders)
    .innerJoin(orgs, sql`${orgs.path} = subpath(${duesPaymentOrders.orgPath}, 0, 1)`)
    .where(eq(duesPaymentOrders.orderNo, orderNo));
  return { merchant: `${row?.name ?? ''}党费`, months: (row?.months ?? []).map(monthOf) };
}
