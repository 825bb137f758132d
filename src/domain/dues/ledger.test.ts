import { describe, expect, it } from 'vitest';
import { defaultRules } from '../rules/index.js';
import {
  arrearsOf,
  checkPayment,
  duesStanding,
  type LedgerMonth,
  ledgerStatus,
  owesMonth,
  type PaymentCheckInput,
} from './ledger.js';
import { addMonthsTo, type Month, monthRange } from './months.js';

const rules = defaultRules;
const CURRENT = '2026-11';

/** Ledger rows from a compact pattern, oldest first, ending last month: P paid, U unpaid, H partial, E exempt, N unset. */
function rows(pattern: string, end: Month = addMonthsTo(CURRENT, -1), expected = 3000): LedgerMonth[] {
  const months = monthRange(addMonthsTo(end, -(pattern.length - 1)), end);
  return [...pattern].map((c, i) => ({
    month: months[i],
    expectedFen: c === 'E' ? 0 : c === 'N' ? null : expected,
    paidFen: c === 'P' ? expected : c === 'H' ? 1000 : 0,
  }));
}

describe('owesMonth', () => {
  it('owes from the month a probationary member was admitted, not before', () => {
    expect(owesMonth('2026-03-31', null, '2026-02')).toBe(false);
    expect(owesMonth('2026-03-31', null, '2026-03')).toBe(true);
    expect(owesMonth('2026-03-01', null, '2026-03')).toBe(true);
    expect(owesMonth('2026-03-15', null, '2027-01')).toBe(true);
  });

  it('a member who left owes the month they left in unless they left on its first day', () => {
    expect(owesMonth('2000-05-01', '2026-06-01', '2026-06')).toBe(false);
    expect(owesMonth('2000-05-01', '2026-06-01', '2026-05')).toBe(true);
    expect(owesMonth('2000-05-01', '2026-06-02', '2026-06')).toBe(true);
    expect(owesMonth('2000-05-01', '2026-06-30', '2026-06')).toBe(true);
    expect(owesMonth('2000-05-01', '2026-06-30', '2026-07')).toBe(false);
  });
});

describe('ledgerStatus', () => {
  it('maps expected and paid to a status', () => {
    expect(ledgerStatus(null, 0)).toBe('unset');
    expect(ledgerStatus(null, 500)).toBe('unset');
    expect(ledgerStatus(0, 0)).toBe('exempt');
    expect(ledgerStatus(3000, 3000)).toBe('paid');
    expect(ledgerStatus(3000, 3500)).toBe('paid');
    expect(ledgerStatus(3000, 2999)).toBe('partial');
    expect(ledgerStatus(3000, 1)).toBe('partial');
    expect(ledgerStatus(3000, 0)).toBe('unpaid');
    expect(ledgerStatus(20, 0)).toBe('unpaid');
  });
});

