/**
 * Accounts for the whole register (issue #19, docs/decisions/0039-member-accounts.md).
 *
 * Issuing: an org admin or secretary (account.issue, in their subtree) creates in one action an
 * account for every member on the register below the chosen org who has none: a generated
 * username, only the `member` role at the member's org, inactive, and an activation code printed
 * on a slip. Activation: the code, the last six characters of the member's ID number (unsealed here,
 * never shown) and a new password; the member is then signed in. SMS: a one-time code to the
 * member's phone signs in or resets the password, through the deployment's SMS provider.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  afterWrongTry,
  asMobile,
  codeFromBytes,
  formatCode,
  idTailMatches,
  isCodeShape,
  normaliseCode,
  smsCodeFromBytes,
  smsRefusal,
  usernameFromBytes,
  waitText,
} from '../../../domain/accounts/accounts.js';
import { waitMessage } from '../../../domain/auth/backoff.js';
import { passwordExpired } from '../../../domain/auth/passwordPolicy.js';
import type {
  activateBody,
  passwordResetBody,
  smsCodeBody,
  smsLoginBody,
} from '../../../shared/contracts/accounts.js';
import type { AppConfig } from '../../config.js';
import type { Database, Db, Tx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';
import { currentKeyId, hashOf, sealWith, unseal } from '../../lib/pii.js';
import { authRepo, beginAttempt, checkPassword, type LoginThrottle, startSession } from '../auth/index.js';
import { loadRules } from '../settings/index.js';
import * as repo from './repo.js';
import type { SmsProvider } from './sms.js';

export interface AccountDeps {
  database: Database;
  config: AppConfig;
  clock: () => Date;
  throttle: LoginThrottle;
}

/** Who a public request is: no actor yet, the request id and address for the audit log. */
export interface PublicMeta {
  requestId: string;
  ip: string;
}

/**
 * The password an issued account has until activation: not a hash at all, so no password verifies
 * against it (verifyPassword answers false for what it cannot parse), and it costs no hashing.
 */
const UNUSABLE_PASSWORD = '!issued-not-activated';

const DAY_MS = 86_400_000;

/** Fresh usernames, none taken and none twice (a collision of 40 random bits is rare: drawn again). */
async function freshUsernames(db: Db | Parameters<typeof repo.usernamesTaken>[0], n: number) {
  const out = new Set<string>();
  while (out.size < n) {
    const want = n - out.size;
    const candidates = Array.from({ length: want }, () => usernameFromBytes(randomBytes(8)));
    const taken = await repo.usernamesTaken(db, candidates);
    for (const c of candidates) if (!taken.has(c)) out.add(c);
  }
  return [...out];
}

const newCode = () => codeFromBytes(randomBytes(8));

function codeRow(
  code: string,
  v: {
    userId: number;
    /** The member the account is for, or null with the case of an applicant's account. */
    memberId: number | null;
    caseId?: number;
    batchId: number | null;
    expiresAt: Date;
    by: number;
    now: Date;
  },
) {
  return {
    userId: v.userId,
    memberId: v.memberId,
    developmentCaseId: v.caseId ?? null,
    batchId: v.batchId,
    codeHash: hashOf('code', code),
    codeEnc: sealWith(currentKeyId(), 'code', code),
    expiresAt: v.expiresAt,
    issuedBy: v.by,
    issuedAt: v.now,
  };
}

// ---- the issuing org -----------------------------------------------------------------------

export async function summary(db: Db, ctx: RequestContext, orgId: number) {
  const org = await repo.orgInScope(db, ctx.actor.scope('account.issue'), orgId);
  if (!org) throw notFound('党组织');
  return { orgId: org.id, orgName: org.name, ...(await repo.summary(db, org.path)) };
}

export async function members(
  db: Db,
  ctx: RequestContext,
  q: { orgId: number; state?: string; current: number; pageSize: number },
) {
  const org = await repo.orgInScope(db, ctx.actor.scope('account.issue'), q.orgId);
  if (!org) throw notFound('党组织');
  return repo.members(db, org.path, q, ctx.now);
}

const batchDto = ({ orgPath: _p, ...b }: NonNullable<Awaited<ReturnType<typeof repo.batch>>>) => b;

