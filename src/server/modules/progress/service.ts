/**
 * 学时进度: targets by role as of a date, progress of a subtree by child org, its member list, the
 * new secretaries' and probationary members' training, the member's own progress. The rules are
 * those in force on 1 January of the year (rule history), the register that of the as-of date; the
 * standing of each member is judged by the domain's numbers (src/domain/progress/targets.ts) inside
 * one statement (repo.ts).
 */
import { addMonths, type IsoDate } from '../../../domain/common/dates.js';
import { expectedConfirmationDate } from '../../../domain/member/profile-rules.js';
import { rulesInForceOn } from '../../../domain/orglife/versions.js';
import {
  elapsedShare,
  expectedSeconds,
  isNewSecretaryOn,
  lastKnownDay,
  metRate,
  newSecretaryCheck,
  probationaryTrained,
  type TargetRules,
  targetSeconds,
} from '../../../domain/progress/targets.js';
import type { Rules } from '../../../domain/rules/index.js';
import type {
  MyProgressDto,
  NewSecretaryDto,
  ProbationaryDto,
  ProgressBasisDto,
  ProgressChildDto,
  ProgressFiguresDto,
  ProgressSummaryDto,
  TrainingListsDto,
} from '../../../shared/contracts/progress.js';
import { TRAINING_LIST_MAX } from '../../../shared/contracts/progress.js';
import type { DbOrTx } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { orgRepo } from '../orgs/index.js';
import { loadRuleHistory, loadRules } from '../settings/index.js';
import { isWalked, keptApplies, keptMembers, keptSummary } from './kept.js';
import * as repo from './repo.js';

export interface Period {
  year: number;
  on: IsoDate;
}

/**
 * The year and as-of date of a request: `on` defaults to today (31 December for a past year), the
 * year to `on`'s. A date after today is refused (the register of tomorrow is not known).
 */
export function periodOf(today: IsoDate, q: { year?: number; on?: string }): Period {
  if (q.on && q.on > today) throw fieldErrors([{ field: 'on', message: '日期：不能晚于今天' }]);
  const thisYear = Number(today.slice(0, 4));
  const year = q.year ?? Number((q.on ?? today).slice(0, 4));
  const on = q.on ?? (year < thisYear ? `${year}-12-31` : today);
  return { year, on };
}

/** The target rules of `year`: the values in force on its 1 January. */
export function targetRulesOf(
  rules: Rules,
  history: Awaited<ReturnType<typeof loadRuleHistory>>,
  year: number,
) {
  const r = rulesInForceOn(`${year}-01-01`, rules, history);
  const t: TargetRules = {
    memberYearlyHours: r['learning.memberYearlyHours'],
    leaderYearlyHours: r['learning.leaderYearlyHours'],
    minutesPerHour: r['learning.minutesPerHour'],
  };
  return { rules: r, targets: t };
}

export async function judgingOf(db: DbOrTx, p: Period) {
  const [rules, history] = await Promise.all([loadRules(db), loadRuleHistory(db)]);
  const { rules: r, targets } = targetRulesOf(rules, history, p.year);
  const memberTarget = targetSeconds('member', targets);
  const leaderTarget = targetSeconds('leader', targets);
  const judging: repo.Judging = {
    year: p.year,
    on: p.on,
    // Before the year begins nothing of it is known: no role held in it (the domain's
    // isLeaderInYear), nothing expected. A date no role starts on or before says so in SQL.
    last: lastKnownDay(p.year, p.on) ?? '0001-01-01',
    memberTarget,
    leaderTarget,
    memberExpected: expectedSeconds(memberTarget, p.year, p.on),
    leaderExpected: expectedSeconds(leaderTarget, p.year, p.on),
  };
  const basis: ProgressBasisDto = {
    year: p.year,
    on: p.on,
    secondsPerHour: targets.minutesPerHour * 60,
    memberTargetHours: targets.memberYearlyHours,
    leaderTargetHours: targets.leaderYearlyHours,
    elapsed: elapsedShare(p.year, p.on),
  };
  return { judging, basis, rules: r };
}

async function orgInScope(db: DbOrTx, ctx: RequestContext, orgId: number) {
  const org = await orgRepo.findOrg(db, ctx.actor.scope('learning.read'), orgId);
  if (!org) throw notFound('党组织');
  return org;
}

const EMPTY = { members: 0, leaders: 0, met: 0, onPace: 0, behind: 0, none: 0, totalSeconds: 0 };

