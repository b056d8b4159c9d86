import { useState } from 'preact/hooks';
import { send } from '../api/client';
import type { ApiKey } from '../api/types';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { ConfirmButton } from '../components/confirm-button';
import { PageTitle } from '../components/page-title';
import { SecretOnce } from '../components/secret-once';
import { Loaded, Problem } from '../components/states';
import { Table } from '../components/table';
import { timeAgo, utc } from '../lib/format';
import type { Permission, Session } from '../lib/permissions';

const PERMISSIONS: ReadonlyArray<readonly [Permission, string]> = [
  ['ingest', 'ingest: report errors'],
  ['read', 'read: see issues, stats, alerts'],
  ['write', 'write: triage, projects, alerts'],
  ['admin', 'admin: keys, team, audit log'],
];

function CreateKey({ onCreated }: { readonly onCreated: () => void }) {
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<Permission[]>(['read']);
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<ApiKey & { key: string }>();
  const { error, run } = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      const body = {
        name: name.trim(),
        permissions,
        ...(expires ? { expires_at: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
      };
      setCreated(await send<ApiKey & { key: string }>('POST', '/api/settings/api-keys', body));
      setName('');
      onCreated();
    });
  };
  return (
    <section aria-labelledby="new-key">
      <h2 id="new-key">New API key</h2>
      <form onSubmit={(event) => void submit(event)} class="stacked">
        <label>
          Name
          <input type="text" required maxLength={100} value={name} onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <fieldset class="checkboxes">
          <legend>Permissions</legend>
          {PERMISSIONS.map(([permission, label]) => (
            <label key={permission}>
              <input
                type="checkbox"
                checked={permissions.includes(permission)}
                onChange={(event) =>
                  setPermissions(
                    event.currentTarget.checked
                      ? [...permissions, permission]
                      : permissions.filter((held) => held !== permission),
                  )
                }
              />
              {label}
            </label>
          ))}
        </fieldset>
        <label>
          Expires after (optional, UTC day)
          <input type="date" value={expires} onInput={(event) => setExpires(event.currentTarget.value)} />
        </label>
        <button type="submit" class="primary" disabled={permissions.length === 0}>
          Create key
        </button>
      </form>
      {created && (
        <SecretOnce
          label={`Key ${created.name}`}
          value={created.key}
          note="Copy it now: it is shown this once and cannot be read again."
        />
      )}
      <Problem error={error} />
    </section>
  );
}

export function ApiKeys(_props: { readonly session: Session }) {
  const keys = useResource<{ api_keys: ApiKey[] }>('/api/settings/api-keys');
  const { error, run } = useAction();
  const revoke = async (id: number) => {
    if (await run(() => send('DELETE', `/api/settings/api-keys/${id}`))) keys.reload();
  };
  return (
    <>
      <PageTitle text="API keys" />
      <Loaded resource={keys}>
        {(data) => (
          <Table
            caption="Live API keys"
            columns={['Name', 'Key', 'Permissions', 'Member', 'Expires', 'Last used', { label: 'Actions', hidden: true }]}
          >
            {data.api_keys.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td class="mono">{key.key_preview}</td>
                <td>{key.permissions.join(', ')}</td>
                <td>{key.member_id ?? '—'}</td>
                <td>{key.expires_at ? utc(key.expires_at) : 'never'}</td>
                <td>{timeAgo(key.last_used)}</td>
                <td>
                  <ConfirmButton
                    label="Revoke"
                    question={`Revoke ${key.name}? It stops working within seconds.`}
                    onConfirm={() => revoke(key.id)}
                  />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Loaded>
      <Problem error={error} />
      <CreateKey onCreated={keys.reload} />
    </>
  );
}
