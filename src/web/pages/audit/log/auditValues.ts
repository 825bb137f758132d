import { DEVELOPMENT_STAGE_LABELS, stepByKey } from '../../../../domain/development/steps';
import { DUES_CATEGORY_LABELS, PAYMENT_METHOD_LABELS } from '../../../../domain/dues/labels';
import {
  GENDER_LABELS,
  LEAVE_REASON_LABELS,
  MEMBER_CATEGORY_LABELS,
  MEMBER_STATUS_LABELS,
} from '../../../../domain/member/labels';
import { COVERAGE_KIND_LABELS } from '../../../../domain/org/coverage';
import { ORG_KIND_LABELS, ORG_STATUS_LABELS, SECTOR_LABELS } from '../../../../domain/org/labels';
import { MEETING_KIND_LABELS } from '../../../../domain/orglife/requirements';
import { AUDIT_REF_FIELDS, auditNameKey } from '../../../../shared/contracts/audit';
import { fieldLabel } from '../../../../shared/contracts/common';
import { CASE_STATUS_LABELS, DISCIPLINE_LABELS } from '../../../../shared/contracts/development';
import { IMPORT_KIND_LABELS } from '../../../../shared/contracts/imports';
import { ATTENDANCE_LABELS, MEETING_STATUS_LABELS } from '../../../../shared/contracts/meetings';
import { ROLE_LABELS } from '../../../../shared/contracts/permissions';
import { fmtDateTime } from '../../../format';
import { TRANSFER_STATUS_LABELS } from '../../../labels';

/** The API area whose field labels an entity's fields take (`fieldLabel(key, area)`). */
const AREA_OF_ENTITY: Record<string, string> = {
  member: 'members',
  org: 'orgs',
  transfer: 'transfers',
  meeting: 'meetings',
  coverage_unit: 'coverage-units',
  development_case: 'development',
  development_plan: 'development',
  dues_profile: 'dues',
  dues_payment: 'dues',
  dues_remittance: 'dues',
  dues_import: 'dues',
  dues_lapse_decision: 'dues',
};

type Labels = Readonly<Record<string, string>>;
const stepTitle = (k: string) => stepByKey(k)?.title;

/** Enumerated values by entity and field, so that "submitted" reads 已提交. */
const VALUE_LABELS: Record<string, Record<string, Labels | ((v: string) => string | undefined)>> = {
  member: {
    category: MEMBER_CATEGORY_LABELS,
    status: MEMBER_STATUS_LABELS,
    gender: GENDER_LABELS,
    leaveReason: LEAVE_REASON_LABELS,
    kind: DISCIPLINE_LABELS,
  },
  org: { kind: ORG_KIND_LABELS, sector: SECTOR_LABELS, status: ORG_STATUS_LABELS },
  transfer: { status: TRANSFER_STATUS_LABELS },
  meeting: { kind: MEETING_KIND_LABELS, status: MEETING_STATUS_LABELS, attendance: ATTENDANCE_LABELS },
  development_case: {
    status: CASE_STATUS_LABELS,
    stage: DEVELOPMENT_STAGE_LABELS,
    key: stepTitle,
    lastStepKey: stepTitle,
    nextKey: stepTitle,
  },
  dues_profile: { category: DUES_CATEGORY_LABELS },
  dues_payment: { method: PAYMENT_METHOD_LABELS },
  coverage_unit: { kind: COVERAGE_KIND_LABELS },
  import: { kind: IMPORT_KIND_LABELS },
  user: { roles: ROLE_LABELS },
};

export const auditFieldLabel = (entity: string, key: string) =>
  key === 'id' ? '编号' : fieldLabel(key, AREA_OF_ENTITY[entity]);

const isInstant = (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v);
const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;

/**
 * A value of an audit entry as the auditor reads it: an id by the name the server resolved (an
 * id outside the auditor's scope stays 编号 N), money in 元, an instant in local time, an
 * enumerated value by its label, yes/no in Chinese.
 */
export function auditValue(
  entity: string,
  key: string,
  value: unknown,
  names: Readonly<Record<string, string>>,
): string {
  if (value === undefined) return '';
  if (value === null || value === '') return '空';
  const ref = key === 'id' ? entity : AUDIT_REF_FIELDS[key];
  if (ref && (typeof value === 'number' || typeof value === 'string')) {
    return names[auditNameKey(ref, value)] ?? (typeof value === 'number' ? `编号 ${value}` : value);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return key.endsWith('Fen') ? yuan(value) : String(value);
  if (typeof value === 'string') {
    const labels = VALUE_LABELS[entity]?.[key];
    const label = typeof labels === 'function' ? labels(value) : labels?.[value];
    if (label) return label;
    return isInstant(value) ? fmtDateTime(value) : value;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      return value.map((v) => auditValue(entity, key, v, names)).join('、') || '空';
    }
    return `${value.length} 项`;
  }
  return JSON.stringify(value);
}
