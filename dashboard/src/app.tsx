import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, SIGNED_OUT_EVENT } from './api/client';
import { currentSession, signOut } from './api/session';
import { Loading, Problem } from './components/states';
import { navFor, type Session } from './lib/permissions';
import { matchRoute } from './lib/routes';
import { Link, usePlace } from './router';
import { InvitePage } from './views/invite';
import { RouteView } from './views/route-view';
import { SignIn } from './views/sign-in';

type Auth =
  | { readonly state: 'checking' }
  | { readonly state: 'signed-out'; readonly reason?: string }
  | { readonly state: 'signed-in'; readonly session: Session }
  | { readonly state: 'failed'; readonly error: ApiError };

function Shell({
  session,
  pathname,
  onSignOut,
  children,
}: {
  readonly session: Session;
  readonly pathname: string;
  readonly onSignOut: () => void;
  readonly children: ComponentChildren;
}) {
  const who = session.role ? `${session.label} (${session.role})` : session.label;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/errors" class="brand">
          Error Tracker
        </Link>
        <span class="who">{who}</span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <div class="layout">
        <nav aria-label="Main" class="side">
          <ul>
            {navFor(session).map((item) => {
              const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={current ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </>
  );
}

export function App() {
  const place = usePlace();
  const route = matchRoute(place.pathname);
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });

  // The session cookie is HttpOnly: only the API can say whether there is one.
  useEffect(() => {
    if (auth.state !== 'checking') return;
    currentSession().then(
      (session) => setAuth({ state: 'signed-in', session }),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) setAuth({ state: 'signed-out' });
        else if (error instanceof ApiError) setAuth({ state: 'failed', error });
      },
    );
  }, [auth.state]);

  useEffect(() => {
    const signedOut = (event: Event) => {
      const detail = (event as CustomEvent<string>).detail;
      setAuth({ state: 'signed-out', reason: `The API ended your session${detail ? ` (${detail})` : ''}. Sign in again.` });
    };
    window.addEventListener(SIGNED_OUT_EVENT, signedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, signedOut);
  }, []);

  const signedIn = (session: Session) => setAuth({ state: 'signed-in', session });
  if (route.name === 'invite') return <InvitePage onSignedIn={signedIn} />;
  switch (auth.state) {
    case 'checking':
      return (
        <main id="main">
          <Loading what="Checking your session…" />
        </main>
      );
    case 'failed':
      return (
        <main id="main">
          <Problem error={auth.error} />
        </main>
      );
    case 'signed-out':
      return <SignIn onSignedIn={signedIn} reason={auth.reason} />;
    case 'signed-in':
      return (
        <Shell
          session={auth.session}
          pathname={place.pathname}
          onSignOut={() => {
            void signOut()
              .catch(() => undefined)
              .then(() => setAuth({ state: 'signed-out', reason: 'You signed out.' }));
          }}
        >
          <RouteView route={route} session={auth.session} />
        </Shell>
      );
  }
}
