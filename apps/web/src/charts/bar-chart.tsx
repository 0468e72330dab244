import { BarChart as Bars } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([Bars, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export interface Series {
  name: string;
  values: number[];
}

/** A bar chart (echarts, SVG); its figures are always in a table beside it, so the chart itself is an image with a label. */
export function BarChart({ label, categories, series }: { label: string; categories: string[]; series: Series[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({
      aria: { enabled: false },
      animation: false,
      color: ['#24578f', '#c7440b', '#2e7d32'],
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { top: 0, textStyle: { color: '#1a1a1a' } } : undefined,
      grid: { left: 8, right: 8, top: series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: categories, axisLabel: { color: '#1a1a1a', interval: 0, rotate: categories.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: { color: '#1a1a1a' } },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [categories, series]);
  return <div ref={ref} role="img" aria-label={label} className="chart" />;
}
