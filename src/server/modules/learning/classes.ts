/**
 * Classes (集中培训 / 专题辅导): created by an org, a roster of members of its subtree, attendance
 * per class day (the day's QR code scanned by the member, or entered by the organiser), completion
 * by the class's share of days (src/domain/learning/completion.ts). Every change of roster,
 * attendance or what completes the class touches topic `learning` with the branches of the
 * members concerned: the hours module credits completed classes from it.
 *
 * QR codes follow the meetings' pattern: 32 random bytes, only the SHA-256 stored, one code per
 * class day, valid until the end of that day (Asia/Shanghai). Scanning does not put anyone on the
 * roster: the roster is the list of those sent to the class; a walk-in is added by the organiser
 * and then scans again (decision 0045).
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { addDays, compareDates, type IsoDate } from '../../../domain/common/dates.js';
import {
  classDays,
  completes,
  daysToComplete,
  eachClassDay,
  isClassDay,
} from '../../../domain/learning/completion.js';
import { rulesInForceOn } from '../../../domain/orglife/versions.js';
import type {
  attendanceBody,
  ClassDetailDto,
  ClassDto,
  ClassKind,
  classCheckinBody,
  classCreateBody,
  classListQuery,
  classPatchBody,
  dayTokenDto,
} from '../../../shared/contracts/learning.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { inUnitOfWork, type WorkTx } from '../../lib/unit-of-work.js';
import { hashToken } from '../auth/index.js';
import { findOrg } from '../orgs/index.js';
import { loadRuleHistory, loadRules } from '../settings/index.js';
import { readScope, writeScope } from './items.js';
import * as repo from './repo.js';

const CLASS = '培训班';

/** Seconds of one 学时 on `date` (rule learning.minutesPerHour as in force that day). */
async function secondsPerHour(db: DbOrTx, date: IsoDate): Promise<number> {
  const rules = rulesInForceOn(date, await loadRules(db), await loadRuleHistory(db));
  return rules['learning.minutesPerHour'] * 60;
}

function toDto(r: repo.ClassListRow, ctx: RequestContext, perHour: number): ClassDto {
  const days = classDays(r.startsOn, r.endsOn);
  return {
    id: r.id,
    orgId: r.orgId,
    orgName: r.orgName,
    kind: r.kind as ClassKind,
    title: r.title,
    organiser: r.organiser,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    days,
    creditSeconds: r.creditSeconds,
    creditHours: Math.round((r.creditSeconds / perHour) * 10) / 10,
    place: r.place,
    online: r.online,
    completionPercent: r.completionPercent,
    daysToComplete: daysToComplete(days, r.completionPercent),
    status: r.status as ClassDto['status'],
    rosterCount: r.rosterCount,
    completedCount: r.completedCount,
    editable: r.status === 'planned' && writeScope(ctx).containsPath(r.orgPath),
  };
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof classListQuery>) {
  let orgPath: string | undefined;
  if (q.orgId) {
    const org = await findOrg(db, readScope(ctx), q.orgId);
    if (!org) throw notFound('党组织');
    orgPath = org.path;
  }
  const r = await repo.listClasses(db, readScope(ctx), { ...q, orgPath }, q.current, q.pageSize);
  const rules = await loadRules(db);
  const history = await loadRuleHistory(db);
  const data = r.data.map((x) =>
    toDto(x, ctx, rulesInForceOn(x.startsOn, rules, history)['learning.minutesPerHour'] * 60),
  );
  return { data, total: r.total };
}

export async function get(db: DbOrTx, ctx: RequestContext, id: number): Promise<ClassDetailDto> {
  const row = await repo.findClass(db, readScope(ctx), id);
  if (!row) throw notFound(CLASS);
  const dto = toDto(row, ctx, await secondsPerHour(db, row.startsOn));
  const roster = await repo.roster(db, id);
  return {
    ...dto,
    dayList: eachClassDay(row.startsOn, row.endsOn),
    roster: roster.map((r) => {
      const attended = r.attended.filter((a) => isClassDay(a.day, row.startsOn, row.endsOn));
      return {
        ...r,
        attended: r.attended.map((a) => ({ day: a.day, method: a.method as 'qr' | 'manual' })),
        completed: completes(attended.length, dto.days, row.completionPercent),
      };
    }),
  };
}

function checkDates(startsOn: IsoDate, endsOn: IsoDate) {
  if (compareDates(endsOn, startsOn) < 0) {
    throw fieldErrors([{ field: 'endsOn', message: '结束日期：不能早于开始日期' }]);
  }
  if (classDays(startsOn, endsOn) > 366) {
    throw fieldErrors([{ field: 'endsOn', message: '结束日期：班期不能超过一年' }]);
  }
}

