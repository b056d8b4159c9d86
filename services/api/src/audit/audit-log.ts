import type { Request, Response } from 'express';
import type { Db } from '@error-tracker/contracts/db/schema';
import { callerOf } from '../access/caller';

/** Who acted, from where: taken from the request once it is authenticated. */
export interface AuditActor {
  readonly keyId: number | null;
  readonly memberId: number | null;
  readonly label: string;
  readonly clientIp: string | null;
}

export interface AuditEntry {
  /** `group.resolved`, `api_key.created`, `member.invited`, … (docs/access.md lists them). */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | number | null;
  readonly details?: Record<string, unknown>;
}

export function actorOf(req: Request, res: Response): AuditActor {
  const caller = callerOf(res);
  return {
    keyId: caller?.keyId ?? null,
    memberId: caller?.memberId ?? null,
    label: caller?.label ?? 'anonymous',
    clientIp: req.ip ?? null,
  };
}

/** Call inside the transaction that makes the change: the change and its record commit together. */
export async function recordAudit(trx: Pick<Db, 'insertInto'>, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      actor_key_id: actor.keyId,
      actor_member_id: actor.memberId,
      actor: actor.label,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId === null ? null : String(entry.targetId),
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
      client_ip: actor.clientIp,
    })
    .execute();
}

/** Newest first. */
export async function listAudit(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('audit_log')
    .select([
      'id',
      'at',
      'actor',
      'actor_key_id',
      'actor_member_id',
      'action',
      'target_type',
      'target_id',
      'details',
      'client_ip',
    ])
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * Runs a change and its audit record in one transaction. `entry` builds the record from what the
 * change returned; undefined (nothing changed) records nothing.
 */
export async function auditedChange<T>(
  db: Db,
  actor: AuditActor,
  change: (trx: Db) => Promise<T>,
  entry: (result: T) => AuditEntry | undefined,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const result = await change(trx);
    const record = entry(result);
    if (record) await recordAudit(trx, actor, record);
    return result;
  });
}
