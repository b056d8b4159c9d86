import { ChannelError, createChannel } from '../../../src/channels';
import { FIRING } from '../../support/alert-messages';

describe('createChannel', () => {
  it('builds each channel from a valid config', () => {
    const deps = { allowPrivate: false };
    expect(createChannel('slack', { webhook_url: 'https://hooks.slack.com/services/T/B/X' }, deps).name).toBe('slack');
    expect(createChannel('discord', { webhook_url: 'https://discord.com/api/webhooks/1/t' }, deps).name).toBe('discord');
    expect(createChannel('teams', { webhook_url: 'https://example.logic.azure.com/workflows/1' }, deps).name).toBe('teams');
    expect(createChannel('pagerduty', { routing_key: 'R0UT1NG' }, deps).name).toBe('pagerduty');
    expect(createChannel('webhook', { url: 'https://example.com/hook', secret: 'x'.repeat(16) }, deps).name).toBe('webhook');
    expect(
      createChannel('sms', { account_sid: 'AC1', auth_token: 't', from: '+15005550006', to: ['+14155550100'] }, deps).name,
    ).toBe('sms');
    expect(createChannel('email', { recipients: ['ops@example.com'] }, deps).name).toBe('email');
  });

  it('refuses an invalid stored config with a permanent error that names the field, not the value', () => {
    const attempt = () => createChannel('webhook', { url: 'ftp://example.com', secret: 'short-secret' }, { allowPrivate: false });
    expect(attempt).toThrow(ChannelError);
    expect(attempt).toThrow(
      /webhook: invalid config: url: must be an http:\/\/ or https:\/\/ URL; secret: must be at least 16 characters/,
    );
    expect(attempt).not.toThrow(/short-secret/);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ permanent: true, channel: 'webhook' });
    }
  });

  it('fails email permanently when no mail transport is configured', async () => {
    const channel = createChannel('email', { recipients: ['ops@example.com'] }, { allowPrivate: false });
    await expect(channel.send(FIRING)).rejects.toMatchObject({
      permanent: true,
      message: expect.stringContaining('no mail transport'),
    });
  });
});
