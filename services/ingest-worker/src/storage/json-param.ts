import { sql } from 'kysely';
import { storableJson } from '@error-tracker/contracts/db/storable-text';

/** A JSON statement parameter; every string is made storable here, whatever path the event came by (API, batch, Sentry). */
export const json = (value: unknown) => sql`${storableJson(value)}::jsonb`;
