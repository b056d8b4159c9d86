export { runRetentionOnce, startRetention, type RetentionOptions } from './retention-service';
export { runPurgePass, type PurgeReport } from './purge/purge-pass';
export { PurgeAborted, type BatchProgress } from './purge/batched-delete';
export { RETENTION_JOB_NAME, RETENTION_SCHEDULER_ID } from './retention-scheduler';
