import type { Caller } from '../access/caller';

const ORDER = ['ingest', 'read', 'write', 'admin'] as const;

/** Who the presented key acts as, and with which permissions (the lesser of key and role). */
export function presentSession(caller: Caller) {
  return {
    kind: caller.kind,
    key_id: caller.keyId,
    member_id: caller.memberId,
    role: caller.role,
    label: caller.label,
    permissions: ORDER.filter((permission) => caller.permissions.has(permission)),
  };
}
