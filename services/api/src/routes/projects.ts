import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Db } from '@error-tracker/contracts/db/schema';
import { listProjectNames } from '../errors/errors-repository';
import { HttpProblem, badRequest } from '../http/problem';
import { dsnFor, findProjectByName, insertProject, type ProjectRecord } from '@error-tracker/contracts/db/projects';

const newProject = z.object(
  {
    name: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .refine((name) => !name.includes('\u0000'), 'must not contain NUL characters'),
  },
  { error: 'body must be a JSON object' },
);

export interface ProjectsRouteDeps {
  readonly db: Db;
  /** Base URL SDKs reach the API at; when unset, taken from the request. */
  readonly publicUrl: string | undefined;
}

export function projectsRouter({ db, publicUrl }: ProjectsRouteDeps): Router {
  const router = Router();
  const present = (req: Request, project: ProjectRecord) => ({
    ...project,
    dsn: dsnFor(project, publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`),
  });

  router.get('/api/projects', async (_req, res) => {
    res.json({ projects: await listProjectNames(db) });
  });

  router.post('/api/projects', async (req, res) => {
    const parsed = newProject.safeParse(req.body);
    if (!parsed.success) {
      throw badRequest(
        'invalid project',
        parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
      );
    }
    const created = await insertProject(db, parsed.data.name);
    if (!created) {
      throw new HttpProblem({ status: 409, title: 'Conflict', detail: `project ${parsed.data.name} exists` });
    }
    res.status(201).json(present(req, created));
  });

  router.get('/api/projects/:name', async (req, res) => {
    if (req.params.name.includes('\u0000')) throw badRequest('invalid project name', [{ field: 'name', message: 'must not contain NUL characters' }]);
    const project = await findProjectByName(db, req.params.name);
    if (!project) throw new HttpProblem({ status: 404, title: 'Not Found', detail: `no project ${req.params.name}` });
    res.json(present(req, project));
  });

  return router;
}
