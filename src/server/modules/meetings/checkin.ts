/**
 * QR sign-in. The secretary shows a code for one meeting (on a screen, a slide or a printed sheet);
 * a member scans it on their phone, sees which meeting it is, logs in, and is marked present. The
 * token is 32 random bytes; only its SHA-256 is stored, with the meeting it belongs to and when it
 * expires (`checkinCodeExpiresAt`).
 *
 * A meeting may have several codes at once: issuing a new one leaves the earlier ones working, so
 * a sheet printed before the meeting and a code projected at it both sign in. A code stops working
 * when it expires, when the secretary revokes it (audited), or when the record is submitted.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { compareDates, type IsoDate, todayInZone } from '../../../domain/common/dates.js';
import type {
  CheckinCodeDto,
  CheckinCodeState,
  CheckinMeetingDto,
  CheckinPreviewDto,
  CheckinResultDto,
  CheckinTokenDto,
  checkinBody,
} from '../../../shared/contracts/meetings.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { hashToken } from '../auth/index.js';
import { loadRules } from '../settings/index.js';
import * as repo from './repo.js';
import {
  checkinCodeExpiresAt,
  checkinOpen,
  codesIssuable,
  findForWrite,
  shanghaiStamp,
  shanghaiTime,
  titleOf,
} from './service.js';

const codeLabel = (hash: string) => hash.slice(0, 6).toUpperCase();

function toCode(t: repo.TokenRow, createdByName: string | null): CheckinCodeDto {
  return {
    id: t.tokenHash,
    label: codeLabel(t.tokenHash),
    createdAt: t.createdAt.toISOString(),
    createdByName,
    expiresAt: t.expiresAt.toISOString(),
  };
}

/**
 * A new sign-in code, issued up to the end of the meeting day while the record is open. The codes
 * issued before stay valid: each one names the same meeting and lasts until its own expiry.
 */
export async function createToken(db: Db, ctx: RequestContext, meetingId: number): Promise<CheckinTokenDto> {
  return db.transaction(async (tx) => {
    const { m } = await findForWrite(tx, ctx, meetingId);
    if (!checkinOpen(m)) throw new AppError('MEETINGS_CHECKIN_CLOSED', '会议记录已提交，不能再生成签到码');
    if (!codesIssuable(m, ctx.today)) {
      throw new AppError(
        'MEETINGS_CHECKIN_DAY_PASSED',
        `会议已于${m.heldOn}举行，不能再生成签到码；出席情况请在会议记录中登记`,
      );
    }
    const expiresAt = checkinCodeExpiresAt(m.startsAt, ctx.now, await loadRules(tx));
    const token = randomBytes(32).toString('base64url');
    // created_at from the request's clock, like expires_at: a revoked code is told by the two.
    const row = await repo.insertToken(tx, {
      tokenHash: hashToken(token),
      meetingId,
      expiresAt,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
    });
    await writeAudit(tx, ctx, {
      action: 'meeting.checkin_token',
      entity: 'meeting',
      entityId: meetingId,
      orgPath: m.orgPath,
      after: { code: codeLabel(row.tokenHash), expiresAt: expiresAt.toISOString() },
    });
    return {
      ...toCode(row, ctx.actor.displayName),
      token,
      meetingId,
      url: `/checkin?m=${meetingId}&t=${token}`,
    };
  });
}

/** The meeting's codes still valid now (never the codes themselves: only their hashes are kept). */
export async function openCodes(db: Db, ctx: RequestContext, meetingId: number): Promise<CheckinCodeDto[]> {
  return db.transaction(async (tx) => {
    await findForWrite(tx, ctx, meetingId);
    const rows = await repo.openTokens(tx, meetingId, ctx.now);
    return rows.map((r) => toCode(r.t, r.createdByName));
  });
}

