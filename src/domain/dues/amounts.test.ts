import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRules, type Rules } from '../rules/index.js';
import {
  applyRate,
  bracketsText,
  DuesProfileError,
  type DuesProfileInput,
  employedRate,
  farmerRangeText,
  monthlyDues,
  profileProblems,
  retiredRate,
  roundHalfUp,
  roundingText,
  yuan,
} from './amounts.js';
import type { DuesCategory } from './labels.js';

const BRACKET_CATEGORIES = ['employed', 'annual_salary', 'self_employed'] as const;
const MAX_BASE = 100_000_000;

const withUnit = (unit: number): Rules => ({ ...defaultRules, 'dues.roundingUnit': unit });
const dues = (
  category: DuesCategory,
  baseFen: number | null,
  rules: Rules = defaultRules,
  amountFen: number | null = null,
) => monthlyDues({ category, baseFen, amountFen }, rules);

/** The reference: base × rate / 10000, half up to the unit, in BigInt (no float anywhere). */
function reference(baseFen: number, rateBp: number, unit: number): number {
  const num = BigInt(baseFen) * BigInt(rateBp);
  const den = 10_000n * BigInt(unit);
  const q = num / den;
  const r = num % den;
  return Number((2n * r >= den ? q + 1n : q) * BigInt(unit));
}

/** The bracket rates of defaultRules, spelled out from the 规定 rather than read back from the rules. */
function statuteRate(category: DuesCategory, baseFen: number): number {
  if (category === 'retired') return baseFen <= 500_000 ? 50 : 100;
  if (baseFen <= 300_000) return 50;
  if (baseFen <= 500_000) return 100;
  if (baseFen <= 1_000_000) return 150;
  return 200;
}

