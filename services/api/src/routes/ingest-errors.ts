import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { MaskOptions } from '../ingest/mask-secrets';
import { buildIngestEvent, type RequestFacts } from '../ingest/build-event';
import type { EventQueue } from '../ingest/event-queue';
import { parseErrorEvent } from '../ingest/event-schema';
import { HttpProblem, badRequest } from '../http/problem';

const WAIT_TIMEOUT_MS = 5_000;

export interface IngestRouteDeps {
  readonly queue: EventQueue;
  readonly mask: MaskOptions;
  /** Rate limit, auth and body parsing, as for every /api route. */
  readonly guards: readonly RequestHandler[];
}

export function requestFacts(req: Request): RequestFacts {
  return { receivedAt: new Date(), clientIp: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
}

/** `Prefer: wait` (RFC 7240) or `?wait=true`: answer with the worker's result, as seed 000 does. */
function wantsToWait(req: Request): boolean {
  if (req.query.wait === 'true' || req.query.wait === '1') return true;
  const prefer = req.get('prefer');
  return prefer !== undefined && /(^|[,;\s])wait(\s*=\s*\d+)?\s*($|[,;])/i.test(prefer);
}

export function ingestErrorsRouter(deps: IngestRouteDeps): Router {
  const router = Router();

  router.post('/api/errors', ...deps.guards, async (req: Request, res: Response) => {
    const parsed = parseErrorEvent(req.body);
    if (!parsed.ok) throw badRequest('the error report is invalid', parsed.errors);

    const event = buildIngestEvent(parsed.event, requestFacts(req), deps.mask);
    const job = await deps.queue.add(event);

    if (wantsToWait(req)) {
      const result = await deps.queue.waitForResult(job, WAIT_TIMEOUT_MS);
      if (result) res.setHeader('Preference-Applied', 'wait');
      if (result?.status === 'created') {
        res.status(201).json({ status: 'created', fingerprint: result.fingerprint, id: result.id });
        return;
      }
      if (result?.status === 'existing') {
        res.status(200).json({ status: 'existing', fingerprint: result.fingerprint, id: result.id, count: result.count });
        return;
      }
    }
    res.status(202).json({ status: 'queued', id: event.event_id });
  });

  router.post('/api/errors/batch', ...deps.guards, async (req: Request, res: Response) => {
    const items = batchItems(req.body);
    const facts = requestFacts(req);
    const accepted = [];
    const rejected = [];
    for (const [index, item] of items.entries()) {
      const parsed = parseErrorEvent(item);
      if (parsed.ok) accepted.push(buildIngestEvent(parsed.event, facts, deps.mask));
      else rejected.push({ index, errors: parsed.errors });
    }
    if (accepted.length === 0) {
      throw new HttpProblem({
        status: 400,
        title: 'Bad Request',
        detail: 'no error in the batch is valid',
        errors: rejected.flatMap(({ index, errors }) => errors.map((e) => ({ field: `errors.${index}.${e.field}`, message: e.message }))),
      });
    }
    await deps.queue.addMany(accepted);
    res.status(202).json({ accepted: accepted.length, rejected, ids: accepted.map((event) => event.event_id) });
  });

  return router;
}

export const BATCH_MAX_EVENTS = 1_000;

function batchItems(body: unknown): unknown[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (body === null || typeof body !== 'object' || !Array.isArray(errors)) {
    throw badRequest('the body must be {"errors": [ … ]}', [{ field: 'errors', message: 'must be an array' }]);
  }
  if (errors.length === 0 || errors.length > BATCH_MAX_EVENTS) {
    throw badRequest(`a batch holds 1 to ${BATCH_MAX_EVENTS} errors`, [
      { field: 'errors', message: `must hold 1 to ${BATCH_MAX_EVENTS} items, got ${errors.length}` },
    ]);
  }
  return errors;
}
