/**
 * Every value of every enum the screens and the exports show has its Chinese label, in one place
 * (src/domain/**\/labels.ts or src/shared/contracts) that the web and the server both read: a
 * value added to an enum without a label fails here rather than showing as 「其他」.
 */
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_STAGE_LABELS, DEVELOPMENT_STAGES } from '../domain/development/steps';
import {
  ARREARS_LEVEL_LABELS,
  ARREARS_LEVELS,
  DUES_CATEGORIES,
  DUES_CATEGORY_LABELS,
  LAPSE_DECISION_LABELS,
  LAPSE_DECISIONS,
  LEDGER_STATUS_LABELS,
  LEDGER_STATUSES,
  PAYMENT_KIND_LABELS,
  PAYMENT_KINDS,
  PAYMENT_METHOD_LABELS,
  PAYMENT_METHODS,
  RUN_LEVEL_LABELS,
  RUN_STATUS_LABELS,
  RUN_STATUSES,
} from '../domain/dues/labels';
import { RUN_LEVELS } from '../domain/dues/runs';
import { AGE_BAND_CODES, AGE_BAND_LABELS } from '../domain/member/age-bands';
import {
  GENDER_LABELS,
  GENDERS,
  LEAVE_REASON_LABELS,
  LEAVE_REASONS,
  MEMBER_CATEGORIES,
  MEMBER_CATEGORY_LABELS,
  MEMBER_STATUS_LABELS,
  MEMBER_STATUSES,
} from '../domain/member/labels';
import { COVERAGE_KIND_LABELS, COVERAGE_KINDS } from '../domain/org/coverage';
import {
  COMMITTEE_ROLE_LABELS,
  COMMITTEE_ROLES,
  ORG_KIND_LABELS,
  ORG_KINDS,
  ORG_STATUS_LABELS,
  ORG_STATUSES,
  SECTOR_LABELS,
  SECTORS,
} from '../domain/org/labels';
import { MEETING_KIND_LABELS, MEETING_KINDS } from '../domain/orglife/requirements';
import {
  DECREASE_CAUSES,
  DECREASE_LABELS,
  INCREASE_CAUSES,
  INCREASE_LABELS,
} from '../domain/stats/register-replay';
import { TRANSFER_KIND_LABELS, TRANSFER_KINDS } from '../domain/transfer/labels';
import {
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  COHORT_KINDS,
  COHORT_LABELS,
  DISCIPLINE_KINDS,
  DISCIPLINE_LABELS,
} from '../shared/contracts/development';
import {
  IMPORT_KIND_LABELS,
  IMPORT_KINDS,
  IMPORT_STATUS_LABELS,
  IMPORT_STATUSES,
} from '../shared/contracts/imports';
import {
  ATTENDANCE_LABELS,
  ATTENDANCE_VALUES,
  MEETING_STATUS_LABELS,
  MEETING_STATUSES,
} from '../shared/contracts/meetings';
import { COMPLIANCE_STATE_LABELS, COMPLIANCE_STATES } from '../shared/contracts/orglife';
import { ROLE_LABELS, ROLES } from '../shared/contracts/permissions';
import { TRANSFER_STATUS_LABELS, TRANSFER_STATUSES } from '../shared/contracts/transfers';
import { transferKindLabel, transferStatusLabel } from './labels';

type Enum = readonly [values: readonly string[], labels: Readonly<Record<string, string>>];

/** What is wrong with an enum's labels: values without one, and labels of no value. */
function labelProblems(name: string, [values, labels]: Enum): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (!Object.hasOwn(labels, v) || !labels[v]?.trim()) out.push(`${name}: ${v} has no label`);
  }
  for (const k of Object.keys(labels)) {
    if (!values.includes(k)) out.push(`${name}: label for unknown value ${k}`);
  }
  return out;
}

