import { createHash } from 'node:crypto';
import { PAGERDUTY_LIMITS, pagerDutyEvent, pagerDutySeverity } from '../../../src/channels/pagerduty-channel';
import { FIRING, HOSTILE, NEW_ERROR, RESOLVED } from '../../support/alert-messages';

describe('PagerDuty event', () => {
  it('triggers a firing alert with summary, source, severity, timestamp, details and links', () => {
    expect(pagerDutyEvent(FIRING, 'R0UT1NGKEY')).toEqual({
      routing_key: 'R0UT1NGKEY',
      event_action: 'trigger',
      dedup_key: FIRING.dedupKey,
      payload: {
        summary: 'Alert firing: High error rate — 73 errors in 5m (threshold > 50) in shop (production)',
        source: 'shop',
        severity: 'error',
        timestamp: '2026-11-20T09:30:00.000Z',
        component: 'production',
        group: 'shop',
        class: 'firing',
        custom_details: {
          Status: 'FIRING',
          Rule: 'High error rate',
          Count: '73',
          Window: '5m',
          Threshold: '> 50',
          Project: 'shop',
          Environment: 'production',
          Severity: 'high',
          At: '2026-11-20 09:30:00 UTC',
        },
      },
      client: 'Error Tracker',
      client_url: FIRING.ruleUrl,
      links: [
        { href: FIRING.groupUrl, text: 'Open error group' },
        { href: FIRING.ruleUrl, text: 'Open alert rule' },
      ],
    });
  });

  it('resolves with the same routing and dedup key, and nothing else', () => {
    expect(pagerDutyEvent(RESOLVED, 'R0UT1NGKEY')).toEqual({
      routing_key: 'R0UT1NGKEY',
      event_action: 'resolve',
      dedup_key: FIRING.dedupKey,
    });
  });

  it('maps severities (critical, high → error, medium → warning, low → info) and defaults to error, info for a test', () => {
    expect(pagerDutySeverity({ ...FIRING, severity: 'critical' })).toBe('critical');
    expect(pagerDutySeverity({ ...FIRING, severity: 'high' })).toBe('error');
    expect(pagerDutySeverity({ ...FIRING, severity: 'medium' })).toBe('warning');
    expect(pagerDutySeverity({ ...FIRING, severity: 'low' })).toBe('info');
    expect(pagerDutySeverity(NEW_ERROR)).toBe('error');
    expect(pagerDutySeverity({ ...NEW_ERROR, kind: 'test' })).toBe('info');
  });

  it('cuts the summary to 1024 and replaces a dedup key over 255 by its SHA-256, the same for trigger and resolve', () => {
    const trigger = pagerDutyEvent(HOSTILE, 'k');
    const resolve = pagerDutyEvent({ ...HOSTILE, kind: 'resolved' }, 'k');
    expect(trigger.event_action === 'trigger' && trigger.payload.summary.length).toBe(PAGERDUTY_LIMITS.summary);
    expect(trigger.dedup_key).toBe(createHash('sha256').update(HOSTILE.dedupKey).digest('hex'));
    expect(resolve.dedup_key).toBe(trigger.dedup_key);
  });
});
