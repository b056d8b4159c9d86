import type { Request, RequestHandler, Response } from 'express';
import type { Permission } from '@error-tracker/contracts/db/schema';
import { HttpProblem } from '../http/problem';
import { callerOf, setCaller } from './caller';
import type { KeyResolver } from './key-resolver';

const FAILURE = 'authFailure';

function presentedKey(req: Request, allowQueryKey: boolean): string | undefined {
  const header = req.get('x-api-key');
  if (header) return header;
  const authorization = req.get('authorization');
  const bearer = authorization ? /^bearer\s+(.+)$/i.exec(authorization.trim()) : null;
  if (bearer) return bearer[1];
  if (allowQueryKey && typeof req.query.api_key === 'string') return req.query.api_key;
  return undefined;
}

export interface IdentifyOptions {
  /** `?api_key=` is accepted only where browsers need it (navigator.sendBeacon cannot set headers). */
  readonly allowQueryKey?: (req: Request) => boolean;
}

/**
 * Works out who is calling without answering yet: the rate limiter needs to know whether to count
 * the request against a key or against the client's address (failed authentication is).
 */
export function identify(resolver: KeyResolver, options: IdentifyOptions = {}): RequestHandler {
  return async (req, res, next) => {
    const key = presentedKey(req, options.allowQueryKey?.(req) ?? false);
    if (key === undefined) {
      res.locals[FAILURE] = 'missing API key: send X-API-Key or Authorization: Bearer';
      next();
      return;
    }
    const resolution = await resolver.resolve(key);
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
