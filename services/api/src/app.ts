import express, { type Express, type Request } from 'express';
import type { Logger, MaskOptions } from '@error-tracker/common';
import { requireApiKey } from './http/auth';
import { parseJsonBody, requireJsonContentType } from './http/body-parsing';
import { errorHandler, notFound } from './http/error-handler';
import type { EventQueue } from './ingest/event-queue';
import { healthRouter, type ReadinessCheck } from './routes/health';
import { ingestErrorsRouter } from './routes/ingest-errors';

export interface AppDeps {
  readonly apiKey: string;
  readonly maxBodyBytes: number;
  readonly trustProxy: boolean;
  readonly mask: MaskOptions;
  readonly queue: EventQueue;
  readonly readiness: readonly ReadinessCheck[];
  readonly logger: Logger;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.set('etag', false);

  app.use(healthRouter(deps.readiness));

  // Everything under /api needs the key; ?api_key= is accepted only on POST /api/errors.
  const isBrowserIngest = (req: Request): boolean => req.method === 'POST' && req.path === '/errors';
  app.use('/api', requireApiKey(deps.apiKey, { allowQueryKey: isBrowserIngest }));
  app.use('/api', requireJsonContentType, parseJsonBody(deps.maxBodyBytes));

  app.use(ingestErrorsRouter({ queue: deps.queue, mask: deps.mask }));

  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
