import type { Request } from 'express';

const KEY_PATTERN = /sentry_key\s*=\s*([0-9a-f]{32})\b/i;

/**
 * The DSN public key of a Sentry SDK request, from `?sentry_key=`, `X-Sentry-Auth: Sentry sentry_key=…`
 * or `Authorization: Sentry sentry_key=…` (parsed leniently: case and spaces do not matter).
 */
export function sentryKeyOf(req: Request): string | undefined {
  const query = req.query.sentry_key;
  if (typeof query === 'string' && /^[0-9a-f]{32}$/i.test(query)) return query.toLowerCase();
  for (const header of ['x-sentry-auth', 'authorization']) {
    const match = KEY_PATTERN.exec(req.get(header) ?? '');
    if (match?.[1]) return match[1].toLowerCase();
  }
  return undefined;
}
