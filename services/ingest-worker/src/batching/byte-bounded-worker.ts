import { type Job, type JobJsonRaw, Worker } from 'bullmq';
import type { IngestJobData, IngestResult } from '@error-tracker/contracts/ingest-job';
import { type HeldBytes, heldKey } from './held-bytes';

/**
 * A BullMQ worker that counts each job's payload as it is fetched. BullMQ fetches up to its
 * concurrency of jobs before it hands any to the processor, so the processor is too late to stop
 * a run of large jobs: the count must start here, where the raw payload arrives.
 */
export class ByteBoundedWorker extends Worker<IngestJobData, IngestResult | undefined> {
  private held: HeldBytes | undefined;

  /** Counts fetched jobs against `held` from now on. */
  boundBy(held: HeldBytes): void {
    this.held = held;
  }

  protected override nextJobFromJobData(
    jobData?: JobJsonRaw,
    jobId?: string,
    token?: string,
  ): Promise<Job<IngestJobData, IngestResult | undefined>> {
    const key = heldKey(this.qualifiedName, jobId ?? jobData?.id);
    if (this.held && jobData && key !== undefined) this.held.take(key, jobData.data.length);
    return super.nextJobFromJobData(jobData, jobId, token);
  }
}
