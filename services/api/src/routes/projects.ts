import { Router } from 'express';
import type { Db } from '@error-tracker/common';
import { listProjectNames } from '../errors/errors-repository';

export function projectsRouter(db: Db): Router {
  const router = Router();
  router.get('/api/projects', async (_req, res) => {
    res.json({ projects: await listProjectNames(db) });
  });
  return router;
}
