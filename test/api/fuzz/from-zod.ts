/**
 * fast-check arbitraries from a contract's zod schemas (zod 4, read through `_zod.def`). Each value is
 * mostly what the schema accepts, so that requests get past validation into the services, and at
 * every level sometimes one of the nasty values instead (./nasty.ts), so that the edge checks, the
 * services and the database all meet them.
 *
 * Why walk the schema rather than `z.toJSONSchema`: the contracts use refinements (dates, months),
 * transforms and preprocess steps that JSON Schema cannot express; here a refined string is drawn
 * from a pool of typical values that the schema itself accepts.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { nastyKeys, nastyValue, planted } from './nasty.js';

// biome-ignore lint/suspicious/noExplicitAny: zod's internal definitions are read structurally
type Def = any;
const defOf = (s: unknown): Def => (s as { _zod?: { def?: Def } })?._zod?.def;

/** Typical strings: dates, months, times, names, an ID number, a phone. Kept where the schema accepts them. */
const STRING_POOL = [
  '2026-11-23',
  '2026-01-01',
  '2025-12-31',
  '2026-11',
  '2026-01',
  '2026',
  '2026-Q4',
  '2026-H2',
  '09:30',
  '张建国',
  '中共测试市委员会',
  '幸福社区',
  'admin',
  'alice.w',
  'test-password-1',
  'Aa1!aa1!aa1!Zz',
  '620102198001010017',
  '13800001111',
  '110101',
  'orglife.meetings',
  'a'.repeat(64),
  '0'.repeat(64),
  '第一次会议记录',
  'x',
];
const NUMBER_POOL = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 0, 2026, 2025, 1990, 100, 5000];

/** What the schema accepts among a pool, to draw from. */
function accepted<T>(schema: z.ZodType, pool: readonly T[]): T[] {
  return pool.filter(
    (v) => (schema as { safeParse: (x: unknown) => { success: boolean } }).safeParse(v).success,
  );
}

const checksOf = (def: Def) => (def.checks ?? []).map((c: { _zod: { def: Def } }) => c._zod.def);

function stringArb(schema: z.ZodType, def: Def): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const min = checks.find((c: Def) => c.check === 'min_length')?.minimum ?? 0;
  const max = Math.min(checks.find((c: Def) => c.check === 'max_length')?.maximum ?? 60, 60);
  const pattern = checks.find((c: Def) => c.check === 'string_format' && c.format === 'regex')?.pattern;
  const pool = accepted(schema, STRING_POOL);
  const free = pattern
    ? fc.stringMatching(pattern as RegExp)
    : fc.string({ minLength: Math.min(min, max), maxLength: Math.max(min, max), unit: 'grapheme' });
  // A refined string (a date, a month) is rarely hit by chance: mostly the pool's accepted values.
  return pool.length
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: free })
    : free;
}

function numberArb(schema: z.ZodType, def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const gt = checks.find((c: Def) => c.check === 'greater_than');
  const lt = checks.find((c: Def) => c.check === 'less_than');
  const lo = gt ? Number(gt.value) + (gt.inclusive ? 0 : 1) : -1_000;
  const hi = lt ? Number(lt.value) - (lt.inclusive ? 0 : 1) : 1_000_000;
  const pool = accepted(schema, NUMBER_POOL);
  // Small values first: the fixture's rows have small ids, and a year near now is in every range.
  const near = fc.integer({ min: lo, max: Math.max(lo, Math.min(hi, lo + 20)) });
  const any = fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31) });
  return fc.oneof(...(pool.length ? [fc.constantFrom(...pool)] : []), near, any);
}

/**
 * A value for the schema. `nasty` is the weight (out of 10) of replacing a value by a nasty one at
 * each level; 0 gives only what the schema describes.
 */
export function arbitraryOf(schema: z.ZodType | undefined, nasty = 2, depth = 0): fc.Arbitrary<unknown> {
  const plain = plainArb(schema, nasty, depth);
  if (!nasty) return plain;
  // Half the nasty draws keep the value and plant a bad character in it (a NUL in a search word
  // that is otherwise fine), half replace it outright.
  return fc.oneof(
    { weight: 2 * (10 - nasty), arbitrary: plain },
    { weight: nasty, arbitrary: planted(plain) },
    { weight: nasty, arbitrary: nastyValue },
  );
}

function plainArb(schema: z.ZodType | undefined, nasty: number, depth: number): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (!def || depth > 8) return fc.constant(undefined);
  const s = schema as z.ZodType;
  const inner = (x: unknown) => arbitraryOf(x as z.ZodType, nasty, depth + 1);
  switch (def.type) {
    case 'string':
      return stringArb(s, def);
    case 'number':
      return numberArb(s, def);
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.option(inner(def.innerType), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(inner(def.innerType), { nil: null, freq: 4 });
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner(def.innerType);
    case 'pipe':
      // A preprocess or transform step reads what its output schema accepts.
      return inner(defOf(def.in)?.type === 'transform' ? def.out : def.in);
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map(inner));
    case 'array': {
      const checks = checksOf(def);
      const min = checks.find((c: Def) => c.check === 'min_length')?.minimum ?? 0;
      return fc.array(inner(def.element), { minLength: min, maxLength: Math.max(min, 4) });
    }
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 8 }), inner(def.valueType), { maxKeys: 4 });
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const required = Object.keys(shape).filter(
        (k) => !['optional', 'default'].includes(defOf(shape[k]).type),
      );
      const record = fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, inner(v)])), {
        requiredKeys: required,
      });
      if (!nasty) return record;
      // Sometimes an extra key: a prototype name, a control character, one the schema does not know.
      return fc
        .tuple(record, sometimes(fc.tuple(nastyKeys, nastyValue), 1, 4))
        .map(([obj, extra]) => (extra ? withKey(obj, extra[0], extra[1]) : obj));
    }
    case 'never':
      return fc.constant(undefined);
    default:
      // unknown, any, transform, custom: anything JSON can carry.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** The value `weight` times in `outOf`, null otherwise. */
export const sometimes = <T>(arb: fc.Arbitrary<T>, weight: number, outOf: number) =>
  fc.oneof({ weight, arbitrary: arb }, { weight: outOf - weight, arbitrary: fc.constant(null) });

/** Sets a key as an own property, even `__proto__` (as JSON.parse would). */
function withKey(obj: Record<string, unknown>, key: string, value: unknown) {
  const copy = { ...obj };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** The keys of an object schema (params, query), unwrapping optional/pipe wrappers. */
export function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  const def = defOf(schema);
  if (!def) return {};
  if (def.type === 'object') return def.shape;
  if (def.type === 'pipe') return shapeOf(def.in);
  if (['optional', 'default', 'readonly'].includes(def.type)) return shapeOf(def.innerType);
  return {};
}
