import type { Db } from '@error-tracker/contracts/db/schema';
import type { JsonObject } from './channel-sinks/request-checks';

/** What a signed-webhook receiver got, told apart the way a receiver would. */
export interface WebhookAlerts {
  /** Threshold firings received (kind `firing`). */
  readonly firings: number;
  /** Group ids of the new-error alerts received, once each. */
  readonly newErrorGroups: ReadonlySet<number>;
  /** Dedup keys received more than once: a firing or a new error told twice. */
  readonly repeats: readonly string[];
}

/** `error-tracker-group-<group id>-<outbox id>`: the new-error payload's dedup key. */
const GROUP_KEY = /^error-tracker-group-(\d+)-\d+$/;

export function webhookAlerts(deliveries: readonly JsonObject[]): WebhookAlerts {
  const seen = new Set<string>();
  const repeats: string[] = [];
  const newErrorGroups = new Set<number>();
  let firings = 0;
  for (const body of deliveries) {
    const kind = typeof body.kind === 'string' ? body.kind : '';
    const key = typeof body.dedup_key === 'string' ? body.dedup_key : '';
    if (kind === 'firing') firings++;
    if (seen.has(`${kind} ${key}`)) repeats.push(key);
    seen.add(`${kind} ${key}`);
    const group = GROUP_KEY.exec(key);
    if (kind === 'new_error' && group) newErrorGroups.add(Number(group[1]));
  }
  return { firings, newErrorGroups, repeats };
}

/** Groups of `project` (ids up to `upToId`, if given) that no new-error alert has told of yet. */
export async function untoldGroups(db: Db, project: string, told: ReadonlySet<number>, upToId?: number): Promise<number[]> {
  let query = db.selectFrom('errors').select('id').where('project', '=', project);
  if (upToId !== undefined) query = query.where('id', '<=', upToId);
  const rows = await query.execute();
  return rows.map((row) => Number(row.id)).filter((id) => !told.has(id));
}

/** The newest group id of `project`, or 0. */
export async function newestGroupId(db: Db, project: string): Promise<number> {
  const row = await db
    .selectFrom('errors')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('project', '=', project)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
