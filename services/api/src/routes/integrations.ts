import { Router } from 'express';
import type { Db } from '@error-tracker/contracts/db/schema';
import { INTEGRATION_SECRET_FIELDS, integrationConfigSchemas } from '@error-tracker/contracts/integrations';
import { permit } from '../access/authenticate';
import { findIntegration, listIntegrations, saveIntegration } from '../alerts/integrations-repository';
import { sendTestMessage } from '../alerts/test-delivery';
import { actorOf, auditedChange } from '../audit/audit-log';
import { badRequest, conflict } from '../http/problem';
import { fieldProblems, inputOf, validate } from '../http/validate';
import { maskSecret, presentIntegration, presentIntegrations } from '../presenters/integrations';
import { configureIntegrationRoute, integrationRoute } from './settings.schema';

/** How long a test send waits for a notifier to deliver it before answering 202. */
export const TEST_WAIT_MS = 15_000;

/** /api/settings/integrations: list (secrets masked), configure (validated), test (a real delivery). */
export function integrationsRouter(db: Db, testWaitMs = TEST_WAIT_MS): Router {
  const router = Router();

  router.get('/api/settings/integrations', permit('admin'), async (_req, res) => {
    res.json(presentIntegrations(await listIntegrations(db)));
  });

  router.put('/api/settings/integrations/:name', permit('admin'), validate(configureIntegrationRoute), async (req, res) => {
    const { params, body } = inputOf(res, configureIntegrationRoute);
    const stored = await findIntegration(db, params.name);
    // A secret sent back as it was shown (masked) keeps its stored value: GET, edit, PUT works.
    const config = { ...body.config };
    for (const field of INTEGRATION_SECRET_FIELDS[params.name] as readonly string[]) {
      if (stored && config[field] === maskSecret(stored.config[field])) config[field] = stored.config[field];
    }
    const checked = integrationConfigSchemas[params.name].safeParse(config);
    if (!checked.success) {
      throw badRequest(
        `invalid ${params.name} config`,
        fieldProblems(checked.error, 'config').map((p) => ({
          ...p,
          field: p.field === 'config' ? p.field : `config.${p.field}`,
        })),
      );
    }
    await auditedChange(
      db,
      actorOf(req, res),
      (trx) => saveIntegration(trx, params.name, checked.data),
      () => ({
        action: 'integration.updated',
        targetType: 'integration',
        targetId: params.name,
      }),
    );
    res.json(presentIntegration(params.name, await findIntegration(db, params.name)));
  });

  router.post('/api/settings/integrations/:name/test', permit('admin'), validate(integrationRoute), async (req, res) => {
    const { name } = inputOf(res, integrationRoute).params;
    if (!(await findIntegration(db, name))) throw conflict(`${name} is not configured: PUT its config first`);
    const actor = actorOf(req, res);
    const outcome = await sendTestMessage(db, name, actor.label, testWaitMs);
    await auditedChange(
      db,
      actor,
      () => Promise.resolve(outcome),
      (o) => ({ action: 'integration.tested', targetType: 'integration', targetId: name, details: { state: o.state } }),
    );
    const answer = { ...presentIntegration(name, await findIntegration(db, name)), test: outcome };
    res.status(outcome.state === 'pending' ? 202 : 200).json(answer);
  });

  return router;
}
