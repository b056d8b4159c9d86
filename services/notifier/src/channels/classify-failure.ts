import { backoffMs } from '@error-tracker/runtime/retry';
import { ChannelError } from './channel';

/** The longest wait a Retry-After can impose; a longer one is cut to it rather than holding an alert for hours. */
export const RETRY_AFTER_CAP_MS = 10 * 60_000;

/** 408, 429 and 5xx are worth repeating; any other answer that is not a success is not. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Retry-After as delta-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Only a ChannelError marked permanent is given up on. Everything else (network errors, timeouts,
 * 408/429/5xx, an unexpected throw) is retried: delivery is at least once.
 */
export function isPermanentChannelFailure(error: unknown): boolean {
  return error instanceof ChannelError && error.permanent;
}

/** The wait before the next attempt (`attempt` counts from 0): exponential backoff, but never less than the service asked for. */
export function retryDelayMs(error: unknown, attempt: number, baseMs: number, maxMs: number): number {
  const backoff = backoffMs(attempt, baseMs, maxMs);
  const asked = error instanceof ChannelError ? error.retryAfterMs : undefined;
  return asked === undefined ? backoff : Math.max(backoff, Math.min(asked, RETRY_AFTER_CAP_MS));
}

/** A short description for logs and the delivery record. */
export function describeChannelFailure(error: unknown): string {
  if (error instanceof ChannelError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
