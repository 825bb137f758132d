/**
 * The development procedure engine: given a case (who applied, under which version of the 细则) and
 * the steps recorded so far, it says which steps may be recorded next, when (earliest date, due
 * date, last permitted date) and under which rule, and it checks a proposed step against every time
 * limit and condition of the Party Constitution and the 发展党员工作细则 in the rule catalog.
 *
 * Two kinds of finding:
 * - errors (hard stops): the step cannot be recorded; each names a rule code and, where a date
 *   decides, the date ("须在 2026-03-01（含）之后：…"). Example: a candidate designated before a full
 *   year as an activist.
 * - warnings: the step is recorded but flagged (late talk, late assessment). These are limits the
 *   regulation sets but that the branch cannot undo once missed.
 *
 * Pure: the clock (`today`), the rules in force for the case and the facts the server reads from
 * the register (sponsors, branch size) are passed in.
 */
import { addDays, addMonths, ageOn, compareDates, daysBetween, type IsoDate } from '../common/dates.js';
import { expectedConfirmationDate } from '../member/profile-rules.js';
import { decideVote } from '../orglife/votes.js';
import { type RuleId, type Rules, ruleDef } from '../rules/index.js';
import { DEVELOPMENT_STEPS, type DevelopmentStage, type DevelopmentVersion, stepByKey } from './steps.js';
import { holidayCalendarCoversRange, nthWorkingDayFrom, workingDaysBetween } from './working-days.js';

export type StepKey = (typeof DEVELOPMENT_STEPS)[number]['key'];

/**
 * A person named at a step (mentor, sponsor), as the register knows them on the step's date (not
 * today: a sponsor confirmed since was still probationary then).
 */
export interface MemberFact {
  memberId: number;
  name: string;
  category: 'full' | 'probationary';
  /** Still on the roll (not left or deceased). */
  current: boolean;
  /** Under 留党察看 with rights not yet restored. */
  rightsSuspended: boolean;
}

export interface VoteRecord {
  expectedVoting: number;
  presentVoting: number;
  for: number;
  against: number;
  abstain: number;
}

export const STEP_OUTCOMES = ['approved', 'rejected'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];
export const CONFIRMATION_DECISIONS = ['confirm', 'extend', 'cancel'] as const;
export type ConfirmationDecision = (typeof CONFIRMATION_DECISIONS)[number];

/** The inputs of a step. Which are required depends on the step (see `checkStep`). */
export interface StepData {
  /** 情况说明 / 考察意见 / 谈话记录摘要. */
  note?: string;
  /** Who talked to the applicant (step 2) or interviewed the candidate (step 16). */
  talkerName?: string;
  /** Who designated the activist or the candidate: the committee, or the general meeting without one. */
  decidedBy?: 'committee' | 'general_meeting';
  mentors?: MemberFact[];
  sponsors?: MemberFact[];
  /** 2026: the public notice after the higher committee's consent (step 8). */
  notice?: { from: IsoDate; to: IsoDate; objection: boolean };
  /** Step 10. */
  reviewConclusion?: 'pass' | 'fail';
  /** Step 11: centralised training, inclusive dates and hours (学时). */
  training?: { from: IsoDate; to: IsoDate; hours: number; organizer?: string };
  /** Steps 15 and 23. */
  vote?: VoteRecord;
  /**
   * Full members of the branch on the meeting day, read from the register as of that day by the
   * server: the branch's size (at least three to admit or confirm).
   */
  branchFullMembers?: number;
  /**
   * Those of them with a vote on the meeting day, read likewise: full members not under 留党察看
   * (党章第四十条), the voters the vote expects (应到). Records from before it was kept have only
   * `branchFullMembers`, which was their 应到.
   */
  branchVotingMembers?: number;
  /** Why the vote's 应到 differs from the register's count of voting members on the meeting day. */
  expectedVotingReason?: string;
  /**
   * Members of the branch committee in office on the step's date, read from the register by the
   * server for the steps decided by the committee (steps 3 and 7).
   */
  branchCommittee?: number;
  /** Steps 13, 17, 24. */
  outcome?: StepOutcome;
  /** Step 23: what the branch resolved. */
  decision?: ConfirmationDecision;
  /** Step 23 with decision `extend`. */
  extensionMonths?: number;
  /** Steps 17 and 24 past the normal limit. */
  delayReason?: string;
}

export interface RecordedStep {
  key: StepKey;
  on: IsoDate;
  data: StepData;
}

export interface CaseFacts {
  version: DevelopmentVersion;
  birthDate: IsoDate;
}

export type CaseStatus = 'active' | 'completed' | 'rejected' | 'cancelled';

