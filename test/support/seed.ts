import type { Db } from '@error-tracker/contracts/db/schema';
import type { IngestEvent } from '@error-tracker/contracts/ingest-job';
import { prepareEvent } from '../../services/ingest-worker/src/pipeline/prepare-event';
import { writeBatch } from '../../services/ingest-worker/src/storage/batch-writer';
import { ProjectRegistry } from '../../services/ingest-worker/src/storage/project-registry';
import { ingestEvent } from './events';

/** Writes events as the ingest worker does (project registry, batch writer); answers the group id of each. */
export async function seedEvents(db: Db, overrides: ReadonlyArray<Partial<IngestEvent>>): Promise<number[]> {
  const prepared = overrides.map((o) => prepareEvent(ingestEvent(o), 'line'));
  await new ProjectRegistry(db).register(prepared.map((p) => p.event.project));
  const outcome = await writeBatch(db, prepared);
  return outcome.results.map((result) => result.id);
}
