import { type Request, type Response, Router } from 'express';
import type { Transaction } from 'kysely';
import { createApiKey } from '@error-tracker/contracts/db/api-keys';
import type { Database, Db } from '@error-tracker/contracts/db/schema';
import type { Logger } from '@error-tracker/runtime/logger';
import type { MailSender } from '@error-tracker/runtime/mail/mail-sender';
import { forbidden, permit } from '../access/authenticate';
import { callerOf } from '../access/caller';
import { ROLE_PERMISSIONS } from '../access/roles';
import { actorOf, recordAudit } from '../audit/audit-log';
import { conflict, notFoundProblem } from '../http/problem';
import { inputOf, validate } from '../http/validate';
import { presentInvitedMember, presentMember, presentNewApiKey } from '../presenters/access';
import { renderInvitation } from '../team/invitation-email';
import { acceptInvitation, createInvitation } from '../team/invitations';
import {
  insertInvitedMember,
  listMembers,
  lockMember,
  type MemberChange,
  type MemberRecord,
  otherActiveOwners,
  removeMember,
  updateMember,
} from '../team/members-repository';
import { acceptRoute, inviteRoute, memberRoute, updateMemberRoute } from './settings.schema';

export interface TeamRouteDeps {
  readonly db: Db;
  /** The alert mail transport; undefined: invitations answer their link instead of emailing it. */
  readonly mailer: MailSender | undefined;
  /** Base URL of the dashboard; when unset, taken from the request. */
  readonly publicUrl: string | undefined;
  readonly logger: Logger;
}

const callerIsOwner = (res: Response): boolean => callerOf(res)?.role === 'owner';

/** Owners are made, changed and removed by owners only; the last active owner stays one. */
async function guardOwnerChange(
  trx: Transaction<Database>,
  res: Response,
  target: MemberRecord,
  change: MemberChange | 'remove',
) {
  const touchesOwner = target.role === 'owner' || (change !== 'remove' && change.role === 'owner');
  if (touchesOwner && !callerIsOwner(res)) throw forbidden(res, 'only an owner can make, change or remove an owner');
  const losesOwner =
    target.role === 'owner' &&
    target.status === 'active' &&
    (change === 'remove' || (change.role !== undefined && change.role !== 'owner') || change.status === 'disabled');
  if (losesOwner && (await otherActiveOwners(trx, target.id)) === 0) {
    throw conflict('the last owner cannot be removed, demoted or disabled');
  }
}

/** /api/settings/team: members, invitations by email, acceptance (no key), role and status changes, removal. */
export function teamRouter(deps: TeamRouteDeps): Router {
  const router = Router();
  const { db } = deps;
  const baseUrl = (req: Request) => deps.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  router.get('/api/settings/team', permit('admin'), async (_req, res) => {
    res.json({ members: (await listMembers(db)).map(presentMember) });
  });

  router.post('/api/settings/team/invite', permit('admin'), validate(inviteRoute), async (req, res) => {
    const { email, role, name } = inputOf(res, inviteRoute).body;
    if (role === 'owner' && !callerIsOwner(res)) throw forbidden(res, 'only an owner can invite an owner');
    const actor = actorOf(req, res);
    const { member, token, expiresAt } = await db.transaction().execute(async (trx) => {
      const invited = await insertInvitedMember(trx, email, role, name ?? '');
      if (!invited) throw conflict(`${email} is already a member`);
      const invitation = await createInvitation(trx, invited.id);
      await recordAudit(trx, actor, {
        action: 'member.invited',
        targetType: 'member',
        targetId: invited.id,
        details: { email, role },
      });
      return { member: invited, ...invitation };
    });
    const acceptUrl = `${baseUrl(req)}/invite?token=${encodeURIComponent(token)}`;
    const emailSent = await sendInvitation(deps, { email, role, invitedBy: actor.label, acceptUrl, expiresAt });
    res.status(201).json(presentInvitedMember(member, { expiresAt, emailSent, acceptUrl: emailSent ? undefined : acceptUrl }));
  });

  router.post('/api/settings/team/accept', validate(acceptRoute), async (req, res) => {
    const { token, name } = inputOf(res, acceptRoute).body;
    const joined = await db.transaction().execute(async (trx) => {
      const member = await acceptInvitation(trx, token, name);
      if (!member) return undefined;
      const key = await createApiKey(trx, {
        name: 'personal key',
        permissions: ROLE_PERMISSIONS[member.role],
        memberId: member.id,
      });
      const actor = { keyId: key.record.id, memberId: member.id, label: member.email, clientIp: req.ip ?? null };
      await recordAudit(trx, actor, { action: 'member.joined', targetType: 'member', targetId: member.id });
      return { member, key };
    });
    if (!joined) throw notFoundProblem('no such invitation: unknown, expired or already accepted');
    res.status(201).json({ member: presentMember(joined.member), api_key: presentNewApiKey(joined.key.record, joined.key.key) });
  });

  router.patch('/api/settings/team/:id', permit('admin'), validate(updateMemberRoute), async (req, res) => {
    const { params, body: change } = inputOf(res, updateMemberRoute);
    const actor = actorOf(req, res);
    const member = await db.transaction().execute(async (trx) => {
      const target = await lockMember(trx, params.id);
      if (!target) throw notFoundProblem(`no member ${params.id}`);
      if (change.status !== undefined && target.status === 'invited')
        throw conflict('an invited member becomes active by accepting');
      await guardOwnerChange(trx, res, target, change);
      const updated = await updateMember(trx, target.id, change);
      await recordAudit(trx, actor, {
        action: 'member.updated',
        targetType: 'member',
        targetId: target.id,
        details: { ...change },
      });
      return updated;
    });
    res.json(presentMember(member));
  });

  router.delete('/api/settings/team/:id', permit('admin'), validate(memberRoute), async (req, res) => {
    const { id } = inputOf(res, memberRoute).params;
    const actor = actorOf(req, res);
    await db.transaction().execute(async (trx) => {
      const target = await lockMember(trx, id);
      if (!target) throw notFoundProblem(`no member ${id}`);
      await guardOwnerChange(trx, res, target, 'remove');
      await removeMember(trx, id);
      await recordAudit(trx, actor, {
        action: 'member.removed',
        targetType: 'member',
        targetId: id,
        details: { email: target.email },
      });
    });
    res.status(204).end();
  });

  return router;
}

async function sendInvitation(deps: TeamRouteDeps, invitation: Parameters<typeof renderInvitation>[0]): Promise<boolean> {
  if (!deps.mailer) return false;
  try {
    await deps.mailer.send(renderInvitation(invitation));
    return true;
  } catch (error) {
    deps.logger.warn({ err: error, to: invitation.email }, 'invitation email not accepted; the link is in the answer');
    return false;
  }
}