function figures(f: Omit<repo.FiguresRow, 'child'>): ProgressFiguresDto {
  return {
    members: f.members,
    leaders: f.leaders,
    met: f.met,
    onPace: f.onPace,
    behind: f.behind,
    none: f.none,
    rate: metRate(f.met, f.members),
    totalSeconds: f.totalSeconds,
    averageSeconds: f.members > 0 ? Math.round(f.totalSeconds / f.members) : null,
  };
}

export async function summary(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  q: { year?: number; on?: string },
): Promise<ProgressSummaryDto> {
  const org = await orgInScope(db, ctx, orgId);
  const p = periodOf(ctx.today, q);
  const { judging, basis } = await judgingOf(db, p);
  // The rules as they stood on the as-of day, not today's (the training figures).
  const [current, history] = await Promise.all([loadRules(db), loadRuleHistory(db)]);
  const onRules = rulesInForceOn(p.on, current, history);
  const probationaryOn = onRules['learning.probationaryTrainingRequired'] ? p.on : null;
  // The figures by child, the children and the untrained probationary members from the kept
  // figures in one statement (decision 0054) beside the new secretaries (a few rows judged here);
  // when the register changed since the as-of date, the scans.
  const [kept, secretaries] = await Promise.all([
    keptApplies(judging) ? keptSummary(db, org.id, org.path, judging, probationaryOn) : Promise.resolve(null),
    untrainedSecretaries(db, org.path, p.on, onRules),
  ]);
  const [rows, kids, probationaryTotal] = kept
    ? [kept.figures, kept.kids, kept.probationary]
    : await Promise.all([
        repo
          .registerSize(db, org.id)
          .then((size) => repo.figuresByChild(db, org.path, judging, repo.leadersOfSize(size))),
        repo.childOrgs(db, org.id),
        probationaryOn ? repo.probationaryUntrainedCount(db, org.path, probationaryOn) : Promise.resolve(0),
      ]);
  const training = { newSecretariesTotal: secretaries.length, probationaryTotal };
  const byChild = new Map(rows.map((r) => [r.child, r]));
  const total = rows.reduce(
    (s, r) => ({
      members: s.members + r.members,
      leaders: s.leaders + r.leaders,
      met: s.met + r.met,
      onPace: s.onPace + r.onPace,
      behind: s.behind + r.behind,
      none: s.none + r.none,
      totalSeconds: s.totalSeconds + r.totalSeconds,
    }),
    EMPTY,
  );
  const children: ProgressChildDto[] = [];
  const own = byChild.get('');
  if (own && kids.length > 0)
    children.push({
      orgId: org.id,
      name: `${org.name}（本级）`,
      kind: org.kind,
      self: true,
      ...figures(own),
    });
  for (const k of kids) {
    const r = byChild.get(String(k.id));
    // A dissolved child is listed only while members are still counted there.
    if (!r && k.status !== 'active') continue;
    children.push({ orgId: k.id, name: k.name, kind: k.kind, self: false, ...figures(r ?? EMPTY) });
  }
  return {
    org: { id: org.id, name: org.name, kind: org.kind },
    basis,
    total: figures(total),
    children,
    newSecretariesUntrained: training.newSecretariesTotal,
    probationaryUntrained: training.probationaryTotal,
  };
}

export async function members(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  q: {
    year?: number;
    on?: string;
    standing?: string;
    role?: 'leader' | 'member';
    order: 'asc' | 'desc';
    current: number;
    pageSize: number;
  },
) {
  const org = await orgInScope(db, ctx, orgId);
  const { judging, basis } = await judgingOf(db, periodOf(ctx.today, q));
  const page = { role: q.role, order: q.order, limit: q.pageSize, offset: (q.current - 1) * q.pageSize };
  // A standing with hours from the kept rows, in one statement that also chooses the walk (a large
  // subtree) or its path range (decision 0054); else, or when the register changed since the date,
  // the scan.
  if (keptApplies(judging) && isWalked(q.standing)) {
    const kept = await keptMembers(db, org.id, org.path, judging, { ...page, standing: q.standing });
    if (kept) return { basis, total: kept.total, data: kept.rows };
  }
  const size = await repo.registerSize(db, org.id);
  const { rows, total } = await repo.membersOf(
    db,
    org.path,
    judging,
    { ...page, standing: q.standing },
    repo.leadersOfSize(size),
  );
  return { basis, total, data: rows.map(({ total: _t, ...r }) => r) };
}

