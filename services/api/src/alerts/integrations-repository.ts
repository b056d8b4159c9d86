import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';

export async function listIntegrations(db: Db) {
  return db
    .selectFrom('integrations')
    .select(['name', 'config', 'last_test', 'last_error', 'last_success', 'updated_at'])
    .execute();
}

export async function findIntegration(db: Db, name: string) {
  return db
    .selectFrom('integrations')
    .select(['name', 'config', 'last_test', 'last_error', 'last_success', 'updated_at'])
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function saveIntegration(db: Db, name: string, config: Record<string, unknown>): Promise<void> {
  const json = JSON.stringify(config);
  await db
    .insertInto('integrations')
    .values({ name, config: json })
    .onConflict((oc) => oc.column('name').doUpdateSet({ config: json, updated_at: sql<Date>`now()`, last_error: null }))
    .execute();
}
