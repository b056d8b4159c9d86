import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../api/client';
import { PageTitle } from '../components/page-title';
import { SecretOnce } from '../components/secret-once';
import { Problem } from '../components/states';
import { inviteToken } from '../lib/invite';
import type { Session } from '../lib/permissions';
import { navigate } from '../router';
import { signIn } from '../api/session';

interface Accepted {
  readonly member: { readonly name: string; readonly email: string; readonly role: string };
  readonly api_key: { readonly key: string };
}

const refused = (error: ApiError): ApiError =>
  error.status === 404
    ? new ApiError(404, 'This invitation cannot be used', 'it was accepted already, has expired, or was never issued.')
    : error;

/** `/invite?token=…`: the invited person names themselves and receives their first key, shown once. */
export function InvitePage({ onSignedIn }: { readonly onSignedIn: (session: Session) => void }) {
  const [token] = useState(() => inviteToken(window.location.search, window.history.state));
  const [name, setName] = useState('');
  const [accepted, setAccepted] = useState<Accepted>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    if (token && window.location.search !== '') navigate('/invite', { replace: true, state: { inviteToken: token } });
  }, [token]);

  const accept = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      setAccepted(
        await request<Accepted>('POST', '/api/settings/team/accept', { quiet: true, body: { token, name: name.trim() } }),
      );
    } catch (caught) {
      if (caught instanceof ApiError) setError(refused(caught));
    }
  };
  const enter = async (key: string) => {
    try {
      onSignedIn(await signIn(key));
      navigate('/errors');
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    }
  };

  return (
    <main id="main" class="sign-in">
      <PageTitle text="Join the team" />
      {!token && <p class="notice">This page needs the link from your invitation email.</p>}
      {token && !accepted && (
        <form onSubmit={(event) => void accept(event)}>
          <p>You were invited to Error Tracker. Say how your teammates should see your name.</p>
          <label>
            Your name
            <input
              type="text"
              required
              maxLength={200}
              autoComplete="name"
              value={name}
              onInput={(event) => setName(event.currentTarget.value)}
            />
          </label>
          <button type="submit" class="primary" disabled={name.trim() === ''}>
            Accept the invitation
          </button>
        </form>
      )}
      {accepted && (
        <>
          <p>
            Welcome, {accepted.member.name}: you joined as {accepted.member.role} ({accepted.member.email}).
          </p>
          <SecretOnce
            label="Your API key"
            value={accepted.api_key.key}
            note="Copy it now and keep it somewhere safe (a password manager): it is shown this once. You sign in with it."
          />
          <button type="button" class="primary" onClick={() => void enter(accepted.api_key.key)}>
            Sign in with this key
          </button>
        </>
      )}
      <Problem error={error} />
    </main>
  );
}