export async function create(db: Db, ctx: RequestContext, input: z.infer<typeof classCreateBody>) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const org = await findOrg(tx, writeScope(ctx), input.orgId);
    if (!org) throw notFound('党组织');
    checkDates(input.startsOn, input.endsOn);
    const rules = rulesInForceOn(input.startsOn, await loadRules(tx), await loadRuleHistory(tx));
    const completionPercent = input.completionPercent ?? rules['learning.classCompletionPercent'];
    const creditSeconds = Math.round(input.creditHours * rules['learning.minutesPerHour'] * 60);
    const organiser = (input.organiser?.trim() || org.name).slice(0, 60);
    const id = await repo.insertClass(tx, {
      orgId: org.id,
      orgPath: org.path,
      kind: input.kind,
      title: input.title,
      organiser,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      creditSeconds,
      place: input.place,
      online: input.online,
      completionPercent,
      status: 'planned',
      createdBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'learning.class.create',
      entity: 'learning_class',
      entityId: id,
      orgPath: org.path,
      after: {
        orgId: org.id,
        kind: input.kind,
        title: input.title,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        creditSeconds,
        completionPercent,
      },
    });
    return id;
  });
}

/** The class for a change: in write scope (404 out of read scope, 403 in read but not write), planned. */
async function forWrite(tx: DbOrTx, ctx: RequestContext, id: number) {
  const row = await repo.findClass(tx, readScope(ctx), id, true);
  if (!row) throw notFound(CLASS);
  if (!writeScope(ctx).containsPath(row.orgPath)) {
    throw new AppError('FORBIDDEN', '只能管理本组织及下级组织举办的培训班');
  }
  if (row.status !== 'planned') throw new AppError('LEARNING_CLASS_LOCKED');
  return row;
}

async function touchRoster(tx: WorkTx, classId: number, extra: number[] = []) {
  const ids = [...(await repo.rosterIds(tx, classId)), ...extra];
  tx.touch('learning', await repo.branchesOf(tx, ids));
}

export async function patch(db: Db, ctx: RequestContext, id: number, input: z.infer<typeof classPatchBody>) {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await forWrite(tx, ctx, id);
    const startsOn = input.startsOn ?? row.startsOn;
    const endsOn = input.endsOn ?? row.endsOn;
    checkDates(startsOn, endsOn);
    const values: Record<string, unknown> = {};
    for (const k of [
      'title',
      'organiser',
      'startsOn',
      'endsOn',
      'place',
      'online',
      'completionPercent',
    ] as const) {
      if (input[k] !== undefined && input[k] !== row[k]) values[k] = input[k];
    }
    if (input.creditHours !== undefined) {
      const creditSeconds = Math.round(input.creditHours * (await secondsPerHour(tx, startsOn)));
      if (creditSeconds !== row.creditSeconds) values.creditSeconds = creditSeconds;
    }
    if (!Object.keys(values).length) return;
    await repo.updateClass(tx, id, values);
    // Days no longer in the class take their attendance with them.
    if (values.startsOn || values.endsOn) await repo.dropAttendanceOutside(tx, id, startsOn, endsOn);
    const before = Object.fromEntries(
      Object.keys(values).map((k) => [k, (row as Record<string, unknown>)[k]]),
    );
    await writeAudit(tx, ctx, {
      action: 'learning.class.update',
      entity: 'learning_class',
      entityId: id,
      orgPath: row.orgPath,
      before,
      after: values,
    });
    await touchRoster(tx, id);
  });
}

export async function cancel(db: Db, ctx: RequestContext, id: number) {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await forWrite(tx, ctx, id);
    await repo.updateClass(tx, id, { status: 'cancelled' });
    await writeAudit(tx, ctx, {
      action: 'learning.class.cancel',
      entity: 'learning_class',
      entityId: id,
      orgPath: row.orgPath,
      before: { status: row.status },
      after: { status: 'cancelled' },
    });
    await touchRoster(tx, id);
  });
}

export async function finish(db: Db, ctx: RequestContext, id: number) {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await forWrite(tx, ctx, id);
    if (compareDates(ctx.today, row.endsOn) < 0) {
      throw new AppError('LEARNING_CLASS_LOCKED', `培训班${row.endsOn}结束，最后一天及以后才能结业`);
    }
    await repo.updateClass(tx, id, { status: 'finished' });
    await writeAudit(tx, ctx, {
      action: 'learning.class.finish',
      entity: 'learning_class',
      entityId: id,
      orgPath: row.orgPath,
      before: { status: row.status },
      after: { status: 'finished', completed: row.completedCount, roster: row.rosterCount },
    });
  });
}

export async function candidates(db: Db, ctx: RequestContext, id: number, q: string | undefined) {
  const row = await repo.findClass(db, readScope(ctx), id);
  if (!row) throw notFound(CLASS);
  return repo.candidates(db, writeScope(ctx), row.orgPath, id, q);
}

