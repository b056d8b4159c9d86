export { startIngestWorker } from './ingest-worker-service';
export { MicroBatcher } from './batching/micro-batcher';