/** Where the person stands (not where the procedure is): the board's columns. */
export type PersonStage = DevelopmentStage;

export interface Finding {
  code: string;
  message: string;
  ruleId?: RuleId;
  citation?: string;
  /** The date that decides (earliest or latest allowed), when one does. */
  date?: IsoDate;
  /** The input that is wrong, for forms. */
  field?: string;
}

export interface NextItem {
  key: StepKey;
  no: number;
  title: string;
  /** Not before this date (hard). */
  earliest?: IsoDate;
  /** Should be done by this date (a warning after it). */
  due?: IsoDate;
  /** Cannot be done after this date (hard). */
  latest?: IsoDate;
  ruleId?: RuleId;
  citation?: string;
  /** What the dates mean, in Chinese. */
  text: string;
}

export interface CaseState {
  status: CaseStatus;
  stage: PersonStage;
  lastKey: StepKey | null;
  lastOn: IsoDate | null;
  next: NextItem[];
  appliedOn: IsoDate | null;
  activistOn: IsoDate | null;
  /** The first day the activist may be designated a candidate. */
  candidateEligibleOn: IsoDate | null;
  candidateOn: IsoDate | null;
  /** The admission vote that the higher committee approved (or is asked to): 入党日期. */
  admissionVoteOn: IsoDate | null;
  admittedOn: IsoDate | null;
  probationEndsOn: IsoDate | null;
  extensionMonths: number | null;
  confirmedOn: IsoDate | null;
  /** Pending resolution of step 23, awaiting approval. */
  pendingDecision: ConfirmationDecision | null;
}

const cite = (id: RuleId) => ruleDef(id).citation;

/** "须在 2026-03-01（含）之后：入党积极分子培养教育满一年（…第十三条）". */
function notBefore(date: IsoDate, what: string, id: RuleId): string {
  return `须在 ${date}（含）之后：${what}（${cite(id)}）`;
}

const stepTitle = (key: StepKey) => stepByKey(key)?.title ?? key;

function item(key: StepKey, text: string, extra: Partial<NextItem> = {}): NextItem {
  const s = stepByKey(key);
  return { key, no: s?.no ?? 0, title: s?.title ?? key, text, ...extra };
}

const monthWord = (n: number) => (n === 12 ? '一年' : n === 6 ? '半年' : `${n}个月`);

