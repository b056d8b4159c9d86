import { useState } from 'preact/hooks';
import { send } from '../api/client';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { Badge } from '../components/badge';
import { PageTitle } from '../components/page-title';
import { Loaded, Problem } from '../components/states';
import { utc } from '../lib/format';
import {
  CHANNEL_FIELDS,
  CHANNEL_LABELS,
  type Channel,
  configOf,
  describeTest,
  formValues,
  type TestOutcome,
} from '../lib/integration-form';

interface Integration {
  readonly name: Channel;
  readonly status: 'connected' | 'configured' | 'not_configured' | 'failing';
  readonly config: Readonly<Record<string, unknown>> | null;
  readonly last_test: string | null;
  readonly last_error: string | null;
}

function ChannelCard({ integration, onChanged }: { readonly integration: Integration; readonly onChanged: () => void }) {
  const name = integration.name;
  const [values, setValues] = useState(() => formValues(name, integration.config));
  const [message, setMessage] = useState('');
  const { error, run } = useAction();
  const save = async (event: Event) => {
    event.preventDefault();
    setMessage('');
    const saved = await run(async () => {
      const answer = await send<Integration>('PUT', `/api/settings/integrations/${name}`, { config: configOf(name, values) });
      // The fields show what is stored, secrets masked again: the typed secret leaves the page.
      setValues(formValues(name, answer.config));
    });
    if (saved) {
      setMessage('Saved.');
      onChanged();
    }
  };
  const test = async () => {
    setMessage('Sending a test message…');
    let outcome: TestOutcome | undefined;
    const ok = await run(async () => {
      outcome = (await send<{ test: TestOutcome }>('POST', `/api/settings/integrations/${name}/test`)).test;
    });
    setMessage(ok && outcome ? describeTest(outcome) : '');
    onChanged();
  };
  const headingId = `channel-${name}`;
  return (
    <section class="channel" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {CHANNEL_LABELS[name]} <Badge value={integration.status} />
      </h2>
      {integration.last_test && <p class="muted">Last test: {utc(integration.last_test)}</p>}
      {integration.last_error && <p class="notice">Last error: {integration.last_error}</p>}
      <form onSubmit={(event) => void save(event)}>
        {CHANNEL_FIELDS[name].map((field) => (
          <label key={field.name}>
            {field.label}
            <input
              type="text"
              name={`${name}-${field.name}`}
              autoComplete="off"
              spellcheck={false}
              value={values[field.name] ?? ''}
              onInput={(event) => setValues({ ...values, [field.name]: event.currentTarget.value })}
            />
          </label>
        ))}
        <div class="actions">
          <button type="submit" class="primary">
            Save {CHANNEL_LABELS[name]}
          </button>
          {integration.status !== 'not_configured' && (
            <button type="button" onClick={() => void test()}>
              Send a test to {CHANNEL_LABELS[name]}
            </button>
          )}
        </div>
      </form>
      <p role="status" class="done">
        {message}
      </p>
      <Problem error={error} />
    </section>
  );
}

/** `/settings/integrations`: where alerts go; each channel configured and tested on its own. */
export function Integrations() {
  const list = useResource<{ integrations: Integration[] }>('/api/settings/integrations');
  return (
    <>
      <PageTitle text="Integrations" />
      <p>
        Alerts go to every configured channel. Credentials are shown masked; leave a masked value as it is to keep it. A test
        sends a real message through the notifier and waits for it.
      </p>
      <Loaded resource={list}>
        {(data) => (
          <div class="channels">
            {data.integrations.map((integration) => (
              <ChannelCard key={integration.name} integration={integration} onChanged={list.reload} />
            ))}
          </div>
        )}
      </Loaded>
    </>
  );
}
