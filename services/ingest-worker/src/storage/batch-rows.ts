import type { IngestResult } from '@error-tracker/contracts/ingest-job';
import type { Level, OutboxKind } from '@error-tracker/contracts/db/schema';
import type { PreparedEvent } from '../pipeline/batch-types';

/** Occurrences kept per group: the newest five, as the API documents. */
export const OCCURRENCES_PER_GROUP = 5;

export interface GroupRow {
  readonly fingerprint: string;
  readonly project: string;
  readonly environment: string;
  readonly exception_type: string;
  readonly message: string;
  readonly traceback: string | null;
  readonly level: Level;
  readonly source: string;
  readonly culprit: string | null;
  readonly n: number;
  readonly first_seen: string;
  readonly last_seen: string;
}

export interface GroupBatch {
  readonly row: GroupRow;
  /** The group's events in this batch, oldest first. */
  readonly events: PreparedEvent[];
}

/** Coalesces events by fingerprint, sorted by fingerprint: the order rows are locked in. */
export function coalesceByFingerprint(events: readonly PreparedEvent[]): GroupBatch[] {
  const byFingerprint = new Map<string, PreparedEvent[]>();
  for (const event of events) {
    const list = byFingerprint.get(event.fingerprint);
    if (list) list.push(event);
    else byFingerprint.set(event.fingerprint, [event]);
  }
  return [...byFingerprint.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([fingerprint, list]) => {
      list.sort((a, b) => a.timestampMs - b.timestampMs);
      const first = list[0] as PreparedEvent;
      const last = list[list.length - 1] as PreparedEvent;
      return {
        events: list,
        row: {
          fingerprint,
          project: first.event.project,
          environment: first.event.environment,
          exception_type: first.exceptionType,
          message: first.message,
          traceback: first.event.traceback,
          level: first.event.level,
          source: first.event.source,
          culprit: first.culprit,
          n: list.length,
          first_seen: first.event.timestamp,
          last_seen: last.event.timestamp,
        },
      };
    });
}

export function occurrenceRows(group: GroupBatch, errorId: number): object[] {
  return group.events.slice(-OCCURRENCES_PER_GROUP).map(({ event, message }) => ({
    error_id: errorId,
    event_id: event.event_id,
    timestamp: event.timestamp,
    received_at: event.received_at,
    environment: event.environment,
    message,
    level: event.level,
    release: event.release,
    request_url: event.request_url,
    request_method: event.request_method,
    request_headers: event.request_headers,
    user_id: event.user_id,
    extra: event.extra,
    source_context: event.source_context,
    client_ip: event.client_ip,
    user_agent: event.user_agent,
  }));
}

const HOUR_MS = 3_600_000;

export interface CounterRow {
  readonly error_id: number;
  readonly hour: string;
  readonly level: Level;
  readonly n: number;
}

type Counted<T extends { readonly n: number }> = Omit<T, 'n'> & { n: number };

/** Adds one to the row under `key`, made by `row` the first time (an hour or minute is formatted once per row, not per event). */
function countInto<T extends { readonly n: number }>(
  counts: Map<string, Counted<T>>,
  key: string,
  row: () => Omit<T, 'n'>,
): void {
  const current = counts.get(key);
  if (current) current.n += 1;
  else counts.set(key, { ...row(), n: 1 });
}

/** Hours as ISO instants, formatted once each: a batch's events fall in a handful. */
const hourIsos = new Map<number, string>();

function hourIso(hourMs: number): string {
  const known = hourIsos.get(hourMs);
  if (known !== undefined) return known;
  if (hourIsos.size >= 1_024) hourIsos.clear();
  const iso = new Date(hourMs).toISOString();
  hourIsos.set(hourMs, iso);
  return iso;
}

/** A group's counts per hour and level; rows found by a scan, as a group holds a handful (a Map per group was 3% of the worker's allocation). */
export function counterRows(group: GroupBatch, errorId: number): CounterRow[] {
  const rows: Array<Counted<CounterRow>> = [];
  for (const { event, timestampMs } of group.events) {
    const hour = hourIso(Math.floor(timestampMs / HOUR_MS) * HOUR_MS);
    let row: Counted<CounterRow> | undefined;
    for (const candidate of rows) if (candidate.hour === hour && candidate.level === event.level) row = candidate;
    if (row) row.n += 1;
    else rows.push({ error_id: errorId, hour, level: event.level, n: 1 });
  }
  return rows;
}

export interface MinuteRow {
  readonly minute: string;
  readonly project: string;
  readonly environment: string;
  readonly level: string;
  readonly n: number;
}

const MINUTE_MS = 60_000;

/** Events per minute received, project, environment and level: a handful of rows per batch for alert windows. */
export function minuteRows(events: readonly PreparedEvent[]): MinuteRow[] {
  const counts = new Map<string, Counted<MinuteRow>>();
  for (const { event } of events) {
    const minuteMs = Math.floor(Date.parse(event.received_at) / MINUTE_MS) * MINUTE_MS;
    countInto(counts, JSON.stringify([minuteMs, event.project, event.environment, event.level]), () => ({
      minute: new Date(minuteMs).toISOString(),
      project: event.project,
      environment: event.environment,
      level: event.level,
    }));
  }
  return [...counts.values()];
}

export interface UpsertedGroup {
  readonly id: number;
  readonly fingerprint: string;
  readonly count: number;
  readonly created: boolean;
  readonly previous_status: string | null;
}

export function outboxKind(group: UpsertedGroup): OutboxKind | null {
  if (group.created) return 'new';
  return group.previous_status === 'resolved' ? 'regression' : null;
}

/** Seed 000's answer for each event: `created` for the event that made its group, else `existing`. */
export function resultFor(event: PreparedEvent, group: UpsertedGroup, creator: string | undefined): IngestResult {
  if (group.created && creator === event.event.event_id) {
    return { status: 'created', fingerprint: group.fingerprint, id: group.id };
  }
  return { status: 'existing', fingerprint: group.fingerprint, id: group.id, count: group.count };
}