/** Replays the recorded steps (in the order recorded) into the case's state and next steps. */
export function caseState(facts: CaseFacts, steps: readonly RecordedStep[], rules: Rules): CaseState {
  const st: CaseState = {
    status: 'active',
    stage: 'applicant',
    lastKey: null,
    lastOn: null,
    next: [],
    appliedOn: null,
    activistOn: null,
    candidateEligibleOn: null,
    candidateOn: null,
    admissionVoteOn: null,
    admittedOn: null,
    probationEndsOn: null,
    extensionMonths: null,
    confirmedOn: null,
    pendingDecision: null,
  };
  let allowed: StepKey[] = ['application'];
  let lastAssessmentOn: IsoDate | null = null;
  let noticeTo: IsoDate | null = null;
  let preReviewOn: IsoDate | null = null;
  let approvalOn: IsoDate | null = null;
  let confirmationVoteOn: IsoDate | null = null;
  // The confirmation vote awaiting approval: the approval of an extension takes its months from it
  // (not from the case's last vote, which after an extension is the later vote to confirm).
  let pendingVote: StepData | null = null;
  let lastProbationAssessmentOn: IsoDate | null = null;

  for (const s of steps) {
    st.lastKey = s.key;
    st.lastOn = s.on;
    const d = s.data;
    switch (s.key) {
      case 'application':
        st.appliedOn = s.on;
        allowed = ['application_talk'];
        break;
      case 'activist_designated':
        st.stage = 'activist';
        st.activistOn = s.on;
        st.candidateEligibleOn = addMonths(s.on, rules['development.activistMinMonths']);
        allowed = ['activist_filed'];
        break;
      case 'mentors_assigned':
        allowed = ['activist_assessment'];
        break;
      case 'activist_assessment':
        lastAssessmentOn = s.on;
        allowed = ['activist_assessment', 'candidate_designated'];
        break;
      case 'candidate_designated':
        st.stage = 'candidate';
        st.candidateOn = s.on;
        allowed = ['candidate_filed'];
        break;
      case 'candidate_filed':
        noticeTo = d.notice?.to ?? null;
        allowed = ['sponsors_assigned'];
        break;
      case 'political_review':
        allowed = d.reviewConclusion === 'fail' ? ['political_review'] : ['training'];
        break;
      case 'higher_pre_review':
        if (d.outcome === 'rejected') allowed = ['committee_review'];
        else {
          preReviewOn = s.on;
          allowed = ['volunteer_form'];
        }
        break;
      case 'admission_vote': {
        const passed = d.vote ? voteOutcome(d.vote, rules).passed : false;
        if (passed) {
          st.admissionVoteOn = s.on;
          allowed = ['higher_interview'];
        } else allowed = ['admission_vote'];
        break;
      }
      case 'admission_approval':
        if (d.outcome === 'approved' && st.admissionVoteOn) {
          approvalOn = s.on;
          st.stage = 'probationary';
          st.admittedOn = st.admissionVoteOn;
          st.probationEndsOn = expectedConfirmationDate(st.admissionVoteOn, null, rules);
          allowed = ['admission_filed'];
        } else {
          st.status = 'rejected';
          allowed = [];
        }
        break;
      case 'oath':
        allowed = ['probation_assessment'];
        break;
      case 'probation_assessment':
        lastProbationAssessmentOn = s.on;
        allowed = ['probation_assessment', 'confirmation_application'];
        break;
      case 'confirmation_vote':
        confirmationVoteOn = s.on;
        pendingVote = d;
        st.pendingDecision = d.decision ?? null;
        allowed = ['confirmation_approval'];
        break;
      case 'confirmation_approval': {
        const decision = st.pendingDecision;
        const voteData = pendingVote;
        st.pendingDecision = null;
        pendingVote = null;
        if (d.outcome !== 'approved') {
          allowed = ['confirmation_vote'];
          break;
        }
        if (decision === 'confirm') {
          st.stage = 'full';
          st.confirmedOn = st.probationEndsOn;
          allowed = ['archived'];
        } else if (decision === 'extend' && st.admittedOn) {
          st.extensionMonths = voteData?.extensionMonths ?? null;
          st.probationEndsOn = expectedConfirmationDate(st.admittedOn, st.extensionMonths, rules);
          confirmationVoteOn = null;
          allowed = ['probation_assessment', 'confirmation_application'];
        } else {
          st.status = 'cancelled';
          allowed = ['archived'];
        }
        break;
      }
      case 'archived':
        if (st.status === 'active') st.status = 'completed';
        allowed = [];
        break;
      default: {
        const i = DEVELOPMENT_STEPS.findIndex((x) => x.key === s.key);
        const following = DEVELOPMENT_STEPS[i + 1];
        allowed = following ? [following.key as StepKey] : [];
      }
    }
  }

  const R = rules;
  st.next = allowed.map((key): NextItem => {
    switch (key) {
      case 'application':
        return item(key, '递交入党申请书，立案');
      case 'application_talk': {
        const due = addMonths(st.appliedOn as IsoDate, R['development.talkWithinMonths']);
        return item(key, `收到申请书后一个月内派人谈话，应于 ${due} 前完成`, {
          due,
          ruleId: 'development.talkWithinMonths',
          citation: cite('development.talkWithinMonths'),
        });
      }
      case 'activist_designated': {
        const months = R['development.applicationMinMonthsBeforeActivist'];
        if (months > 0 && st.appliedOn) {
          const earliest = addMonths(st.appliedOn, months);
          return item(key, `递交申请满${monthWord(months)}后方可确定（本地规定），最早 ${earliest}`, {
            earliest,
            ruleId: 'development.applicationMinMonthsBeforeActivist',
            citation: cite('development.applicationMinMonthsBeforeActivist'),
          });
        }
        return item(key, '支委会（不设支委会的由支部党员大会）研究确定');
      }
      case 'activist_assessment': {
        const from = lastAssessmentOn ?? st.activistOn ?? st.lastOn;
        const due = addMonths(from as IsoDate, R['development.activistAssessmentMonths']);
        return item(key, `每半年考察一次，下次考察应于 ${due} 前完成`, {
          due,
          ruleId: 'development.activistAssessmentMonths',
          citation: cite('development.activistAssessmentMonths'),
        });
      }
      case 'candidate_designated': {
        const earliest = st.candidateEligibleOn as IsoDate;
        return item(key, `培养教育考察满一年，${earliest} 起可列为发展对象`, {
          earliest,
          ruleId: 'development.activistMinMonths',
          citation: cite('development.activistMinMonths'),
        });
      }
      case 'candidate_filed':
        return facts.version === '2026'
          ? item(key, '报上级党委同意，并公示不少于五个工作日', {
              ruleId: 'development.publicNoticeWorkingDays',
              citation: cite('development.publicNoticeWorkingDays'),
            })
          : item(key, '报上级党委备案');
      case 'sponsors_assigned':
        if (noticeTo) {
          const earliest = addDays(noticeTo, 1);
          return item(key, `公示期满（${noticeTo}）后确定入党介绍人`, {
            earliest,
            ruleId: 'development.publicNoticeWorkingDays',
            citation: cite('development.publicNoticeWorkingDays'),
          });
        }
        return item(key, '确定两名正式党员作入党介绍人', {
          ruleId: 'development.sponsorCount',
          citation: cite('development.sponsorCount'),
        });
      case 'admission_vote':
        if (facts.version === '2026' && preReviewOn) {
          const due = addMonths(preReviewOn, R['development.voteAfterPreReviewMonths']);
          return item(key, `预审通过后一个月内提交支部党员大会讨论，应于 ${due} 前召开`, {
            due,
            ruleId: 'development.voteAfterPreReviewMonths',
            citation: cite('development.voteAfterPreReviewMonths'),
          });
        }
        return item(key, '支部党员大会讨论表决（正式党员须不少于3人）', {
          ruleId: 'branch.minFullMembers',
          citation: cite('branch.minFullMembers'),
        });
      case 'higher_interview':
      case 'admission_approval': {
        const vote = st.admissionVoteOn as IsoDate;
        const { normal, max } = R['development.approvalMonths'];
        const due = addMonths(vote, normal);
        const latest = addMonths(vote, max);
        return item(
          key,
          `支部大会通过后${monthWord(normal)}内审批（${due} 前）；特殊情况可延长，最迟 ${latest}，须说明原因`,
          {
            due,
            latest,
            ruleId: 'development.approvalMonths',
            citation: cite('development.approvalMonths'),
          },
        );
      }
      case 'oath':
        if (facts.version === '2026' && approvalOn) {
          const due = addMonths(approvalOn, R['development.oathWithinMonths']);
          return item(key, `批准后一般应在一个月内组织入党宣誓（${due} 前；条文未核实，仅作提醒）`, {
            due,
            ruleId: 'development.oathWithinMonths',
            citation: cite('development.oathWithinMonths'),
          });
        }
        return item(key, '面向党旗进行入党宣誓');
      case 'probation_assessment': {
        const from = lastProbationAssessmentOn ?? st.admittedOn ?? st.lastOn;
        const due = addMonths(from as IsoDate, R['development.activistAssessmentMonths']);
        return item(key, `继续教育考察，预备期满 ${st.probationEndsOn} 前提出转正申请`, { due });
      }
      case 'confirmation_application':
        return item(key, `预备期满（${st.probationEndsOn}）时提出书面转正申请`, {
          due: st.probationEndsOn ?? undefined,
          ruleId: 'member.probationMonths',
          citation: cite('member.probationMonths'),
        });
      case 'confirmation_vote': {
        const earliest = st.probationEndsOn as IsoDate;
        return item(key, `预备期满（${earliest}）后及时讨论转正，不得提前`, {
          earliest,
          due: earliest,
          ruleId: 'member.probationMonths',
          citation: cite('member.probationMonths'),
        });
      }
      case 'confirmation_approval': {
        const due = addMonths(confirmationVoteOn as IsoDate, R['development.confirmationApprovalMonths']);
        return item(key, `支部大会讨论后三个月内审批（${due} 前）`, {
          due,
          ruleId: 'development.confirmationApprovalMonths',
          citation: cite('development.confirmationApprovalMonths'),
        });
      }
      default:
        return item(key, stepTitle(key));
    }
  });
  return st;
}