/** Accounts for every member of the subtree who has none, in one transaction and one batch. */
export async function issue(db: Db, ctx: RequestContext, orgId: number) {
  const scope = ctx.actor.scope('account.issue');
  const id = await db.transaction(async (tx) => {
    const org = await repo.orgInScope(tx, scope, orgId);
    if (!org) throw notFound('党组织');
    // Two administrators issuing overlapping subtrees at once would give a member two accounts.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('accounts:issue'))`);
    const rules = await loadRules(tx);
    const todo = await repo.membersWithoutAccount(tx, org.path);
    const names = await freshUsernames(tx, todo.length);
    const created = await repo.createAccounts(
      tx,
      todo.map((m, i) => ({ username: names[i], displayName: m.name, memberId: m.id, orgId: m.orgId })),
      UNUSABLE_PASSWORD,
    );
    const batchId = await repo.insertBatch(tx, {
      orgId: org.id,
      orgPath: org.path,
      created: created.length,
      issued: created.length,
      createdBy: ctx.actor.userId,
      now: ctx.now,
    });
    const expiresAt = new Date(ctx.now.getTime() + rules['accounts.activationValidDays'] * DAY_MS);
    await repo.insertCodes(
      tx,
      created.map((c) =>
        codeRow(newCode(), { ...c, batchId, expiresAt, by: ctx.actor.userId, now: ctx.now }),
      ),
    );
    await writeAudit(tx, ctx, {
      action: 'account.issue',
      entity: 'org',
      entityId: org.id,
      orgPath: org.path,
      after: { batchId, created: created.length },
    });
    return batchId;
  });
  const b = await repo.batch(db, scope, id);
  if (!b) throw notFound('发放批次');
  return batchDto(b);
}

export async function batches(
  db: Db,
  ctx: RequestContext,
  q: { orgId?: number; current: number; pageSize: number },
) {
  const scope = ctx.actor.scope('account.issue');
  let orgPath: string | undefined;
  if (q.orgId) {
    const org = await repo.orgInScope(db, scope, q.orgId);
    if (!org) throw notFound('党组织');
    orgPath = org.path;
  }
  const { data, total } = await repo.batches(db, scope, {
    orgPath,
    current: q.current,
    pageSize: q.pageSize,
  });
  return { data: data.map(batchDto), total };
}

/** The open slips of a batch, codes in clear: every printing is an audit entry. */
export async function slips(db: Db, ctx: RequestContext, batchId: number) {
  const scope = ctx.actor.scope('account.issue');
  return db.transaction(async (tx) => {
    const b = await repo.batch(tx, scope, batchId);
    if (!b) throw notFound('发放批次');
    const rows = await repo.openSlips(tx, scope, batchId);
    await writeAudit(tx, ctx, {
      action: 'account.print',
      entity: 'org',
      entityId: b.orgId,
      orgPath: b.orgPath,
      after: { batchId, slips: rows.length },
    });
    return {
      batch: batchDto(b),
      slips: rows.map(({ codeEnc, ...r }) => ({ ...r, code: formatCode(unseal(codeEnc)) })),
    };
  });
}

/**
 * A new code for one member: the account waiting for activation gets it and its older code is
 * revoked; a member without an account gets one. An activated account is left alone (the member
 * signs in, or resets the password by SMS; a disabled one is the system administrator's).
 */
export async function reissue(db: Db, ctx: RequestContext, memberId: number) {
  const scope = ctx.actor.scope('account.issue');
  return db.transaction(async (tx) => {
    const m = await repo.memberWithAccount(tx, scope, memberId);
    if (!m) throw notFound('党员');
    if (m.status === 'left' || m.status === 'deceased') throw new AppError('ACCOUNTS_NOT_ELIGIBLE');
    if (m.userId !== null && (m.active || m.activatedAt || m.disabledReason))
      throw new AppError('ACCOUNTS_ALREADY_ACTIVE');
    const slip = await issueOneCode(tx, ctx, {
      userId: m.userId,
      username: m.username,
      create: async (username) => {
        const [{ userId }] = await repo.createAccounts(
          tx,
          [{ username, displayName: m.name, memberId: m.id, orgId: m.orgId }],
          UNUSABLE_PASSWORD,
        );
        return userId;
      },
      code: { memberId: m.id },
      orgId: m.orgId,
      orgPath: m.orgPath,
      action: 'account.reissue',
      after: { memberId: m.id },
    });
    return { memberId: m.id, name: m.name, ...slip };
  });
}

