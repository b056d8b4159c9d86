import { csrfToken, holdCsrfToken } from './csrf-store';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** An answer other than 2xx: the API's problem+json, or what could be made of a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(detail === '' ? title : detail);
    this.name = 'ApiError';
  }
}

/** Fired when the API ends the session (key revoked or expired, member disabled or removed, idle): the app signs out. */
export const SIGNED_OUT_EVENT = 'error-tracker:signed-out';

interface ProblemBody {
  readonly title?: unknown;
  readonly detail?: unknown;
  readonly errors?: unknown;
}

const isFieldProblem = (value: unknown): value is FieldProblem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as FieldProblem).field === 'string' &&
  typeof (value as FieldProblem).message === 'string';

async function problemOf(response: Response): Promise<ApiError> {
  let body: ProblemBody = {};
  try {
    body = (await response.json()) as ProblemBody;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const title = typeof body.title === 'string' ? body.title : response.statusText || `HTTP ${response.status}`;
  const detail = typeof body.detail === 'string' ? body.detail : '';
  const fields = Array.isArray(body.errors) ? body.errors.filter(isFieldProblem) : [];
  const retry = response.headers.get('retry-after');
  return new ApiError(response.status, title, retry ? `${detail} (try again in ${retry} s)`.trim() : detail, fields);
}

export interface RequestOptions {
  readonly body?: unknown;
  /** A 401 here is an answer (signing in, accepting an invitation, the first check), not an ended session. */
  readonly quiet?: boolean;
  readonly signal?: AbortSignal;
}

/** Calls the API on this origin with the session cookie; resolves with the JSON answer (undefined for 204). */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const csrf = csrfToken();
  if (method !== 'GET' && csrf !== null) headers['x-csrf-token'] = csrf;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'Network error', 'The API could not be reached.');
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && options.quiet !== true) {
      holdCsrfToken(null);
      window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT, { detail: problem.detail }));
    }
    throw problem;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string, signal?: AbortSignal): Promise<T> => request<T>('GET', path, { signal });
export const send = <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> =>
  request<T>(method, path, { body });
