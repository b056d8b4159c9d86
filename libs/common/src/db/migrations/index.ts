import type { Migration } from 'kysely';
import * as initialSchema from './20261121000000_initial_schema';

/** Every migration, keyed by its timestamp-prefixed name; the Migrator runs them in name order. */
export const migrations: Record<string, Migration> = {
  '20261121000000_initial_schema': initialSchema,
};
