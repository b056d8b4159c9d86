import { Gauge } from 'prom-client';

/** 1 for each role this process runs: `count by (role) (error_tracker_role_info)` is the live instances. */
export const roleInfo = new Gauge({
  name: 'error_tracker_role_info',
  help: 'Roles this process runs (1 each)',
  labelNames: ['role'] as const,
});

/** Whether PostgreSQL and Redis answered the last sample's check, and how fast. */
export const dependencyUp = new Gauge({
  name: 'error_tracker_dependency_up',
  help: 'Whether the dependency answered the last check (1) or not (0)',
  labelNames: ['dependency'] as const,
});

export const dependencyLatency = new Gauge({
  name: 'error_tracker_dependency_latency_seconds',
  help: 'Round trip of the last check of the dependency (SELECT 1, PING)',
  labelNames: ['dependency'] as const,
});

export const memoryLimit = new Gauge({
  name: 'error_tracker_memory_limit_bytes',
  help: "The memory this process may use: its container's limit, else the host's memory",
});

export const diskUsed = new Gauge({
  name: 'error_tracker_disk_used_bytes',
  help: 'Used bytes of the filesystem the process works in',
});

export const diskSize = new Gauge({
  name: 'error_tracker_disk_size_bytes',
  help: 'Size of the filesystem the process works in',
});
