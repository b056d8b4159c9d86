import type { Permission, Role } from '@error-tracker/contracts/db/schema';

/** What each role may do; each role holds every permission of the ones below it. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: ['ingest', 'read', 'write', 'admin'],
  admin: ['ingest', 'read', 'write', 'admin'],
  developer: ['ingest', 'read', 'write'],
  viewer: ['read'],
};

export const ROLES = ['owner', 'admin', 'developer', 'viewer'] as const satisfies readonly Role[];

/** A member's key acts with the lesser of its own permissions and its member's role. */
export function effectivePermissions(keyPermissions: readonly Permission[], role: Role | null): Set<Permission> {
  if (role === null) return new Set(keyPermissions);
  const allowed = ROLE_PERMISSIONS[role];
  return new Set(keyPermissions.filter((permission) => allowed.includes(permission)));
}