/** Quorum, tally and pass of a vote, as the organizational-life rules count them. */
export function voteOutcome(
  vote: VoteRecord,
  rules: Rules,
): { valid: boolean; passed: boolean; message?: string } {
  if (vote.presentVoting > vote.expectedVoting) {
    return {
      valid: false,
      passed: false,
      message: `实到会有表决权党员（${vote.presentVoting}人）多于应到会人数（${vote.expectedVoting}人）`,
    };
  }
  try {
    const r = decideVote(
      vote.expectedVoting,
      vote.presentVoting,
      { for: vote.for, against: vote.against, abstain: vote.abstain },
      rules,
    );
    if (r.ok) return { valid: true, passed: true };
    if (r.stage === 'pass') return { valid: true, passed: false, message: r.message };
    return { valid: false, passed: false, message: r.message };
  } catch (e) {
    return { valid: false, passed: false, message: (e as Error).message };
  }
}

export interface StepCheck {
  errors: Finding[];
  warnings: Finding[];
}

export interface CheckContext {
  today: IsoDate;
  rules: Rules;
}

const blank = (s: string | undefined) => !s || s.trim() === '';

/**
 * Checks a proposed step against the case so far. The step is recordable when `errors` is empty;
 * `warnings` are stored with it.
 */
export function checkStep(
  facts: CaseFacts,
  steps: readonly RecordedStep[],
  input: RecordedStep,
  ctx: CheckContext,
): StepCheck {
  const { rules: R, today } = ctx;
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const err = (f: Finding) => errors.push(f);
  const warn = (f: Finding) => warnings.push(f);
  const st = caseState(facts, steps, R);
  const d = input.data;
  const { key, on } = input;
  const stepName = stepTitle(key);

  if (st.status !== 'active') {
    err({
      code: 'DEV_CASE_CLOSED',
      message: `本案件状态为「${CASE_STATUS_LABELS[st.status]}」，不能再登记步骤`,
    });
    return { errors, warnings };
  }
  const nextItem = st.next.find((n) => n.key === key);
  if (!nextItem) {
    const expected = st.next.map((n) => `第${n.no}步“${n.title}”`).join('或');
    err({
      code: 'DEV_STEP_ORDER',
      field: 'key',
      message: `现在不能登记“${stepName}”：应先办理${expected || '（无后续步骤）'}`,
    });
    return { errors, warnings };
  }
  if (compareDates(on, today) > 0) {
    err({ code: 'DEV_FUTURE_DATE', field: 'on', date: today, message: `日期不能晚于今天（${today}）` });
  }
  if (st.lastOn && compareDates(on, st.lastOn) < 0) {
    err({
      code: 'DEV_DATE_ORDER',
      field: 'on',
      date: st.lastOn,
      message: `须在 ${st.lastOn}（含）之后：不得早于上一步骤“${stepTitle(st.lastKey as StepKey)}”的日期`,
    });
  }
  if (nextItem.earliest && compareDates(on, nextItem.earliest) < 0 && nextItem.ruleId) {
    const what =
      key === 'candidate_designated'
        ? '入党积极分子培养教育满一年'
        : key === 'confirmation_vote'
          ? '预备期满方可讨论转正'
          : key === 'sponsors_assigned'
            ? '公示期满'
            : key === 'activist_designated'
              ? '递交入党申请满规定期限'
              : nextItem.text;
    err({
      code: EARLY_CODES[key] ?? 'DEV_TOO_EARLY',
      field: 'on',
      date: nextItem.earliest,
      ruleId: nextItem.ruleId,
      citation: nextItem.citation,
      message: notBefore(nextItem.earliest, what, nextItem.ruleId),
    });
  }
  if (nextItem.latest && compareDates(on, nextItem.latest) > 0 && nextItem.ruleId) {
    err({
      code: 'DEV_APPROVAL_TOO_LATE',
      field: 'on',
      date: nextItem.latest,
      ruleId: nextItem.ruleId,
      citation: nextItem.citation,
      message: `须在 ${nextItem.latest}（含）之前：支部大会通过后审批最长不超过六个月（${nextItem.citation}）`,
    });
  }

  const need = (field: keyof StepData, label: string) => {
    const v = d[field];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      err({ code: 'DEV_MISSING_INPUT', field, message: `${label}：不能为空` });
      return false;
    }
    return true;
  };

  switch (key) {
    case 'application': {
      const minAge = R['member.minJoinAge'];
      if (ageOn(facts.birthDate, on) < minAge) {
        const date = addMonths(facts.birthDate, minAge * 12);
        err({
          code: 'DEV_UNDER_AGE',
          field: 'on',
          date,
          ruleId: 'member.minJoinAge',
          citation: cite('member.minJoinAge'),
          message: notBefore(date, `年满${minAge}周岁方可申请入党`, 'member.minJoinAge'),
        });
      }
      break;
    }
    case 'application_talk':
    case 'higher_interview':
      need('talkerName', key === 'application_talk' ? '谈话人' : '谈话人（党委委员或组织员）');
      break;
    case 'activist_designated':
    case 'candidate_designated':
      if (need('decidedBy', '研究确定的会议')) checkDecidedBy(d, on, R, err);
      break;
    case 'mentors_assigned':
      checkPeople(
        d.mentors,
        R['development.mentorCount'],
        'mentors',
        '培养联系人',
        'development.mentorCount',
        on,
        err,
      );
      break;
    case 'activist_assessment':
    case 'probation_assessment':
      need('note', '考察意见');
      break;
    case 'candidate_filed':
      if (facts.version === '2026') checkNotice(d, on, R, err, warn);
      break;
    case 'sponsors_assigned': {
      const n = R['development.sponsorCount'];
      checkPeople(
        d.sponsors,
        { min: n, max: n },
        'sponsors',
        '入党介绍人',
        'development.sponsorCount',
        on,
        err,
      );
      break;
    }
    case 'political_review':
      if (need('reviewConclusion', '政治审查结论') && d.reviewConclusion === 'fail') {
        warn({
          code: 'DEV_POLITICAL_REVIEW_FAILED',
          field: 'reviewConclusion',
          message: '政治审查不合格的，不能发展入党：本案件停在政治审查，须重新审查合格后方可继续',
        });
      }
      break;
    case 'training':
      checkTraining(d, on, st, R, err);
      break;
    case 'higher_pre_review':
    case 'admission_approval':
    case 'confirmation_approval':
      need('outcome', key === 'higher_pre_review' ? '预审结论' : '审批结论');
      break;
    case 'admission_vote':
    case 'confirmation_vote':
      checkVote(d, on, R, err, warn, key);
      break;
  }

  // Deadlines that are warnings, or that need a reason.
  if (nextItem.due && compareDates(on, nextItem.due) > 0) {
    const late = { field: 'on', date: nextItem.due, ruleId: nextItem.ruleId, citation: nextItem.citation };
    if (key === 'admission_approval' || key === 'confirmation_approval') {
      if (blank(d.delayReason)) {
        err({
          ...late,
          code: 'DEV_APPROVAL_LATE_REASON',
          field: 'delayReason',
          message: `已超过审批期限（${nextItem.due}）：须填写延长审批的原因（${nextItem.citation}）`,
        });
      } else {
        warn({
          ...late,
          code: 'DEV_APPROVAL_LATE',
          message: `超过审批期限（${nextItem.due}）审批，原因：${d.delayReason}`,
        });
      }
    } else if (
      key !== 'confirmation_vote' &&
      key !== 'confirmation_application' &&
      key !== 'probation_assessment'
    ) {
      warn({
        ...late,
        code: LATE_CODES[key] ?? 'DEV_LATE',
        message: `超过期限（${nextItem.due}）办理“${stepName}”${nextItem.citation ? `（${nextItem.citation}）` : ''}`,
      });
    }
  }

  if (key === 'confirmation_vote' && d.decision === 'extend') {
    const { minMonths, maxMonths } = R['member.probationExtension'];
    if (st.extensionMonths !== null) {
      err({
        code: 'DEV_EXTENSION_TWICE',
        field: 'decision',
        ruleId: 'member.probationExtension',
        citation: cite('member.probationExtension'),
        message: `预备期只能延长一次，本案件已延长${st.extensionMonths}个月（${cite('member.probationExtension')}）`,
      });
    } else if (
      !Number.isInteger(d.extensionMonths) ||
      (d.extensionMonths as number) < minMonths ||
      (d.extensionMonths as number) > maxMonths
    ) {
      err({
        code: 'DEV_EXTENSION_RANGE',
        field: 'extensionMonths',
        ruleId: 'member.probationExtension',
        citation: cite('member.probationExtension'),
        message: `延长预备期：不能少于${minMonths}个月，最长不超过${maxMonths}个月（${cite('member.probationExtension')}）`,
      });
    }
  }
  return { errors, warnings };
}

