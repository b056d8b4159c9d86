export class PurgeAborted extends Error {
  constructor() {
    super('retention pass stopped before it finished');
    this.name = 'PurgeAborted';
  }
}

export interface BatchProgress {
  readonly step: string;
  readonly batch: number;
  readonly deleted: number;
}

export interface BatchOptions {
  readonly signal?: AbortSignal;
  /** Called after every committed batch (tests watch the purge interleave with ingest through it). */
  readonly onBatch?: (progress: BatchProgress) => Promise<void> | void;
}

export interface StepResult {
  readonly deleted: number;
  readonly batches: number;
}

/**
 * Runs one short DELETE statement after another (each its own transaction, so no lock outlives a
 * batch) until a batch deletes nothing.
 */
export async function deleteInBatches(
  step: string,
  deleteBatch: () => Promise<number>,
  options: BatchOptions = {},
): Promise<StepResult> {
  let deleted = 0;
  let batches = 0;
  for (;;) {
    if (options.signal?.aborted) throw new PurgeAborted();
    const n = await deleteBatch();
    if (n === 0) return { deleted, batches };
    deleted += n;
    batches += 1;
    await options.onBatch?.({ step, batch: batches, deleted: n });
  }
}
