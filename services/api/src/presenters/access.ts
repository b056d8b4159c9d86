import { type ApiKeyRecord, keyPreview } from '@error-tracker/contracts/db/api-keys';
import type { MemberRecord } from '../team/members-repository';

/** A key as lists show it: never the key, never its hash. */
export function presentApiKey(key: ApiKeyRecord) {
  return {
    id: key.id,
    name: key.name,
    key_preview: keyPreview(key.last4),
    permissions: key.permissions,
    expires_at: key.expires_at,
    last_used: key.last_used,
    created_at: key.created_at,
    member_id: key.member_id,
  };
}

/** The one answer that carries the key itself: at its creation. */
export function presentNewApiKey(key: ApiKeyRecord, secret: string) {
  return { ...presentApiKey(key), key: secret };
}

export function presentMember(member: MemberRecord) {
  return {
    id: member.id,
    name: member.name,
    email: member.email,
    role: member.role,
    status: member.status,
    last_active: member.last_active,
    created_at: member.created_at,
  };
}

export interface InvitationOutcome {
  readonly expiresAt: Date;
  readonly emailSent: boolean;
  /** Only when no email could carry it: for the inviter to pass on once. */
  readonly acceptUrl: string | undefined;
}

export function presentInvitedMember(member: MemberRecord, invitation: InvitationOutcome) {
  return {
    ...presentMember(member),
    invitation: {
      expires_at: invitation.expiresAt,
      email_sent: invitation.emailSent,
      ...(invitation.acceptUrl === undefined ? {} : { accept_url: invitation.acceptUrl }),
    },
  };
}

interface AuditRow {
  readonly id: number;
  readonly at: Date;
  readonly actor: string;
  readonly actor_key_id: number | null;
  readonly actor_member_id: number | null;
  readonly action: string;
  readonly target_type: string;
  readonly target_id: string | null;
  readonly details: Record<string, unknown> | null;
  readonly client_ip: string | null;
}

export function presentAuditLog(rows: readonly AuditRow[], limit: number, offset: number) {
  return {
    entries: rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: { label: row.actor, key_id: row.actor_key_id, member_id: row.actor_member_id },
      action: row.action,
      target: { type: row.target_type, id: row.target_id },
      details: row.details,
      client_ip: row.client_ip,
    })),
    limit,
    offset,
  };
}