const EARLY_CODES: Partial<Record<StepKey, string>> = {
  candidate_designated: 'DEV_ACTIVIST_TOO_SOON',
  confirmation_vote: 'DEV_PROBATION_NOT_ENDED',
  sponsors_assigned: 'DEV_NOTICE_NOT_ENDED',
  activist_designated: 'DEV_APPLICATION_TOO_RECENT',
};

const LATE_CODES: Partial<Record<StepKey, string>> = {
  application_talk: 'DEV_TALK_LATE',
  activist_assessment: 'DEV_ASSESSMENT_LATE',
  admission_vote: 'DEV_VOTE_AFTER_PRE_REVIEW_LATE',
  oath: 'DEV_OATH_LATE',
};

/**
 * A case's status and its label, once for server and web (the contracts re-export them). `closed`
 * is the register's own status: a case stopped by the branch before its end.
 */
export const CASE_STATUSES = ['active', 'completed', 'rejected', 'cancelled', 'closed'] as const;
export type CaseStatusValue = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatusValue, string> = {
  active: '进行中',
  completed: '已办结',
  rejected: '不予批准',
  cancelled: '取消预备党员资格',
  closed: '已终止',
};

function checkPeople(
  people: MemberFact[] | undefined,
  count: { min: number; max: number },
  field: 'mentors' | 'sponsors',
  label: string,
  ruleId: RuleId,
  on: IsoDate,
  err: (f: Finding) => void,
): void {
  const list = people ?? [];
  const base = { field, ruleId, citation: cite(ruleId) };
  const ids = new Set(list.map((p) => p.memberId));
  if (ids.size !== list.length)
    err({ ...base, code: 'DEV_PERSON_REPEATED', message: `${label}：同一人不能重复` });
  if (list.length < count.min || list.length > count.max) {
    const want = count.min === count.max ? `${count.min}名` : `${count.min}至${count.max}名`;
    err({
      ...base,
      code: field === 'sponsors' ? 'DEV_SPONSOR_COUNT' : 'DEV_MENTOR_COUNT',
      message: `${label}：应为${want}正式党员，现为${list.length}名（${cite(ruleId)}）`,
    });
  }
  const prefix = field === 'sponsors' ? 'DEV_SPONSOR' : 'DEV_MENTOR';
  for (const p of list) {
    if (!p.current) {
      err({
        ...base,
        code: `${prefix}_NOT_CURRENT`,
        message: `${label}：${p.name}在 ${on} 不在党员名册中（尚未入党或已出党）`,
      });
    } else if (p.category !== 'full') {
      err({
        ...base,
        code: `${prefix}_NOT_FULL`,
        message: `${label}：${p.name}在 ${on} 是预备党员，须由正式党员担任（${cite(ruleId)}）`,
      });
    } else if (p.rightsSuspended) {
      err({
        ...base,
        code: `${prefix}_SUSPENDED`,
        message: `${label}：${p.name}受留党察看处分、尚未恢复党员权利，不能担任（${cite(ruleId)}）`,
      });
    }
  }
}

