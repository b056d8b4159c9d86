import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { signIn } from '../api/session';
import { Problem } from '../components/states';
import { PageTitle } from '../components/page-title';
import type { Session } from '../lib/permissions';

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
      <p>
        Sign in with an API key. The page does not keep it: the API answers a session cookie, which ends when you sign out, after
        12 hours unused, or when the key is revoked.
      </p>
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
