import { type Request, type RequestHandler, Router } from 'express';
import { buildIngestEvent, requestFacts } from '../ingest/build-event';
import { fitEvent } from '../ingest/event-budget';
import type { EventQueue } from '../ingest/event-queue';
import { parseErrorEvent } from '../ingest/event-schema';
import type { MaskOptions } from '../ingest/mask-secrets';
import { badRequest, HttpProblem } from '../http/problem';
import { inputOf, validate } from '../http/validate';
import { permit } from '../access/authenticate';
import { type BatchRejection, presentBatch, presentIngestResult } from '../presenters/ingest';
import { type QueuedAnswer, queuedEmpty, queuedWithId } from '../presenters/queued-answers';
import { reportBatchRoute, reportErrorRoute } from './ingest.schema';

const WAIT_TIMEOUT_MS = 5_000;

export interface IngestRouteDeps {
  readonly queue: EventQueue;
  readonly mask: MaskOptions;
  /** Rate limit, auth and body parsing within MAX_BODY_BYTES, as for every /api route. */
  readonly guards: readonly RequestHandler[];
  /** The same, within the batch's body limit. */
  readonly batchGuards: readonly RequestHandler[];
}

/** `Prefer: wait` (RFC 7240) or `?wait=true`: answer with the worker's result instead of 202. */
function wantsToWait(req: Request, wait: string | undefined): boolean {
  if (wait === 'true' || wait === '1') return true;
  const prefer = req.get('prefer');
  return prefer !== undefined && /(^|[,;\s])wait(\s*=\s*\d+)?\s*($|[,;])/i.test(prefer);
}

function reportError(deps: IngestRouteDeps, answerQueued: QueuedAnswer): RequestHandler {
  return async (req, res) => {
    const { body, query } = inputOf(res, reportErrorRoute);
    const fitted = fitEvent(buildIngestEvent(body, requestFacts(req), deps.mask));
    if (!wantsToWait(req, query.wait)) {
      await deps.queue.add(fitted);
      answerQueued(res, fitted.event.event_id);
      return;
    }
    // No answer in time, or a spooled event (Redis away): answered as queued.
    const result = await deps.queue.addAndWait(fitted, WAIT_TIMEOUT_MS);
    if (!result) {
      answerQueued(res, fitted.event.event_id);
      return;
    }
    res.setHeader('Preference-Applied', 'wait');
    res.status(result.status === 'created' ? 201 : 200).json(presentIngestResult(result));
  };
}

function reportBatch(deps: IngestRouteDeps): RequestHandler {
  return async (req, res) => {
    const { errors: items } = inputOf(res, reportBatchRoute).body;
    const facts = requestFacts(req);
    const accepted = [];
    const rejected: BatchRejection[] = [];
    for (const [index, item] of items.entries()) {
      const parsed = parseErrorEvent(item);
      if (!parsed.ok) {
        rejected.push({ index, errors: parsed.errors });
        continue;
      }
      try {
        accepted.push(fitEvent(buildIngestEvent(parsed.event, facts, deps.mask)));
      } catch (error) {
        if (!(error instanceof HttpProblem)) throw error;
        rejected.push({ index, errors: [{ field: '(body)', message: error.problem.detail }] });
      }
    }
    if (accepted.length === 0) {
      throw badRequest(
        'no error in the batch is valid',
        rejected.flatMap(({ index, errors }) => errors.map((e) => ({ field: `errors.${index}.${e.field}`, message: e.message }))),
      );
    }
    await deps.queue.addMany(accepted);
    res.status(202).json(
      presentBatch(
        accepted.map((fitted) => fitted.event.event_id),
        rejected,
      ),
    );
  };
}

/** Ingest under our paths and under MiniAPM's (`/ingest/errors`): the same operations and limits. */
export function ingestRouter(deps: IngestRouteDeps): Router {
  const router = Router();
  router.post('/api/errors', ...deps.guards, permit('ingest'), validate(reportErrorRoute), reportError(deps, queuedWithId));
  router.post('/ingest/errors', ...deps.guards, permit('ingest'), validate(reportErrorRoute), reportError(deps, queuedEmpty));
  router.post('/api/errors/batch', ...deps.batchGuards, permit('ingest'), validate(reportBatchRoute), reportBatch(deps));
  router.post('/ingest/errors/batch', ...deps.batchGuards, permit('ingest'), validate(reportBatchRoute), reportBatch(deps));
  return router;
}