function checkNotice(
  d: StepData,
  on: IsoDate,
  R: Rules,
  err: (f: Finding) => void,
  warn: (f: Finding) => void,
): void {
  const id: RuleId = 'development.publicNoticeWorkingDays';
  const n = R[id];
  const base = { ruleId: id, citation: cite(id) };
  const notice = d.notice;
  if (!notice) {
    err({
      ...base,
      code: 'DEV_NOTICE_MISSING',
      field: 'notice',
      message: `公示：2026年版须公示不少于${n}个工作日`,
    });
    return;
  }
  if (compareDates(notice.to, notice.from) < 0) {
    err({ ...base, code: 'DEV_NOTICE_DATES', field: 'notice', message: '公示：结束日期不能早于开始日期' });
    return;
  }
  if (compareDates(notice.from, on) < 0) {
    err({
      ...base,
      code: 'DEV_NOTICE_BEFORE_CONSENT',
      field: 'notice',
      date: on,
      message: `须在 ${on}（含）之后：上级党委同意后方可公示（${cite(id)}）`,
    });
  }
  const days = workingDaysBetween(notice.from, notice.to);
  if (days < n) {
    const until = nthWorkingDayFrom(notice.from, n);
    err({
      ...base,
      code: 'DEV_NOTICE_TOO_SHORT',
      field: 'notice',
      date: until,
      message: `公示期 ${notice.from} 至 ${notice.to} 只有${days}个工作日，不少于${n}个工作日，须公示至 ${until}（${cite(id)}）`,
    });
  }
  if (!holidayCalendarCoversRange(notice.from, notice.to)) {
    warn({
      ...base,
      code: 'DEV_HOLIDAY_CALENDAR_UNKNOWN',
      field: 'notice',
      message: '该年度的法定节假日安排尚未收录，工作日按周一至周五估算，请人工核对公示期',
    });
  }
  if (notice.objection) {
    err({
      ...base,
      code: 'DEV_NOTICE_OBJECTION',
      field: 'notice',
      message: '公示反映的问题影响发展的，不能列为发展对象：查清问题后再登记',
    });
  }
}

