import type { Request } from 'express';
import { newEventId } from '@error-tracker/contracts/event-id';
import { type IngestEvent } from '@error-tracker/contracts/ingest-job';
import { maskSecrets, maskUrl, type MaskOptions } from './mask-secrets';
import type { ErrorEventInput } from './event-schema';

export interface RequestFacts {
  readonly receivedAt: Date;
  readonly clientIp: string | null;
  readonly userAgent: string | null;
}

export function requestFacts(req: Request): RequestFacts {
  return { receivedAt: new Date(), clientIp: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
}

/** Clock skew allowed on client timestamps; later ones are replaced by the time received. */
const MAX_FUTURE_MS = 60_000;

const joinTrace = (trace: string | readonly string[] | undefined): string | null => {
  if (trace === undefined) return null;
  const joined = typeof trace === 'string' ? trace : trace.join('\n');
  return joined.trim() === '' ? null : joined;
};

/** The occurrence's context: extra (alias context), with the request's params and id when sent. */
function occurrenceExtra(input: ErrorEventInput): Record<string, unknown> | undefined {
  const extra = input.extra ?? input.context;
  if (input.params === undefined && input.request_id === undefined) return extra;
  return {
    ...extra,
    ...(input.params !== undefined && { params: input.params }),
    ...(input.request_id !== undefined && { request_id: input.request_id }),
  };
}

/** Applies defaults and aliases, masks secrets, and stamps the event for the queue. */
export function buildIngestEvent(input: ErrorEventInput, facts: RequestFacts, mask: MaskOptions): IngestEvent {
  const extra = occurrenceExtra(input);
  const requestUrl = input.request_url ?? input.url;
  const timestamp =
    input.timestamp && input.timestamp.getTime() <= facts.receivedAt.getTime() + MAX_FUTURE_MS
      ? input.timestamp
      : facts.receivedAt;

  return {
    event_id: newEventId(),
    received_at: facts.receivedAt.toISOString(),
    client_ip: facts.clientIp,
    user_agent: facts.userAgent,
    project: input.project ?? 'default',
    environment: input.environment ?? 'production',
    message: input.message,
    exception_type: input.exception_type ?? input.exception_class ?? null,
    traceback: joinTrace(input.traceback ?? input.stack_trace ?? input.backtrace),
    level: input.level ?? 'error',
    source: input.source ?? 'backend',
    timestamp: timestamp.toISOString(),
    release: input.release ?? null,
    request_url: requestUrl === undefined ? null : maskUrl(requestUrl, mask),
    request_method: input.request_method ?? null,
    request_headers: input.request_headers ? maskSecrets(input.request_headers, mask) : null,
    user_id: input.user_id ?? null,
    extra: extra ? maskSecrets(extra, mask) : null,
    source_context: input.source_context ?? null,
    fingerprint: input.fingerprint ?? null,
  };
}
