import { useState } from 'preact/hooks';
import { send } from '../api/client';
import type { AlertRule } from '../api/types';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { Choice } from '../components/choice';
import { ConfirmButton } from '../components/confirm-button';
import { PageTitle } from '../components/page-title';
import { Loaded, Problem, ReadOnly } from '../components/states';
import { LEVELS } from '../lib/list-query';
import { can, type Session } from '../lib/permissions';
import { CHANNELS, formToRuleBody, NEW_RULE, RULE_KINDS, type RuleForm, ruleToForm, SEVERITIES } from '../lib/rule-form';
import { Link, navigate } from '../router';

function RuleFields({
  form,
  set,
  readOnly,
}: {
  readonly form: RuleForm;
  readonly set: (change: Partial<RuleForm>) => void;
  readonly readOnly: boolean;
}) {
  const toggle = (channel: string, on: boolean) =>
    set({ notifications: on ? [...form.notifications, channel] : form.notifications.filter((name) => name !== channel) });
  return (
    <fieldset disabled={readOnly} class="stacked">
      <label>
        Name
        <input
          type="text"
          required
          maxLength={100}
          value={form.name}
          onInput={(event) => set({ name: event.currentTarget.value })}
        />
      </label>
      <Choice label="Fires when" value={form.kind} options={RULE_KINDS} onChange={(kind) => set({ kind: kind || 'threshold' })} />
      {form.kind === 'threshold' && (
        <div class="row">
          <label>
            More events than
            <input
              type="number"
              min={0}
              required
              value={form.threshold}
              onInput={(event) => set({ threshold: event.currentTarget.value })}
            />
          </label>
          <label>
            Time window (1m to 24h)
            <input
              type="text"
              required
              pattern="\d+\s*[mh]"
              value={form.time_window}
              onInput={(event) => set({ time_window: event.currentTarget.value })}
            />
          </label>
        </div>
      )}
      <div class="row">
        <label>
          Project (optional)
          <input type="text" value={form.project} onInput={(event) => set({ project: event.currentTarget.value })} />
        </label>
        <label>
          Environment (optional)
          <input type="text" value={form.environment} onInput={(event) => set({ environment: event.currentTarget.value })} />
        </label>
        <Choice label="Level" value={form.level} options={LEVELS} blank="any" onChange={(level) => set({ level })} />
      </div>
      <fieldset class="checkboxes">
        <legend>Notify through</legend>
        {CHANNELS.map((channel) => (
          <label key={channel}>
            <input
              type="checkbox"
              checked={form.notifications.includes(channel)}
              onChange={(event) => toggle(channel, event.currentTarget.checked)}
            />
            {channel}
          </label>
        ))}
      </fieldset>
      <label>
        Email recipients (comma-separated; empty: the email integration's)
        <input type="text" value={form.recipients} onInput={(event) => set({ recipients: event.currentTarget.value })} />
      </label>
      <Choice
        label="Open an incident of severity"
        value={form.incident_severity}
        options={SEVERITIES}
        blank="no incident"
        onChange={(severity) => set({ incident_severity: severity })}
      />
      <label class="check">
        <input type="checkbox" checked={form.enabled} onChange={(event) => set({ enabled: event.currentTarget.checked })} />
        Enabled
      </label>
    </fieldset>
  );
}

function RuleEditor({ rule, session }: { readonly rule?: AlertRule; readonly session: Session }) {
  const [form, setForm] = useState<RuleForm>(rule ? ruleToForm(rule) : NEW_RULE);
  const { error, run } = useAction();
  const [saved, setSaved] = useState('');
  const mayWrite = can(session, 'write');
  const set = (change: Partial<RuleForm>) => setForm((current) => ({ ...current, ...change }));
  const save = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      const body = formToRuleBody(form);
      const answer = rule
        ? await send<AlertRule>('PUT', `/api/alerts/rules/${rule.id}`, body)
        : await send<AlertRule>('POST', '/api/alerts/rules', body);
      if (!rule) navigate(`/alerts/rules/${answer.id}`, { replace: true });
      setSaved(`Saved: ${answer.condition}.`);
    });
  };
  const remove = async () => {
    if (rule && (await run(() => send('DELETE', `/api/alerts/rules/${rule.id}`)))) navigate('/alerts/rules');
  };
  return (
    <>
      <p>
        <Link href="/alerts/rules">← Alert rules</Link>
      </p>
      <PageTitle text={rule ? `Alert rule: ${rule.name}` : 'New alert rule'} />
      {rule && (
        <p>
          <span class="mono">{rule.condition}</span> · state {rule.state}
          {rule.last_error && <span class="error-text"> · last delivery failed: {rule.last_error}</span>}
        </p>
      )}
      {!mayWrite && <ReadOnly>Your key can read alert rules but not change them.</ReadOnly>}
      <form onSubmit={(event) => void save(event)}>
        <RuleFields form={form} set={set} readOnly={!mayWrite} />
        {mayWrite && (
          <div class="actions">
            <button type="submit" class="primary">
              {rule ? 'Save rule' : 'Create rule'}
            </button>
            {rule && <ConfirmButton label="Delete" question="Delete this alert rule?" onConfirm={remove} />}
          </div>
        )}
      </form>
      <p role="status">{saved}</p>
      <Problem error={error} />
    </>
  );
}

export const NewRule = ({ session }: { readonly session: Session }) => <RuleEditor session={session} />;

export function EditRule({ id, session }: { readonly id: number; readonly session: Session }) {
  const rule = useResource<AlertRule>(`/api/alerts/rules/${id}`);
  return <Loaded resource={rule}>{(data) => <RuleEditor key={data.id} rule={data} session={session} />}</Loaded>;
}
