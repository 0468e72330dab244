import { BarChart as Bars } from 'echarts/charts';
import { GridSimpleComponent, LegendPlainComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';

// Only what these charts draw: bars on a plain grid, a tooltip on the axis, a plain legend (no scrolling one), SVG.
echarts.use([Bars, GridSimpleComponent, TooltipComponent, LegendPlainComponent, SVGRenderer]);

export interface Series {
  name: string;
  values: number[];
}

/**
 * A bar chart (echarts, SVG); its figures are always in a table beside it, so the chart itself is an image with a label.
 * The chart is made once and drawn again only when its figures change (a page's new arrays with the same figures do not).
 */
export function BarChart({ label, categories, series }: { label: string; categories: string[]; series: Series[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  const figures = JSON.stringify({ categories, series });
  const option = useMemo(() => {
    const { categories, series } = JSON.parse(figures) as { categories: string[]; series: Series[] };
    return {
      aria: { enabled: false },
      animation: false,
      color: ['#24578f', '#c7440b', '#2e7d32'],
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { top: 0, textStyle: { color: '#1a1a1a' } } : undefined,
      grid: { left: 8, right: 8, top: series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: categories, axisLabel: { color: '#1a1a1a', interval: 0, rotate: categories.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: { color: '#1a1a1a' } },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values })),
    };
  }, [figures]);

  useEffect(() => {
    if (!ref.current) return;
    const made = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.current = made;
    const resize = () => made.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current = undefined;
      made.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} role="img" aria-label={label} className="chart" />;
}