describe('roundHalfUp and applyRate', () => {
  it('rounds exactly .5 fen up and below it down', () => {
    expect(applyRate(100, 50, 1)).toBe(1); // 0.5 fen
    expect(applyRate(99, 50, 1)).toBe(0); // 0.495 fen
    expect(applyRate(300, 50, 1)).toBe(2); // 1.5 fen
    expect(applyRate(0, 200, 1)).toBe(0);
  });

  it('rounds to 角 and 元 half up', () => {
    expect(applyRate(1000, 50, 10)).toBe(10); // 5 fen → 1 jiao
    expect(applyRate(999, 50, 10)).toBe(0); // 4.995 fen → 0
    expect(applyRate(300_000, 50, 10)).toBe(1500);
    expect(applyRate(10_000, 50, 100)).toBe(100); // 50 fen → 1 yuan
    expect(applyRate(9_999, 50, 100)).toBe(0);
    expect(applyRate(530_000, 150, 100)).toBe(8000); // 79.50 → 80
    expect(applyRate(529_999, 150, 100)).toBe(7900); // 79.49998 → 79
  });

  it('refuses a negative or non-integer numerator', () => {
    expect(() => roundHalfUp(-1, 10_000)).toThrow(RangeError);
    expect(() => roundHalfUp(1.5, 10_000)).toThrow(RangeError);
  });

  it('agrees with a BigInt reference for any base, rate and unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_BASE }),
        fc.constantFrom(50, 100, 150, 200),
        fc.constantFrom(1, 10, 100),
        (base, rate, unit) => {
          const got = applyRate(base, rate, unit);
          expect(Number.isInteger(got)).toBe(true);
          expect(got % unit).toBe(0);
          expect(got).toBe(reference(base, rate, unit));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('monthlyDues: bracket categories', () => {
  const edges: [number, number][] = [
    [0, 0],
    [1, 0],
    [300_000, 1500], // 3000.00 × 0.5 % = 15.00
    [300_001, 3000], // 3000.01 × 1 % = 30.0001 → 30.00
    [500_000, 5000], // 5000.00 × 1 % = 50.00
    [500_001, 7500], // 5000.01 × 1.5 % = 75.00015 → 75.00
    [1_000_000, 15_000], // 10000.00 × 1.5 % = 150.00
    [1_000_001, 20_000], // 10000.01 × 2 % = 200.0002 → 200.00
  ];
  for (const category of BRACKET_CATEGORIES) {
    it(`${category}: exact at the bracket edges`, () => {
      for (const [base, expected] of edges) {
        const m = dues(category, base);
        expect(m.expectedFen, `${category} ${yuan(base)}`).toBe(expected);
      }
      expect(dues(category, 300_000).bracket).toBe(1);
      expect(dues(category, 300_001).bracket).toBe(2);
      expect(dues(category, 500_001).bracket).toBe(3);
      expect(dues(category, 1_000_001)).toMatchObject({ bracket: 4, rateBp: 200 });
    });
  }

  it('retired: 0.5 % up to 5,000 元, 1 % above', () => {
    expect(dues('retired', 0).expectedFen).toBe(0);
    expect(dues('retired', 300_001).expectedFen).toBe(1500); // still 0.5 %: no 3,000 edge
    expect(dues('retired', 500_000)).toMatchObject({ expectedFen: 2500, rateBp: 50, bracket: 1 });
    expect(dues('retired', 500_001)).toMatchObject({ expectedFen: 5000, rateBp: 100, bracket: 2 });
    expect(dues('retired', 1_200_000).expectedFen).toBe(12_000);
    expect(retiredRate(500_000, defaultRules).rateBp).toBe(50);
  });

  it('applies the rounding unit override (角, 元)', () => {
    expect(dues('employed', 300_100, withUnit(10)).expectedFen).toBe(3000); // 30.01 → 30.0
    expect(dues('employed', 300_500, withUnit(10)).expectedFen).toBe(3010); // 30.05 → 30.1
    expect(dues('employed', 300_499, withUnit(10)).expectedFen).toBe(3000); // 30.04999 → 30.0
    expect(dues('employed', 650_000, withUnit(100)).expectedFen).toBe(9800); // 97.50 → 98
    expect(dues('employed', 649_999, withUnit(100)).expectedFen).toBe(9700); // 97.49998 → 97
    expect(dues('retired', 250_000, withUnit(100)).expectedFen).toBe(1300); // 12.50 → 13
  });

  it('amount = round(base × statute rate) for random bases, never a float, for every unit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<DuesCategory>(...BRACKET_CATEGORIES, 'retired'),
        fc.oneof(
          fc.integer({ min: 0, max: MAX_BASE }),
          fc.integer({ min: 250_000, max: 1_100_000 }),
          fc.constantFrom(
            299_999,
            300_000,
            300_001,
            499_999,
            500_000,
            500_001,
            999_999,
            1_000_000,
            1_000_001,
          ),
        ),
        fc.constantFrom(1, 10, 100),
        (category, base, unit) => {
          const m = dues(category, base, withUnit(unit));
          expect(Number.isInteger(m.expectedFen)).toBe(true);
          expect(m.rateBp).toBe(statuteRate(category, base));
          expect(m.expectedFen).toBe(reference(base, statuteRate(category, base), unit));
          expect(m.explanation).toContain(yuan(base));
          expect(m.explanation).toContain(yuan(m.expectedFen));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is monotone non-decreasing in the base within each bracket (and across them)', () => {
    const brackets: [number, number][] = [
      [0, 300_000],
      [300_001, 500_000],
      [500_001, 1_000_000],
      [1_000_001, MAX_BASE],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...BRACKET_CATEGORIES),
        fc.integer({ min: 0, max: 3 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(1, 10, 100),
        (category, i, x, y, unit) => {
          const [lo, hi] = brackets[i];
          const a = lo + (x % (hi - lo + 1));
          const b = lo + (y % (hi - lo + 1));
          const [small, large] = a <= b ? [a, b] : [b, a];
          const rules = withUnit(unit);
          const ms = dues(category, small, rules);
          const ml = dues(category, large, rules);
          expect(ms.bracket).toBe(i + 1);
          expect(ml.bracket).toBe(i + 1);
          expect(ms.expectedFen).toBeLessThanOrEqual(ml.expectedFen);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom<DuesCategory>(...BRACKET_CATEGORIES, 'retired'),
        fc.integer({ min: 0, max: MAX_BASE }),
        fc.integer({ min: 0, max: MAX_BASE }),
        (category, a, b) => {
          const [small, large] = a <= b ? [a, b] : [b, a];
          expect(dues(category, small).expectedFen).toBeLessThanOrEqual(dues(category, large).expectedFen);
        },
      ),
    );
  });

  it('picks the employed bracket by the rule values', () => {
    expect(employedRate(300_000, defaultRules)).toEqual({ rateBp: 50, bracket: 1 });
    expect(employedRate(300_001, defaultRules)).toEqual({ rateBp: 100, bracket: 2 });
    expect(employedRate(1_000_000, defaultRules)).toEqual({ rateBp: 150, bracket: 3 });
  });
});

describe('monthlyDues: every category', () => {
  const cases: {
    name: string;
    input: DuesProfileInput;
    expectedFen: number;
    rateBp: number | null;
    text: string;
  }[] = [
    {
      name: 'employed',
      input: { category: 'employed', baseFen: 456_789, amountFen: null },
      expectedFen: 4568,
      rateBp: 100,
      text: '基数4,567.89元×1%＝45.68元',
    },
    {
      name: 'annual_salary',
      input: { category: 'annual_salary', baseFen: 2_500_000, amountFen: null },
      expectedFen: 50_000,
      rateBp: 200,
      text: '×2%＝500.00元',
    },
    {
      name: 'self_employed',
      input: { category: 'self_employed', baseFen: 280_000, amountFen: null },
      expectedFen: 1400,
      rateBp: 50,
      text: '×0.5%＝14.00元',
    },
    {
      name: 'retired',
      input: { category: 'retired', baseFen: 620_000, amountFen: null },
      expectedFen: 6200,
      rateBp: 100,
      text: '基数6,200.00元×1%',
    },
    {
      name: 'farmer',
      input: { category: 'farmer', baseFen: null, amountFen: 50 },
      expectedFen: 50,
      rateBp: null,
      text: '党支部确定每月0.50元',
    },
    {
      name: 'farmer at the floor',
      input: { category: 'farmer', baseFen: null, amountFen: 20 },
      expectedFen: 20,
      rateBp: null,
      text: '第六条',
    },
    {
      name: 'farmer at the ceiling',
      input: { category: 'farmer', baseFen: null, amountFen: 100 },
      expectedFen: 100,
      rateBp: null,
      text: '1.00元',
    },
    {
      name: 'student',
      input: { category: 'student', baseFen: null, amountFen: null },
      expectedFen: 20,
      rateBp: null,
      text: '每月0.20元',
    },
    {
      name: 'unemployed',
      input: { category: 'unemployed', baseFen: null, amountFen: null },
      expectedFen: 20,
      rateBp: null,
      text: '第六条',
    },
    {
      name: 'hardship_reduced',
      input: { category: 'hardship_reduced', baseFen: null, amountFen: 500 },
      expectedFen: 500,
      rateBp: null,
      text: '减交，每月5.00元',
    },
    {
      name: 'hardship_exempt',
      input: { category: 'hardship_exempt', baseFen: null, amountFen: null },
      expectedFen: 0,
      rateBp: null,
      text: '免交',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${yuan(c.expectedFen)} 元 with its explanation`, () => {
      expect(profileProblems(c.input, defaultRules)).toEqual([]);
      const m = monthlyDues(c.input, defaultRules);
      expect(m.expectedFen).toBe(c.expectedFen);
      expect(m.rateBp).toBe(c.rateBp);
      expect(m.explanation).toContain(c.text);
      expect(m.explanation.length).toBeGreaterThan(5);
    });
  }

  it('refuses a farmer amount outside 0.2–1 元', () => {
    for (const amountFen of [19, 101, 0, null]) {
      const p: DuesProfileInput = { category: 'farmer', baseFen: null, amountFen };
      const problems = profileProblems(p, defaultRules);
      expect(problems).toHaveLength(1);
      expect(problems[0].field).toBe('amountFen');
      expect(problems[0].message).toContain('0.20至1.00元');
      expect(() => monthlyDues(p, defaultRules)).toThrow(DuesProfileError);
    }
  });

  it('requires a positive amount for hardship_reduced', () => {
    for (const amountFen of [0, -5, null, 1.5]) {
      const p: DuesProfileInput = { category: 'hardship_reduced', baseFen: null, amountFen };
      expect(profileProblems(p, defaultRules).map((x) => x.field)).toEqual(['amountFen']);
    }
    expect(
      profileProblems({ category: 'hardship_reduced', baseFen: null, amountFen: 1 }, defaultRules),
    ).toEqual([]);
  });

  it('requires a non-negative integer base up to 100万元 for the bracket categories', () => {
    for (const category of [...BRACKET_CATEGORIES, 'retired'] as const) {
      for (const baseFen of [null, -1, 1.5, MAX_BASE + 1]) {
        const problems = profileProblems({ category, baseFen, amountFen: null }, defaultRules);
        expect(
          problems.map((x) => x.field),
          `${category} ${baseFen}`,
        ).toEqual(['baseFen']);
      }
      expect(profileProblems({ category, baseFen: MAX_BASE, amountFen: null }, defaultRules)).toEqual([]);
    }
    try {
      dues('employed', null);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DuesProfileError);
      expect((e as DuesProfileError).field).toBe('baseFen');
    }
  });

  it('ignores a base on the flat and exempt categories', () => {
    expect(dues('student', 900_000).expectedFen).toBe(20);
    expect(dues('hardship_exempt', 900_000).expectedFen).toBe(0);
  });
});

describe('yuan and roundingText', () => {
  it('formats fen as 元 with two decimals and thousands separators', () => {
    expect(yuan(0)).toBe('0.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(123_456_789)).toBe('1,234,567.89');
    expect(yuan(-150)).toBe('-1.50');
  });

  it('states the rounding unit', () => {
    expect(roundingText(1)).toContain('分');
    expect(roundingText(10)).toContain('角');
    expect(roundingText(100)).toContain('元');
  });
});

describe('bracketsText and farmerRangeText', () => {
  it('state the rules in force in words', () => {
    expect(bracketsText(defaultRules)).toBe(
      '按月工资收入（税后）计算：3000元以下（含）0.5%，3000至5000元（含）1%，5000至10000元（含）1.5%，10000元以上2%；离退休5000元以下（含）0.5%，以上1%',
    );
    expect(farmerRangeText(defaultRules)).toBe('农民党员每月交纳0.20至1.00元，由党支部确定');
  });
});
