import { useState } from 'preact/hooks';
import { ApiError, send } from '../api/client';
import type { InvitedMember, Member } from '../api/types';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { ConfirmButton } from '../components/confirm-button';
import { PageTitle } from '../components/page-title';
import { SecretOnce } from '../components/secret-once';
import { Choice } from '../components/choice';
import { Loaded, Problem } from '../components/states';
import { Table } from '../components/table';
import { timeAgo } from '../lib/format';
import { assignableRoles, canManageMember, type Role, type Session } from '../lib/permissions';

function Invite({ session, onInvited }: { readonly session: Session; readonly onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('developer');
  const [invited, setInvited] = useState<InvitedMember>();
  const { error, run } = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      setInvited(
        await send<InvitedMember>('POST', '/api/settings/team/invite', {
          email: email.trim(),
          role,
          ...(name.trim() ? { name: name.trim() } : {}),
        }),
      );
      setEmail('');
      setName('');
      onInvited();
    });
  };
  return (
    <section aria-labelledby="invite">
      <h2 id="invite">Invite a member</h2>
      <form onSubmit={(event) => void submit(event)} class="inline-form">
        <label>
          Email
          <input type="email" required value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
        </label>
        <label>
          Name (optional)
          <input type="text" value={name} onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <Choice
          label="Role"
          value={role}
          options={assignableRoles(session)}
          onChange={(chosen) => setRole(chosen || 'developer')}
        />
        <button type="submit" class="primary">
          Send invitation
        </button>
      </form>
      {invited &&
        (invited.invitation.accept_url ? (
          <SecretOnce
            label={`Invitation link for ${invited.email}`}
            value={invited.invitation.accept_url}
            note="No mail transport took it: pass this link on yourself. It works once, for 7 days."
          />
        ) : (
          <p class="notice success" role="status">
            Invitation emailed to {invited.email}.
          </p>
        ))}
      <Problem error={error} />
    </section>
  );
}

function MemberRow({
  member,
  session,
  onChanged,
}: {
  readonly member: Member;
  readonly session: Session;
  readonly onChanged: (error?: ApiError) => void;
}) {
  const mayManage = canManageMember(session, member);
  const change = async (run: () => Promise<unknown>) => {
    try {
      await run();
      onChanged();
    } catch (caught) {
      if (caught instanceof ApiError) onChanged(caught);
    }
  };
  const roles = assignableRoles(session);
  return (
    <tr>
      <td>{member.name}</td>
      <td>{member.email}</td>
      <td>
        {mayManage ? (
          <select
            aria-label={`Role of ${member.email}`}
            value={member.role}
            onChange={(event) =>
              void change(() => send('PATCH', `/api/settings/team/${member.id}`, { role: event.currentTarget.value }))
            }
          >
            {(roles.includes(member.role) ? roles : [member.role, ...roles]).map((option) => (
              <option key={option}>{option}</option>
            ))}
          </select>
        ) : (
          member.role
        )}
      </td>
      <td>{member.status}</td>
      <td>{timeAgo(member.last_active)}</td>
      <td class="actions">
        {mayManage && member.status !== 'invited' && (
          <button
            type="button"
            onClick={() =>
              void change(() =>
                send('PATCH', `/api/settings/team/${member.id}`, {
                  status: member.status === 'disabled' ? 'active' : 'disabled',
                }),
              )
            }
          >
            {member.status === 'disabled' ? 'Enable' : 'Disable'}
          </button>
        )}
        {mayManage && (
          <ConfirmButton
            label="Remove"
            question={`Remove ${member.email}? Their keys stop working.`}
            onConfirm={() => change(() => send('DELETE', `/api/settings/team/${member.id}`))}
          />
        )}
      </td>
    </tr>
  );
}

export function Team({ session }: { readonly session: Session }) {
  const members = useResource<{ members: Member[] }>('/api/settings/team');
  const [error, setError] = useState<ApiError>();
  const changed = (problem?: ApiError) => {
    setError(problem);
    members.reload();
  };
  return (
    <>
      <PageTitle text="Team" />
      <Loaded resource={members}>
        {(data) =>
          data.members.length === 0 ? (
            <p class="muted">No member yet: the bootstrap key and keys of no member work without one.</p>
          ) : (
            <Table
              caption="Members"
              columns={['Name', 'Email', 'Role', 'Status', 'Last active', { label: 'Actions', hidden: true }]}
            >
              {data.members.map((member) => (
                <MemberRow key={member.id} member={member} session={session} onChanged={changed} />
              ))}
            </Table>
          )
        }
      </Loaded>
      <Problem error={error} />
      <Invite session={session} onInvited={members.reload} />
    </>
  );
}
