import { useMemo } from 'preact/hooks';
import type { TrendPoint } from '../api/types';
import { describeTrend, SERIES, toColumns } from '../lib/trend-series';
import { PlotBox } from './plot-box';

/** Events, resolutions and fatal events per bucket, drawn by uPlot; the numbers are also in a table. */
export function TrendChart({ points, bucket }: { readonly points: readonly TrendPoint[]; readonly bucket: string }) {
  const columns = useMemo(() => toColumns(points), [points]);
  return (
    <figure class="chart">
      <PlotBox columns={columns} series={SERIES} description={describeTrend(points, bucket)} />
      <figcaption>
        <ul class="legend">
          {SERIES.map((series) => (
            <li key={series.key}>
              <span class="swatch" style={{ background: series.color }} aria-hidden="true" />
              {series.label}
            </li>
          ))}
        </ul>
      </figcaption>
      <details>
        <summary>Show the numbers</summary>
        <table>
          <caption class="visually-hidden">Counts per {bucket}</caption>
          <thead>
            <tr>
              <th scope="col">{bucket} starting (UTC)</th>
              {SERIES.map((series) => (
                <th scope="col" key={series.key} class="number">
                  {series.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.timestamp}>
                <th scope="row">{point.timestamp.slice(0, 16).replace('T', ' ')}</th>
                {SERIES.map((series) => (
                  <td key={series.key} class="number">
                    {point[series.key]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
