import { useEffect, useRef } from 'preact/hooks';
import type { PlotColumns, PlotSeries } from '../lib/plot';

/**
 * The chart's box: uPlot draws into it once its chunk has loaded, and again when the data change.
 * Screen readers get `description` (the numbers are in a table beside it).
 */
export function PlotBox({
  columns,
  series,
  description,
  height = 260,
}: {
  readonly columns: PlotColumns;
  readonly series: readonly PlotSeries[];
  readonly description: string;
  /** In CSS pixels; the width follows the box. */
  readonly height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let plot: { destroy(): void } | undefined;
    let gone = false;
    void import('./trend-plot').then(({ drawPlot }) => {
      if (!gone) plot = drawPlot(element, columns, series, height);
    });
    return () => {
      gone = true;
      plot?.destroy();
    };
  }, [columns, series, height]);
  return <div ref={box} role="img" aria-label={description} />;
}