describe('arrearsOf', () => {
  it('never counts the current month (or a later one) as arrears', () => {
    const current = [
      { month: CURRENT, expectedFen: 3000, paidFen: 0 },
      { month: addMonthsTo(CURRENT, 1), expectedFen: 3000, paidFen: 0 },
    ];
    const a = arrearsOf([...rows('PP'), ...current], CURRENT, rules);
    expect(a).toMatchObject({
      owedMonths: [],
      arrearsFen: 0,
      unpaidStreak: 0,
      level: null,
      streakFrom: null,
      streakTo: null,
    });
  });

  it('1–2 unpaid months are arrears; 3 is a warning; 6 a lapse flag', () => {
    expect(arrearsOf(rows('PPPPU'), CURRENT, rules)).toMatchObject({ unpaidStreak: 1, level: 'arrears' });
    expect(arrearsOf(rows('PPPUU'), CURRENT, rules)).toMatchObject({
      unpaidStreak: 2,
      level: 'arrears',
      arrearsFen: 6000,
    });
    const w = arrearsOf(rows('PPUUU'), CURRENT, rules);
    expect(w).toMatchObject({
      unpaidStreak: 3,
      level: 'warning',
      streakFrom: '2026-08',
      streakTo: '2026-10',
    });
    expect(arrearsOf(rows('PUUUUU'), CURRENT, rules)).toMatchObject({ unpaidStreak: 5, level: 'warning' });
    const l = arrearsOf(rows('PUUUUUU'), CURRENT, rules);
    expect(l).toMatchObject({ unpaidStreak: 6, level: 'lapse', streakFrom: '2026-05', streakTo: '2026-10' });
    expect(arrearsOf(rows('UUUUUUUUU'), CURRENT, rules)).toMatchObject({ unpaidStreak: 9, level: 'lapse' });
  });

  it('counts the streak back from last month only: an older streak is arrears, not a warning', () => {
    const a = arrearsOf(rows('UUUUUUP'), CURRENT, rules);
    expect(a.unpaidStreak).toBe(0);
    expect(a.level).toBe('arrears');
    expect(a.owedMonths).toHaveLength(6);
    expect(a.arrearsFen).toBe(18_000);
  });

  it('a partial payment breaks the streak but stays owed', () => {
    const a = arrearsOf(rows('UUUHUU'), CURRENT, rules);
    expect(a.unpaidStreak).toBe(2);
    expect(a.level).toBe('arrears');
    expect(a.owedMonths).toHaveLength(6);
    expect(a.arrearsFen).toBe(5 * 3000 + 2000);
  });

  it('exempt and unset months break the streak and are not owed', () => {
    const e = arrearsOf(rows('UUUUEUU'), CURRENT, rules);
    expect(e.unpaidStreak).toBe(2);
    expect(e.owedMonths).toHaveLength(6);
    const n = arrearsOf(rows('UUUNUUU'), CURRENT, rules);
    expect(n.unpaidStreak).toBe(3);
    expect(n.level).toBe('warning');
    expect(n.owedMonths).toHaveLength(6);
    expect(arrearsOf(rows('EEEEEEE'), CURRENT, rules).level).toBeNull();
  });

  it('a missing ledger month (not yet a member) ends the streak', () => {
    const r = rows('UUUUUUU').filter((x) => x.month !== '2026-07');
    expect(arrearsOf(r, CURRENT, rules).unpaidStreak).toBe(3);
  });

  it('does not count months up to excusedThrough', () => {
    const r = rows('UUUUUUU');
    expect(arrearsOf(r, CURRENT, rules, '2026-06')).toMatchObject({
      unpaidStreak: 4,
      level: 'warning',
      streakFrom: '2026-07',
    });
    expect(arrearsOf(r, CURRENT, rules, '2026-10')).toMatchObject({ unpaidStreak: 0, level: 'arrears' });
    // Still owed: an excuse is about the lapse flag, not about the money.
    expect(arrearsOf(r, CURRENT, rules, '2026-10').arrearsFen).toBe(7 * 3000);
  });

  it('lists owed months beyond the back-payment limit (more than 6 months ago)', () => {
    const a = arrearsOf(rows('UUUUUUUUU'), CURRENT, rules);
    // Owed 2026-02 … 2026-10; 2026-02, 2026-03 and 2026-04 are more than 6 months before 2026-11.
    expect(a.beyondBackpay).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(arrearsOf(rows('UUUUUU'), CURRENT, rules).beyondBackpay).toEqual([]);
  });

  it('sums arrears over unsorted rows and with several amounts', () => {
    const r: LedgerMonth[] = [
      { month: '2026-09', expectedFen: 4568, paidFen: 0 },
      { month: '2026-03', expectedFen: 4000, paidFen: 4000 },
      { month: '2026-10', expectedFen: 4568, paidFen: 568 },
      { month: '2026-05', expectedFen: 4000, paidFen: 0 },
    ];
    const a = arrearsOf(r, CURRENT, rules);
    expect(a.owedMonths).toEqual(['2026-05', '2026-09', '2026-10']);
    expect(a.arrearsFen).toBe(4000 + 4568 + 4000);
    expect(a.unpaidStreak).toBe(0);
  });
});

describe('duesStanding', () => {
  it('adds the current month apart: a run of past months and this month read together', () => {
    // Seven months unpaid up to last month, and this month unpaid too: the run is 7 months, what is
    // owed is the 7 months' arrears plus this month's dues (issue #16: the sheet showed 7个月 beside
    // this month's amount alone).
    const s = duesStanding(
      [...rows('PUUUUUUU'), { month: CURRENT, expectedFen: 1644, paidFen: 0 }],
      CURRENT,
      rules,
    );
    expect(s).toMatchObject({
      month: CURRENT,
      unpaidStreak: 7,
      arrearsFen: 7 * 3000,
      currentBalanceFen: 1644,
      currentUnpaid: true,
      totalFen: 7 * 3000 + 1644,
    });
  });

  it('a member unpaid this month only owes this month, without a run', () => {
    const s = duesStanding(
      [...rows('PP'), { month: CURRENT, expectedFen: 3000, paidFen: 0 }],
      CURRENT,
      rules,
    );
    expect(s).toMatchObject({ unpaidStreak: 0, arrearsFen: 0, currentUnpaid: true, totalFen: 3000 });
  });

  it('a part-paid current month owes its balance and is not 本月未交; exempt and unset owe nothing', () => {
    const part = duesStanding([{ month: CURRENT, expectedFen: 3000, paidFen: 1000 }], CURRENT, rules);
    expect(part).toMatchObject({ currentBalanceFen: 2000, currentUnpaid: false, totalFen: 2000 });
    for (const expectedFen of [0, null]) {
      const s = duesStanding([{ month: CURRENT, expectedFen, paidFen: 0 }], CURRENT, rules);
      expect(s).toMatchObject({ currentBalanceFen: 0, currentUnpaid: false, totalFen: 0 });
    }
    expect(duesStanding(rows('UU'), CURRENT, rules)).toMatchObject({ currentBalanceFen: 0, totalFen: 6000 });
  });
});

