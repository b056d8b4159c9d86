import { Router } from 'express';
import type { Db } from '@error-tracker/contracts/db/schema';
import { permit } from '../access/authenticate';
import { listAudit } from '../audit/audit-log';
import { inputOf, validate } from '../http/validate';
import { presentAuditLog } from '../presenters/access';
import { auditLogRoute } from './settings.schema';

export function auditLogRouter(db: Db): Router {
  const router = Router();

  router.get('/api/settings/audit-log', permit('admin'), validate(auditLogRoute), async (_req, res) => {
    const { limit, offset } = inputOf(res, auditLogRoute).query;
    res.json(presentAuditLog(await listAudit(db, limit, offset), limit, offset));
  });

  return router;
}
