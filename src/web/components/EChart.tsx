/**
 * A small React wrapper around ECharts with only the modules the pages use (line and bar charts,
 * grid, tooltip, legend, canvas), so the bundle carries no more of ECharts than that. Imported
 * lazily with the pages that chart something. Pie charts serve the dashboard's shares.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

echarts.use([
  LineChart,
  BarChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export type EChartOption = echarts.EChartsCoreOption;

/** Journeys set `window.__E2E_NO_ANIMATION` (or prefer reduced motion) so screenshots are stable. */
const noAnimation = () =>
  navigator.webdriver ||
  (window as { __E2E_NO_ANIMATION?: boolean }).__E2E_NO_ANIMATION === true ||
  window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

/** What a click on a data item tells (e.g. which bar, to drill down to that org). */
export interface ChartClick {
  dataIndex: number;
  data: unknown;
}

export function EChart({
  option,
  style,
  testId,
  onClick,
}: {
  option: EChartOption;
  style?: CSSProperties;
  testId?: string;
  onClick?: (p: ChartClick) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  // The latest handler, read at click time: the chart is created once.
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.(p as unknown as ChartClick));
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ animation: !noAnimation(), ...option }, { notMerge: true });
  }, [option]);

  return <div ref={ref} style={{ width: '100%', height: 280, ...style }} data-testid={testId} />;
}
