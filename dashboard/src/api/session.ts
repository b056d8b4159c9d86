import type { Session } from '../lib/permissions';
import { request } from './client';
import { holdCsrfToken } from './csrf-store';

/** `GET`/`POST /api/session` answer the session's CSRF token beside who it is. */
type SessionAnswer = Session & { readonly csrf_token: string | null };

const held = (answer: SessionAnswer): Session => {
  holdCsrfToken(answer.csrf_token);
  return answer;
};

/** Exchanges a key for the session cookie; the key is not kept anywhere in the page. */
export const signIn = async (key: string): Promise<Session> =>
  held(await request<SessionAnswer>('POST', '/api/session', { body: { key }, quiet: true }));

/** The session of the cookie, if any (a 401 means none). */
export const currentSession = async (): Promise<Session> =>
  held(await request<SessionAnswer>('GET', '/api/session', { quiet: true }));

export async function signOut(): Promise<void> {
  try {
    await request<void>('DELETE', '/api/session', { quiet: true });
  } finally {
    holdCsrfToken(null);
  }
}
