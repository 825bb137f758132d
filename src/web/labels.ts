/**
 * Chinese labels for every enum the UI shows. Domain enums come from `src/domain` (one source
 * of truth with the server); labels that only the UI needs (event kinds, audit entities, history
 * changes) live here. A value without a label is shown as 「其他」 rather than in English.
 */

import { EDUCATION_LEVELS } from '../domain/member/education';
import { ETHNICITIES } from '../domain/member/ethnicities';
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
import {
  COMMITTEE_ROLE_LABELS,
  COMMITTEE_ROLES,
  ORG_KIND_LABELS,
  ORG_KINDS,
  ORG_STATUS_LABELS,
  SECTOR_LABELS,
  SECTORS,
} from '../domain/org/labels';
import type { RuleUnit } from '../domain/rules/types';
import { TRANSFER_KIND_LABELS } from '../domain/transfer/labels';
import { ROLE_LABELS, ROLES } from '../shared/contracts/permissions';
import { CONFIDENCE_LABELS } from '../shared/contracts/rules';
import { TRANSFER_STATUS_LABELS, TRANSFER_STATUSES } from '../shared/contracts/transfers';

const pick = (map: Record<string, string>, value: string | null | undefined, fallback = '其他'): string =>
  value ? (map[value] ?? fallback) : '—';

export const orgKindLabel = (v: string | null | undefined) => pick(ORG_KIND_LABELS, v);
export const sectorLabel = (v: string | null | undefined) => pick(SECTOR_LABELS, v);
export const committeeRoleLabel = (v: string | null | undefined) => pick(COMMITTEE_ROLE_LABELS, v);
export const orgStatusLabel = (v: string | null | undefined) => pick(ORG_STATUS_LABELS, v);
export const memberCategoryLabel = (v: string | null | undefined) => pick(MEMBER_CATEGORY_LABELS, v);
export const memberStatusLabel = (v: string | null | undefined) => pick(MEMBER_STATUS_LABELS, v);
export const leaveReasonLabel = (v: string | null | undefined) => pick(LEAVE_REASON_LABELS, v);
export const genderLabel = (v: string | null | undefined) => pick(GENDER_LABELS, v);

const ethnicityByCode = new Map<string, string>(ETHNICITIES.map((e) => [e.code, e.name]));
const educationByCode = new Map<string, string>(EDUCATION_LEVELS.map((e) => [e.code, e.name]));
export const ethnicityLabel = (code: string | null | undefined) =>
  code ? (ethnicityByCode.get(code) ?? code) : '—';
export const educationLabel = (code: string | null | undefined) =>
  code ? (educationByCode.get(code) ?? '其他') : '—';

const options = (values: readonly string[], label: (v: string) => string) =>
  values.map((value) => ({ value, label: label(value) }));

export const orgKindOptions = options(ORG_KINDS, orgKindLabel);
export const sectorOptions = options(SECTORS, sectorLabel);
export const committeeRoleOptions = options(COMMITTEE_ROLES, committeeRoleLabel);
export const memberCategoryOptions = options(MEMBER_CATEGORIES, memberCategoryLabel);
export const memberStatusOptions = options(MEMBER_STATUSES, memberStatusLabel);
export const leaveReasonOptions = options(LEAVE_REASONS, leaveReasonLabel);
export const genderOptions = options(GENDERS, genderLabel);
export const ethnicityOptions = ETHNICITIES.map((e) => ({ value: e.code, label: e.name }));
export const educationOptions = EDUCATION_LEVELS.map((e) => ({ value: e.code, label: e.name }));

// ---------- labels only the UI needs ----------

export const TRANSFER_STATUS_COLORS: Record<string, string> = {
  pending: 'processing',
  accepted: 'success',
  rejected: 'error',
  cancelled: 'default',
};
export const transferStatusLabel = (v: string) => pick(TRANSFER_STATUS_LABELS, v);
export const transferStatusOptions = options(TRANSFER_STATUSES, transferStatusLabel);
export const transferKindLabel = (v: string) => pick(TRANSFER_KIND_LABELS, v);

export const MEMBER_EVENT_LABELS: Record<string, string> = {
  registered: '登记入册',
  updated: '信息修改',
  status_changed: '状态变更',
  transferred: '组织关系转入',
};
export const memberEventLabel = (v: string) => pick(MEMBER_EVENT_LABELS, v, '其他变更');

export const ORG_CHANGE_LABELS: Record<string, string> = {
  created: '成立',
  renamed: '更名',
  updated: '信息变更',
  moved: '调整隶属关系',
  dissolved: '撤销',
};
export const orgChangeLabel = (v: string) => pick(ORG_CHANGE_LABELS, v, '其他变更');

export const SEVERITY_LABELS: Record<string, string> = { error: '违规', warning: '提醒', info: '提示' };

// ---------- users and rules ----------

export const roleLabel = (v: string | null | undefined) => pick(ROLE_LABELS, v);
export const roleOptions = options(ROLES, roleLabel);

export const RULE_UNIT_LABELS: Record<RuleUnit, string> = {
  persons: '人',
  units: '个单位',
  years: '年',
  age: '周岁',
  months: '个月',
  days: '天',
  working_days: '个工作日',
  hours: '小时',
  seconds: '秒',
  minutes: '分钟',
  times: '次',
  percent: '%',
  permyriad: '‱（万分之）',
  fen: '分',
};
/** The unit after a number: `6个月`, `50人`; nothing for a unit without a label. */
export const ruleUnitLabel = (v: string | null | undefined) =>
  v ? (RULE_UNIT_LABELS[v as RuleUnit] ?? '') : '';

export type Confidence = keyof typeof CONFIDENCE_LABELS;
export const confidenceLabel = (v: string) => pick(CONFIDENCE_LABELS, v, '未标注');
export const CONFIDENCE_COLORS: Record<Confidence, string> = {
  verified: 'green',
  secondary: 'blue',
  memory: 'orange',
  uncertain: 'red',
};
