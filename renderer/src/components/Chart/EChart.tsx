import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

interface Props {
  option: ChartOption;
  label: string;
  height?: number;
  /**
   * A click anywhere in the plot area, as the index of the category (x-axis bucket) under it: a spike is easier
   * to hit as a column than as a bar a few pixels tall, or a point of the line series.
   */
  onPlotClick?: (index: number) => void;
}

/** A canvas ECharts instance bound to a div; `option` is applied with notMerge so series can disappear. */
export function EChart({ option, label, height = 220, onPlotClick }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onClick = useRef(onPlotClick);
  onClick.current = onPlotClick;

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    const inPlot = (x: number, y: number) => c.containPixel({ gridIndex: 0 }, [x, y]);
    const zr = c.getZr();
    zr.on('click', (ev: { offsetX: number; offsetY: number }) => {
      if (!onClick.current || !inPlot(ev.offsetX, ev.offsetY)) return;
      // The grid answers [category index, y value] for a point of the plot.
      const at: number | number[] | null = c.convertFromPixel({ gridIndex: 0 }, [ev.offsetX, ev.offsetY]);
      const index = Array.isArray(at) ? at[0] : at;
      if (typeof index === 'number' && Number.isFinite(index)) onClick.current(Math.round(index));
    });
    zr.on('mousemove', (ev: { offsetX: number; offsetY: number }) => {
      if (onClick.current) zr.setCursorStyle(inPlot(ev.offsetX, ev.offsetY) ? 'pointer' : 'default');
    });
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [option]);

  return <div ref={el} className="chart" role="img" aria-label={label} style={{ height }} />;
}
