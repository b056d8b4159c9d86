import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PlotColumns, PlotSeries } from '../lib/plot';

/**
 * Draws time series into `element` and follows its width; loaded only by the pages with a chart
 * (uPlot is half the code), in a chunk of its own.
 */
export function drawPlot(
  element: HTMLElement,
  columns: PlotColumns,
  series: readonly PlotSeries[],
  height: number,
): { destroy(): void } {
  const width = () => Math.max(element.clientWidth, 300);
  const plot = new uPlot(
    {
      width: width(),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [{ stroke: '#374151' }, { stroke: '#374151' }],
      series: [{}, ...series.map((line) => ({ label: line.label, stroke: line.color, width: 2 }))],
    },
    columns,
    element,
  );
  const resize = new ResizeObserver(() => plot.setSize({ width: width(), height }));
  resize.observe(element);
  return {
    destroy: () => {
      resize.disconnect();
      plot.destroy();
    },
  };
}
