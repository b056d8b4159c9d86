import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TrendPoint } from '../api/types';
import { SERIES, toColumns } from '../lib/trend-series';

const HEIGHT = 260;

/** Draws the trend into `element` and follows its width; loaded only by the stats page (uPlot is half the code). */
export function drawTrend(element: HTMLElement, points: readonly TrendPoint[]): { destroy(): void } {
  const width = () => Math.max(element.clientWidth, 300);
  const plot = new uPlot(
    {
      width: width(),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [{ stroke: '#374151' }, { stroke: '#374151' }],
      series: [{}, ...SERIES.map((series) => ({ label: series.label, stroke: series.color, width: 2 }))],
    },
    toColumns(points),
    element,
  );
  const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: HEIGHT }));
  resize.observe(element);
  return {
    destroy: () => {
      resize.disconnect();
      plot.destroy();
    },
  };
}
