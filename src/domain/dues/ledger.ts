/**
 * The dues ledger of one member: which months they owe, the status of a month, arrears, the
 * 3-month warning and the 6-month lapse flag (党章第九条, 规定第十三条), and the checks on a payment.
 *
 * A month's dues are payable within the month: the current month is never in arrears. The system
 * flags; the branch decides (its decision is recorded by the server, not inferred here).
 */
import type { IsoDate } from '../common/dates.js';
import type { Rules } from '../rules/index.js';
import { yuan } from './amounts.js';
import type { ArrearsLevel, LedgerStatus, PaymentKind } from './labels.js';
import { addMonthsTo, firstDay, type Month, monthDiff, monthOf } from './months.js';

export type ArrearsRules = Pick<Rules, 'dues.backpayMaxMonths' | 'dues.warningMonths' | 'dues.lapseMonths'>;

/**
 * Whether a member owes dues for a month: a member on any day of it. Probationary members pay from
 * the month the 支部大会 admitted them (规定第八条; `joinedOn` is that date); a member who left owes
 * the months up to the one they left in, unless they left on its first day.
 */
export function owesMonth(joinedOn: IsoDate, leftOn: IsoDate | null, month: Month): boolean {
  if (monthDiff(monthOf(joinedOn), month) < 0) return false;
  return leftOn === null || leftOn > firstDay(month);
}

/** The status of a month from what is expected and what was paid (regular payments only). */
export function ledgerStatus(expectedFen: number | null, paidFen: number): LedgerStatus {
  if (expectedFen === null) return 'unset';
  if (expectedFen === 0) return 'exempt';
  if (paidFen >= expectedFen) return 'paid';
  return paidFen > 0 ? 'partial' : 'unpaid';
}

export interface LedgerMonth {
  month: Month;
  expectedFen: number | null;
  paidFen: number;
}

export interface ArrearsState {
  /** Months before the current one not fully paid, oldest first. */
  owedMonths: Month[];
  arrearsFen: number;
  /** Consecutive months with nothing paid, ending last month (after any excused months). */
  unpaidStreak: number;
  streakFrom: Month | null;
  streakTo: Month | null;
  /** Owed months older than the back-payment limit (一般不得超过6个月). */
  beyondBackpay: Month[];
  level: ArrearsLevel | null;
}

/**
 * Arrears of one member as of `currentMonth`. `excusedThrough` is the last month the branch accepted
 * a reason for (a recorded decision): the streak does not count it or anything before it.
 */
export function arrearsOf(
  rows: readonly LedgerMonth[],
  currentMonth: Month,
  rules: ArrearsRules,
  excusedThrough: Month | null = null,
): ArrearsState {
  const due = [...rows]
    .filter((r) => monthDiff(r.month, currentMonth) > 0)
    .sort((a, b) => (a.month < b.month ? -1 : 1));
  const owed = due.filter((r) => {
    const s = ledgerStatus(r.expectedFen, r.paidFen);
    return s === 'unpaid' || s === 'partial';
  });
  const arrearsFen = owed.reduce((sum, r) => sum + ((r.expectedFen ?? 0) - r.paidFen), 0);
  const byMonth = new Map(due.map((r) => [r.month, r]));
  let streak = 0;
  let from: Month | null = null;
  const last = addMonthsTo(currentMonth, -1);
  for (let m = last; ; m = addMonthsTo(m, -1)) {
    if (excusedThrough && monthDiff(m, excusedThrough) >= 0) break;
    const r = byMonth.get(m);
    if (!r || ledgerStatus(r.expectedFen, r.paidFen) !== 'unpaid') break;
    streak++;
    from = m;
  }
  const beyondBackpay = owed
    .map((r) => r.month)
    .filter((m) => monthDiff(m, currentMonth) > rules['dues.backpayMaxMonths']);
  let level: ArrearsLevel | null = null;
  if (streak >= rules['dues.lapseMonths']) level = 'lapse';
  else if (streak >= rules['dues.warningMonths']) level = 'warning';
  else if (owed.length) level = 'arrears';
  return {
    owedMonths: owed.map((r) => r.month),
    arrearsFen,
    unpaidStreak: streak,
    streakFrom: from,
    streakTo: streak ? last : null,
    beyondBackpay,
    level,
  };
}

/**
 * Where a member stands today: the arrears of the months before `currentMonth` (arrearsOf) and what
 * the current month, payable within it, still asks. Every page that states what a member owes (the
 * collection sheet, the arrears list, 我的党费) shows these figures, so they read the same.
 */
