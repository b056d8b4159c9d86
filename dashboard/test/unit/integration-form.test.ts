import { configOf, describeTest, formValues } from '../../src/lib/integration-form';

describe('the integrations form', () => {
  it('shows a stored config in its fields, lists comma-separated, secrets as the API masked them', () => {
    expect(formValues('email', { recipients: ['a@example.com', 'b@example.com'] })).toEqual({
      recipients: 'a@example.com, b@example.com',
    });
    expect(formValues('slack', { webhook_url: 'https://hooks.slack.com/****' })).toEqual({
      webhook_url: 'https://hooks.slack.com/****',
    });
    expect(formValues('webhook', null)).toEqual({ url: '', secret: '' });
  });

  it('sends trimmed text and lists split on commas, blanks dropped', () => {
    expect(
      configOf('sms', { account_sid: ' AC1 ', auth_token: 'tok', from: 'Alerts', to: '+14155550123, ,+14155550124,' }),
    ).toEqual({
      account_sid: 'AC1',
      auth_token: 'tok',
      from: 'Alerts',
      to: ['+14155550123', '+14155550124'],
    });
    expect(configOf('email', { recipients: '' })).toEqual({ recipients: [] });
  });

  it('tells what a test send came to', () => {
    expect(describeTest({ state: 'sent' })).toBe('The test message was delivered.');
    expect(describeTest({ state: 'failed', error: 'HTTP 404' })).toBe('The test message failed: HTTP 404.');
    expect(describeTest({ state: 'pending', error: null })).toBe('The test message is queued: no notifier has delivered it yet.');
    expect(describeTest({ state: 'pending', error: 'timeout' })).toBe('The test message is being retried: timeout.');
  });
});
