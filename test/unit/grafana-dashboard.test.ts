import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'prom-client';
import { collectProcessMetrics } from '@error-tracker/runtime/metrics-server';
import '@error-tracker/runtime/monitoring/monitoring-gauges';
// Every role's series (a role's process loads its own service; `all` loads every one).
import '@error-tracker/api';
import '@error-tracker/ingest-worker';
import '@error-tracker/notifier';
import '@error-tracker/retention';
import { httpDuration } from '../../services/api/src/http/metrics';

interface Panel {
  readonly title: string;
  readonly type: string;
  readonly targets?: ReadonlyArray<{ readonly expr: string }>;
}

const dashboard = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'grafana-dashboard.json'), 'utf8')) as {
  panels: Panel[];
};
const queries = dashboard.panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
);

/** Every series name the registry exports: histograms as _bucket, _sum and _count. */
async function exportedSeries(): Promise<Set<string>> {
  collectProcessMetrics();
  const metrics = await register.getMetricsAsJSON();
  return new Set(
    metrics.flatMap((metric) => {
      const type = String(metric.type);
      if (type === 'histogram') return ['_bucket', '_sum', '_count'].map((suffix) => `${metric.name}${suffix}`);
      if (type === 'summary') return [metric.name, `${metric.name}_sum`, `${metric.name}_count`];
      return [metric.name];
    }),
  );
}

describe('docs/grafana-dashboard.json', () => {
  it('has a query in every panel but the rows', () => {
    const empty = dashboard.panels.filter((panel) => panel.type !== 'row' && (panel.targets ?? []).length === 0);
    expect(empty.map((panel) => panel.title)).toEqual([]);
    expect(queries.length).toBeGreaterThan(15);
  });

  it('names only series the services export, at least one per query', async () => {
    const exported = await exportedSeries();
    const named = queries.map(({ panel, expr }) => ({
      panel,
      series: [...expr.matchAll(/\berror_tracker_[a-z0-9_]+/g)].map((m) => m[0]),
    }));
    expect(named.filter((query) => query.series.length === 0).map((query) => query.panel)).toEqual([]);
    const unknown = named.flatMap(({ panel, series }) =>
      series.filter((name) => !exported.has(name)).map((name) => `${panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('asks the latency histogram only for bounds it has', async () => {
    // A histogram lists its bounds once it has a label set.
    httpDuration.observe({ method: 'GET', route: '/x', status: '200' }, 0.01);
    const bounds = new Set(
      (await httpDuration.get()).values.map((value) => String((value.labels as Record<string, string | number | undefined>).le)),
    );
    const asked = queries.flatMap(({ expr }) => [...expr.matchAll(/\ble="([^"]+)"/g)].map((m) => String(m[1])));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((le) => !bounds.has(le))).toEqual([]);
  });
});
