import { Empty, Progress, Tag } from 'antd';
import type { Compliance } from '../../../api/types';
import type { EChartOption } from '../../../components/EChart';
import { MEETING_KIND_COLORS, monthLabel, pct, STATE_HEX } from '../orglife';

/**
 * The colour of a 完成率: red shades only when something was missed (a rate lowered by items still
 * due is no failure yet), amber while items are due, green when all that started is met.
 */
export function rateHex(c: Compliance['total']): string | undefined {
  if (c.rate === null) return undefined;
  if (c.missed > 0) return c.rate >= 0.9 ? '#389e0d' : c.rate >= 0.7 ? '#d48806' : '#cf1322';
  return c.due > 0 ? '#d48806' : '#389e0d';
}

export function Summary({ c }: { c: Compliance }) {
  const t = c.total;
  const rateColor = rateHex(t);
  const cards: { key: string; title: string; value: number; color?: string; hint?: string }[] = [
    { key: 'met', title: '已完成', value: t.met, color: '#389e0d' },
    { key: 'missed', title: '未完成', value: t.missed, color: '#cf1322' },
    { key: 'due', title: '待完成', value: t.due, color: '#d48806', hint: '周期在所选月份内结束、尚未到期' },
    { key: 'exempt', title: '免于考核', value: t.exempt, color: 'rgba(0,0,0,0.55)' },
  ];
  return (
    <div className="summary-grid" data-testid="compliance-summary">
      <div className="summary-card summary-rate">
        <div className="summary-title">总体完成率</div>
        <div className="summary-value" style={{ color: rateColor }} data-testid="compliance-rate">
          {pct(t.rate)}
        </div>
        <div className="summary-hint">已完成 ÷ 应完成（已完成 + 未完成 + 待完成）</div>
      </div>
      {cards.map((x) => (
        <div className="summary-card" key={x.key} data-testid={`summary-${x.key}`}>
          <div className="summary-title">{x.title}</div>
          <div className="summary-value" style={{ color: x.color }}>
            {x.value}
            <span className="summary-unit">项</span>
          </div>
          {x.hint ? <div className="summary-hint">{x.hint}</div> : null}
        </div>
      ))}
    </div>
  );
}

export function ByKind({ c }: { c: Compliance }) {
  if (!c.byKind.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有考核项目" />;
  return (
    <div className="by-kind" data-testid="compliance-by-kind">
      {c.byKind.map((k) => {
        const required = k.met + k.missed + k.due;
        return (
          <div className="by-kind-row" key={k.meetingKind + k.label}>
            <div className="by-kind-label">
              <Tag color={MEETING_KIND_COLORS[k.meetingKind]} style={{ marginInlineEnd: 0 }}>
                {k.label}
              </Tag>
            </div>
            <Progress
              percent={k.rate === null ? 0 : Math.round(k.rate * 100)}
              format={() => pct(k.rate)}
              strokeColor={rateHex(k) ?? '#d9d9d9'}
              size="small"
              style={{ margin: 0, flex: 1 }}
            />
            <div className="by-kind-counts muted small">
              {required ? `${k.met}/${required}` : '—'}
              {k.due ? `，待完成 ${k.due}` : ''}
            </div>
          </div>
        );
      })}
    </div>
  );
}

export function trendOption(c: Compliance, phone: boolean): EChartOption {
  const months = c.trend.map((t) => monthLabel(t.month, true));
  return {
    grid: { left: 40, right: 44, top: 36, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? String(v) : '—'),
    },
    legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: phone ? 10 : 12 } },
    xAxis: { type: 'category', data: months, axisTick: { alignWithLabel: true } },
    yAxis: [
      { type: 'value', name: '项', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
      {
        type: 'value',
        name: '完成率',
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: '已完成',
        type: 'bar',
        stack: 'n',
        data: c.trend.map((t) => t.met),
        itemStyle: { color: STATE_HEX.met },
        barMaxWidth: 22,
      },
      {
        name: '未完成',
        type: 'bar',
        stack: 'n',
        data: c.trend.map((t) => t.missed),
        itemStyle: { color: STATE_HEX.missed },
      },
      {
        name: '待完成',
        type: 'bar',
        stack: 'n',
        data: c.trend.map((t) => t.due),
        itemStyle: { color: STATE_HEX.due },
      },
      {
        name: '完成率',
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        symbolSize: 6,
        data: c.trend.map((t) => (t.rate === null ? null : Math.round(t.rate * 1000) / 10)),
        itemStyle: { color: '#b7141b' },
        lineStyle: { width: 2 },
        connectNulls: true,
      },
    ],
  };
}
