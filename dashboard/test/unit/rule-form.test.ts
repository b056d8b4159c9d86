import type { AlertRule, TrendPoint } from '../../src/api/types';
import { formToRuleBody, NEW_RULE, ruleToForm } from '../../src/lib/rule-form';
import { describeTrend, toColumns } from '../../src/lib/trend-series';

const RULE: AlertRule = {
  id: 3,
  name: 'Checkout errors',
  kind: 'threshold',
  condition: 'error_count > 50 in 5m',
  threshold: 50,
  time_window: '5m',
  filters: { project: 'shop', environment: null, level: 'error' },
  notifications: ['slack', 'email'],
  recipients: ['ops@example.com', 'dev@example.com'],
  incident_severity: 'high',
  enabled: true,
  state: 'ok',
  last_count: null,
  last_evaluated: null,
  last_triggered: null,
  last_error: null,
};

describe('the alert rule form', () => {
  it('sends back what a rule holds, channels in their fixed order', () => {
    expect(formToRuleBody(ruleToForm(RULE))).toEqual({
      name: 'Checkout errors',
      kind: 'threshold',
      threshold: 50,
      time_window: '5m',
      filters: { project: 'shop', level: 'error' },
      notifications: ['email', 'slack'],
      recipients: ['ops@example.com', 'dev@example.com'],
      incident_severity: 'high',
      enabled: true,
    });
  });

  it('leaves out blanks, so the API applies its defaults; a new-error rule has no threshold or window', () => {
    const body = formToRuleBody({ ...NEW_RULE, name: '  New issues ', kind: 'new_error', recipients: ' , ', notifications: [] });
    expect(body).toEqual({
      name: 'New issues',
      kind: 'new_error',
      filters: {},
      notifications: [],
      recipients: [],
      enabled: true,
    });
  });
});

describe('the trend chart data', () => {
  const points: TrendPoint[] = [
    { timestamp: '2026-11-14T00:00:00.000Z', error_count: 4, resolved_count: 1, critical_count: 0 },
    { timestamp: '2026-11-15T00:00:00.000Z', error_count: 9, resolved_count: 0, critical_count: 2 },
  ];

  it('gives uPlot seconds and one column per series', () => {
    expect(toColumns(points)).toEqual([
      [Date.UTC(2026, 10, 14) / 1000, Date.UTC(2026, 10, 15) / 1000],
      [4, 9],
      [1, 0],
      [0, 2],
    ]);
  });

  it('says what the chart shows in words', () => {
    expect(describeTrend(points, 'day')).toBe(
      '13 events and 1 resolved issues over 2 days; busiest day starting 2026-11-15 00:00 UTC with 9.',
    );
    expect(describeTrend([], 'hour')).toBe('No data in this period.');
  });
});
