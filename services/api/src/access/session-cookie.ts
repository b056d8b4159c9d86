import type { Request, Response } from 'express';
export const SESSION_COOKIE = 'et_session';
export const CSRF_HEADER = 'x-csrf-token';

/** The session token from the Cookie header, if any. */
export function sessionTokenOf(req: Request): string | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) {
      const value = part.slice(at + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

function cookie(req: Request, value: string, extra: string[]): string {
  const attributes = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', ...extra];
  if (req.secure) attributes.push('Secure');
  return attributes.join('; ');
}

/**
 * HttpOnly (script cannot read it), SameSite=Strict (no other site's page sends it), Secure over
 * HTTPS. No Max-Age: the browser drops it when it closes, and the server's idle expiry decides before.
 */
export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.append('Set-Cookie', cookie(req, token, []));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', cookie(req, '', ['Max-Age=0']));
}
