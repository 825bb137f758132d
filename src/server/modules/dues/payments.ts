/**
 * Booking payments, with idempotency.
 *
 * - `Idempotency-Key`: the key row is inserted first (ON CONFLICT DO NOTHING) in the same
 *   transaction as the payment. A concurrent request with the same key waits on that insert until
 *   the first commits, then finds the stored response and replays it; if the first fails and rolls
 *   back, the key is free again and the retry books. Same key with another body, or by another
 *   user, is a 409. Only successful results are stored: a refused request can be corrected and sent
 *   again with the same key.
 * - Over-booking: the ledger row of the month is locked FOR UPDATE before `checkPayment` reads its
 *   paid amount, so concurrent payments for one month queue and the later ones see the balance left.
 * - A provider's `externalRef` books once (unique index): a re-delivered callback without a key
 *   answers 409 instead of booking twice.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { yuan } from '../../../domain/dues/amounts.js';
import { checkPayment } from '../../../domain/dues/ledger.js';
import { monthDiff, monthOf } from '../../../domain/dues/months.js';
import type {
  PaymentDto,
  paymentBatchBody,
  paymentBody,
  paymentVoidBody,
} from '../../../shared/contracts/dues.js';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { members } from '../../db/schema/index.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { workIn } from '../../lib/unit-of-work.js';
import { loadRules } from '../settings/index.js';
import { duesRuleErrors } from './errors.js';
import { ensureLedger, refreshPaid } from './ledger.js';
import * as repo from './repo.js';
import { detectRuns } from './runs.js';
import { MEMBER, noStanding, standingsOf, toLedgerDto, toPaymentDto, writeScope } from './service.js';

export const KEY_SCOPE = 'dues.payments';
export const BATCH_KEY_SCOPE = 'dues.payments.batch';

/** JSON with keys sorted at every level, so that the same body always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export const requestHash = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex');

export interface Outcome<T> {
  status: number;
  body: T;
  replayed: boolean;
}

const KEY_CONFLICT = (message: string) =>
  new AppError('DUES_IDEMPOTENCY_CONFLICT', message, [
    { field: 'Idempotency-Key', code: 'IDEMPOTENCY_CONFLICT', message },
  ]);

const DUPLICATE_REF_MESSAGE = '交易号：该笔线上支付已登记，不能重复入账';
const DUPLICATE_REF = () =>
  new AppError('DUES_DUPLICATE_REF', DUPLICATE_REF_MESSAGE, [
    { field: 'externalRef', code: 'DUES_DUPLICATE_REF', message: DUPLICATE_REF_MESSAGE },
  ]);

/**
 * Runs `work` once per (scope, key): the first call's status and body are stored with the key in
 * the same transaction; a repeat with the same body gets them back.
 */
async function idempotent<T>(
  db: Db,
  ctx: RequestContext,
  scope: string,
  key: string | undefined,
  body: unknown,
  work: (tx: Tx) => Promise<{ status: number; body: T }>,
): Promise<Outcome<T>> {
  const hash = requestHash(body);
  try {
    return await db.transaction(async (tx) => {
      if (key !== undefined) {
        const claimed = await repo.claimKey(tx, scope, key, ctx.actor.userId, hash);
        if (!claimed) {
          const row = await repo.findKey(tx, scope, key);
          if (!row || row.statusCode === null) {
            throw KEY_CONFLICT('幂等键：同一请求正在处理中，请稍后重试');
          }
          if (row.userId !== ctx.actor.userId) {
            throw KEY_CONFLICT('幂等键：该键已被其他用户使用，请更换');
          }
          if (row.requestHash !== hash) {
            throw KEY_CONFLICT('幂等键：该键已用于内容不同的请求，请更换幂等键');
          }
          return { status: row.statusCode, body: row.response as T, replayed: true };
        }
      }
      const result = await work(tx);
      if (key !== undefined) await repo.saveKeyResponse(tx, scope, key, result.status, result.body);
      return { ...result, replayed: false };
    });
  } catch (err) {
    if (uniqueViolation(err, 'dues_payments_external_ref_idx')) throw DUPLICATE_REF();
    throw err;
  }
}

