import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { sha256 } from '@error-tracker/contracts/db/api-keys';
import type { Db } from '@error-tracker/contracts/db/schema';

/** A session unused this long ends. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** The idle expiry is pushed forward at most this often per session (one write a minute, not one a request). */
const EXTEND_AFTER_MS = 60_000;

export interface SessionRecord {
  readonly id: number;
  readonly keyHash: Buffer;
}

/**
 * The CSRF token of a session, derived from its cookie token: the server needs to store nothing,
 * and a page on another origin, which cannot read the cookie, cannot compute it.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update('csrf:').update(sessionToken).digest('base64url');
}

export function csrfMatches(sessionToken: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const expiry = () => sql<Date>`now() + ${`${SESSION_IDLE_MS} milliseconds`}::interval`;

/** Sessions in the database, by the SHA-256 of their token. */
export class SessionStore {
  constructor(private readonly db: Pick<Db, 'insertInto' | 'selectFrom' | 'updateTable' | 'deleteFrom'>) {}

  /** Opens a session for a key (by its hash; keyId null for the bootstrap key); answers its token and id. */
  async open(keyHash: Buffer, keyId: number | null): Promise<{ readonly token: string; readonly id: number }> {
    const token = randomBytes(32).toString('base64url');
    await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', sql<Date>`now()`)
      .execute();
    const row = await this.db
      .insertInto('sessions')
      .values({ token_hash: sha256(token), key_hash: keyHash, key_id: keyId, expires_at: expiry() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { token, id: row.id };
  }

  /** The live session of a token, its idle expiry pushed forward; null when unknown or expired. */
  async find(token: string): Promise<SessionRecord | null> {
    const row = await this.db
      .selectFrom('sessions')
      .select(['id', 'key_hash', 'expires_at'])
      .where('token_hash', '=', sha256(token))
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    if (!row) return null;
    if (row.expires_at.getTime() - Date.now() < SESSION_IDLE_MS - EXTEND_AFTER_MS) {
      void this.db
        .updateTable('sessions')
        .set({ expires_at: expiry() })
        .where('id', '=', row.id)
        .execute()
        .catch(() => undefined);
    }
    return { id: row.id, keyHash: row.key_hash };
  }

  /** Ends the session of a token; answers its id, or null when there was none. */
  async close(token: string): Promise<number | null> {
    const row = await this.db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).returning('id').executeTakeFirst();
    return row?.id ?? null;
  }
}
