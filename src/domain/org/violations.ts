/**
 * What is wrong with an organization, measured against the regulations in the rule catalog.
 *
 * The point of the platform is rules enforced, not records stored: an org page shows at once that a
 * branch has too few full members, that its committee is missing, or that its term ran out. Each
 * violation carries the rule id and citation it comes from, so a secretary can see why, and a
 * severity: `error` for something the regulations forbid, `warning` for a "should" or "generally"
 * (一般) rule or an approaching deadline, `info` for missing data.
 */
import {
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  type IsoDate,
  isIsoDate,
  monthsBetween,
} from '../common/dates.js';
import { type RuleId, type Rules, ruleDef } from '../rules/index.js';
import { isBranchKind, ORG_KIND_LABELS, type OrgKind, type OrgStatus, type Sector } from './labels.js';

export type ViolationSeverity = 'error' | 'warning' | 'info';

export type OrgViolationCode =
  | 'branch_too_few_full_members'
  | 'committee_required'
  | 'branch_too_large'
  | 'committee_size_out_of_range'
  | 'term_ended'
  | 'term_ending_soon'
  | 'term_length_invalid'
  | 'no_secretary'
  | 'probationary_in_committee'
  | 'probation_overdue'
  | 'no_term';

export interface OrgViolation {
  code: OrgViolationCode;
  severity: ViolationSeverity;
  /** Chinese, with the numbers that make it actionable. */
  message: string;
  ruleId: string;
  citation: string;
}

export interface OrgViolationInput {
  kind: OrgKind;
  sector: Sector;
  status: OrgStatus;
  /** Full members: of the org itself for a branch, of its subtree for a committee or general branch. */
  fullMembers: number;
  probationaryMembers: number;
  /** The current committee (for a branch without a committee: the secretary and any deputy). */
  committee: {
    size: number;
    hasSecretary: boolean;
    /** Committee members who are probationary members. */
    probationaryMemberIds: number[];
  };
  /** The current term, or null when none is recorded. */
  term: { termStart: IsoDate; termEnd: IsoDate } | null;
  /**
   * Probationary members of the org whose probation (a year, plus any extension) has ended
   * without confirmation; optional for callers that do not count them.
   */
  probationOverdue?: number;
}

const SEVERITY_ORDER: Record<ViolationSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Kinds that are elected and serve a term (PC Art. 31); party groups are not. */
const HAS_TERM: readonly OrgKind[] = ['committee', 'general_branch', 'branch', 'joint_branch'];

