/**
 * Labels, colours and small helpers shared by the organizational-life pages (组织生活). Enum labels
 * come from the domain and the contracts (one source with the server); colours are the UI's.
 */
import dayjs from 'dayjs';
import { isBranchKind, type OrgKind } from '../../../domain/org/labels';
import {
  type MeetingKind as DomainMeetingKind,
  MEETING_KIND_LABELS,
} from '../../../domain/orglife/requirements';
import {
  ATTENDANCE_LABELS,
  ATTENDANCE_VALUES,
  MEETING_STATUS_LABELS,
  MEETING_STATUSES,
  RECORDED_MEETING_KINDS,
} from '../../../shared/contracts/meetings';
import { COMPLIANCE_STATE_LABELS, type ComplianceStateDto } from '../../../shared/contracts/orglife';
import { ROLE_PERMISSIONS } from '../../../shared/contracts/permissions';
import type { ComplianceCounts, Me, MeetingAttendee, MeetingStatus } from '../../api/types';

export { periodLabel } from '../../../domain/orglife/periods';

export const meetingKindLabel = (kind: string | null | undefined): string =>
  kind ? (MEETING_KIND_LABELS[kind as DomainMeetingKind] ?? '其他会议') : '—';

export const meetingKindOptions = RECORDED_MEETING_KINDS.map((k) => ({
  value: k,
  label: meetingKindLabel(k),
}));

export const MEETING_KIND_COLORS: Record<string, string> = {
  general_meeting: 'red',
  committee_meeting: 'volcano',
  group_meeting: 'orange',
  party_lecture: 'gold',
  theme_day: 'magenta',
  life_meeting: 'purple',
  member_review: 'geekblue',
  heart_talk: 'cyan',
};

export const meetingStatusLabel = (s: string | null | undefined): string =>
  s ? (MEETING_STATUS_LABELS[s as MeetingStatus] ?? '其他') : '—';
export const meetingStatusOptions = MEETING_STATUSES.map((s) => ({ value: s, label: meetingStatusLabel(s) }));
export const MEETING_STATUS_COLORS: Record<MeetingStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  reviewed: 'success',
  returned: 'error',
};

export const attendanceLabel = (a: string): string =>
  ATTENDANCE_LABELS[a as MeetingAttendee['attendance']] ?? '其他';
export const attendanceOptions = ATTENDANCE_VALUES.map((a) => ({ value: a, label: attendanceLabel(a) }));
export const ATTENDANCE_COLORS: Record<string, string> = { present: 'green', excused: 'gold', absent: 'red' };

export const complianceStateLabel = (s: string): string =>
  COMPLIANCE_STATE_LABELS[s as ComplianceStateDto] ?? '其他';
export const COMPLIANCE_STATE_COLORS: Record<ComplianceStateDto, string> = {
  met: 'success',
  due: 'warning',
  missed: 'error',
  exempt: 'default',
  not_started: 'default',
};

/** Hex colours of the states, for charts and the heat map. */
export const STATE_HEX = {
  met: '#52c41a',
  missed: '#f5222d',
  due: '#faad14',
  exempt: '#bfbfbf',
  notStarted: '#d9d9d9',
} as const;

/** A rate 0..1 as a percentage text, `—` when nothing was judged yet. */
export function pct(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  const v = Math.round(rate * 1000) / 10;
  return `${v % 1 === 0 ? v.toFixed(0) : v.toFixed(1)}%`;
}

export function emptyCounts(): ComplianceCounts {
  return { met: 0, missed: 0, due: 0, exempt: 0, notStarted: 0, rate: null };
}

/** How many items a cell holds in all. */
export const countsTotal = (c: ComplianceCounts): number =>
  c.met + c.missed + c.due + c.exempt + c.notStarted;

/**
 * The colour of a heat-map cell: red when something was missed (deeper the lower the rate), amber
 * when something is due, green when everything judged was met, grey when only exempt or not yet
 * started, and near-white when the month asks for nothing.
 */
export function cellColor(c: ComplianceCounts): { bg: string; fg: string; key: string } {
  if (c.missed > 0) {
    const rate = c.rate ?? 0;
    if (rate >= 0.8) return { bg: '#ffccc7', fg: '#a8071a', key: 'missed-light' };
    if (rate >= 0.5) return { bg: '#ff7875', fg: '#fff', key: 'missed' };
    return { bg: '#cf1322', fg: '#fff', key: 'missed-deep' };
  }
  if (c.due > 0) return { bg: '#ffe58f', fg: '#874d00', key: 'due' };
  if (c.met > 0) return { bg: '#95de64', fg: '#135200', key: 'met' };
  if (c.exempt > 0 || c.notStarted > 0) return { bg: '#e8e8e8', fg: 'rgba(0,0,0,0.55)', key: 'grey' };
  return { bg: '#fafafa', fg: 'rgba(0,0,0,0.25)', key: 'none' };
}

export function countsTooltip(c: ComplianceCounts): string {
  const parts = [
    `已完成 ${c.met}`,
    `未完成 ${c.missed}`,
    `待完成 ${c.due}`,
    `免于考核 ${c.exempt}`,
    `未开始 ${c.notStarted}`,
  ];
  return `${parts.join('，')}；完成率 ${pct(c.rate)}`;
}

/** '2026-03' → '2026年3月'; short form '3月'. */
export function monthLabel(month: string, short = false): string {
  const [y, m] = month.split('-');
  return short ? `${Number(m)}月` : `${y}年${Number(m)}月`;
}

export const isBranch = (kind: string | null | undefined): boolean => !!kind && isBranchKind(kind as OrgKind);

/** The org a secretary runs (their secretary role), else the first scope root. */
export function defaultOrgId(me: Me | undefined): number | undefined {
  if (!me) return undefined;
  return me.roles.find((r) => r.role === 'secretary')?.orgId ?? me.scopeRoots[0]?.orgId;
}

export const can = (me: Me | undefined, permission: string): boolean =>
  me?.permissions.includes(permission) ?? false;

/**
 * Whether the user reviews for a higher org of `orgPath`: a role granting orglife.review held at a
 * proper ancestor. Nobody approves or exempts their own org (the API enforces it; this only decides
 * which buttons to offer).
 */
export function reviewsAbove(me: Me | undefined, orgPath: string | undefined): boolean {
  if (!me || !orgPath) return false;
  return me.roles.some(
    (r) =>
      (ROLE_PERMISSIONS[r.role] as readonly string[]).includes('orglife.review') &&
      orgPath.startsWith(`${r.orgPath}.`),
  );
}

/** HH:mm of an ISO instant in the browser's zone (the meeting's start). */
export function timeOf(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.format('HH:mm') : '';
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
