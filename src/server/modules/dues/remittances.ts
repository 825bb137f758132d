/**
 * 党费上缴: an org sends dues up to a higher org; the receiver confirms arrival. Each org has its own
 * remittance ledger in which held = collected + received − remitted.
 *
 * Sending never lets an org remit more than it holds: the check and the insert run in one
 * transaction holding the sender's org row FOR UPDATE, so two concurrent remittances queue on the
 * lock and the second sees the first's amount (a plain read-then-insert would let both pass).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { yuan } from '../../../domain/dues/amounts.js';
import { firstDay } from '../../../domain/dues/months.js';
import type {
  remittanceBody,
  remittanceConfirmBody,
  remittanceDto,
  remittanceLedgerDto,
} from '../../../shared/contracts/dues.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { queryRows } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { bigintFen, flows, type OrgRow, orgInScope } from './summary.js';

type RemittanceDto = z.infer<typeof remittanceDto>;
type LedgerDto = z.infer<typeof remittanceLedgerDto>;

const lineRow = z.object({
  id: z.number(),
  fromOrgId: z.number(),
  fromOrgName: z.string(),
  fromOrgPath: z.string(),
  toOrgId: z.number(),
  toOrgName: z.string(),
  toOrgPath: z.string(),
  amountFen: z.number(),
  remittedOn: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  voucherNo: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(['sent', 'confirmed']),
  confirmedOn: z.string().nullable(),
});
type Line = z.infer<typeof lineRow>;

const lineColumns = sql`r.id, r.from_org_id as "fromOrgId", f.name as "fromOrgName", r.from_org_path::text as "fromOrgPath",
  r.to_org_id as "toOrgId", t.name as "toOrgName", r.to_org_path::text as "toOrgPath", r.amount_fen as "amountFen",
  r.remitted_on::text as "remittedOn", to_char(r.period_from, 'YYYY-MM') as "periodFrom",
  to_char(r.period_to, 'YYYY-MM') as "periodTo", r.voucher_no as "voucherNo", r.note, r.status,
  r.confirmed_on::text as "confirmedOn"`;

/** Held = collected + confirmed received − sent, over all time (money carries over the new year). */
async function heldNow(db: DbOrTx, org: OrgRow): Promise<number> {
  const [f] = await flows(db, org, '1900-01-01', '9999-12-31', true);
  return f ? f.collectedFen + f.receivedFen - f.remittedFen : 0;
}

/**
 * GET /api/dues/remittances: the org's lines of the year, in and out, oldest first, each with the
 * held balance after it. The balance counts the year's collections up to the line's date, so a
 * line reads as "what the org held once this was sent / received".
 */
export async function ledger(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  year: number,
): Promise<LedgerDto> {
  const org = await orgInScope(db, ctx.actor.scope('dues.read'), orgId);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const lines = await queryRows(
    db,
    sql`select ${lineColumns} from dues_remittances r
        join orgs f on f.id = r.from_org_id join orgs t on t.id = r.to_org_id
        where (r.from_org_id = ${org.id} or r.to_org_id = ${org.id})
          and r.remitted_on between ${from}::date and ${to}::date
        order by r.remitted_on, r.id`,
    lineRow,
  );
  const days = await queryRows(
    db,
    sql`select paid_on::text as day, sum(amount_fen)::bigint as fen from dues_payments
        where org_id = ${org.id} and voided_at is null and paid_on between ${from}::date and ${to}::date
        group by paid_on order by paid_on`,
    z.object({ day: z.string(), fen: bigintFen }),
  );
  const writeScope = ctx.actor.scope('dues.write');
  let balance = 0;
  let di = 0;
  const out: RemittanceDto[] = [];
  for (const l of lines) {
    while (di < days.length && days[di].day <= l.remittedOn) balance += Number(days[di++].fen);
    const direction = l.fromOrgId === org.id ? 'out' : 'in';
    if (direction === 'out') balance -= l.amountFen;
    else if (l.status === 'confirmed') balance += l.amountFen;
    out.push(toDto(l, direction, balance, writeScope.containsPath(l.toOrgPath)));
  }
  const [f] = await flows(db, org, from, to, true);
  return {
    orgId: org.id,
    orgName: org.name,
    year,
    collectedFen: f.collectedFen,
    receivedFen: f.receivedFen,
    remittedFen: f.remittedFen,
    heldFen: f.collectedFen + f.receivedFen - f.remittedFen,
    lines: out,
  };
}

function toDto(l: Line, direction: 'in' | 'out', balanceFen: number, canConfirm: boolean): RemittanceDto {
  return {
    id: l.id,
    fromOrgId: l.fromOrgId,
    fromOrgName: l.fromOrgName,
    toOrgId: l.toOrgId,
    toOrgName: l.toOrgName,
    amountFen: l.amountFen,
    remittedOn: l.remittedOn,
    periodFrom: l.periodFrom,
    periodTo: l.periodTo,
    voucherNo: l.voucherNo,
    note: l.note,
    status: l.status,
    confirmedOn: l.confirmedOn,
    direction,
    balanceFen,
    abilities: { confirm: canConfirm && l.status === 'sent' },
  };
}

