import { Router } from 'express';

export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
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
          await readiness.check();
          return [name, 'ok'] as const;
        } catch {
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = results.every(([, state]) => state === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results) });
  });

  return router;
}