export async function addRoster(db: Db, ctx: RequestContext, id: number, memberIds: number[]) {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await forWrite(tx, ctx, id);
    const unique = [...new Set(memberIds)];
    const found = await repo.membersByIds(tx, unique);
    const byId = new Map(found.map((m) => [m.id, m]));
    const scope = writeScope(ctx);
    const errors = unique.flatMap((mid, i) => {
      const m = byId.get(mid);
      const inClass = m && (m.orgPath === row.orgPath || m.orgPath.startsWith(`${row.orgPath}.`));
      if (!m || !inClass || !scope.containsPath(m.orgPath)) {
        return [{ field: `memberIds.${i}`, message: `学员：编号${mid}的党员不在主办组织及其下级组织中` }];
      }
      if (m.status === 'left' || m.status === 'deceased') {
        return [{ field: `memberIds.${i}`, message: `学员：${m.name}已不在党员名册中` }];
      }
      return [];
    });
    if (errors.length) throw fieldErrors(errors);
    const added = await repo.addRoster(tx, id, unique);
    if (!added.length) return;
    await writeAudit(tx, ctx, {
      action: 'learning.class.roster_add',
      entity: 'learning_class',
      entityId: id,
      orgPath: row.orgPath,
      after: { memberIds: added.map((a) => a.memberId) },
    });
    tx.touch(
      'learning',
      await repo.branchesOf(
        tx,
        added.map((a) => a.memberId),
      ),
    );
  });
}

export async function removeRoster(db: Db, ctx: RequestContext, id: number, memberId: number) {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await forWrite(tx, ctx, id);
    const removed = await repo.removeRoster(tx, id, memberId);
    if (!removed) throw notFound('学员');
    await writeAudit(tx, ctx, {
      action: 'learning.class.roster_remove',
      entity: 'learning_class',
      entityId: id,
      orgPath: row.orgPath,
      before: { memberId },
    });
    tx.touch('learning', await repo.branchesOf(tx, [memberId]));
  });
}

export async function setAttendance(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: z.infer<typeof attendanceBody>,
) {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await forWrite(tx, ctx, id);
    if (!isClassDay(input.day, row.startsOn, row.endsOn)) {
      throw fieldErrors([
        { field: 'day', message: `日期：不是班期内的日期（${row.startsOn}至${row.endsOn}）` },
      ]);
    }
    if (compareDates(input.day, ctx.today) > 0) {
      throw fieldErrors([{ field: 'day', message: '日期：不能登记今天以后的出勤' }]);
    }
    if (!(await repo.onRoster(tx, id, input.memberId))) {
      throw fieldErrors([{ field: 'memberId', message: '学员：不在该培训班的学员名单中' }]);
    }
    const changed = input.present
      ? await repo.markAttendance(tx, {
          classId: id,
          memberId: input.memberId,
          day: input.day,
          method: 'manual',
          at: ctx.now,
          recordedBy: ctx.actor.userId,
        })
      : await repo.unmarkAttendance(tx, id, input.memberId, input.day);
    if (!changed) return;
    await writeAudit(tx, ctx, {
      action: 'learning.class.attendance',
      entity: 'learning_class',
      entityId: id,
      orgPath: row.orgPath,
      after: { memberId: input.memberId, day: input.day, present: input.present },
    });
    tx.touch('learning', await repo.branchesOf(tx, [input.memberId]));
  });
}

/** The end of a day in Asia/Shanghai (UTC+8, no daylight saving): the next day's 00:00 there. */
const endOfDay = (day: IsoDate) => new Date(`${addDays(day, 1)}T00:00:00+08:00`);

export async function createDayToken(
  db: Db,
  ctx: RequestContext,
  id: number,
  day: IsoDate,
): Promise<z.infer<typeof dayTokenDto>> {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const row = await forWrite(tx, ctx, id);
    if (!isClassDay(day, row.startsOn, row.endsOn)) {
      throw fieldErrors([
        { field: 'day', message: `日期：不是班期内的日期（${row.startsOn}至${row.endsOn}）` },
      ]);
    }
    if (compareDates(day, ctx.today) < 0) {
      throw fieldErrors([{ field: 'day', message: '日期：已过去的班期日不能再生成签到码，请手工登记出勤' }]);
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = endOfDay(day);
    await repo.insertToken(tx, {
      tokenHash: hashToken(token),
      classId: id,
      day,
      expiresAt,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
    });
    await writeAudit(tx, ctx, {
      action: 'learning.class.checkin_token',
      entity: 'learning_class',
      entityId: id,
      orgPath: row.orgPath,
      after: { day, code: hashToken(token).slice(0, 6).toUpperCase(), expiresAt: expiresAt.toISOString() },
    });
    return {
      classId: id,
      day,
      token,
      url: `/learning/checkin?c=${id}&t=${token}`,
      expiresAt: expiresAt.toISOString(),
    };
  });
}

