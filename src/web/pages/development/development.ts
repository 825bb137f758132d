/**
 * Labels, colours and helpers shared by the 发展党员 pages. Steps, stages and rule values come from
 * the domain (one source with the server); the colours and the short stage names are the UI's.
 */

import {
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

/** The procedure's five stages, as the 细则 names its chapters. */
export const STAGE_PHASE: Record<DevelopmentStage, string> = {
  applicant: '申请入党',
  activist: '积极分子的确定和培养教育',
  candidate: '发展对象的确定和考察',
  probationary: '预备党员的接收',
  full: '预备党员的教育考察和转正',
};

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

/** Steps the approving higher committee records (the branch secretary cannot). */
export const isHigherStep = (key: string): boolean => stepByKey(key)?.actor === 'higher_committee';

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
 * The rule findings of a refused step (422): the server sends them as `findings`, or as `details`
 * carrying the finding's fields; plain field errors (400) come as `{field, message}` only.
 */
export function findingsOf(error: unknown): FindingDto[] {
  if (!(error instanceof ApiError)) return [];
  const body = error.body ?? {};
  const raw = (
    Array.isArray(body.findings) ? body.findings : Array.isArray(body.errors) ? body.errors : null
  ) as FindingDto[] | null;
  if (raw?.length) return raw;
  return error.details.map((d) => ({ code: (d as FindingDto).code ?? '', ...d }) as FindingDto);
}

/** A share as a whole percentage, 0 when there is nothing to divide by. */
export const pct = (n: number, d: number): number => (d > 0 ? Math.min(100, Math.round((n / d) * 100)) : 0);
