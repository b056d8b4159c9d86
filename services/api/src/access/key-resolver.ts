import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { KEY_PREFIX, sha256 } from '@error-tracker/contracts/db/api-keys';
import type { Db, MemberStatus, Permission, Role } from '@error-tracker/contracts/db/schema';
import type { Caller } from './caller';
import { effectivePermissions, ROLE_PERMISSIONS } from './roles';

/** A revoked key, or a disabled member, stops working on every replica within this time. */
export const KEY_CACHE_MS = 2_000;
const KEY_CACHE_SIZE = 10_000;
/** `last_used` and `last_active` are written at most this often per key. */
const TOUCH_INTERVAL_MS = 60_000;

interface StoredKey {
  readonly id: number;
  readonly name: string;
  readonly permissions: Permission[];
  readonly expires_at: Date | null;
  readonly revoked_at: Date | null;
  readonly member_id: number | null;
  readonly role: Role | null;
  readonly status: MemberStatus | null;
  readonly email: string | null;
}

export type Resolution = { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly reason: string };

const BOOTSTRAP: Caller = {
  kind: 'bootstrap',
  keyId: null,
  memberId: null,
  role: 'owner',
  permissions: new Set(ROLE_PERMISSIONS.owner),
  label: 'bootstrap key',
};

/**
 * Turns a presented key into a caller. Keys are looked up by their SHA-256 (the stored form), so
 * the lookup's timing depends on a hash the caller cannot steer, never on how much of a stored key
 * they guessed; the bootstrap key is compared in constant time.
 */
export class KeyResolver {
  private readonly cache = new Map<string, { readonly key: StoredKey | null; readonly at: number }>();
  private readonly touched = new Map<number, number>();

  constructor(
    private readonly db: Db,
    private readonly bootstrapHash: Buffer,
  ) {}

  async resolve(secret: string): Promise<Resolution> {
    const hash = sha256(secret);
    if (!secret.startsWith(KEY_PREFIX) && !timingSafeEqual(hash, this.bootstrapHash))
      return { ok: false, reason: 'invalid API key' };
    return this.resolveHash(hash);
  }

  /** A key by its SHA-256 (what a session holds): checked as the key itself would be. */
  async resolveHash(hash: Buffer): Promise<Resolution> {
    if (timingSafeEqual(hash, this.bootstrapHash)) return { ok: true, caller: BOOTSTRAP };
    const key = await this.lookup(hash);
    if (!key) return { ok: false, reason: 'invalid API key' };
    if (key.revoked_at !== null) return { ok: false, reason: 'the API key was revoked' };
    if (key.expires_at !== null && key.expires_at.getTime() <= Date.now())
      return { ok: false, reason: 'the API key has expired' };
    if (key.status === 'disabled') return { ok: false, reason: "the key's member is disabled" };
    this.touch(key);
    return {
      ok: true,
      caller: {
        kind: 'key',
        keyId: key.id,
        memberId: key.member_id,
        role: key.role,
        permissions: effectivePermissions(key.permissions, key.role),
        label: key.email ?? `key ${key.id} (${key.name})`,
      },
    };
  }

  private async lookup(hash: Buffer): Promise<StoredKey | null> {
    const id = hash.toString('hex');
    const cached = this.cache.get(id);
    if (cached && Date.now() - cached.at < KEY_CACHE_MS) return cached.key;
    const key =
      (await this.db
        .selectFrom('api_keys as k')
        .leftJoin('members as m', 'm.id', 'k.member_id')
        .select([
          'k.id',
          'k.name',
          'k.permissions',
          'k.expires_at',
          'k.revoked_at',
          'k.member_id',
          'm.role',
          'm.status',
          'm.email',
        ])
        .where('k.key_hash', '=', hash)
        .executeTakeFirst()) ?? null;
    this.cache.delete(id);
    if (this.cache.size >= KEY_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(id, { key, at: Date.now() });
    return key;
  }

  /** Records use at most once a minute per key, off the request path; a failure only delays it. */
  private touch(key: StoredKey): void {
    const now = Date.now();
    if (now - (this.touched.get(key.id) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.touched.set(key.id, now);
    const stale = sql<Date>`now() - interval '1 minute'`;
    void this.db
      .updateTable('api_keys')
      .set({ last_used: sql<Date>`now()` })
      .where('id', '=', key.id)
      .where((eb) => eb.or([eb('last_used', 'is', null), eb('last_used', '<', stale)]))
      .execute()
      .catch(() => this.touched.delete(key.id));
    if (key.member_id === null) return;
    void this.db
      .updateTable('members')
      .set({ last_active: sql<Date>`now()` })
      .where('id', '=', key.member_id)
      .execute()
      .catch(() => undefined);
  }
}
