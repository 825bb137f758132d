/**
 * The project's EChart with a click handler (the children chart drills down on a bar). Same
 * modules as `components/EChart.tsx`, so ECharts stays in its one lazily loaded chunk.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';
import type { EChartOption } from '../../../components/EChart';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

const noAnimation = () =>
  navigator.webdriver ||
  (window as { __E2E_NO_ANIMATION?: boolean }).__E2E_NO_ANIMATION === true ||
  window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export interface ChartClick {
  dataIndex: number;
  data: unknown;
}

export function DuesChart({
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
