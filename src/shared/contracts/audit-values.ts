/**
 * Audit entries as an auditor reads them (issue #16 item 9), shared by the audit page and the
 * audit log's .xlsx export so both say the same: fields by their Chinese names, ids by the names
 * the server resolved, values by their labels.
 */
import { DEVELOPMENT_STAGE_LABELS, stepByKey } from '../../domain/development/steps.js';
import { DUES_CATEGORY_LABELS, PAYMENT_METHOD_LABELS } from '../../domain/dues/labels.js';
import {
  GENDER_LABELS,
  LEAVE_REASON_LABELS,
  MEMBER_CATEGORY_LABELS,
  MEMBER_STATUS_LABELS,
} from '../../domain/member/labels.js';
import { COVERAGE_KIND_LABELS } from '../../domain/org/coverage.js';
import { ORG_KIND_LABELS, ORG_STATUS_LABELS, SECTOR_LABELS } from '../../domain/org/labels.js';
import { MEETING_KIND_LABELS } from '../../domain/orglife/requirements.js';
import { AUDIT_REF_FIELDS, auditNameKey } from './audit.js';
import { fieldLabel } from './common.js';
import { CASE_STATUS_LABELS, DISCIPLINE_LABELS } from './development.js';
import { IMPORT_KIND_LABELS } from './imports.js';
import { ATTENDANCE_LABELS, MEETING_STATUS_LABELS } from './meetings.js';
import { ROLE_LABELS } from './permissions.js';
import { TRANSFER_STATUS_LABELS } from './transfers.js';

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
  user: { roles: ROLE_LABELS, role: ROLE_LABELS },
};

export const auditFieldLabel = (entity: string, key: string) =>
  key === 'id' ? '编号' : fieldLabel(key, AREA_OF_ENTITY[entity]);

const isInstant = (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v);
/** An instant as Beijing wall time (no daylight saving), the same on the page and in an export. */
const beijing = (v: string) => {
  const t = Date.parse(v);
  return Number.isNaN(t) ? v : new Date(t + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
};
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
    return isInstant(value) ? beijing(value) : value;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      return value.map((v) => auditValue(entity, key, v, names)).join('、') || '空';
    }
    return `${value.length} 项`;
  }
  return JSON.stringify(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One line of a change: both sides for a change, one for a creation, a deletion or a view. */
export interface AuditChangeLine {
  key: string;
  field: string;
  before?: string;
  after?: string;
  /** In a change, the field is gone afterwards. */
  dropped?: boolean;
}

/** The fields an entry changed (in a change, only those that differ; else every field with a value). */
export function auditChangeLines(entry: {
  entity: string;
  before: unknown;
  after: unknown;
  names: Readonly<Record<string, string>>;
}): AuditChangeLine[] {
  const { before, after, entity, names } = entry;
  if (before == null && after == null) return [];
  const b = isRecord(before) ? before : before == null ? {} : { value: before };
  const a = isRecord(after) ? after : after == null ? {} : { value: after };
  const both = before != null && after != null;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => (both ? JSON.stringify(b[k]) !== JSON.stringify(a[k]) : (a[k] ?? b[k] ?? '') !== ''))
    .map((k) => ({
      key: k,
      field: auditFieldLabel(entity, k),
      ...(k in b ? { before: auditValue(entity, k, b[k], names) } : {}),
      ...(k in a ? { after: auditValue(entity, k, a[k], names) } : {}),
      ...(both && !(k in a) ? { dropped: true } : {}),
    }));
}

/** The lines as text: 「字段：旧值 → 新值」 (for the export's cell). */
export const auditChangeText = (lines: AuditChangeLine[]) =>
  lines
    .map((l) =>
      l.before !== undefined && l.after !== undefined
        ? `${l.field}：${l.before} → ${l.after}`
        : `${l.field}：${l.after ?? l.before}${l.dropped ? '（变更后无此项）' : ''}`,
    )
    .join('\n');