type State = 'open' | 'unknown' | 'expired' | 'closed' | 'not_yet';

async function inspect(db: DbOrTx, input: z.infer<typeof classCheckinBody>, now: Date, today: IsoDate) {
  const token = await repo.findToken(db, hashToken(input.token));
  const cls = token?.classId === input.classId ? await repo.classById(db, input.classId) : null;
  if (!token || !cls) return { state: 'unknown' as State, message: '签到码无效', token: null, cls: null };
  const at = (state: State, message: string) => ({ state, message, token, cls });
  if (cls.status !== 'planned')
    return at('closed', cls.status === 'cancelled' ? '培训班已取消' : '培训班已结业，不能再签到');
  if (now.getTime() >= token.expiresAt.getTime())
    return at('expired', `签到码仅限${token.day}当天使用，已过期`);
  if (compareDates(today, token.day) < 0) return at('not_yet', `签到码用于${token.day}，当天才能签到`);
  return at('open', `签到码有效（${token.day}）`);
}

function facts(cls: repo.ClassListRow, day: string) {
  return {
    classId: cls.id,
    title: cls.title,
    kind: cls.kind as ClassKind,
    organiser: cls.organiser,
    place: cls.place,
    day,
    startsOn: cls.startsOn,
    endsOn: cls.endsOn,
  };
}

/** The public look at a code before login: the class's name, organiser, place and day; no member data. */
export async function preview(db: Db, now: Date, today: IsoDate, input: z.infer<typeof classCheckinBody>) {
  const r = await inspect(db, input, now, today);
  return {
    state: r.state === 'not_yet' ? ('closed' as const) : r.state,
    message: r.message,
    class: r.cls && r.token ? facts(r.cls, r.token.day) : null,
  };
}

export async function checkIn(db: Db, ctx: RequestContext, input: z.infer<typeof classCheckinBody>) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const r = await inspect(tx, input, ctx.now, ctx.today);
    if (r.state === 'unknown' || r.state === 'expired')
      throw fieldErrors([{ field: 'token', message: r.message }]);
    if (r.state !== 'open' || !r.cls || !r.token) throw new AppError('LEARNING_CHECKIN_NOT_OPEN', r.message);
    const cls = r.cls;
    const memberId = ctx.actor.memberId;
    if (!memberId) throw new AppError('FORBIDDEN', '您的账号没有关联党员档案，不能签到');
    if (!(await repo.onRoster(tx, cls.id, memberId))) throw new AppError('LEARNING_NOT_ON_ROSTER');
    const day = r.token.day;
    const existing = await repo.attendanceOf(tx, cls.id, memberId, day);
    let at = ctx.now;
    let already = true;
    if (existing) at = existing.checkedInAt;
    else {
      already = false;
      await repo.markAttendance(tx, {
        classId: cls.id,
        memberId,
        day,
        method: 'qr',
        at,
        recordedBy: ctx.actor.userId,
      });
      await writeAudit(tx, ctx, {
        action: 'learning.class.checkin',
        entity: 'learning_class',
        entityId: cls.id,
        orgPath: cls.orgPath,
        after: { memberId, day, checkedInAt: at.toISOString() },
      });
      tx.touch('learning', await repo.branchesOf(tx, [memberId]));
    }
    const [m] = await repo.membersByIds(tx, [memberId]);
    const days = classDays(cls.startsOn, cls.endsOn);
    const attendedDays = await repo.attendedDays(tx, cls.id, memberId, cls.startsOn, cls.endsOn);
    return {
      ...facts(cls, day),
      memberName: m?.name ?? ctx.actor.displayName,
      checkedInAt: at.toISOString(),
      already,
      attendedDays,
      days,
      completed: completes(attendedDays, days, cls.completionPercent),
    };
  });
}

/** The member's own classes (on the roster), with their attendance. */
export async function myClasses(db: Db, ctx: RequestContext) {
  const memberId = ctx.actor.memberId;
  if (!memberId) return [];
  const rows = await repo.myClasses(db, memberId);
  return rows.map((r) => {
    const days = classDays(r.startsOn, r.endsOn);
    return {
      id: r.id,
      kind: r.kind as ClassKind,
      title: r.title,
      organiser: r.organiser,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      days,
      place: r.place,
      online: r.online,
      status: r.status as ClassDto['status'],
      creditSeconds: r.creditSeconds,
      attendedDays: r.attendedDays,
      daysToComplete: daysToComplete(days, r.completionPercent),
      completed: r.status !== 'cancelled' && completes(r.attendedDays, days, r.completionPercent),
    };
  });
}
