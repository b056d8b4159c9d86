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

const INVALID_KEY: Resolution = { ok: false, reason: 'invalid API key' };

/** A resolution, and until when it may be answered again without a lookup. */
interface Resolved {
  readonly resolution: Resolution;
  readonly until: number;
}

/**
 * Turns a presented key into a caller. Keys are looked up by their SHA-256 (the stored form), so
 * the lookup's timing depends on a hash the caller cannot steer, never on how much of a stored key
 * they guessed; the bootstrap key is compared in constant time. A key that resolved to a caller is
 * answered again from memory, by the key as presented, until its lookup is KEY_CACHE_MS old or the
 * key expires: most requests then skip the hash (a Map finds it by V8's seeded string hash, and
 * compares strings only on a hash match). Keys that fail are never remembered.
 */
export class KeyResolver {
  private readonly cache = new Map<string, { readonly key: StoredKey | null; readonly at: number }>();
  private readonly recent = new Map<string, Resolved>();
  private readonly touched = new Map<number, number>();

  constructor(
    private readonly db: Db,
    private readonly bootstrapHash: Buffer,
  ) {}

  async resolve(secret: string): Promise<Resolution> {
    const known = this.recent.get(secret);
    if (known && Date.now() < known.until) return known.resolution;
    const hash = sha256(secret);
    if (!secret.startsWith(KEY_PREFIX) && !timingSafeEqual(hash, this.bootstrapHash)) return INVALID_KEY;
    const resolved = await this.resolveKey(hash);
    if (resolved.resolution.ok) {
      this.recent.delete(secret);
      if (this.recent.size >= KEY_CACHE_SIZE) this.recent.delete(this.recent.keys().next().value as string);
      this.recent.set(secret, resolved);
    }
    return resolved.resolution;
  }

  /** A key by its SHA-256 (what a session holds): checked as the key itself would be. */
  async resolveHash(hash: Buffer): Promise<Resolution> {
    return (await this.resolveKey(hash)).resolution;
  }

  private async resolveKey(hash: Buffer): Promise<Resolved> {
    if (timingSafeEqual(hash, this.bootstrapHash))
      return { resolution: { ok: true, caller: BOOTSTRAP }, until: Date.now() + KEY_CACHE_MS };
    const { key, at } = await this.lookup(hash);
    const refused = (reason: string): Resolved => ({ resolution: { ok: false, reason }, until: 0 });
    if (!key) return { resolution: INVALID_KEY, until: 0 };
    if (key.revoked_at !== null) return refused('the API key was revoked');
    const expiresAt = key.expires_at?.getTime() ?? Infinity;
    if (expiresAt <= Date.now()) return refused('the API key has expired');
    if (key.status === 'disabled') return refused("the key's member is disabled");
    this.touch(key);
    const caller: Caller = {
      kind: 'key',
      keyId: key.id,
      memberId: key.member_id,
      role: key.role,
      permissions: effectivePermissions(key.permissions, key.role),
      label: key.email ?? `key ${key.id} (${key.name})`,
    };
    return { resolution: { ok: true, caller }, until: Math.min(at + KEY_CACHE_MS, expiresAt) };
  }

  private async lookup(hash: Buffer): Promise<{ readonly key: StoredKey | null; readonly at: number }> {
    const id = hash.toString('hex');
    const cached = this.cache.get(id);
    if (cached && Date.now() - cached.at < KEY_CACHE_MS) return cached;
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
    const entry = { key, at: Date.now() };
    this.cache.delete(id);
    if (this.cache.size >= KEY_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(id, entry);
    return entry;
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
