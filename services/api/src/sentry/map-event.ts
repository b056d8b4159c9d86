import { newEventId } from '@error-tracker/contracts/event-id';
import { type IngestEvent } from '@error-tracker/contracts/ingest-job';
import { isStorableInstant } from '@error-tracker/contracts/db/storable-text';
import { maskSecrets, maskUrl, type MaskOptions } from '../ingest/mask-secrets';
import { type StackFrame } from '@error-tracker/grouping/trace/types';
import { LIMITS, levelOf } from '../ingest/event-schema';
import type { RequestFacts } from '../ingest/build-event';
import { framesOf, renderTrace, sourceContextOf } from './frames';
import { type Json, cut, obj, str } from './json';
import { isSyntheticMessage, MESSAGE_TYPE, messageFingerprint, messageOf } from './message';
import { headersOf, maskedRequestData, urlOf } from './request-data';

const MAX_FUTURE_MS = 60_000;

/** A Sentry event id (32 hex, dashes optional) as the uuid our dedupe table keys on. */
export function eventUuid(raw: unknown): { uuid: string; hex: string } {
  const hex = typeof raw === 'string' ? raw.replace(/-/g, '').toLowerCase() : '';
  const id = /^[0-9a-f]{32}$/.test(hex) ? hex : newEventId().replace(/-/g, '');
  return { hex: id, uuid: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}` };
}

/** Float seconds (also as text) or an RFC 3339 string; one without a zone is UTC, as Sentry reads it. */
function timestampOf(raw: unknown, receivedAt: Date): Date {
  let parsed: Date | undefined;
  if (typeof raw === 'number') parsed = new Date(raw * 1000);
  else if (typeof raw === 'string' && /^\d+(?:\.\d+)?$/.test(raw)) parsed = new Date(Number(raw) * 1000);
  else if (typeof raw === 'string') parsed = new Date(/T[^Z+-]*$/i.test(raw) ? `${raw}Z` : raw);
  if (!parsed || !isStorableInstant(parsed)) return receivedAt;
  return parsed.getTime() > receivedAt.getTime() + MAX_FUTURE_MS ? receivedAt : parsed;
}

function userIdOf(user: Json | undefined): string | undefined {
  const id = user?.id;
  return (typeof id === 'number' ? String(id) : str(id)) ?? str(user?.email) ?? str(user?.username) ?? str(user?.ip_address);
}

function exceptionsOf(event: Json): Json[] {
  const exception = event.exception;
  const values = Array.isArray(obj(exception)?.values)
    ? (obj(exception)?.values as unknown[])
    : Array.isArray(exception)
      ? exception
      : [];
  return values.map(obj).filter((value): value is Json => value !== undefined);
}

/**
 * Maps a Sentry event into our model: the last exception value is the main one, its frames feed
 * the same fingerprint rule as a posted traceback, message-only events group by their message.
 */
export function mapSentryEvent(event: Json, project: string, facts: RequestFacts, mask: MaskOptions): IngestEvent {
  const platform = str(event.platform) ?? 'other';
  const exceptions = exceptionsOf(event);
  const message = messageOf(event);
  const last = exceptions[exceptions.length - 1];
  const main = last && !isSyntheticMessage(last, message) ? last : undefined;

  let exceptionType: string;
  let text: string;
  let frames: StackFrame[];
  let traceback: string | null = null;
  if (main) {
    exceptionType = str(main.type) ?? 'Error';
    text = str(main.value) ?? message?.text ?? '';
    frames = framesOf(obj(main.stacktrace) ?? obj(event.stacktrace), platform);
    traceback = exceptions
      .map((value) => renderTrace(str(value.type) ?? 'Error', str(value.value) ?? '', framesOf(obj(value.stacktrace), platform)))
      .reverse()
      .join('\n\nwhile handling:\n');
  } else {
    // A message, maybe with the stack where it was captured (a synthetic exception, or attach_stacktrace).
    exceptionType = MESSAGE_TYPE;
    text = message?.text ?? '(no message)';
    frames = framesOf(obj(last?.stacktrace) ?? obj(event.stacktrace), platform);
    if (frames.length > 0) traceback = renderTrace(MESSAGE_TYPE, text, frames);
  }
  const stacktrace = obj((main ?? last)?.stacktrace) ?? obj(event.stacktrace);

  const request = obj(event.request);
  const user = obj(event.user);
  const contexts = obj(event.contexts);
  const extra: Json = {
    ...obj(event.extra),
    ...(event.tags !== undefined ? { tags: Array.isArray(event.tags) ? headersOf(event.tags) : event.tags } : {}),
    ...(contexts ? { contexts } : {}),
    ...(user ? { user } : {}),
    ...(request?.data !== undefined ? { request_data: maskedRequestData(request.data, mask) } : {}),
    ...(str(event.logger) ? { logger: event.logger } : {}),
    ...(str(event.transaction) ? { transaction: event.transaction } : {}),
    ...(str(event.server_name) ? { server_name: event.server_name } : {}),
    ...(obj(event.sdk) ? { sdk: { name: obj(event.sdk)?.name, version: obj(event.sdk)?.version } } : {}),
    platform,
  };
  const headers = headersOf(request?.headers);
  const url = cut(urlOf(request), LIMITS.requestUrl);
  const sdkFingerprint = Array.isArray(event.fingerprint)
    ? event.fingerprint
        .filter((part): part is string => typeof part === 'string')
        .slice(0, LIMITS.fingerprintParts)
        .map((part) => part.slice(0, LIMITS.fingerprint))
    : [];

  return {
    event_id: eventUuid(event.event_id).uuid,
    received_at: facts.receivedAt.toISOString(),
    client_ip: facts.clientIp,
    // The user agent of the request the app was serving, when the SDK reports one; else the SDK's.
    user_agent: userAgentOf(headers) ?? facts.userAgent,
    project,
    environment: cut(str(event.environment), LIMITS.environment) ?? 'production',
    message: text.slice(0, LIMITS.message),
    exception_type: exceptionType.slice(0, LIMITS.exceptionType),
    traceback,
    level: levelOf(str(event.level) ?? 'error') ?? 'error',
    source: platform === 'javascript' ? 'browser' : 'backend',
    timestamp: timestampOf(event.timestamp, facts.receivedAt).toISOString(),
    release: cut(str(event.release), LIMITS.release) ?? null,
    request_url: url === undefined ? null : maskUrl(url, mask),
    request_method: cut(str(request?.method)?.toUpperCase(), LIMITS.requestMethod) ?? null,
    request_headers: headers ? maskSecrets(headers, mask) : null,
    user_id: cut(userIdOf(user), LIMITS.userId) ?? null,
    extra: maskSecrets(extra, mask),
    source_context: sourceContextOf(stacktrace, platform),
    fingerprint: sdkFingerprint.length > 0 ? sdkFingerprint : main || !message ? null : messageFingerprint(message),
    frames,
  };
}

function userAgentOf(headers: Json | undefined): string | undefined {
  const entry = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'user-agent');
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}
