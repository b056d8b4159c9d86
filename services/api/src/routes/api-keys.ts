import { Router } from 'express';
import { createApiKey, listApiKeys, revokeApiKey } from '@error-tracker/contracts/db/api-keys';
import type { Db } from '@error-tracker/contracts/db/schema';
import { forbidden, permit } from '../access/authenticate';
import { callerOf } from '../access/caller';
import { actorOf, auditedChange } from '../audit/audit-log';
import { notFoundProblem } from '../http/problem';
import { inputOf, validate } from '../http/validate';
import { presentApiKey, presentNewApiKey } from '../presenters/access';
import { apiKeyRoute, createApiKeyRoute } from './settings.schema';

/** /api/settings/api-keys: create (the key shown once), list, revoke. */
export function apiKeysRouter(db: Db): Router {
  const router = Router();

  router.get('/api/settings/api-keys', permit('admin'), async (_req, res) => {
    res.json({ api_keys: (await listApiKeys(db)).map(presentApiKey) });
  });

  router.post('/api/settings/api-keys', permit('admin'), validate(createApiKeyRoute), async (req, res) => {
    const { name, permissions, expires_at } = inputOf(res, createApiKeyRoute).body;
    const caller = callerOf(res);
    const beyond = permissions.filter((permission) => !caller?.permissions.has(permission));
    if (beyond.length > 0) throw forbidden(res, `a key cannot be given permissions its creator lacks: ${beyond.join(', ')}`);
    const { key, record } = await auditedChange(
      db,
      actorOf(req, res),
      (trx) =>
        createApiKey(trx, {
          name,
          permissions,
          memberId: caller?.memberId ?? null,
          expiresAt: expires_at === undefined ? null : new Date(expires_at),
        }),
      (created) => ({
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: created.record.id,
        details: { name, permissions },
      }),
    );
    res.status(201).json(presentNewApiKey(record, key));
  });

  router.delete('/api/settings/api-keys/:id', permit('admin'), validate(apiKeyRoute), async (req, res) => {
    const { id } = inputOf(res, apiKeyRoute).params;
    const revoked = await auditedChange(
      db,
      actorOf(req, res),
      (trx) => revokeApiKey(trx, id),
      (done) => (done ? { action: 'api_key.revoked', targetType: 'api_key', targetId: id } : undefined),
    );
    if (!revoked) throw notFoundProblem(`no live API key ${id}`);
    res.status(204).end();
  });

  return router;
}