/** Revokes one code (a sheet gone astray, a photo of the slide passed around); the others stay valid. */
export async function revokeCode(
  db: Db,
  ctx: RequestContext,
  meetingId: number,
  tokenHash: string,
): Promise<CheckinCodeDto> {
  return db.transaction(async (tx) => {
    const { m } = await findForWrite(tx, ctx, meetingId);
    const t = await repo.tokenOfMeeting(tx, meetingId, tokenHash);
    if (!t) throw notFound('签到码');
    if (repo.isRevoked(t)) throw new AppError('MEETINGS_CHECKIN_CODE_REVOKED');
    if (ctx.now.getTime() >= t.expiresAt.getTime())
      throw new AppError('MEETINGS_CHECKIN_CODE_EXPIRED', '该签到码已过期，无需撤销');
    await repo.revokeToken(tx, tokenHash);
    await writeAudit(tx, ctx, {
      action: 'meeting.checkin_revoke',
      entity: 'meeting',
      entityId: meetingId,
      orgPath: m.orgPath,
      before: { code: codeLabel(tokenHash), expiresAt: t.expiresAt.toISOString() },
      after: { code: codeLabel(tokenHash), revokedAt: ctx.now.toISOString() },
    });
    return toCode({ ...t, expiresAt: t.createdAt }, null);
  });
}

interface Inspected {
  state: CheckinCodeState;
  message: string;
  token: repo.TokenRow | null;
  found: Awaited<ReturnType<typeof repo.findMeetingForCheckin>> | null;
}

/**
 * What a code is good for now, in the order a member needs to hear it. A code of another meeting is
 * as good as none, and an unknown code says nothing about any meeting.
 */
async function inspect(
  tx: DbOrTx,
  meetingId: number,
  code: string,
  now: Date,
  today: IsoDate,
  lock: boolean,
): Promise<Inspected> {
  const token = await repo.findToken(tx, hashToken(code));
  const found = token?.meetingId === meetingId ? await repo.findMeetingForCheckin(tx, meetingId, lock) : null;
  if (!token || !found) return { state: 'unknown', message: '签到码无效', token: null, found: null };
  const m = found.m;
  const at = (state: CheckinCodeState, message: string) => ({ state, message, token, found });
  if (repo.isRevoked(token)) return at('revoked', '签到码已被会议组织者撤销，请扫描现场提供的新签到码');
  if (!checkinOpen(m)) return at('closed', '会议记录已提交，不能再签到');
  if (now.getTime() >= token.expiresAt.getTime()) {
    return at('expired', `签到码已于${shanghaiStamp(token.expiresAt)}过期`);
  }
  if (compareDates(today, m.heldOn) < 0) return at('not_yet', `会议在${m.heldOn}举行，当天才能签到`);
  return at('open', `签到码有效，至${shanghaiStamp(token.expiresAt)}`);
}

function meetingFacts(found: NonNullable<Inspected['found']>): CheckinMeetingDto {
  const m = found.m;
  return {
    meetingId: m.id,
    title: titleOf(m),
    orgName: found.orgName,
    heldOn: m.heldOn,
    startTime: shanghaiTime(m.startsAt),
    endTime: m.endsAt ? shanghaiTime(m.endsAt) : null,
  };
}

/**
 * The public look at a code, before login: the meeting's name, org and time (the code is the
 * credential for that much, and for nothing about the members), and whether it signs in now.
 */
export async function preview(
  db: Db,
  now: Date,
  today: IsoDate,
  input: z.infer<typeof checkinBody>,
): Promise<CheckinPreviewDto> {
  const r = await inspect(db, input.meetingId, input.token, now, today, false);
  const shown = r.found && r.state !== 'revoked';
  return {
    state: r.state,
    message: r.message,
    expiresAt: r.token && r.state !== 'revoked' ? r.token.expiresAt.toISOString() : null,
    meeting: shown && r.found ? meetingFacts(r.found) : null,
  };
}

