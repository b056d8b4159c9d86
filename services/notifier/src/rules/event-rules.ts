import { sql } from 'kysely';
import type { AlertPayload } from '@error-tracker/contracts/alert-channels';
import { conditionText, RULE_DEFINITION_COLUMNS } from '@error-tracker/contracts/alert-rules';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { NewErrorMessage } from '@error-tracker/contracts/new-error-message';
import type { DashboardLinks } from './alert-links';
import { queueDeliveries } from './delivery-queue';
import { openOrJoinIncident } from './incidents';

/**
 * `new_error` and `regression` rules: each created or reopened group of the `new-errors` stream
 * queues a delivery per matching rule and channel. Keyed by the outbox row, so a replayed stream
 * entry queues nothing twice.
 */
export class EventRules {
  constructor(
    private readonly db: Db,
    private readonly links: DashboardLinks,
  ) {}

  async enqueue(message: NewErrorMessage): Promise<number> {
    const kind = message.kind === 'new' ? 'new_error' : 'regression';
    const group = await this.db
      .selectFrom('errors')
      .select(['id', 'project', 'environment', 'level', 'exception_type', 'message', 'culprit'])
      .where('id', '=', message.error_id)
      .executeTakeFirst();
    if (!group) return 0;
    const rules = await this.db
      .selectFrom('alert_rules')
      .select(RULE_DEFINITION_COLUMNS)
      .where('kind', '=', kind)
      .where('enabled', '=', true)
      .where((eb) => eb.or([eb('project', 'is', null), eb('project', '=', group.project)]))
      .where((eb) => eb.or([eb('environment', 'is', null), eb('environment', '=', group.environment)]))
      .where((eb) => eb.or([eb('level', 'is', null), eb('level', '=', group.level)]))
      .execute();
    if (rules.length === 0) return 0;
    const firing = `outbox-${message.outbox_id}`;
    await this.db.transaction().execute(async (trx) => {
      for (const rule of rules) {
        const title = `${kind === 'new_error' ? 'New error' : 'Regression'} in ${group.project}: ${group.exception_type}: ${group.message.slice(0, 200)}`;
        const payload: AlertPayload = {
          event: kind,
          title,
          rule: { id: rule.id, name: rule.name, condition: conditionText(rule), url: this.links.rule(rule.id) },
          project: group.project,
          environment: group.environment,
          group: {
            id: group.id,
            exception_type: group.exception_type,
            message: group.message.slice(0, 1_000),
            culprit: group.culprit,
          },
          url: this.links.group(group.id),
          dedup_key: `error-tracker-group-${group.id}-${message.outbox_id}`,
          ...(rule.incident_severity === null ? {} : { severity: rule.incident_severity }),
          recipients: rule.recipients,
          at: new Date().toISOString(),
        };
        await queueDeliveries(
          trx,
          rule.notifications.map((channel) => ({ ruleId: rule.id, firing, channel, event: kind, payload })),
        );
        await trx
          .updateTable('alert_rules')
          .set({ last_triggered: sql<Date>`now()` })
          .where('id', '=', rule.id)
          .execute();
        if (rule.incident_severity !== null)
          await openOrJoinIncident(trx, { ruleId: rule.id, title, severity: rule.incident_severity, errorIds: [group.id] });
      }
    });
    return rules.length;
  }
}
