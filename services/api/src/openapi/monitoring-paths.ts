import { metricsRoute, performanceRoute } from '../routes/monitoring.schema';
import { parametersOf } from './from-zod';

/** Service health, system metrics, uptime and request performance (docs/monitoring.md). */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const figure = (description: string) => ({ type: ['number', 'null'], description });
const count = { type: ['integer', 'null'] };
const status = { enum: ['healthy', 'degraded', 'unhealthy', 'unknown'] };
const object = (properties: Record<string, object>) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  additionalProperties: false,
});
const networkIo = object({ bytes_in: { type: 'number' }, bytes_out: { type: 'number' } });

export const monitoringSchemas = {
  ServiceHealth: object({
    name: {
      type: 'string',
      examples: ['Database', 'Cache Service', 'Ingest Queue', 'API', 'Ingest Worker', 'Notifier', 'Retention'],
    },
    status,
    uptime_percent: figure('over the last 24 h; null before any history'),
    response_time_ms: figure('round trip of the check (the API: its mean answer time in its newest samples)'),
    last_checked: nullableDateTime,
    details: { type: 'object', description: 'what the status was judged on' },
  }),
  InstanceMetrics: object({
    instance_id: { type: 'string' },
    host: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    live: { type: 'boolean' },
    samples: { type: 'integer' },
    first_sample: dateTime,
    last_sample: dateTime,
    cpu_usage_percent: figure('mean; 100 is one core'),
    memory_usage_percent: figure('mean RSS over the memory limit'),
    rss_bytes: count,
    heap_used_bytes: count,
    event_loop_delay_ms: figure('mean'),
    event_loop_delay_p99_ms: figure('highest p99 of a sample'),
    disk_usage_percent: figure('newest sample'),
    requests: count,
    errors_5xx: count,
    requests_per_minute: figure('API instances only'),
    network_io: { anyOf: [networkIo, { type: 'null' }] },
    open_connections: count,
  }),
};

const timeframeAnswer = (description: string, properties: Record<string, object>) => ({
  '200': { description: `${description}; X-Cache: HIT|MISS`, content: json(object(properties)) },
  '400': problem('timeframe is not one of 1h, 6h, 24h, 7d, 30d'),
});

export const monitoringPaths = {
  '/api/monitoring/services': {
    get: {
      summary: 'Health of PostgreSQL, Redis, the ingest queue and each role (cached 30 s)',
      responses: {
        '200': {
          description: 'each service with its status; X-Cache: HIT|MISS',
          content: json(object({ services: { type: 'array', items: ref('ServiceHealth') }, overall_health: status })),
        },
      },
    },
  },
  '/api/monitoring/metrics': {
    get: {
      summary: 'CPU, memory, disk, network and requests over the timeframe, in all and per process (cached 30 s)',
      parameters: parametersOf(metricsRoute.query, 'query'),
      responses: timeframeAnswer('system metrics', {
        timeframe: { type: 'string' },
        from: dateTime,
        cpu_usage_percent: figure('mean over every sample; 100 is one core'),
        memory_usage_percent: figure('mean RSS over the memory limit'),
        disk_usage_percent: figure('the fullest filesystem a process works in'),
        network_io: networkIo,
        active_connections: { type: 'integer', description: 'open HTTP connections of the live API instances' },
        requests_per_minute: figure('API requests over the minutes its samples cover'),
        instances: { type: 'array', items: ref('InstanceMetrics') },
      }),
    },
  },
  '/api/monitoring/uptime': {
    get: {
      summary: 'Uptime over 24 h, 7 d and 30 d, the latest downtime, incidents opened (cached 300 s)',
      responses: {
        '200': {
          description: 'uptime; X-Cache: HIT|MISS',
          content: json(
            object({
              current_uptime_hours: figure('since the latest downtime ended'),
              uptime_percent_24h: figure('up slots over slots'),
              uptime_percent_7d: figure('up slots over slots'),
              uptime_percent_30d: figure('up slots over slots'),
              incidents_count: { type: 'integer', description: 'incidents opened in the last 30 days' },
              last_downtime: nullableDateTime,
            }),
          ),
        },
      },
    },
  },
  '/api/analytics/performance': {
    get: {
      summary: "The API's answers over the timeframe: latency, 5xx rate, throughput, availability, Apdex (cached 60 s)",
      parameters: parametersOf(performanceRoute.query, 'query'),
      responses: timeframeAnswer('performance', {
        timeframe: { type: 'string' },
        requests: { type: 'number' },
        avg_response_time: figure('ms'),
        p95_response_time: figure('ms, from the latency histogram'),
        p99_response_time: figure('ms, from the latency histogram'),
        error_rate_percent: figure('5xx answers over all answers'),
        throughput_rpm: figure('requests per minute'),
        availability_percent: figure('up slots over slots'),
        performance_score: figure('Apdex with T = 300 ms, × 10'),
      }),
    },
  },
};
