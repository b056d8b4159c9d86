import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '@error-tracker/runtime/logger';
import { keyFromHeaders } from '../access/authenticate';
import type { Caller } from '../access/caller';
import type { KeyResolver } from '../access/key-resolver';
import type { BodyBudget } from '../http/body-budget';
import { knownProblem } from '../http/error-handler';
import { fastPathRequests, timeRequest } from '../http/metrics';
import { badRequest, HttpProblem, sendProblem } from '../http/problem';
import type { RateVerdict } from '../http/rate-limit';
import { identifyRequest } from '../http/request-log';
import { fieldProblems, parseInput } from '../http/validate';
import { buildIngestEvent } from '../ingest/build-event';
import { fitEvent } from '../ingest/event-budget';
import type { EventQueue } from '../ingest/event-queue';
import type { MaskOptions } from '../ingest/mask-secrets';
import { type QueuedAnswer, queuedEmpty, queuedWithId } from '../presenters/queued-answers';
import { reportErrorRoute } from './ingest.schema';

export interface FastPathDeps {
  readonly queue: EventQueue;
  readonly mask: MaskOptions;
  readonly resolver: KeyResolver;
  readonly bodies: BodyBudget;
  readonly maxBodyBytes: number;
  readonly trustProxy: boolean;
  /** Charges the caller's ingest budget (the per-key limit), as the Express route's limiter does; absent when there is no limit. */
  readonly chargeIngest?: (caller: Caller) => Promise<RateVerdict | undefined>;
  readonly logger: Logger;
}

/** The paths served here, exactly (no query string), and how each answers a queued event. */
const ROUTES: Readonly<Record<string, QueuedAnswer>> = { '/api/errors': queuedWithId, '/ingest/errors': queuedEmpty };

const SIMPLE_FORWARDED = /^[\w.:[\]]+(\s*,\s*[\w.:[\]]+)*$/;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function isJsonType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [type = '', ...parameters] = contentType.toLowerCase().split(';');
  const media = type.trim();
  const json = media === 'application/json' || media === 'text/plain' || /^application\/[\w.+-]+\+json$/.test(media);
  return json && parameters.every((parameter) => /^\s*charset\s*=\s*"?utf-8"?\s*$/.test(parameter));
}

/** Express's `req.ip` with `trust proxy` true or false, for the forwarded lists it reads alike. */
function clientAddress(req: IncomingMessage, trustProxy: boolean): string | undefined | false {
  const forwarded = header(req, 'x-forwarded-for');
  if (!trustProxy || forwarded === undefined) return req.socket.remoteAddress;
  if (!SIMPLE_FORWARDED.test(forwarded.trim())) return false;
  return forwarded.split(',')[0]?.trim();
}

/** The body's size when the request is the common shape served here; undefined sends it to Express. */
function plainBodyLength(req: IncomingMessage, maxBodyBytes: number): number | undefined {
  const encoding = header(req, 'content-encoding')?.trim().toLowerCase();
  if ((encoding !== undefined && encoding !== 'identity') || req.headers['transfer-encoding'] !== undefined) return undefined;
  if (req.headers.origin !== undefined || req.headers.prefer !== undefined || !isJsonType(header(req, 'content-type')))
    return undefined;
  const length = Number(header(req, 'content-length'));
  return Number.isSafeInteger(length) && length > 0 && length <= maxBodyBytes ? length : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('request aborted')));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * POST /api/errors and /ingest/errors in their common shape — a key in a header, an uncompressed
 * JSON body of known length, no query string, no Origin, no `Prefer` — served without Express,
 * whose routing, body parsing and per-request objects were most of the API's own cost per event.
 * The same rules apply (key, permission, per-key rate limit, body budget and limit, the route's zod
 * schema, masking, budgets) through the same functions. Anything else — another shape, a key that
 * does not resolve to a caller allowed to ingest — goes to Express before a byte of the body is
 * read, and is answered there.
 */
export function withIngestFastPath(deps: FastPathDeps, express: RequestListener): RequestListener {
  const serve = async (req: IncomingMessage, res: ServerResponse, answer: QueuedAnswer, length: number, key: string) => {
    const resolution = await deps.resolver.resolve(key);
    const ip = clientAddress(req, deps.trustProxy);
    if (!resolution.ok || !resolution.caller.permissions.has('ingest') || ip === false) {
      express(req, res);
      return;
    }
    fastPathRequests.inc();
    const path = req.url as string;
    // Timed to the answer's end() rather than its 'finish' event: a listener per request cost more.
    const answered = timeRequest();
    identifyRequest(deps.logger, header(req, 'x-request-id'), 'POST', path, res);
    try {
      const verdict = deps.chargeIngest && (await deps.chargeIngest(resolution.caller));
      if (verdict) {
        for (const [name, value] of Object.entries(verdict.headers)) res.setHeader(name, value);
        if (verdict.refusal) throw verdict.refusal;
      }
      if (!deps.bodies.tryHold(res, length)) throw deps.bodies.busy();
      const parsed = parseInput(reportErrorRoute.body, parseJson(await readBody(req)));
      if (!parsed.success) throw badRequest(reportErrorRoute.invalid, fieldProblems(parsed.error, '(body)'));
      const facts = { receivedAt: new Date(), clientIp: ip ?? null, userAgent: header(req, 'user-agent') ?? null };
      const fitted = fitEvent(buildIngestEvent(parsed.data, facts, deps.mask));
      await deps.queue.add(fitted);
      answer(res, fitted.event.event_id);
    } catch (error) {
      if (res.headersSent || res.destroyed) return;
      const problem = knownProblem(error);
      if (!problem) deps.logger.error({ err: error, method: 'POST', path }, 'unhandled error');
      sendProblem(
        res,
        problem ?? new HttpProblem({ status: 500, title: 'Internal Server Error', detail: 'unexpected error' }).problem,
      );
    }
    answered('POST', path, path, res.statusCode);
  };

  return (req, res) => {
    const answer = req.method === 'POST' ? ROUTES[req.url ?? ''] : undefined;
    const length = answer && plainBodyLength(req, deps.maxBodyBytes);
    const key = length && keyFromHeaders(header(req, 'x-api-key'), header(req, 'authorization'));
    if (!answer || !length || !key) {
      express(req, res);
      return;
    }
    void serve(req, res, answer, length, key);
  };
}
