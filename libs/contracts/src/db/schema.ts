import type { ColumnType, Generated, JSONColumnType, Kysely } from 'kysely';
import type { StackFrame } from '@error-tracker/grouping/trace/types';

export type ErrorStatus = 'open' | 'resolved' | 'ignored';
export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/** Frames are stored as parsed: innermost first. */
export type StoredFrame = StackFrame;

export interface ProjectsTable {
  id: Generated<number>;
  name: string;
  /** The key of the project's DSN: 32 hex characters. */
  public_key: Generated<string>;
  created_at: CreatedAt;
}

export interface ErrorsTable {
  id: Generated<number>;
  fingerprint: string;
  project: string;
  environment: string;
  exception_type: string;
  message: string;
  traceback: string | null;
  frames: JSONColumnType<StoredFrame[]>;
  level: Level;
  source: string;
  culprit: string | null;
  /** Events counted, less a busy group's last few seconds (`error_tallies.pending`); `error_totals` has the exact figure. */
  count: number;
  first_seen: Timestamp;
  /** As `count`: up to a few seconds behind for a busy group. */
  last_seen: Timestamp;
  status: ErrorStatus;
  /** The status the latest ingest batch found; lets the upsert report a reopened group. */
  previous_status: ErrorStatus | null;
  resolved_at: Timestamp | null;
  /** The member the group is assigned to; set by triage only, never by ingest. */
  assignee_member_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
}

export interface ErrorOccurrencesTable {
  id: Generated<number>;
  error_id: number;
  event_id: string;
  timestamp: Timestamp;
  received_at: Timestamp;
  environment: string;
  message: string;
  level: Level;
  release: string | null;
  request_url: string | null;
  request_method: string | null;
  request_headers: JSONColumnType<Record<string, unknown>> | null;
  user_id: string | null;
  extra: JSONColumnType<Record<string, unknown>> | null;
  source_context: JSONColumnType<object> | null;
  client_ip: string | null;
  user_agent: string | null;
}

/** A group's newest five occurrences (by timestamp, then arrival), one per slot (0–4), updated in place. */
export interface RecentOccurrencesTable extends ErrorOccurrencesTable {
  slot: number;
}

/** The text search runs on, written once per group (its type and message never change). */
export interface ErrorSearchTable {
  error_id: number;
  /** `lower(<exception_type> <message>)` */
  document: string;
  /** Copies of the group's list filters (status kept in step by a trigger on errors). */
  project: string;
  environment: string;
  level: string;
  source: string;
  status: ErrorStatus;
}

/**
 * A busy group's events not yet added to `errors`: the ingest worker counts them here (a narrow row,
 * updated in place) and folds them into `errors.count` / `last_seen` a few seconds after the row began.
 */
export interface ErrorTalliesTable {
  error_id: number;
  pending: number;
  /** The newest event counted in `pending`. */
  last_seen: Timestamp;
  /** When the row began gathering; it is folded once this is old enough. */
  since: CreatedAt;
}

/** A view: each group's exact count and last_seen, its folded figures plus what its tally holds. */
export interface ErrorTotalsView {
  error_id: ColumnType<number, never, never>;
  count: ColumnType<number, never, never>;
  last_seen: ColumnType<Date, never, never>;
}

export interface ErrorCountsTable {
  error_id: number;
  hour: Timestamp;
  level: Level;
  count: number;
}

/** Before partitioning, the dedupe record; kept for workers of the previous version during an upgrade. */
export interface IngestedEventsTable {
  event_id: string;
  ingested_at: CreatedAt;
}

/** The dedupe record of ingest: one row per event id counted, partitioned by day of `received_at`. */
export interface IngestDedupeTable {
  received_at: Timestamp;
  event_id: string;
}

export type OutboxKind = 'new' | 'regression';

export interface OutboxTable {
  id: Generated<number>;
  error_id: number;
  event_id: string;
  kind: OutboxKind;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
}

/**
 * One alert per (group, event): the notifier's durable record that makes a redelivered stream entry
 * harmless. `sending` is claimed under a lease, `queued` waits for the storm digest.
 */
export type NotificationState = 'sending' | 'queued' | 'sent' | 'failed';

export interface NotificationsTable {
  error_id: number;
  event_id: string;
  kind: OutboxKind;
  state: NotificationState;
  /** The `new-errors` entry to acknowledge once the email is out. */
  stream_id: string;
  owner: string | null;
  lease_until: Timestamp | null;
  /** When the storm guard put this alert into a digest instead of an email of its own; else null. */
  queued_at: Timestamp | null;
  attempts: number;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
}

export type Role = 'owner' | 'admin' | 'developer' | 'viewer';
export type MemberStatus = 'invited' | 'active' | 'disabled';
export type Permission = 'ingest' | 'read' | 'write' | 'admin';

export interface MembersTable {
  id: Generated<number>;
  name: Generated<string>;
  email: string;
  role: Role;
  status: MemberStatus;
  last_active: Timestamp | null;
  created_at: CreatedAt;
}

