/**
 * Rules in force = catalog defaults + this deployment's overrides.
 *
 * Overrides come from the settings table (audited when written). They are validated here, not only
 * when written, because a bad row must never silently change what the system enforces: an override
 * of an unknown id (a typo), of a rule that is not configurable (the Party Constitution), or with a
 * value of the wrong shape is refused with a message that names the rule.
 */
import { isRuleId, type RuleId, type Rules, type RuleValues, ruleCatalog, ruleDef } from './catalog.js';
import type { RuleSchema } from './types.js';

export type { PointsSource, RuleId, Rules, RuleValues } from './catalog.js';
export { defaultRules, isRuleId, RULE_IDS, ruleCatalog, ruleDef } from './catalog.js';
export type { Confidence, RuleDef, RuleSchema, RuleUnit } from './types.js';

export class RuleOverrideError extends Error {
  readonly ruleId: string;
  /** What is wrong, without naming the rule: for showing under the value on a settings form. */
  readonly problem: string;

  constructor(ruleId: string, message: string, problem = message) {
    super(message);
    this.name = 'RuleOverrideError';
    this.ruleId = ruleId;
    this.problem = problem;
  }
}

/** Chinese names for the keys of `ordered` values, for messages an administrator reads. */
const KEY_LABELS: Record<string, string> = {
  min: '下限(min)',
  max: '上限(max)',
  hardMax: '最高限(hardMax)',
  minMonths: '最短月数(minMonths)',
  maxMonths: '最长月数(maxMonths)',
  value: '分值(value)',
  daily: '每日上限(daily)',
  yearly: '每年上限(yearly)',
  from: '起(from)',
  to: '止(to)',
};
const keyLabel = (k: string) => KEY_LABELS[k] ?? k;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function rangeText(min: number, max: number | undefined): string {
  return max === undefined ? `不小于${min}的整数` : `${min}至${max}之间的整数`;
}

function inRange(v: number, schema: { min: number; max?: number }): boolean {
  return v >= schema.min && (schema.max === undefined || v <= schema.max);
}

/** Returns a Chinese description of what is wrong with `value`, or null when it fits the schema. */
function schemaProblem(schema: RuleSchema, value: unknown): string | null {
  switch (schema.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : '应为“是”或“否”（true/false）';
    case 'integer':
      if (schema.format === 'yyyymm') {
        const ok = isInt(value) && inRange(value, schema) && value % 100 >= 1 && value % 100 <= 12;
        return ok ? null : '应为六位年月，如202601（月份01至12）';
      }
      if (schema.allowed)
        return isInt(value) && schema.allowed.includes(value) ? null : `应为${schema.allowed.join('、')}之一`;
      return isInt(value) && inRange(value, schema) ? null : `应为${rangeText(schema.min, schema.max)}`;
    case 'ordered': {
      const shape = `应为包含${schema.keys.map(keyLabel).join('、')}的对象，各项为${rangeText(schema.min, schema.max)}，且依次不减`;
      if (!value || typeof value !== 'object' || Array.isArray(value)) return shape;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      if (keys.length !== schema.keys.length || !schema.keys.every((k) => keys.includes(k))) return shape;
      const nums = schema.keys.map((k) => obj[k]);
      if (!nums.every((n) => isInt(n) && inRange(n, schema))) return shape;
      for (let i = 1; i < nums.length; i++) {
        if ((nums[i] as number) < (nums[i - 1] as number)) {
          return `${keyLabel(schema.keys[i - 1])}不能大于${keyLabel(schema.keys[i])}`;
        }
      }
      return null;
    }
  }
}

/**
 * Validates one override and returns the typed value. The server should call this when an override
 * is written, so that a bad value is refused at the settings page rather than at the next request.
 */
export function parseRuleOverride<K extends RuleId>(id: K, value: unknown): RuleValues[K];
export function parseRuleOverride(id: string, value: unknown): unknown;
export function parseRuleOverride(id: string, value: unknown): unknown {
  if (!isRuleId(id)) throw new RuleOverrideError(id, `规则“${id}”不存在，不能设置`);
  const def = ruleDef(id);
  if (!def.configurable) {
    throw new RuleOverrideError(
      id,
      `规则“${id}”（${def.title}）依据${def.citation}，不允许修改`,
      `依据${def.citation}，不允许修改`,
    );
  }
  const problem = schemaProblem(def.schema, value);
  if (problem) throw new RuleOverrideError(id, `规则“${id}”（${def.title}）的取值无效：${problem}`, problem);
  // A copy, so later changes to the settings object cannot reach the rules in force.
  return value && typeof value === 'object' ? Object.freeze({ ...value }) : value;
}

/** The rules in force: every catalog default, replaced by a validated override where one is given. */
export function resolveRules(overrides: Record<string, unknown>): Rules {
  const resolved: Record<string, unknown> = {};
  for (const def of ruleCatalog) resolved[def.id] = def.value;
  for (const [id, value] of Object.entries(overrides)) resolved[id] = parseRuleOverride(id, value);
  return Object.freeze(resolved) as unknown as Rules;
}
