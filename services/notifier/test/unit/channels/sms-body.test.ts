import { SMS_BODY_MAX, smsBody, smsRequest } from '../../../src/channels/sms-channel';
import { FIRING, HOSTILE } from '../../support/alert-messages';

const CONFIG = {
  account_sid: 'AC0123',
  auth_token: 'tok',
  from: '+15005550006',
  to: ['+14155550100'],
  api_url: 'http://127.0.0.1:1/twilio',
};

describe('SMS', () => {
  it('says what fired, the count, window and project, and links the group', () => {
    expect(smsBody(FIRING)).toBe(
      `[Error Tracker] Alert firing: High error rate — 73 errors in 5m (threshold > 50) in shop (production)\n${FIRING.groupUrl}`,
    );
  });

  it('stays within 1600 characters and keeps the link whole', () => {
    const body = smsBody(HOSTILE);
    expect(body.length).toBeLessThanOrEqual(SMS_BODY_MAX);
    expect(body.endsWith(`…\n${HOSTILE.groupUrl}`)).toBe(true);
  });

  it('posts form-encoded To, From and Body with basic auth to the Messages resource under the API URL', () => {
    const request = smsRequest(CONFIG, '+14155550100', 'hi & bye');
    expect(request.url).toBe('http://127.0.0.1:1/twilio/2010-04-01/Accounts/AC0123/Messages.json');
    expect(request.headers).toMatchObject({
      Authorization: `Basic ${Buffer.from('AC0123:tok').toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      To: '+14155550100',
      From: '+15005550006',
      Body: 'hi & bye',
    });
  });
});
