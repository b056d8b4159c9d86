import { sql } from 'kysely';
import { RULE_DEFINITION_COLUMNS } from '@error-tracker/contracts/alert-rules';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { RuleInput } from '../routes/alerts.schema';

const COLUMNS = [
  ...RULE_DEFINITION_COLUMNS,
  'enabled',
  'state',
  'last_count',
  'last_evaluated',
  'last_triggered',
  'last_error',
  'created_at',
  'updated_at',
] as const;

export type RuleRecord = Awaited<ReturnType<typeof findRule>> & object;

const columnsOf = (rule: RuleInput) => ({
  name: rule.name,
  kind: rule.kind,
  threshold: rule.kind === 'threshold' ? rule.threshold : null,
  window_minutes: rule.kind === 'threshold' ? rule.windowMinutes : null,
  project: rule.filters.project ?? null,
  environment: rule.filters.environment ?? null,
  level: rule.filters.level ?? null,
  notifications: sql<string[]>`${[...new Set(rule.notifications)]}::text[]`,
  recipients: sql<string[]>`${rule.recipients}::text[]`,
  incident_severity: rule.incident_severity ?? null,
  enabled: rule.enabled,
});

export async function listRules(db: Db) {
  return db.selectFrom('alert_rules').select(COLUMNS).orderBy('id').execute();
}

export async function findRule(db: Db, id: number) {
  return db.selectFrom('alert_rules').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertRule(db: Db, rule: RuleInput) {
  return db.insertInto('alert_rules').values(columnsOf(rule)).returning(COLUMNS).executeTakeFirstOrThrow();
}

/** Replaces the rule's definition; a change of what it watches starts it over from ok. */
export async function replaceRule(db: Db, id: number, rule: RuleInput) {
  return db
    .updateTable('alert_rules')
    .set({ ...columnsOf(rule), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst();
}

export async function deleteRule(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('alert_rules').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
