/**
 * QR sign-in. The secretary shows a code for one meeting; a member scans it on their phone, signs
 * in, and is marked present. The token is 32 random bytes; only its SHA-256 is stored, with the
 * meeting it belongs to and when it expires (the meeting's start plus `orglife.checkinValidHours`).
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { compareDates } from '../../../domain/common/dates.js';
import type { CheckinResultDto, CheckinTokenDto, checkinBody } from '../../../shared/contracts/meetings.js';
import type { Db } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors } from '../../lib/errors.js';
import { hashToken } from '../auth/plugin.js';
import { loadRules } from '../settings/rules.js';
import * as repo from './repo.js';
import { checkinClosesAt, findForWrite } from './service.js';

/**
 * A new sign-in code for a draft meeting. Earlier codes of the meeting stop working: showing a
 * new code is how a secretary withdraws one that was passed around.
 */
export async function createToken(db: Db, ctx: RequestContext, meetingId: number): Promise<CheckinTokenDto> {
  return db.transaction(async (tx) => {
    const row = await findForWrite(tx, ctx, meetingId);
    const m = row.m;
    if (m.status !== 'draft') throw new AppError('CONFLICT', '会议记录已提交，不能再生成签到码');
    const expiresAt = checkinClosesAt(m.startsAt, await loadRules(tx));
    if (ctx.now.getTime() >= expiresAt.getTime()) throw new AppError('CONFLICT', '签到已截止');
    const token = randomBytes(32).toString('base64url');
    await repo.replaceTokens(tx, {
      tokenHash: hashToken(token),
      meetingId,
      expiresAt,
      createdBy: ctx.actor.userId,
    });
    await writeAudit(tx, ctx, {
      action: 'meeting.checkin_token',
      entity: 'meeting',
      entityId: meetingId,
      orgPath: m.orgPath,
      after: { expiresAt: expiresAt.toISOString() },
    });
    return {
      token,
      meetingId,
      expiresAt: expiresAt.toISOString(),
      url: `/checkin?m=${meetingId}&t=${token}`,
    };
  });
}

const invalid = () => fieldErrors([{ field: 'token', message: '签到码无效' }]);

export async function checkIn(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof checkinBody>,
): Promise<CheckinResultDto> {
  return db.transaction(async (tx) => {
    const token = await repo.findToken(tx, hashToken(input.token));
    // A code of another meeting is as good as none.
    if (!token || token.meetingId !== input.meetingId) throw invalid();
    if (ctx.now.getTime() >= token.expiresAt.getTime()) {
      throw fieldErrors([{ field: 'token', message: '签到码已过期' }]);
    }
    const found = await repo.findMeetingForCheckin(tx, token.meetingId);
    if (!found) throw invalid();
    const m = found.m;
    if (m.status !== 'draft') throw new AppError('CONFLICT', '会议记录已提交，不能再签到');
    if (compareDates(ctx.today, m.heldOn) < 0) {
      throw new AppError('CONFLICT', `会议在${m.heldOn}举行，当天才能签到`);
    }
    const memberId = ctx.actor.memberId;
    if (!memberId) throw new AppError('FORBIDDEN', '您的账号没有关联党员档案，不能签到');
    const row = await repo.attendanceOf(tx, m.id, memberId);
    if (!row) throw new AppError('FORBIDDEN', '您不在本次会议的应到人员名单中');
    const result = {
      meetingId: m.id,
      title: m.title,
      orgName: found.orgName,
      memberName: row.name,
    };
    if (row.checkedInAt) return { ...result, checkedInAt: row.checkedInAt.toISOString(), already: true };
    await repo.markCheckedIn(tx, m.id, memberId, ctx.now);
    await writeAudit(tx, ctx, {
      action: 'meeting.checkin',
      entity: 'meeting',
      entityId: m.id,
      orgPath: m.orgPath,
      before: { memberId, attendance: row.attendance },
      after: { memberId, attendance: 'present', checkedInAt: ctx.now.toISOString() },
    });
    return { ...result, checkedInAt: ctx.now.toISOString(), already: false };
  });
}
