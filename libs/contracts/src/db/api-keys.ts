import { hash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Permission } from './schema';

/** API keys: minted by the API (`/api/settings/api-keys`, accepted invitations) and by the CLI (`keys create`). */

export const PERMISSIONS = ['ingest', 'read', 'write', 'admin'] as const satisfies readonly Permission[];
export const KEY_PREFIX = 'et_';
const KEY_LENGTH = 40;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `et_` + 40 base62 characters from the system CSPRNG (bytes ≥ 248 are dropped so that no character is likelier). */
export function newSecret(prefix = KEY_PREFIX, length = KEY_LENGTH): string {
  let out = prefix;
  while (out.length < prefix.length + length) {
    for (const byte of randomBytes(length)) {
      if (byte >= 248 || out.length === prefix.length + length) continue;
      out += BASE62[byte % 62];
    }
  }
  return out;
}

export const sha256 = (secret: string): Buffer => hash('sha256', secret, 'buffer');

export interface ApiKeyRecord {
  readonly id: number;
  readonly name: string;
  readonly last4: string;
  readonly permissions: Permission[];
  readonly member_id: number | null;
  readonly expires_at: Date | null;
  readonly last_used: Date | null;
  readonly revoked_at: Date | null;
  readonly created_at: Date;
}

const COLUMNS = [
  'id',
  'name',
  'last4',
  'permissions',
  'member_id',
  'expires_at',
  'last_used',
  'revoked_at',
  'created_at',
] as const;

export interface NewApiKey {
  readonly name: string;
  readonly permissions: readonly Permission[];
  readonly memberId?: number | null;
  readonly expiresAt?: Date | null;
}

/** Stores the key's hash and answers the key itself: the only time it exists outside the client. */
export async function createApiKey(db: Pick<Db, 'insertInto'>, input: NewApiKey): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = newSecret();
  const permissions = PERMISSIONS.filter((p) => input.permissions.includes(p));
  const record = await db
    .insertInto('api_keys')
    .values({
      name: input.name,
      key_hash: sha256(key),
      last4: key.slice(-4),
      permissions: sql<Permission[]>`${permissions}::text[]`,
      member_id: input.memberId ?? null,
      expires_at: input.expiresAt ?? null,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { key, record };
}

export async function listApiKeys(db: Db): Promise<ApiKeyRecord[]> {
  return db.selectFrom('api_keys').select(COLUMNS).where('revoked_at', 'is', null).orderBy('id').execute();
}

/** Revokes a key; false when there is no such live key. */
export async function revokeApiKey(db: Pick<Db, 'updateTable'>, id: number): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** `et_****` and the key's last four characters: enough to tell keys apart, nothing to guess with. */
export const keyPreview = (last4: string): string => `${KEY_PREFIX}****${last4}`;