const ENUMS: Record<string, Enum> = {
  ORG_KINDS: [ORG_KINDS, ORG_KIND_LABELS],
  SECTORS: [SECTORS, SECTOR_LABELS],
  COMMITTEE_ROLES: [COMMITTEE_ROLES, COMMITTEE_ROLE_LABELS],
  ORG_STATUSES: [ORG_STATUSES, ORG_STATUS_LABELS],
  COVERAGE_KINDS: [COVERAGE_KINDS, COVERAGE_KIND_LABELS],
  MEMBER_CATEGORIES: [MEMBER_CATEGORIES, MEMBER_CATEGORY_LABELS],
  MEMBER_STATUSES: [MEMBER_STATUSES, MEMBER_STATUS_LABELS],
  LEAVE_REASONS: [LEAVE_REASONS, LEAVE_REASON_LABELS],
  GENDERS: [GENDERS, GENDER_LABELS],
  AGE_BANDS: [AGE_BAND_CODES, AGE_BAND_LABELS],
  TRANSFER_KINDS: [TRANSFER_KINDS, TRANSFER_KIND_LABELS],
  TRANSFER_STATUSES: [TRANSFER_STATUSES, TRANSFER_STATUS_LABELS],
  MEETING_KINDS: [MEETING_KINDS, MEETING_KIND_LABELS],
  MEETING_STATUSES: [MEETING_STATUSES, MEETING_STATUS_LABELS],
  ATTENDANCE_VALUES: [ATTENDANCE_VALUES, ATTENDANCE_LABELS],
  COMPLIANCE_STATES: [COMPLIANCE_STATES, COMPLIANCE_STATE_LABELS],
  DEVELOPMENT_STAGES: [DEVELOPMENT_STAGES, DEVELOPMENT_STAGE_LABELS],
  CASE_STATUSES: [CASE_STATUSES, CASE_STATUS_LABELS],
  COHORT_KINDS: [COHORT_KINDS, COHORT_LABELS],
  DISCIPLINE_KINDS: [DISCIPLINE_KINDS, DISCIPLINE_LABELS],
  DUES_CATEGORIES: [DUES_CATEGORIES, DUES_CATEGORY_LABELS],
  LEDGER_STATUSES: [LEDGER_STATUSES, LEDGER_STATUS_LABELS],
  PAYMENT_METHODS: [PAYMENT_METHODS, PAYMENT_METHOD_LABELS],
  PAYMENT_KINDS: [PAYMENT_KINDS, PAYMENT_KIND_LABELS],
  LAPSE_DECISIONS: [LAPSE_DECISIONS, LAPSE_DECISION_LABELS],
  ARREARS_LEVELS: [ARREARS_LEVELS, ARREARS_LEVEL_LABELS],
  RUN_LEVELS: [RUN_LEVELS, RUN_LEVEL_LABELS],
  RUN_STATUSES: [RUN_STATUSES, RUN_STATUS_LABELS],
  IMPORT_KINDS: [IMPORT_KINDS, IMPORT_KIND_LABELS],
  IMPORT_STATUSES: [IMPORT_STATUSES, IMPORT_STATUS_LABELS],
  INCREASE_CAUSES: [INCREASE_CAUSES, INCREASE_LABELS],
  DECREASE_CAUSES: [DECREASE_CAUSES, DECREASE_LABELS],
  ROLES: [ROLES, ROLE_LABELS],
};

describe('enum labels', () => {
  it('label every value of every enum, and nothing else', () => {
    expect(Object.entries(ENUMS).flatMap(([name, e]) => labelProblems(name, e))).toEqual([]);
  });

  it('catch a value added without a label', () => {
    const values = ['pending', 'accepted', 'appealed'] as const;
    expect(labelProblems('X', [values, { pending: '办理中', accepted: '已接收', gone: '旧值' }])).toEqual([
      'X: appealed has no label',
      'X: label for unknown value gone',
    ]);
  });

  it('the web shows the shared labels', () => {
    expect(transferKindLabel('external')).toBe(TRANSFER_KIND_LABELS.external);
    expect(transferStatusLabel('pending')).toBe(TRANSFER_STATUS_LABELS.pending);
    expect(transferKindLabel('unknown')).toBe('其他');
  });
});
