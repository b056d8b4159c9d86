import { useState } from 'preact/hooks';
import { ApiError, request } from '../api/client';
import { storeKey } from '../api/key-store';
import { Problem } from '../components/states';
import { PageTitle } from '../components/page-title';
import type { Session } from '../lib/permissions';

/** Asks the API who the key is; keeps it for this tab only when it can read. */
export async function signIn(key: string): Promise<Session> {
  const session = await request<Session>('GET', '/api/session', { key });
  storeKey(key);
  return session;
}

const explain = (error: ApiError): ApiError =>
  error.status === 401
    ? new ApiError(401, 'That key was refused', 'it is unknown, expired or revoked.')
    : error.status === 403
      ? new ApiError(403, 'That key cannot read', 'the dashboard needs a key with the read permission.')
      : error;

export function SignIn({ onSignedIn, reason }: { readonly onSignedIn: (session: Session) => void; readonly reason?: string }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(key.trim()));
    } catch (caught) {
      setError(caught instanceof ApiError ? explain(caught) : new ApiError(0, 'Error', String(caught)));
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <PageTitle text="Sign in" />
      <p>Sign in with an API key. It is kept in this tab only, and forgotten when the tab closes.</p>
      {reason && (
        <p class="notice" role="status">
          {reason}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)}>
        <label>
          API key
          <input
            type="password"
            name="api-key"
            autoComplete="current-password"
            required
            value={key}
            onInput={(event) => setKey(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="primary" disabled={busy || key.trim() === ''}>
          Sign in
        </button>
      </form>
      <Problem error={error} />
    </main>
  );
}
