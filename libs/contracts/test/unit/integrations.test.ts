import {
  CHANNEL_NAMES,
  checkIntegrationConfig,
  INTEGRATION_SECRET_FIELDS,
  integrationConfigSchemas,
  PAGERDUTY_API_URL,
  TWILIO_API_URL,
} from '../../src/integrations';

const problems = (check: { ok: boolean; problems?: string[] }) => (check.ok ? [] : (check.problems ?? []));

describe('integration configs', () => {
  it('has a schema and a list of secret fields for every channel', () => {
    expect(Object.keys(integrationConfigSchemas).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(Object.keys(INTEGRATION_SECRET_FIELDS).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('takes slack, discord and teams as {webhook_url} over http(s), dropping unknown fields', () => {
    for (const name of ['slack', 'discord', 'teams'] as const) {
      expect(checkIntegrationConfig(name, { webhook_url: ' https://hooks.example.com/T/B/X ', channel: '#alerts' })).toEqual({
        ok: true,
        config: { webhook_url: 'https://hooks.example.com/T/B/X' },
      });
      expect(problems(checkIntegrationConfig(name, { webhook_url: 'javascript:alert(1)' }))).toEqual([
        'webhook_url: must be an http:// or https:// URL',
      ]);
      expect(problems(checkIntegrationConfig(name, {}))).toEqual([expect.stringMatching(/^webhook_url: /)]);
    }
  });

  it('takes a webhook {url, secret} with a secret of at least 16 characters', () => {
    expect(checkIntegrationConfig('webhook', { url: 'http://10.0.0.1/hook', secret: 's'.repeat(16) }).ok).toBe(true);
    expect(problems(checkIntegrationConfig('webhook', { url: 'http://x/hook', secret: 'short' }))).toEqual([
      'secret: must be at least 16 characters',
    ]);
  });

  it('defaults pagerduty api_url to the Events API and refuses a routing key with spaces', () => {
    expect(checkIntegrationConfig('pagerduty', { routing_key: 'R0UT1NG' })).toEqual({
      ok: true,
      config: { routing_key: 'R0UT1NG', api_url: PAGERDUTY_API_URL },
    });
    expect(problems(checkIntegrationConfig('pagerduty', { routing_key: 'a b' }))).toEqual([
      'routing_key: must not contain spaces',
    ]);
  });

  it('takes sms numbers in E.164 (no repeats), a phone or alphanumeric sender, and defaults api_url to Twilio', () => {
    const sms = { account_sid: 'AC0123', auth_token: 'token', from: '+15005550006', to: ['+14155550100', '+447700900123'] };
    expect(checkIntegrationConfig('sms', sms)).toEqual({ ok: true, config: { ...sms, api_url: TWILIO_API_URL } });
    expect(checkIntegrationConfig('sms', { ...sms, from: 'ErrTracker' }).ok).toBe(true);
    expect(problems(checkIntegrationConfig('sms', { ...sms, to: ['4155550100'] }))).toEqual([
      expect.stringMatching(/^to\.0: must be a phone number in E\.164/),
    ]);
    expect(problems(checkIntegrationConfig('sms', { ...sms, to: [] }))).toEqual(['to: needs at least one number']);
    expect(problems(checkIntegrationConfig('sms', { ...sms, to: ['+14155550100', '+14155550100'] }))).toEqual([
      'to: lists a number twice',
    ]);
    expect(problems(checkIntegrationConfig('sms', { ...sms, account_sid: 'AC/../x' }))).toEqual([
      expect.stringMatching(/^account_sid: /),
    ]);
    expect(problems(checkIntegrationConfig('sms', { ...sms, from: 'Far Too Long Name' }))).toEqual([
      expect.stringMatching(/^from: /),
    ]);
  });

  it('takes email {recipients} as a non-empty list of addresses', () => {
    expect(checkIntegrationConfig('email', { recipients: ['ops@example.com'] }).ok).toBe(true);
    expect(problems(checkIntegrationConfig('email', { recipients: ['not-an-address'] }))).toEqual([
      'recipients.0: must be an email address',
    ]);
    expect(problems(checkIntegrationConfig('email', { recipients: [] }))).toEqual(['recipients: needs at least one recipient']);
  });

  it('never echoes a value in a problem', () => {
    const secret = 'super-secret-token-value';
    const check = checkIntegrationConfig('sms', { account_sid: secret, auth_token: secret, from: secret, to: [secret] });
    expect(problems(check).join('\n')).not.toContain(secret);
  });
});
