import { useResource } from '../api/use-resource';
import { Badge } from '../components/badge';
import { Choice } from '../components/choice';
import { Figures } from '../components/figures';
import { PageTitle } from '../components/page-title';
import { Loaded } from '../components/states';
import { Table } from '../components/table';
import { timeAgo, utc } from '../lib/format';
import { bytes, decimal, millis, percent, TIMEFRAMES, timeframeOf } from '../lib/monitoring';
import { navigate, usePlace } from '../router';

interface Service {
  readonly name: string;
  readonly status: string;
  readonly uptime_percent: number | null;
  readonly response_time_ms: number | null;
  readonly last_checked: string | null;
}

interface Instance {
  readonly instance_id: string;
  readonly host: string;
  readonly roles: readonly string[];
  readonly live: boolean;
  readonly cpu_usage_percent: number | null;
  readonly memory_usage_percent: number | null;
  readonly rss_bytes: number | null;
  readonly event_loop_delay_p99_ms: number | null;
  readonly requests_per_minute: number | null;
}

interface Metrics {
  readonly cpu_usage_percent: number | null;
  readonly memory_usage_percent: number | null;
  readonly disk_usage_percent: number | null;
  readonly network_io: { readonly bytes_in: number; readonly bytes_out: number };
  readonly active_connections: number;
  readonly requests_per_minute: number | null;
  readonly instances: readonly Instance[];
}

interface Uptime {
  readonly current_uptime_hours: number | null;
  readonly uptime_percent_24h: number | null;
  readonly uptime_percent_7d: number | null;
  readonly uptime_percent_30d: number | null;
  readonly incidents_count: number;
  readonly last_downtime: string | null;
}

interface Performance {
  readonly requests: number;
  readonly avg_response_time: number | null;
  readonly p95_response_time: number | null;
  readonly p99_response_time: number | null;
  readonly error_rate_percent: number | null;
  readonly throughput_rpm: number | null;
  readonly availability_percent: number | null;
  readonly performance_score: number | null;
}

function Services() {
  const services = useResource<{ services: Service[]; overall_health: string }>('/api/monitoring/services');
  return (
    <section aria-labelledby="services">
      <h2 id="services">Services</h2>
      <Loaded resource={services}>
        {(data) => (
          <>
            <p>
              Overall: <Badge value={data.overall_health} />
            </p>
            <Table caption="Services" columns={['Service', 'Status', 'Uptime (24 h)', 'Response time', 'Checked']}>
              {data.services.map((service) => (
                <tr key={service.name}>
                  <td>{service.name}</td>
                  <td>
                    <Badge value={service.status} />
                  </td>
                  <td>{percent(service.uptime_percent)}</td>
                  <td>{millis(service.response_time_ms)}</td>
                  <td title={utc(service.last_checked)}>{timeAgo(service.last_checked)}</td>
                </tr>
              ))}
            </Table>
          </>
        )}
      </Loaded>
    </section>
  );
}

function UptimeFigures() {
  const uptime = useResource<Uptime>('/api/monitoring/uptime');
  return (
    <section aria-labelledby="uptime">
      <h2 id="uptime">Uptime</h2>
      <Loaded resource={uptime}>
        {(data) => (
          <Figures
            label="Uptime"
            figures={[
              ['Last 24 hours', percent(data.uptime_percent_24h)],
              ['Last 7 days', percent(data.uptime_percent_7d)],
              ['Last 30 days', percent(data.uptime_percent_30d)],
              ['Up for', data.current_uptime_hours === null ? '—' : `${decimal(data.current_uptime_hours)} h`],
              ['Last downtime', utc(data.last_downtime)],
              ['Incidents (30 days)', String(data.incidents_count)],
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

function Window({ timeframe }: { readonly timeframe: string }) {
  const metrics = useResource<Metrics>(`/api/monitoring/metrics?timeframe=${timeframe}`);
  const performance = useResource<Performance>(`/api/analytics/performance?timeframe=${timeframe}`);
  return (
    <>
      <section aria-labelledby="performance">
        <h2 id="performance">API performance</h2>
        <Loaded resource={performance}>
          {(data) => (
            <Figures
              label="API performance"
              figures={[
                ['Requests', decimal(data.requests)],
                ['Mean answer', millis(data.avg_response_time)],
                ['p95', millis(data.p95_response_time)],
                ['p99', millis(data.p99_response_time)],
                ['5xx rate', percent(data.error_rate_percent)],
                ['Requests a minute', decimal(data.throughput_rpm)],
                ['Availability', percent(data.availability_percent)],
                ['Apdex × 10', decimal(data.performance_score)],
              ]}
            />
          )}
        </Loaded>
      </section>
      <section aria-labelledby="system">
        <h2 id="system">System</h2>
        <Loaded resource={metrics}>
          {(data) => (
            <>
              <Figures
                label="System"
                figures={[
                  ['CPU (100% is a core)', percent(data.cpu_usage_percent)],
                  ['Memory', percent(data.memory_usage_percent)],
                  ['Disk', percent(data.disk_usage_percent)],
                  ['Received', bytes(data.network_io.bytes_in)],
                  ['Sent', bytes(data.network_io.bytes_out)],
                  ['Open connections', String(data.active_connections)],
                ]}
              />
              <Table
                caption="Processes"
                columns={['Process', 'Roles', 'State', 'CPU', 'Memory', 'RSS', 'Event loop p99', 'Requests a minute']}
              >
                {data.instances.map((instance) => (
                  <tr key={instance.instance_id}>
                    <td class="mono">{instance.host}</td>
                    <td>{instance.roles.join(', ')}</td>
                    <td>{instance.live ? 'live' : 'gone'}</td>
                    <td>{percent(instance.cpu_usage_percent)}</td>
                    <td>{percent(instance.memory_usage_percent)}</td>
                    <td>{bytes(instance.rss_bytes)}</td>
                    <td>{millis(instance.event_loop_delay_p99_ms)}</td>
                    <td>{decimal(instance.requests_per_minute)}</td>
                  </tr>
                ))}
              </Table>
            </>
          )}
        </Loaded>
      </section>
    </>
  );
}

/** `/monitoring?timeframe=`: the services' health, uptime, the API's performance and each process. */
export function MonitoringView() {
  const place = usePlace();
  const timeframe = timeframeOf(place.search);
  return (
    <>
      <PageTitle text="Monitoring" />
      <Services />
      <UptimeFigures />
      <div class="timeframe">
        <Choice
          label="Timeframe"
          name="timeframe"
          value={timeframe}
          options={TIMEFRAMES}
          onChange={(value) => navigate(`/monitoring?timeframe=${value || '1h'}`)}
        />
      </div>
      <Window timeframe={timeframe} />
    </>
  );
}
