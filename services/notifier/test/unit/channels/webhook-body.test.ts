import { createHmac } from 'node:crypto';
import { webhookBody } from '../../../src/channels/webhook-channel';
import { signWebhook, verifyWebhookSignature } from '../../../src/channels/webhook-signature';
import { FIRING, NEW_ERROR, RESOLVED } from '../../support/alert-messages';

const SECRET = 'whsec-0123456789abcdef';

describe('webhook body', () => {
  it('has every field, null when unknown, and a delivery id that is the same on every retry and differs between firing and resolve', () => {
    const body = webhookBody(NEW_ERROR);
    expect(body).toEqual({
      version: 1,
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      kind: 'new_error',
      title: NEW_ERROR.title,
      summary: 'New error: TypeError: cannot read properties of undefined — 1 error in shop (staging)',
      rule_name: null,
      count: 1,
      window: null,
      threshold: null,
      project: 'shop',
      environment: 'staging',
      severity: null,
      group_url: NEW_ERROR.groupUrl,
      rule_url: null,
      dedup_key: 'group:43:new',
      at: '2026-11-20T10:00:00.000Z',
    });
    expect(webhookBody(FIRING).id).toBe(webhookBody({ ...FIRING }).id);
    expect(webhookBody(FIRING).id).not.toBe(webhookBody(RESOLVED).id);
    expect(webhookBody(FIRING)).toMatchObject({
      count: 73,
      window: '5m',
      threshold: 50,
      rule_url: FIRING.ruleUrl,
      severity: 'high',
    });
  });
});

describe('webhook signature', () => {
  const raw = JSON.stringify(webhookBody(FIRING));

  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<raw body>"', () => {
    const expected = createHmac('sha256', SECRET).update(`1700000000.${raw}`).digest('hex');
    expect(signWebhook(SECRET, 1700000000, raw)).toBe(`sha256=${expected}`);
  });

  it('verifies within the tolerance and refuses a changed body, another secret, an old or future timestamp, or a missing header', () => {
    const now = 1700000000;
    const signature = signWebhook(SECRET, now, raw);
    expect(verifyWebhookSignature(SECRET, String(now), raw, signature, { nowSeconds: now + 299 })).toBe(true);
    expect(verifyWebhookSignature(SECRET, String(now), `${raw} `, signature, { nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature('another-secret-0123', String(now), raw, signature, { nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(now), raw, signature, { nowSeconds: now + 301 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(now), raw, signature, { nowSeconds: now - 301 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, undefined, raw, signature, { nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(now), raw, undefined, { nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature(SECRET, `${now}.5`, raw, signature, { nowSeconds: now })).toBe(false);
  });
});
