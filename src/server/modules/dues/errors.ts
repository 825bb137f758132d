/**
 * Refusals of the dues rules as one 422: the first finding's `DUES_…` code (DUES_ERRORS) is the
 * answer's code, and every finding goes in `details` with its code, the catalog rule that decides it
 * (id and citation) and the date it was judged on, as the development procedure answers its own.
 */
import { type RuleId, ruleDef } from '../../../domain/rules/index.js';
import { DUES_ERRORS, type DuesErrorCode } from '../../../shared/contracts/dues.js';
import { AppError } from '../../lib/errors.js';

/** The catalog rule behind a finding, where one rule decides it. */
const RULE_OF: Partial<Record<DuesErrorCode, RuleId>> = {
  DUES_ADVANCE: 'dues.advanceMonths',
  DUES_NOT_FLAGGED: 'dues.lapseMonths',
};

export interface DuesFinding {
  /** A DUES_ERRORS code (the domain's checks name theirs, e.g. DUES_SETTLED). */
  code: string;
  message: string;
  field?: string;
  /** The rule that decides it, when not the code's usual one. */
  ruleId?: RuleId;
  /** A provision outside the rule catalog (党费规定第七条). */
  citation?: string;
}

const isDuesCode = (code: string): code is DuesErrorCode => code in DUES_ERRORS;

/** `date`: the day the findings were judged on (today, or the decision's date). */
export function duesRuleErrors(findings: readonly DuesFinding[], date: string): AppError {
  const first = findings[0];
  return new AppError(
    first && isDuesCode(first.code) ? first.code : 'RULE_VIOLATION',
    first?.message,
    findings.map((f) => {
      const ruleId = f.ruleId ?? (isDuesCode(f.code) ? RULE_OF[f.code] : undefined);
      const citation = f.citation ?? (ruleId ? ruleDef(ruleId).citation : undefined);
      return {
        field: f.field ?? '',
        message: f.message,
        code: f.code,
        ...(ruleId ? { ruleId } : {}),
        ...(citation ? { citation } : {}),
        date,
      };
    }),
  );
}
