import { PostmarkError } from '@error-tracker/runtime/mail/postmark-transport';

/**
 * A refusal that repeating will not fix: an SMTP 5xx reply, or a Postmark 4xx other than 429.
 * Everything else (4xx SMTP replies, timeouts, refused connections, Postmark 5xx) is transient.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof PostmarkError) {
    return error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429;
  }
  const code = responseCode(error);
  return code !== undefined && code >= 500 && code < 600;
}

/** A short description for logs and the notifications table. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = responseCode(error);
  return code === undefined ? error.message : `${code}: ${error.message}`;
}

function responseCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('responseCode' in error)) return undefined;
  return typeof error.responseCode === 'number' ? error.responseCode : undefined;
}