/** The line as it reads in one org's ledger of its year. */
async function lineIn(db: Db, ctx: RequestContext, orgId: number, id: number, remittedOn: string) {
  const l = await ledger(db, ctx, orgId, Number(remittedOn.slice(0, 4)));
  const line = l.lines.find((x) => x.id === id);
  if (!line) throw notFound('上缴记录');
  return line;
}

/** POST /api/dues/remittances */
export async function create(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof remittanceBody>,
): Promise<RemittanceDto> {
  const scope = ctx.actor.scope('dues.write');
  if (body.periodFrom > body.periodTo) {
    throw fieldErrors([{ field: 'periodTo', message: '所属期间：结束月份不能早于起始月份' }]);
  }
  if (body.remittedOn > ctx.today) {
    throw fieldErrors([{ field: 'remittedOn', message: '上缴日期：不能晚于今天' }]);
  }
  const id = await db.transaction(async (tx) => {
    const from = await orgInScope(tx, scope, body.fromOrgId, true);
    const toId = body.toOrgId ?? from.parentId;
    if (toId === null) {
      throw fieldErrors([{ field: 'toOrgId', message: '上缴对象：本组织没有上级党组织' }]);
    }
    // The receiver is above the sender and usually outside the sender's scope: read it only to
    // check that it is a proper ancestor (anything else gets the same answer, revealing nothing).
    const [to] = await queryRows(
      tx,
      sql`select id, path::text as path from orgs where id = ${toId}`,
      z.object({ id: z.number(), path: z.string() }),
    );
    if (!to || !from.path.startsWith(`${to.path}.`)) {
      throw fieldErrors([{ field: 'toOrgId', message: '上缴对象：须为本组织的上级党组织' }]);
    }
    const held = await heldNow(tx, from);
    if (body.amountFen > held) {
      const message = `金额：超过本组织可上缴的结存${yuan(Math.max(held, 0))}元`;
      throw new AppError('DUES_REMITTANCE_OVER_HELD', message, [{ field: 'amountFen', message }]);
    }
    const [row] = await queryRows(
      tx,
      sql`insert into dues_remittances (from_org_id, from_org_path, to_org_id, to_org_path, amount_fen,
            remitted_on, period_from, period_to, voucher_no, note, status, created_by)
          values (${from.id}, ${from.path}::ltree, ${to.id}, ${to.path}::ltree, ${body.amountFen},
            ${body.remittedOn}::date, ${firstDay(body.periodFrom)}::date, ${firstDay(body.periodTo)}::date,
            ${body.voucherNo ?? null}, ${body.note ?? null}, 'sent', ${ctx.actor.userId})
          returning id`,
      z.object({ id: z.number() }),
    );
    await writeAudit(tx, ctx, {
      action: 'dues.remittance.create',
      entity: 'dues_remittance',
      entityId: row.id,
      orgPath: from.path,
      after: { ...body, toOrgId: to.id, heldBeforeFen: held },
    });
    return row.id;
  });
  return lineIn(db, ctx, body.fromOrgId, id, body.remittedOn);
}

/**
 * POST /api/dues/remittances/:id/confirm: only an actor whose scope holds the receiver confirms
 * (an org_admin above both may; the sender alone may not).
 */
export async function confirm(
  db: Db,
  ctx: RequestContext,
  id: number,
  body: z.infer<typeof remittanceConfirmBody>,
): Promise<RemittanceDto> {
  const scope = ctx.actor.scope('dues.write');
  const line = await db.transaction(async (tx) => {
    const [l] = await queryRows(
      tx,
      sql`select ${lineColumns} from dues_remittances r
          join orgs f on f.id = r.from_org_id join orgs t on t.id = r.to_org_id
          where r.id = ${id} and (${scope.pathCondition(sql`r.from_org_path`)} or ${scope.pathCondition(sql`r.to_org_path`)})
          for update of r`,
      lineRow,
    );
    if (!l) throw notFound('上缴记录');
    if (!scope.containsPath(l.toOrgPath)) {
      throw new AppError('FORBIDDEN', '确认到账须由接收上缴款的上级党组织办理');
    }
    if (l.status !== 'sent') throw new AppError('DUES_REMITTANCE_ALREADY_CONFIRMED');
    if (body.confirmedOn < l.remittedOn) {
      throw fieldErrors([{ field: 'confirmedOn', message: '确认日期：不能早于上缴日期' }]);
    }
    if (body.confirmedOn > ctx.today) {
      throw fieldErrors([{ field: 'confirmedOn', message: '确认日期：不能晚于今天' }]);
    }
    await tx.execute(sql`update dues_remittances set status = 'confirmed', confirmed_on = ${body.confirmedOn}::date,
        confirmed_by = ${ctx.actor.userId} where id = ${id}`);
    await writeAudit(tx, ctx, {
      action: 'dues.remittance.confirm',
      entity: 'dues_remittance',
      entityId: id,
      orgPath: l.toOrgPath,
      before: { status: 'sent' },
      after: { status: 'confirmed', confirmedOn: body.confirmedOn },
    });
    return l;
  });
  return lineIn(db, ctx, line.toOrgId, id, line.remittedOn);
}
