/** The shapes the API answers (its OpenAPI document, GET /api/openapi.json, is the contract). */
import type { HourPoint } from '../lib/hourly-trend';
import type { Level } from '../lib/list-query';
import type { Permission, Role } from '../lib/permissions';

export type GroupStatus = 'open' | 'resolved' | 'ignored';

export interface Group {
  readonly id: number;
  readonly fingerprint: string;
  readonly project: string;
  readonly environment: string;
  readonly exception_type: string;
  readonly message: string;
  readonly level: Level;
  readonly source: string;
  readonly culprit: string | null;
  readonly count: number;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly resolved: boolean;
  readonly status: GroupStatus;
  readonly assignee: Assignee | null;
}

export interface Assignee {
  readonly id: number;
  readonly name: string;
  readonly email: string;
}

export interface Comment {
  readonly id: number;
  readonly author: { readonly member_id: number | null; readonly label: string };
  readonly body: string;
  readonly created_at: string;
}

export interface GroupList {
  /** `last_24h`: events per hour over the last 24 hours, oldest first. */
  readonly errors: ReadonlyArray<Group & { readonly last_24h: readonly number[] }>;
  readonly total: number;
  readonly total_exact: boolean;
  readonly limit: number;
  readonly offset: number;
}

export interface Frame {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly function: string | null;
  readonly in_app: boolean;
}

export interface SourceContext {
  readonly file: string;
  readonly lineno: number;
  readonly context_line: string;
  readonly pre_context?: readonly string[];
  readonly post_context?: readonly string[];
}

export interface Occurrence {
  readonly id: number;
  readonly event_id: string;
  readonly timestamp: string;
  readonly environment: string;
  readonly message: string;
  readonly level: Level;
  readonly release: string | null;
  readonly request_url: string | null;
  readonly request_method: string | null;
  readonly request_headers: Readonly<Record<string, unknown>> | null;
  readonly user_id: string | null;
  readonly extra: Readonly<Record<string, unknown>> | null;
  readonly source_context: SourceContext | null;
}

export interface GroupDetail {
  readonly error: Group & {
    readonly traceback: string | null;
    readonly resolved_at: string | null;
    readonly frames: readonly Frame[];
  };
  readonly occurrences: readonly Occurrence[];
}

export interface Stats {
  readonly total_errors: number;
  readonly resolved_errors: number;
  readonly errors_today: number;
  readonly errors_this_week: number;
  readonly errors_this_month: number;
  readonly error_rate_24h: number;
  readonly resolution_rate: number;
  readonly avg_resolution_time: string | null;
}

export interface TrendPoint {
  readonly timestamp: string;
  readonly error_count: number;
  readonly resolved_count: number;
  readonly critical_count: number;
}

/** `GET /api/errors/{id}/hourly`: one point per hour, oldest first, the current hour last. */
export interface GroupHours {
  readonly error_id: number;
  readonly hours: number;
  readonly data_points: readonly HourPoint[];
}

export interface Trends {
  readonly period: string;
  readonly group_by: string;
  readonly data_points: readonly TrendPoint[];
}

export interface Project {
  readonly id: number;
  readonly name: string;
  readonly public_key: string;
  readonly dsn: string;
  readonly created_at: string;
}

export type RuleKind = 'threshold' | 'new_error' | 'regression';
export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface AlertRule {
  readonly id: number;
  readonly name: string;
  readonly kind: RuleKind;
  readonly condition: string;
  readonly threshold: number | null;
  readonly time_window: string | null;
  readonly filters: { readonly project: string | null; readonly environment: string | null; readonly level: Level | null };
  readonly notifications: readonly string[];
  readonly recipients: readonly string[];
  readonly incident_severity: Severity | null;
  readonly enabled: boolean;
  readonly state: 'ok' | 'firing';
  readonly last_count: number | null;
  readonly last_evaluated: string | null;
  readonly last_triggered: string | null;
  readonly last_error: string | null;
}

export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

export interface Incident {
  readonly id: number;
  readonly title: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly description: string;
  readonly assigned_to: string | null;
  readonly rule_id: number | null;
  readonly error_ids: readonly number[];
  readonly created_at: string;
  readonly updated_at: string;
  readonly resolved_at: string | null;
}

export interface ApiKey {
  readonly id: number;
  readonly name: string;
  readonly key_preview: string;
  readonly permissions: readonly Permission[];
  readonly expires_at: string | null;
  readonly last_used: string | null;
  readonly created_at: string;
  readonly member_id: number | null;
}

export interface Member {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly status: 'invited' | 'active' | 'disabled';
  readonly last_active: string | null;
  readonly created_at: string;
}

export interface InvitedMember extends Member {
  readonly invitation: { readonly expires_at: string; readonly email_sent: boolean; readonly accept_url?: string };
}

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: { readonly label: string; readonly key_id: number | null; readonly member_id: number | null };
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string | null };
  readonly details: Readonly<Record<string, unknown>> | null;
  readonly client_ip: string | null;
}