function checkTraining(d: StepData, on: IsoDate, st: CaseState, R: Rules, err: (f: Finding) => void): void {
  const t = d.training;
  const base = { field: 'training', ruleId: 'development.trainingMinDays' as RuleId };
  if (!t) {
    err({ ...base, code: 'DEV_MISSING_INPUT', message: '集中培训：须填写培训起止日期和学时' });
    return;
  }
  if (compareDates(t.to, t.from) < 0) {
    err({ ...base, code: 'DEV_TRAINING_DATES', message: '集中培训：结束日期不能早于开始日期' });
    return;
  }
  if (compareDates(t.to, on) > 0) {
    err({ ...base, code: 'DEV_TRAINING_DATES', message: `集中培训：结业日期不能晚于登记日期（${on}）` });
  }
  if (st.candidateOn && compareDates(t.from, st.candidateOn) < 0) {
    err({
      ...base,
      code: 'DEV_TRAINING_BEFORE_CANDIDATE',
      date: st.candidateOn,
      message: `须在 ${st.candidateOn}（含）之后：集中培训的对象是发展对象`,
    });
  }
  const days = daysBetween(t.from, t.to) + 1;
  const minDays = R['development.trainingMinDays'];
  const minHours = R['development.trainingMinHours'];
  if (days < minDays && !(t.hours >= minHours)) {
    err({
      ...base,
      code: 'DEV_TRAINING_TOO_SHORT',
      citation: cite('development.trainingMinDays'),
      message: `集中培训${days}天、${t.hours}学时：一般不少于${minDays}天或不少于${minHours}个学时（${cite('development.trainingMinDays')}）`,
    });
  }
}

