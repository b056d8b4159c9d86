import { randomUUID } from 'node:crypto';
import {
  type IngestEvent,
  isJavaScriptInApp,
  isPythonInApp,
  type Level,
  MAX_FRAMES,
  maskSecrets,
  maskUrl,
  type MaskOptions,
  normaliseFile,
  type StackFrame,
} from '@error-tracker/common';
import { LIMITS } from '../ingest/event-schema';
import type { RequestFacts } from '../ingest/build-event';

type Json = Record<string, unknown>;

const obj = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const cut = (value: string | undefined, max: number): string | undefined => (value === undefined ? undefined : value.slice(0, max));

const LEVELS: Readonly<Record<string, Level>> = {
  fatal: 'fatal',
  critical: 'fatal',
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  log: 'info',
  debug: 'debug',
};

const MAX_FUTURE_MS = 60_000;

/** A Sentry event id (32 hex, dashes optional) as the uuid our dedupe table keys on. */
export function eventUuid(raw: unknown): { uuid: string; hex: string } {
  const hex = typeof raw === 'string' ? raw.replace(/-/g, '').toLowerCase() : '';
  const id = /^[0-9a-f]{32}$/.test(hex) ? hex : randomUUID().replace(/-/g, '');
  return { hex: id, uuid: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}` };
}

function timestampOf(raw: unknown, receivedAt: Date): Date {
  const parsed = typeof raw === 'number' ? new Date(raw * 1000) : typeof raw === 'string' ? new Date(raw) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime())) return receivedAt;
  return parsed.getTime() > receivedAt.getTime() + MAX_FUTURE_MS ? receivedAt : parsed;
}

function inAppByPath(file: string, platform: string): boolean {
  if (platform === 'python') return isPythonInApp(file);
  if (platform === 'javascript' || platform === 'node') return isJavaScriptInApp(file);
  return !/node_modules|site-packages|dist-packages/.test(file);
}

/** Sentry frames come oldest first; ours are innermost first. The SDK's in_app wins when it says. */
function framesOf(stacktrace: Json | undefined, platform: string): StackFrame[] {
  const raw = Array.isArray(stacktrace?.frames) ? stacktrace.frames : [];
  const frames: StackFrame[] = [];
  for (let i = raw.length - 1; i >= 0 && frames.length < MAX_FRAMES; i--) {
    const frame = obj(raw[i]);
    if (!frame) continue;
    const rawFile = str(frame.abs_path) ?? str(frame.filename) ?? str(frame.module) ?? '<unknown>';
    const file = normaliseFile(rawFile);
    frames.push({
      file,
      line: num(frame.lineno) ?? null,
      column: num(frame.colno) ?? null,
      function: str(frame.function) ?? null,
      in_app: typeof frame.in_app === 'boolean' ? frame.in_app : inAppByPath(file, platform),
    });
  }
  return frames;
}

function renderTrace(type: string, value: string, frames: readonly StackFrame[]): string {
  const lines = [value ? `${type}: ${value}` : type];
  for (const frame of frames) {
    const position = [frame.file, frame.line, frame.column].filter((part) => part !== null).join(':');
    lines.push(`    at ${frame.function ?? '<anonymous>'} (${position})`);
  }
  return lines.join('\n');
}

/** The innermost frame that carries source lines, preferring in-app ones. */
function sourceContextFrame(stacktrace: Json | undefined): Json | undefined {
  const frames = (Array.isArray(stacktrace?.frames) ? stacktrace.frames : []).map(obj);
  const withSource = frames.filter((frame): frame is Json => frame?.context_line !== undefined);
  return withSource.findLast((frame) => frame.in_app === true) ?? withSource[withSource.length - 1];
}

function messageOf(event: Json): string | undefined {
  const logentry = obj(event.logentry);
  const message = obj(event.message);
  return (
    str(logentry?.formatted) ??
    str(logentry?.message) ??
    str(message?.formatted) ??
    str(message?.message) ??
    str(event.message)
  );
}

function headersOf(raw: unknown): Json | undefined {
  if (Array.isArray(raw)) {
    const pairs = raw.filter((pair): pair is [string, unknown] => Array.isArray(pair) && typeof pair[0] === 'string');
    return Object.fromEntries(pairs.map(([name, value]) => [name, value]));
  }
  return obj(raw);
}

function urlOf(request: Json | undefined): string | undefined {
  const url = str(request?.url);
  if (!url) return undefined;
  const query = request?.query_string;
  const queryText =
    typeof query === 'string'
      ? query
      : Array.isArray(query) || obj(query)
        ? new URLSearchParams(
            (Array.isArray(query) ? query : Object.entries(query as Json)).map(([k, v]): [string, string] => [String(k), String(v)]),
          ).toString()
        : '';
  if (!queryText || url.includes('?')) return url;
  return `${url}?${queryText.replace(/^\?/, '')}`;
}

function userIdOf(user: Json | undefined): string | undefined {
  const id = user?.id;
  return (typeof id === 'number' ? String(id) : str(id)) ?? str(user?.email) ?? str(user?.username) ?? str(user?.ip_address);
}

/**
 * Maps a Sentry event into our model: the last exception value is the main one, its frames feed
 * the same fingerprint rule as a posted traceback, message-only events group by their message.
 */
export function mapSentryEvent(event: Json, project: string, facts: RequestFacts, mask: MaskOptions): IngestEvent {
  const platform = str(event.platform) ?? 'other';
  const values = Array.isArray(obj(event.exception)?.values)
    ? (obj(event.exception)?.values as unknown[])
    : Array.isArray(event.exception)
      ? (event.exception as unknown[])
      : [];
  const exceptions = values.map(obj).filter((value): value is Json => value !== undefined);
  const main = exceptions[exceptions.length - 1];
  const message = messageOf(event);

  let exceptionType: string;
  let text: string;
  let frames: StackFrame[] = [];
  let traceback: string | null = null;
  if (main) {
    exceptionType = str(main.type) ?? 'Error';
    text = str(main.value) ?? message ?? '';
    frames = framesOf(obj(main.stacktrace) ?? obj(event.stacktrace), platform);
    traceback = exceptions
      .map((value) => renderTrace(str(value.type) ?? 'Error', str(value.value) ?? '', framesOf(obj(value.stacktrace), platform)))
      .reverse()
      .join('\n\nwhile handling:\n');
  } else {
    exceptionType = 'Message';
    text = message ?? '(no message)';
  }

  const request = obj(event.request);
  const user = obj(event.user);
  const contexts = obj(event.contexts);
  const extra: Json = {
    ...obj(event.extra),
    ...(event.tags !== undefined ? { tags: Array.isArray(event.tags) ? headersOf(event.tags) : event.tags } : {}),
    ...(contexts ? { contexts } : {}),
    ...(user ? { user } : {}),
    ...(request?.data !== undefined ? { request_data: request.data } : {}),
    ...(str(event.logger) ? { logger: event.logger } : {}),
    ...(str(event.transaction) ? { transaction: event.transaction } : {}),
    ...(str(event.server_name) ? { server_name: event.server_name } : {}),
    ...(obj(event.sdk) ? { sdk: { name: obj(event.sdk)?.name, version: obj(event.sdk)?.version } } : {}),
    platform,
  };
  const headers = headersOf(request?.headers);
  const url = cut(urlOf(request), LIMITS.requestUrl);
  const sdkFingerprint = Array.isArray(event.fingerprint)
    ? event.fingerprint.filter((part): part is string => typeof part === 'string').slice(0, LIMITS.fingerprintParts)
    : [];
  const sourceFrame = sourceContextFrame(obj(main?.stacktrace));

  return {
    event_id: eventUuid(event.event_id).uuid,
    received_at: facts.receivedAt.toISOString(),
    client_ip: facts.clientIp,
    user_agent: facts.userAgent,
    project,
    environment: cut(str(event.environment), LIMITS.environment) ?? 'production',
    message: text.slice(0, LIMITS.message),
    exception_type: exceptionType.slice(0, LIMITS.exceptionType),
    traceback,
    level: LEVELS[(str(event.level) ?? 'error').toLowerCase()] ?? 'error',
    source: platform === 'javascript' ? 'browser' : 'backend',
    timestamp: timestampOf(event.timestamp, facts.receivedAt).toISOString(),
    release: cut(str(event.release), LIMITS.release) ?? null,
    request_url: url === undefined ? null : maskUrl(url, mask),
    request_method: cut(str(request?.method)?.toUpperCase(), LIMITS.requestMethod) ?? null,
    request_headers: headers ? maskSecrets(headers, mask) : null,
    user_id: cut(userIdOf(user), LIMITS.userId) ?? null,
    extra: maskSecrets(extra, mask),
    source_context: sourceFrame
      ? {
          file: normaliseFile(str(sourceFrame.abs_path) ?? str(sourceFrame.filename) ?? ''),
          line: num(sourceFrame.lineno) ?? null,
          pre_context: sourceFrame.pre_context ?? [],
          context_line: sourceFrame.context_line ?? null,
          post_context: sourceFrame.post_context ?? [],
        }
      : null,
    fingerprint: sdkFingerprint.length > 0 ? sdkFingerprint : null,
    frames: main ? frames : null,
  };
}
