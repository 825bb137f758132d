/**
 * 谈心谈话: a committee member (the secretary or any other role in office that day) talks with a
 * member of the branch. Each talk counts towards the branch's yearly heart-talk requirement.
 */
import type { z } from 'zod';
import { compareDates } from '../../../domain/common/dates.js';
import { isBranchKind, type OrgKind } from '../../../domain/org/labels.js';
import type { FieldErrorDto } from '../../../shared/contracts/error-codes.js';
import type {
  HeartTalkDto,
  heartTalkCreateBody,
  heartTalkListQuery,
} from '../../../shared/contracts/meetings.js';
import type { Db } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { orgRepo } from '../orgs/index.js';
import * as repo from './repo.js';
import { readScope, writeScope } from './service.js';

const TALK = '谈心谈话记录';

function toDto(row: repo.HeartTalkRow): HeartTalkDto {
  const t = row.t;
  return {
    id: t.id,
    orgId: t.orgId,
    orgName: row.orgName,
    memberId: t.memberId,
    memberName: row.memberName,
    talkerMemberId: t.talkerMemberId,
    talkerName: row.talkerName,
    talkedOn: t.talkedOn,
    summary: t.summary,
  };
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof heartTalkListQuery>) {
  let orgPath: string | undefined;
  if (q.orgId) {
    const org = await orgRepo.findOrg(db, readScope(ctx), q.orgId);
    if (!org) throw notFound('党组织');
    orgPath = org.path;
  }
  const r = await repo.listTalks(db, readScope(ctx), { ...q, orgPath }, q.current, q.pageSize);
  return { data: r.data.map(toDto), total: r.total };
}

export async function get(db: Db, ctx: RequestContext, id: number) {
  const row = await repo.findTalk(db, readScope(ctx), id);
  if (!row) throw notFound(TALK);
  return toDto(row);
}

export async function create(db: Db, ctx: RequestContext, input: z.infer<typeof heartTalkCreateBody>) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const org = await orgRepo.findOrg(tx, writeScope(ctx), input.orgId);
    if (!org) throw notFound('党组织');
    if (!isBranchKind(org.kind as OrgKind)) {
      throw fieldErrors([{ field: 'orgId', message: '所在党组织：谈心谈话记录在党支部（联合党支部）' }]);
    }
    const errors: FieldErrorDto[] = [];
    const on = input.talkedOn;
    if (compareDates(on, ctx.today) > 0) {
      errors.push({ field: 'talkedOn', message: '谈话日期：不能晚于今天' });
    }
    if (input.memberId === input.talkerMemberId) {
      errors.push({ field: 'talkerMemberId', message: '谈话人：不能与谈话对象是同一人' });
    }
    const [membersThen, committeeThen] = await Promise.all([
      repo.membersOn(tx, org.id, on),
      repo.committeeOn(tx, org.id, on),
    ]);
    if (!membersThen.some((p) => p.memberId === input.memberId)) {
      errors.push({ field: 'memberId', message: `党员：谈话当日（${on}）不是本支部的党员` });
    }
    if (!committeeThen.some((p) => p.memberId === input.talkerMemberId)) {
      errors.push({
        field: 'talkerMemberId',
        message: `谈话人：应为谈话当日（${on}）在任的本支部书记或支部委员会委员`,
      });
    }
    if (errors.length) throw fieldErrors(errors);
    const row = await repo.insertTalk(tx, {
      orgId: org.id,
      orgPath: org.path,
      memberId: input.memberId,
      talkerMemberId: input.talkerMemberId,
      talkedOn: on,
      summary: input.summary,
      recordedBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'heart_talk.create',
      entity: 'heart_talk',
      entityId: row.id,
      orgPath: org.path,
      after: { memberId: input.memberId, talkerMemberId: input.talkerMemberId, talkedOn: on },
    });
    tx.touch('orglife', [org.id]);
    return row.id;
  });
}

export async function remove(db: Db, ctx: RequestContext, id: number) {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await repo.findTalk(tx, readScope(ctx), id, true);
    if (!row) throw notFound(TALK);
    const t = row.t;
    if (!writeScope(ctx).containsPath(t.orgPath)) {
      throw new AppError('FORBIDDEN', '只能删除本组织及下级组织的谈心谈话记录');
    }
    await repo.removeTalk(tx, id);
    await writeAudit(tx, ctx, {
      action: 'heart_talk.delete',
      entity: 'heart_talk',
      entityId: id,
      orgPath: t.orgPath,
      before: { memberId: t.memberId, talkerMemberId: t.talkerMemberId, talkedOn: t.talkedOn },
    });
    tx.touch('orglife', [t.orgId]);
  });
}
