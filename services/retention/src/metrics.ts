import { Counter } from 'prom-client';

export const retentionDeleted = new Counter({
  name: 'error_tracker_retention_deleted_total',
  help: 'Rows, stream entries and whole partitions (what="partitions") removed by the retention pass',
  labelNames: ['what'] as const,
});

export const retentionPasses = new Counter({
  name: 'error_tracker_retention_passes_total',
  help: 'Retention passes by result',
  labelNames: ['result'] as const,
});
