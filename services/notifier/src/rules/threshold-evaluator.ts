import { sql, type Transaction } from 'kysely';
import type { AlertPayload } from '@error-tracker/contracts/alert-channels';
import { conditionText, formatWindow, RULE_DEFINITION_COLUMNS } from '@error-tracker/contracts/alert-rules';
import type { Database, Db } from '@error-tracker/contracts/db/schema';
import type { Logger } from '@error-tracker/runtime/logger';
import type { DashboardLinks } from './alert-links';
import { queueDeliveries, type QueuedDelivery } from './delivery-queue';
import { openOrJoinIncident } from './incidents';

/** Any constant works; it only has to be the same in every replica. */
const EVALUATOR_LOCK = 7_342_915_002;

type Rule = Awaited<ReturnType<typeof enabledThresholdRules>>[number];

function enabledThresholdRules(trx: Transaction<Database>) {
  return trx
    .selectFrom('alert_rules')
    .select([...RULE_DEFINITION_COLUMNS, 'state', 'firing_count'])
    .where('kind', '=', 'threshold')
    .where('enabled', '=', true)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Events matching the rule's filters in its window: the current minute and the ones before it, `window` in all. */
async function countInWindow(trx: Transaction<Database>, rule: Rule): Promise<number> {
  let query = trx
    .selectFrom('event_minutes')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('count'), sql<number>`0`).as('total'))
    .where('minute', '>=', sql<Date>`date_trunc('minute', now()) - make_interval(mins => ${(rule.window_minutes ?? 1) - 1})`);
  if (rule.project !== null) query = query.where('project', '=', rule.project);
  if (rule.environment !== null) query = query.where('environment', '=', rule.environment);
  if (rule.level !== null) query = query.where('level', '=', rule.level);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.total);
}

export interface EvaluationReport {
  readonly ran: boolean;
  readonly fired: number[];
  readonly recovered: number[];
}

/**
 * Evaluates every enabled threshold rule, under a transaction-scoped advisory lock so that one
 * notifier at a time does it however many run. A rule notifies when it starts firing and, for
 * PagerDuty, when it is back to ok; its state, the deliveries and the incident commit together,
 * so a firing is notified once.
 */
export class ThresholdEvaluator {
  constructor(
    private readonly db: Db,
    private readonly links: DashboardLinks,
    private readonly logger: Logger,
  ) {}

  async evaluate(): Promise<EvaluationReport> {
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${EVALUATOR_LOCK}) AS locked`.execute(trx);
      if (!rows[0]?.locked) return { ran: false, fired: [], recovered: [] };
      const fired: number[] = [];
      const recovered: number[] = [];
      for (const rule of await enabledThresholdRules(trx)) {
        const count = await countInWindow(trx, rule);
        const firing = count > (rule.threshold ?? 0);
        if (firing && rule.state === 'ok') {
          await this.startFiring(trx, rule, count);
          fired.push(rule.id);
        } else if (!firing && rule.state === 'firing') {
          await this.recover(trx, rule, count);
          recovered.push(rule.id);
        } else {
          await trx
            .updateTable('alert_rules')
            .set({ last_count: count, last_evaluated: sql<Date>`now()` })
            .where('id', '=', rule.id)
            .execute();
        }
      }
      return { ran: true, fired, recovered };
    });
  }

  private async startFiring(trx: Transaction<Database>, rule: Rule, count: number): Promise<void> {
    const firing = rule.firing_count + 1;
    await trx
      .updateTable('alert_rules')
      .set({
        state: 'firing',
        firing_count: firing,
        last_count: count,
        last_evaluated: sql<Date>`now()`,
        last_triggered: sql<Date>`now()`,
      })
      .where('id', '=', rule.id)
      .execute();
    const payload = this.payloadOf(rule, count, 'firing', firing);
    await queueDeliveries(
      trx,
      rule.notifications.map((channel): QueuedDelivery => ({
        ruleId: rule.id,
        firing: String(firing),
        channel,
        event: 'firing',
        payload,
      })),
    );
    if (rule.incident_severity !== null)
      await openOrJoinIncident(trx, { ruleId: rule.id, title: payload.title, severity: rule.incident_severity, errorIds: [] });
    this.logger.info({ ruleId: rule.id, count, threshold: rule.threshold }, 'alert rule firing');
  }

  private async recover(trx: Transaction<Database>, rule: Rule, count: number): Promise<void> {
    await trx
      .updateTable('alert_rules')
      .set({ state: 'ok', last_count: count, last_evaluated: sql<Date>`now()` })
      .where('id', '=', rule.id)
      .execute();
    // Only PagerDuty keeps an open alert that must be closed; the other channels were told once.
    if (rule.notifications.includes('pagerduty')) {
      const payload = this.payloadOf(rule, count, 'resolved', rule.firing_count);
      await queueDeliveries(trx, [
        { ruleId: rule.id, firing: String(rule.firing_count), channel: 'pagerduty', event: 'resolved', payload },
      ]);
    }
    this.logger.info({ ruleId: rule.id, count }, 'alert rule back to ok');
  }

  private payloadOf(rule: Rule, count: number, event: 'firing' | 'resolved', firing: number): AlertPayload {
    const window = formatWindow(rule.window_minutes ?? 1);
    const where = rule.project === null ? '' : ` in ${rule.project}`;
    const title =
      event === 'firing'
        ? `${rule.name}: ${count} errors in ${window}${where} (threshold ${rule.threshold ?? 0})`
        : `${rule.name} is back to ok: ${count} errors in ${window}${where}`;
    return {
      event,
      title,
      rule: { id: rule.id, name: rule.name, condition: conditionText(rule), url: this.links.rule(rule.id) },
      count,
      threshold: rule.threshold ?? 0,
      window,
      project: rule.project,
      environment: rule.environment,
      url: this.links.rule(rule.id),
      dedup_key: `error-tracker-rule-${rule.id}-${firing}`,
      ...(rule.incident_severity === null ? {} : { severity: rule.incident_severity }),
      recipients: rule.recipients,
      at: new Date().toISOString(),
    };
  }
}
