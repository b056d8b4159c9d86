import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Error-Tracker-Timestamp';
export const SIGNATURE_HEADER = 'X-Error-Tracker-Signature';

/** How far a receiver should accept a timestamp from its own clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `sha256=` and the hex HMAC-SHA256, keyed with the secret, of `<timestamp>.<raw body>`. */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute the signature over the raw body as received (before any JSON
 * parsing), compare in constant time, and refuse a timestamp outside the tolerance (a replay).
 */
export function verifyWebhookSignature(
  secret: string,
  timestampHeader: string | undefined,
  rawBody: string,
  signatureHeader: string | undefined,
  { nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS } = {},
): boolean {
  if (timestampHeader === undefined || signatureHeader === undefined || !/^\d+$/.test(timestampHeader)) return false;
  const timestamp = Number(timestampHeader);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(signatureHeader);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
