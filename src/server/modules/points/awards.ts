/**
 * Manual awards and deductions (奖励 / 扣分): proposed with a reason by someone holding
 * points.propose over the member, decided by ANOTHER person holding points.approve over the member
 * (the DB check `points_awards_two_people` holds the same line), withdrawn only by the proposer.
 * An approved award is one ledger row (kind award or deduction, source key `award:<id>`, rule
 * manual) and the member's total of its year moves with it, in the same transaction.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { rulesInForceOn } from '../../../domain/orglife/versions.js';
import {
  AWARD_STATUSES,
  type AwardDto,
  type awardCreateBody,
  type awardDecideBody,
  type awardListQuery,
} from '../../../shared/contracts/points.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { members, orgs, pointsAwards, pointsEntries } from '../../db/schema/index.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { inSubtree } from '../../lib/scope.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { orgRepo } from '../orgs/index.js';
import { loadRuleHistory, loadRules } from '../settings/index.js';
import { refreshTotals } from './recompute.js';

const AWARD = '奖励或扣分';
const MEMBER = '党员';

const nameOf = (col: typeof pointsAwards.proposedBy | typeof pointsAwards.decidedBy) =>
  sql<string | null>`(select display_name from users where id = ${col})`;

const selection = {
  a: pointsAwards,
  memberName: members.name,
  orgName: orgs.name,
  proposedByName: nameOf(pointsAwards.proposedBy),
  decidedByName: nameOf(pointsAwards.decidedBy),
};

type Row = {
  a: typeof pointsAwards.$inferSelect;
  memberName: string;
  orgName: string;
  proposedByName: string | null;
  decidedByName: string | null;
};

function toDto(r: Row): AwardDto {
  const a = r.a;
  return {
    id: a.id,
    memberId: a.memberId,
    memberName: r.memberName,
    orgId: a.orgId,
    orgName: r.orgName,
    occurredOn: a.occurredOn,
    points: a.points,
    reason: a.reason,
    status: (AWARD_STATUSES as readonly string[]).includes(a.status)
      ? (a.status as AwardDto['status'])
      : 'proposed',
    proposedBy: a.proposedBy,
    proposedByName: r.proposedByName ?? '',
    proposedAt: a.proposedAt.toISOString(),
    decidedByName: r.decidedByName,
    decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
    decisionNote: a.decisionNote,
  };
}

async function findOne(db: DbOrTx, id: number, where: ReturnType<typeof and>, lock = false) {
  const q = db
    .select(selection)
    .from(pointsAwards)
    .innerJoin(members, eq(members.id, pointsAwards.memberId))
    .innerJoin(orgs, eq(orgs.id, pointsAwards.orgId))
    .where(and(eq(pointsAwards.id, id), where));
  const [row] = lock ? await q.for('update', { of: pointsAwards }) : await q;
  return row ?? null;
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof awardListQuery>) {
  const scope = ctx.actor.scope('points.read');
  const org = await orgRepo.findOrg(db, scope, q.orgId);
  if (!org) throw notFound('党组织');
  const where = and(
    inSubtree(pointsAwards.orgPath, org.path),
    scope.pathCondition(pointsAwards.orgPath),
    q.status ? eq(pointsAwards.status, q.status) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(selection)
      .from(pointsAwards)
      .innerJoin(members, eq(members.id, pointsAwards.memberId))
      .innerJoin(orgs, eq(orgs.id, pointsAwards.orgId))
      .where(where)
      .orderBy(desc(pointsAwards.proposedAt), desc(pointsAwards.id))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(pointsAwards).where(where),
  ]);
  return { data: rows.map(toDto), total };
}

export async function propose(db: Db, ctx: RequestContext, body: z.infer<typeof awardCreateBody>) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const [member] = await tx
      .select({ id: members.id, orgId: members.orgId, orgPath: members.orgPath, status: members.status })
      .from(members)
      .where(
        and(eq(members.id, body.memberId), ctx.actor.scope('points.propose').pathCondition(members.orgPath)),
      );
    if (!member || member.status === 'left' || member.status === 'deceased') throw notFound(MEMBER);
    if (body.occurredOn > ctx.today) {
      throw fieldErrors([{ field: 'occurredOn', message: '日期：不能晚于今天' }]);
    }
    const rules = rulesInForceOn(body.occurredOn, await loadRules(tx), await loadRuleHistory(tx));
    const max = rules['points.awardMax'];
    if (Math.abs(body.points) > max) {
      throw fieldErrors([{ field: 'points', message: `分值：每次奖励或扣分不超过${max}分` }]);
    }
    const [row] = await tx
      .insert(pointsAwards)
      .values({
        memberId: member.id,
        orgId: member.orgId,
        orgPath: member.orgPath,
        occurredOn: body.occurredOn,
        points: body.points,
        reason: body.reason,
        proposedBy: ctx.actor.userId,
      })
      .returning({ id: pointsAwards.id });
    await writeAudit(tx, ctx, {
      action: 'points.award.propose',
      entity: 'points_award',
      entityId: row.id,
      orgPath: member.orgPath,
      after: { memberId: member.id, points: body.points, occurredOn: body.occurredOn },
      reason: body.reason,
    });
    const found = await findOne(tx, row.id, undefined);
    if (!found) throw notFound(AWARD);
    return toDto(found);
  });
}

export async function decide(db: Db, ctx: RequestContext, id: number, body: z.infer<typeof awardDecideBody>) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await findOne(
      tx,
      id,
      ctx.actor.scope('points.approve').pathCondition(pointsAwards.orgPath),
      true,
    );
    if (!row) throw notFound(AWARD);
    if (row.a.status !== 'proposed') throw new AppError('POINTS_AWARD_DECIDED');
    if (row.a.proposedBy === ctx.actor.userId) throw new AppError('POINTS_AWARD_SELF_DECISION');
    const status = body.approve ? 'approved' : 'rejected';
    await tx
      .update(pointsAwards)
      .set({ status, decidedBy: ctx.actor.userId, decidedAt: ctx.now, decisionNote: body.note ?? null })
      .where(eq(pointsAwards.id, id));
    if (body.approve) {
      const [member] = await tx
        .select({ orgId: members.orgId, orgPath: members.orgPath })
        .from(members)
        .where(eq(members.id, row.a.memberId));
      const year = Number(row.a.occurredOn.slice(0, 4));
      await tx.insert(pointsEntries).values({
        memberId: row.a.memberId,
        orgId: member?.orgId ?? row.a.orgId,
        orgPath: member?.orgPath ?? row.a.orgPath,
        year,
        occurredOn: row.a.occurredOn,
        rule: 'manual',
        sourceKey: `award:${id}`,
        points: row.a.points,
        kind: row.a.points > 0 ? 'award' : 'deduction',
        note: `${row.a.points > 0 ? '奖励' : '扣分'}：${row.a.reason}`.slice(0, 200),
      });
      await refreshTotals(tx, [row.a.memberId], year);
    }
    await writeAudit(tx, ctx, {
      action: body.approve ? 'points.award.approve' : 'points.award.reject',
      entity: 'points_award',
      entityId: id,
      orgPath: row.a.orgPath,
      before: { status: 'proposed' },
      after: { status, memberId: row.a.memberId, points: row.a.points },
      reason: body.note ?? null,
    });
    const found = await findOne(tx, id, undefined);
    if (!found) throw notFound(AWARD);
    return toDto(found);
  });
}

export async function withdraw(db: Db, ctx: RequestContext, id: number) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await findOne(
      tx,
      id,
      ctx.actor.scope('points.propose').pathCondition(pointsAwards.orgPath),
      true,
    );
    if (!row) throw notFound(AWARD);
    if (row.a.proposedBy !== ctx.actor.userId) {
      throw new AppError('FORBIDDEN', '只有提出人可以撤回奖励或扣分');
    }
    if (row.a.status !== 'proposed') throw new AppError('POINTS_AWARD_DECIDED');
    await tx.update(pointsAwards).set({ status: 'withdrawn' }).where(eq(pointsAwards.id, id));
    await writeAudit(tx, ctx, {
      action: 'points.award.withdraw',
      entity: 'points_award',
      entityId: id,
      orgPath: row.a.orgPath,
      before: { status: 'proposed' },
      after: { status: 'withdrawn' },
    });
    const found = await findOne(tx, id, undefined);
    if (!found) throw notFound(AWARD);
    return toDto(found);
  });
}
