import { useState } from 'preact/hooks';
import { send } from '../api/client';
import type { Incident, IncidentStatus, Severity } from '../api/types';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { Badge } from '../components/badge';
import { PageTitle } from '../components/page-title';
import { Choice } from '../components/choice';
import { Loaded, Problem, ReadOnly } from '../components/states';
import { Table } from '../components/table';
import { timeAgo, utc } from '../lib/format';
import { can, type Session } from '../lib/permissions';
import { SEVERITIES } from '../lib/rule-form';
import { Link, navigate } from '../router';

const STATUSES: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];

export function Incidents({ session }: { readonly session: Session }) {
  const incidents = useResource<{ incidents: Incident[] }>('/api/alerts/incidents');
  return (
    <>
      <PageTitle text="Incidents" />
      {can(session, 'write') && (
        <p>
          <Link href="/alerts/incidents/new" class="button primary">
            New incident
          </Link>
        </p>
      )}
      <Loaded resource={incidents}>
        {(data) =>
          data.incidents.length === 0 ? (
            <p class="muted">No incident yet.</p>
          ) : (
            <Table caption="Incidents" columns={['Incident', 'Severity', 'Status', 'Assigned to', 'Opened']}>
              {data.incidents.map((incident) => (
                <tr key={incident.id}>
                  <td>
                    <Link href={`/alerts/incidents/${incident.id}`}>{incident.title}</Link>
                  </td>
                  <td>
                    <Badge value={incident.severity} />
                  </td>
                  <td>
                    <Badge value={incident.status} />
                  </td>
                  <td>{incident.assigned_to ?? '—'}</td>
                  <td title={utc(incident.created_at)}>{timeAgo(incident.created_at)}</td>
                </tr>
              ))}
            </Table>
          )
        }
      </Loaded>
    </>
  );
}

interface IncidentForm {
  readonly title: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly description: string;
  readonly assigned_to: string;
}

function IncidentEditor({ incident, session }: { readonly incident?: Incident; readonly session: Session }) {
  const [form, setForm] = useState<IncidentForm>({
    title: incident?.title ?? '',
    severity: incident?.severity ?? 'medium',
    status: incident?.status ?? 'investigating',
    description: incident?.description ?? '',
    assigned_to: incident?.assigned_to ?? '',
  });
  const { error, run } = useAction();
  const [saved, setSaved] = useState('');
  const mayWrite = can(session, 'write');
  const set = (change: Partial<IncidentForm>) => setForm((current) => ({ ...current, ...change }));
  const save = async (event: Event) => {
    event.preventDefault();
    const body = {
      ...form,
      assigned_to: form.assigned_to.trim() === '' ? null : form.assigned_to.trim(),
      error_ids: incident?.error_ids ?? [],
    };
    await run(async () => {
      const answer = incident
        ? await send<Incident>('PUT', `/api/alerts/incidents/${incident.id}`, body)
        : await send<Incident>('POST', '/api/alerts/incidents', body);
      if (!incident) navigate(`/alerts/incidents/${answer.id}`, { replace: true });
      setSaved(`Saved: ${answer.status}.`);
    });
  };
  return (
    <>
      <p>
        <Link href="/alerts/incidents">← Incidents</Link>
      </p>
      <PageTitle text={incident ? `Incident: ${incident.title}` : 'New incident'} />
      {incident && (
        <p class="muted">
          Opened {utc(incident.created_at)}
          {incident.rule_id !== null && (
            <>
              {' '}
              by <Link href={`/alerts/rules/${incident.rule_id}`}>rule {incident.rule_id}</Link>
            </>
          )}
          {incident.error_ids.length > 0 && (
            <>
              {' '}
              · issues{' '}
              {incident.error_ids.map((id) => (
                <Link key={id} href={`/errors/${id}`} class="spaced">
                  #{id}
                </Link>
              ))}
            </>
          )}
        </p>
      )}
      {!mayWrite && <ReadOnly>Your key can read incidents but not change them.</ReadOnly>}
      <form onSubmit={(event) => void save(event)}>
        <fieldset disabled={!mayWrite} class="stacked">
          <label>
            Title
            <input
              type="text"
              required
              maxLength={200}
              value={form.title}
              onInput={(event) => set({ title: event.currentTarget.value })}
            />
          </label>
          <div class="row">
            <Choice
              label="Severity"
              value={form.severity}
              options={SEVERITIES}
              onChange={(severity) => set({ severity: severity || 'medium' })}
            />
            <Choice
              label="Status"
              value={form.status}
              options={STATUSES}
              onChange={(status) => set({ status: status || 'investigating' })}
            />
            <label>
              Assigned to
              <input
                type="text"
                maxLength={200}
                value={form.assigned_to}
                onInput={(event) => set({ assigned_to: event.currentTarget.value })}
              />
            </label>
          </div>
          <label>
            Description
            <textarea rows={5} value={form.description} onInput={(event) => set({ description: event.currentTarget.value })} />
          </label>
        </fieldset>
        {mayWrite && (
          <button type="submit" class="primary">
            {incident ? 'Save incident' : 'Open incident'}
          </button>
        )}
      </form>
      <p role="status">{saved}</p>
      <Problem error={error} />
    </>
  );
}

export const NewIncident = ({ session }: { readonly session: Session }) => <IncidentEditor session={session} />;

export function EditIncident({ id, session }: { readonly id: number; readonly session: Session }) {
  const incident = useResource<Incident>(`/api/alerts/incidents/${id}`);
  return <Loaded resource={incident}>{(data) => <IncidentEditor key={data.id} incident={data} session={session} />}</Loaded>;
}
