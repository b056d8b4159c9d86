import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response, Router } from 'express';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { IngestEvent } from '@error-tracker/contracts/ingest-job';
import type { MaskOptions } from '../ingest/mask-secrets';
import type { BodyBudget } from '../http/body-budget';
import { HttpProblem, badRequest } from '../http/problem';
import { requestFacts } from '../ingest/build-event';
import { fitEvent } from '../ingest/event-budget';
import type { EventQueue } from '../ingest/event-queue';
import { findProjectById, type ProjectRecord } from '@error-tracker/contracts/db/projects';
import { decodeBody, decodedLength, tooLarge } from '../sentry/decompress';
import { parseEnvelope, parseJsonObject } from '../sentry/envelope';
import { eventUuid, mapSentryEvent } from '../sentry/map-event';
import { sentryKeyOf } from '../sentry/sentry-auth';

/** Sentry's own limits: 1 MB per event, 20 MB per (compressed) envelope. */
export const MAX_EVENT_BYTES = 1024 * 1024;
export const MAX_ENVELOPE_BYTES = 20 * 1024 * 1024;
const PROJECT_CACHE_MS = 30_000;
const PROJECT_CACHE_SIZE = 10_000;

export interface SentryRouteDeps {
  readonly db: Db;
  readonly queue: EventQueue;
  readonly mask: MaskOptions;
  readonly rateLimit: RequestHandler;
  readonly bodies: BodyBudget;
}

const readBody = express.raw({ type: () => true, limit: MAX_ENVELOPE_BYTES });

/**
 * The body as sent, still compressed. body-parser answers 415 to any Content-Encoding it is not to
 * inflate, so the header is set aside for decodeBody (raw deflate too, output capped).
 */
const rawBody: RequestHandler = (req, res, next) => {
  res.locals.contentEncoding = req.headers['content-encoding'];
  delete req.headers['content-encoding'];
  readBody(req, res, next);
};

const contentEncoding = (res: Response): string | undefined => res.locals.contentEncoding as string | undefined;

/** Projects by id, kept briefly; unknown ids are not kept, and the map is bounded. */
class ProjectLookup {
  private readonly cache = new Map<number, { project: ProjectRecord; until: number }>();
  constructor(private readonly db: Db) {}

  async find(id: number): Promise<ProjectRecord | undefined> {
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.project;
    const project = await findProjectById(this.db, id);
    if (!project) {
      this.cache.delete(id);
      return undefined;
    }
    if (this.cache.size >= PROJECT_CACHE_SIZE) this.cache.clear();
    this.cache.set(id, { project, until: Date.now() + PROJECT_CACHE_MS });
    return project;
  }
}

/** POST /api/{project_id}/envelope/ and /store/: the Sentry ingest protocol, onto the same queue. */
export function sentryIngestRouter(deps: SentryRouteDeps): Router {
  const router = Router();
  const projects = new ProjectLookup(deps.db);
  const reserveBody = deps.bodies.reserve(MAX_ENVELOPE_BYTES, 'route');

  /** Inflates within what the body budget lets this request hold now: past it a 503 to retry, past `limit` a 413. */
  const decode = async (req: Request, res: Response, limit: number): Promise<Buffer> => {
    const raw = bodyOf(req);
    const encoding = contentEncoding(res);
    const identity = ['', 'identity'].includes((encoding ?? '').trim().toLowerCase());
    const allowance = identity ? limit : deps.bodies.allowance(res, limit);
    try {
      const body = await decodeBody(raw, encoding, allowance);
      if (body !== raw) deps.bodies.hold(res, body.length);
      return body;
    } catch (error) {
      if (allowance >= limit || !(error instanceof HttpProblem) || error.problem.status !== 413) throw error;
      // Too large for what the budget has left now: a 503 only if it would fit when the server is quiet.
      if ((await decodedLength(raw, encoding, limit)) > limit) throw tooLarge(`decompressed body exceeds ${limit} bytes`);
      throw deps.bodies.busy();
    }
  };

  /** Only numeric project ids are Sentry routes; anything else goes on to the other routers. */
  const sentryPath = (req: Request<{ projectId: string }>, _res: Response, next: NextFunction) => {
    next(/^\d{1,15}$/.test(req.params.projectId) ? undefined : 'route');
  };

  /** Finds the DSN's project without answering yet: the rate limit counts a failure per address, a success per project. */
  const identifyProject = async (req: Request<{ projectId: string }>, res: Response, next: NextFunction) => {
    const key = sentryKeyOf(req);
    const project = key === undefined ? undefined : await projects.find(Number(req.params.projectId));
    if (key !== undefined && project && timingSafeEqual(Buffer.from(project.public_key), Buffer.from(key)))
      res.locals.project = project;
    else res.locals.sentryAuthFailure = key === undefined ? 'missing sentry_key' : 'unknown project or DSN key';
    next();
  };

  const requireProject = (_req: Request, res: Response, next: NextFunction) => {
    const failure = res.locals.sentryAuthFailure as string | undefined;
    next(failure === undefined ? undefined : new HttpProblem({ status: 401, title: 'Unauthorized', detail: failure }));
  };

  const enqueue = async (req: Request, res: Response, event: Record<string, unknown>): Promise<IngestEvent> => {
    const project = res.locals.project as ProjectRecord;
    const fitted = fitEvent(mapSentryEvent(event, project.name, requestFacts(req), deps.mask));
    await deps.queue.add(fitted);
    return fitted.event;
  };

  // Only numeric project ids; the DSN key found (a failure counted per address), rate limited, then the raw body.
  const guards = [sentryPath, identifyProject, deps.rateLimit, requireProject, reserveBody, rawBody];

  router.post('/api/:projectId/envelope', ...guards, async (req, res) => {
    const body = await decode(req, res, MAX_ENVELOPE_BYTES);
    const envelope = parseEnvelope(body);
    const events = envelope.items.filter((item) => item.type === 'event');
    if (events.length > 1) throw badRequest('an envelope carries at most one event');
    const [item] = events;
    if (!item) {
      res.json({});
      return;
    }
    if (item.payload.length > MAX_EVENT_BYTES) throw tooLarge(`an event may be at most ${MAX_EVENT_BYTES} bytes`);
    const event = parseJsonObject(item.payload, 'event');
    event.event_id = eventUuid(event.event_id ?? envelope.header.event_id).hex;
    await enqueue(req, res, event);
    res.json({ id: event.event_id });
  });

  router.post('/api/:projectId/store', ...guards, async (req, res) => {
    const body = await decode(req, res, MAX_EVENT_BYTES);
    const event = parseJsonObject(body, 'event');
    event.event_id = eventUuid(event.event_id).hex;
    await enqueue(req, res, event);
    res.json({ id: event.event_id });
  });

  return router;
}

function bodyOf(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
