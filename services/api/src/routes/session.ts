import { Router } from 'express';
import { permit } from '../access/authenticate';
import { callerOf } from '../access/caller';
import { HttpProblem } from '../http/problem';
import { presentSession } from '../presenters/session';

/** GET /api/session: what the presented key may do, so a client (the dashboard) offers only that. */
export function sessionRouter(): Router {
  const router = Router();
  router.get('/api/session', permit('read'), (_req, res) => {
    const caller = callerOf(res);
    if (!caller) throw new HttpProblem({ status: 401, title: 'Unauthorized', detail: 'missing API key' });
    res.json(presentSession(caller));
  });
  return router;
}