/**
 * A check-in scanned while the phone had no signal and sent later (decision 0042) is judged at the
 * scan: the code must have existed and been valid then (issued before it, not yet expired, not
 * revoked, the record not submitted, the meeting day reached), the scan may not lie in the future
 * beyond a small clock skew, and it must arrive within the grace period after the code expired.
 * Refusals name `scannedAt`. What this cannot prove: the phone's clock is the phone's word, so a
 * scan reported early enough inside the code's validity is believed; the code itself is the proof
 * of having seen it, exactly as for a check-in sent at once.
 */
function offlineRefusal(
  scannedAt: Date,
  now: Date,
  r: Inspected,
  rules: { graceHours: number; skewMinutes: number },
): string | null {
  const t = r.token;
  if (!t) return null;
  if (scannedAt.getTime() > now.getTime() + rules.skewMinutes * 60_000) {
    return '扫码时间晚于服务器当前时间，请检查手机时间后重新扫码';
  }
  if (scannedAt.getTime() < t.createdAt.getTime()) {
    return `扫码时间早于签到码生成时间（${shanghaiStamp(t.createdAt)}），不予签到`;
  }
  if (r.state === 'expired') {
    return `扫码时间晚于签到码有效期（至${shanghaiStamp(t.expiresAt)}），不予签到`;
  }
  if (now.getTime() > t.expiresAt.getTime() + rules.graceHours * 3_600_000) {
    return `离线签到须在签到码过期后${rules.graceHours}小时内送达（签到码至${shanghaiStamp(t.expiresAt)}），已逾期；请联系会议组织者登记出席`;
  }
  return null;
}

export async function checkIn(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof checkinBody>,
): Promise<CheckinResultDto> {
  return db.transaction(async (tx) => {
    // An offline scan is judged at the time it was scanned; a scan sent at once, now.
    const scannedAt = input.scannedAt ? new Date(input.scannedAt) : null;
    const at = scannedAt ?? ctx.now;
    const day = scannedAt ? todayInZone(scannedAt) : ctx.today;
    const r = await inspect(tx, input.meetingId, input.token, at, day, true);
    if (r.state === 'unknown' || r.state === 'revoked') {
      throw fieldErrors([{ field: 'token', message: r.message }]);
    }
    if (scannedAt) {
      const rules = await loadRules(tx);
      const refusal = offlineRefusal(scannedAt, ctx.now, r, {
        graceHours: rules['orglife.checkinOfflineGraceHours'],
        skewMinutes: rules['orglife.checkinClockSkewMinutes'],
      });
      if (refusal) throw fieldErrors([{ field: 'scannedAt', message: refusal }]);
    }
    if (r.state === 'expired') throw fieldErrors([{ field: 'token', message: r.message }]);
    if (r.state !== 'open' || !r.found) {
      throw new AppError(
        r.state === 'not_yet' ? 'MEETINGS_CHECKIN_NOT_YET' : 'MEETINGS_CHECKIN_CLOSED',
        r.message,
      );
    }
    const m = r.found.m;
    const memberId = ctx.actor.memberId;
    if (!memberId) throw new AppError('FORBIDDEN', '您的账号没有关联党员档案，不能签到');
    const row = await repo.attendanceOf(tx, m.id, memberId);
    if (!row) throw new AppError('FORBIDDEN', '您不在本次会议的应到人员名单中');
    const result = { ...meetingFacts(r.found), memberName: row.name };
    if (row.checkedInAt) return { ...result, checkedInAt: row.checkedInAt.toISOString(), already: true };
    // checkin_received_at only for an offline scan: the secretary sees both times.
    await repo.markCheckedIn(tx, m.id, memberId, at, scannedAt ? ctx.now : null);
    await writeAudit(tx, ctx, {
      action: 'meeting.checkin',
      entity: 'meeting',
      entityId: m.id,
      orgPath: m.orgPath,
      before: { memberId, attendance: row.attendance },
      after: {
        memberId,
        attendance: 'present',
        checkedInAt: at.toISOString(),
        ...(scannedAt ? { checkinReceivedAt: ctx.now.toISOString() } : {}),
      },
    });
    return { ...result, checkedInAt: at.toISOString(), already: false };
  });
}
