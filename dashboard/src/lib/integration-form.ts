/** The integrations page's forms: one text field per config field, lists written comma-separated. */
export const CHANNELS = ['email', 'slack', 'discord', 'teams', 'pagerduty', 'webhook', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  /** A list (recipients, numbers): written comma-separated. */
  readonly list?: boolean;
  /** A credential: shown masked by the API; sent back unchanged, the stored value is kept. */
  readonly secret?: boolean;
}

const WEBHOOK_URL: FieldSpec = { name: 'webhook_url', label: 'Webhook URL', secret: true };

export const CHANNEL_FIELDS: Readonly<Record<Channel, readonly FieldSpec[]>> = {
  email: [{ name: 'recipients', label: 'Recipients (comma-separated)', list: true }],
  slack: [WEBHOOK_URL],
  discord: [WEBHOOK_URL],
  teams: [WEBHOOK_URL],
  pagerduty: [{ name: 'routing_key', label: 'Routing key', secret: true }],
  webhook: [
    { name: 'url', label: 'URL' },
    { name: 'secret', label: 'Signing secret (16 characters or more)', secret: true },
  ],
  sms: [
    { name: 'account_sid', label: 'Twilio account SID' },
    { name: 'auth_token', label: 'Twilio auth token', secret: true },
    { name: 'from', label: 'From (number or sender ID)' },
    { name: 'to', label: 'To (numbers, comma-separated)', list: true },
  ],
};

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  email: 'Email',
  slack: 'Slack',
  discord: 'Discord',
  teams: 'Microsoft Teams',
  pagerduty: 'PagerDuty',
  webhook: 'Webhook',
  sms: 'SMS (Twilio)',
};

/** The form's values from a config as the API shows it (null: not configured). */
export function formValues(channel: Channel, config: Readonly<Record<string, unknown>> | null): Record<string, string> {
  return Object.fromEntries(
    CHANNEL_FIELDS[channel].map((field) => {
      const value = config?.[field.name];
      const text = Array.isArray(value) ? value.map(String).join(', ') : typeof value === 'string' ? value : '';
      return [field.name, text];
    }),
  );
}

/** The `PUT` body's config from the form: trimmed text, lists split on commas with blanks dropped. */
export function configOf(channel: Channel, values: Readonly<Record<string, string>>): Record<string, string | string[]> {
  return Object.fromEntries(
    CHANNEL_FIELDS[channel].map((field) => {
      const text = (values[field.name] ?? '').trim();
      const value = field.list
        ? text
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item !== '')
        : text;
      return [field.name, value];
    }),
  );
}

export type TestOutcome = { readonly state: 'sent' } | { readonly state: 'failed' | 'pending'; readonly error: string | null };

/** What a test send came to, in words. */
export function describeTest(outcome: TestOutcome): string {
  if (outcome.state === 'sent') return 'The test message was delivered.';
  if (outcome.state === 'failed') return `The test message failed${outcome.error ? `: ${outcome.error}` : ''}.`;
  return outcome.error
    ? `The test message is being retried: ${outcome.error}.`
    : 'The test message is queued: no notifier has delivered it yet.';
}
