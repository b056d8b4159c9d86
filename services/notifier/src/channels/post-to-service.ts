import { Agent, type Dispatcher, fetch } from 'undici';
import { clip } from '../email/format';
import { type ChannelName, ChannelError } from './channel';
import { isTransientStatus, parseRetryAfter } from './classify-failure';
import { assertPublicDestination, PrivateDestinationError, publicOnlyLookup, type ResolveHost } from './destination-guard';

export interface ServiceRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface ServiceAnswer {
  readonly status: number;
  readonly text: string;
}

export interface HttpOptions {
  readonly allowPrivate: boolean;
  readonly resolve: ResolveHost;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** One connection pool per resolver; its connections only ever reach public addresses. */
const guardedAgents = new WeakMap<ResolveHost, Agent>();

function dispatcherFor(options: HttpOptions): Dispatcher | undefined {
  if (options.allowPrivate) return undefined;
  let agent = guardedAgents.get(options.resolve);
  if (agent === undefined) {
    agent = new Agent({ connect: { lookup: publicOnlyLookup(options.resolve) } });
    guardedAgents.set(options.resolve, agent);
  }
  return agent;
}

/**
 * POSTs to a service and resolves on a 2xx answer. The destination is checked first (and again at
 * connect time); redirects are not followed. Error messages name only the URL's origin: the path of
 * a chat webhook URL is its secret.
 */
export async function postToService(channel: ChannelName, request: ServiceRequest, options: HttpOptions): Promise<ServiceAnswer> {
  const origin = new URL(request.url).origin;
  try {
    await assertPublicDestination(request.url, options);
  } catch (error) {
    throw refusedOrUnresolved(channel, origin, error);
  }
  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)])
    : AbortSignal.timeout(options.timeoutMs);
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
      dispatcher: dispatcherFor(options),
    });
  } catch (error) {
    throw notSent(channel, origin, error, options.timeoutMs);
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 200 && response.status < 300) return { status: response.status, text };
  const said = text.trim() === '' ? '' : `: ${clip(text.replace(/\s+/g, ' ').trim(), 300)}`;
  const redirect =
    response.status >= 300 && response.status < 400 ? ' (a redirect: the URL must point at the endpoint itself)' : '';
  throw new ChannelError(channel, `${origin} answered ${response.status}${redirect}${said}`, {
    permanent: !isTransientStatus(response.status),
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  });
}

/** The check failed: a refused address or scheme is permanent, a failed lookup (DNS down, a name not yet there) transient. */
function refusedOrUnresolved(channel: ChannelName, origin: string, error: unknown): ChannelError {
  const reason = isErrorLike(error) ? error.message : String(error);
  const lookupFailed = isErrorLike(error) && 'code' in error && typeof error.code === 'string';
  if (!lookupFailed) return new ChannelError(channel, reason, { permanent: true, cause: error });
  return new ChannelError(channel, `could not resolve ${origin}: ${reason}`, { permanent: false, cause: error });
}

/** No answer: an address refused at connect time is permanent; a timeout or network failure is transient. */
function notSent(channel: ChannelName, origin: string, error: unknown, timeoutMs: number): ChannelError {
  const chain = causes(error);
  const refused = chain.find((cause) => cause instanceof PrivateDestinationError);
  if (refused !== undefined) return new ChannelError(channel, refused.message, { permanent: true, cause: error });
  if (chain.some((cause) => cause.name === 'TimeoutError')) {
    return new ChannelError(channel, `${origin} did not answer within ${timeoutMs} ms`, { permanent: false, cause: error });
  }
  const root = chain.at(-1);
  return new ChannelError(channel, `could not reach ${origin}: ${root?.message ?? String(error)}`, {
    permanent: false,
    cause: error,
  });
}

interface ErrorLike {
  readonly name: string;
  readonly message: string;
  readonly cause?: unknown;
}

/** The error and its causes, outermost first. Errors from Node's internals may come from another realm, hence no instanceof. */
function causes(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (let cause: unknown = error; isErrorLike(cause) && chain.length < 8; cause = cause.cause) chain.push(cause);
  return chain;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return (
    typeof value === 'object' && value !== null && 'name' in value && 'message' in value && typeof value.message === 'string'
  );
}

/** A JSON POST as chat services and PagerDuty take it. */
export function jsonRequest(url: string, payload: unknown, headers: Readonly<Record<string, string>> = {}): ServiceRequest {
  return {
    url,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': USER_AGENT, ...headers },
    body: JSON.stringify(payload),
  };
}

export const USER_AGENT = 'Error-Tracker-Notifier/1';

/** `relative` under `base`, keeping any path the base has (a proxy prefix). */
export function endpoint(base: string, relative: string): string {
  return new URL(relative, base.endsWith('/') ? base : `${base}/`).toString();
}