describe('checkPayment', () => {
  const TODAY = '2026-11-23';
  const base: PaymentCheckInput = {
    kind: 'regular',
    month: '2026-11',
    amountFen: 3000,
    paidOn: TODAY,
    today: TODAY,
    ledger: { expectedFen: 3000, paidFen: 0 },
  };
  const check = (p: Partial<PaymentCheckInput>) => checkPayment({ ...base, ...p }, rules);
  const codes = (p: Partial<PaymentCheckInput>) => check(p).errors.map((e) => e.code);

  it('accepts a payment of the balance, and a part of it', () => {
    expect(check({})).toEqual({ errors: [], late: false, toCentre: false });
    expect(codes({ amountFen: 1000 })).toEqual([]);
    expect(codes({ amountFen: 2000, ledger: { expectedFen: 3000, paidFen: 1000 } })).toEqual([]);
  });

  it('refuses an overpayment of the balance and a settled month', () => {
    expect(codes({ amountFen: 3001 })).toEqual(['DUES_OVERPAY']);
    expect(
      check({ amountFen: 2500, ledger: { expectedFen: 3000, paidFen: 1000 } }).errors[0].message,
    ).toContain('20.00元');
    expect(codes({ ledger: { expectedFen: 3000, paidFen: 3000 } })).toEqual(['DUES_SETTLED']);
  });

  it('refuses exempt, unset and months not owed', () => {
    expect(codes({ ledger: { expectedFen: 0, paidFen: 0 } })).toEqual(['DUES_EXEMPT']);
    expect(codes({ ledger: { expectedFen: null, paidFen: 0 } })).toEqual(['DUES_UNSET']);
    expect(codes({ ledger: null })).toEqual(['DUES_NOT_OWED']);
  });

  it('refuses a zero, negative or fractional amount', () => {
    expect(codes({ amountFen: 0 })).toContain('DUES_AMOUNT');
    expect(codes({ amountFen: -1 })).toContain('DUES_AMOUNT');
    expect(codes({ amountFen: 10.5 })).toContain('DUES_AMOUNT');
  });

  it('refuses a paidOn after today', () => {
    expect(codes({ paidOn: '2026-11-24' })).toEqual(['DUES_PAID_ON']);
    expect(check({ paidOn: '2026-11-24' }).errors[0].field).toBe('paidOn');
  });

  it('allows paying up to dues.advanceMonths ahead (a quarter), not further', () => {
    expect(codes({ month: '2026-12' })).toEqual([]);
    expect(codes({ month: '2027-01' })).toEqual([]);
    expect(codes({ month: '2027-02' })).toEqual(['DUES_ADVANCE']);
    expect(checkPayment({ ...base, month: '2027-02' }, { ...rules, 'dues.advanceMonths': 3 }).errors).toEqual(
      [],
    );
  });

  it('flags a back-payment more than 6 months after the month as late', () => {
    expect(check({ month: '2026-05' }).late).toBe(false);
    expect(check({ month: '2026-04' }).late).toBe(true);
    expect(check({ month: '2026-04' }).errors).toEqual([]);
    expect(check({ month: '2026-04', paidOn: '2026-10-31' }).late).toBe(false);
    expect(check({ month: '2026-04', kind: 'voluntary', ledger: null }).late).toBe(false);
  });

  it('voluntary extras need no ledger month; 1,000 元 and more go to the Centre', () => {
    const v = (amountFen: number) => check({ kind: 'voluntary', amountFen, ledger: null });
    expect(v(5000)).toEqual({ errors: [], late: false, toCentre: false });
    expect(v(99_999).toCentre).toBe(false);
    expect(v(100_000).toCentre).toBe(true);
    expect(v(250_000).toCentre).toBe(true);
    expect(
      check({ kind: 'voluntary', amountFen: 100_000, ledger: { expectedFen: 3000, paidFen: 3000 } }).errors,
    ).toEqual([]);
    expect(
      check({ kind: 'regular', amountFen: 100_000, ledger: { expectedFen: 200_000, paidFen: 0 } }).toCentre,
    ).toBe(false);
  });
});
