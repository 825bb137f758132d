import { Card, Empty } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { EChart, type EChartOption } from '../../components/EChart';

/** The app's red first, then colours that stay apart from it. */
export const PALETTE = [
  '#c8161d',
  '#f08c2e',
  '#f6bd16',
  '#5b8ff9',
  '#5ad8a6',
  '#9270ca',
  '#6dc8ec',
  '#ff99c3',
];

export const RED = '#c8161d';

export const GOLD = '#f6bd16';

export const pct = (r: number | null | undefined, digits = 1) =>
  r === null || r === undefined ? '—' : `${(r * 100).toFixed(digits)}%`;

export const rateColor = (r: number | null) =>
  r === null ? undefined : r >= 0.9 ? '#389e0d' : r >= 0.7 ? '#d48806' : '#cf1322';

/** The member list of the org's subtree with one more filter. */
export const memberLink = (orgId: number, extra: string) => `/members?orgId=${orgId}&${extra}`;

/** Counts with digit grouping: a province's 5,000,021 members read at a glance. */
export const fmt = (n: number) => n.toLocaleString('zh-CN');

/** A bar label that leaves zero segments blank. */
export const nonZero = (p: { value: number }) => (p.value ? fmt(p.value) : '');

/** A chart item that knows where a click leads. */
export type Item = { name: string; value: number; link?: string; itemStyle?: { color: string } };

export function pieOption(items: Item[], phone: boolean, colors = PALETTE, unit = '名'): EChartOption {
  const total = items.reduce((s, i) => s + i.value, 0);
  return {
    color: colors,
    tooltip: { trigger: 'item', formatter: `{b}：{c} ${unit}（{d}%）` },
    legend: { bottom: 0, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: phone ? 11 : 12 } },
    series: [
      {
        type: 'pie',
        radius: ['35%', '56%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        label: {
          formatter: (p: { name: string; value: number }) =>
            `${p.name}\n${fmt(p.value)}${unit} ${total ? Math.round((p.value / total) * 1000) / 10 : 0}%`,
          fontSize: phone ? 11 : 12,
          lineHeight: 16,
        },
        labelLine: { length: 8, length2: 6 },
        // Empty slices would only stack zero labels on each other.
        data: items.filter((i) => i.value > 0),
        cursor: 'pointer',
      },
    ],
  };
}

export function barOption(
  items: Item[],
  phone: boolean,
  opts: { horizontal?: boolean; color?: string; unit?: string } = {},
): EChartOption {
  const cat = { type: 'category', data: items.map((i) => i.name), axisTick: { alignWithLabel: true } };
  const val = { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } };
  return {
    grid: opts.horizontal
      ? { left: phone ? 84 : 100, right: 40, top: 8, bottom: 24 }
      : { left: 40, right: 12, top: 24, bottom: items.length > 5 ? 64 : 32 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: opts.horizontal
      ? val
      : {
          ...cat,
          axisLabel: { interval: 0, rotate: items.length > 5 ? 35 : 0, fontSize: phone ? 10 : 11 },
        },
    yAxis: opts.horizontal
      ? { ...cat, inverse: true, axisLabel: { width: phone ? 76 : 92, overflow: 'truncate' } }
      : val,
    series: [
      {
        type: 'bar',
        name: opts.unit === '个' ? '数量' : '人数',
        barMaxWidth: 28,
        itemStyle: { color: opts.color ?? RED, borderRadius: opts.horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] },
        label: {
          show: true,
          position: opts.horizontal ? 'right' : 'top',
          fontSize: 11,
          formatter: (p: { value: number }) => fmt(p.value),
        },
        data: items,
        cursor: 'pointer',
      },
    ],
  };
}

export function ChartCard({
  title,
  note,
  option,
  height = 260,
  testId,
  onNavigate,
  extra,
  footer,
}: {
  title: string;
  note?: string;
  option: EChartOption | null;
  height?: number;
  testId: string;
  onNavigate: (link: string) => void;
  extra?: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Card
      className="dash-card"
      title={title}
      extra={extra ?? (note ? <span className="dash-card-note">{note}</span> : null)}
      style={{ height: '100%' }}
      styles={{ body: { padding: '12px 12px 8px' } }}
      data-testid={`card-${testId}`}
    >
      {option ? (
        <EChart
          option={option}
          style={{ height }}
          testId={`chart-${testId}`}
          onClick={(p) => {
            const link = (p.data as { link?: string } | undefined)?.link;
            if (link) onNavigate(link);
          }}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" style={{ height }} />
      )}
      {footer}
    </Card>
  );
}

export function Kpi({
  title,
  value,
  unit,
  hint,
  to,
  color,
  testId,
}: {
  title: string;
  value: string | number;
  unit?: string;
  hint?: string;
  to?: string;
  color?: string;
  testId: string;
}) {
  const body = (
    <>
      <div className="dash-kpi-title">{title}</div>
      <div className="dash-kpi-value" style={color ? { color } : undefined}>
        {typeof value === 'number' ? fmt(value) : value}
        {unit ? <span className="dash-kpi-unit">{unit}</span> : null}
      </div>
      {hint ? <div className="dash-kpi-hint">{hint}</div> : null}
    </>
  );
  return to ? (
    <Link to={to} className="dash-kpi" data-testid={`kpi-${testId}`}>
      {body}
    </Link>
  ) : (
    <div className="dash-kpi" data-testid={`kpi-${testId}`}>
      {body}
    </div>
  );
}
