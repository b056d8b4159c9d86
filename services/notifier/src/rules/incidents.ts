import { sql, type Transaction } from 'kysely';
import type { Database, Severity } from '@error-tracker/contracts/db/schema';

export interface IncidentOpening {
  readonly ruleId: number;
  readonly title: string;
  readonly severity: Severity;
  readonly errorIds: readonly number[];
}

/** A firing rule with `incident_severity` opens an incident, or adds to its own one still open. */
export async function openOrJoinIncident(trx: Transaction<Database>, opening: IncidentOpening): Promise<number> {
  const open = await trx
    .selectFrom('incidents')
    .select(['id'])
    .where('rule_id', '=', opening.ruleId)
    .where('status', '!=', 'resolved')
    .orderBy('id', 'desc')
    .forUpdate()
    .executeTakeFirst();
  const ids = sql<number[]>`${[...opening.errorIds]}::bigint[]`;
  if (open) {
    await trx
      .updateTable('incidents')
      .set({
        error_ids: sql<number[]>`(SELECT coalesce(array_agg(DISTINCT e), '{}') FROM unnest(error_ids || ${ids}) AS e)`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', open.id)
      .execute();
    return open.id;
  }
  const created = await trx
    .insertInto('incidents')
    .values({
      title: opening.title,
      severity: opening.severity,
      rule_id: opening.ruleId,
      error_ids: ids,
      description: 'opened by an alert rule',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}