/** The new secretaries of a subtree untrained on `on`, by deadline. */
async function untrainedSecretaries(
  db: DbOrTx,
  orgPath: string,
  on: IsoDate,
  rules: ReturnType<typeof rulesInForceOn>,
): Promise<NewSecretaryDto[]> {
  const months = rules['learning.newSecretaryTrainingMonths'];
  const listed = rules['learning.newSecretaryListedMonths'];
  const since = addMonths(on, -(months + listed));
  const newSecretaries: NewSecretaryDto[] = [];
  for (const s of await repo.secretariesSince(db, { orgPath }, since, on)) {
    if (!isNewSecretaryOn(s.startedOn, months, on, listed)) continue;
    const c = newSecretaryCheck(s.startedOn, months, on, s.trainedOn);
    if (c.state === 'trained') continue;
    newSecretaries.push({
      memberId: s.memberId,
      name: s.name,
      orgId: s.orgId,
      orgName: s.orgName,
      startedOn: s.startedOn,
      deadline: c.deadline,
      state: c.state,
      daysLeft: c.daysLeft,
    });
  }
  newSecretaries.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.memberId - b.memberId);
  return newSecretaries;
}

/** The untrained new secretaries and probationary members of a subtree on `on`. */
async function trainingOf(db: DbOrTx, orgPath: string, on: IsoDate) {
  // The rules as they stood on the day asked about, not today's.
  const [current, history] = await Promise.all([loadRules(db), loadRuleHistory(db)]);
  const rules = rulesInForceOn(on, current, history);
  const months = rules['learning.newSecretaryTrainingMonths'];
  const [newSecretaries, probs] = await Promise.all([
    untrainedSecretaries(db, orgPath, on, rules),
    rules['learning.probationaryTrainingRequired']
      ? repo.probationaryOf(db, { orgPath }, on)
      : Promise.resolve([]),
  ]);
  const probationary: ProbationaryDto[] = probs
    .filter((m) => !probationaryTrained(m.joinedOn, m.trainedOn))
    .map((m) => ({
      memberId: m.memberId,
      name: m.name,
      orgId: m.orgId,
      orgName: m.orgName,
      joinedOn: m.joinedOn,
      probationEndsOn: expectedConfirmationDate(m.joinedOn, m.extension, rules),
    }));
  probationary.sort((a, b) => a.probationEndsOn.localeCompare(b.probationEndsOn) || a.memberId - b.memberId);
  return {
    months,
    probationaryRequired: rules['learning.probationaryTrainingRequired'],
    newSecretaries: newSecretaries.slice(0, TRAINING_LIST_MAX),
    newSecretariesTotal: newSecretaries.length,
    probationary: probationary.slice(0, TRAINING_LIST_MAX),
    probationaryTotal: probationary.length,
  };
}

export async function training(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  q: { on?: string },
): Promise<TrainingListsDto> {
  const org = await orgInScope(db, ctx, orgId);
  const { on } = periodOf(ctx.today, q);
  return { on, ...(await trainingOf(db, org.path, on)) };
}

/** The signed-in member's own progress for the year (this year by default, as of today). */
export async function mine(db: DbOrTx, ctx: RequestContext, q: { year?: number }): Promise<MyProgressDto> {
  const memberId = ctx.actor.memberId;
  if (memberId === null) throw new AppError('PROGRESS_NO_MEMBER');
  const p = periodOf(ctx.today, q);
  const { judging, basis, rules } = await judgingOf(db, p);
  const row = await repo.memberProgress(db, memberId, judging);
  if (!row) throw new AppError('PROGRESS_NO_MEMBER');
  const months = rules['learning.newSecretaryTrainingMonths'];
  const listed = rules['learning.newSecretaryListedMonths'];
  const since = addMonths(p.on, -(months + listed));
  const secs = (await repo.secretariesSince(db, { memberId }, since, p.on)).filter((s) =>
    isNewSecretaryOn(s.startedOn, months, p.on, listed),
  );
  const sec = secs.at(-1);
  let probationary: MyProgressDto['probationary'] = null;
  if (row.category === 'probationary' && rules['learning.probationaryTrainingRequired']) {
    const [me] = await repo.probationaryOf(db, { memberId }, p.on);
    if (me) probationary = { joinedOn: me.joinedOn, trained: probationaryTrained(me.joinedOn, me.trainedOn) };
  }
  const { total: _t, memberId: _m, orgId: _o, category: _c, ...rest } = row;
  return {
    basis,
    ...rest,
    newSecretary: sec
      ? {
          startedOn: sec.startedOn,
          deadline: newSecretaryCheck(sec.startedOn, months, p.on, sec.trainedOn).deadline,
          trained: sec.trainedOn !== null,
        }
      : null,
    probationary,
  };
}
