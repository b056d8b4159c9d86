import { sql } from 'kysely';
import { type Db } from '@error-tracker/contracts/db/schema';
import { storableText } from '@error-tracker/contracts/db/storable-text';

/**
 * Records project names as they first appear. Runs outside the batch transaction: two batches
 * inserting the same new name inside their transactions could wait on each other's group locks.
 */
export class ProjectRegistry {
  private readonly known = new Set<string>();

  constructor(private readonly db: Db) {}

  async register(names: Iterable<string>): Promise<void> {
    const unknown = [...new Set([...names].map(storableText))].filter((name) => !this.known.has(name)).sort();
    if (unknown.length === 0) return;
    await sql`
      INSERT INTO projects (name) SELECT name FROM unnest(${unknown}::text[]) AS t(name) ORDER BY name
      ON CONFLICT (name) DO NOTHING`.execute(this.db);
    for (const name of unknown) this.known.add(name);
  }
}
