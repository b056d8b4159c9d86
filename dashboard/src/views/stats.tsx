import { useState } from 'preact/hooks';
import type { Stats, Trends } from '../api/types';
import { useResource } from '../api/use-resource';
import { Choice } from '../components/choice';
import { Figures } from '../components/figures';
import { PageTitle } from '../components/page-title';
import { Loaded } from '../components/states';
import { TrendChart } from '../components/trend-chart';
import { count } from '../lib/format';

const PERIODS = [
  ['day', 'Last 24 hours', 'hour'],
  ['week', 'Last 7 days', 'day'],
  ['month', 'Last 30 days', 'day'],
  ['year', 'Last year', 'month'],
] as const;

type Period = (typeof PERIODS)[number][0];

function StatsFigures({ stats }: { readonly stats: Stats }) {
  const figures: Array<readonly [string, string]> = [
    ['Issues', count(stats.total_errors)],
    ['Resolved issues', count(stats.resolved_errors)],
    ['Events today', count(stats.errors_today)],
    ['Events this week', count(stats.errors_this_week)],
    ['Events this month', count(stats.errors_this_month)],
    ['Events per hour (24 h)', String(stats.error_rate_24h)],
    ['Resolution rate', `${stats.resolution_rate}%`],
    ['Mean time to resolve', stats.avg_resolution_time ?? '—'],
  ];
  return <Figures figures={figures} />;
}

export function StatsView() {
  const [period, setPeriod] = useState<Period>('week');
  const [project, setProject] = useState('');
  const bucket = PERIODS.find(([value]) => value === period)?.[2] ?? 'day';
  const scope = project === '' ? '' : `project=${encodeURIComponent(project)}`;
  const stats = useResource<Stats>(`/api/stats${scope ? `?${scope}` : ''}`);
  const trends = useResource<Trends>(`/api/analytics/trends?period=${period}&group_by=${bucket}${scope ? `&${scope}` : ''}`);
  const projects = useResource<{ projects: string[] }>('/api/projects');
  return (
    <>
      <PageTitle text="Stats and trends" />
      <form class="filters" aria-label="Scope" onSubmit={(event) => event.preventDefault()}>
        <Choice
          label="Project"
          value={project}
          options={projects.data?.projects ?? []}
          blank="all projects"
          onChange={setProject}
        />
        <Choice
          label="Period"
          value={period}
          options={PERIODS.map(([value, label]) => [value, label] as const)}
          onChange={(chosen) => setPeriod(chosen || 'week')}
        />
      </form>
      <section aria-labelledby="totals">
        <h2 id="totals">Totals</h2>
        <Loaded resource={stats}>{(data) => <StatsFigures stats={data} />}</Loaded>
      </section>
      <section aria-labelledby="trend">
        <h2 id="trend">Per {bucket}</h2>
        <Loaded resource={trends}>{(data) => <TrendChart points={data.data_points} bucket={bucket} />}</Loaded>
      </section>
    </>
  );
}