export function checkOrgViolations(input: OrgViolationInput, rules: Rules, today: IsoDate): OrgViolation[] {
  // A dissolved org is history: nothing about it can or should be corrected.
  if (input.status === 'dissolved') return [];

  const out: OrgViolation[] = [];
  const add = (code: OrgViolationCode, severity: ViolationSeverity, ruleId: RuleId, message: string) =>
    out.push({ code, severity, message, ruleId, citation: ruleDef(ruleId).citation });

  const kindLabel = ORG_KIND_LABELS[input.kind] ?? '党组织';
  const { fullMembers, probationaryMembers, committee } = input;
  const totalMembers = fullMembers + probationaryMembers;

  if (isBranchKind(input.kind)) {
    const min = rules['branch.minFullMembers'];
    if (fullMembers < min) {
      const remedy =
        input.kind === 'joint_branch'
          ? '应调整联合范围、吸收邻近单位党员，或并入其他党支部'
          : '应与邻近单位联合成立联合党支部，或并入其他党支部';
      add(
        'branch_too_few_full_members',
        'error',
        'branch.minFullMembers',
        `${kindLabel}现有正式党员${fullMembers}名，不足${min}名：${remedy}`,
      );
    }

    const requiredAt = rules['branch.committeeRequiredAt'];
    const size = rules['branch.committeeSize'];
    if (fullMembers >= requiredAt && committee.size < size.min) {
      add(
        'committee_required',
        'warning',
        'branch.committeeRequiredAt',
        `${kindLabel}现有正式党员${fullMembers}名（达到${requiredAt}名），应设立支部委员会（由${size.min}至${size.max}人组成），现有班子成员${committee.size}名`,
      );
    }
    if (committee.size > size.hardMax) {
      add(
        'committee_size_out_of_range',
        'warning',
        'branch.committeeSize',
        `支部委员会现有${committee.size}人，超过一般不超过${size.hardMax}人的规定（通常由${size.min}至${size.max}人组成）`,
      );
    }

    const max = rules['branch.maxMembers'];
    if (totalMembers > max) {
      add(
        'branch_too_large',
        'warning',
        'branch.maxMembers',
        `${kindLabel}现有党员${totalMembers}名（正式党员${fullMembers}名、预备党员${probationaryMembers}名），超过一般不超过${max}名的规模：可考虑分设党支部，或经批准成立党总支`,
      );
    }
  }

  if (input.kind !== 'group') {
    if (rules['org.secretaryRequired'] && !committee.hasSecretary) {
      add(
        'no_secretary',
        'warning',
        'org.secretaryRequired',
        `${kindLabel}未配备书记，应及时选举产生并报上级党组织批准`,
      );
    }
    const probationary = committee.probationaryMemberIds.length;
    if (probationary > 0 && !rules['member.probationaryElectable']) {
      add(
        'probationary_in_committee',
        'error',
        'member.probationaryElectable',
        `班子成员中有${probationary}名预备党员：预备党员没有被选举权，不能担任委员会成员`,
      );
    }
  }

  // PC Art. 7: when probation ends the branch general meeting should discuss confirmation
  // promptly (及时); a member left waiting is the branch's omission.
  if (input.probationOverdue && input.probationOverdue > 0) {
    add(
      'probation_overdue',
      'warning',
      'member.probationMonths',
      `有${input.probationOverdue}名预备党员预备期已满仍未讨论转正，支部大会应及时讨论其转正、延长预备期或取消预备党员资格`,
    );
  }

  if (HAS_TERM.includes(input.kind)) checkTerm(input, rules, today, kindLabel, add);

  // Stable sort: most serious first, check order within a severity.
  return out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

type Add = (code: OrgViolationCode, severity: ViolationSeverity, ruleId: RuleId, message: string) => void;

function checkTerm(input: OrgViolationInput, rules: Rules, today: IsoDate, kindLabel: string, add: Add) {
  const term = input.term;
  if (!term || !isIsoDate(term.termStart) || !isIsoDate(term.termEnd)) {
    add('no_term', 'info', 'term.constitutionRange', `${kindLabel}未登记本届任期（任期开始和届满日期）`);
    return;
  }
  const { termStart, termEnd } = term;

  // Length: the Party Constitution allows 3 to 5 years per term. A term extended with approval
  // (at most a year, 选举条例 Art. 3) also shows here; the message says so, hence a warning.
  const range = rules['term.constitutionRange'];
  const tooShort = compareDates(termEnd, addYears(termStart, range.min)) < 0;
  const tooLong = compareDates(termEnd, addYears(termStart, range.max)) > 0;
  if (tooShort || tooLong) {
    const length =
      compareDates(termEnd, termStart) <= 0
        ? '届满日期不晚于开始日期'
        : `任期约${formatMonths(monthsBetween(termStart, termEnd))}`;
    add(
      'term_length_invalid',
      'warning',
      'term.constitutionRange',
      `本届任期${termStart}至${termEnd}，${length}，不在党章规定的每届${range.min}至${range.max}年范围内；如经批准延期换届，请核对届满日期`,
    );
  }

  if (compareDates(termEnd, today) < 0) {
    // Delay needs the higher organisation's approval and may not exceed a year (选举条例 Art. 3).
    const maxDelay = rules['term.maxDelayMonths'];
    const overdueMonths = monthsBetween(termEnd, today);
    const beyond =
      compareDates(addMonths(termEnd, maxDelay), today) < 0
        ? `；已逾期${formatMonths(overdueMonths)}，超过延期换届一般不超过${formatMonths(maxDelay)}的期限`
        : '；如需延期换届，须报上级党组织批准';
    add('term_ended', 'error', 'term.maxDelayMonths', `任期已于${termEnd}届满，应及时换届${beyond}`);
    return;
  }

  // The higher organisation reminds a branch 6 months before term end (换届提醒); counted back from
  // the end date, so a term ending 08-31 enters the window on 02-28/29.
  const lead = rules['term.reminderLeadMonths'];
  if (compareDates(addMonths(termEnd, -lead), today) <= 0) {
    const days = daysBetween(today, termEnd);
    const when = days === 0 ? '今天' : `${days}天后`;
    add(
      'term_ending_soon',
      'warning',
      'term.reminderLeadMonths',
      `任期将于${termEnd}届满（${when}），应提前做好换届准备（届满前${lead}个月提醒）`,
    );
  }
}

function formatMonths(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  if (years === 0) return `${rest}个月`;
  return rest === 0 ? `${years}年` : `${years}年${rest}个月`;
}
