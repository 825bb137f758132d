/**
 * 党纪处分 on the register (GET/POST /api/members/:id/disciplines). Kept in the development module
 * because what it decides here is who may be a sponsor or mentor: a member under 留党察看 whose
 * rights are not restored cannot be one. Scoped to the member's org like every member read.
 */
import type { z } from 'zod';
import { compareDates } from '../../../domain/common/dates.js';
import type { DisciplineDto, disciplineBody } from '../../../shared/contracts/development.js';
import type { Db } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { memberRepo } from '../members/index.js';
import * as repo from './repo.js';

const toDto = (r: Awaited<ReturnType<typeof repo.disciplines>>[number], today: string): DisciplineDto => ({
  id: r.id,
  memberId: r.memberId,
  kind: r.kind as DisciplineDto['kind'],
  decidedOn: r.decidedOn,
  endsOn: r.endsOn,
  reason: r.reason,
  inForce:
    r.kind === 'probation_watch' &&
    compareDates(r.decidedOn, today) <= 0 &&
    (r.endsOn === null || compareDates(r.endsOn, today) > 0),
  recordedAt: r.recordedAt.toISOString(),
});

export async function list(db: Db, ctx: RequestContext, memberId: number) {
  const m = await memberRepo.find(db, ctx.actor.scope('member.read'), memberId);
  if (!m) throw notFound('党员');
  return (await repo.disciplines(db, memberId)).map((r) => toDto(r, ctx.today));
}

export async function create(
  db: Db,
  ctx: RequestContext,
  memberId: number,
  body: z.infer<typeof disciplineBody>,
) {
  return db.transaction(async (tx) => {
    const m = await memberRepo.findForUpdate(tx, ctx.actor.scope('member.write'), memberId);
    if (!m) {
      if (await memberRepo.find(tx, ctx.actor.scope('member.read'), memberId))
        throw new AppError('FORBIDDEN');
      throw notFound('党员');
    }
    if (compareDates(body.decidedOn, ctx.today) > 0) {
      throw fieldErrors([{ field: 'decidedOn', message: `处分日期：不能晚于今天（${ctx.today}）` }]);
    }
    if (body.endsOn && compareDates(body.endsOn, body.decidedOn) <= 0) {
      throw fieldErrors([{ field: 'endsOn', message: '期满日期：应晚于处分日期' }]);
    }
    const row = await repo.insertDiscipline(tx, {
      memberId,
      kind: body.kind,
      decidedOn: body.decidedOn,
      endsOn: body.endsOn ?? null,
      reason: body.reason,
      recordedBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'member.discipline.create',
      entity: 'member',
      entityId: memberId,
      orgPath: m.orgPath,
      after: {
        disciplineId: row.id,
        kind: body.kind,
        decidedOn: body.decidedOn,
        endsOn: body.endsOn ?? null,
      },
      reason: body.reason,
    });
    return toDto(row, ctx.today);
  });
}
