import { useMemo, useState } from 'preact/hooks';
import type { GroupHours } from '../api/types';
import { useResource } from '../api/use-resource';
import { Choice } from '../components/choice';
import { PlotBox } from '../components/plot-box';
import { Loaded } from '../components/states';
import { count } from '../lib/format';
import {
  describeHours,
  HOUR_WINDOWS,
  hourColumns,
  hourName,
  HOURLY_SERIES,
  type HourPoint,
  type HourWindow,
} from '../lib/hourly-trend';

function HourlyChart({ points, period }: { readonly points: readonly HourPoint[]; readonly period: string }) {
  const columns = useMemo(() => hourColumns(points), [points]);
  const busy = points.filter((point) => point.error_count > 0);
  return (
    <figure class="chart">
      <PlotBox columns={columns} series={HOURLY_SERIES} description={describeHours(points, period)} height={160} />
      <figcaption class="muted">Events per hour (UTC hours; the last is the current one)</figcaption>
      {busy.length > 0 && (
        <details>
          <summary>Show the hours with events</summary>
          <table>
            <caption class="visually-hidden">Events per hour, hours with events only</caption>
            <thead>
              <tr>
                <th scope="col">Hour starting (UTC)</th>
                <th scope="col" class="number">
                  Events
                </th>
              </tr>
            </thead>
            <tbody>
              {busy.map((point) => (
                <tr key={point.timestamp}>
                  <th scope="row">{hourName(point.timestamp)}</th>
                  <td class="number">{count(point.error_count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

/** The events per hour over a period the reader picks (`GET /api/errors/{id}/hourly`). */
export function HourlyTrend({ id }: { readonly id: number }) {
  const [hours, setHours] = useState<HourWindow>('168');
  const trend = useResource<GroupHours>(`/api/errors/${id}/hourly?hours=${hours}`);
  const period = HOUR_WINDOWS.find(([value]) => value === hours)?.[1] ?? 'Last 7 days';
  return (
    <section aria-labelledby="hourly">
      <h2 id="hourly">Events per hour</h2>
      <div class="filters">
        <Choice
          label="Period"
          name="hours"
          value={hours}
          options={HOUR_WINDOWS}
          onChange={(chosen) => setHours(chosen || '168')}
        />
      </div>
      <Loaded resource={trend}>{(data) => <HourlyChart points={data.data_points} period={period} />}</Loaded>
    </section>
  );
}