/** A unique violation of the named index (the driver's error, possibly wrapped by Drizzle). */
function uniqueViolation(err: unknown, constraint: string): boolean {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined; e; ) {
    if (e.code === '23505' && (!e.constraint || e.constraint === constraint)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

type PaymentResult = { payment: PaymentDto; ledger: ReturnType<typeof toLedgerDto> | null };

async function ledgerDto(tx: DbOrTx, ctx: RequestContext, ledgerId: number | null) {
  if (ledgerId === null) return null;
  const row = await repo.ledgerRow(tx, ledgerId);
  if (!row) return null;
  const rules = await loadRules(tx);
  const current = monthOf(ctx.today);
  const standing =
    (await standingsOf(tx, [row.memberId], current, rules)).get(row.memberId) ?? noStanding(current, rules);
  const write = writeScope(ctx);
  return toLedgerDto(row, standing, (p) => write.containsPath(p));
}

export async function pay(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof paymentBody>,
  key: string | undefined,
): Promise<Outcome<PaymentResult>> {
  return idempotent(db, ctx, KEY_SCOPE, key, body, async (tx) => {
    const member = await repo.findMember(tx, writeScope(ctx), body.memberId);
    if (!member) throw notFound(MEMBER);
    const rules = await loadRules(tx);
    const booked = await bookPayment(tx, member, body, {
      today: ctx.today,
      collectorId: ctx.actor.userId,
      rules,
    });
    await writeAudit(tx, ctx, {
      action: 'dues.payment.create',
      entity: 'dues_payment',
      entityId: booked.id,
      orgPath: member.orgPath,
      after: { ...body, late: booked.late, toCentre: booked.toCentre },
    });
    const [payment] = await repo.paymentsByIds(tx, [booked.id]);
    return {
      status: 201,
      body: {
        payment: toPaymentDto(payment),
        ledger: body.kind === 'regular' ? await ledgerDto(tx, ctx, booked.ledgerId) : null,
      },
    };
  });
}

/**
 * Books one payment of a member already found in the caller's scope, in the caller's transaction:
 * the rules of `checkPayment` as of `paidOn` (late back-payment, advance limit, over-payment) with
 * the month's ledger row locked, the provider reference booked once, the runs of unpaid months
 * updated. The online callback books each month of an order through here (./online/service.ts).
 */
/** Marks the branches whose members' payments changed (topic `dues`) and lets their listeners run. */
async function touchDues(tx: Tx, today: string, orgIds: Array<number | undefined>) {
  const work = workIn(tx, today);
  work.tx.touch('dues', orgIds);
  await work.flush();
}

export async function bookPayment(
  tx: Tx,
  member: repo.MemberRow,
  body: Omit<z.output<typeof paymentBody>, 'memberId'>,
  opts: { today: string; collectorId: number; rules: Awaited<ReturnType<typeof loadRules>> },
): Promise<{ id: number; ledgerId: number | null; late: boolean; toCentre: boolean }> {
  const { rules, today } = opts;
  if (body.externalRef && (await repo.paymentWithExternalRef(tx, body.externalRef))) {
    throw DUPLICATE_REF();
  }
  // Months beyond the advance limit are refused by checkPayment; don't create ledger rows for them.
  if (monthDiff(monthOf(today), body.month) <= rules['dues.advanceMonths']) {
    await ensureLedger(tx, { memberIds: [member.id] }, [body.month], rules);
  }
  const [row] = await repo.lockLedger(tx, [member.id], body.month);
  const check = checkPayment(
    {
      kind: body.kind,
      month: body.month,
      amountFen: body.amountFen,
      paidOn: body.paidOn,
      today,
      ledger: row ? { expectedFen: row.expectedFen, paidFen: row.paidFen } : null,
    },
    rules,
  );
  if (check.errors.length) throw duesRuleErrors(check.errors, today);
  const id = await repo.insertPayment(tx, {
    memberId: member.id,
    ledgerId: row?.id ?? null,
    orgId: member.orgId,
    orgPath: member.orgPath,
    month: body.month,
    kind: body.kind,
    amountFen: body.amountFen,
    paidOn: body.paidOn,
    method: body.method,
    payerName: body.payerName ?? null,
    externalRef: body.externalRef ?? null,
    note: body.note ?? null,
    late: check.late,
    toCentre: check.toCentre,
    collectorId: opts.collectorId,
  });
  if (row && body.kind === 'regular') {
    await refreshPaid(tx, row.id);
    // A payment entered with its real, earlier date can undo a run; a late one never does.
    await detectRuns(tx, [member.id], today, rules);
  }
  // The member's points (dues on time / late) are derived from the ledger (issue #20).
  await touchDues(tx, today, [member.orgId]);
  return { id, ledgerId: row?.id ?? null, late: check.late, toCentre: check.toCentre };
}

export async function payBatch(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof paymentBatchBody>,
  key: string | undefined,
): Promise<Outcome<{ payments: PaymentDto[]; paidFen: number }>> {
  return idempotent(db, ctx, BATCH_KEY_SCOPE, key, body, async (tx) => {
    const scope = writeScope(ctx);
    const org = await repo.findOrg(tx, scope, body.orgId);
    if (!org) throw notFound('组织');
    const ids = [...new Set(body.memberIds)];
    const members = await repo.membersInSubtree(tx, scope, org.path, ids);
    if (members.length !== ids.length) throw notFound(MEMBER);
    const rules = await loadRules(tx);
    if (monthDiff(monthOf(ctx.today), body.month) <= rules['dues.advanceMonths']) {
      await ensureLedger(tx, { memberIds: ids }, [body.month], rules);
    }
    // Locked in member order, so two batches over the same members cannot deadlock.
    const rows = new Map((await repo.lockLedger(tx, ids, body.month)).map((r) => [r.memberId, r]));
    const findings: { code: string; message: string; field: string }[] = [];
    const planned: { member: repo.MemberRow; ledgerId: number; amountFen: number; late: boolean }[] = [];
    for (const m of members) {
      const row = rows.get(m.id);
      const balance = row ? (row.expectedFen ?? 0) - row.paidFen : 0;
      const check = checkPayment(
        {
          kind: 'regular',
          month: body.month,
          amountFen: balance > 0 ? balance : 1,
          paidOn: body.paidOn,
          today: ctx.today,
          ledger: row ? { expectedFen: row.expectedFen, paidFen: row.paidFen } : null,
        },
        rules,
      );
      // All or nothing: every refusal is reported, naming the member.
      for (const e of check.errors)
        findings.push({ code: e.code, field: 'memberIds', message: `${m.name}：${e.message}` });
      if (!check.errors.length && row)
        planned.push({ member: m, ledgerId: row.id, amountFen: balance, late: check.late });
    }
    if (findings.length) throw duesRuleErrors(findings, ctx.today);
    const paymentIds: number[] = [];
    for (const p of planned) {
      paymentIds.push(
        await repo.insertPayment(tx, {
          memberId: p.member.id,
          ledgerId: p.ledgerId,
          orgId: p.member.orgId,
          orgPath: p.member.orgPath,
          month: body.month,
          kind: 'regular',
          amountFen: p.amountFen,
          paidOn: body.paidOn,
          method: body.method,
          payerName: null,
          externalRef: null,
          note: null,
          late: p.late,
          toCentre: false,
          collectorId: ctx.actor.userId,
        }),
      );
      await refreshPaid(tx, p.ledgerId);
    }
    await detectRuns(
      tx,
      planned.map((p) => p.member.id),
      ctx.today,
      rules,
    );
    await touchDues(
      tx,
      ctx.today,
      planned.map((p) => p.member.orgId),
    );
    const paidFen = planned.reduce((s, p) => s + p.amountFen, 0);
    await writeAudit(tx, ctx, {
      action: 'dues.payment.batch',
      entity: 'dues_payment',
      orgPath: org.path,
      after: { ...body, paymentIds, paidFen },
      reason: `批量登记${planned.length}人，合计${yuan(paidFen)}元`,
    });
    const payments = (await repo.paymentsByIds(tx, paymentIds)).map(toPaymentDto);
    return { status: 201, body: { payments, paidFen } };
  });
}

export async function voidPayment(
  db: Db,
  ctx: RequestContext,
  id: number,
  body: z.infer<typeof paymentVoidBody>,
): Promise<PaymentResult> {
  return db.transaction(async (tx) => {
    const p = await repo.findPaymentForUpdate(tx, writeScope(ctx), id);
    if (!p) throw notFound('交纳记录');
    if (p.voidedAt !== null) throw new AppError('DUES_PAYMENT_ALREADY_VOID');
    await repo.voidPayment(tx, id, body.reason, ctx.actor.userId);
    if (p.ledgerId !== null) {
      await refreshPaid(tx, p.ledgerId);
      // A voided payment was never made: the month may complete (or lengthen) a run.
      await detectRuns(tx, [p.memberId], ctx.today, await loadRules(tx));
    }
    const [owner] = await tx.select({ orgId: members.orgId }).from(members).where(eq(members.id, p.memberId));
    await touchDues(tx, ctx.today, [owner?.orgId]);
    await writeAudit(tx, ctx, {
      action: 'dues.payment.void',
      entity: 'dues_payment',
      entityId: id,
      orgPath: p.orgPath,
      before: { voided: false },
      after: { voided: true },
      reason: body.reason,
    });
    const [payment] = await repo.paymentsByIds(tx, [id]);
    return { payment: toPaymentDto(payment), ledger: await ledgerDto(tx, ctx, p.ledgerId) };
  });
}
