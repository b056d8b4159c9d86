/**
 * The session's CSRF token, in memory only: the session itself is an HttpOnly cookie that script
 * cannot read, and no key is kept in the page. A reload asks `GET /api/session` for the token again.
 */
let token: string | null = null;

export const csrfToken = (): string | null => token;

export function holdCsrfToken(value: string | null): void {
  token = value;
}