export interface DuesStanding extends ArrearsState {
  /** The current month. */
  month: Month;
  /** What the current month still asks (0: paid, exempt, unset or not owed). */
  currentBalanceFen: number;
  /** The current month is owed and nothing of it is paid yet (本月未交). */
  currentUnpaid: boolean;
  /** arrearsFen + currentBalanceFen: everything left to pay today. */
  totalFen: number;
}

export function duesStanding(
  rows: readonly LedgerMonth[],
  currentMonth: Month,
  rules: ArrearsRules,
  excusedThrough: Month | null = null,
): DuesStanding {
  const state = arrearsOf(rows, currentMonth, rules, excusedThrough);
  const now = rows.find((r) => r.month === currentMonth);
  const status = now ? ledgerStatus(now.expectedFen, now.paidFen) : null;
  const currentBalanceFen =
    now && (status === 'unpaid' || status === 'partial') ? (now.expectedFen ?? 0) - now.paidFen : 0;
  return {
    ...state,
    month: currentMonth,
    currentBalanceFen,
    currentUnpaid: status === 'unpaid',
    totalFen: state.arrearsFen + currentBalanceFen,
  };
}

export type PaymentRules = Pick<
  Rules,
  'dues.backpayMaxMonths' | 'dues.advanceMonths' | 'dues.largeVoluntary'
>;

export interface PaymentCheckInput {
  kind: PaymentKind;
  month: Month;
  amountFen: number;
  paidOn: IsoDate;
  today: IsoDate;
  /** The ledger month: null when the member owes nothing that month (not yet a member, left). */
  ledger: { expectedFen: number | null; paidFen: number } | null;
}

export interface PaymentCheck {
  errors: { field: 'month' | 'amountFen' | 'paidOn'; code: string; message: string }[];
  /** Paid more than the back-payment limit after the month (allowed, flagged). */
  late: boolean;
  /** A voluntary extra at or above the limit that goes entirely to the Centre (第十一条). */
  toCentre: boolean;
}

/** Checks a payment against its ledger month. Errors refuse it; flags are recorded with it. */
export function checkPayment(p: PaymentCheckInput, rules: PaymentRules): PaymentCheck {
  const errors: PaymentCheck['errors'] = [];
  if (!Number.isSafeInteger(p.amountFen) || p.amountFen <= 0) {
    errors.push({ field: 'amountFen', code: 'DUES_AMOUNT', message: '金额：须大于0' });
  }
  if (p.paidOn > p.today)
    errors.push({ field: 'paidOn', code: 'DUES_PAID_ON', message: '交纳日期：不能晚于今天' });
  const currentMonth = monthOf(p.today);
  const ahead = monthDiff(currentMonth, p.month);
  if (ahead > rules['dues.advanceMonths']) {
    errors.push({
      field: 'month',
      code: 'DUES_ADVANCE',
      message: `所属月份：最多提前交纳${rules['dues.advanceMonths']}个月（党费规定第十二条，按季度交纳须经党支部同意）`,
    });
  }
  if (p.kind === 'regular') {
    if (!p.ledger) {
      errors.push({
        field: 'month',
        code: 'DUES_NOT_OWED',
        message: '所属月份：该党员这个月不在党费台账内（尚未入党或已出党）',
      });
    } else if (p.ledger.expectedFen === null) {
      errors.push({
        field: 'month',
        code: 'DUES_UNSET',
        message: '所属月份：尚未核定党费基数，请先登记党费档案',
      });
    } else if (p.ledger.expectedFen === 0) {
      errors.push({ field: 'month', code: 'DUES_EXEMPT', message: '所属月份：该月经批准免交' });
    } else {
      const balance = p.ledger.expectedFen - p.ledger.paidFen;
      if (balance <= 0) {
        errors.push({
          field: 'month',
          code: 'DUES_SETTLED',
          message: '所属月份：该月已交清；多交请登记为“自愿多交”',
        });
      } else if (p.amountFen > balance) {
        errors.push({
          field: 'amountFen',
          code: 'DUES_OVERPAY',
          message: `金额：超过该月欠交额${yuan(balance)}元；多交部分请登记为“自愿多交”`,
        });
      }
    }
  }
  const late = p.kind === 'regular' && monthDiff(p.month, monthOf(p.paidOn)) > rules['dues.backpayMaxMonths'];
  const toCentre = p.kind === 'voluntary' && p.amountFen >= rules['dues.largeVoluntary'];
  return { errors, late, toCentre };
}
