/**
 * The inputs that broke the API before (issue #18) and their relatives: NUL, lone surrogates, control,
 * bidi and zero-width characters, huge strings, numbers past integer and float limits, numeric-looking
 * strings, prototype keys, deep and wide structures, wrong types.
 */
import fc from 'fast-check';

export const NASTY_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '%00',
  '\ud800',
  'x\udfffy',
  '\udbff\ud800',
  '\u202eexe.xlsx',
  '\u2066隔离\u2069',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u0085',
  '\u007f',
  '\u001b[31m',
  'line\nbreak',
  '\r\n',
  '\t',
  'e\u0301',
  '𠀀𪚥',
  '👨‍👩‍👧',
  '',
  ' ',
  '   ',
  'x'.repeat(5_000),
  '长'.repeat(70_000),
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '99999999999999999999999',
  '-1',
  '0',
  '-0',
  '1e309',
  '1e-7',
  '0x1F',
  '1.5',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  "' OR '1'='1",
  '"; drop table members; --',
  '../../../etc/passwd',
  '..\\..\\boot.ini',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as text
  '${7*7}',
  '=cmd|"/c calc"!A1',
  '__proto__',
  'constructor',
  'prototype',
  '%',
  '%ED%A0%80',
  '%C0%AE',
  '1.2.3',
  '0.0',
  '1;2',
  '*',
  '\\',
  '620102198001010017',
  '13800001111',
  '2026-02-30',
  '0000-00-00',
  '99999-12-31',
  '2026-13',
];

/** Sentinels replaced by raw JSON number text when a body is serialized (JSON.stringify cannot write them). */
export const RAW_NUMBERS: Record<string, string> = {
  '\u0001RAW:1e309': '1e309',
  '\u0001RAW:-1e309': '-1e309',
  '\u0001RAW:1e400': '1e400',
  '\u0001RAW:big': '123456789012345678901234567890',
};

const NASTY_NUMBERS = [
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  -1,
  0,
  -0,
  1.5,
  1e-7,
  Number.MAX_VALUE,
  Number.MIN_SAFE_INTEGER,
  ...Object.keys(RAW_NUMBERS),
];

/** An array nested `n` deep. */
const nested = (n: number): unknown => {
  let v: unknown = [];
  for (let i = 0; i < n; i++) v = [v];
  return v;
};
/** An object nested `n` deep. */
const nestedObject = (n: number): unknown => {
  let v: unknown = {};
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};

const NASTY_STRUCTURES: unknown[] = [
  null,
  true,
  false,
  [],
  {},
  [null],
  [[[]]],
  nested(25),
  nested(2_000),
  nestedObject(30),
  Array.from({ length: 12_000 }, (_, i) => i),
  Object.fromEntries(Array.from({ length: 1_500 }, (_, i) => [`k${i}`, i])),
  JSON.parse('{"__proto__": {"isAdmin": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": 1}}}'),
  { toString: 'x', valueOf: 1, hasOwnProperty: 'no' },
];

/** The characters that broke the database or the display, to plant inside an otherwise valid value. */
// NUL thrice: PostgreSQL refuses it in any text parameter, the commonest 500 before the edge check.
export const NASTY_CHARS = [
  '\u0000',
  '\u0000',
  '\u0000',
  '\ud800',
  '\udfff',
  '\u001b',
  '\u0085',
  '\u202e',
  '\u2066',
  '\u007f',
  '\n',
];

/** A value with a nasty character planted in it (strings only; anything else as it is). */
export const planted = (arb: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.tuple(arb, fc.constantFrom(...NASTY_CHARS), fc.nat()).map(([v, ch, at]) => {
    if (typeof v !== 'string') return v;
    const i = at % (v.length + 1);
    return v.slice(0, i) + ch + v.slice(i);
  });

/**
 * A valid value with a bad character planted in exactly one of its strings: the other fields pass
 * the schema, so the bad one reaches whatever is behind it (a NUL in the search word of an
 * otherwise valid list query reached PostgreSQL and was a 500).
 */
export const plantedOnce = (arb: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.tuple(arb, fc.constantFrom(...NASTY_CHARS), fc.nat(), fc.nat()).map(([v, ch, which, at]) => {
    const holders: Array<[Record<string | number, unknown>, string | number]> = [];
    const box = { v };
    const walk = (holder: Record<string | number, unknown>, key: string | number, depth: number) => {
      const x = holder[key];
      if (typeof x === 'string') holders.push([holder, key]);
      else if (x && typeof x === 'object' && depth < 6) {
        for (const k of Object.keys(x)) walk(x as Record<string, unknown>, k, depth + 1);
      }
    };
    walk(box, 'v', 0);
    if (!holders.length) return v;
    const [holder, key] = holders[which % holders.length];
    const s = holder[key] as string;
    const i = at % (s.length + 1);
    holder[key] = s.slice(0, i) + ch + s.slice(i);
    return box.v;
  });

export const nastyString = fc.constantFrom(...NASTY_STRINGS);
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRUCTURES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

export const nastyKeys = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  '\u0000',
  'a\ud800',
  '',
  'id',
  'extra',
  'x'.repeat(300),
);

/** JSON text for a body, with the raw-number sentinels written as the numbers they stand for. */
export function toJsonText(value: unknown): string {
  let text = JSON.stringify(value === undefined ? null : value);
  for (const [sentinel, raw] of Object.entries(RAW_NUMBERS)) {
    text = text.split(JSON.stringify(sentinel)).join(raw);
  }
  return text;
}

/**
 * A value as it travels in a URL (path segment or query value): percent-encoded, except that a
 * lone surrogate becomes the bytes of its invalid UTF-8 encoding and a string already written
 * with `%` escapes (like `%00`) is sent as it is, so that the server's decoder meets both.
 */
export function urlText(value: unknown): string {
  if (typeof value === 'string' && /^%[0-9A-F]{2}/i.test(value)) return value;
  if (typeof value === 'string' && Object.hasOwn(RAW_NUMBERS, value)) return RAW_NUMBERS[value];
  const s =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    out += c >= 0xd800 && c <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(ch);
  }
  return out;
}
