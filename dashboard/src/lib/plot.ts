/** What a chart draws: x in Unix seconds, then one column per series, each a line of its colour. */

export type PlotColumns = [number[], ...number[][]];

export interface PlotSeries {
  readonly label: string;
  readonly color: string;
}
