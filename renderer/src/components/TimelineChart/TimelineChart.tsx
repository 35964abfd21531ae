import { useMemo } from 'react';
import type { TimeRange, TimelineBucket } from '../../../../electron/contract/types';
import { fmtClock } from '../../format';
import { bucketWindow } from '../../live/bucket-window';
import { EChart, type ChartOption } from '../Chart/EChart';

const COLORS = { s2xx: '#3fa66b', s3xx: '#4d8fd6', s4xx: '#e0a52c', s5xx: '#e05252', other: '#7b8794', alerts: '#ff4fa3' };

interface Props {
  buckets: TimelineBucket[];
  label?: string;
  /** End of the range shown (the last bucket stops there). */
  end?: number;
  /** A click on a bucket: its log-time window. */
  onWindow?: (w: TimeRange) => void;
}

/** Stacked requests by status class, with alerts opened per bucket on a second axis. */
export function TimelineChart({ buckets, label = 'Traffic timeline', end, onWindow }: Props) {
  const option = useMemo<ChartOption>(() => {
    const x = buckets.map((b) => fmtClock(b.start));
    const bar = (name: string, key: keyof typeof COLORS) => ({
      name,
      type: 'bar',
      stack: 'req',
      itemStyle: { color: COLORS[key] },
      data: buckets.map((b) => b[key as keyof TimelineBucket]),
    });
    return {
      animation: false,
      backgroundColor: 'transparent',
      textStyle: { color: '#9fb0c2' },
      // Drawn on the canvas: the HTML tooltip writes style attributes, which the page's CSP (style-src 'self')
      // refuses, leaving an unstyled white box over the chart.
      tooltip: {
        trigger: 'axis',
        renderMode: 'richText',
        backgroundColor: '#16212c',
        borderColor: '#223041',
        textStyle: { color: '#d6e0ea', fontSize: 12 },
      },
      legend: { top: 0, textStyle: { color: '#9fb0c2' } },
      grid: { left: 48, right: 40, top: 28, bottom: 24 },
      xAxis: { type: 'category', data: x, axisLabel: { color: '#7d8ea0' } },
      yAxis: [
        { type: 'value', name: 'requests', splitLine: { lineStyle: { color: '#1f2a36' } }, axisLabel: { color: '#7d8ea0' } },
        { type: 'value', name: 'alerts', minInterval: 1, splitLine: { show: false }, axisLabel: { color: '#7d8ea0' } },
      ],
      series: [
        bar('2xx', 's2xx'),
        bar('3xx', 's3xx'),
        bar('4xx', 's4xx'),
        bar('5xx', 's5xx'),
        bar('other', 'other'),
        { name: 'alerts', type: 'line', yAxisIndex: 1, symbolSize: 4, itemStyle: { color: COLORS.alerts }, data: buckets.map((b) => b.alerts) },
      ],
    };
  }, [buckets]);
  const onPlotClick = onWindow
    ? (i: number) => {
        const w = bucketWindow(buckets, i, end ?? Number.MAX_SAFE_INTEGER);
        if (w) onWindow(w);
      }
    : undefined;
  return <EChart option={option} label={label} height={240} onPlotClick={onPlotClick} />;
}
