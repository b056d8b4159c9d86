import { type Request, type RequestHandler, type Response, Router } from 'express';
import { sha256 } from '@error-tracker/contracts/db/api-keys';
import type { Db } from '@error-tracker/contracts/db/schema';
import { permit, presentedKey, sessionTokenUsed } from '../access/authenticate';
import { type Caller, callerOf } from '../access/caller';
import type { KeyResolver } from '../access/key-resolver';
import { clearSessionCookie, CSRF_HEADER, sessionTokenOf, setSessionCookie } from '../access/session-cookie';
import { csrfMatches, csrfTokenOf, SessionStore } from '../access/sessions';
import { type AuditActor, auditedChange } from '../audit/audit-log';
import { HttpProblem } from '../http/problem';
import { inputOf, validate } from '../http/validate';
import { presentSession } from '../presenters/session';
import { signInRoute } from './session.schema';

const actor = (req: Request, caller: Caller): AuditActor => ({
  keyId: caller.keyId,
  memberId: caller.memberId,
  label: caller.label,
  clientIp: req.ip ?? null,
});

const unauthorized = (detail: string) =>
  new HttpProblem({ status: 401, title: 'Unauthorized', detail, headers: { 'WWW-Authenticate': 'Bearer' } });

export interface SignInDeps {
  readonly db: Db;
  readonly resolver: KeyResolver;
  /** Rate limit and body parsing: these routes run before the key-checking chain. */
  readonly guards: readonly RequestHandler[];
}

/**
 * POST /api/session exchanges a key for a session cookie; DELETE /api/session ends it. Both run
 * without the key-checking chain: signing in presents the key itself, and signing out works even
 * when the key behind the session has been revoked.
 */
export function signInRouter(deps: SignInDeps): Router {
  const router = Router();
  router.post('/api/session', ...deps.guards, validate(signInRoute), async (req, res) => {
    const key = inputOf(res, signInRoute).body?.key ?? presentedKey(req, false);
    if (key === undefined) throw unauthorized('missing API key: send {"key": …}');
    const resolution = await deps.resolver.resolve(key);
    if (!resolution.ok) throw unauthorized(resolution.reason);
    const { caller } = resolution;
    if (!caller.permissions.has('read')) {
      const role = caller.role ? ` (role ${caller.role})` : '';
      throw new HttpProblem({ status: 403, title: 'Forbidden', detail: `this key lacks the read permission${role}` });
    }
    const session = await auditedChange(
      deps.db,
      actor(req, caller),
      (trx) => new SessionStore(trx).open(sha256(key), caller.keyId),
      (opened) => ({ action: 'session.started', targetType: 'session', targetId: opened.id }),
    );
    setSessionCookie(req, res, session.token);
    res.status(201).json({ ...presentSession(caller), csrf_token: csrfTokenOf(session.token) });
  });

  router.delete('/api/session', ...deps.guards, async (req, res) => {
    const token = sessionTokenOf(req);
    if (token !== undefined) {
      if (!csrfMatches(token, req.get(CSRF_HEADER)))
        throw new HttpProblem({ status: 403, title: 'Forbidden', detail: 'missing or wrong X-CSRF-Token' });
      const sessions = new SessionStore(deps.db);
      const live = await sessions.find(token);
      const resolution = live ? await deps.resolver.resolveHash(live.keyHash) : undefined;
      if (resolution?.ok) {
        await auditedChange(
          deps.db,
          actor(req, resolution.caller),
          (trx) => new SessionStore(trx).close(token),
          (id) => (id === null ? undefined : { action: 'session.ended', targetType: 'session', targetId: id }),
        );
      } else await sessions.close(token);
    }
    clearSessionCookie(req, res);
    res.status(204).end();
  });
  return router;
}

/** GET /api/session: what the caller may do, so a client (the dashboard) offers only that. */
export function sessionRouter(): Router {
  const router = Router();
  router.get('/api/session', permit('read'), (_req, res: Response) => {
    const caller = callerOf(res);
    if (!caller) throw unauthorized('missing API key');
    const token = sessionTokenUsed(res);
    res.json({ ...presentSession(caller), csrf_token: token === undefined ? null : csrfTokenOf(token) });
  });
  return router;
}