/**
 * A designation by the committee needs a committee in office on the day (细则第八条、第十三条:
 * 支部委员会研究, or the general meeting where the branch has none); the server counts the
 * committee members in office on the step's date.
 */
function checkDecidedBy(d: StepData, on: IsoDate, R: Rules, err: (f: Finding) => void): void {
  if (d.decidedBy !== 'committee' || d.branchCommittee === undefined) return;
  const min = R['branch.committeeSize'].min;
  if (d.branchCommittee >= min) return;
  err({
    code: 'DEV_NO_COMMITTEE',
    field: 'decidedBy',
    ruleId: 'branch.committeeSize',
    citation: cite('branch.committeeSize'),
    message: `研究确定的会议：本支部在 ${on} 没有在任的支部委员会（在任委员${d.branchCommittee}人，不足${min}人），应由支部党员大会研究确定`,
  });
}

function checkVote(
  d: StepData,
  on: IsoDate,
  R: Rules,
  err: (f: Finding) => void,
  warn: (f: Finding) => void,
  key: StepKey,
): void {
  const min = R['branch.minFullMembers'];
  if (d.branchFullMembers !== undefined && d.branchFullMembers < min) {
    err({
      code: 'DEV_BRANCH_TOO_SMALL',
      field: 'branchFullMembers',
      ruleId: 'branch.minFullMembers',
      citation: cite('branch.minFullMembers'),
      message: `党支部正式党员只有${d.branchFullMembers}人，不足${min}人，不能讨论接收预备党员或转正（${cite('branch.minFullMembers')}）`,
    });
  }
  if (!d.vote) {
    err({
      code: 'DEV_MISSING_INPUT',
      field: 'vote',
      message: '表决情况：须填写应到、实到有表决权党员人数和赞成、反对、弃权票数',
    });
    return;
  }
  // 应到 is the register's count of the members with a vote on the meeting day: full members (预备党员
  // 没有表决权, 党章第七条) not under 留党察看 (党章第四十条). A branch whose register is known to be wrong
  // may record another number, with the reason kept as a warning.
  const registered = d.branchVotingMembers ?? d.branchFullMembers;
  if (registered !== undefined && d.vote.expectedVoting !== registered) {
    const base = {
      code: 'DEV_VOTE_EXPECTED_DIFFERS',
      ruleId: 'vote.quorumShare' as RuleId,
      citation: cite('vote.quorumShare'),
    };
    const what = `应到会有表决权党员填写${d.vote.expectedVoting}人，党员名册中本支部 ${on} 有表决权的正式党员为${registered}人`;
    if (blank(d.expectedVotingReason)) {
      err({
        ...base,
        field: 'expectedVotingReason',
        message: `${what}：请按名册填写，或说明不一致的原因`,
      });
      return;
    }
    warn({ ...base, field: 'vote', message: `${what}，原因：${d.expectedVotingReason}` });
  }
  const r = voteOutcome(d.vote, R);
  if (!r.valid) {
    err({
      code: 'DEV_VOTE_INVALID',
      field: 'vote',
      ruleId: 'vote.quorumShare',
      citation: cite('vote.quorumShare'),
      message: `表决无效：${r.message}（${cite('vote.quorumShare')}）`,
    });
    return;
  }
  if (key === 'confirmation_vote') {
    if (!d.decision) {
      err({
        code: 'DEV_MISSING_INPUT',
        field: 'decision',
        message: '讨论结果：须选择按期转正、延长预备期或取消预备党员资格',
      });
    } else if (!r.passed) {
      err({
        code: 'DEV_VOTE_NOT_PASSED',
        field: 'vote',
        ruleId: 'vote.passShare',
        citation: cite('vote.passShare'),
        message: `决议未通过：${r.message}；须重新讨论表决（${cite('vote.passShare')}）`,
      });
    }
  }
}