export interface InvitationsTable {
  id: Generated<number>;
  member_id: number;
  /** SHA-256 of the one-time token; the token itself is only in the email. */
  token_hash: Buffer;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  /** SHA-256 of the key; the key itself is shown once, at creation. */
  key_hash: Buffer;
  last4: string;
  permissions: Permission[];
  member_id: number | null;
  expires_at: Timestamp | null;
  last_used: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Generated<number>;
  /** SHA-256 of the cookie's token; the token itself is only in the browser. */
  token_hash: Buffer;
  /** SHA-256 of the key signed in with (the stored form of API keys), resolved again on every request. */
  key_hash: Buffer;
  /** null: the bootstrap key. */
  key_id: number | null;
  /** Pushed forward as the session is used (idle expiry). */
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface CommentsTable {
  id: Generated<number>;
  error_id: number;
  /** null: written by a key of no member, or the member was removed since. */
  member_id: number | null;
  /** As the audit log names the writer: the member's email, `key 7 (deploy)`, `bootstrap key`. */
  author: string;
  body: string;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_key_id: number | null;
  actor_member_id: number | null;
  /** Who acted, readable: `bootstrap key`, `key 7 (deploy)`, `ana@example.com`. */
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: JSONColumnType<Record<string, unknown>> | null;
  client_ip: string | null;
}

export type RuleKind = 'threshold' | 'new_error' | 'regression';
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type DeliveryEvent = 'firing' | 'resolved' | 'new_error' | 'regression' | 'test';
/** held: over the storm threshold, waiting to go out in its channel's digest. */
export type DeliveryState = 'pending' | 'held' | 'sent' | 'failed';

/** Events per minute by project, environment and level: what threshold rules count. */
export interface EventMinutesTable {
  minute: Timestamp;
  project: string;
  environment: string;
  level: Level;
  shard: number;
  count: number;
}

export interface AlertRulesTable {
  id: Generated<number>;
  name: string;
  kind: RuleKind;
  threshold: number | null;
  window_minutes: number | null;
  project: string | null;
  environment: string | null;
  level: Level | null;
  notifications: string[];
  recipients: string[];
  incident_severity: Severity | null;
  enabled: Generated<boolean>;
  state: Generated<'ok' | 'firing'>;
  /** How many times the rule has started firing: with the rule id, names one firing. */
  firing_count: Generated<number>;
  last_count: number | null;
  last_evaluated: Timestamp | null;
  last_triggered: Timestamp | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface IncidentsTable {
  id: Generated<number>;
  title: string;
  severity: Severity;
  status: Generated<IncidentStatus>;
  description: Generated<string>;
  assigned_to: string | null;
  rule_id: number | null;
  error_ids: Generated<number[]>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  resolved_at: Timestamp | null;
}

export interface IntegrationsTable {
  name: string;
  config: JSONColumnType<Record<string, unknown>>;
  enabled: Generated<boolean>;
  last_test: Timestamp | null;
  last_error: string | null;
  last_success: Timestamp | null;
  updated_at: UpdatedAt;
}

export interface AlertDeliveriesTable {
  id: Generated<number>;
  rule_id: number | null;
  /** `<firing_count>` for threshold rules, the outbox id for new/regression, a random id for tests. */
  firing: string;
  channel: string;
  event: DeliveryEvent;
  payload: JSONColumnType<Record<string, unknown>>;
  state: Generated<DeliveryState>;
  attempts: Generated<number>;
  next_attempt_at: UpdatedAt;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  last_error: string | null;
  sent_at: Timestamp | null;
  created_at: CreatedAt;
}

/** Latency histogram of one sample: requests at or under each bound in seconds (`"+Inf"`: all). */
export type LatencyBuckets = Record<string, number>;

/** One process's figures over one sample slot (see docs/monitoring.md). */
export interface MonitoringSamplesTable {
  instance_id: string;
  /** The slot's start: one sample per process per slot. */
  slot: Timestamp;
  recorded_at: Timestamp;
  interval_ms: number;
  host: string;
  roles: string[];
  /** CPU time over wall time; 100 is one core busy. */
  cpu_percent: number;
  heap_used_bytes: number;
  rss_bytes: number;
  memory_limit_bytes: number;
  event_loop_delay_ms: number;
  event_loop_delay_p99_ms: number;
  disk_used_bytes: number | null;
  disk_size_bytes: number | null;
  postgres_ok: boolean;
  postgres_latency_ms: number | null;
  redis_ok: boolean;
  redis_latency_ms: number | null;
  requests: number | null;
  errors_5xx: number | null;
  duration_sum_ms: number | null;
  latency_buckets: JSONColumnType<LatencyBuckets> | null;
  apdex_satisfied: number | null;
  apdex_tolerating: number | null;
  open_connections: number | null;
  bytes_in: number | null;
  bytes_out: number | null;
}

export interface Database {
  projects: ProjectsTable;
  errors: ErrorsTable;
  error_occurrences: ErrorOccurrencesTable;
  recent_occurrences: RecentOccurrencesTable;
  error_counts: ErrorCountsTable;
  error_tallies: ErrorTalliesTable;
  error_totals: ErrorTotalsView;
  error_search: ErrorSearchTable;
  ingested_events: IngestedEventsTable;
  ingest_dedupe: IngestDedupeTable;
  outbox: OutboxTable;
  notifications: NotificationsTable;
  members: MembersTable;
  invitations: InvitationsTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  comments: CommentsTable;
  audit_log: AuditLogTable;
  event_minutes: EventMinutesTable;
  alert_rules: AlertRulesTable;
  incidents: IncidentsTable;
  integrations: IntegrationsTable;
  alert_deliveries: AlertDeliveriesTable;
  monitoring_samples: MonitoringSamplesTable;
}

/** A connection pool typed by this schema (created by `@error-tracker/runtime/postgres`). */
export type Db = Kysely<Database>;
