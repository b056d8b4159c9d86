import type { IngestResult } from '@error-tracker/contracts/ingest-job';

export function presentQueued(eventId: string) {
  return { status: 'queued' as const, id: eventId };
}

/** The worker's answer to `Prefer: wait` (201 created, 200 existing). */
export function presentIngestResult(result: IngestResult) {
  if (result.status === 'created') return { status: result.status, fingerprint: result.fingerprint, id: result.id };
  return { status: result.status, fingerprint: result.fingerprint, id: result.id, count: result.count };
}

export interface BatchRejection {
  readonly index: number;
  readonly errors: readonly { readonly field: string; readonly message: string }[];
}

export function presentBatch(eventIds: readonly string[], rejected: readonly BatchRejection[]) {
  return { accepted: eventIds.length, rejected, ids: eventIds };
}
