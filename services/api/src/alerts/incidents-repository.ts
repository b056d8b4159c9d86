import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { IncidentInput } from '../routes/alerts.schema';

const COLUMNS = [
  'id',
  'title',
  'severity',
  'status',
  'description',
  'assigned_to',
  'rule_id',
  'error_ids',
  'created_at',
  'updated_at',
  'resolved_at',
] as const;

const columnsOf = (incident: IncidentInput) => ({
  title: incident.title,
  severity: incident.severity,
  status: incident.status,
  description: incident.description,
  assigned_to: incident.assigned_to,
  error_ids: sql<number[]>`${incident.error_ids}::bigint[]`,
  resolved_at: incident.status === 'resolved' ? sql<Date>`coalesce(resolved_at, now())` : null,
});

export async function listIncidents(db: Db) {
  return db.selectFrom('incidents').select(COLUMNS).orderBy('id', 'desc').execute();
}

export async function findIncident(db: Db, id: number) {
  return db.selectFrom('incidents').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertIncident(db: Db, incident: IncidentInput) {
  return db
    .insertInto('incidents')
    .values({ ...columnsOf(incident), resolved_at: incident.status === 'resolved' ? sql<Date>`now()` : null })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Replaces the incident; resolving stamps resolved_at once, reopening clears it. */
export async function replaceIncident(db: Db, id: number, incident: IncidentInput) {
  return db
    .updateTable('incidents')
    .set({ ...columnsOf(incident), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst();
}
