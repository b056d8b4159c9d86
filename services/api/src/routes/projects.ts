import { type Request, Router } from 'express';
import { findProjectByName, insertProject } from '@error-tracker/contracts/db/projects';
import type { Db } from '@error-tracker/contracts/db/schema';
import { listProjectNames } from '../groups/groups-repository';
import { conflict, notFoundProblem } from '../http/problem';
import { inputOf, validate } from '../http/validate';
import { permit } from '../access/authenticate';
import { actorOf, auditedChange } from '../audit/audit-log';
import { presentProject, presentProjectNames } from '../presenters/project';
import { createProjectRoute, projectRoute } from './projects.schema';

export interface ProjectsRouteDeps {
  readonly db: Db;
  /** Base URL SDKs reach the API at; when unset, taken from the request. */
  readonly publicUrl: string | undefined;
}

export function projectsRouter({ db, publicUrl }: ProjectsRouteDeps): Router {
  const router = Router();
  const baseUrl = (req: Request) => publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  router.get('/api/projects', permit('read'), async (_req, res) => {
    res.json(presentProjectNames(await listProjectNames(db)));
  });

  router.post('/api/projects', permit('write'), validate(createProjectRoute), async (req, res) => {
    const { name } = inputOf(res, createProjectRoute).body;
    const created = await auditedChange(
      db,
      actorOf(req, res),
      (trx) => insertProject(trx, name),
      (project) => project && { action: 'project.created', targetType: 'project', targetId: project.id, details: { name } },
    );
    if (!created) throw conflict(`project ${name} exists`);
    res.status(201).json(presentProject(created, baseUrl(req)));
  });

  router.get('/api/projects/:name', permit('read'), validate(projectRoute), async (req, res) => {
    const { name } = inputOf(res, projectRoute).params;
    const project = await findProjectByName(db, name);
    if (!project) throw notFoundProblem(`no project ${name}`);
    res.json(presentProject(project, baseUrl(req)));
  });

  return router;
}
