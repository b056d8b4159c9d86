import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';

/**
 * Search rows for groups a test inserted straight into `errors`, derived as the ingest batch
 * writer derives them (services/ingest-worker/src/storage/batch-writer.ts), then ANALYZEd.
 */
export async function indexInsertedGroups(db: Db): Promise<void> {
  await sql`
    INSERT INTO error_search (error_id, document, project, environment, level, source, status)
    SELECT id, lower(exception_type || ' ' || message), project, environment, level, source, status FROM errors
    ON CONFLICT (error_id) DO NOTHING`.execute(db);
  await sql`ANALYZE error_search`.execute(db);
}
