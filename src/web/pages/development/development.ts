/**
 * Labels, colours and helpers shared by the 发展党员 pages. Steps, stages and rule values come from
 * the domain (one source with the server); the colours and the short stage names are the UI's.
 */

import {
  DEVELOPMENT_STAGE_LABELS,
  DEVELOPMENT_STAGES,
  DEVELOPMENT_STEPS,
  type DevelopmentStage,
  stepByKey,
} from '../../../domain/development/steps';
import { defaultRules, type Rules, ruleDef } from '../../../domain/rules/index';
import {
  CASE_STATUS_LABELS,
  type CaseStatusValue,
  type FindingDto,
  type NextItemDto,
} from '../../../shared/contracts/development';
import { ApiError } from '../../api/client';

export type { DevelopmentStage };
export { DEVELOPMENT_STAGES, DEVELOPMENT_STEPS, stepByKey };

/** The person's stage as the branch says it (the board's columns). */
export const STAGE_SHORT: Record<DevelopmentStage, string> = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
  full: '正式党员',
};

/** The procedure's five stages, as the 细则 names its chapters (from the domain). */
export const STAGE_PHASE: Record<DevelopmentStage, string> = DEVELOPMENT_STAGE_LABELS;

export const STAGE_COLORS: Record<DevelopmentStage, string> = {
  applicant: 'default',
  activist: 'blue',
  candidate: 'orange',
  probationary: 'volcano',
  full: 'red',
};

export const stageLabel = (s: string | null | undefined): string =>
  s ? (STAGE_SHORT[s as DevelopmentStage] ?? '其他') : '—';
export const stageOptions = DEVELOPMENT_STAGES.map((s) => ({ value: s, label: STAGE_SHORT[s] }));

export const caseStatusLabel = (s: string | null | undefined): string =>
  s ? (CASE_STATUS_LABELS[s as CaseStatusValue] ?? '其他') : '—';
export const caseStatusOptions = (Object.keys(CASE_STATUS_LABELS) as CaseStatusValue[]).map((s) => ({
  value: s,
  label: CASE_STATUS_LABELS[s],
}));
export const CASE_STATUS_COLORS: Record<CaseStatusValue, string> = {
  active: 'processing',
  completed: 'success',
  rejected: 'error',
  cancelled: 'error',
  closed: 'default',
};

export const versionLabel = (v: string | null | undefined): string => (v ? `${v}年细则` : '—');
export const VERSION_COLORS: Record<string, string> = { '2014': 'default', '2026': 'magenta' };

export const NEXT_STATE_LABELS: Record<NextItemDto['state'], string> = {
  waiting: '未到时间',
  open: '可办理',
  due_soon: '即将到期',
  overdue: '已逾期',
};
export const NEXT_STATE_COLORS: Record<NextItemDto['state'], string> = {
  waiting: 'default',
  open: 'processing',
  due_soon: 'warning',
  overdue: 'error',
};

export const stepTitle = (key: string | null | undefined): string =>
  key ? (stepByKey(key)?.title ?? key) : '—';

/** The rules a case runs under: its own values over the catalog's defaults. */
export function caseRules(values: Record<string, unknown> | undefined): Rules {
  return { ...defaultRules, ...(values ?? {}) } as Rules;
}

export const ruleCitation = (id: string): string | undefined => {
  try {
    return ruleDef(id as Parameters<typeof ruleDef>[0]).citation;
  } catch {
    return undefined;
  }
};

/**
 * The rule findings of a refused step: the server's 422 carries every finding in `details` (code,
 * message, ruleId, citation, date, field); a plain 400 has field errors without a code.
 */
export function findingsOf(error: unknown): FindingDto[] {
  if (!(error instanceof ApiError)) return [];
  return error.details.map((d) => ({ code: (d as FindingDto).code ?? '', ...d }) as FindingDto);
}

/** A share as a whole percentage, 0 when there is nothing to divide by. */
export const pct = (n: number, d: number): number => (d > 0 ? Math.min(100, Math.round((n / d) * 100)) : 0);
