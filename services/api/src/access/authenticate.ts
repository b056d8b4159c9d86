import type { Request, RequestHandler, Response } from 'express';
import type { Permission } from '@error-tracker/contracts/db/schema';
import { HttpProblem } from '../http/problem';
import { callerOf, setCaller } from './caller';
import type { KeyResolver, Resolution } from './key-resolver';
import { CSRF_HEADER, sessionTokenOf } from './session-cookie';
import { csrfMatches, type SessionStore } from './sessions';

const FAILURE = 'authFailure';
const SESSION_TOKEN = 'sessionToken';

/** The key of `X-API-Key`, else of `Authorization: Bearer`. */
export function keyFromHeaders(apiKey: string | undefined, authorization: string | undefined): string | undefined {
  if (apiKey) return apiKey;
  const bearer = authorization ? /^bearer\s+(.+)$/i.exec(authorization.trim()) : null;
  return bearer?.[1];
}

export function presentedKey(req: Request, allowQueryKey: boolean): string | undefined {
  const key = keyFromHeaders(req.get('x-api-key'), req.get('authorization'));
  if (key !== undefined) return key;
  if (allowQueryKey && typeof req.query.api_key === 'string') return req.query.api_key;
  return undefined;
}

export interface IdentifyOptions {
  /** `?api_key=` is accepted only where browsers need it (navigator.sendBeacon cannot set headers). */
  readonly allowQueryKey?: (req: Request) => boolean;
  /** Accepts the dashboard's session cookie when no key is presented. */
  readonly sessions?: SessionStore;
}

/** The session token the caller was identified by; undefined when they presented a key. */
export const sessionTokenUsed = (res: Response): string | undefined => res.locals[SESSION_TOKEN] as string | undefined;

async function resolveSession(sessions: SessionStore, resolver: KeyResolver, token: string): Promise<Resolution> {
  const session = await sessions.find(token);
  if (!session) return { ok: false, reason: 'the session has ended: sign in again' };
  const resolution = await resolver.resolveHash(session.keyHash);
  return resolution.ok ? resolution : { ok: false, reason: `the session has ended: ${resolution.reason}` };
}

/**
 * Works out who is calling without answering yet: the rate limiter needs to know whether to count
 * the request against a key or against the client's address (failed authentication is).
 */
export function identify(resolver: KeyResolver, options: IdentifyOptions = {}): RequestHandler {
  return async (req, res, next) => {
    const key = presentedKey(req, options.allowQueryKey?.(req) ?? false);
    let resolution: Resolution | undefined;
    if (key !== undefined) resolution = await resolver.resolve(key);
    else if (options.sessions) {
      const token = sessionTokenOf(req);
      if (token !== undefined) {
        resolution = await resolveSession(options.sessions, resolver, token);
        if (resolution.ok) res.locals[SESSION_TOKEN] = token;
      }
    }
    if (resolution === undefined) {
      res.locals[FAILURE] = 'missing API key: send X-API-Key or Authorization: Bearer';
      next();
      return;
    }
    if (resolution.ok) setCaller(res, resolution.caller);
    else res.locals[FAILURE] = resolution.reason;
    next();
  };
}

/** 401 unless `identify` found a valid key. */
export const requireCaller: RequestHandler = (_req, res, next) => {
  if (callerOf(res)) {
    next();
    return;
  }
  next(
    new HttpProblem({
      status: 401,
      title: 'Unauthorized',
      detail: (res.locals[FAILURE] as string | undefined) ?? 'missing API key',
      headers: { 'WWW-Authenticate': 'Bearer' },
    }),
  );
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A change made with the session cookie must carry the session's CSRF token; a presented key needs none. */
export const requireCsrf: RequestHandler = (req, res, next) => {
  const token = sessionTokenUsed(res);
  if (token === undefined || SAFE_METHODS.has(req.method) || csrfMatches(token, req.get(CSRF_HEADER))) {
    next();
    return;
  }
  next(
    new HttpProblem({
      status: 403,
      title: 'Forbidden',
      detail: 'missing or wrong X-CSRF-Token: changes made with the session cookie must carry it',
    }),
  );
};

/** 403 naming the permission the caller's key lacks. */
export function permit(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    const caller = callerOf(res);
    if (caller?.permissions.has(permission)) {
      next();
      return;
    }
    next(forbidden(res, `this key lacks the ${permission} permission`));
  };
}

export function forbidden(res: Response, detail: string): HttpProblem {
  const role = callerOf(res)?.role;
  return new HttpProblem({ status: 403, title: 'Forbidden', detail: role ? `${detail} (role ${role})` : detail });
}
