/**
 * What the 党费 pages share: money typed in 元 (parsed to integer 分 without floats), status tags,
 * the dues rules in force (for the live amount preview), and the org/month/year in the address.
 */
import { Tag } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { z } from 'zod';
import {
  ARREARS_LEVEL_LABELS,
  type ArrearsLevel,
  type DuesRules,
  LEDGER_STATUS_LABELS,
  type LedgerStatus,
  yuan,
} from '../../../domain/dues';
import { useMe, useRules } from '../../api/hooks';
import { type FilterPatch, type FilterSchema, param, useUrlFilters } from '../../hooks/useUrlFilters';

const YUAN_RE = /^(\d{1,7})(?:\.(\d{1,2}))?$/;

/** '12.5' → 1250 分; integer arithmetic on the digits, never a float. Null when not an amount. */
export function parseYuan(text: string | null | undefined): number | null {
  const m = YUAN_RE.exec((text ?? '').trim().replace(/,/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 1250 → '12.50' (for prefilled inputs: no thousands separators). */
export function fenToInput(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** A form rule for an amount in 元 with up to two decimals. */
export function yuanRule(opts: { required?: boolean; positive?: boolean; label?: string } = {}): Rule {
  return {
    validator: async (_, value: string | undefined) => {
      if (value === undefined || value === null || String(value).trim() === '') {
        if (opts.required) throw new Error(`请填写${opts.label ?? '金额'}`);
        return;
      }
      const fen = parseYuan(String(value));
      if (fen === null) throw new Error('金额以元为单位，最多两位小数，如 12.50');
      if (opts.positive && fen <= 0) throw new Error('金额须大于0');
    },
  };
}

/** 1,234.50 元 */
export const yuanText = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? '—' : `${yuan(fen)} 元`;

export const STATUS_COLORS: Record<LedgerStatus, string> = {
  paid: 'success',
  partial: 'warning',
  unpaid: 'error',
  exempt: 'default',
  unset: 'purple',
};

export function StatusTag({ status }: { status: LedgerStatus }) {
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid={`status-${status}`}>
      {LEDGER_STATUS_LABELS[status]}
    </Tag>
  );
}

export const LEVEL_COLORS: Record<ArrearsLevel, string> = {
  lapse: 'red',
  warning: 'orange',
  arrears: 'gold',
};
export const LEVEL_SHORT: Record<ArrearsLevel, string> = {
  lapse: '待决定',
  warning: '提醒',
  arrears: '欠交',
};

export function LevelTag({ level }: { level: ArrearsLevel }) {
  return (
    <Tag color={LEVEL_COLORS[level]} title={ARREARS_LEVEL_LABELS[level]} style={{ marginInlineEnd: 0 }}>
      {LEVEL_SHORT[level]}
    </Tag>
  );
}

export const pctText = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

/** 2026-03 → 2026年3月; 2026年5—11月 (from the domain, so that server messages read the same). */
export { monthRangeText, monthText } from '../../../domain/dues';

/** The dues rules in force, from `GET /api/rules`, for the live preview of a profile's amount. */
export function useDuesRules(): DuesRules | undefined {
  const rules = useRules();
  return useMemo(() => {
    if (!rules.data) return undefined;
    const out: Record<string, unknown> = {};
    for (const r of rules.data) if (r.id.startsWith('dues.')) out[r.id] = r.value;
    const needed = [
      'dues.employedBrackets',
      'dues.employedRates',
      'dues.retiredThreshold',
      'dues.retiredRates',
      'dues.flatAmount',
      'dues.farmerRange',
      'dues.roundingUnit',
    ];
    return needed.every((k) => k in out) ? (out as unknown as DuesRules) : undefined;
  }, [rules.data]);
}

/** What every 党费 page keeps in its address: `?orgId=&month=&year=` (today's month and year by default). */
export const duesFilterSchema = z.object({
  orgId: param.int(),
  month: param.month().default(() => dayjs().format('YYYY-MM')),
  year: param.int().default(() => dayjs().year()),
});

/**
 * The page's org, month and year from the address, the org defaulting to the user's first scope
 * root; a page with filters of its own passes `duesFilterSchema.extend({...})` and reads them from
 * `filters`. `update` patches the address (the dues sheets are not paged through it).
 */
export function useDuesParams<S extends FilterSchema = typeof duesFilterSchema>(
  schema: S = duesFilterSchema as unknown as S,
) {
  const { filters, setFilters, params } = useUrlFilters(schema);
  const { data: me } = useMe();
  const { month, year } = filters as unknown as z.output<typeof duesFilterSchema>;
  const orgId = (filters as unknown as z.output<typeof duesFilterSchema>).orgId ?? me?.scopeRoots[0]?.orgId;
  const update = (patch: FilterPatch<S>) => setFilters(patch, { keepPage: true });
  return { filters, params, orgId, month, year, update, me };
}

/** The last few years for a year select. */
export function yearOptions(around = dayjs().year()) {
  return [0, 1, 2, 3, 4].map((i) => ({ value: around - i, label: `${around - i}年` }));
}
