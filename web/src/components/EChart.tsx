/**
 * One echarts chart. Only the modules used are registered (bar and line charts, grid, tooltip,
 * aria, canvas renderer): importing all of echarts would add ~350 kB gzipped. Add a chart type
 * here when a page needs it. Chart values are numbers for drawing only; labels and tooltips show
 * the exact amounts formatted from their decimal strings. The echarts code is fetched when the
 * first chart mounts (echarts-modules.ts), so the page around it does not wait for it.
 */
import { useComputedColorScheme } from '@mantine/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption, EChartsType } from 'echarts/core';
import { useEffect, useRef } from 'react';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption
>;

export function EChart({
  option,
  height = 220,
  label,
}: {
  option: ChartOption;
  height?: number;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light');
  useEffect(() => {
    let chart: EChartsType | null = null;
    let gone = false;
    const resize = () => chart?.resize();
    void import('./echarts-modules').then(({ init }) => {
      if (gone || !ref.current) return;
      chart = init(ref.current, scheme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
      chart.setOption({ backgroundColor: 'transparent', aria: { enabled: true }, ...option });
      window.addEventListener('resize', resize);
    });
    return () => {
      gone = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [option, scheme]);
  return <div ref={ref} style={{ height, width: '100%' }} role="img" aria-label={label} />;
}