/**
 * One code on one account, the member's re-issue and an applicant's account alike: the account is
 * created when there is none (`create`, under the issuing lock, with a fresh username) or its open
 * code is revoked; the new code expires after the rule's days; audited as `action` with `after`
 * and whether the account was created. Returns the slip's part common to both.
 */
async function issueOneCode(
  tx: Tx,
  ctx: RequestContext,
  v: {
    userId: number | null;
    username: string | null;
    create: (username: string) => Promise<number>;
    /** Whom the code is for: the member, or (member null) the development case. */
    code: { memberId: number } | { memberId: null; caseId: number };
    orgId: number;
    orgPath: string;
    action: 'account.reissue' | 'account.issue_case';
    after: Record<string, unknown>;
  },
) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('accounts:issue'))`);
  let userId = v.userId;
  let username = v.username;
  if (userId === null) {
    [username] = await freshUsernames(tx, 1);
    userId = await v.create(username);
  } else {
    await repo.revokeOpenCodes(tx, userId, ctx.now);
  }
  const rules = await loadRules(tx);
  const expiresAt = new Date(ctx.now.getTime() + rules['accounts.activationValidDays'] * DAY_MS);
  const code = newCode();
  await repo.insertCodes(tx, [
    codeRow(code, { userId, ...v.code, batchId: null, expiresAt, by: ctx.actor.userId, now: ctx.now }),
  ]);
  await writeAudit(tx, ctx, {
    action: v.action,
    entity: 'user',
    entityId: userId,
    orgPath: v.orgPath,
    after: { ...v.after, created: v.userId === null },
  });
  return {
    orgName: await repo.orgName(tx, v.orgId),
    username: username ?? '',
    code: formatCode(code),
    expiresAt,
  };
}

// ---- applicants and activists ---------------------------------------------------------------

const CASE = '发展党员案件';

/** The account of a development case (after admission, the member's), for the case page. */
export async function caseAccount(db: Db, ctx: RequestContext, caseId: number) {
  const c = await repo.caseWithAccount(db, ctx.actor.scope('account.issue'), caseId, ctx.now);
  if (!c) throw notFound(CASE);
  return {
    caseId: c.id,
    state: c.state,
    username: c.username,
    activatedAt: c.activatedAt,
    codeExpiresAt: c.codeExpiresAt,
    codeLocked: c.codeLocked,
    canIssue:
      c.status === 'active' &&
      c.memberId === null &&
      c.hasIdNumber &&
      (c.state === 'none' || c.state === 'pending'),
  };
}

/**
 * An account for the person of a development case who has no member record yet (an applicant, an
 * activist, a candidate): a generated username, no role, `development_case_id` set, inactive until
 * activated with the code and the tail of the case's ID number. The account waiting for
 * activation gets a new code and its older one is revoked, like a member's re-issue.
 */
export async function issueForCase(db: Db, ctx: RequestContext, caseId: number) {
  const scope = ctx.actor.scope('account.issue');
  return db.transaction(async (tx) => {
    const c = await repo.caseWithAccount(tx, scope, caseId, ctx.now);
    if (!c) throw notFound(CASE);
    if (c.memberId !== null) throw new AppError('ACCOUNTS_CASE_HAS_MEMBER');
    if (c.status !== 'active') throw new AppError('ACCOUNTS_CASE_NOT_ELIGIBLE');
    // Activation checks the ID tail: a case without a sealed ID number could never be activated.
    if (!c.hasIdNumber)
      throw new AppError('ACCOUNTS_CASE_NOT_ELIGIBLE', '该案件没有登记身份证号，本人无法激活账号，不能发放');
    if (c.state !== 'none' && c.state !== 'pending') throw new AppError('ACCOUNTS_CASE_ALREADY_ACTIVE');
    const slip = await issueOneCode(tx, ctx, {
      userId: c.userId,
      username: c.username,
      create: (username) =>
        repo.createCaseAccount(tx, { username, displayName: c.name, caseId: c.id }, UNUSABLE_PASSWORD),
      code: { memberId: null, caseId: c.id },
      orgId: c.orgId,
      orgPath: c.orgPath,
      action: 'account.issue_case',
      after: { developmentCaseId: c.id },
    });
    return { caseId: c.id, name: c.name, ...slip };
  });
}

// ---- activation (public) -------------------------------------------------------------------

type Outcome<T> = { ok: T } | { fail: 'invalid' | 'locked' };

export async function activate(
  deps: AccountDeps,
  input: z.infer<typeof activateBody>,
  meta: PublicMeta,
  previousToken?: string,
): Promise<{ token: string; username: string; mustChangePassword: boolean }> {
  const db = deps.database.db;
  const now = deps.clock();
  const code = normaliseCode(input.code);
  // The back-off of sign-in (per address, and per code typed): guessing codes from one address
  // slows down long before the per-code lock below matters.
  const throttleKey = `activation:${code}`;
  const imposed = beginAttempt(deps.throttle, throttleKey, meta.ip, now);
  const outcome: Outcome<{ userId: number; username: string }> = await db.transaction(async (tx) => {
    const row = isCodeShape(code) ? await repo.openCodeByHash(tx, hashOf('code', code)) : null;
    if (!row || row.expiresAt.getTime() <= now.getTime()) {
      await writeAudit(tx, meta, {
        action: 'account.activate_failed',
        entity: 'user',
        entityId: row?.userId ?? null,
        reason: row ? '激活码已过期' : '激活码无效',
      });
      return { fail: 'invalid' };
    }
    if (row.lockedUntil && row.lockedUntil.getTime() > now.getTime()) return { fail: 'locked' };
    const rules = await loadRules(tx);
    // A member's code is checked against the member's ID number, an applicant's (member_id null)
    // against their case's: the record the slip was issued for.
    const holder =
      row.memberId !== null
        ? await repo.sealedIdOf(tx, { memberId: row.memberId })
        : row.developmentCaseId !== null
          ? await repo.sealedIdOf(tx, { caseId: row.developmentCaseId })
          : null;
    const user = await authRepo.findUserById(tx, row.userId);
    const usable = user && !user.active && !user.activatedAt && !user.disabledReason;
    const tailOk = !!holder?.enc && idTailMatches(unseal(holder.enc), input.idTail);
    if (!usable || !tailOk) {
      const next = afterWrongTry(
        row.failedAttempts,
        {
          maxAttempts: rules['accounts.activationMaxAttempts'],
          lockMinutes: rules['accounts.activationLockMinutes'],
        },
        now,
      );
      await repo.setCodeCounters(tx, row.id, next);
      await writeAudit(tx, meta, {
        action: 'account.activate_failed',
        entity: 'user',
        entityId: row.userId,
        orgPath: holder?.orgPath ?? null,
        reason: `${usable ? '身份证号后6位不符' : '账号不可激活'}${next.lockedUntil ? '，激活码已锁定' : ''}`,
      });
      return { fail: next.lockedUntil ? 'locked' : 'invalid' };
    }
    // The code and the tail are right: a password the policy refuses is a field error, and the
    // code stays open for the next try (nothing above is written on this path).
    await checkPassword(tx, input.password, { username: user.username, field: 'password' });
    await repo.activateUser(tx, user.id, await hashPassword(input.password), now);
    await repo.markCodeUsed(tx, row.id, now);
    await writeAudit(
      tx,
      { actor: { userId: user.id, username: user.username }, ...meta },
      {
        action: 'account.activate',
        entity: 'user',
        entityId: user.id,
        orgPath: holder?.orgPath ?? null,
      },
    );
    return { ok: { userId: user.id, username: user.username } };
  });
  if ('fail' in outcome) {
    const wait = imposed > 0 ? `。${waitMessage(imposed)}` : '';
    if (outcome.fail === 'locked') throw new AppError('ACCOUNTS_ACTIVATION_LOCKED');
    throw new AppError('ACCOUNTS_ACTIVATION_FAILED', `激活码或身份证号后6位不正确，或激活码已失效${wait}`, [
      { field: 'code', message: '激活码或身份证号后6位不正确，或激活码已失效' },
      { field: 'idTail', message: '激活码或身份证号后6位不正确，或激活码已失效' },
    ]);
  }
  deps.throttle.succeeded(throttleKey, meta.ip);
  const token = await startSession(deps, outcome.ok.userId, now, previousToken);
  return { token, username: outcome.ok.username, mustChangePassword: false };
}

// ---- SMS codes (public) --------------------------------------------------------------------

function mobileOf(typed: string): string {
  const m = asMobile(typed);
  if (!m) throw fieldErrors([{ field: 'phone', message: '手机号：应为11位手机号码' }]);
  return m;
}

/** The account the phone signs in to, if it may sign in (active). */
async function accountOfPhone(db: Db | Parameters<typeof authRepo.findUserByPhone>[0], phoneHash: string) {
  const user = await authRepo.findUserByPhone(db, phoneHash);
  return user?.active ? user : null;
}

/**
 * Sends a code when the phone belongs to an active account; answers the same either way (the limits
 * count every request, sent or not, so they do not tell either).
 */
export async function requestSmsCode(
  deps: AccountDeps,
  provider: SmsProvider | null,
  input: z.infer<typeof smsCodeBody>,
  meta: PublicMeta,
) {
  if (!provider) throw new AppError('ACCOUNTS_SMS_UNAVAILABLE');
  const db = deps.database.db;
  const now = deps.clock();
  const phone = mobileOf(input.phone);
  const phoneHash = hashOf('phone', phone);
  const send = await db.transaction(async (tx) => {
    await repo.lockPhone(tx, phoneHash);
    const rules = await loadRules(tx);
    const refused = smsRefusal(
      await repo.smsHistory(tx, phoneHash, meta.ip, now),
      {
        phoneIntervalSeconds: rules['accounts.smsPhoneIntervalSeconds'],
        phoneDailyMax: rules['accounts.smsPhoneDailyMax'],
        ipHourlyMax: rules['accounts.smsIpHourlyMax'],
      },
      now,
    );
    if (refused)
      throw new AppError(
        'ACCOUNTS_SMS_RATE_LIMITED',
        `获取验证码过于频繁，请${waitText(refused.waitSeconds)}后再试`,
      );
    const code = smsCodeFromBytes(randomBytes(4));
    await repo.insertSmsCode(tx, {
      phoneHash,
      purpose: input.purpose,
      codeHash: hashOf('code', code),
      ip: meta.ip,
      createdAt: now,
      expiresAt: new Date(now.getTime() + rules['accounts.smsValidMinutes'] * 60_000),
    });
    const user = await accountOfPhone(tx, phoneHash);
    return user ? { code, minutes: rules['accounts.smsValidMinutes'] } : null;
  });
  if (send) {
    const what = input.purpose === 'login' ? '登录' : '重置密码';
    await provider.send(
      phone,
      `【基层党建】您的${what}验证码为 ${send.code}，${send.minutes}分钟内有效。如非本人操作，请忽略本短信。`,
    );
  }
}

/**
 * Checks a code: the phone's latest open code for the purpose, within its tries. Answers the
 * account, or null (wrong, expired, used up, or no account: one answer). A wrong code counts a try.
 */
async function verifySmsCode(
  deps: AccountDeps,
  input: { phone: string; code: string },
  purpose: 'login' | 'reset',
  meta: PublicMeta,
  then: (tx: Tx, user: NonNullable<Awaited<ReturnType<typeof authRepo.findUserById>>>) => Promise<void>,
) {
  const db = deps.database.db;
  const now = deps.clock();
  const phone = mobileOf(input.phone);
  const phoneHash = hashOf('phone', phone);
  const throttleKey = `sms:${phone}`;
  const imposed = beginAttempt(deps.throttle, throttleKey, meta.ip, now);
  const user = await db.transaction(async (tx) => {
    const rules = await loadRules(tx);
    const row = await repo.latestOpenSmsCode(tx, phoneHash, purpose, now);
    const usable = row && row.attempts < rules['accounts.smsMaxAttempts'];
    const given = Buffer.from(hashOf('code', input.code.trim()), 'hex');
    const right = usable && timingSafeEqual(given, Buffer.from(row.codeHash, 'hex'));
    const account = right ? await accountOfPhone(tx, phoneHash) : null;
    if (!account) {
      if (usable) await repo.countSmsAttempt(tx, row.id);
      await writeAudit(tx, meta, {
        action: 'account.sms_failed',
        entity: 'user',
        entityId: null,
        reason: purpose === 'login' ? '短信验证码登录失败' : '短信验证码重置密码失败',
      });
      return null;
    }
    // `then` may refuse (a password the policy refuses): the code stays open, nothing is written.
    await then(tx, account);
    await repo.markSmsUsed(tx, row.id, now);
    return account;
  });
  if (!user) {
    const wait = imposed > 0 ? `。${waitMessage(imposed)}` : '';
    throw new AppError('ACCOUNTS_SMS_CODE_INVALID', `验证码不正确或已过期，请重新获取${wait}`, [
      { field: 'code', message: '验证码不正确或已过期，请重新获取' },
    ]);
  }
  deps.throttle.succeeded(throttleKey, meta.ip);
  return { user, now };
}

export async function smsLogin(
  deps: AccountDeps,
  provider: SmsProvider | null,
  input: z.infer<typeof smsLoginBody>,
  meta: PublicMeta,
  previousToken?: string,
) {
  if (!provider) throw new AppError('ACCOUNTS_SMS_UNAVAILABLE');
  const { user, now } = await verifySmsCode(deps, input, 'login', meta, async (tx, u) => {
    await writeAudit(
      tx,
      { actor: { userId: u.id, username: u.username }, ...meta },
      {
        action: 'account.sms_login',
        entity: 'user',
        entityId: u.id,
      },
    );
  });
  const rules = await loadRules(deps.database.db);
  let mustChangePassword = user.mustChangePassword;
  if (!mustChangePassword && passwordExpired(user.passwordChangedAt, now, rules['password.maxAgeDays'])) {
    await authRepo.requirePasswordChange(deps.database.db, user.id);
    mustChangePassword = true;
  }
  const token = await startSession(deps, user.id, now, previousToken);
  return { token, mustChangePassword };
}

/** 忘记密码: the code proves the phone; the new password meets the policy; every session ends. */
export async function resetPassword(
  deps: AccountDeps,
  provider: SmsProvider | null,
  input: z.infer<typeof passwordResetBody>,
  meta: PublicMeta,
) {
  if (!provider) throw new AppError('ACCOUNTS_SMS_UNAVAILABLE');
  await verifySmsCode(deps, input, 'reset', meta, async (tx, u) => {
    await checkPassword(tx, input.newPassword, { username: u.username, field: 'newPassword' });
    const keep = (await loadRules(tx))['password.historyCount'];
    const earlier =
      keep > 0 ? [u.passwordHash, ...(await authRepo.recentPasswordHashes(tx, u.id, keep - 1))] : [];
    for (const h of earlier) {
      if (await verifyPassword(input.newPassword, h))
        throw fieldErrors([
          { field: 'newPassword', message: `新密码不能与当前密码或最近${keep}次使用过的密码相同` },
        ]);
    }
    await authRepo.changePassword(
      tx,
      u,
      await hashPassword(input.newPassword),
      deps.clock(),
      Math.max(keep - 1, 0),
    );
    await authRepo.deleteUserSessions(tx, u.id);
    await writeAudit(
      tx,
      { actor: { userId: u.id, username: u.username }, ...meta },
      {
        action: 'account.password_reset_sms',
        entity: 'user',
        entityId: u.id,
      },
    );
  });
}

// ---- the account follows the record --------------------------------------------------------

/**
 * Listener of `members` and `development` (before commit, in the writing transaction): accounts of
 * members who left the party in the touched orgs are disabled, and the member role of transferred
 * members moves to their new org. Whatever path changed the status (an edit, a probation
 * cancelled, an import). Applicants' accounts move to the member record at admission, or are
 * disabled when their case ends without one.
 */
export async function followRecords(tx: Parameters<typeof repo.disableLeftAccounts>[0], orgIds: number[]) {
  const now = new Date();
  // An applicant's account follows the case: admitted, it becomes the member's (first, so that the
  // steps below treat it as one); ended without admission, it is disabled.
  for (const u of await repo.moveCaseAccountsToMembers(tx, orgIds)) {
    await writeAudit(tx, null, {
      action: 'account.follow_admission',
      entity: 'user',
      entityId: u.id,
      orgPath: u.orgPath,
      after: { developmentCaseId: u.caseId, memberId: u.memberId, role: 'member', orgId: u.orgId },
    });
  }
  for (const u of await repo.disableClosedCaseAccounts(tx, orgIds, now)) {
    await writeAudit(tx, null, {
      action: 'account.disable_case',
      entity: 'user',
      entityId: u.id,
      orgPath: u.orgPath,
      after: { developmentCaseId: u.caseId, caseStatus: u.status, disabledReason: 'case_closed' },
    });
  }
  const gone = await repo.disableLeftAccounts(tx, orgIds, now);
  for (const u of gone) {
    await writeAudit(tx, null, {
      action: 'account.disable_left',
      entity: 'user',
      entityId: u.id,
      orgPath: u.orgPath,
      after: { memberId: u.memberId, disabledReason: u.status === 'deceased' ? 'deceased' : 'left_party' },
    });
  }
  await repo.moveMemberRoles(tx, orgIds);
}
