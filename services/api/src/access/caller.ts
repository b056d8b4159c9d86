import type { Response } from 'express';
import type { Permission, Role } from '@error-tracker/contracts/db/schema';

/** Who is calling, once their key has been checked. */
export interface Caller {
  /** `bootstrap`: the API_KEY of the environment (every permission, acting as owner). */
  readonly kind: 'bootstrap' | 'key';
  readonly keyId: number | null;
  readonly memberId: number | null;
  readonly role: Role | null;
  readonly permissions: ReadonlySet<Permission>;
  /** For the audit log: `bootstrap key`, `key 7 (deploy)`, or the member's email. */
  readonly label: string;
}

const CALLER = 'caller';

export function setCaller(res: Response, caller: Caller): void {
  res.locals[CALLER] = caller;
}

export function callerOf(res: Response): Caller | undefined {
  return res.locals[CALLER] as Caller | undefined;
}
