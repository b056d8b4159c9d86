import { type Request, type Response, Router } from 'express';
import type { Db } from '@error-tracker/contracts/db/schema';
import { permit } from '../access/authenticate';
import { deleteRule, findRule, insertRule, listRules, replaceRule } from '../alerts/rules-repository';
import { findIncident, insertIncident, listIncidents, replaceIncident } from '../alerts/incidents-repository';
import { actorOf, type AuditEntry, auditedChange } from '../audit/audit-log';
import { notFoundProblem } from '../http/problem';
import { inputOf, validate } from '../http/validate';
import { presentIncident, presentRule } from '../presenters/alerts';
import {
  createIncidentRoute,
  createRuleRoute,
  incidentRoute,
  ruleRoute,
  updateIncidentRoute,
  updateRuleRoute,
} from './alerts.schema';

/** /api/alerts/rules and /api/alerts/incidents: read with `read`, change with `write`, every change audited. */
export function alertsRouter(db: Db): Router {
  const router = Router();

  const audited = <T>(
    req: Request,
    res: Response,
    change: (trx: Db) => Promise<T>,
    entry: (result: T) => AuditEntry | undefined,
  ) => auditedChange(db, actorOf(req, res), change, entry);

  router.get('/api/alerts/rules', permit('read'), async (_req, res) => {
    res.json({ rules: (await listRules(db)).map(presentRule) });
  });

  router.get('/api/alerts/rules/:id', permit('read'), validate(ruleRoute), async (_req, res) => {
    const { id } = inputOf(res, ruleRoute).params;
    const rule = await findRule(db, id);
    if (!rule) throw notFoundProblem(`no alert rule ${id}`);
    res.json(presentRule(rule));
  });

  router.post('/api/alerts/rules', permit('write'), validate(createRuleRoute), async (req, res) => {
    const input = inputOf(res, createRuleRoute).body;
    const rule = await audited(
      req,
      res,
      (trx) => insertRule(trx, input),
      (r) => ({ action: 'rule.created', targetType: 'alert_rule', targetId: r.id, details: { name: r.name } }),
    );
    res.status(201).json(presentRule(rule));
  });

  router.put('/api/alerts/rules/:id', permit('write'), validate(updateRuleRoute), async (req, res) => {
    const { params, body } = inputOf(res, updateRuleRoute);
    const rule = await audited(
      req,
      res,
      (trx) => replaceRule(trx, params.id, body),
      (r) => r && { action: 'rule.updated', targetType: 'alert_rule', targetId: r.id, details: { name: r.name } },
    );
    if (!rule) throw notFoundProblem(`no alert rule ${params.id}`);
    res.json(presentRule(rule));
  });

  router.delete('/api/alerts/rules/:id', permit('write'), validate(ruleRoute), async (req, res) => {
    const { id } = inputOf(res, ruleRoute).params;
    const deleted = await audited(
      req,
      res,
      (trx) => deleteRule(trx, id),
      (done) => (done ? { action: 'rule.deleted', targetType: 'alert_rule', targetId: id } : undefined),
    );
    if (!deleted) throw notFoundProblem(`no alert rule ${id}`);
    res.status(204).end();
  });

  router.get('/api/alerts/incidents', permit('read'), async (_req, res) => {
    res.json({ incidents: (await listIncidents(db)).map(presentIncident) });
  });

  router.get('/api/alerts/incidents/:id', permit('read'), validate(incidentRoute), async (_req, res) => {
    const { id } = inputOf(res, incidentRoute).params;
    const incident = await findIncident(db, id);
    if (!incident) throw notFoundProblem(`no incident ${id}`);
    res.json(presentIncident(incident));
  });

  router.post('/api/alerts/incidents', permit('write'), validate(createIncidentRoute), async (req, res) => {
    const input = inputOf(res, createIncidentRoute).body;
    const incident = await audited(
      req,
      res,
      (trx) => insertIncident(trx, input),
      (i) => ({ action: 'incident.created', targetType: 'incident', targetId: i.id, details: { severity: i.severity } }),
    );
    res.status(201).json(presentIncident(incident));
  });

  router.put('/api/alerts/incidents/:id', permit('write'), validate(updateIncidentRoute), async (req, res) => {
    const { params, body } = inputOf(res, updateIncidentRoute);
    const incident = await audited(
      req,
      res,
      (trx) => replaceIncident(trx, params.id, body),
      (i) =>
        i && {
          action: 'incident.updated',
          targetType: 'incident',
          targetId: i.id,
          details: { status: i.status, severity: i.severity },
        },
    );
    if (!incident) throw notFoundProblem(`no incident ${params.id}`);
    res.json(presentIncident(incident));
  });

  return router;
}
