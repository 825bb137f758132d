/**
 * The point-source catalog (党员积分, issue #20): what earns points and what takes them away, each
 * source tied to its rule of the rule catalog (`points.*`: value, daily and yearly cap). A source not
 * yet active (volunteering, service) is listed so the catalog shows what is to come, with no rule.
 */
import type { RuleId } from '../rules/index.js';

export const POINT_SOURCE_CODES = [
  'meeting.attended',
  'meeting.absent',
  'dues.on_time',
  'dues.late',
  'study.hours',
  'class.completed',
  'volunteer',
  'service',
  'manual',
] as const;
export type PointSourceCode = (typeof POINT_SOURCE_CODES)[number];

/** The sources whose points are computed from records (recomputation), not entered by hand. */
export type ComputedSourceCode = Exclude<PointSourceCode, 'manual' | 'volunteer' | 'service'>;

export interface PointSource {
  code: PointSourceCode;
  title: string;
  /** earn: adds points; deduct: takes them away (the rule's value is positive, the entry negative). */
  direction: 'earn' | 'deduct';
  /** The rule giving value and caps; null for manual awards and sources not yet active. */
  rule: RuleId | null;
  /** What the source key looks like. */
  keyPrefix: string;
  active: boolean;
}

export const POINT_SOURCES: Record<PointSourceCode, PointSource> = {
  'meeting.attended': {
    code: 'meeting.attended',
    title: '参加组织生活',
    direction: 'earn',
    rule: 'points.meetingAttended',
    keyPrefix: 'meeting',
    active: true,
  },
  'meeting.absent': {
    code: 'meeting.absent',
    title: '无故缺席组织生活',
    direction: 'deduct',
    rule: 'points.meetingAbsent',
    keyPrefix: 'meeting',
    active: true,
  },
  'dues.on_time': {
    code: 'dues.on_time',
    title: '按月交纳党费',
    direction: 'earn',
    rule: 'points.duesOnTime',
    keyPrefix: 'dues',
    active: true,
  },
  'dues.late': {
    code: 'dues.late',
    title: '逾期交纳党费',
    direction: 'deduct',
    rule: 'points.duesLate',
    keyPrefix: 'dues',
    active: true,
  },
  'study.hours': {
    code: 'study.hours',
    title: '学习（学时）',
    direction: 'earn',
    rule: 'points.studyPerHour',
    keyPrefix: 'study',
    active: true,
  },
  'class.completed': {
    code: 'class.completed',
    title: '集中培训或专题辅导结业',
    direction: 'earn',
    rule: 'points.classCompleted',
    keyPrefix: 'class',
    active: true,
  },
  volunteer: {
    code: 'volunteer',
    title: '志愿服务',
    direction: 'earn',
    rule: null,
    keyPrefix: 'volunteer',
    active: false,
  },
  service: {
    code: 'service',
    title: '联系服务群众',
    direction: 'earn',
    rule: null,
    keyPrefix: 'service',
    active: false,
  },
  manual: {
    code: 'manual',
    title: '支部奖励或扣分（经另一人批准）',
    direction: 'earn',
    rule: null,
    keyPrefix: 'award',
    active: true,
  },
};

export function isPointSourceCode(s: string): s is PointSourceCode {
  return (POINT_SOURCE_CODES as readonly string[]).includes(s);
}

/** The label of a ledger row's rule ('meeting.attended' → 参加组织生活); unknown codes as they are. */
export function pointSourceTitle(code: string): string {
  return isPointSourceCode(code) ? POINT_SOURCES[code].title : code;
}

/** Manual awards live under 'award:<id>'; recomputation never touches these keys. */
export const isManualKey = (sourceKey: string) => sourceKey.startsWith('award:');
