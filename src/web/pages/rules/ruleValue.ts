import type { RuleSchema } from '../../api/types';
import { ruleUnitLabel } from '../../labels';

/** Names of the parts of an object-valued rule, as the editor labels them. */
export const RULE_KEY_LABELS: Record<string, string> = {
  min: '下限',
  max: '上限',
  hardMax: '最多',
  minMonths: '最短',
  maxMonths: '最长',
  upTo1: '第一档至',
  upTo2: '第二档至',
  upTo3: '第三档至',
  r1: '第一档',
  r2: '第二档',
  r3: '第三档',
  r4: '第四档',
};

/**
 * One number with its unit as a reader expects it: money in 元 (the catalog keeps fen), rates in
 * per cent (the catalog keeps 万分之), everything else with the unit's label.
 */
function fmtAmount(v: unknown, unit: string | null | undefined): string {
  if (typeof v === 'number' && unit === 'fen' && v >= 100) return `${(v / 100).toLocaleString('zh-CN')}元`;
  if (typeof v === 'number' && unit === 'permyriad') return `${v / 100}%`;
  return `${String(v)}${ruleUnitLabel(unit)}`;
}

export const ruleKeyLabel = (key: string, index: number) => RULE_KEY_LABELS[key] ?? `第${index + 1}项`;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/**
 * A rule's value as a reader expects it: `6个月`, `50人`, `是`, and ranges such as
 * `3–5人（最多7人）` for `{min: 3, max: 5, hardMax: 7}` or `6–12个月` for `{minMonths, maxMonths}`.
 */
export function fmtRuleValue(value: unknown, unit: string | null | undefined): string {
  const u = ruleUnitLabel(unit);
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return fmtAmount(value, unit);
  if (isRecord(value)) {
    const lower = num(value.min) ?? num(value.minMonths);
    const upper = num(value.max) ?? num(value.maxMonths);
    const hard = num(value.hardMax);
    if (lower !== undefined && upper !== undefined) {
      const range = lower === upper ? `${lower}${u}` : `${lower}–${upper}${u}`;
      return hard !== undefined ? `${range}（最多${hard}${u}）` : range;
    }
    return Object.entries(value)
      .map(([k, v], i) => `${ruleKeyLabel(k, i)}${fmtAmount(v, unit)}`)
      .join('，');
  }
  return String(value);
}

/** The allowed values in words: `1至24个月`, `不小于3人`. */
export function fmtRuleRange(schema: RuleSchema, unit: string | null | undefined): string | null {
  if (schema.type === 'boolean') return null;
  const u = ruleUnitLabel(unit);
  if (schema.type === 'integer' && schema.allowed?.length) return `${schema.allowed.join('、')}${u}之一`;
  const range = schema.max !== undefined ? `${schema.min}至${schema.max}${u}` : `不小于${schema.min}${u}`;
  return schema.type === 'ordered'
    ? `各项均为${range}的整数，且${schema.keys.map(ruleKeyLabel).join('≤')}`
    : `${range}的整数`;
}

/** The schema as sent by the API, checked enough to build an editor from it. */
export function ruleSchema(schema: unknown): RuleSchema | null {
  if (!isRecord(schema)) return null;
  if (schema.type === 'boolean') return { type: 'boolean' };
  if (schema.type === 'integer' && typeof schema.min === 'number') {
    const allowed = Array.isArray(schema.allowed)
      ? schema.allowed.filter((v): v is number => typeof v === 'number')
      : undefined;
    return { type: 'integer', min: schema.min, max: num(schema.max), allowed };
  }
  if (
    schema.type === 'ordered' &&
    typeof schema.min === 'number' &&
    Array.isArray(schema.keys) &&
    schema.keys.every((k) => typeof k === 'string')
  ) {
    return { type: 'ordered', keys: schema.keys as string[], min: schema.min, max: num(schema.max) };
  }
  return null;
}
