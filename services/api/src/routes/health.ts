import { Router } from 'express';

export interface ReadinessCheck {
  readonly name: string;
  /** Throws when the dependency is down; may answer a state that is not a failure (`spooling`). */
  check(): Promise<void | string>;
}

export function healthRouter(checks: readonly ReadinessCheck[]): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', timestamp: new Date().toISOString() });
  });

  router.get('/ready', async (_req, res) => {
    const results = await Promise.all(
      checks.map(async (readiness) => {
        const { name } = readiness;
        try {
          return [name, (await readiness.check()) ?? 'ok'] as const;
        } catch {
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = results.every(([, state]) => state !== 'unavailable');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results) });
  });

  return router;
}
